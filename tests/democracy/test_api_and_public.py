"""The API (scope, OpenAPI, Vietnamese errors) and the public pages: a commune's disclosures with their files,
consultation results, the household vote."""

import datetime as dt

from rest_framework.test import APIClient

from democracy import consultations, disclosures
from democracy.models import Disclosure, Obligation, PassingRule
from democracy.obligations import obligations_generate
from tests.base import BaseTestCase
from tests.democracy.helpers import PDF, TZ, at, pdf, quarterly_disclosure

OCT_5 = dt.date(2026, 10, 5)


class DisclosureApiTest(BaseTestCase):
    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_an_officer_publishes_through_the_api_and_the_missing_estimate_is_in_the_province_roll_up(self):
        obligations_generate(year=2026, units=[self.p.commune, self.p.other_commune])
        client = self.api(self.p.commune_officer)
        with at(OCT_5):
            r = client.post("/api/v1/democracy/disclosures/", {
                "organization": self.p.commune_org.pk, "category": "thuc-hien-ngan-sach-quy",
                "title": "Thực hiện dự toán ngân sách quý III/2026", "period_start": "2026-07-01",
                "channels": [{"channel": "notice_board", "posted_on": "2026-10-05"},
                             {"channel": "loudspeaker", "posted_on": "2026-10-05", "broadcast_days": 3}],
            }, format="json")  # fmt: skip
            self.assertEqual(r.status_code, 201, r.content)
            pk = r.json()["id"]
            self.assertEqual(len(r.json()["channels"]), 2)
            r = client.post(f"/api/v1/democracy/disclosures/{pk}/files/", {"file": pdf()}, format="multipart")
            self.assertEqual(r.status_code, 201, r.content)
            r = client.post(f"/api/v1/democracy/disclosures/{pk}/publish/", {}, format="json")
            self.assertEqual((r.status_code, r.json()["status"]), (200, "published"))
            r = client.post(f"/api/v1/democracy/disclosures/{pk}/publish/", {}, format="json")
            self.assertEqual(r.status_code, 409)
            self.assertIn("Không thể công khai", r.json()["message"])
        r = self.api(self.p.province_officer).get("/api/v1/democracy/compliance/?unit=68&year=2026")
        self.assertEqual(r.status_code, 200)
        rows = {row["unit"]: row["figures"] for row in r.json()["rows"]}
        self.assertGreaterEqual(rows["24820"]["missing"], 2)  # the annual estimate (due 31/01) among them
        missing = self.api(self.p.commune_officer).get("/api/v1/democracy/obligations/?state=missing&year=2026").json()
        self.assertIn("du-toan-ngan-sach", [o["category"] for o in missing["results"]])
        self.assertEqual(missing["count"], rows["24820"]["missing"])
        # Public read, no account: the disclosure and its file.
        public = APIClient().get("/api/v1/democracy/public/communes/24820/disclosures/").json()
        self.assertEqual([d["id"] for d in public], [pk])
        self.assertEqual(public[0]["files"][0]["kind"], "pdf")

    def test_outside_the_scope_is_a_404_and_writing_for_another_body_is_refused(self):
        with at(OCT_5):
            d = quarterly_disclosure(self.p, posted=OCT_5, publish=False)
        r = self.api(self.p.other_commune_officer).get(f"/api/v1/democracy/disclosures/{d.pk}/")
        self.assertEqual(r.status_code, 404)
        r = self.api(self.p.other_commune_officer).post(f"/api/v1/democracy/disclosures/{d.pk}/publish/", {})
        self.assertEqual(r.status_code, 404)
        r = self.api(self.p.viewer).post(f"/api/v1/democracy/disclosures/{d.pk}/publish/", {})
        self.assertEqual(r.status_code, 403)
        body = {"organization": self.p.commune_org.pk, "category": "du-toan-ngan-sach", "title": "x"}
        r = self.api(self.p.other_commune_officer).post("/api/v1/democracy/disclosures/", body, format="json")
        self.assertEqual(r.status_code, 404)
        r = self.api(self.p.commune_officer).get("/api/v1/democracy/compliance/?unit=51")
        self.assertEqual(r.status_code, 404)
        r = self.api(self.p.commune_officer).get("/api/v1/democracy/compliance/")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Disclosure.objects.get().status, "draft")

    def test_the_national_roll_up_lists_the_provinces_in_a_fixed_number_of_queries(self):
        obligations_generate(year=2026)
        client = self.api(self.p.central)
        client.get("/api/v1/democracy/compliance/?year=2026")
        # The user's scope is read once per user object (force_authenticate keeps it): then the roll-up's 8 queries,
        # whatever the number of communes.
        with self.assertNumQueries(8):
            r = client.get("/api/v1/democracy/compliance/?year=2026&quarter=1")
        self.assertEqual({row["unit"] for row in r.json()["rows"]}, {"68", "51"})
        self.assertEqual(Obligation.objects.count() > 0, True)

    def test_the_schema_declares_every_endpoint(self):
        schema = APIClient().get("/api/schema/?format=json").json()
        paths = [p for p in schema["paths"] if p.startswith("/api/v1/democracy/")]
        self.assertGreaterEqual(len(paths), 38)


