"""`danvan load-demo` also makes demo cases in every state, through the services."""

import io

from django.core.management import call_command
from django.test import TestCase

from cases.models import Case, RoutingRule, Status
from geo.loader import load_units
from orgs.models import User


class DemoCasesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        cls.out = io.StringIO()
        call_command("load_demo", stdout=cls.out)

    def test_demo_cases_cover_the_lifecycle_and_an_escalation(self):
        self.assertIn("Đã tạo 9 ý kiến, kiến nghị mẫu", self.out.getvalue())
        self.assertEqual(
            set(Case.objects.values_list("status", flat=True)),
            set(Status.values),  # every state, the dismissed one included (issue 21)
        )
        escalated = Case.objects.get(escalation_level=1)
        self.assertEqual(escalated.escalated_to.name, "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
        self.assertTrue(RoutingRule.objects.filter(unit__code="24781").exists())
        self.client.force_login(User.objects.get(username="tinh.lamdong"))
        self.assertContains(self.client.get("/y-kien/?han=overdue"), escalated.display_code)
        self.client.force_login(User.objects.get(username="xa.24781"))
        self.assertContains(self.client.get("/y-kien/"), "Chậm chi trả tiền bồi thường")

    def test_loading_again_creates_nothing(self):
        before = Case.objects.count()
        call_command("load_demo", stdout=io.StringIO())
        self.assertEqual(Case.objects.count(), before)
