"""A written reference ("23-QĐ/TW; Nghị quyết 25") resolved to the library's documents, as the apps that cite
documents from free text (programmes) do: the exact symbol first, then the one in force, then the newest."""

from documents.models import Document, Kind, Status, Visibility
from documents.seed import load_documents
from documents.selectors import resolve_reference, split_references
from tests.base import BaseTestCase


class ResolveReferenceTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()
        cls.decision = Document.objects.get(code="23-QĐ/TW")

    def test_a_list_splits_on_semicolons_and_lines_not_commas_and_drops_repeats(self):
        self.assertEqual(
            split_references(" 23-QĐ/TW;;Nghị quyết 25-NQ/TW, ngày 03/6/2013\n 23-qđ/tw ;  33/CT-TTg "),
            ["23-QĐ/TW", "Nghị quyết 25-NQ/TW, ngày 03/6/2013", "33/CT-TTg"],
        )
        self.assertEqual(split_references(None), [])

    def test_the_spoken_forms_resolve_and_text_does_not(self):
        for text in ("23-QĐ/TW", "quyet dinh 23", "23 qd/tw", "qđ 23", "Quyết định số 23-QĐ/TW"):
            with self.subTest(text=text):
                self.assertEqual(resolve_reference(self.p.province_officer, text), self.decision)
        for text in ("Quy chế dân vận", "12-KH/UBND", ""):
            with self.subTest(text=text):
                self.assertIsNone(resolve_reference(self.p.province_officer, text))

    def test_the_exact_symbol_wins_then_the_one_in_force(self):
        provincial = Document.objects.create(
            code="23-QĐ/TU", kind=Kind.DECISION, title="Quy định của Tỉnh ủy", issuer="Tỉnh ủy Lâm Đồng"
        )
        officer = self.p.province_officer
        self.assertEqual(resolve_reference(officer, "23-QĐ/TW"), self.decision)
        self.assertEqual(resolve_reference(officer, "23 qđ/tu"), provincial)
        # No issuer written: the newest in force.
        self.assertEqual(resolve_reference(officer, "quyết định 23"), provincial)
        Document.objects.filter(pk=provincial.pk).update(status=Status.REPLACED)
        self.assertEqual(resolve_reference(officer, "quyết định 23"), self.decision)

    def test_an_internal_document_resolves_only_for_those_who_read_it(self):
        Document.objects.filter(pk=self.decision.pk).update(visibility=Visibility.INTERNAL)
        self.assertEqual(resolve_reference(self.p.province_officer, "23-QĐ/TW"), self.decision)
        self.assertIsNone(resolve_reference(self.p.outsider, "23-QĐ/TW"))
