"""Entry, validation, submission, return, approval, un-approval: the services and their refusals."""

import datetime as dt
from decimal import Decimal

from audit.models import AuditEvent
from lib.errors import ServiceError
from reports import selectors, services, store
from reports.models import Period, Report, ReportEvent, RollupValue, RuleKind, Severity, Status, ValidationRule
from tests.reports.helpers import ReportsTestCase


class PeriodTest(ReportsTestCase):
    def test_it_uses_the_decree_cut_off_and_lists_every_expected_organisation(self):
        self.assertEqual((self.period.start, self.period.end), (dt.date(2025, 12, 15), dt.date(2026, 6, 14)))
        self.assertEqual(self.period.label, "6 tháng đầu năm 2026")
        self.assertEqual(self.period.due_date, dt.date(2026, 6, 19))
        orgs = set(Report.objects.filter(period=self.period).values_list("organization__name", flat=True))
        self.assertEqual(
            orgs,
            {
                "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
                "Đảng ủy Phường Xuân Hương - Đà Lạt",
                "Đảng ủy Xã Lạc Dương",
                "Đảng ủy Phường Cẩm Thành",
                "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ngãi",
            },
        )
        self.assertEqual(services.period_bounds(self.form, 2026, 2), (dt.date(2026, 6, 15), dt.date(2026, 12, 14)))

    def test_it_refuses_a_period_opened_twice_or_by_a_province(self):
        with self.assertRaisesMessage(ServiceError, "đã được mở"):
            services.period_open(form=self.form, year=2026, number=1, by=self.p.central)
        with self.assertRaisesMessage(ServiceError, "Chỉ cán bộ Trung ương"):
            services.period_open(form=self.form, year=2026, number=2, by=self.p.province_officer)


