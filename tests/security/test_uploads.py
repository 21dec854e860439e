"""Uploads: every way a file enters DanVan checks its content (not its name) and its size, refuses
with a Vietnamese message and keeps nothing; every way a file leaves is a download
(``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff``), never HTML or a script,
even when the stored file is an HTML or SVG page in disguise.

The crawl in test_xss also checks every non-HTML, non-JSON answer it meets for the same headers.
"""

import io
import os
import shutil
import tempfile

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from cases import handling as case_handling
from cases.models import Attachment, Case
from practices.models import Evidence, Practice
from tests.base import BaseTestCase
from tests.cases.helpers import PDF, submit, topic
from tests.practices.test_views import FORM

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
XML_SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(3)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

# (file name, content): hostile files with innocent names.
HOSTILE = [
    ("don.pdf", HTML),
    ("anh.png", SVG),
    ("anh.jpg", XML_SVG),
    ("bao-cao.pdf", EXE),
    ("trang.html", HTML),
    ("anh.svg", SVG),
]
# Content types a browser would render or run.
ACTIVE_TYPES = r"html|svg|javascript|ecmascript|^text/|^application/xml|^multipart/"
SMALL_LIMIT = 2048  # bytes, set for the size tests
BIG_PDF = PDF + b"0" * (SMALL_LIMIT + 1)


class UploadTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="danvan-sec-media-")
        cls.media_override = override_settings(
            MEDIA_ROOT=cls.media, CASES_RATE_LIMIT=1000, CASES_MAX_ATTACHMENT_BYTES=SMALL_LIMIT
        )
        cls.media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def setUp(self):
        cache.clear()

    def stored_files(self) -> list[str]:
        return [os.path.join(d, f) for d, _, files in os.walk(self.media) for f in files]

    def practice(self) -> Practice:
        self.login(self.p.commune_officer)
        r = self.client.post("/dan-van-kheo/dang-ky/", {**FORM, "organization": self.p.commune_org.pk})
        self.assertEqual(r.status_code, 302)
        return Practice.objects.latest("pk")

    def assert_refused(self, response, before_rows: int, rows, before_files: list[str], what: str):
        self.assertLess(response.status_code, 500, what)
        text = response.content.decode()
        self.assertRegex(text, r"không được phép|không đúng định dạng|vượt giới hạn|đuôi tệp", what)
        self.assertEqual(rows(), before_rows, f"{what}: a row was stored")
        self.assertEqual(self.stored_files(), before_files, f"{what}: a file was left on disk")


