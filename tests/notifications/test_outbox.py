"""notify(): written in the caller's transaction, idempotent, and never carrying a petitioner's identity."""

import datetime as dt

import time_machine
from django.db import transaction
from django.test import TransactionTestCase

from cases import handling as case_handling
from cases import intake as case_intake
from cases.models import Channel
from lib.errors import ServiceError
from notifications.models import Kind, Notification
from notifications.services import notify
from reports import services as report_services
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, submit, topic
from tests.factories import make_user
from tests.reports.helpers import ReportsTestCase

DAY = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


class Boom(Exception):
    pass


class NotifyTest(BaseTestCase):
    def test_it_queues_nothing_when_the_change_rolls_back(self):
        with self.assertRaises(Boom), transaction.atomic():
            notify(
                recipient=self.p.commune_officer,
                kind=Kind.CASE_ASSIGNED,
                subject="Vụ việc mới",
                body="…",
                dedupe_key="test:rollback",
            )
            self.assertEqual(Notification.objects.count(), 1)  # visible inside the transaction …
            raise Boom
        self.assertEqual(Notification.objects.count(), 0)  # … gone with it

    def test_a_refused_transfer_notifies_nobody(self):
        case, _ = submit(self.p)
        before = Notification.objects.count()
        with self.assertRaises(ServiceError):
            case_handling.case_transfer(case=case, by=self.p.commune_officer, to=self.p.other_commune_org, reason="")
        self.assertEqual(Notification.objects.count(), before)

    def test_the_same_dedupe_key_is_queued_once(self):
        for _ in range(3):
            with transaction.atomic():
                notify(
                    recipient=self.p.commune_officer,
                    kind=Kind.DIGEST,
                    subject="Tóm tắt",
                    body="…",
                    dedupe_key="digest:2026-11-05:1",
                )
        self.assertEqual(Notification.objects.filter(dedupe_key="digest:2026-11-05:1").count(), 1)


class OutsideTransactionTest(TransactionTestCase):
    def test_it_refuses_to_run_outside_a_transaction(self):
        user = make_user("mot-minh")
        with self.assertRaises(RuntimeError):
            notify(recipient=user, kind=Kind.DIGEST, subject="x", body="x", dedupe_key="outside")
        self.assertFalse(Notification.objects.exists())


@time_machine.travel(DAY, tick=False)
class CaseEventsTest(BaseTestCase):
    def test_a_new_case_reaches_the_handling_bodys_officers_without_the_senders_identity(self):
        case, _ = submit(self.p)
        notes = list(Notification.objects.filter(kind=Kind.CASE_ASSIGNED))
        self.assertEqual([n.recipient for n in notes], [self.p.commune_officer])
        note = notes[0]
        self.assertIn(case.display_code, note.subject)
        self.assertEqual(note.url, f"/y-kien/{case.pk}/")
        self.assertIn("Hạn hiện tại: 16/11/2026", note.body)
        text = note.subject + note.body
        for value in (*CITIZEN.values(), case.title, case.content):
            self.assertNotIn(value, text)

    def test_viewers_and_other_bodies_are_not_told(self):
        submit(self.p)
        recipients = set(Notification.objects.values_list("recipient_id", flat=True))
        self.assertNotIn(self.p.viewer.pk, recipients)
        self.assertNotIn(self.p.other_commune_officer.pk, recipients)

    def test_a_transfer_tells_the_receiving_body_and_not_the_officer_who_moved_it(self):
        case, _ = submit(self.p)
        case_handling.case_transfer(
            case=case, by=self.p.province_officer, to=self.p.other_commune_org, reason="Thuộc địa bàn xã khác"
        )
        transfer = Notification.objects.get(subject__contains="được chuyển đến")
        self.assertEqual(transfer.recipient, self.p.other_commune_officer)
        self.assertFalse(Notification.objects.filter(recipient=self.p.province_officer).exists())

    def test_transferring_back_and_forth_tells_each_time(self):
        case, _ = submit(self.p)
        by = self.p.province_officer
        case_handling.case_transfer(case=case, by=by, to=self.p.other_commune_org, reason="Sai địa bàn")
        case_handling.case_transfer(case=case, by=by, to=self.p.commune_org, reason="Đúng địa bàn ban đầu")
        case_handling.case_transfer(case=case, by=by, to=self.p.other_commune_org, reason="Lại sai")
        self.assertEqual(
            Notification.objects.filter(recipient=self.p.other_commune_officer, kind=Kind.CASE_ASSIGNED).count(), 2
        )

    def test_an_escalation_tells_the_body_above(self):
        case, _ = submit(self.p)
        case_handling.case_escalate(case=case, today=dt.date(2026, 12, 1))
        escalated = Notification.objects.get(subject__contains="chuyển lên")
        self.assertEqual(escalated.recipient, self.p.province_officer)

    def test_an_import_does_not_send_one_notification_per_row(self):
        case_intake.case_record(
            by=self.p.province_officer,
            kind="petition",
            topic=topic(),
            unit=self.p.commune,
            title="Đường hỏng",
            content="Đường liên thôn hỏng nặng.",
            channel=Channel.IMPORT,
            contact=CITIZEN,
        )
        self.assertFalse(Notification.objects.exists())


class ReportReturnedTest(ReportsTestCase):
    def test_the_submitter_is_told_why_the_report_came_back(self):
        p = self.p
        report = self.report_of(p.commune_org)
        self.save(report, dialogues=3)
        report_services.report_submit(report=report, by=p.commune_officer)
        report_services.report_return(report=report, by=p.province_officer, reason="Thiếu số liệu đối thoại")
        note = Notification.objects.get(kind=Kind.REPORT_RETURNED)
        self.assertEqual(note.recipient, p.commune_officer)
        self.assertIn("Thiếu số liệu đối thoại", note.body)
        self.assertEqual(note.url, f"/bao-cao/{report.pk}/")
        # Returned a second time after a new submission: a second notification.
        report_services.report_submit(report=report, by=p.commune_officer)
        report_services.report_return(report=report, by=p.province_officer, reason="Vẫn thiếu")
        self.assertEqual(Notification.objects.filter(kind=Kind.REPORT_RETURNED).count(), 2)
