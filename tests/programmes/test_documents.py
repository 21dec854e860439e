"""A programme cites the documents it implements from the library: each written reference resolved by number and
symbol into a citation, linked from the programme's page and listed on the document's; what the library does not hold
stays as text with a note."""

import datetime as dt
import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from documents import services as document_services
from documents.models import Citation, Document, Kind
from documents.seed import load_documents
from lib.errors import ServiceError
from programmes.citations import UNRESOLVED_NOTE, programme_documents_set
from programmes.models import Programme
from tests.programmes.helpers import ProgrammesTestCase

migration = importlib.import_module("programmes.migrations.0003_programme_citations")


def cited_codes(programme) -> list[str]:
    return sorted(programme.citations.values_list("document__code", flat=True))


class ProgrammeDocumentsTest(ProgrammesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()
        cls.resolution = Document.objects.get(code="25-NQ/TW")
        cls.decision = Document.objects.get(code="23-QĐ/TW")

    def test_creating_a_programme_cites_the_documents_the_library_holds_and_keeps_the_others_as_text(self):
        programme = self.make_programme(document_refs="23-QĐ/TW; nghị quyết 25; 12-KH/UBND")
        self.assertEqual(cited_codes(programme), ["23-QĐ/TW", "25-NQ/TW"])
        self.assertEqual(programme.unresolved_refs, "12-KH/UBND")
        citation = Citation.objects.get(document=self.decision)
        self.assertEqual(citation.created_by, self.p.province_officer)
        self.assertTrue(AuditEvent.objects.filter(object_id=str(citation.pk), action="create").exists())

    def test_the_spoken_forms_and_repeats_resolve_to_one_citation_each(self):
        programme = self.make_programme(document_refs="quyet dinh 23\nqđ 23; 23 qd/tw; nq25")
        self.assertEqual(cited_codes(programme), ["23-QĐ/TW", "25-NQ/TW"])
        self.assertEqual(programme.unresolved_refs, "")

    def test_the_exact_symbol_wins_over_a_newer_document_with_the_same_number(self):
        provincial = Document.objects.create(
            code="23-QĐ/TU", kind=Kind.DECISION, title="Quy định của Tỉnh ủy", issuer="Tỉnh ủy Lâm Đồng"
        )
        programme = self.make_programme(document_refs="23-QĐ/TW")
        self.assertEqual(list(programme.citations.values_list("document", flat=True)), [self.decision.pk])
        programme_documents_set(programme=programme, by=self.p.province_officer, references="23-QĐ/TU")
        self.assertEqual(list(programme.citations.values_list("document", flat=True)), [provincial.pk])

    def test_a_list_too_long_changes_nothing(self):
        references = "; ".join(f"{n}-KH/UBND" for n in range(1, 40))
        with self.assertRaises(ServiceError) as caught:
            self.make_programme(document_refs=references)
        self.assertIn("tối đa 30 văn bản", caught.exception.message)
        self.assertFalse(Programme.objects.exists())
        self.assertFalse(Citation.objects.exists())

    def test_the_programme_page_links_the_documents_and_notes_the_unresolved_reference(self):
        programme = self.make_programme(document_refs="25-NQ/TW; 12-KH/UBND")
        self.login(self.p.police_officer)
        page = self.client.get(reverse("programmes:programme", args=[programme.pk]))
        self.assertContains(page, f'href="{reverse("documents:detail", args=[self.resolution.pk])}"')
        self.assertContains(page, "Nghị quyết 25-NQ/TW")
        self.assertContains(page, "12-KH/UBND")
        self.assertContains(page, UNRESOLVED_NOTE)
        self.assertContains(page, "25-NQ/TW; 12-KH/UBND</textarea>")  # the edit form, for a lead party

    def test_the_document_page_lists_the_programme_to_those_who_may_see_it(self):
        programme = self.make_programme()
        url = reverse("documents:detail", args=[self.decision.pk])
        link = f'<a href="{reverse("programmes:programme", args=[programme.pk])}">{escape(programme.title)}</a>'
        for user in (self.p.province_officer, self.p.military_officer, self.p.central):
            self.login(user)
            self.assertContains(self.client.get(url), f"Chương trình: {link}")
        for user in (self.p.far_officer, self.p.commune_officer):
            self.login(user)
            self.assertNotContains(self.client.get(url), link)
        self.client.logout()
        self.assertNotContains(self.client.get(url), link)

    def test_editing_the_list_adds_and_removes_citations_and_resolves_a_newly_published_document(self):
        programme = self.make_programme(document_refs="23-QĐ/TW; 05-KH/UBND")
        self.login(self.p.police_officer)  # a lead party runs the programme too
        act = reverse("programmes:programme_act", args=[programme.pk, "van-ban"])
        response = self.client.post(act, {"document_refs": "25-NQ/TW; 05-KH/UBND"}, follow=True)
        self.assertContains(response, "Đã cập nhật văn bản thực hiện.")
        self.assertContains(response, "Chưa có trong thư viện văn bản: 05-KH/UBND.")
        programme.refresh_from_db()
        self.assertEqual((cited_codes(programme), programme.unresolved_refs), (["25-NQ/TW"], "05-KH/UBND"))
        self.assertTrue(AuditEvent.objects.filter(action="delete", object_repr__contains="thôi căn cứ").exists())

        document_services.document_create(
            by=self.p.province_officer, owner=self.p.province_org, code="05-KH/UBND", kind=Kind.PLAN,
            title="Kế hoạch thực hiện chương trình phối hợp", issuer="UBND tỉnh Lâm Đồng",
            issued_on=dt.date(2026, 2, 1),
        )  # fmt: skip
        self.client.post(act, {"document_refs": "25-NQ/TW; 05-KH/UBND"})
        programme.refresh_from_db()
        self.assertEqual((cited_codes(programme), programme.unresolved_refs), (["05-KH/UBND", "25-NQ/TW"], ""))
        change = AuditEvent.objects.filter(action="update", object_id=str(programme.pk)).latest("pk")
        self.assertEqual(change.changes["unresolved_refs"], ["05-KH/UBND", ""])

    def test_a_cooperating_party_or_an_outsider_may_not_change_the_list(self):
        programme = self.make_programme()
        with self.assertRaises(ServiceError) as caught:
            programme_documents_set(programme=programme, by=self.p.military_officer, references="")
        self.assertEqual(caught.exception.status_code, 403)
        self.login(self.p.military_officer)
        act = reverse("programmes:programme_act", args=[programme.pk, "van-ban"])
        page = self.client.post(act, {"document_refs": ""}, follow=True)
        self.assertContains(page, "Chỉ cơ quan thường trực, cơ quan chủ trì chương trình")
        self.assertNotContains(page, 'id="documents-form"')
        self.login(self.p.far_officer)
        self.assertEqual(self.client.post(act, {"document_refs": ""}).status_code, 404)
        self.assertEqual(cited_codes(programme), ["23-QĐ/TW", "25-NQ/TW"])

    def test_deleting_a_programme_deletes_its_citations(self):
        programme = self.make_programme()
        Programme.objects.filter(pk=programme.pk).delete()
        self.assertFalse(Citation.objects.exists())


class MigrationTest(ProgrammesTestCase):
    """The data step of migration 0003 over the current models (the column it reads is already renamed then)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()

    def written(self, text: str) -> Programme:
        programme = self.make_programme(document_refs="")
        Programme.objects.filter(pk=programme.pk).update(unresolved_refs=text)
        return programme

    def test_existing_references_become_citations_and_the_others_stay_as_text(self):
        first = self.written("23-QĐ/TW; 25-NQ/TW")
        second = self.written("Chỉ thị 33/CT-TTg; Nghị quyết 12-NQ/TU; qđ 23")
        untouched = self.written("")
        migration.resolve_references(apps, None)
        for programme in (first, second, untouched):
            programme.refresh_from_db()
        self.assertEqual((cited_codes(first), first.unresolved_refs), (["23-QĐ/TW", "25-NQ/TW"], ""))
        self.assertEqual(
            (cited_codes(second), second.unresolved_refs), (["23-QĐ/TW", "33/CT-TTg"], "Nghị quyết 12-NQ/TU")
        )
        self.assertEqual(cited_codes(untouched), [])
        self.assertEqual(Citation.objects.get(object_id=first.pk, document__code="25-NQ/TW").created_by_id,
                         first.created_by_id)  # fmt: skip

    def test_running_it_twice_makes_no_second_citation(self):
        programme = self.written("23-QĐ/TW; 12-NQ/TU")
        migration.resolve_references(apps, None)
        migration.resolve_references(apps, None)
        self.assertEqual(Citation.objects.filter(object_id=programme.pk).count(), 1)

    def test_reversed_the_symbols_go_back_into_the_text(self):
        programme = self.written("25-NQ/TW; 12-NQ/TU")
        migration.resolve_references(apps, None)
        migration.restore_text(apps, None)
        programme.refresh_from_db()
        self.assertEqual(programme.unresolved_refs, "25-NQ/TW; 12-NQ/TU")
        content_type = ContentType.objects.get_for_model(Programme)
        self.assertFalse(Citation.objects.filter(content_type=content_type).exists())


class ApiDocumentsTest(ProgrammesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()

    def test_the_api_creates_shows_and_edits_the_documents_of_a_programme(self):
        p = self.p
        self.login(p.province_officer)
        created = self.client.post("/api/v1/programmes/", {
            "organization": p.province_org.pk, "title": "Chương trình hành động thực hiện Nghị quyết 25",
            "kind": "action", "start_year": 2026, "end_year": 2030, "document_refs": "nq 25; 12-KH/UBND",
        }, content_type="application/json")  # fmt: skip
        self.assertEqual(created.status_code, 201, created.content[:300])
        body = created.json()
        resolution = Document.objects.get(code="25-NQ/TW")
        self.assertEqual(
            body["documents"],
            [{"id": resolution.pk, "code": "25-NQ/TW", "kind": "resolution", "label": "Nghị quyết 25-NQ/TW",
              "title": resolution.title, "status": "in_force"}],
        )  # fmt: skip
        self.assertEqual(body["unresolved_refs"], ["12-KH/UBND"])

        url = f"/api/v1/programmes/{body['id']}/documents/"
        edited = self.client.post(url, {"document_refs": "23-QĐ/TW; 290-QĐ/TW"}, content_type="application/json")
        self.assertEqual(edited.status_code, 200, edited.content[:300])
        self.assertEqual([d["code"] for d in edited.json()["documents"]], ["23-QĐ/TW", "290-QĐ/TW"])
        self.assertEqual(edited.json()["documents"][1]["status"], "replaced")
        self.assertEqual(edited.json()["unresolved_refs"], [])
        shown = self.client.get(f"/api/v1/programmes/{body['id']}/").json()
        self.assertEqual([d["code"] for d in shown["documents"]], ["23-QĐ/TW", "290-QĐ/TW"])

        self.login(p.military_officer)  # a cooperating party reads, but may not edit
        self.assertEqual(self.client.post(url, {"document_refs": ""}, content_type="application/json").status_code, 403)
        self.login(p.far_officer)
        self.assertEqual(self.client.post(url, {"document_refs": ""}, content_type="application/json").status_code, 404)
        self.assertEqual(Citation.objects.filter(object_id=body["id"]).count(), 2)

    def test_the_list_reads_the_documents_of_a_page_in_a_fixed_number_of_queries(self):
        for refs in ("23-QĐ/TW; 25-NQ/TW", "33/CT-TTg", "12-KH/UBND"):
            self.make_programme(document_refs=refs)
        self.login(self.p.central)
        ContentType.objects.get_for_model(Programme)  # the content types cache, as in a running server
        self.client.get("/api/v1/programmes/")  # the session and the user's roles, read once
        # Session, user, the user's memberships, the page (short: no count), the page's citations with their documents.
        with self.assertNumQueries(5):
            rows = self.client.get("/api/v1/programmes/").json()["results"]
        self.assertEqual(
            sorted((tuple(d["code"] for d in r["documents"]), tuple(r["unresolved_refs"])) for r in rows),
            [((), ("12-KH/UBND",)), (("25-NQ/TW", "23-QĐ/TW"), ()), (("33/CT-TTg",), ())],  # oldest issued first
        )
