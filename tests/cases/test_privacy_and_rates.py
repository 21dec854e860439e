"""Gaps of issue #5 closed here: a sender's own file is personal data (its download is logged like a
view of the identity), and the queue shows the on-time and satisfaction rates of the user's bodies."""

import tempfile

from django.test import override_settings

from audit.models import Action as AuditAction
from audit.models import AuditEvent
from cases import handling
from tests.base import BaseTestCase
from tests.cases.helpers import PDF, pdf, submit


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-cases-gaps-"))
class SenderFileTest(BaseTestCase):
    def test_downloading_the_senders_own_file_is_logged_an_answer_file_is_not(self):
        case, _ = submit(self.p, files=[pdf()])
        handling.case_accept(case=case, by=self.p.commune_officer)
        answer = handling.case_answer(
            case=case, by=self.p.commune_officer, text="Đã giải quyết.", files=[pdf("kq.pdf")]
        )
        own = case.attachments.get(answer__isnull=True)
        self.login(self.p.commune_officer)
        self.assertEqual(b"".join(self.client.get(f"/y-kien/{case.pk}/tep/{own.pk}/")), PDF)
        logged = AuditEvent.objects.for_object(case).filter(action=AuditAction.VIEW_PERSONAL)
        self.assertEqual(logged.count(), 1)
        self.assertEqual(logged.get().actor, self.p.commune_officer)
        self.assertEqual(self.client.get(f"/y-kien/{case.pk}/tep/{answer.files.get().pk}/").status_code, 200)
        self.assertEqual(logged.count(), 1)

    def test_a_reader_who_may_not_see_the_identity_gets_404_and_nothing_is_logged(self):
        case, _ = submit(self.p, files=[pdf()])
        own = case.attachments.get()
        self.login(self.p.other_commune_officer)
        self.assertEqual(self.client.get(f"/y-kien/{case.pk}/tep/{own.pk}/").status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL).exists())


class QueueRatesTest(BaseTestCase):
    def test_the_queue_shows_on_time_and_satisfaction_rates(self):
        self.login(self.p.commune_officer)
        self.assertContains(self.client.get("/y-kien/"), "đúng hạn —")
        first, first_token = submit(self.p, ip="10.6.0.1")
        second, second_token = submit(self.p, ip="10.6.0.2", title="Khác")
        for case in (first, second):
            handling.case_accept(case=case, by=self.p.commune_officer)
            handling.case_answer(case=case, by=self.p.commune_officer, text="Đã trả lời.")
        handling.case_confirm(case=first, token=first_token)
        handling.case_reopen(case=second, token=second_token, reason="Chưa thỏa đáng")
        page = self.client.get("/y-kien/")
        self.assertContains(page, "đã trả lời 2 vụ việc: đúng hạn 100%; người gửi hài lòng 50% (1/2")
