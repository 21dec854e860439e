"""`danvan generate` makes programmes, tasks, inspections and contributions over the real units."""

import io

from django.core.management import call_command
from django.db.models import Avg, Case, F, FloatField, IntegerField, Value, When
from django.test import TestCase

from datagen.programmes import seeded_references
from documents.models import Citation, Document
from documents.seed import load_documents
from orgs.models import Organization
from programmes import selectors
from programmes.models import Contribution, Inspection, Programme, Task, TaskStatus


class GenerateProgrammesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_documents()  # the seeded library: the programmes cite 23-QĐ/TW and 25-NQ/TW from it
        out = io.StringIO()
        call_command("generate", scale=0.01, seed=5, only="programmes", stdout=out)
        cls.output = out.getvalue()

    def test_it_makes_a_programme_per_province_with_plans_tasks_inspections_and_contributions(self):
        self.assertIn("chương trình phối hợp: 34 chương trình", self.output)
        self.assertEqual(Programme.objects.count(), 34)
        self.assertEqual(set(Task.objects.values_list("status", flat=True).distinct()), set(TaskStatus.values))
        self.assertTrue(Task.objects.filter(level="commune", parent__isnull=False).exists())
        self.assertTrue(Task.objects.filter(finding__isnull=False).exists())
        self.assertEqual(Inspection.objects.count(), 34 * 3)
        self.assertEqual(set(Contribution.objects.values_list("force", flat=True).distinct()), {"police", "military"})

    def test_each_programme_cites_the_seeded_documents_it_implements(self):
        programmes = Programme.objects.all()
        self.assertFalse(programmes.exclude(unresolved_refs="").exists())
        self.assertEqual(Citation.objects.count(), 34 * 2)
        self.assertEqual(
            sorted(programmes.first().citations.values_list("document__code", flat=True)), ["23-QĐ/TW", "25-NQ/TW"]
        )

    def test_without_the_seeded_library_the_references_stay_as_text(self):
        Citation.objects.all().delete()
        Document.objects.filter(code="23-QĐ/TW").update(code="23-QĐ/TW (bản lưu)")
        self.assertEqual(seeded_references(), ([Document.objects.get(code="25-NQ/TW").pk], "23-QĐ/TW"))

    def test_a_parent_progress_is_the_mean_of_its_subtasks(self):
        parent = Task.objects.filter(children__isnull=False).distinct().order_by("id").first()
        mean = (
            parent.children.exclude(status="cancelled")
            .aggregate(m=Avg(Case(When(status="done", then=Value(100)), default=F("progress"),
                                  output_field=IntegerField()), output_field=FloatField()))["m"]
        )  # fmt: skip
        self.assertEqual(parent.progress, round(mean))

    def test_a_party_queue_reads_the_generated_tasks(self):
        police = Task.objects.filter(owner__org_type__code="cong-an").values_list("owner", flat=True).first()
        rows = selectors.task_queue(Organization(pk=police), state="open")[0:25]
        self.assertTrue(rows)
        self.assertEqual([r.deadline for r in rows], sorted(r.deadline for r in rows))
