"""Shared set-up for report tests: the standard six-month form and its 2026 first-half period."""

from reports import services
from reports.catalogue import standard_form
from reports.models import Indicator, Report
from tests.base import BaseTestCase


class ReportsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.form = standard_form()
        cls.period = services.period_open(form=cls.form, year=2026, number=1, by=cls.p.central)
        cls.ind = {i.code: i for i in Indicator.objects.all()}

    def report_of(self, org, period=None) -> Report:
        return Report.objects.select_related("unit", "period__form", "organization").get(
            organization=org, period=period or self.period
        )

    def key(self, code: str, breakdown: str = "") -> tuple[int, str]:
        return (self.ind[code].pk, breakdown)

    def save(self, report, by=None, **values):
        """Save typed figures by indicator code: save(report, propaganda_sessions=3, road_km=Decimal("2.5"))."""
        return services.report_save(
            report=report, by=by or self.p.commune_officer, values={self.key(k): v for k, v in values.items()}
        )