class PublicPagesTest(BaseTestCase):
    def test_the_commune_page_lists_published_disclosures_with_their_files_without_an_account(self):
        with at(OCT_5):
            d = quarterly_disclosure(self.p, posted=OCT_5)
            row = disclosures.disclosure_file_add(disclosure=d, by=self.p.commune_officer, upload=pdf())
            quarterly_disclosure(self.p, posted=OCT_5, publish=False)  # a draft: not public
        # unit, disclosures, channels, files, published consultations (none: no prefetch), open consultations, rules
        with self.assertNumQueries(7):
            r = self.client.get("/dan-chu-co-so/xa/24820/")
        self.assertContains(r, d.title, count=1)
        self.assertContains(r, f"/dan-chu-co-so/tep/{row.token}/")
        self.assertContains(r, "Hệ thống truyền thanh của xã")
        download = self.client.get(f"/dan-chu-co-so/tep/{row.token}/")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertIn("attachment", download["Content-Disposition"])
        self.assertEqual(self.client.get("/dan-chu-co-so/xa/99999/").status_code, 404)

    def test_the_household_vote_page_refuses_a_second_vote_and_a_late_one_in_vietnamese(self):
        start = dt.datetime(2026, 11, 2, 7, 0, tzinfo=TZ)
        with at(start):
            c = consultations.consultation_create(
                by=self.p.commune_officer, organization=self.p.commune_org, subject="Làm đường tổ 5",
                kind="decide", form="online", scope="village", village="Tổ 5", opens_at=start,
                closes_at=start + dt.timedelta(days=2), options=[("Đồng ý", True), ("Không đồng ý", False)],
                rule=PassingRule.objects.get(code="hai-phan-ba-tong-so-ho"),
            )  # fmt: skip
            (_, code), _ = consultations.consultation_issue_codes(
                consultation=c, by=self.p.commune_officer, households=["Hộ ông A", "Hộ bà B"]
            )
            consultations.consultation_open(consultation=c, by=self.p.commune_officer)
            yes = c.options.first()
            r = self.client.post(f"/dan-chu-co-so/bieu-quyet/{c.pk}/", {"code": code, "option": yes.pk})
            self.assertRedirects(r, f"/dan-chu-co-so/bieu-quyet/{c.pk}/da-ghi-nhan/")
            r = self.client.post(f"/dan-chu-co-so/bieu-quyet/{c.pk}/", {"code": code, "option": yes.pk})
            self.assertContains(r, "Mã biểu quyết này đã được sử dụng. Mỗi hộ gia đình chỉ được biểu quyết một lần.")
        with at(start + dt.timedelta(days=2)):
            r = APIClient().post(f"/api/v1/democracy/public/consultations/{c.pk}/vote/",
                                 {"code": code, "option": yes.pk}, format="json")  # fmt: skip
        self.assertEqual(r.status_code, 409)
        self.assertIn("Đã hết hạn biểu quyết", r.json()["message"])
        self.assertEqual(c.ballots.count(), 1)