class UploadPathsTest(UploadTestCase):
    def test_practice_evidence_on_the_page_and_the_api(self):
        practice = self.practice()
        api = APIClient()
        api.force_authenticate(self.p.commune_officer)
        rows = Evidence.objects.count
        for name, data in [*HOSTILE, ("lon.pdf", BIG_PDF)]:
            with self.subTest(file=name), self.settings(DANVAN_MAX_EVIDENCE_BYTES=SMALL_LIMIT):
                before = (rows(), self.stored_files())
                r = self.client.post(
                    f"/dan-van-kheo/{practice.pk}/evidence/", {"file": SimpleUploadedFile(name, data)}, follow=True
                )
                self.assert_refused(r, *before[:1], rows, before[1], f"page {name}")
                r = api.post(
                    f"/api/v1/practices/{practice.pk}/evidence/",
                    {"file": SimpleUploadedFile(name, data)},
                    format="multipart",
                )
                self.assertEqual(r.status_code, 400, f"API {name}")
                self.assert_refused(r, *before[:1], rows, before[1], f"API {name}")
        # And a real photo goes through.
        self.client.post(f"/dan-van-kheo/{practice.pk}/evidence/", {"file": SimpleUploadedFile("anh.png", PNG)})
        self.assertEqual(rows(), 1)

    def test_case_files_on_the_public_form_and_the_api(self):
        rows = Attachment.objects.count
        cases = Case.objects.count
        form = {
            "kind": "feedback",
            "topic": topic().pk,
            "unit": self.p.commune.code,
            "title": "Đường hỏng",
            "content": "Đường liên thôn hỏng nặng.",
            "people_count": 1,
        }
        for name, data in [*HOSTILE, ("lon.pdf", BIG_PDF)]:
            with self.subTest(file=name):
                before = (rows(), self.stored_files())
                n = cases()
                r = self.client.post("/gui-y-kien/", {**form, "files": [SimpleUploadedFile(name, data)]})
                self.assert_refused(r, before[0], rows, before[1], f"public form {name}")
                r = APIClient().post(
                    "/api/v1/cases/intake/",
                    {**form, "topic": topic().code, "files": [SimpleUploadedFile(name, data)]},
                    format="multipart",
                )
                self.assertEqual(r.status_code, 400, f"API {name}: {r.content[:300]}")
                self.assert_refused(r, before[0], rows, before[1], f"API {name}")
                self.assertEqual(cases(), n, "the case was created without its refused file")

    def test_answer_files_on_the_page_and_the_api(self):
        case, _ = submit(self.p, ip="203.0.113.9")
        case_handling.case_accept(case=case, by=self.p.commune_officer)
        self.login(self.p.commune_officer)
        api = APIClient()
        api.force_authenticate(self.p.commune_officer)
        rows = Attachment.objects.count
        for name, data in [*HOSTILE, ("lon.pdf", BIG_PDF)]:
            with self.subTest(file=name):
                before = (rows(), self.stored_files())
                r = self.client.post(
                    f"/y-kien/{case.pk}/answer/",
                    {"text": "Trả lời", "files": [SimpleUploadedFile(name, data)]},
                    follow=True,
                )
                self.assert_refused(r, before[0], rows, before[1], f"page {name}")
                r = api.post(
                    f"/api/v1/cases/{case.pk}/answer/",
                    {"text": "Trả lời", "files": [SimpleUploadedFile(name, data)]},
                    format="multipart",
                )
                self.assertEqual(r.status_code, 400, f"API {name}")
                self.assert_refused(r, before[0], rows, before[1], f"API {name}")
        self.assertFalse(case.answers.exists(), "an answer was stored without its refused file")

    def test_imports_refuse_what_is_not_a_workbook_and_what_is_too_big(self):
        self.login(self.p.commune_officer)
        for name, data in [("mo-hinh.xlsx", HTML), ("mo-hinh.xlsx", EXE), ("mo-hinh.xlsx", PDF)]:
            with self.subTest(file=name, head=data[:5]):
                r = self.client.post(
                    "/dan-van-kheo/nhap-excel/",
                    {"file": SimpleUploadedFile(name, data), "organization": self.p.commune_org.pk},
                )
                self.assertLess(r.status_code, 500)
                self.assertRegex(r.content.decode(), r"không được phép|không đúng định dạng")
        self.assertFalse(Practice.objects.exists())
        big = io.BytesIO()
        from openpyxl import Workbook

        book = Workbook()
        book.active["A1"] = "x" * 5000
        book.save(big)
        with self.settings(DANVAN_MAX_IMPORT_BYTES=SMALL_LIMIT):
            r = self.client.post(
                "/dan-van-kheo/nhap-excel/",
                {"file": SimpleUploadedFile("lon.xlsx", big.getvalue()), "organization": self.p.commune_org.pk},
            )
            self.assertContains(r, "vượt giới hạn")
            self.login(self.p.admin)
            r = self.client.post("/don-vi/nhap/", {"file": SimpleUploadedFile("dvhc.xlsx", big.getvalue())})
            self.assertContains(r, "giới hạn")
        self.assertEqual(self.stored_files(), [], "an import left a file behind")


