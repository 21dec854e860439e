"""Configuration pages and their API twins: scope (another province gets 404, a province cannot change the national
form), audit rows, versions, the fresh install's first step and the refusals."""

from decimal import Decimal

from rest_framework.test import APIClient

from audit.models import AuditEvent
from practices import rubrics
from reports import config, services
from reports.models import FormIndicator, Indicator, Period, Report, ReportForm, ValidationRule
from tests.base import BaseTestCase


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class ConfigPagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ind = {i.code: i for i in Indicator.objects.all()}
        cls.national = config.form_create(
            by=cls.p.central, owner=None, code="quoc-gia", name="Mẫu quốc gia", period_type="half",
            tiers=["province", "commune"], org_types=[cls.p.province_org.org_type, cls.p.commune_org.org_type],
        )  # fmt: skip
        config.form_add_indicator(form=cls.national, by=cls.p.central, indicator=cls.ind["houses"])
        cls.own = config.form_create(
            by=cls.p.province_officer, owner=cls.p.province_org, code="lam-dong-thang", name="Mẫu tháng Lâm Đồng",
            period_type="month", tiers=["commune"], org_types=[cls.p.commune_org.org_type],
        )  # fmt: skip
        config.form_add_indicator(form=cls.own, by=cls.p.province_officer, indicator=cls.ind["gifts"])

    def audit_count(self):
        return AuditEvent.objects.count()

    def test_another_province_gets_404_on_every_configuration_page_and_endpoint(self):
        far = self.login(self.make_far_officer())
        own_indicator = config.indicator_create(
            by=self.p.province_officer, owner=self.p.province_org, code="ld-rieng", name="Chỉ tiêu riêng", unit="cái"
        )
        pages = [
            f"/bao-cao/cau-hinh/mau/{self.own.pk}/",
            f"/bao-cao/cau-hinh/chi-tieu/{own_indicator.pk}/",
        ]
        for url in pages:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        before = self.audit_count()
        r = self.client.post(f"/bao-cao/cau-hinh/mau/{self.own.pk}/retire/")
        self.assertEqual(r.status_code, 404)
        self.assertNotContains(self.client.get("/bao-cao/cau-hinh/"), "Mẫu tháng Lâm Đồng")
        client = api(far)
        for url in (
            f"/api/v1/reports/config/forms/{self.own.pk}/",
            f"/api/v1/reports/config/indicators/{own_indicator.pk}/",
        ):
            self.assertEqual(client.get(url).status_code, 404, url)
            self.assertEqual(client.patch(url, {"name": "x"}, format="json").status_code, 404, url)
        for action in ("indicators", "indicators/remove", "rules", "rules/remove", "retire"):
            r = client.post(f"/api/v1/reports/config/forms/{self.own.pk}/{action}/", {}, format="json")
            self.assertEqual(r.status_code, 404, action)
        listed = client.get("/api/v1/reports/config/forms/").json()["results"]
        self.assertEqual([f["code"] for f in listed], ["quoc-gia"])
        self.assertEqual(self.audit_count(), before)
        self.assertTrue(ReportForm.objects.get(pk=self.own.pk).is_active)

    def make_far_officer(self):
        from orgs.models import Role
        from tests.factories import make_user

        return make_user("canboquangngai", self.p.far_org, Role.OFFICER)

    def test_a_province_reads_the_national_form_but_cannot_change_it(self):
        self.login(self.p.province_officer)
        r = self.client.get(f"/bao-cao/cau-hinh/mau/{self.national.pk}/")
        self.assertContains(r, "Mẫu quốc gia")
        self.assertNotContains(r, "Thêm chỉ tiêu")
        before = self.audit_count()
        r = self.client.post(
            f"/bao-cao/cau-hinh/mau/{self.national.pk}/add_indicator/", {"indicator": self.ind["gifts"].pk}, follow=True
        )
        self.assertContains(r, "Chỉ cơ quan Trung ương (hoặc cấp trên) mới thay đổi được")
        r = api(self.p.province_officer).post(
            f"/api/v1/reports/config/forms/{self.national.pk}/retire/", {}, format="json"
        )
        self.assertEqual(r.status_code, 403)
        r = api(self.p.province_officer).patch(
            f"/api/v1/reports/config/indicators/{self.ind['houses'].pk}/", {"name": "Nhà"}, format="json"
        )
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.audit_count(), before)
        self.assertEqual(FormIndicator.objects.filter(form=self.national).count(), 1)

    def test_pages_create_a_form_an_indicator_and_a_rule_each_with_an_audit_row(self):
        self.login(self.p.province_officer)
        r = self.client.post(
            "/bao-cao/cau-hinh/mau/moi/",
            {
                "owner": str(self.p.province_org.pk), "code": "bao-cao-nhanh-lu", "name": "Báo cáo nhanh mưa lũ",
                "period_type": "adhoc", "topic": "Mưa lũ tháng 10", "due_days": "2", "tiers": ["commune"],
                "org_types": [self.p.commune_org.org_type.pk], "sections": "Thiệt hại\nHỗ trợ",
            },
        )  # fmt: skip
        form = ReportForm.objects.get(code="bao-cao-nhanh-lu")
        self.assertRedirects(r, f"/bao-cao/cau-hinh/mau/{form.pk}/")
        self.assertEqual((form.owner, form.sections), (self.p.province_org, [["s1", "Thiệt hại"], ["s2", "Hỗ trợ"]]))
        r = self.client.post(
            "/bao-cao/cau-hinh/chi-tieu/",
            {"owner": str(self.p.province_org.pk), "code": "nha-ngap", "name": "Số nhà bị ngập", "unit": "căn",
             "value_type": "integer", "aggregation": "sum"},
        )  # fmt: skip
        self.assertEqual(r.status_code, 302)
        flooded = Indicator.objects.get(code="nha-ngap")
        self.client.post(f"/bao-cao/cau-hinh/mau/{form.pk}/add_indicator/", {"indicator": flooded.pk})
        self.client.post(f"/bao-cao/cau-hinh/mau/{form.pk}/add_rule/", {"kind": "non_negative", "severity": "blocking",
                                                                      "left": flooded.pk})  # fmt: skip
        self.assertEqual(ValidationRule.objects.get(form=form).left, flooded)
        trail = AuditEvent.objects.filter(
            actor=self.p.province_officer, content_type__model__in=["reportform", "indicator", "validationrule"]
        ).values_list("content_type__model", "action")
        self.assertEqual(
            sorted(trail),
            sorted(
                [
                    ("reportform", "create"),
                    ("indicator", "create"),
                    ("reportform", "update"),
                    ("validationrule", "create"),
                    ("reportform", "create"),
                    ("reportform", "update"),
                ]
            ),
        )  # fmt: skip (the last two: the set-up's own form)
        # A province cannot create a national form or indicator: the choice is not offered, a forged one refused.
        forged = {"owner": "tw", "code": "gia-mao", "name": "Giả", "value_type": "integer", "aggregation": "sum"}
        r = self.client.post("/bao-cao/cau-hinh/chi-tieu/", forged)
        self.assertContains(r, "Cơ quan không hợp lệ.", status_code=400)
        self.assertFalse(Indicator.objects.filter(code="gia-mao").exists())

    def test_a_province_opens_periods_of_its_own_form_for_its_own_communes_only(self):
        self.login(self.p.province_officer)
        r = self.client.post("/bao-cao/mo-ky/", {"form": self.own.pk, "year": 2026, "number": 9})
        self.assertEqual(r.status_code, 302)
        period = Period.objects.get(form=self.own)
        self.assertEqual((period.start.isoformat(), period.end.isoformat()), ("2026-09-01", "2026-09-30"))
        self.assertEqual(
            set(Report.objects.filter(period=period).values_list("organization_id", flat=True)),
            {self.p.commune_org.pk, self.p.other_commune_org.pk},
        )
        r = self.client.post("/bao-cao/mo-ky/", {"form": self.national.pk, "year": 2026, "number": 2})
        self.assertContains(r, "Mẫu báo cáo không tồn tại.", status_code=400)  # not offered to a province
        self.assertFalse(Period.objects.filter(form=self.national).exists())

    def test_a_change_after_a_period_makes_a_version_and_an_approved_report_stays_as_it_was(self):
        period = services.period_open(form=self.national, year=2026, number=1, by=self.p.central)
        report = Report.objects.get(organization=self.p.commune_org, period=period)
        services.report_save(report=report, by=self.p.commune_officer, values={(self.ind["houses"].pk, ""): 4})
        services.report_submit(report=report, by=self.p.commune_officer)
        services.report_approve(report=report, by=self.p.province_officer)
        rule = config.rule_add(form=self.national, by=self.p.central, kind="non_negative")[1]
        self.assertEqual(rule.form.version, 2)
        self.login(self.p.central)
        r = self.client.post(f"/bao-cao/cau-hinh/mau/{rule.form_id}/remove_rule/", {"rule": rule.pk}, follow=True)
        self.assertContains(r, "Đã bỏ quy tắc kiểm tra.")
        self.assertFalse(ValidationRule.objects.filter(pk=rule.pk).exists())
        old = ReportForm.objects.get(pk=self.national.pk)
        self.assertFalse(old.is_active)
        self.assertEqual(list(FormIndicator.objects.filter(form=old).values_list("indicator__code", flat=True)),
                         ["houses"])  # fmt: skip
        r = self.client.post(f"/bao-cao/cau-hinh/mau/{old.pk}/add_indicator/", {"indicator": self.ind["gifts"].pk},
                             follow=True)  # fmt: skip
        self.assertContains(r, "Đây là phiên bản 1 đã thay thế")
        # The indicator's definition is frozen once reported; its name is not.
        r = api(self.p.central).patch(
            f"/api/v1/reports/config/indicators/{self.ind['houses'].pk}/", {"aggregation": "max"}, format="json"
        )
        self.assertEqual(r.status_code, 409)
        r = api(self.p.central).patch(
            f"/api/v1/reports/config/indicators/{self.ind['houses'].pk}/", {"name": "Nhà đại đoàn kết"}, format="json"
        )
        self.assertEqual((r.status_code, r.json()["name"]), (200, "Nhà đại đoàn kết"))
        self.assertEqual(report.values.get(indicator=self.ind["houses"]).amount, 4)

    def test_the_standard_national_form_is_one_click_on_a_fresh_install(self):
        ReportForm.objects.filter(code="so-ket-6-thang").delete()
        self.login(self.p.admin)
        self.assertContains(self.client.get("/bao-cao/cau-hinh/"), "Tạo mẫu báo cáo sơ kết 6 tháng quốc gia")
        r = self.client.post("/bao-cao/cau-hinh/mau-chuan/", follow=True)
        form = ReportForm.objects.get(code="so-ket-6-thang")
        self.assertContains(r, f"với {Indicator.objects.filter(is_active=True).count()} chỉ tiêu")
        self.assertTrue(AuditEvent.objects.filter(actor=self.p.admin, object_id=str(form.pk)).exists())
        r = api(self.p.admin).post("/api/v1/reports/config/standard-form/")
        self.assertEqual(r.status_code, 409)
        self.login(self.p.province_officer)
        self.client.post("/bao-cao/cau-hinh/mau-chuan/")
        self.assertEqual(ReportForm.objects.filter(code="so-ket-6-thang").count(), 1)

    def test_incoherent_indicators_are_refused_in_vietnamese(self):
        client = api(self.p.central)
        cases = [
            ({"code": "x1", "name": "X", "value_type": "decimal", "decimals": 0}, "từ 1 đến 6 chữ số"),
            ({"code": "x2", "name": "X", "aggregation": "wavg"}, "phải chọn chỉ tiêu làm trọng số"),
            ({"code": "x3", "name": "X", "value_type": "ratio", "aggregation": "ratio"}, "phải có tử số và mẫu số"),
            ({"code": "x4", "name": "X", "source": "khong.co"}, "Không có nguồn số liệu tự động"),
            ({"code": "houses", "name": "X"}, "đã được dùng"),
        ]
        for body, message in cases:
            r = client.post("/api/v1/reports/config/indicators/", body, format="json")
            self.assertEqual(r.status_code, 400, body)
            self.assertIn(message, r.json()["message"])
        self.assertFalse(Indicator.objects.filter(code__in=["x1", "x2", "x3", "x4"]).exists())

    def test_the_audit_trail_reads_every_configuration_change(self):
        config.rule_add(form=self.national, by=self.p.central, kind="change", left=self.ind["houses"], threshold_pct=30)
        config.form_update(form=self.own, by=self.p.province_officer, name="Mẫu tháng Lâm Đồng (sửa)")
        config.form_update(form=self.own, by=self.p.province_officer, org_types=[self.p.province_org.org_type])
        config.form_remove_indicator(form=self.own, by=self.p.province_officer, indicator=self.ind["gifts"])
        config.standard_form_create(by=self.p.admin)
        rubric = rubrics.rubric_create(
            by=self.p.province_officer, owner=self.p.province_org, name="Bộ tiêu chí 2026", pass_mark=Decimal(5),
            criteria=[("Hiệu quả", Decimal(10))],
        )  # fmt: skip
        rubrics.rubric_revise(rubric=rubric, by=self.p.province_officer, year_from=2027, criteria=[("Mới", Decimal(9))])
        label = rubrics.label_create(by=self.p.central, kind="title", code="moi", name="Danh hiệu mới")
        rubrics.label_set_active(label=label, by=self.p.central, active=False)
        self.login(self.p.admin)
        r = self.client.get("/nhat-ky/")
        self.assertContains(r, "Mẫu tháng Lâm Đồng (sửa)")
        self.assertContains(r, "Nhà đại đoàn kết, tình nghĩa xây mới, sửa chữa")  # the rule's indicator, by name
        self.assertContains(r, "Bỏ chỉ tiêu: Số phần quà trao tặng")
        self.assertContains(r, "Chỉ tiêu: — → Nhà đại đoàn kết")
        self.assertContains(r, "Bộ tiêu chí 2026")

    def test_the_schema_lists_every_configuration_endpoint(self):
        schema = api(self.p.central).get("/api/schema/").content.decode()
        for op in (
            "reports_config_forms_list", "reports_config_forms_create", "reports_config_forms_retrieve",
            "reports_config_forms_update", "reports_config_forms_add_indicator",
            "reports_config_forms_remove_indicator",
            "reports_config_forms_add_rule", "reports_config_forms_remove_rule", "reports_config_forms_retire",
            "reports_config_standard_form", "reports_config_indicators_list", "reports_config_indicators_create",
            "reports_config_indicators_retrieve", "reports_config_indicators_update",
        ):  # fmt: skip
            self.assertIn(op, schema)

    def test_the_forms_list_has_a_pinned_query_count(self):
        self.login(self.p.province_officer)
        self.client.get("/bao-cao/cau-hinh/")
        # session, user, the page of forms (the scope is subqueries), the user's memberships (national role, the
        # menu), the bodies the user writes for.
        with self.assertNumQueries(5):
            r = self.client.get("/bao-cao/cau-hinh/")
        self.assertContains(r, "Mẫu tháng Lâm Đồng")
