"""The Done-when path through the API on an install with units only: the central body defines a national six-month
form (five indicators, two rules) and opens its period, a province adds a monthly rapid-report form for its communes
and opens it, communes fill both, and both roll-ups are exact — including a weighted average and a maximum."""

from decimal import Decimal

from django.test import TestCase
from rest_framework.test import APIClient

from audit.models import AuditEvent
from geo.models import UnitType
from orgs.models import Role
from reports import store
from reports.models import Period, Report, ReportForm
from tests.factories import make_org, make_unit, make_user


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class FreshInstallConfigurationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
        cls.c1 = make_unit("24820", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=cls.province)
        cls.c2 = make_unit("24823", "Xã Lạc Dương", UnitType.COMMUNE, parent=cls.province)
        cls.other = make_unit("51", "Tỉnh Quảng Ngãi", UnitType.PROVINCE)
        cls.c3 = make_unit("21100", "Phường Cẩm Thành", UnitType.WARD, parent=cls.other)
        central = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
        cls.ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", cls.province, central)
        cls.org1 = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", cls.c1, cls.ban)
        cls.org2 = make_org("Đảng ủy Xã Lạc Dương", "dang-uy-xa", cls.c2, cls.ban)
        cls.ban_qn = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ngãi", "ban-tgdv", cls.other, central)
        cls.org3 = make_org("Đảng ủy Phường Cẩm Thành", "dang-uy-xa", cls.c3, cls.ban_qn)
        cls.admin = make_user("quantri", central, Role.ADMIN, is_staff=True)
        cls.province_officer = make_user("canbotinh", cls.ban, Role.OFFICER)
        cls.qn_officer = make_user("canboqn", cls.ban_qn, Role.OFFICER)
        cls.officer1 = make_user("canboxa1", cls.org1, Role.OFFICER)
        cls.officer2 = make_user("canboxa2", cls.org2, Role.OFFICER)
        cls.officer3 = make_user("canboxa3", cls.org3, Role.OFFICER)

    def ok(self, response, status=200):
        self.assertEqual(response.status_code, status, response.content.decode())
        return response.json()

    def fill(self, user, report_id, values):
        body = {"values": [{"indicator": k, **({"text": v} if isinstance(v, str) and k.endswith("notes") else
                                                {"value": v})} for k, v in values.items()]}  # fmt: skip
        self.ok(api(user).patch(f"/api/v1/reports/{report_id}/", body, format="json"))
        return self.ok(api(user).post(f"/api/v1/reports/{report_id}/submit/"))

    def report_id(self, org, period_id) -> int:
        return Report.objects.get(organization=org, period_id=period_id).pk

    def test_central_and_province_configure_communes_fill_and_both_rollups_are_exact(self):
        self.assertFalse(ReportForm.objects.exists())  # nothing but units, bodies and people
        admin = api(self.admin)

        # The central body: two new indicators (households, and the poor-household rate weighted by them).
        self.ok(admin.post("/api/v1/reports/config/indicators/", {"code": "households", "name": "Số hộ dân",
                "unit": "hộ", "value_type": "integer", "aggregation": "sum"}, format="json"), 201)  # fmt: skip
        rate = {"code": "poor_rate_w", "name": "Tỷ lệ hộ nghèo (bình quân theo số hộ)", "unit": "%",
                "value_type": "decimal", "decimals": 2, "aggregation": "wavg", "weight": "households"}  # fmt: skip
        self.ok(admin.post("/api/v1/reports/config/indicators/", rate, format="json"), 201)
        form = self.ok(
            admin.post(
                "/api/v1/reports/config/forms/",
                {
                    "code": "so-ket-6-thang",
                    "name": "Báo cáo sơ kết công tác dân vận 6 tháng",
                    "period_type": "half",
                    "tiers": ["province", "commune"],
                    "org_types": ["ban-tgdv", "dang-uy-xa"],
                },
                format="json",
            ),
            201,
        )
        self.assertEqual((form["owner"], form["cutoff_day"], form["version"]), (None, 15, 1))  # the decree's default
        for code in ("houses", "road_km", "households", "poor_rate_w", "largest_gathering"):
            form = self.ok(admin.post(f"/api/v1/reports/config/forms/{form['id']}/indicators/", {"indicator": code},
                                      format="json"))  # fmt: skip
        rule = {"kind": "lte", "severity": "blocking", "left": "houses", "right": "households"}
        form = self.ok(admin.post(f"/api/v1/reports/config/forms/{form['id']}/rules/", rule, format="json"))
        rule = {"kind": "change", "severity": "warning", "left": "road_km", "threshold_pct": 50}
        form = self.ok(admin.post(f"/api/v1/reports/config/forms/{form['id']}/rules/", rule, format="json"))
        self.assertEqual(len(form["items"]), 5)
        self.assertEqual([r["kind"] for r in form["rules"]], ["lte", "change"])
        national = self.ok(
            admin.post(
                "/api/v1/reports/periods/", {"form": "so-ket-6-thang", "year": 2026, "number": 1}, format="json"
            ),
            201,
        )
        self.assertEqual((national["start"], national["end"]), ("2025-12-15", "2026-06-14"))
        self.assertEqual(Report.objects.filter(period_id=national["id"]).count(), 5)  # 2 provinces, 3 communes

        # The province: its own indicators and a monthly rapid report for its communes.
        province = api(self.province_officer)
        for body in (
            {"owner": self.ban.pk, "code": "lam-dong-storm-houses", "name": "Nhà dân được hỗ trợ sửa chữa sau bão",
             "unit": "căn", "value_type": "integer", "aggregation": "sum"},
            {"owner": self.ban.pk, "code": "lam-dong-storm-notes", "name": "Khó khăn, kiến nghị",
             "unit": "", "value_type": "text", "aggregation": "none"},
        ):  # fmt: skip
            self.ok(province.post("/api/v1/reports/config/indicators/", body, format="json"), 201)
        rapid = self.ok(
            province.post(
                "/api/v1/reports/config/forms/",
                {
                    "owner": self.ban.pk,
                    "code": "lam-dong-bao-cao-nhanh-bao",
                    "name": "Báo cáo nhanh khắc phục hậu quả bão",
                    "period_type": "month",
                    "topic": "Khắc phục hậu quả bão số 3",
                    "tiers": ["commune"],
                    "org_types": ["dang-uy-xa"],
                    "sections": ["Tình hình thiệt hại", "Kết quả hỗ trợ"],
                },
                format="json",
            ),
            201,
        )
        self.assertEqual((rapid["owner"], rapid["cutoff_day"]), (self.ban.pk, 1))  # calendar months
        for code in ("lam-dong-storm-houses", "lam-dong-storm-notes", "gifts"):
            rapid = self.ok(province.post(f"/api/v1/reports/config/forms/{rapid['id']}/indicators/",
                                          {"indicator": code}, format="json"))  # fmt: skip
        monthly = self.ok(
            province.post(
                "/api/v1/reports/periods/", {"form": rapid["code"], "year": 2026, "number": 9}, format="json"
            ),
            201,
        )
        self.assertEqual((monthly["start"], monthly["end"]), ("2026-09-01", "2026-09-30"))
        self.assertEqual(
            set(Report.objects.filter(period_id=monthly["id"]).values_list("organization_id", flat=True)),
            {self.org1.pk, self.org2.pk},  # its own communes only, not Quảng Ngãi's
        )

        # Communes fill both; the blocking rule refuses more houses than households.
        r = api(self.officer1).patch(
            f"/api/v1/reports/{self.report_id(self.org1, national['id'])}/",
            {"values": [{"indicator": "houses", "value": 500}, {"indicator": "households", "value": 200}]},
            format="json",
        )
        self.ok(r)
        r = api(self.officer1).post(f"/api/v1/reports/{self.report_id(self.org1, national['id'])}/submit/")
        self.assertEqual(r.status_code, 400)
        self.assertIn("không được lớn hơn", r.json()["message"])
        figures = {
            (self.officer1, self.org1): {"houses": 3, "road_km": "1.25", "households": 200, "poor_rate_w": "4.50",
                                         "largest_gathering": 30},
            (self.officer2, self.org2): {"houses": 5, "road_km": "2.5", "households": 100, "poor_rate_w": "7.50",
                                         "largest_gathering": 80},
            (self.officer3, self.org3): {"houses": 2, "road_km": "0.5", "households": 300, "poor_rate_w": "2",
                                         "largest_gathering": 50},
        }  # fmt: skip
        for (user, org), values in figures.items():
            self.fill(user, self.report_id(org, national["id"]), values)
        self.fill(self.officer1, self.report_id(self.org1, monthly["id"]),
                  {"lam-dong-storm-houses": 12, "lam-dong-storm-notes": "Thiếu tôn lợp mái", "gifts": 40})  # fmt: skip
        self.fill(self.officer2, self.report_id(self.org2, monthly["id"]),
                  {"lam-dong-storm-houses": 7, "lam-dong-storm-notes": "", "gifts": 15})  # fmt: skip
        for org in (self.org1, self.org2):
            for period in (national, monthly):
                self.ok(province.post(f"/api/v1/reports/{self.report_id(org, period['id'])}/approve/"))
        self.ok(api(self.qn_officer).post(f"/api/v1/reports/{self.report_id(self.org3, national['id'])}/approve/"))

        def rollup(user, period_id, unit=""):
            data = self.ok(api(user).get(f"/api/v1/reports/rollup/?period={period_id}&unit={unit}"))
            return {f["indicator"]: f["value"] for f in data["figures"] if not f["breakdown"]}

        # National: Σ, Σ of decimals, Σ weights, (200×4,5 + 100×7,5 + 300×2) / 600 = 3,75, the largest gathering.
        self.assertEqual(
            rollup(self.admin, national["id"]),
            {"houses": 10, "road_km": Decimal("4.25"), "households": 600, "poor_rate_w": Decimal("3.75"),
             "largest_gathering": 80},
        )  # fmt: skip
        self.assertEqual(
            rollup(self.province_officer, national["id"], "68"),
            {"houses": 8, "road_km": Decimal("3.75"), "households": 300, "poor_rate_w": Decimal("5.50"),
             "largest_gathering": 80},
        )  # fmt: skip
        self.assertEqual(
            rollup(self.province_officer, monthly["id"], "68"),
            {"lam-dong-storm-houses": 19, "lam-dong-storm-notes": None, "gifts": 55},
        )
        for period_id in (national["id"], monthly["id"]):
            self.assertEqual(store.differences(period_id), [])  # the store equals the recomputation from raw values
        detail = self.ok(api(self.province_officer).get(f"/api/v1/reports/{self.report_id(self.org1, monthly['id'])}/"))
        self.assertIn("Thiếu tôn lợp mái", [v["text"] for v in detail["values"]])

        # Quảng Ngãi sees none of Lâm Đồng's configuration or periods, and cannot touch the national form.
        qn = api(self.qn_officer)
        self.assertEqual(qn.get(f"/api/v1/reports/config/forms/{rapid['id']}/").status_code, 404)
        self.assertEqual(qn.get(f"/api/v1/reports/rollup/?period={monthly['id']}&unit=51").status_code, 404)
        self.assertNotIn(monthly["id"], [p["id"] for p in self.ok(qn.get("/api/v1/reports/periods/"))])
        r = qn.post(f"/api/v1/reports/config/forms/{form['id']}/indicators/", {"indicator": "gifts"}, format="json")
        self.assertEqual(r.status_code, 403)
        r = province.patch(f"/api/v1/reports/config/forms/{form['id']}/", {"name": "Đổi tên"}, format="json")
        self.assertEqual(r.status_code, 403)

        # A change after the period opened makes version 2 for the next period; approved reports keep theirs.
        v2 = self.ok(province.post(f"/api/v1/reports/config/forms/{rapid['id']}/indicators/",
                                   {"indicator": "houses"}, format="json"))  # fmt: skip
        self.assertEqual((v2["version"], v2["previous"], len(v2["items"])), (2, rapid["id"], 4))
        self.assertEqual(Period.objects.get(pk=monthly["id"]).form_id, rapid["id"])
        self.assertEqual(len(self.ok(province.get(f"/api/v1/reports/config/forms/{rapid['id']}/"))["items"]), 3)
        october = self.ok(
            province.post(
                "/api/v1/reports/periods/", {"form": rapid["code"], "year": 2026, "number": 10}, format="json"
            ),
            201,
        )
        self.assertEqual(Period.objects.get(pk=october["id"]).form_id, v2["id"])
        self.assertEqual(rollup(self.province_officer, monthly["id"], "68")["lam-dong-storm-houses"], 19)

        # Every change above left an audit row naming who made it.
        # The rapid form: created, three indicators added, version 2 created and changed.
        self.assertEqual(AuditEvent.objects.filter(object_repr="Báo cáo nhanh khắc phục hậu quả bão").count(), 6)
        rows = AuditEvent.objects.filter(actor=self.admin, content_type__model__in=["reportform", "indicator",
                                                                                    "validationrule"])  # fmt: skip
        self.assertEqual(rows.count(), 2 + 1 + 5 + 2)  # two indicators, the form, five additions, two rules
