"""The Done-when path through the API, the refusals, the schema."""

from rest_framework.test import APIClient

from reports.models import Report
from tests.reports.helpers import ReportsTestCase


class ReportApiTest(ReportsTestCase):
    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_commune_submits_province_returns_once_commune_resubmits_province_approves_central_sees_it(self):
        p = self.p
        commune, province, central = self.api(p.commune_officer), self.api(p.province_officer), self.api(p.central)
        periods = commune.get("/api/v1/reports/periods/").json()
        self.assertEqual(periods[0]["label"], "6 tháng đầu năm 2026")
        mine = commune.get(f"/api/v1/reports/?period={self.period.pk}").json()
        self.assertEqual([r["organization_name"] for r in mine["results"]], ["Đảng ủy Phường Xuân Hương - Đà Lạt"])
        pk = mine["results"][0]["id"]
        r = commune.patch(
            f"/api/v1/reports/{pk}/",
            {
                "values": [
                    {"indicator": "propaganda_people", "value": 4},
                    {"indicator": "road_km", "value": "2.5", "comment": "Nghiệm thu 10/5"},
                ],
                "narrative": {"p1_situation": "Tình hình ổn định."},
                "revision": 0,
            },
            format="json",
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["narrative"], {"p1_situation": "<p>Tình hình ổn định.</p>"})  # text is stored as HTML
        r = commune.post(f"/api/v1/reports/{pk}/submit/")
        self.assertEqual((r.status_code, r.json()["report"]["status"]), (200, "submitted"))
        r = province.post(f"/api/v1/reports/{pk}/return/", {"reason": "Thiếu số liệu tiếp dân"}, format="json")
        self.assertEqual((r.json()["status"], r.json()["return_reason"]), ("returned", "Thiếu số liệu tiếp dân"))
        revision = commune.get(f"/api/v1/reports/{pk}/").json()["revision"]
        commune.patch(
            f"/api/v1/reports/{pk}/",
            {"values": [{"indicator": "propaganda_sessions", "value": 6}], "revision": revision},
            format="json",
        )
        self.assertEqual(commune.post(f"/api/v1/reports/{pk}/submit/").status_code, 200)
        r = province.post(f"/api/v1/reports/{pk}/approve/")
        self.assertEqual(r.json()["status"], "approved")
        r = central.get(f"/api/v1/reports/rollup/?period={self.period.pk}")
        figures = {(f["indicator"], f["breakdown"]): f for f in r.json()["figures"]}
        self.assertEqual(figures[("propaganda_sessions", "")]["value"], 6)
        self.assertEqual(figures[("road_km", "")]["value"], 2.5)
        self.assertEqual(figures[("propaganda_people", "")]["reports"], 1)
        r = central.get(f"/api/v1/reports/rollup/?period={self.period.pk}&unit=68")
        self.assertEqual({f["indicator"]: f["value"] for f in r.json()["figures"]}["propaganda_people"], 4)

    def test_refusals_come_in_vietnamese_with_the_one_error_shape(self):
        p = self.p
        pk = Report.objects.get(organization=p.commune_org, period=self.period).pk
        commune = self.api(p.commune_officer)
        commune.patch(
            f"/api/v1/reports/{pk}/",
            {"values": [{"indicator": "dvk_conferences", "value": -2}]},
            format="json",
        )
        r = commune.post(f"/api/v1/reports/{pk}/submit/")
        self.assertEqual(r.status_code, 400)
        self.assertIn("Số hội nghị biểu dương, hội thi “Dân vận khéo”” không được âm", r.json()["message"])
        self.assertEqual(r.json()["extra"]["errors"][0]["indicator"], "dvk_conferences")
        self.assertEqual(self.api(p.other_commune_officer).get(f"/api/v1/reports/{pk}/").status_code, 404)
        r = self.api(p.other_commune_officer).post(f"/api/v1/reports/{pk}/approve/")
        self.assertEqual(r.status_code, 404)
        r = commune.post(f"/api/v1/reports/{pk}/return/", {"reason": ""}, format="json")
        self.assertEqual(r.status_code, 400)
        r = commune.get(f"/api/v1/reports/rollup/?period={self.period.pk}&unit=51")
        self.assertEqual(r.status_code, 404)
        r = commune.patch(f"/api/v1/reports/{pk}/", {"values": [{"indicator": "khong-co"}]}, format="json")
        self.assertEqual(r.json()["message"], "Không có chỉ tiêu mã “khong-co”.")

    def test_the_report_list_is_scoped_and_pinned(self):
        client = self.api(self.p.province_officer)
        client.get("/api/v1/reports/")
        # The scope was built by the first call (cached on the user); the capped paginator reads one page.
        with self.assertNumQueries(1):
            r = client.get(f"/api/v1/reports/?period={self.period.pk}")
        self.assertEqual(r.json()["count"], 3)  # the province and its two communes, not Quảng Ngãi

    def test_forms_are_listed_with_their_indicators_and_the_schema_has_the_endpoints(self):
        r = self.api(self.p.commune_officer).get("/api/v1/reports/forms/")
        self.assertIn("dvk_registered", r.json()[0]["indicators"])
        schema = self.api(self.p.commune_officer).get("/api/schema/").content.decode()
        for op in ("reports_rollup", "reports_approve", "reports_return", "reports_save", "reports_submit"):
            self.assertIn(op, schema)

    def test_central_opens_a_period_and_a_province_may_not(self):
        body = {"form": "so-ket-6-thang", "year": 2026, "number": 2}
        r = self.api(self.p.province_officer).post("/api/v1/reports/periods/", body, format="json")
        self.assertEqual((r.status_code, r.json()["message"]), (403, "Chỉ cán bộ Trung ương mở được kỳ báo cáo."))
        r = self.api(self.p.central).post("/api/v1/reports/periods/", body, format="json")
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual((r.json()["label"], r.json()["start"]), ("6 tháng cuối năm 2026", "2026-06-15"))
        self.assertEqual(
            Report.objects.filter(period_id=r.json()["id"]).count(), 5
        )  # the four bodies of Lâm Đồng and Quảng Ngãi with units, and Quảng Ngãi's Ban
