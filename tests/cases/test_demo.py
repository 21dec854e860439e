"""`danvan load-demo` also makes demo cases in every state, through the services."""

import io

from django.core.management import call_command
from django.test import TestCase

from cases.competence import DECISION_KINDS
from cases.models import Case, Hotspot, RoutingRule, Status
from geo.loader import load_units
from orgs.models import User


class DemoCasesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        cls.out = io.StringIO()
        call_command("load_demo", stdout=cls.out)

    def test_demo_cases_cover_the_lifecycle_and_an_escalation(self):
        self.assertIn("Đã tạo 15 ý kiến, kiến nghị mẫu", self.out.getvalue())
        self.assertEqual(
            set(Case.objects.values_list("status", flat=True)),
            set(Status.values),  # every state, the dismissed one included (issue 21)
        )
        escalated = Case.objects.get(escalation_level=1)
        self.assertEqual(escalated.escalated_to.name, "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
        self.assertTrue(RoutingRule.objects.filter(unit__code="24781").exists())
        self.client.force_login(User.objects.get(username="tinh.lamdong"))
        self.assertContains(self.client.get("/y-kien/?han=overdue"), escalated.display_code)
        # The complaint is in the queue of the ward's People's Committee, whose chairman decides it.
        self.client.force_login(User.objects.get(username="ubnd.24781"))
        self.assertContains(self.client.get("/y-kien/"), "Chậm chi trả tiền bồi thường")
        self.client.force_login(User.objects.get(username="xa.24781"))
        self.assertNotContains(self.client.get("/y-kien/"), "Chậm chi trả tiền bồi thường")

    def test_the_demo_shows_the_legal_path_of_complaints_and_denunciations(self):
        # A complaint sent to a Party committee was forwarded to the chairman of the People's Committee.
        letter = Case.objects.get(title__contains="gửi Đảng ủy phường")
        transfer = letter.events.get(action="transfer")
        self.assertTrue(transfer.from_organization.name.startswith("Đảng ủy"))
        self.assertTrue(letter.organization.name.startswith("UBND"))
        self.assertIn("Chuyển đơn đến Chủ tịch UBND", transfer.note)
        self.assertEqual(letter.status, Status.ACCEPTED)
        # Every complaint and denunciation accepted in the demo was accepted by an administrative body.
        accepted = Case.objects.filter(kind__in=DECISION_KINDS, accepted_on__isnull=False)
        self.assertEqual({c.organization.org_type.code for c in accepted}, {"ubnd"})
        # The second round went to the province's chairman, linked to the first, with its own clock.
        second = Case.objects.get(kind="complaint_second")
        self.assertEqual(second.organization.name, "UBND tỉnh Lâm Đồng")
        self.assertEqual(second.first_round.status, Status.CLOSED)
        self.assertIsNotNone(second.resolve_due)
        # Denunciations: the complex one extended once, the ordinary one not; the unsigned one is information.
        self.assertEqual(
            sorted(
                Case.objects.filter(kind="denunciation", accepted_on__isnull=False).values_list(
                    "extensions", "is_complex"
                )
            ),
            [(0, False), (1, True)],
        )
        self.assertTrue(Case.objects.get(is_denunciation_info=True).due_date is None)
        # A điểm nóng confirmed by the province's officer, with its cases and the police among its bodies.
        hotspot = Hotspot.objects.get()
        self.assertEqual(hotspot.status, "confirmed")
        self.assertEqual(hotspot.cases.count(), 2)
        self.assertIn("cong-an", {b.org_type.code for b in hotspot.bodies.all()})

    def test_loading_again_creates_nothing(self):
        before = Case.objects.count()
        call_command("load_demo", stdout=io.StringIO())
        self.assertEqual(Case.objects.count(), before)
