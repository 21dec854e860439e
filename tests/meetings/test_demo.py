"""`danvan load-demo` also makes a held dialogue recorded afterwards, with open and overdue commitments, and one
announced for the coming days — through the services, so every dialogue page shows something on first login."""

import io

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from geo.loader import load_units
from meetings.models import Commitment, Dialogue, DialogueStatus
from orgs.models import User


class DemoDialoguesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        cls.out = io.StringIO()
        call_command("load_demo", stdout=cls.out)

    def test_a_held_dialogue_with_open_and_overdue_commitments_and_one_coming(self):
        self.assertIn("Đã tạo 2 hội nghị đối thoại mẫu", self.out.getvalue())
        held = Dialogue.objects.get(status=DialogueStatus.HELD)
        self.assertTrue(held.recorded_afterwards)
        self.assertEqual(held.questions.exclude(answer="").count(), 3)
        states = sorted(c.state_on(timezone.localdate()) for c in held.commitments.all())
        self.assertEqual(states, ["open", "open", "overdue"])
        self.assertTrue(Dialogue.objects.filter(status=DialogueStatus.ANNOUNCED, recorded_afterwards=False).exists())
        self.client.force_login(User.objects.get(username="xa.24781"))
        home = self.client.get("/")
        self.assertContains(home, "Cam kết sau đối thoại quá hạn thực hiện")
        self.assertContains(home, "Hội nghị đối thoại sắp diễn ra")

    def test_loading_again_creates_nothing(self):
        before = (Dialogue.objects.count(), Commitment.objects.count())
        call_command("load_demo", stdout=io.StringIO())
        self.assertEqual((Dialogue.objects.count(), Commitment.objects.count()), before)