class LifecycleTest(ReportsTestCase):
    def test_commune_submits_province_returns_commune_fixes_province_approves(self):
        p = self.p
        report = self.report_of(p.commune_org)
        self.save(report, propaganda_sessions=3, road_km=Decimal("2.5"), resources_vnd=1_000_000_000)
        warnings = services.report_submit(report=report, by=p.commune_officer)
        self.assertEqual(warnings, [])
        services.report_return(report=report, by=p.province_officer, reason="Thiếu số km đường bê tông hóa")
        report.refresh_from_db()
        self.assertEqual((report.status, report.return_reason), (Status.RETURNED, "Thiếu số km đường bê tông hóa"))
        self.save(report, road_km=Decimal("4.25"))
        services.report_submit(report=report, by=p.commune_officer)
        services.report_approve(report=report, by=p.province_officer)

        national = selectors.rollup(self.period, None)
        self.assertEqual(national.value("road_km").figure.value, Decimal("4.25"))
        self.assertEqual(national.value("resources_vnd").figure.value, 1_000_000_000)
        self.assertEqual(selectors.rollup(self.period, p.province).value("propaganda_sessions").figure.value, 3)
        self.assertIsNone(selectors.rollup(self.period, p.other_province).value("propaganda_sessions").figure.value)
        self.assertEqual(
            list(ReportEvent.objects.filter(report=report).values_list("action", flat=True)),
            ["submit", "return", "submit", "approve"],
        )
        self.assertEqual(AuditEvent.objects.for_object(report).filter(action="transition").count(), 4)
        self.assertEqual(store.differences(self.period.pk), [])

    def test_it_refuses_a_value_breaking_a_blocking_rule_and_names_the_indicator(self):
        # Rules are data: the catalogue's "≤" rules are on automatic figures now, so this form gets one on typed ones.
        ValidationRule.objects.create(
            form=self.form,
            kind=RuleKind.NOT_GREATER,
            severity=Severity.BLOCKING,
            left=self.ind["propaganda_sessions"],
            right=self.ind["propaganda_people"],
        )
        report = self.report_of(self.p.commune_org)
        self.save(report, propaganda_people=10, propaganda_sessions=12)
        with self.assertRaises(ServiceError) as caught:
            services.report_submit(report=report, by=self.p.commune_officer)
        message = caught.exception.message
        self.assertIn("Số buổi tuyên truyền, hội nghị quán triệt", message)
        self.assertIn("không được lớn hơn", message)
        self.assertIn("(12)", message)
        self.save(report, propaganda_people=-1, propaganda_sessions=0)
        with self.assertRaisesMessage(ServiceError, "Chỉ tiêu “Lượt người dự tuyên truyền, quán triệt” không được âm"):
            services.report_submit(report=report, by=self.p.commune_officer)
        report.refresh_from_db()
        self.assertEqual(report.status, Status.DRAFT)

    def test_it_refuses_data_entry_after_approval(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, propaganda_sessions=2)
        services.report_submit(report=report, by=self.p.commune_officer)
        services.report_approve(report=report, by=self.p.province_officer)
        with self.assertRaisesMessage(ServiceError, "Báo cáo đang ở trạng thái “Đã duyệt”, không thể sửa số liệu."):
            self.save(report, propaganda_sessions=5)
        self.assertEqual(selectors.rollup(self.period, self.p.province).value("propaganda_sessions").figure.value, 2)

    def test_it_refuses_approving_a_parent_before_its_children(self):
        p = self.p
        province_report = self.report_of(p.province_org)
        self.save(province_report, by=p.province_officer, propaganda_sessions=1)
        services.report_submit(report=province_report, by=p.province_officer)
        commune = self.report_of(p.commune_org)
        self.save(commune, propaganda_sessions=2)
        services.report_submit(report=commune, by=p.commune_officer)
        services.report_approve(report=commune, by=p.province_officer)
        with self.assertRaises(ServiceError) as caught:
            services.report_approve(report=province_report, by=p.central)
        self.assertIn("Chưa thể duyệt", caught.exception.message)
        self.assertIn("Đảng ủy Xã Lạc Dương", caught.exception.message)
        services.report_mark_missing(
            report=self.report_of(p.other_commune_org), by=p.province_officer, reason="Không gửi báo cáo đúng hạn"
        )
        services.report_approve(report=province_report, by=p.central)
        # The province's own figure and its commune's both count in the province roll-up.
        self.assertEqual(selectors.rollup(self.period, p.province).value("propaganda_sessions").figure.value, 3)
        with self.assertRaisesMessage(ServiceError, "hãy hủy duyệt báo cáo đó trước"):
            services.report_unapprove(report=commune, by=p.province_officer, reason="Sai số liệu")

    def test_approving_a_parent_and_unapproving_a_child_take_the_period_lock_first(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        p = self.p
        commune = self.report_of(p.commune_org)
        self.save(commune, propaganda_sessions=2)
        services.report_submit(report=commune, by=p.commune_officer)
        # Each reads the other's state before writing its own: without a common lock, two concurrent transactions
        # could both pass (an approved province over a reopened commune). SQLite's writers queue at BEGIN instead.
        for act in (
            lambda: services.report_approve(report=commune, by=p.province_officer),
            lambda: services.report_unapprove(report=commune, by=p.province_officer, reason="Sai số liệu"),
        ):
            with CaptureQueriesContext(connection) as queries:
                act()
            locks = [q["sql"] for q in queries.captured_queries if "reports_period" in q["sql"]]
            if connection.features.has_select_for_update:
                self.assertTrue(any("FOR UPDATE" in sql for sql in locks), locks)
            else:
                self.assertTrue(locks, "the period is read before the check")

    def test_it_refuses_a_commune_approving_its_own_report(self):
        report = self.report_of(self.p.commune_org)
        services.report_submit(report=report, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "Chỉ cấp trên của đơn vị báo cáo mới duyệt được"):
            services.report_approve(report=report, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "Chỉ cán bộ của đơn vị báo cáo"):
            self.save(self.report_of(self.p.other_commune_org), propaganda_sessions=1)

    def test_it_hides_a_report_outside_the_scope(self):
        from django.http import Http404

        report = self.report_of(self.p.commune_org)
        with self.assertRaises(Http404):
            selectors.get_report_for_user(self.p.other_commune_officer, report.pk)
        self.assertEqual(selectors.get_report_for_user(self.p.province_officer, report.pk), report)

    def test_two_approvers_at_once_exactly_one_wins(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, houses=4)
        services.report_submit(report=report, by=self.p.commune_officer)
        stale = Report.objects.select_related("unit", "period").get(pk=report.pk)
        services.report_approve(report=report, by=self.p.province_officer)
        with self.assertRaisesMessage(ServiceError, "vừa được người khác cập nhật (hiện ở trạng thái “Đã duyệt”)"):
            services.report_approve(report=stale, by=self.p.central)
        self.assertEqual(selectors.rollup(self.period, None).value("houses").figure.value, 4)

    def test_a_stale_draft_save_does_not_overwrite(self):
        report = self.report_of(self.p.commune_org)
        loaded = report.revision
        self.save(report, houses=1)
        with self.assertRaisesMessage(ServiceError, "vừa được người khác lưu"):
            services.report_save(
                report=report, by=self.p.commune_officer, values={self.key("houses"): 9}, revision=loaded
            )

    def test_unapproval_needs_a_reason_and_takes_the_figures_back(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, road_km=Decimal("1.5"), largest_gathering=40, poor_rate=Decimal("3.25"))
        services.report_submit(report=report, by=self.p.commune_officer)
        services.report_approve(report=report, by=self.p.province_officer)
        other = self.report_of(self.p.other_commune_org)
        self.save(other, by=self.p.other_commune_officer, largest_gathering=25, poor_rate=Decimal("4.75"))
        services.report_submit(report=other, by=self.p.other_commune_officer)
        services.report_approve(report=other, by=self.p.province_officer)
        roll = selectors.rollup(self.period, self.p.province)
        self.assertEqual(roll.value("largest_gathering").figure.value, 40)
        self.assertEqual(roll.value("poor_rate").figure.value, Decimal("4.00"))
        with self.assertRaisesMessage(ServiceError, "Hủy duyệt báo cáo phải nêu lý do."):
            services.report_unapprove(report=report, by=self.p.province_officer, reason=" ")
        services.report_unapprove(report=report, by=self.p.province_officer, reason="Số km chưa khớp biên bản")
        roll = selectors.rollup(self.period, self.p.province)
        self.assertIsNone(roll.value("road_km").figure.value)
        self.assertEqual(roll.value("largest_gathering").figure.value, 25)
        self.assertEqual(roll.value("poor_rate").figure.value, Decimal("4.75"))
        self.assertEqual(store.differences(self.period.pk), [])
        report.refresh_from_db()
        self.assertEqual(report.status, Status.RETURNED)
        self.assertFalse(RollupValue.objects.filter(period=self.period, reports=0).exists())

    def test_numbers_keep_their_declared_precision(self):
        report = self.report_of(self.p.commune_org)
        with self.assertRaisesMessage(ServiceError, "chỉ nhận số nguyên"):
            self.save(report, houses=Decimal("1.5"))
        with self.assertRaisesMessage(ServiceError, "tối đa 2 chữ số thập phân"):
            self.save(report, road_km=Decimal("1.234"))

    def test_a_change_of_more_than_the_threshold_is_only_a_warning(self):
        p = self.p
        first = self.report_of(p.commune_org)
        self.save(first, resources_vnd=100_000_000)
        services.report_submit(report=first, by=p.commune_officer)
        services.report_approve(report=first, by=p.province_officer)
        second_period = services.period_open(form=self.form, year=2026, number=2, by=p.central)
        second = self.report_of(p.commune_org, second_period)
        self.save(second, resources_vnd=300_000_000)
        warnings = services.report_submit(report=second, by=p.commune_officer)
        self.assertEqual(len(warnings), 1)
        self.assertIn("tăng 200% so với kỳ trước (100.000.000 → 300.000.000)", warnings[0].message)
        self.assertEqual(Period.objects.count(), 2)
