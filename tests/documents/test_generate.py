"""The generated library (`danvan generate`): the scaled count, deterministic, coherent, found by every read."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.test import TestCase

from datagen.base import Context
from datagen.documents import TOTAL, generate_documents
from documents import selectors
from documents.models import Document, Status, Visibility
from documents.symbols import lookup_key


def _fingerprint():
    return list(Document.objects.order_by("id").values_list("code", "kind", "title", "issued_on", "status"))


class GenerateDocumentsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.made = generate_documents(Context(scale=0.01, seed=5, log=lambda m: None))

    def test_it_makes_the_scaled_number_once(self):
        self.assertEqual(self.made, round(TOTAL * 0.01))
        self.assertEqual(Document.objects.count(), self.made)
        self.assertEqual(generate_documents(Context(scale=0.01, seed=5, log=lambda m: None)), 0)

    def test_the_same_seed_gives_the_same_rows(self):
        before = _fingerprint()
        Document.objects.update(replaced_by=None)
        Document.objects.all().delete()
        generate_documents(Context(scale=0.01, seed=5, log=lambda m: None))
        self.assertEqual(_fingerprint(), before)

    def test_rows_are_coherent(self):
        replaced = Document.objects.filter(status=Status.REPLACED)
        self.assertTrue(replaced.exists())
        self.assertFalse(replaced.filter(replaced_by__isnull=True).exists())
        self.assertFalse(replaced.exclude(replaced_by__issuer=F("issuer")).exists())
        self.assertFalse(replaced.filter(replaced_by__id__lt=F("id")).exists())
        self.assertTrue(Document.objects.filter(visibility=Visibility.INTERNAL).exists())
        self.assertFalse(Document.objects.filter(number_key="").exists())

    def test_the_lookup_and_the_text_search_find_generated_rows(self):
        document = Document.objects.filter(visibility=Visibility.PUBLIC).order_by("id").first()
        letters = document.number_key.rstrip("0123456789")
        query = f"{document.number_key[len(letters) :]} {letters}"
        self.assertTrue(lookup_key(query))
        found = selectors.document_list(AnonymousUser(), selectors.DocumentFilters(q=query))
        self.assertIn(document, found)
        self.assertFalse(found.exclude(number_key=document.number_key).exists())
        text = selectors.document_list(AnonymousUser(), selectors.DocumentFilters(q="cong tac dan van"))
        self.assertTrue(text.exists())
        self.assertFalse(text.filter(visibility=Visibility.INTERNAL).exists())
