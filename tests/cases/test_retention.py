"""After the retention period the sender's personal data is erased and the case kept anonymised."""

import io
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from cases import handling, retention
from cases.models import Attachment, Case, Petitioner
from lib.errors import ServiceError
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, PDF, submit


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-cases-retention-"), CASES_RETENTION_DAYS=365)
class RetentionTest(BaseTestCase):
    def test_it_erases_identity_and_own_files_of_finished_cases_only(self):
        case, token = submit(self.p, files=[SimpleUploadedFile("cccd.pdf", PDF)])
        open_case, _ = submit(self.p, ip="10.9.9.9")
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(
            case=case, by=self.p.commune_officer, text="Đã giải quyết", files=[SimpleUploadedFile("qd.pdf", PDF)]
        )
        handling.case_confirm(case=case, token=token)
        with self.assertRaisesMessage(ServiceError, "đã kết thúc"):
            retention.case_anonymise(case=open_case)
        out = io.StringIO()
        call_command("anonymise_cases", today="2099-01-01", stdout=out)
        self.assertIn("của 1 vụ việc", out.getvalue())
        case.refresh_from_db()
        self.assertIsNotNone(case.anonymised_at)
        self.assertFalse(Petitioner.objects.filter(case=case).exists())
        self.assertEqual(list(Attachment.objects.filter(case=case).values_list("original_name", flat=True)), ["qd.pdf"])
        self.assertTrue(Petitioner.objects.filter(case=open_case).exists())
        self.client.force_login(self.p.commune_officer)
        r = self.client.get(f"/y-kien/{case.pk}/?xem=nguoi-gui")
        self.assertContains(r, "Thông tin cá nhân đã được xóa")
        self.assertNotContains(r, CITIZEN["phone"])
        self.assertEqual(Case.objects.get(pk=case.pk).title, case.title)  # the case itself is kept
