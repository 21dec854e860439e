"""The public showcase: recognised practices for anyone, and nothing personal beyond what is marked public."""

import datetime as dt
import tempfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from geo.models import REFORM_2025, UnitLink
from orgs.models import Role, User
from practices import services
from practices.models import CriteriaSet, Criterion, Field, Kind
from tests.base import BaseTestCase
from tests.factories import make_user
from tests.practices.test_lifecycle import COMPLETE

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-media-"))
class ShowcaseTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.rubric = CriteriaSet.objects.create(name="Bộ tiêu chí", owner=p.province_org, pass_mark=Decimal("5"))
        cls.crit = Criterion.objects.create(criteria_set=cls.rubric, description="Hiệu quả", max_score=Decimal("10"))
        # Quảng Ngãi's practices are appraised by Quảng Ngãi's own Ban, not Lâm Đồng's.
        far_ban = p.far_ban
        cls.far_rubric = CriteriaSet.objects.create(
            name="Bộ tiêu chí Quảng Ngãi", owner=far_ban, pass_mark=Decimal("5")
        )
        cls.far_crit = Criterion.objects.create(
            criteria_set=cls.far_rubric, description="Hiệu quả", max_score=Decimal("10")
        )
        cls.far_appraiser = make_user("thamdinh-quangngai", far_ban, Role.APPRAISER)
        cls.hero = cls.make(
            "Người gác đường hoa",
            kind=Kind.EXEMPLAR,
            person_name="Nguyễn Thị Riêng Tư",
            photos=[("anh.png", True), ("ban-do.png", False)],
            recognise=True,
        )
        services.practice_commend(
            practice=cls.hero,
            by=p.province_officer,
            form="giay_khen",
            authority="Chủ tịch UBND tỉnh",
            decision_number="12/QĐ-UBND",
            recipient_kind=Kind.EXEMPLAR,
            decision_date=dt.date(2026, 5, 1),
            recipient_name="Nguyễn Thị Riêng Tư",
        )
        cls.public_person = cls.make(
            "Già làng giữ rừng", kind=Kind.EXEMPLAR, person_name="Già A Công Khai", person_public=True, recognise=True
        )
        cls.registered = cls.make("Mô hình mới đăng ký chưa thẩm định")
        far_officer = make_user("canbo-camthanh", p.far_org, Role.OFFICER)
        cls.far = cls.make("Bếp ăn tình thương", unit=p.far_commune, org=p.far_org, by=far_officer, recognise=True)
        # Adoptions: one submitted in another commune, one still a private draft.
        cls.adopted = services.practice_adopt(
            source=cls.hero, by=p.other_commune_officer, organization=p.other_commune_org, unit=p.other_commune
        )
        services.practice_update(
            practice=cls.adopted,
            by=p.other_commune_officer,
            start_date=dt.date(2026, 6, 1),
            person_name="Trần Văn Người Nhân Rộng",
        )
        services.practice_submit(practice=cls.adopted, by=p.other_commune_officer)
        cls.draft_adoption = services.practice_adopt(
            source=cls.hero,
            by=p.central,
            organization=p.far_org,
            unit=p.far_commune,
            name="Bản nháp riêng của xã khác",
        )

    @classmethod
    def make(cls, name, *, unit=None, org=None, by=None, kind=Kind.MODEL, photos=(), recognise=False, **extra):
        p = cls.p
        by = by or p.commune_officer
        practice = services.practice_register(
            by=by,
            organization=org or p.commune_org,
            unit=unit or p.commune,
            name=name,
            kind=kind,
            field=Field.SOCIETY,
            **COMPLETE,
            **extra,
        )
        for filename, public in photos:
            services.evidence_add(
                practice=practice,
                by=by,
                upload=SimpleUploadedFile(filename, PDF if filename.endswith(".pdf") else PNG),
                caption=filename,
                is_public=public,
            )
        services.practice_submit(practice=practice, by=by)
        if recognise:
            far = practice.organization_id == p.far_org.pk
            rubric, crit = (cls.far_rubric, cls.far_crit) if far else (cls.rubric, cls.crit)
            appraiser = cls.far_appraiser if far else p.appraiser
            appraisal = services.practice_start_appraisal(
                practice=practice, by=p.central, criteria_set=rubric, members=[appraiser]
            )
            services.appraisal_score(appraisal=appraisal, by=appraiser, scores={crit.pk: (Decimal("8"), "")})
            services.practice_recognise(practice=practice, by=p.central, level="province")
        return practice

    def test_anyone_sees_recognised_practices_and_nothing_else(self):
        r = self.client.get("/mo-hinh-tieu-bieu/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Người gác đường hoa")
        self.assertContains(r, "Bếp ăn tình thương")
        self.assertContains(r, "3 mô hình")
        self.assertNotContains(r, "Mô hình mới đăng ký")
        self.assertNotContains(r, "Bản nháp riêng")
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{self.registered.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{self.draft_adoption.pk}/").status_code, 404)

    def test_search_and_filters(self):
        r = self.client.get("/mo-hinh-tieu-bieu/", {"q": "NGUOI gac duong"})
        self.assertContains(r, "1 mô hình")
        self.assertContains(r, "Người gác đường hoa")
        r = self.client.get("/mo-hinh-tieu-bieu/", {"province": "51"})
        self.assertContains(r, "Bếp ăn tình thương")
        self.assertNotContains(r, "Người gác đường hoa")
        r = self.client.get("/mo-hinh-tieu-bieu/", {"field": "economy"})
        self.assertContains(r, "0 mô hình")
        # A wrong province code is ignored, not an error.
        self.assertContains(self.client.get("/mo-hinh-tieu-bieu/", {"province": "<b>99"}), "3 mô hình")

    def test_a_province_filter_includes_the_old_provinces_it_absorbed(self):
        UnitLink.objects.create(predecessor=self.p.old_province, successor=self.p.province, effective_date=REFORM_2025)
        # A fresh user object: the scope read before the link existed is cached on the persona.
        old = self.make(
            "Mô hình của tỉnh cũ",
            unit=self.p.old_commune,
            by=User.objects.get(pk=self.p.province_officer.pk),
            recognise=True,
        )
        self.assertEqual(old.unit.province_id, self.p.old_province.pk)
        self.assertContains(self.client.get("/mo-hinh-tieu-bieu/", {"province": "68"}), "Mô hình của tỉnh cũ")

    def test_the_list_is_a_fixed_number_of_queries(self):
        self.client.get("/mo-hinh-tieu-bieu/")  # warm the content-type and session machinery
        # Provinces for the filter and the page; a page shorter than 24 rows is its own count.
        with self.assertNumQueries(2):
            self.client.get("/mo-hinh-tieu-bieu/")
        for i in range(3):
            self.make(f"Mô hình thêm {i}", recognise=True)
        with self.assertNumQueries(2):
            self.client.get("/mo-hinh-tieu-bieu/")

    def test_a_practice_page_tells_its_story_without_personal_data(self):
        r = self.client.get(f"/mo-hinh-tieu-bieu/{self.hero.pk}/")
        html = r.content.decode()
        self.assertIn("Người gác đường hoa", html)
        self.assertIn("Cán bộ đến từng nhà đối thoại", html)  # the story
        self.assertIn("45 hộ hiến đất", html)  # the results
        self.assertIn("Giấy khen — Chủ tịch UBND tỉnh, Quyết định số 12/QĐ-UBND ngày 01/05/2026", html)
        self.assertNotIn("Riêng Tư", html)  # neither in the header nor in the commendation
        self.assertNotIn(self.p.commune_officer.username, html)
        # Spread: the submitted adoption is listed by place; the other commune's draft is not.
        self.assertIn("Đã được nhân rộng tại 1 địa bàn thuộc 1 tỉnh, thành phố.", html)
        self.assertIn("Xã Lạc Dương", html)
        self.assertNotIn("Bản nháp riêng", html)
        self.assertNotIn("Người Nhân Rộng", html)
        r = self.client.get(f"/mo-hinh-tieu-bieu/{self.public_person.pk}/")
        self.assertContains(r, "Già A Công Khai")

    def test_only_photos_marked_public_are_served(self):
        public, private = self.hero.evidence.order_by("id")
        html = self.client.get(f"/mo-hinh-tieu-bieu/{self.hero.pk}/").content.decode()
        self.assertIn(f"/mo-hinh-tieu-bieu/{self.hero.pk}/anh/{public.token}/", html)
        self.assertNotIn(private.token, html)
        r = self.client.get(f"/mo-hinh-tieu-bieu/{self.hero.pk}/anh/{public.token}/")
        self.assertEqual((r.status_code, r["Content-Type"]), (200, "image/png"))
        self.assertEqual(b"".join(r.streaming_content), PNG)
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{self.hero.pk}/anh/{private.token}/").status_code, 404)
        # A public photo cannot be fetched through another practice's address.
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{self.far.pk}/anh/{public.token}/").status_code, 404)

    def test_the_footer_links_to_the_source_when_configured(self):
        with override_settings(DANVAN_SOURCE_URL="https://git.example.vn/danvan"):
            self.assertContains(self.client.get("/mo-hinh-tieu-bieu/"), 'href="https://git.example.vn/danvan"')
        self.assertNotContains(self.client.get("/mo-hinh-tieu-bieu/"), "Mã nguồn</a>")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-media-"))
class ShowcaseFilesAndPhotosTest(BaseTestCase):
    """Issue 21: a file the owner marked public is shown; the list shows a photo; empty figures are not zeros."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ShowcaseTest.p = cls.p
        ShowcaseTest.rubric = CriteriaSet.objects.create(
            name="Bộ tiêu chí", owner=cls.p.province_org, pass_mark=Decimal("5")
        )
        ShowcaseTest.crit = Criterion.objects.create(
            criteria_set=ShowcaseTest.rubric, description="Hiệu quả", max_score=Decimal("10")
        )
        files = [("anh-cong-khai.png", True), ("anh-rieng.png", False)]
        files += [("bao-cao-cong-khai.pdf", True), ("ho-so-rieng.pdf", False)]
        cls.practice = ShowcaseTest.make("Tổ hòa giải ở cơ sở", photos=files, recognise=True)
        cls.no_photo = ShowcaseTest.make("Mô hình chưa có ảnh", recognise=True)

    def test_a_file_marked_public_is_shown_and_downloaded_and_a_private_one_is_not(self):
        public = self.practice.evidence.get(original_name="bao-cao-cong-khai.pdf")
        private = self.practice.evidence.get(original_name="ho-so-rieng.pdf")
        html = self.client.get(f"/mo-hinh-tieu-bieu/{self.practice.pk}/").content.decode()
        self.assertIn(f"/mo-hinh-tieu-bieu/{self.practice.pk}/tep/{public.token}/", html)
        self.assertIn("bao-cao-cong-khai.pdf", html)
        self.assertNotIn(private.token, html)
        self.assertNotIn("ho-so-rieng", html)
        r = self.client.get(f"/mo-hinh-tieu-bieu/{self.practice.pk}/tep/{public.token}/")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["Content-Disposition"].startswith("attachment"))
        self.assertEqual(b"".join(r.streaming_content), PDF)
        base = f"/mo-hinh-tieu-bieu/{self.practice.pk}"
        self.assertEqual(self.client.get(f"{base}/tep/{private.token}/").status_code, 404)
        # A photo is not served as a file, nor a file as a photo.
        photo = self.practice.evidence.get(original_name="anh-cong-khai.png")
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{self.practice.pk}/tep/{photo.token}/").status_code, 404)
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{self.practice.pk}/anh/{public.token}/").status_code, 404)

    def test_the_list_shows_the_first_public_photo_of_each_practice(self):
        photo = self.practice.evidence.get(original_name="anh-cong-khai.png")
        private = self.practice.evidence.get(original_name="anh-rieng.png")
        html = self.client.get("/mo-hinh-tieu-bieu/").content.decode()
        self.assertIn(f'class="showcase-thumb" src="/mo-hinh-tieu-bieu/{self.practice.pk}/anh/{photo.token}/"', html)
        self.assertNotIn(private.token, html)
        self.assertEqual(html.count('class="showcase-thumb"'), 1)  # the practice without a photo shows none

    def test_empty_figures_are_not_printed_as_zeros(self):
        html = self.client.get(f"/mo-hinh-tieu-bieu/{self.no_photo.pk}/").content.decode()
        self.assertNotRegex(html, r"\b0 (đồng|ngày công)|0,0 m²")
