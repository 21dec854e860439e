"""`danvan reports verify` finds nothing on an exact store and names a tampered row."""

import io

from django.core.management import CommandError, call_command

from reports import services
from reports.models import RollupValue
from tests.reports.helpers import ReportsTestCase


class VerifyTest(ReportsTestCase):
    def test_it_finds_no_difference_then_reports_a_tampered_row(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, houses=5, largest_gathering=30)
        services.report_submit(report=report, by=self.p.commune_officer)
        services.report_approve(report=report, by=self.p.province_officer)
        out = io.StringIO()
        call_command("reports", "verify", stdout=out)
        self.assertIn("6 tháng đầu năm 2026: khớp", out.getvalue())
        RollupValue.objects.filter(unit=self.p.province, indicator=self.ind["houses"]).update(total=6)
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 kỳ báo cáo có số liệu tổng hợp không khớp"):
            call_command("reports", "verify", f"--period={self.period.pk}", stdout=out)
        self.assertIn("lưu (6, 1, 'province'), tính lại (5, 1, 'province')", out.getvalue())
