"""Citations: practices and dialogues cite documents; a document lists its citers, scoped to the viewer."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from documents import selectors, services
from documents.models import Citation, Document
from documents.seed import load_documents
from lib.errors import ServiceError
from meetings.models import Dialogue
from practices.models import Field, Kind, Practice, Status
from tests.base import BaseTestCase


class CitationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()
        cls.resolution = Document.objects.get(code="25-NQ/TW")
        cls.decision = Document.objects.get(code="23-QĐ/TW")
        cls.practice = Practice.objects.create(
            name="Dân vận khéo trong hiến đất làm đường",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            organization=cls.p.commune_org,
            unit=cls.p.commune,
            year=2026,
            created_by=cls.p.commune_officer,
        )
        cls.far_practice = Practice.objects.create(
            name="Mô hình phường Cẩm Thành",
            kind=Kind.MODEL,
            field=Field.SOCIETY,
            organization=cls.p.far_org,
            unit=cls.p.far_commune,
            year=2026,
            created_by=cls.p.admin,
        )
        cls.dialogue = Dialogue.objects.create(
            organization=cls.p.commune_org,
            unit=cls.p.commune,
            title="Đối thoại về giải phóng mặt bằng",
            starts_at=timezone.make_aware(dt.datetime(2026, 11, 20, 8, 0)),
            place="Hội trường",
            announced_on=dt.date(2026, 11, 10),
            created_by=cls.p.commune_officer,
        )

    def test_the_practice_page_adds_and_removes_a_citation_by_symbol(self):
        self.login(self.p.commune_officer)
        page = reverse("practices:detail", args=[self.practice.pk])
        self.assertContains(self.client.get(page), "Căn cứ văn bản")
        data = {"object": "practices.practice", "object_id": self.practice.pk, "code": "nghị quyết 25", "next": page}
        response = self.client.post(reverse("documents:cite", args=["them"]), data)
        self.assertRedirects(response, page)
        citation = Citation.objects.get()
        self.assertEqual((citation.document, citation.object_id), (self.resolution, self.practice.pk))
        self.assertTrue(AuditEvent.objects.filter(object_id=str(citation.pk), action="create").exists())
        self.assertContains(self.client.get(page), "Nghị quyết 25-NQ/TW")
        self.client.post(
            reverse("documents:cite", args=["bo"]),
            {"object": "practices.practice", "object_id": self.practice.pk, "document": self.resolution.pk},
        )
        self.assertFalse(Citation.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(object_id=str(citation.pk), action="delete").exists())

    def test_an_unknown_symbol_changes_nothing_and_says_so(self):
        self.login(self.p.commune_officer)
        data = {"object": "practices.practice", "object_id": self.practice.pk, "code": "nq 999"}
        response = self.client.post(reverse("documents:cite", args=["them"]), data, follow=True)
        self.assertContains(response, "Không tìm thấy văn bản “nq 999”")
        self.assertFalse(Citation.objects.exists())

    def test_an_officer_of_another_body_may_not_cite_for_it(self):
        with self.assertRaises(ServiceError) as caught:
            services.citation_add(obj=self.practice, document=self.decision, by=self.p.other_commune_officer)
        self.assertEqual(caught.exception.status_code, 403)
        self.login(self.p.other_commune_officer)
        data = {"object": "practices.practice", "object_id": self.practice.pk, "code": "23-QĐ/TW"}
        self.client.post(reverse("documents:cite", args=["them"]), data)
        self.assertFalse(Citation.objects.exists())

    def test_only_apps_that_cite_are_reachable(self):
        self.login(self.p.admin)
        data = {"object": "orgs.user", "object_id": self.p.admin.pk, "code": "23-QĐ/TW"}
        self.assertEqual(self.client.post(reverse("documents:cite", args=["them"]), data).status_code, 404)

    def test_the_document_page_lists_only_the_citers_the_viewer_may_see(self):
        services.citation_add(obj=self.practice, document=self.decision, by=self.p.commune_officer, note="Điều 5")
        services.citation_add(obj=self.far_practice, document=self.decision, by=self.p.admin)
        services.citation_add(obj=self.dialogue, document=self.decision, by=self.p.commune_officer)
        url = reverse("documents:detail", args=[self.decision.pk])

        self.login(self.p.province_officer)
        page = self.client.get(url)
        self.assertContains(page, self.practice.name)
        self.assertContains(page, reverse("practices:detail", args=[self.practice.pk]))
        self.assertContains(page, "Điều 5")
        self.assertContains(page, self.dialogue.title)
        self.assertContains(page, reverse("meetings:dialogue", args=[self.dialogue.pk]))
        self.assertNotContains(page, self.far_practice.name)

        self.login(self.p.central)
        self.assertContains(self.client.get(url), self.far_practice.name)

        self.client.logout()
        anonymous = self.client.get(url)
        self.assertEqual(anonymous.status_code, 200)
        for hidden in (self.practice.name, self.far_practice.name, self.dialogue.title):
            self.assertNotContains(anonymous, hidden)

    def test_a_recognised_practice_is_a_public_citer(self):
        Practice.objects.filter(pk=self.far_practice.pk).update(status=Status.RECOGNISED)
        services.citation_add(obj=self.far_practice, document=self.decision, by=self.p.admin)
        self.assertContains(
            self.client.get(reverse("documents:detail", args=[self.decision.pk])), self.far_practice.name
        )

    def test_the_citers_of_a_page_cost_a_fixed_number_of_queries(self):
        for practice in (self.practice, self.far_practice):
            services.citation_add(obj=practice, document=self.decision, by=self.p.admin)
        services.citation_add(obj=self.dialogue, document=self.decision, by=self.p.admin)
        user = self.p.central
        ContentType.objects.get_for_model(Practice)  # the content types cache, as in a running server
        ContentType.objects.get_for_model(Dialogue)
        # The kinds of citer; the viewer's scope; the page of citations; one read per kind (practices, dialogues).
        with self.assertNumQueries(5):
            citations = list(selectors.citers_for(self.decision, user))
            described = selectors.describe_citers(citations)
        self.assertEqual(len(described), 3)

    def test_the_dialogue_page_shows_its_documents(self):
        services.citation_add(obj=self.dialogue, document=self.resolution, by=self.p.commune_officer)
        self.login(self.p.commune_officer)
        page = self.client.get(reverse("meetings:dialogue", args=[self.dialogue.pk]))
        self.assertContains(page, "Căn cứ văn bản")
        self.assertContains(page, "Nghị quyết 25-NQ/TW")

    def test_a_replaced_document_is_marked_where_it_is_cited(self):
        old = Document.objects.get(code="290-QĐ/TW")
        services.citation_add(obj=self.practice, document=old, by=self.p.commune_officer)
        self.login(self.p.commune_officer)
        page = self.client.get(reverse("practices:detail", args=[self.practice.pk]))
        self.assertContains(page, "Đã được thay thế bởi Quyết định 23-QĐ/TW")
