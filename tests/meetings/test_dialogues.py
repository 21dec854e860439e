"""Dialogues: announced ≥ 7 days ahead, questions from citizens and open cases, minutes, answers
turned into commitments tracked to closure, results published within 10 days (late shown)."""

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import AuditEvent
from lib.errors import ServiceError
from meetings import dialogues
from meetings.models import Commitment, Dialogue, DialogueStatus
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, submit

TZ = dt.timezone(dt.timedelta(hours=7))
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
MEETING = dt.datetime(2026, 11, 9, 19, 30, tzinfo=TZ)  # exactly 7 days later, evening
SCRIPT = '<script>alert("x")</script>'


def at(when):
    return time_machine.travel(when, tick=False)


def plan(p, by=None, starts_at=MEETING, **extra):
    values = {
        "by": by or p.commune_officer,
        "organization": p.commune_org,
        "title": "Đối thoại về bồi thường dự án đường vành đai",
        "starts_at": starts_at,
        "place": "Hội trường phường Xuân Hương",
    }
    values.update(extra)
    return dialogues.dialogue_plan(**values)


class PlanTest(BaseTestCase):
    def test_it_must_be_announced_seven_days_ahead(self):
        with at(MONDAY):
            with self.assertRaisesMessage(
                ServiceError,
                "Hội nghị đối thoại phải được thông báo trước ít nhất 7 ngày: ngày dự kiến 08/11/2026, "
                "sớm nhất là ngày 09/11/2026.",
            ):
                plan(self.p, starts_at=MEETING - dt.timedelta(days=1))
            self.assertFalse(Dialogue.objects.exists())
            dialogue = plan(self.p)
        self.assertEqual((dialogue.status, dialogue.announced_on), (DialogueStatus.ANNOUNCED, dt.date(2026, 11, 2)))
        self.assertEqual(dialogue.unit, self.p.commune)
        self.assertTrue(AuditEvent.objects.for_object(dialogue).exists())

    def test_only_the_body_and_those_above_plan_it(self):
        with at(MONDAY):
            with self.assertRaisesMessage(ServiceError, "cơ quan tổ chức đối thoại"):
                plan(self.p, by=self.p.other_commune_officer)
            with self.assertRaisesMessage(ServiceError, "cơ quan tổ chức đối thoại"):
                plan(self.p, by=self.p.viewer)
            self.assertTrue(plan(self.p, by=self.p.province_officer).pk)


