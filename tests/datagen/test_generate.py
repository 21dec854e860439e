"""The generator at a tiny scale over the real units: deterministic, coherent, usable by every read."""

import datetime as dt
import io

from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import TestCase

from datagen.base import Context
from datagen.orgs import generate_orgs
from datagen.practices import generate_practices
from geo.models import REFORM_2025
from orgs.models import Organization
from practices.models import RECOGNISED_STATES, Commendation, Practice, Score, Status
from practices.selectors import practice_statistics


def _fingerprint():
    return list(Practice.objects.order_by("created_at", "id").values_list("name", "status", "unit_id", "money_vnd"))


class GenerateTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = io.StringIO()
        call_command("generate", scale=0.003, seed=11, stdout=out)
        cls.output = out.getvalue()

    def test_it_loads_units_when_missing_and_reports_what_it_made(self):
        self.assertIn("Nạp danh mục đơn vị hành chính", self.output)
        self.assertIn("Xong sau", self.output)
        self.assertEqual(Practice.objects.count(), round(408_000 * 0.003))
        # Every province has its bodies; a sample of communes has theirs.
        self.assertEqual(Organization.objects.filter(tier="province", org_type__code="ban-tgdv").count(), 34)

    def test_the_same_seed_gives_the_same_rows(self):
        before = _fingerprint()
        Score.objects.all().delete()
        Commendation.objects.all().delete()
        Practice.objects.update(source=None)
        Practice.objects.all().delete()
        ctx = Context(scale=0.003, seed=11, log=lambda m: None)
        generate_practices(ctx, generate_orgs(ctx))
        self.assertEqual(_fingerprint(), before)

    def test_every_state_appears_and_the_rows_are_coherent(self):
        states = dict(Practice.objects.values_list("status").annotate(n=Count("id")))
        self.assertEqual(set(states), set(Status.values))
        # A practice registered before 1/7/2025 points at a unit that existed on that day.
        self.assertFalse(
            Practice.objects.filter(created_at__date__lt=REFORM_2025, unit__valid_from__gte=REFORM_2025).exists()
        )
        self.assertFalse(Practice.objects.filter(created_at__date__gte=REFORM_2025, unit__valid_to__lt=REFORM_2025))
        # Replicated ones have descendants, adoptions come after their source.
        replicated = Practice.objects.filter(status=Status.REPLICATED)
        self.assertFalse(replicated.filter(descendants__isnull=True).exists())
        self.assertFalse(Practice.objects.filter(source__isnull=False, created_at__lt=F("source__created_at")).exists())
        # Commendations only for commended practices; recognition level only when recognised.
        self.assertFalse(Commendation.objects.exclude(practice__status__in=[Status.COMMENDED, Status.REPLICATED]))
        self.assertFalse(Practice.objects.filter(~Q(status__in=RECOGNISED_STATES), ~Q(recognition_level="")))
        self.assertTrue(Practice.objects.filter(created_at__date__lt=dt.date(2022, 1, 1)).exists())

    def test_reads_work_on_the_generated_rows(self):
        self.assertGreater(Practice.objects.search("nong thon moi").count(), 0)
        stats = practice_statistics()
        self.assertEqual(stats["registered"], Practice.objects.exclude(status=Status.DRAFT).count())
        self.assertGreater(stats["money_vnd"], 0)
