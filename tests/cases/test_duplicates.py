"""Duplicates: an officer links a case to the open main case of the same area (audited); one
answer on the main case reaches every linked case and each sender sees it at their link."""

import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import duplicates, handling
from cases.models import Case, Status
from lib.errors import ServiceError
from tests.base import BaseTestCase
from tests.cases.helpers import PDF, submit


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-cases-dup-"))
class DuplicateTest(BaseTestCase):
    def setUp(self):
        self.main, self.main_token = submit(self.p, ip="10.9.0.1")
        self.dup, self.dup_token = submit(self.p, ip="10.9.0.2", title="Chưa bồi thường đất vành đai")
        handling.case_accept(case=self.main, by=self.p.commune_officer)

    def test_the_page_names_a_main_case_only_to_who_may_see_it(self):
        other, _ = submit(self.p, ip="10.9.0.3", unit=self.p.other_commune, title="Bản trùng ở xã bên")
        duplicates.case_link_duplicate(case=other, main=self.main, by=self.p.province_officer)
        self.client.force_login(self.p.other_commune_officer)
        r = self.client.get(f"/y-kien/{other.pk}/")
        self.assertNotContains(r, self.main.title)  # the history keeps the bare code, which shows nothing personal
        self.assertContains(r, "một vụ việc chính ngoài phạm vi của bạn")
        self.assertNotContains(r, "Gộp vào vụ việc chính (mã)")
        self.client.force_login(self.p.commune_officer)
        r = self.client.get(f"/y-kien/{self.main.pk}/")
        self.assertNotContains(r, "Bản trùng ở xã bên")  # nor the duplicates of another commune
        self.client.force_login(self.p.province_officer)
        self.assertContains(self.client.get(f"/y-kien/{other.pk}/"), self.main.title)

    def test_one_answer_reaches_every_linked_sender(self):
        duplicates.case_link_duplicate(case=self.dup, main=self.main, by=self.p.commune_officer)
        self.assertTrue(AuditEvent.objects.for_object(self.dup).filter(changes__has_key="duplicate_of").exists())
        handling.case_answer(
            case=self.main,
            by=self.p.commune_officer,
            text="Đã chi trả bồi thường cho các hộ.",
            files=[SimpleUploadedFile("qd.pdf", PDF)],
        )
        dup = Case.objects.get(pk=self.dup.pk)
        self.assertEqual(dup.status, Status.ANSWERED)
        self.assertIsNone(dup.due_date)
        r = self.client.get(f"/gui-y-kien/theo-doi/{dup.code}/{self.dup_token}/")
        self.assertContains(r, "Đã chi trả bồi thường cho các hộ.")
        file_id = dup.answers.get().files.get().pk
        download = self.client.get(f"/gui-y-kien/theo-doi/{dup.code}/{self.dup_token}/tep/{file_id}/")
        self.assertEqual(b"".join(download), PDF)
        # Each sender confirms or reopens on their own.
        handling.case_reopen(case=dup, token=self.dup_token, reason="Tôi chưa nhận")
        self.assertEqual(Case.objects.get(pk=self.main.pk).status, Status.ANSWERED)

    def test_illegal_links_are_refused_and_change_nothing(self):
        far, _ = submit(self.p, unit=self.p.far_commune, ip="10.9.0.3")
        with self.assertRaisesMessage(ServiceError, "Không thể gộp vụ việc với chính nó."):
            duplicates.case_link_duplicate(case=self.main, main=self.main, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "Bạn không thuộc cơ quan đang xử lý"):
            duplicates.case_link_duplicate(case=self.dup, main=self.main, by=self.p.other_commune_officer)
        with self.assertRaisesMessage(ServiceError, "cùng địa bàn tỉnh"):
            duplicates.case_link_duplicate(case=far, main=self.main, by=self.p.central)
        handling.case_answer(case=self.main, by=self.p.commune_officer, text="Đã trả lời")
        with self.assertRaisesMessage(ServiceError, "không còn mở"):
            duplicates.case_link_duplicate(case=self.dup, main=self.main, by=self.p.commune_officer)
        self.assertIsNone(Case.objects.get(pk=self.dup.pk).duplicate_of_id)

    def test_no_chains(self):
        third, _ = submit(self.p, ip="10.9.0.4")
        duplicates.case_link_duplicate(case=self.dup, main=self.main, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "đã là bản trùng của vụ việc khác"):
            duplicates.case_link_duplicate(case=third, main=self.dup, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "đang là vụ việc chính"):
            duplicates.case_link_duplicate(case=self.main, main=third, by=self.p.commune_officer)

    def test_page_and_api(self):
        self.client.force_login(self.p.commune_officer)
        r = self.client.post(f"/y-kien/{self.dup.pk}/duplicate/", {"code": self.main.display_code}, follow=True)
        self.assertContains(r, f"Đã gộp vào vụ việc {self.main.display_code}")
        self.assertContains(self.client.get(f"/y-kien/{self.main.pk}/"), self.dup.display_code)
        third, _ = submit(self.p, ip="10.9.0.5")
        other = APIClient()
        other.force_authenticate(self.p.other_commune_officer)
        self.assertEqual(other.post(f"/api/v1/cases/{third.pk}/duplicate/", {"main": self.main.pk}).status_code, 404)
        api = APIClient()
        api.force_authenticate(self.p.commune_officer)
        r = api.post(f"/api/v1/cases/{third.pk}/duplicate/", {"main": self.main.pk}, format="json")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(Case.objects.get(pk=third.pk).duplicate_of_id, self.main.pk)