class LifecycleTest(BaseTestCase):
    def setUp(self):
        with at(MONDAY):
            self.dialogue = plan(self.p)
            self.case, _ = submit(self.p, kind="petition", title="Chưa nhận tiền bồi thường")

    def test_questions_before_minutes_after_commitments_and_results(self):
        officer = self.p.commune_officer
        with at(MONDAY + dt.timedelta(days=1)):
            q1 = dialogues.dialogue_question_submit(
                dialogue=self.dialogue, text="Khi nào chi trả?", client_ip="1.2.3.4"
            )
            q2 = dialogues.dialogue_question_from_case(dialogue=self.dialogue, case=self.case, by=officer)
            self.assertEqual(q2.text, "Chưa nhận tiền bồi thường")
            with self.assertRaisesMessage(ServiceError, "đã có trong danh sách câu hỏi"):
                dialogues.dialogue_question_from_case(dialogue=self.dialogue, case=self.case, by=officer)
            with self.assertRaisesMessage(ServiceError, "chưa diễn ra"):
                dialogues.dialogue_hold(dialogue=self.dialogue, by=officer, minutes="…")
            with self.assertRaisesMessage(
                ServiceError, "Không thể công bố kết quả hội nghị đối thoại đang ở trạng thái"
            ):
                dialogues.dialogue_publish(dialogue=self.dialogue, by=officer, results="x")
        with at(MEETING + dt.timedelta(hours=2)):
            with self.assertRaisesMessage(ServiceError, "không còn nhận câu hỏi"):
                dialogues.dialogue_question_submit(dialogue=self.dialogue, text="Muộn", client_ip="1.2.3.4")
            dialogues.dialogue_hold(
                dialogue=self.dialogue, by=officer, minutes="Biên bản: 120 hộ dự.", participants=120
            )
            self.assertEqual(self.dialogue.held_on, dt.date(2026, 11, 9))
            self.assertEqual(self.dialogue.results_due(), dt.date(2026, 11, 19))
            dialogues.dialogue_answer(question=q1, by=officer, answer="Chi trả trước 31/12/2026.")
            c = dialogues.commitment_create(
                dialogue=self.dialogue,
                by=officer,
                question=q1,
                text="Chi trả tiền bồi thường cho 12 hộ",
                owner=self.p.commune_org,
                deadline=dt.date(2026, 12, 31),
            )
            self.assertEqual(c.state_on(dt.date(2026, 11, 9)), "open")
        self.assertEqual(c.state_on(dt.date(2027, 1, 1)), "overdue")
        self.assertEqual(list(Commitment.objects.overdue(on=dt.date(2027, 1, 1)).values_list("pk", flat=True)), [c.pk])
        with at(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
            self.assertTrue(dialogues.results_late(self.dialogue))
            r = self.client.get(f"/gui-y-kien/doi-thoai/{self.dialogue.pk}/")
            self.assertContains(r, "Đã quá hạn công bố kết quả (19/11/2026) mà chưa công bố.")
            dialogues.dialogue_publish(dialogue=self.dialogue, by=officer, results="Thống nhất lộ trình chi trả.")
            self.assertTrue(dialogues.published_late(self.dialogue))
            with self.assertRaisesMessage(ServiceError, "Hãy nêu kết quả, minh chứng"):
                dialogues.commitment_complete(commitment=c, by=officer, evidence=" ")
            with self.assertRaisesMessage(ServiceError, "Bạn không thuộc cơ quan thực hiện cam kết"):
                dialogues.commitment_complete(commitment=c, by=self.p.other_commune_officer, evidence="x")
            dialogues.commitment_complete(commitment=c, by=officer, evidence="Đã chi trả, UNC số 45")
            with self.assertRaisesMessage(
                ServiceError, "Không thể hoàn thành cam kết đang ở trạng thái “Đã hoàn thành”."
            ) as refused:
                dialogues.commitment_complete(commitment=c, by=officer, evidence="lại")
            self.assertEqual(refused.exception.status_code, 409)
            r = self.client.get(f"/gui-y-kien/doi-thoai/{self.dialogue.pk}/")
        self.assertContains(r, "Thống nhất lộ trình chi trả.")
        self.assertContains(r, "Chi trả trước 31/12/2026.")
        self.assertContains(r, "Đã hoàn thành")
        self.assertContains(r, "Kết quả công bố muộn (hạn 19/11/2026)")
        for secret in (CITIZEN["full_name"], CITIZEN["phone"], self.case.display_code):
            self.assertNotContains(r, secret)

    def test_illegal_moves_change_nothing(self):
        officer = self.p.commune_officer
        with at(MONDAY + dt.timedelta(days=1)):
            dialogues.dialogue_cancel(dialogue=self.dialogue, by=officer, reason="Trùng lịch họp HĐND")
            with self.assertRaisesMessage(ServiceError, "Không thể hủy hội nghị đối thoại đang ở trạng thái “Hủy”"):
                dialogues.dialogue_cancel(dialogue=self.dialogue, by=officer, reason="x")
            with self.assertRaisesMessage(ServiceError, "không còn nhận câu hỏi"):
                dialogues.dialogue_question_submit(dialogue=self.dialogue, text="?", client_ip="1.2.3.4")
        with at(MEETING + dt.timedelta(days=1)), self.assertRaisesMessage(ServiceError, "Không thể ghi biên bản cho"):
            dialogues.dialogue_hold(dialogue=self.dialogue, by=officer, minutes="x")
        self.assertEqual(Dialogue.objects.get(pk=self.dialogue.pk).status, DialogueStatus.CANCELLED)

    def test_a_case_from_another_province_is_refused(self):
        far_case, _ = submit(self.p, kind="petition", unit=self.p.far_commune, ip="9.9.9.9")
        with at(MONDAY + dt.timedelta(days=1)), self.assertRaisesMessage(ServiceError, "không thuộc địa bàn"):
            dialogues.dialogue_question_from_case(dialogue=self.dialogue, case=far_case, by=self.p.province_officer)


class DialoguePagesTest(BaseTestCase):
    def setUp(self):
        with at(MONDAY):
            self.dialogue = plan(self.p, title=SCRIPT)

    def test_a_citizen_sends_a_question_on_the_public_page(self):
        with at(MONDAY + dt.timedelta(days=2)):
            listing = self.client.get("/gui-y-kien/doi-thoai/")
            self.assertContains(listing, f"/gui-y-kien/doi-thoai/{self.dialogue.pk}/")
            self.assertNotContains(listing, "<script>alert")
            url = f"/gui-y-kien/doi-thoai/{self.dialogue.pk}/"
            r = self.client.post(url, {"text": "Đề nghị công khai phương án " + SCRIPT}, follow=True)
            self.assertContains(r, "Đã gửi câu hỏi")
            self.assertContains(r, "&lt;script&gt;")
            self.assertNotContains(r, "<script>alert")
            self.assertEqual(self.dialogue.questions.get().source, "citizen")

    def test_officers_run_it_from_their_pages_and_others_get_404(self):
        self.client.force_login(self.p.commune_officer)
        with at(MONDAY + dt.timedelta(days=1)):
            r = self.client.post(
                "/y-kien/doi-thoai/",
                {
                    "organization": self.p.commune_org.pk,
                    "title": "Đối thoại quá gấp",
                    "starts_at": "2026-11-05T08:00",
                    "place": "Hội trường",
                },
            )
            self.assertContains(r, "phải được thông báo trước ít nhất 7 ngày")
        with at(MEETING + dt.timedelta(hours=3)):
            url = f"/y-kien/doi-thoai/{self.dialogue.pk}/"
            r = self.client.post(url + "hold/", {"minutes": "Biên bản", "participants": "80"}, follow=True)
            self.assertContains(r, "Đã ghi biên bản hội nghị.")
            r = self.client.post(
                url + "commitment/",
                {"text": "Sửa đường", "owner": self.p.commune_org.pk, "deadline": "2026-12-01"},
                follow=True,
            )
            self.assertContains(r, "Đã ghi cam kết.")
            with CaptureQueriesContext(connection) as queries:
                listing = self.client.get("/y-kien/doi-thoai/")
            self.assertContains(listing, "&lt;script&gt;")
            self.assertLessEqual(len(queries), 12)
        self.client.force_login(self.p.other_commune_officer)
        self.assertEqual(self.client.get(f"/y-kien/doi-thoai/{self.dialogue.pk}/").status_code, 404)
        self.assertEqual(
            self.client.post(f"/y-kien/doi-thoai/{self.dialogue.pk}/publish/", {"results": "x"}).status_code, 404
        )
        self.assertEqual(Dialogue.objects.get(pk=self.dialogue.pk).status, DialogueStatus.HELD)


class DialogueApiTest(BaseTestCase):
    def api(self, user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def test_the_whole_path_by_api(self):
        officer = self.api(self.p.commune_officer)
        with at(MONDAY):
            r = officer.post(
                "/api/v1/cases/dialogues/",
                {
                    "organization": self.p.commune_org.pk,
                    "title": "Đối thoại",
                    "starts_at": "2026-11-05T08:00:00+07:00",
                    "place": "Hội trường",
                },
                format="json",
            )
            self.assertEqual(r.status_code, 400)
            self.assertIn("ít nhất 7 ngày", r.json()["message"])
            r = officer.post(
                "/api/v1/cases/dialogues/",
                {
                    "organization": self.p.commune_org.pk,
                    "title": "Đối thoại",
                    "starts_at": "2026-11-09T19:30:00+07:00",
                    "place": "Hội trường",
                    "topic": "dat-dai",
                },
                format="json",
            )
            self.assertEqual(r.status_code, 201, r.content)
            pk = r.json()["id"]
            case, _ = submit(self.p, kind="petition")
            r = officer.post(f"/api/v1/cases/dialogues/{pk}/questions/", {"case": case.pk}, format="json")
            self.assertEqual(r.status_code, 201, r.content)
            r = self.api().post(f"/api/v1/cases/dialogues/{pk}/public-question/", {"text": "Hỏi"}, format="json")
            self.assertEqual(r.status_code, 201)
            self.assertEqual(r.json(), {"text": "Hỏi", "answer": ""})
            other = self.api(self.p.other_commune_officer)
            self.assertEqual(other.get(f"/api/v1/cases/dialogues/{pk}/").status_code, 404)
            self.assertEqual(other.post(f"/api/v1/cases/dialogues/{pk}/cancel/", {"reason": "x"}).status_code, 404)
        with at(MEETING + dt.timedelta(hours=2)):
            officer.post(f"/api/v1/cases/dialogues/{pk}/hold/", {"minutes": "Biên bản"}, format="json")
            detail = officer.get(f"/api/v1/cases/dialogues/{pk}/").json()
            self.assertEqual(detail["status"], "held")
            self.assertEqual(detail["results_due"], "2026-11-19")
            qid = detail["questions"][0]["id"]
            r = officer.post(
                f"/api/v1/cases/dialogues/{pk}/answers/", {"question": qid, "answer": "Đã rõ"}, format="json"
            )
            self.assertEqual(r.status_code, 200, r.content)
            r = officer.post(
                f"/api/v1/cases/dialogues/{pk}/commitments/",
                {"text": "Sửa", "owner": self.p.commune_org.pk, "deadline": "2026-11-20", "question": qid},
                format="json",
            )
            self.assertEqual(r.status_code, 201, r.content)
            cid = r.json()["id"]
        with at(dt.datetime(2026, 11, 25, 9, 0, tzinfo=TZ)):
            late = officer.get("/api/v1/cases/commitments/", {"state": "overdue"}).json()["results"]
            self.assertEqual([c["id"] for c in late], [cid])
            self.assertEqual(late[0]["state"], "overdue")
            self.assertTrue(officer.get(f"/api/v1/cases/dialogues/{pk}/").json()["results_late"])
            r = officer.post(f"/api/v1/cases/commitments/{cid}/complete/", {"evidence": "Xong"}, format="json")
            self.assertEqual(r.json()["state"], "done")
            self.assertEqual(
                other.post(f"/api/v1/cases/commitments/{cid}/complete/", {"evidence": "x"}).status_code, 404
            )
            officer.post(f"/api/v1/cases/dialogues/{pk}/publish/", {"results": "Kết quả"}, format="json")
            public = self.api().get("/api/v1/cases/dialogues/public/").json()
            self.assertEqual(public[0]["status"], "published")
            self.assertNotIn("minutes", public[0])