class ListPagesTest(BaseTestCase):
    def test_the_lists_read_a_fixed_number_of_queries(self):
        obligations_generate(year=2026, units=[self.p.commune])
        self.login(self.p.commune_officer)
        self.client.get("/dan-chu/nghia-vu/")
        for extra in (0, 3):
            with at(OCT_5):
                for _ in range(extra):
                    quarterly_disclosure(self.p, posted=OCT_5)
            with self.subTest(more=extra):
                # session, user, memberships (scope and admin check), lineage, page rows (a short page needs no count)
                with self.assertNumQueries(5):
                    r = self.client.get("/dan-chu/nghia-vu/?state=missing")
                self.assertEqual(r.status_code, 200)
                with self.assertNumQueries(6):  # … and the commune bodies for the "new" button
                    r = self.client.get("/dan-chu/")
                self.assertEqual(r.status_code, 200)


class PeopleApiTest(BaseTestCase):
    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_a_household_ballot_and_a_board_recommendation_through_the_api(self):
        client = self.api(self.p.commune_officer)
        start = dt.datetime(2026, 11, 2, 7, 0, tzinfo=TZ)
        with at(start):
            r = client.post("/api/v1/democracy/consultations/", {
                "organization": self.p.commune_org.pk, "subject": "Đóng góp làm đường liên xã", "kind": "decide",
                "form": "ballot", "scope": "commune", "rule": "hai-phan-ba-tong-so-ho", "eligible_households": 3,
                "opens_at": start.isoformat(), "closes_at": (start + dt.timedelta(days=5)).isoformat(),
                "options": [{"label": "Đồng ý", "approves": True}, {"label": "Không đồng ý"}],
            }, format="json")  # fmt: skip
            self.assertEqual(r.status_code, 201, r.content)
            c = r.json()
            yes, no = (o["id"] for o in c["options"])
            self.assertEqual(client.post(f"/api/v1/democracy/consultations/{c['id']}/open/", {}).status_code, 200)
            r = client.post(f"/api/v1/democracy/consultations/{c['id']}/results/",
                            {"participating": 3, "votes": {str(yes): 2, str(no): 1}}, format="json")  # fmt: skip
            self.assertEqual(r.status_code, 200, r.content)
            r = client.post(f"/api/v1/democracy/consultations/{c['id']}/close/", {})
            self.assertEqual((r.json()["status"], r.json()["outcome"]), ("closed", "passed"))  # 2 of 3 households
            r = client.post(
                f"/api/v1/democracy/consultations/{c['id']}/publish/", {"result_text": "Thông qua."}, format="json"
            )
            self.assertEqual(r.json()["status"], "published")
            public = APIClient().get("/api/v1/democracy/public/consultations/?unit=24820").json()
            self.assertEqual([(x["id"], x["outcome"]) for x in public], [(c["id"], "passed")])
            self.assertNotIn("organization", public[0])

            r = client.post("/api/v1/democracy/boards/", {
                "organization": self.p.commune_org.pk, "kind": "inspection", "name": "Ban TTND phường",
                "term_start": "2026-01-01"}, format="json")  # fmt: skip
            self.assertEqual(r.status_code, 201, r.content)
            board = r.json()["id"]
            r = client.post(f"/api/v1/democracy/boards/{board}/sessions/",
                            {"held_on": "2026-10-20", "subject": "Quỹ đường"}, format="json")  # fmt: skip
            session = r.json()["id"]
            r = client.post(f"/api/v1/democracy/sessions/{session}/recommendations/",
                            {"text": "Công khai chứng từ", "addressee": self.p.commune_org.pk,
                             "answer_due": "2026-10-30"}, format="json")  # fmt: skip
            self.assertEqual(r.status_code, 201, r.content)
            rec = r.json()["id"]
            overdue = client.get("/api/v1/democracy/recommendations/?state=overdue").json()
            self.assertEqual([x["id"] for x in overdue["results"]], [rec])
            r = client.post(
                f"/api/v1/democracy/recommendations/{rec}/answer/", {"answer": "Đã niêm yết."}, format="json"
            )
            self.assertEqual((r.json()["status"], r.json()["answered_on"]), ("answered", "2026-11-02"))
            r = self.api(self.p.other_commune_officer).post(f"/api/v1/democracy/recommendations/{rec}/close/", {})
            self.assertEqual(r.status_code, 404)
