"""`danvan load-demo` over the real units: a six-month period with reports in every state, through the services."""

import io

from django.core.management import call_command
from django.test import TestCase

from demo.reports import load_demo_reports
from geo.loader import load_units
from reports import selectors, store
from reports.models import Period, Report, Status


class DemoReportsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        call_command("load_demo", stdout=io.StringIO())

    def test_demo_reports_cover_the_states_and_the_rollup_is_exact(self):
        period = Period.objects.get(year=2026, number=1)
        states = set(Report.objects.filter(period=period).values_list("status", flat=True))
        self.assertEqual(states, {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED})
        roll = selectors.rollup(period, None)
        self.assertEqual(roll.value("resources_vnd").figure.value, 1_850_000_000)  # only the approved report
        self.assertEqual(store.differences(period.pk), [])
        self.assertEqual(load_demo_reports(), 0)  # loading again creates nothing
        from orgs.models import User

        self.client.force_login(User.objects.get(username="tinh.lamdong"))
        page = self.client.get("/bao-cao/").content.decode()
        self.assertIn("Báo cáo chờ duyệt", page)
