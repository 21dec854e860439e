"""The report generator at a tiny scale over the real units: ten periods, history on the old hierarchy, exact store."""

from django.db import connection
from django.test import TestCase

from datagen.base import Context
from datagen.orgs import generate_orgs
from datagen.reports import PERIODS, generate_reports
from geo.loader import load_units
from geo.models import REFORM_2025
from reports import selectors, store
from reports.models import Period, Report


class GenerateReportsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        ctx = Context(scale=0.003, seed=7, log=lambda m: None)
        generate_orgs(ctx)
        cls.made = generate_reports(ctx)
        # As `danvan generate` does: without statistics on the freshly filled tables PostgreSQL plans verify's
        # joins as if they were empty (nested loops: minutes instead of a second).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def test_ten_periods_approved_and_the_store_matches_the_raw_values(self):
        self.assertEqual(Period.objects.count(), len(PERIODS))
        self.assertEqual(len(PERIODS), 10)
        self.assertGreater(self.made, 0)
        for period in Period.objects.all():
            self.assertEqual(store.differences(period.pk), [], period.label)
        self.assertEqual(generate_reports(Context(scale=0.003, seed=7, log=lambda m: None)), 0)  # idempotent

    def test_old_periods_sit_on_the_old_hierarchy(self):
        old = Period.objects.get(year=2024, number=2)
        units = Report.objects.filter(period=old, unit__level="commune").values_list("unit__valid_to", flat=True)
        self.assertTrue(units)
        self.assertTrue(all(u < REFORM_2025 for u in units))
        national = selectors.rollup_totals(old.pk, None)
        by_district = Report.objects.filter(period=old, unit__district__isnull=False).count()
        self.assertGreater(by_district, 0)  # communes under districts, as before 1/7/2025
        self.assertTrue(national)
