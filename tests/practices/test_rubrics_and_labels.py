"""Rubrics run by the appraising body (create, version, retire; the rubric valid for the practice's body and year),
and the national titles and programmes practices are tagged with and filtered by — pages, API, scope, audit."""

from decimal import Decimal

from rest_framework.test import APIClient

from audit.models import AuditEvent
from lib.errors import ServiceError
from orgs.models import Role
from practices import rubrics, services
from practices.models import CriteriaSet, Field, Kind, Label, Practice
from tests.base import BaseTestCase
from tests.factories import make_user
from tests.practices.test_lifecycle import COMPLETE


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class RubricTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.far_officer = make_user("canboquangngai", cls.p.far_org, Role.OFFICER)
        cls.rubric = rubrics.rubric_create(
            by=cls.p.province_officer, owner=cls.p.province_org, name="Tiêu chí Dân vận khéo Lâm Đồng",
            pass_mark=Decimal(50), criteria=[("Hiệu quả", Decimal(60)), ("Đồng thuận", Decimal(40))],
            purpose="practice", year_from=2025,
        )  # fmt: skip

    def registered(self, year: int, org=None, unit=None, by=None) -> Practice:
        practice = services.practice_register(
            by=by or self.p.commune_officer, organization=org or self.p.commune_org, unit=unit or self.p.commune,
            name=f"Mô hình năm {year}", kind=Kind.MODEL, field=Field.ECONOMY, **COMPLETE,
        )  # fmt: skip
        Practice.objects.filter(pk=practice.pk).update(year=year)
        practice.refresh_from_db()
        services.practice_submit(practice=practice, by=by or self.p.commune_officer)
        return practice

    def start(self, practice, rubric):
        return services.practice_start_appraisal(
            practice=practice, by=self.p.province_officer, criteria_set=rubric, members=[self.p.appraiser]
        )

    def test_a_revision_applies_from_its_year_and_each_practice_is_appraised_against_the_one_of_its_year(self):
        v2 = rubrics.rubric_revise(
            rubric=self.rubric, by=self.p.province_officer, year_from=2027,
            criteria=[("Hiệu quả", Decimal(50)), ("Đồng thuận", Decimal(30)), ("Nhân rộng", Decimal(20))],
        )  # fmt: skip
        self.rubric.refresh_from_db()
        self.assertEqual((self.rubric.year_to, v2.version, v2.previous, v2.year_from), (2026, 2, self.rubric, 2027))
        old, new = self.registered(2026), self.registered(2027)
        self.assertEqual(list(rubrics.rubrics_for_practice(old)), [self.rubric])
        self.assertEqual(list(rubrics.rubrics_for_practice(new)), [v2])
        with self.assertRaisesMessage(ServiceError, "còn hiệu lực cho năm 2027"):
            self.start(new, self.rubric)
        self.assertEqual(self.start(new, v2).criteria_set, v2)
        self.assertEqual(self.start(old, self.rubric).criteria_set.criteria.count(), 2)  # the old criteria stay
        with self.assertRaisesMessage(ServiceError, "đã có phiên bản mới"):
            rubrics.rubric_revise(rubric=self.rubric, by=self.p.province_officer, year_from=2028,
                                  criteria=[("X", Decimal(1))])  # fmt: skip

    def test_a_rubric_of_another_body_or_a_retired_one_is_refused(self):
        far = rubrics.rubric_create(
            by=self.far_officer, owner=self.p.far_org, name="Tiêu chí Quảng Ngãi", pass_mark=Decimal(5),
            criteria=[("Hiệu quả", Decimal(10))],
        )  # fmt: skip
        practice = self.registered(2026)
        # Another province's body is refused as the council (403) before its rubric is even considered.
        with self.assertRaisesMessage(ServiceError, "không phải cấp trên của địa bàn mô hình"):
            self.start(practice, far)
        rubrics.rubric_retire(rubric=self.rubric, by=self.p.province_officer)
        with self.assertRaisesMessage(ServiceError, "không áp dụng cho mô hình này"):
            self.start(practice, self.rubric)
        self.assertEqual(Practice.objects.get(pk=practice.pk).status, "registered")

    def test_pages_create_revise_and_retire_with_audit_rows(self):
        self.login(self.p.province_officer)
        r = self.client.post(
            "/dan-van-kheo/bo-tieu-chi/",
            {"owner": self.p.province_org.pk, "name": "Tiêu chí hội thi", "purpose": "contest", "kind": "",
             "pass_mark": "5", "criteria": "Nội dung | 6\nHình thức | 4"},
        )  # fmt: skip
        rubric = CriteriaSet.objects.get(name="Tiêu chí hội thi")
        self.assertRedirects(r, f"/dan-van-kheo/bo-tieu-chi/{rubric.pk}/")
        self.assertEqual([str(c.max_score) for c in rubric.criteria.all()], ["6.00", "4.00"])
        r = self.client.post(f"/dan-van-kheo/bo-tieu-chi/{rubric.pk}/", {"name": "Tiêu chí hội thi", "pass_mark": "5",
                             "year_from": "2027", "criteria": "Nội dung | 10"})  # fmt: skip
        v2 = CriteriaSet.objects.get(previous=rubric)
        self.assertRedirects(r, f"/dan-van-kheo/bo-tieu-chi/{v2.pk}/")
        self.client.post(f"/dan-van-kheo/bo-tieu-chi/{v2.pk}/ngung/")
        self.assertFalse(CriteriaSet.objects.get(pk=v2.pk).is_active)
        trail = AuditEvent.objects.filter(actor=self.p.province_officer, content_type__model="criteriaset")
        # The set-up's rubric, then: created, revised (the new version, the old one closed), retired.
        self.assertEqual(
            sorted(trail.values_list("action", flat=True)), ["create", "create", "create", "update", "update"]
        )
        r = self.client.post("/dan-van-kheo/bo-tieu-chi/", {"owner": self.p.province_org.pk, "name": "Sai",
                             "pass_mark": "5", "criteria": "không có điểm"})  # fmt: skip
        self.assertContains(r, "Dòng 1: cần “nội dung | điểm tối đa”.", status_code=400)

    def test_another_province_gets_404_on_the_rubric_pages_and_api_and_changes_nothing(self):
        self.login(self.far_officer)
        before = AuditEvent.objects.count()
        for url in (f"/dan-van-kheo/bo-tieu-chi/{self.rubric.pk}/", f"/api/v1/practices/rubrics/{self.rubric.pk}/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(f"/dan-van-kheo/bo-tieu-chi/{self.rubric.pk}/ngung/").status_code, 404)
        client = api(self.far_officer)
        for action in ("revise", "retire"):
            r = client.post(f"/api/v1/practices/rubrics/{self.rubric.pk}/{action}/", {}, format="json")
            self.assertEqual(r.status_code, 404, action)
        self.assertEqual(client.get("/api/v1/practices/rubrics/").json()["count"], 0)
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertTrue(CriteriaSet.objects.get(pk=self.rubric.pk).is_active)
        # A commune of Lâm Đồng reads its province's rubric but cannot change it.
        r = api(self.p.commune_officer).post(f"/api/v1/practices/rubrics/{self.rubric.pk}/retire/", {}, format="json")
        self.assertEqual(r.status_code, 403)

    def test_the_api_creates_and_revises(self):
        client = api(self.p.province_officer)
        body = {"owner": self.p.province_org.pk, "name": "Đánh giá dân vận chính quyền", "purpose": "assessment",
                "pass_mark": "50", "criteria": [{"description": "Tiếp dân", "max_score": "100"}]}  # fmt: skip
        r = client.post("/api/v1/practices/rubrics/", body, format="json")
        self.assertEqual(r.status_code, 201, r.content)
        r = client.post(f"/api/v1/practices/rubrics/{r.json()['id']}/revise/", {"year_from": 2027, "criteria": [
            {"description": "Tiếp dân", "max_score": "60"}, {"description": "Đối thoại", "max_score": "40"}]},
            format="json")  # fmt: skip
        self.assertEqual((r.status_code, r.json()["version"], len(r.json()["criteria"])), (200, 2, 2))
        body["owner"] = self.p.far_org.pk
        self.assertEqual(client.post("/api/v1/practices/rubrics/", body, format="json").status_code, 403)
        body["owner"], body["pass_mark"] = self.p.province_org.pk, "500"
        r = client.post("/api/v1/practices/rubrics/", body, format="json")
        self.assertIn("Điểm đạt phải từ 0 đến tổng điểm tối đa", r.json()["message"])


class LabelTest(BaseTestCase):
    def practice(self, name, org=None, unit=None, by=None):
        return services.practice_register(
            by=by or self.p.commune_officer, organization=org or self.p.commune_org, unit=unit or self.p.commune,
            name=name, kind=Kind.MODEL, field=Field.DEFENCE, **COMPLETE,
        )  # fmt: skip

    def test_the_titles_and_programmes_of_the_articles_are_there_on_a_fresh_install(self):
        self.assertEqual(
            set(Label.objects.values_list("name", flat=True)),
            {"Đơn vị dân vận tốt", "Chính quyền thân thiện vì Nhân dân phục vụ", "An toàn về an ninh, trật tự",
             "Xây dựng nông thôn mới", "Giảm nghèo bền vững",
             "Phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi"},
        )  # fmt: skip

    def test_officers_tag_practices_and_filter_by_title_or_programme(self):
        tagged, other = self.practice("Camera an ninh khu phố"), self.practice("Đường hoa nông thôn")
        self.login(self.p.commune_officer)
        safe = Label.objects.get(code="an-toan-an-ninh-trat-tu")
        rural = Label.objects.get(code="nong-thon-moi")
        self.client.post(f"/dan-van-kheo/{tagged.pk}/danh-hieu/", {"labels": [safe.pk, rural.pk]})
        r = api(self.p.commune_officer).post(f"/api/v1/practices/{other.pk}/labels/", {"labels": ["nong-thon-moi"]},
                                             format="json")  # fmt: skip
        self.assertEqual(r.json(), {"labels": ["nong-thon-moi"]})
        names = [p["name"] for p in api(self.p.commune_officer).get("/api/v1/practices/?label=nong-thon-moi").json()[
            "results"]]  # fmt: skip
        self.assertEqual(sorted(names), ["Camera an ninh khu phố", "Đường hoa nông thôn"])
        r = self.client.get("/dan-van-kheo/?label=an-toan-an-ninh-trat-tu")
        self.assertContains(r, "Camera an ninh khu phố")
        self.assertNotContains(r, "Đường hoa nông thôn")
        self.assertContains(self.client.get(f"/dan-van-kheo/{tagged.pk}/"), "An toàn về an ninh, trật tự")
        trail = AuditEvent.objects.filter(actor=self.p.commune_officer, changes__has_key="label_codes")
        self.assertEqual(trail.count(), 2)
        # Another province cannot tag it (404), nothing changes.
        far = make_user("canboquangngai", self.p.far_org, Role.OFFICER)
        r = api(far).post(f"/api/v1/practices/{tagged.pk}/labels/", {"labels": []}, format="json")
        self.assertEqual(r.status_code, 404)
        self.assertEqual(tagged.labels.count(), 2)

    def test_only_the_central_level_adds_or_retires_titles_and_programmes(self):
        r = api(self.p.province_officer).post(
            "/api/v1/practices/labels/", {"kind": "title", "code": "don-vi-x", "name": "X"}, format="json"
        )
        self.assertEqual(r.status_code, 403)
        # A number where the schema says text is refused, not turned into "0" (found by the API fuzzer).
        r = api(self.p.central).post(
            "/api/v1/practices/labels/", {"kind": "title", "code": 0, "name": 0}, format="json"
        )
        self.assertEqual(r.status_code, 400)
        self.assertIn("Phải là một chuỗi ký tự.", str(r.json()))
        self.assertFalse(Label.objects.filter(code="0").exists())
        r = api(self.p.central).post("/api/v1/practices/labels/", {"kind": "programme", "code": "chuyen-doi-so",
                                     "name": "Chuyển đổi số quốc gia"}, format="json")  # fmt: skip
        self.assertEqual(r.status_code, 201)
        label = Label.objects.get(code="chuyen-doi-so")
        self.login(self.p.central)
        self.client.post("/dan-van-kheo/danh-hieu-chuong-trinh/", {"action": "retire", "label": label.pk})
        self.assertFalse(Label.objects.get(pk=label.pk).is_active)
        self.assertEqual(
            sorted(AuditEvent.objects.filter(object_id=str(label.pk), content_type__model="label")
                   .values_list("action", flat=True)), ["create", "update"],
        )  # fmt: skip
        with self.assertRaisesMessage(ServiceError, "Đã ngừng sử dụng"):
            rubrics.practice_set_labels(practice=self.practice("Mô hình"), by=self.p.commune_officer, labels=[label])
