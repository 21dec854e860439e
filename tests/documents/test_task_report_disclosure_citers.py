"""Issue 23: programme tasks, periodic reports and disclosures cite documents as practices and dialogues do — the
"Căn cứ văn bản" section on their pages, and the document's page lists them to those who may see them. A unit's
study of a directive ("học tập, quán triệt") is a task citing it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from democracy.models import Disclosure
from documents import services
from documents.models import Citation, Document
from documents.seed import load_documents
from programmes.models import Task
from tests.democracy.helpers import quarterly_disclosure
from tests.reports.helpers import ReportsTestCase


class TaskReportDisclosureCitationTests(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()
        cls.decision = Document.objects.get(code="23-QĐ/TW")
        cls.task = Task.objects.create(
            title="Học tập, quán triệt Quyết định 23-QĐ/TW",
            owner=cls.p.commune_org,
            unit=cls.p.commune,
            province=cls.p.province,
            level="commune",
            deadline=dt.date(2026, 12, 31),
            created_by=cls.p.commune_officer,
        )
        cls.far_task = Task.objects.create(
            title="Nhiệm vụ của phường Cẩm Thành",
            owner=cls.p.far_org,
            unit=cls.p.far_commune,
            province=cls.p.far_commune.province,
            level="commune",
            deadline=dt.date(2026, 12, 31),
            created_by=cls.p.admin,
        )

    def cite(self, label: str, obj, page: str):
        data = {"object": label, "object_id": obj.pk, "code": "qđ 23", "next": page}
        return self.client.post(reverse("documents:cite", args=["them"]), data)

    def test_a_task_cites_the_directive_it_carries_out_and_the_directive_lists_it(self):
        self.login(self.p.commune_officer)
        page = reverse("programmes:task", args=[self.task.pk])
        self.assertContains(self.client.get(page), "Căn cứ văn bản")
        self.assertRedirects(self.cite("programmes.task", self.task, page), page)
        self.assertContains(self.client.get(page), "23-QĐ/TW")
        services.citation_add(obj=self.far_task, document=self.decision, by=self.p.admin)

        document = reverse("documents:detail", args=[self.decision.pk])
        self.login(self.p.province_officer)
        listed = self.client.get(document)
        self.assertContains(listed, self.task.title)
        self.assertContains(listed, page)
        self.assertNotContains(listed, self.far_task.title)  # another province's task
        self.login(self.p.central)
        self.assertContains(self.client.get(document), self.far_task.title)

    def test_another_body_may_not_cite_for_a_task(self):
        self.login(self.p.other_commune_officer)
        self.cite("programmes.task", self.task, "/")
        self.assertFalse(Citation.objects.exists())

    def test_a_report_and_a_disclosure_cite_documents_from_their_pages(self):
        report = self.report_of(self.p.commune_org)
        disclosure = quarterly_disclosure(self.p, posted=dt.date(2026, 10, 5))
        self.login(self.p.commune_officer)
        for label, obj, page in (
            ("reports.report", report, reverse("reports:detail", args=[report.pk])),
            ("democracy.disclosure", disclosure, reverse("democracy:disclosure", args=[disclosure.pk])),
        ):
            self.assertContains(self.client.get(page), "Căn cứ văn bản")
            self.assertRedirects(self.cite(label, obj, page), page)
            self.assertContains(self.client.get(page), "23-QĐ/TW")
        listed = self.client.get(reverse("documents:detail", args=[self.decision.pk]))
        self.assertContains(listed, reverse("reports:detail", args=[report.pk]))
        self.assertContains(listed, reverse("democracy:disclosure", args=[disclosure.pk]))
        self.assertEqual(Citation.objects.filter(document=self.decision).count(), 2)
        self.assertTrue(Disclosure.objects.filter(pk=disclosure.pk).exists())

    def test_report_citers_cost_no_query_per_report(self):
        from django.contrib.contenttypes.models import ContentType

        from documents import selectors
        from reports.models import Report

        reports = list(Report.objects.filter(period=self.period)[:3])
        self.assertEqual(len(reports), 3)
        for report in reports:
            services.citation_add(obj=report, document=self.decision, by=self.p.admin)
        ContentType.objects.get_for_model(Report)  # the content types cache, as in a running server
        citations = list(selectors.citers_for(self.decision, self.p.central))
        # One read of the reports with their periods and organisations, whatever their number.
        with self.assertNumQueries(1):
            described = selectors.describe_citers(citations)
        self.assertEqual(len(described), 3)
        self.assertTrue(all(c.label.startswith("Báo cáo ") and c.url for c in described))
