"""/api/v1/documents/ and /api/v1/citations/: public reads without an account, scoped writes, the schema."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from documents.models import Citation, Document, Extraction, Status, Visibility
from documents.seed import load_documents
from practices.models import Field, Kind, Practice
from tests.base import BaseTestCase
from tests.documents.helpers import CORRUPT_PDF, upload


class DocumentApiTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()
        Document.objects.filter(code="13-NQ/HU").update(visibility=Visibility.INTERNAL)

    def setUp(self):
        self.api = APIClient()

    def test_anyone_lists_and_looks_up_public_documents(self):
        response = self.api.get("/api/v1/documents/", {"q": "23 qd/tw"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([d["code"] for d in response.json()["results"]], ["23-QĐ/TW"])
        self.assertFalse(response.json()["count_capped"])
        everything = self.api.get("/api/v1/documents/", {"page_size": 100}).json()
        self.assertNotIn("13-NQ/HU", [d["code"] for d in everything["results"]])
        internal = Document.objects.get(code="13-NQ/HU")
        self.assertEqual(self.api.get(f"/api/v1/documents/{internal.pk}/").status_code, 404)

    def test_a_replaced_document_names_its_successor(self):
        old = Document.objects.get(code="290-QĐ/TW")
        data = self.api.get(f"/api/v1/documents/{old.pk}/").json()
        self.assertEqual(data["status"], Status.REPLACED)
        self.assertEqual(data["replaced_by"]["code"], "23-QĐ/TW")
        self.assertEqual(data["replaced_by"]["label"], "Quyết định 23-QĐ/TW")

    def test_an_internal_successor_is_not_named_to_the_public(self):
        Document.objects.filter(code="23-QĐ/TW").update(visibility=Visibility.INTERNAL)
        old = Document.objects.get(code="290-QĐ/TW")
        self.assertIsNone(self.api.get(f"/api/v1/documents/{old.pk}/").json()["replaced_by"])
        listed = self.api.get("/api/v1/documents/", {"status": "replaced"}).json()["results"]
        self.assertEqual([(d["code"], d["replaced_by"]) for d in listed], [("290-QĐ/TW", None)])
        self.assertNotContains(self.client.get(reverse("documents:list"), {"status": "replaced"}), "bởi 23-QĐ/TW")
        self.api.force_authenticate(self.p.viewer)
        self.assertEqual(self.api.get(f"/api/v1/documents/{old.pk}/").json()["replaced_by"]["code"], "23-QĐ/TW")
        self.client.force_login(self.p.viewer)
        self.assertContains(self.client.get(reverse("documents:list"), {"status": "replaced"}), "bởi 23-QĐ/TW")

    def test_a_bad_filter_is_a_400_in_vietnamese(self):
        response = self.api.get("/api/v1/documents/", {"kind": "thu-tinh"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("message", response.json())

    def test_writes_need_an_account_and_the_right_role(self):
        body = {"kind": "plan", "title": "Kế hoạch", "issuer": "Tỉnh ủy"}
        self.assertIn(self.api.post("/api/v1/documents/", body, format="json").status_code, (401, 403))
        self.api.force_authenticate(self.p.commune_officer)
        response = self.api.post("/api/v1/documents/", {**body, "owner": self.p.commune_org.pk}, format="json")
        self.assertEqual(response.status_code, 400)  # not an organisation they may publish for
        self.assertEqual(Document.objects.filter(title="Kế hoạch").count(), 0)

    def test_a_province_officer_publishes_a_corrupt_pdf_that_stays_findable(self):
        self.api.force_authenticate(self.p.province_officer)
        response = self.api.post(
            "/api/v1/documents/",
            {
                "code": "40-KH/TU",
                "kind": "plan",
                "title": "Kế hoạch thực hiện chương trình phối hợp với Bộ đội Biên phòng",
                "issuer": "Tỉnh ủy Lâm Đồng",
                "owner": self.p.province_org.pk,
                "file": upload("kh40.pdf", CORRUPT_PDF),
            },
            format="multipart",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["extraction"], Extraction.FAILED)
        self.assertEqual(response.json()["extraction_label"], "Không trích xuất được nội dung")
        found = self.api.get("/api/v1/documents/", {"q": "ke hoach 40"}).json()["results"]
        self.assertEqual([d["code"] for d in found], ["40-KH/TU"])
        found = self.api.get("/api/v1/documents/", {"q": "phoi hop bien phong"}).json()["results"]
        self.assertEqual([d["code"] for d in found], ["40-KH/TU"])

    def test_replace_through_the_api(self):
        self.api.force_authenticate(self.p.central)
        old = Document.objects.get(code="120-KL/TW")
        new = Document.objects.get(code="25-NQ/TW")
        response = self.api.post(f"/api/v1/documents/{old.pk}/replace/", {"successor": new.pk}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["replaced_by"]["id"], new.pk)
        again = self.api.post(f"/api/v1/documents/{old.pk}/replace/", {"successor": new.pk}, format="json")
        self.assertEqual(again.status_code, 409)
        self.api.force_authenticate(self.p.province_officer)
        other = Document.objects.get(code="33/CT-TTg")
        refused = self.api.post(f"/api/v1/documents/{other.pk}/replace/", {"successor": new.pk}, format="json")
        self.assertEqual(refused.status_code, 403)

    def test_citations_through_the_api(self):
        practice = Practice.objects.create(
            name="Mô hình dân vận khéo",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            organization=self.p.commune_org,
            unit=self.p.commune,
            year=2026,
            created_by=self.p.commune_officer,
        )
        self.api.force_authenticate(self.p.commune_officer)
        body = {"object": "practices.practice", "object_id": practice.pk, "code": "nq25", "note": "căn cứ chính"}
        created = self.api.post("/api/v1/citations/", body, format="json")
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["document"]["code"], "25-NQ/TW")
        listed = self.api.get("/api/v1/citations/", {"object": "practices.practice", "object_id": practice.pk})
        self.assertEqual([c["document"]["code"] for c in listed.json()["results"]], ["25-NQ/TW"])
        document = Document.objects.get(code="25-NQ/TW")
        citers = self.api.get(f"/api/v1/documents/{document.pk}/citers/").json()["results"]
        self.assertEqual([c["label"] for c in citers], ["Mô hình dân vận khéo"])

        self.api.force_authenticate(self._far_officer())
        hidden = self.api.get("/api/v1/citations/", {"object": "practices.practice", "object_id": practice.pk})
        self.assertEqual(hidden.status_code, 404)
        self.assertEqual(self.api.get(f"/api/v1/documents/{document.pk}/citers/").json()["results"], [])
        citation = Citation.objects.get()
        self.assertEqual(self.api.delete(f"/api/v1/citations/{citation.pk}/").status_code, 404)

        self.api.force_authenticate(self.p.commune_officer)
        self.assertEqual(self.api.delete(f"/api/v1/citations/{citation.pk}/").status_code, 204)
        self.assertFalse(Citation.objects.exists())

    def _far_officer(self):
        from tests.factories import make_user

        return make_user("canbocamthanh", self.p.far_org)

    def test_the_schema_documents_every_endpoint(self):
        self.api.force_authenticate(self.p.admin)
        schema = self.api.get(reverse("api-schema"), {"format": "json"}).json()
        for path in (
            "/api/v1/documents/",
            "/api/v1/documents/{id}/",
            "/api/v1/documents/{id}/citers/",
            "/api/v1/documents/{id}/replace/",
            "/api/v1/documents/{id}/file/",
            "/api/v1/citations/",
            "/api/v1/citations/{id}/",
        ):
            self.assertIn(path, schema["paths"])
        self.assertEqual(schema["paths"]["/api/v1/documents/"]["get"]["operationId"], "documents_list")