class DownloadsTest(UploadTestCase):
    """Files already stored (say, before a check existed, or planted on disk) are still only downloads."""

    def plant_evidence(self, practice, data: bytes, kind: str, *, public=False) -> Evidence:
        evidence = Evidence(
            practice=practice, original_name=f"x.{kind}", kind=kind, size=len(data), token=os.urandom(16).hex(),
            is_public=public, uploaded_by=self.p.commune_officer,
        )  # fmt: skip
        evidence.file.save(f"{evidence.token}.{kind}", ContentFile(data), save=False)
        evidence.save()
        return evidence

    def plant_attachment(self, case, data: bytes, kind: str, answer=None) -> Attachment:
        attachment = Attachment(
            case=case, answer=answer, original_name=f"x.{kind}", kind=kind, size=len(data), token=os.urandom(16).hex()
        )
        attachment.file.save(f"{attachment.token}.{kind}", ContentFile(data), save=False)
        attachment.save()
        return attachment

    def assert_download(self, response, what: str):
        self.assertEqual(response.status_code, 200, what)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.assertTrue(body, what)
        self.assertNotRegex(response["Content-Type"].lower(), ACTIVE_TYPES, what)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff", what)
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"), what)

    def test_every_file_route_answers_a_download_even_for_html_or_svg_in_disguise(self):
        practice = self.practice()
        case, token = submit(self.p, ip="203.0.113.10")
        case_handling.case_accept(case=case, by=self.p.commune_officer)
        answer = case_handling.case_answer(case=case, by=self.p.commune_officer, text="Đã trả lời")
        for data, kind in ((HTML, "pdf"), (SVG, "png"), (XML_SVG, "jpeg"), (HTML, "docx")):
            with self.subTest(kind=kind, head=data[:10]):
                self.login(self.p.commune_officer)
                evidence = self.plant_evidence(practice, data, kind)
                self.assert_download(
                    self.client.get(f"/dan-van-kheo/{practice.pk}/minh-chung/{evidence.pk}/"), "evidence"
                )
                own = self.plant_attachment(case, data, kind)
                answered = self.plant_attachment(case, data, kind, answer=answer)
                for f in (own, answered):
                    self.assert_download(self.client.get(f"/y-kien/{case.pk}/tep/{f.pk}/"), "officer")
                    self.assert_download(
                        self.client.get(f"/gui-y-kien/theo-doi/{case.code}/{token}/tep/{f.pk}/"), "citizen"
                    )

    def test_exports_and_templates_are_downloads(self):
        self.login(self.p.commune_officer)
        self.practice()
        for url in ("/dan-van-kheo/?format=xlsx", "/dan-van-kheo/nhap-excel/mau.xlsx"):
            with self.subTest(url=url):
                self.assert_download(self.client.get(url), url)

    def test_showcase_photos_are_images_that_cannot_run_anything(self):
        """The public showcase shows photos in <img>: served inline, but only as the sniffed image type,
        with nosniff and a Content-Security-Policy that forbids everything, so a disguised page is inert."""
        from practices import services as practice_services

        practice = self.practice()
        for action in ("submit",):
            self.client.post(f"/dan-van-kheo/{practice.pk}/{action}/")
        Practice.objects.filter(pk=practice.pk).update(status="recognised", recognition_level="commune")
        evidence = self.plant_evidence(practice, HTML, "png", public=True)
        r = self.client.get(f"/mo-hinh-tieu-bieu/{practice.pk}/anh/{evidence.token}/")
        self.assertEqual(r.status_code, 200, practice_services.__name__)
        self.assertEqual(r["Content-Type"], "image/png")
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r["Content-Security-Policy"], "default-src 'none'")
        self.assertEqual(b"".join(r.streaming_content), HTML)  # (no close(): its request_finished would
        # close PostgreSQL's connection in the middle of the test's transaction)
        svg = self.plant_evidence(practice, SVG, "svg", public=True)
        self.assertEqual(self.client.get(f"/mo-hinh-tieu-bieu/{practice.pk}/anh/{svg.token}/").status_code, 404)
