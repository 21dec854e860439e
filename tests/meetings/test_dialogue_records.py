"""Dialogues recorded after the fact: a province officer enters a dialogue held last week in a commune, with its
minutes, questions, answers and three commitments (one already overdue); the overdue one then waits on the commune
officer's home page and in their digest. The 7-day notice rule applies to announcing, not to these records."""

import datetime as dt

import time_machine

from audit.models import AuditEvent
from lib.errors import ServiceError
from meetings import dialogue_records
from meetings.models import Commitment, Dialogue, DialogueStatus
from notifications.digest import collect, digest_message
from notifications.models import Notification
from notifications.todo import todo_for
from tests.base import BaseTestCase

TZ = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.date(2026, 11, 16)
HELD = dt.datetime(2026, 11, 9, 8, 0, tzinfo=TZ)  # last week
OVERDUE = "Cam kết sau đối thoại quá hạn thực hiện"


def at(day=TODAY):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=TZ), tick=False)


class RecordPageTest(BaseTestCase):
    def post(self, **extra):
        p = self.p
        data = {
            "organization": p.province_org.pk,
            "title": "Đối thoại về bồi thường dự án đường vành đai",
            "description": "",
            "topic": "",
            "unit": p.commune.code,
            "starts_at": HELD.strftime("%Y-%m-%dT%H:%M"),
            "place": "Hội trường phường Xuân Hương",
            "minutes": "Hội nghị có 120 người dự; lãnh đạo tỉnh trả lời 5 ý kiến.",
            "participants": "120",
            "cau-hoi-TOTAL_FORMS": "3",
            "cau-hoi-INITIAL_FORMS": "0",
            "cau-hoi-0-text": "Khi nào chi trả tiền bồi thường?",
            "cau-hoi-0-answer": "Trước ngày 15/11/2026.",
            "cau-hoi-0-answered_by": "Phó Chủ tịch UBND tỉnh",
            "cau-hoi-1-text": "Đường tạm cho dân đi lại?",
            "cam-ket-TOTAL_FORMS": "4",
            "cam-ket-INITIAL_FORMS": "0",
        }
        for i, (text, days) in enumerate(
            (("Chi trả bồi thường", -1), ("Làm đường tạm", 10), ("Công khai phương án", 30))
        ):
            data[f"cam-ket-{i}-text"] = text
            data[f"cam-ket-{i}-owner"] = p.commune_org.pk
            data[f"cam-ket-{i}-deadline"] = (TODAY + dt.timedelta(days=days)).isoformat()
        data.update(extra)
        self.login(p.province_officer)
        with at():
            return self.client.post("/y-kien/doi-thoai/ghi-nhan/", data)

    def test_a_province_officer_records_last_weeks_dialogue_and_its_overdue_commitment_reaches_the_owner(self):
        r = self.post()
        dialogue = Dialogue.objects.get()
        self.assertRedirects(r, f"/y-kien/doi-thoai/{dialogue.pk}/", fetch_redirect_response=False)
        self.assertEqual(
            (dialogue.status, dialogue.held_on, dialogue.recorded_afterwards, dialogue.participants, dialogue.unit),
            (DialogueStatus.HELD, HELD.date(), True, 120, self.p.commune),
        )
        self.assertEqual(
            list(dialogue.questions.values_list("text", "answer", "answered_by")),
            [
                ("Khi nào chi trả tiền bồi thường?", "Trước ngày 15/11/2026.", "Phó Chủ tịch UBND tỉnh"),
                ("Đường tạm cho dân đi lại?", "", ""),
            ],
        )
        self.assertEqual(Commitment.objects.filter(dialogue=dialogue, owner=self.p.commune_org).count(), 3)
        self.assertEqual(AuditEvent.objects.for_object(dialogue).count(), 1)
        self.assertEqual(AuditEvent.objects.filter(object_repr__startswith="Cam kết sau").count(), 3)

        # The detail page says it was entered afterwards.
        with at():
            page = self.client.get(f"/y-kien/doi-thoai/{dialogue.pk}/")
        self.assertContains(page, "Ghi nhận sau khi diễn ra")

        # The commune officer (whose body owes the commitments) finds the overdue one on the home page…
        officer = self.p.commune_officer
        items = {item.label: item for item in todo_for(officer, TODAY)}
        self.assertEqual(items[OVERDUE].count, 1)
        self.assertEqual(items[OVERDUE].due, TODAY - dt.timedelta(days=1))
        self.login(officer)
        with at():
            home = self.client.get("/")
            listed = self.client.get(items[OVERDUE].url)
        self.assertContains(home, OVERDUE)
        self.assertEqual([c.text for c in listed.context["page"]], ["Chi trả bồi thường"])

        # …and in the daily digest.
        mine = next(o for o in collect(TODAY) if o.user_id == officer.pk)
        message = digest_message(mine, TODAY)
        self.assertIn("- 1 cam kết sau đối thoại quá hạn: ", message.body)
        self.assertIn(self.p.commune_org.name, message.body)

    def test_the_notice_rule_does_not_apply_but_a_future_date_is_refused(self):
        tomorrow = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(8), tzinfo=TZ)
        r = self.post(starts_at=tomorrow.strftime("%Y-%m-%dT%H:%M"))
        self.assertContains(r, "Ngày 17/11/2026 chưa đến: hội nghị sắp tới thì thông báo trước, không ghi nhận sau.")
        self.assertFalse(Dialogue.objects.exists())

    def test_a_commitment_before_the_dialogue_rolls_everything_back(self):
        r = self.post(**{"cam-ket-2-deadline": "2026-11-01"})
        self.assertContains(r, "Thời hạn thực hiện cam kết không thể trước ngày đối thoại.")
        self.assertFalse(Dialogue.objects.exists())
        self.assertFalse(Commitment.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_a_half_filled_commitment_row_is_named_and_nothing_is_saved(self):
        r = self.post(**{"cam-ket-3-text": "Thiếu cơ quan và thời hạn"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(set(r.context["commitments"].errors[3]), {"owner", "deadline"})
        self.assertEqual(r.context["commitments"].errors[:3], [{}, {}, {}])
        self.assertFalse(Dialogue.objects.exists())

    def test_the_form_offers_the_managed_bodies_and_the_bodies_under_them_as_owners(self):
        self.login(self.p.province_officer)
        r = self.client.get("/y-kien/doi-thoai/ghi-nhan/")
        self.assertContains(r, "không áp dụng quy định thông báo trước 7 ngày")
        owners = [name for _, name in r.context["commitments"].forms[0].fields["owner"].choices][1:]
        self.assertEqual(
            set(owners), {self.p.province_org.name, self.p.commune_org.name, self.p.other_commune_org.name}
        )
        self.login(self.p.commune_officer)
        self.assertContains(self.client.get("/y-kien/doi-thoai/"), "Ghi nhận hội nghị đã diễn ra")

    def test_only_managers_record_and_a_viewer_is_sent_back(self):
        self.login(self.p.viewer)
        r = self.client.get("/y-kien/doi-thoai/ghi-nhan/")
        self.assertRedirects(r, "/y-kien/doi-thoai/", fetch_redirect_response=False)
        with at(), self.assertRaisesMessage(ServiceError, "cơ quan tổ chức đối thoại"):
            dialogue_records.dialogue_record(
                by=self.p.other_commune_officer,
                organization=self.p.commune_org,
                title="Đối thoại",
                starts_at=HELD,
                place="Hội trường",
                minutes="Biên bản",
            )
