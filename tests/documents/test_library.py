"""The library: the seeded documents, the number-and-symbol lookup, full text, visibility, replacement, files."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEvent
from documents import selectors, services
from documents.models import Document, Extraction, Kind, Status, Visibility
from documents.seed import SEEDS, load_documents
from lib.errors import ServiceError
from tests.base import BaseTestCase
from tests.documents.helpers import CORRUPT_PDF, docx_bytes, pdf_bytes, upload


def codes(qs) -> list[str]:
    return [d.code for d in qs]


class SeedTests(BaseTestCase):
    def test_it_seeds_the_documents_the_articles_name_once(self):
        self.assertEqual(load_documents(), len(SEEDS))
        self.assertEqual(load_documents(), 0)
        for code in ("25-NQ/TW", "23-QĐ/TW", "33/CT-TTg", "08-KL/TW", "01-HD/BDVTW"):
            self.assertTrue(Document.objects.filter(code=code).exists(), code)
        old = Document.objects.get(code="290-QĐ/TW")
        self.assertEqual(old.status, Status.REPLACED)
        self.assertEqual(old.replaced_by.code, "23-QĐ/TW")
        self.assertEqual(Document.objects.get(code="23-QĐ/TW").issued_on.isoformat(), "2021-07-30")


class LookupTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_documents()

    def find(self, q: str, user=None) -> list[str]:
        from django.contrib.auth.models import AnonymousUser

        return codes(selectors.document_list(user or AnonymousUser(), selectors.DocumentFilters(q=q)))

    def test_spoken_and_spaced_forms_find_23_qd_tw(self):
        for q in ("quyet dinh 23", "23 qd/tw", "qđ 23", "Quyết định số 23-QĐ/TW"):
            self.assertEqual(self.find(q), ["23-QĐ/TW"], q)

    def test_nq25_finds_25_nq_tw(self):
        self.assertEqual(self.find("nq25"), ["25-NQ/TW"])
        self.assertEqual(self.find("nghi quyet 25"), ["25-NQ/TW"])

    def test_a_topic_is_searched_accent_insensitively_in_the_metadata(self):
        found = self.find("quy che cong tac dan van")
        self.assertIn("23-QĐ/TW", found)
        self.assertIn("290-QĐ/TW", found)
        self.assertIn("605-QĐ/HU", found)
        self.assertNotIn("25-NQ/TW", found)

    def test_a_lookup_nobody_has_falls_back_to_the_text(self):
        self.assertEqual(self.find("quyết định 999"), [])

    def test_filters_narrow_the_list(self):
        from django.contrib.auth.models import AnonymousUser

        anon = AnonymousUser()
        replaced = selectors.document_list(anon, selectors.DocumentFilters(status=Status.REPLACED))
        self.assertEqual(codes(replaced), ["290-QĐ/TW"])
        in_2021 = codes(selectors.document_list(anon, selectors.DocumentFilters(year=2021, kind=Kind.DECISION)))
        self.assertEqual(sorted(in_2021), ["23-QĐ/TW", "605-QĐ/HU"])
        by_issuer = codes(selectors.document_list(anon, selectors.DocumentFilters(issuer="huyen uy lam ha")))
        self.assertEqual(sorted(by_issuer), ["13-NQ/HU", "605-QĐ/HU"])

    def test_the_list_page_searches_without_an_account_in_pinned_queries(self):
        url = reverse("documents:list")
        self.client.get(url)  # warm the content types cache
        with self.assertNumQueries(2):  # the key lookup, the page
            response = self.client.get(url, {"q": "qđ 23"})
        self.assertContains(response, "23-QĐ/TW")
        self.assertNotContains(response, "25-NQ/TW")
        with self.assertNumQueries(1):  # the page (its count included: a short first page)
            response = self.client.get(url, {"kind": Kind.RESOLUTION})
        self.assertContains(response, "25-NQ/TW")

    def test_a_replaced_document_shows_its_successor(self):
        old = Document.objects.get(code="290-QĐ/TW")
        response = self.client.get(reverse("documents:detail", args=[old.pk]))
        self.assertContains(response, "Văn bản đã được thay thế")
        successor = Document.objects.get(code="23-QĐ/TW")
        self.assertContains(response, reverse("documents:detail", args=[successor.pk]))
        page = self.client.get(reverse("documents:detail", args=[successor.pk]))
        self.assertContains(page, "Thay thế cho")
        self.assertContains(page, "290-QĐ/TW")


class VisibilityTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.internal = services.document_create(
            by=cls.p.central,
            code="05-KH/BTGDVTW",
            kind=Kind.PLAN,
            title="Kế hoạch kiểm tra nội bộ",
            issuer="Ban Tuyên giáo và Dân vận Trung ương",
            visibility=Visibility.INTERNAL,
        )

    def test_internal_documents_are_for_members_of_an_organisation(self):
        url = reverse("documents:detail", args=[self.internal.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.p.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.p.commune_officer)
        self.assertContains(self.client.get(url), "Kế hoạch kiểm tra nội bộ")

    def test_the_anonymous_list_and_lookup_leave_internal_documents_out(self):
        self.assertNotContains(self.client.get(reverse("documents:list"), {"q": "kh 5"}), "05-KH/BTGDVTW")
        self.login(self.p.viewer)
        self.assertContains(self.client.get(reverse("documents:list"), {"q": "kh 5"}), "05-KH/BTGDVTW")


class PublishingTests(BaseTestCase):
    def values(self, **extra):
        return {
            "code": "12-HD/BTGDVTU",
            "kind": Kind.GUIDANCE,
            "title": "Hướng dẫn học tập, quán triệt Quyết định 23",
            "issuer": "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
            **extra,
        }

    def test_a_province_officer_publishes_for_their_province_body(self):
        document = services.document_create(by=self.p.province_officer, owner=self.p.province_org, **self.values())
        self.assertEqual(document.number_key, "hd12")
        event = AuditEvent.objects.get(object_id=str(document.pk), action="create")
        self.assertEqual(event.actor, self.p.province_officer)
        self.assertTrue(services.can_edit(self.p.province_officer, document))
        self.assertFalse(services.can_edit(self.p.commune_officer, document))

    def test_a_commune_officer_may_not_publish(self):
        with self.assertRaises(ServiceError) as caught:
            services.document_create(by=self.p.commune_officer, owner=self.p.commune_org, **self.values())
        self.assertEqual(caught.exception.status_code, 403)
        self.assertFalse(Document.objects.exists())
        self.login(self.p.commune_officer)
        self.assertEqual(self.client.get(reverse("documents:create")).status_code, 403)

    def test_only_national_roles_keep_the_central_library(self):
        with self.assertRaises(ServiceError):
            services.document_create(by=self.p.province_officer, owner=None, **self.values())
        document = services.document_create(by=self.p.central, **self.values())
        self.assertFalse(services.can_edit(self.p.province_officer, document))

    def test_the_create_page_publishes_with_a_file(self):
        self.login(self.p.province_officer)
        data = {**self.values(), "visibility": Visibility.PUBLIC, "owner": self.p.province_org.pk}
        data["file"] = upload("hd12.pdf", pdf_bytes("Hoc tap quan triet quy che dan van nam 2027 lamdongxyz"))
        response = self.client.post(reverse("documents:create"), data)
        document = Document.objects.get()
        self.assertRedirects(response, reverse("documents:detail", args=[document.pk]))
        self.assertEqual(document.extraction, Extraction.DONE)
        self.assertEqual(
            codes(selectors.document_list(self.p.province_officer, selectors.DocumentFilters(q="lamdongxyz"))),
            [document.code],
        )
        download = self.client.get(reverse("documents:file", args=[document.pk]))
        self.assertEqual(download["Content-Disposition"], f'attachment; filename="van-ban-{document.pk}.pdf"')
        self.assertTrue(b"".join(download.streaming_content).startswith(b"%PDF-"))

    def test_replacing_is_audited_and_refused_twice(self):
        old = services.document_create(by=self.p.central, **self.values())
        new = services.document_create(by=self.p.central, **self.values(code="13-HD/BTGDVTU"))
        services.document_replace(document=old, by=self.p.central, successor=new, reason="Ban hành hướng dẫn mới")
        old.refresh_from_db()
        self.assertEqual((old.status, old.replaced_by_id), (Status.REPLACED, new.pk))
        self.assertTrue(AuditEvent.objects.filter(object_id=str(old.pk), action="transition").exists())
        with self.assertRaises(ServiceError) as caught:
            services.document_replace(document=old, by=self.p.central, successor=new)
        self.assertEqual(caught.exception.status_code, 409)
        with self.assertRaises(ServiceError):
            services.document_replace(document=new, by=self.p.central, successor=old)  # a replaced successor

    def test_the_page_records_a_replacement_by_symbol(self):
        old = services.document_create(by=self.p.central, **self.values())
        new = services.document_create(by=self.p.central, **self.values(code="13-HD/BTGDVTU"))
        self.login(self.p.central)
        self.client.post(reverse("documents:act", args=[old.pk, "replace"]), {"successor": "hd 13"})
        old.refresh_from_db()
        self.assertEqual(old.replaced_by_id, new.pk)
        self.assertContains(self.client.get(reverse("documents:detail", args=[old.pk])), "Thay thế bởi")


@override_settings(DANVAN_MAX_EVIDENCE_BYTES=200_000)
class FileTests(BaseTestCase):
    def create(self, name: str, data: bytes, **extra) -> Document:
        return services.document_create(
            by=self.p.central,
            code=extra.pop("code", "77-TB/TW"),
            kind=Kind.NOTICE,
            title="Thông báo kết luận hội nghị sơ kết công tác dân vận",
            issuer="Ban Bí thư",
            upload=upload(name, data),
            **extra,
        )

    def test_a_corrupt_pdf_is_stored_flagged_and_found_by_its_metadata(self):
        document = self.create("hong.pdf", CORRUPT_PDF)
        self.assertEqual(document.extraction, Extraction.FAILED)
        self.assertEqual(document.text, "")
        self.assertTrue(document.file.storage.exists(document.file.name))
        for q in ("tb 77", "thong bao ket luan so ket"):
            self.assertEqual(
                codes(selectors.document_list(self.p.central, selectors.DocumentFilters(q=q))), ["77-TB/TW"]
            )
        page = self.client.get(reverse("documents:detail", args=[document.pk]))
        self.assertContains(page, "Không trích xuất được nội dung")

    def test_the_text_of_a_docx_is_searchable_without_accents(self):
        self.create("kh.docx", docx_bytes("Đồn Biên phòng Lạc Dương nhận đỡ đầu học sinh", "Bảng phân công"))
        found = selectors.document_list(self.p.central, selectors.DocumentFilters(q="don bien phong lac duong"))
        self.assertEqual(codes(found), ["77-TB/TW"])

    def test_a_hostile_or_oversized_file_is_refused_and_nothing_is_kept(self):
        cases = [
            ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, "tệp chương trình Windows"),
            ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "không đúng định dạng"),
            ("lon.pdf", b"%PDF-1.4\n" + b"0" * 300_000, "vượt giới hạn"),
        ]
        for name, data, message in cases:
            with self.assertRaises(ServiceError) as caught:
                self.create(name, data)
            self.assertIn(message, caught.exception.message)
        self.assertFalse(Document.objects.exists())

    def test_replacing_the_file_extracts_again(self):
        document = self.create("hong.pdf", CORRUPT_PDF)
        services.document_attach_file(
            document=document, by=self.p.central, upload=upload("tot.pdf", pdf_bytes("noidungmoi"))
        )
        document.refresh_from_db()
        self.assertEqual(document.extraction, Extraction.DONE)
        self.assertEqual(
            codes(selectors.document_list(self.p.central, selectors.DocumentFilters(q="noidungmoi"))), ["77-TB/TW"]
        )
