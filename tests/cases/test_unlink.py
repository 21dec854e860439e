"""Unlinking a duplicate: the handler undoes a link while the case still waits for an answer;
audited, in the history, refused in Vietnamese once the joint answer has reached it."""

from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import duplicates, handling
from cases.models import Action, Case, CaseEvent, Status
from lib.errors import ServiceError
from tests.base import BaseTestCase
from tests.cases.helpers import submit


class UnlinkTest(BaseTestCase):
    def setUp(self):
        self.main, _ = submit(self.p, ip="10.8.0.1")
        self.dup, self.dup_token = submit(self.p, ip="10.8.0.2", title="Chưa bồi thường đất vành đai")
        handling.case_accept(case=self.main, by=self.p.commune_officer)
        duplicates.case_link_duplicate(case=self.dup, main=self.main, by=self.p.commune_officer)

    def test_the_handler_unlinks_and_the_main_answer_no_longer_reaches_it(self):
        duplicates.case_unlink_duplicate(case=self.dup, by=self.p.commune_officer, reason="Khác thửa đất")
        dup = Case.objects.get(pk=self.dup.pk)
        self.assertIsNone(dup.duplicate_of_id)
        self.assertEqual(dup.due_date, dup.accept_due)  # its own limits, untouched by the link
        event = CaseEvent.objects.filter(case=dup).last()
        self.assertEqual(event.action, Action.UNLINK)
        self.assertIn(f"Tách khỏi vụ việc {self.main.display_code}", event.note)
        self.assertIn("Khác thửa đất", event.note)
        audit = AuditEvent.objects.for_object(dup).filter(changes__has_key="duplicate_of").order_by("id").last()
        self.assertEqual(audit.changes["duplicate_of"], [self.main.pk, None])
        self.assertEqual(audit.reason, "Khác thửa đất")
        handling.case_answer(case=self.main, by=self.p.commune_officer, text="Đã chi trả bồi thường.")
        self.assertEqual(Case.objects.get(pk=self.dup.pk).status, Status.RECEIVED)
        self.assertFalse(Case.objects.get(pk=self.dup.pk).answers.exists())

    def test_illegal_unlinks_are_refused_and_change_nothing(self):
        with self.assertRaisesMessage(ServiceError, "Bạn không thuộc cơ quan đang xử lý"):
            duplicates.case_unlink_duplicate(case=self.dup, by=self.p.other_commune_officer, reason="x")
        with self.assertRaisesMessage(ServiceError, "phải nêu lý do"):
            duplicates.case_unlink_duplicate(case=self.dup, by=self.p.commune_officer, reason="  ")
        with self.assertRaisesMessage(ServiceError, "không được gộp vào vụ việc nào"):
            duplicates.case_unlink_duplicate(case=self.main, by=self.p.commune_officer, reason="x")
        handling.case_answer(case=self.main, by=self.p.commune_officer, text="Đã chi trả bồi thường.")
        dup = Case.objects.get(pk=self.dup.pk)
        self.assertEqual(dup.status, Status.ANSWERED)
        with self.assertRaisesMessage(ServiceError, f"đã được trả lời chung với vụ việc {self.main.display_code}"):
            duplicates.case_unlink_duplicate(case=dup, by=self.p.commune_officer, reason="x")
        self.assertEqual(Case.objects.get(pk=self.dup.pk).duplicate_of_id, self.main.pk)
        self.assertFalse(CaseEvent.objects.filter(action=Action.UNLINK).exists())

    def test_a_reopened_duplicate_can_be_handled_on_its_own(self):
        handling.case_answer(case=self.main, by=self.p.commune_officer, text="Đã chi trả bồi thường.")
        dup = Case.objects.get(pk=self.dup.pk)
        handling.case_reopen(case=dup, token=self.dup_token, reason="Gia đình tôi chưa nhận")
        duplicates.case_unlink_duplicate(case=dup, by=self.p.commune_officer, reason="Người gửi chưa nhận tiền")
        dup = Case.objects.get(pk=self.dup.pk)
        self.assertEqual((dup.status, dup.duplicate_of_id), (Status.REOPENED, None))

    def test_a_stale_unlink_loses_the_race_cleanly(self):
        stale = Case.objects.get(pk=self.dup.pk)
        duplicates.case_unlink_duplicate(case=self.dup, by=self.p.commune_officer, reason="Lần 1")
        with self.assertRaisesMessage(ServiceError, "vừa được người khác cập nhật"):
            duplicates.case_unlink_duplicate(case=stale, by=self.p.commune_officer, reason="Lần 2")
        self.assertEqual(CaseEvent.objects.filter(action=Action.UNLINK).count(), 1)

    def test_page_and_api(self):
        self.login(self.p.commune_officer)
        page = self.client.get(f"/y-kien/{self.dup.pk}/")
        self.assertContains(page, 'id="unlink-form"')
        self.assertNotContains(self.client.get(f"/y-kien/{self.main.pk}/"), 'id="unlink-form"')
        refused = self.client.post(f"/y-kien/{self.dup.pk}/unlink/", {"reason": ""}, follow=True)
        self.assertContains(refused, "phải nêu lý do")
        done = self.client.post(f"/y-kien/{self.dup.pk}/unlink/", {"reason": "Khác nội dung"}, follow=True)
        self.assertContains(done, "Đã tách vụ việc khỏi vụ việc chính")
        self.assertContains(done, "Tách khỏi vụ việc trùng")  # the history shows the event
        duplicates.case_link_duplicate(case=self.dup, main=self.main, by=self.p.commune_officer)
        other = APIClient()
        other.force_authenticate(self.p.other_commune_officer)
        self.assertEqual(other.post(f"/api/v1/cases/{self.dup.pk}/unlink/", {"reason": "x"}).status_code, 404)
        api = APIClient()
        api.force_authenticate(self.p.commune_officer)
        r = api.post(f"/api/v1/cases/{self.dup.pk}/unlink/", {"reason": "Khác nội dung"}, format="json")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertIsNone(Case.objects.get(pk=self.dup.pk).duplicate_of_id)
        again = api.post(f"/api/v1/cases/{self.dup.pk}/unlink/", {"reason": "Khác nội dung"}, format="json")
        self.assertEqual(again.status_code, 400)
        self.assertIn("không được gộp vào vụ việc nào", again.json()["message"])
