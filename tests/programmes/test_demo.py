"""`danvan load-demo` gives the demo coordination programme its documents from the seeded library: the programme's
page links 23-QĐ/TW and 25-NQ/TW, and their pages list the programme."""

import io

from django.core.management import call_command
from django.test import TestCase

from documents.models import Document
from geo.loader import load_units
from orgs.models import User
from programmes.models import Programme


class DemoProgrammeDocumentsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        call_command("load_demo", stdout=io.StringIO())

    def test_the_demo_programme_cites_the_seeded_documents(self):
        programme = Programme.objects.get(number="05-CTr/BTGDVTU-CA-QS")
        self.assertEqual(programme.unresolved_refs, "")
        self.assertEqual(sorted(programme.citations.values_list("document__code", flat=True)), ["23-QĐ/TW", "25-NQ/TW"])
        self.client.force_login(User.objects.get(username="trunguong"))
        decision = Document.objects.get(code="23-QĐ/TW")
        self.assertContains(self.client.get(programme.get_absolute_url()), decision.get_absolute_url())
        self.assertContains(self.client.get(decision.get_absolute_url()), programme.get_absolute_url())
