"""The worker: each notification sent once, failures retried with backoff, a crash never loses one."""

import datetime as dt
import threading
import unittest

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from notifications import delivery
from notifications.models import Delivery, Kind, Notification
from notifications.services import Message, notify_many
from tests.base import BaseTestCase
from tests.factories import make_user
from tests.notifications import backends

NOW = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.UTC)


def queue(users, n: int, prefix: str = "t") -> None:
    with transaction.atomic():
        notify_many(
            [
                Message(
                    recipient_id=users[i % len(users)].pk,
                    kind=Kind.CASE_ASSIGNED,
                    subject=f"Vụ việc số {i}",
                    body="Nội dung",
                    dedupe_key=f"{prefix}:{i}",
                    url="/y-kien/",
                )
                for i in range(n)
            ]
        )


@time_machine.travel(NOW, tick=False)
class WorkerTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.with_mail = make_user("co-thu", email="canbo@example.vn")
        cls.without_mail = make_user("khong-thu")

    def test_it_sends_each_notification_once_and_marks_it(self):
        queue([self.with_mail], 5)
        call_command("send_notifications", "--batch", "2", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(len(mail.outbox), 5)
        self.assertEqual(len(set(backends.outbox_ids())), 5)
        self.assertEqual(mail.outbox[0].to, ["canbo@example.vn"])
        self.assertIn("Xem chi tiết: /y-kien/", mail.outbox[0].body)
        self.assertEqual(Notification.objects.filter(delivery=Delivery.SENT, sent_at=timezone.now()).count(), 5)
        # A second run finds nothing to send.
        delivery.send_batch(size=10)
        self.assertEqual(len(mail.outbox), 5)

    def test_a_recipient_without_an_address_keeps_the_notification_on_the_page(self):
        queue([self.without_mail], 1)
        result = delivery.send_batch(size=10)
        self.assertEqual((result.sent, result.no_address), (0, 1))
        self.assertEqual(Notification.objects.get().delivery, Delivery.NO_ADDRESS)
        self.assertEqual(mail.outbox, [])

    @override_settings(EMAIL_BACKEND="tests.notifications.backends.FlakyBackend", NOTIFICATIONS_BACKOFF_SECONDS=60)
    def test_a_failure_is_recorded_and_retried_after_the_backoff(self):
        backends.FlakyBackend.failures = 2
        queue([self.with_mail], 1)
        result = delivery.send_batch(size=10)
        self.assertEqual(result.failed, 1)
        n = Notification.objects.get()
        self.assertEqual((n.delivery, n.attempts), (Delivery.PENDING, 1))
        self.assertIn("Máy chủ thư không trả lời", n.last_error)
        self.assertEqual(n.next_attempt_at, NOW + dt.timedelta(seconds=60))
        # Not due again before the backoff …
        self.assertEqual(delivery.send_batch(size=10).claimed, 0)
        with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
            delivery.send_batch(size=10)  # second failure: the wait doubles
        n.refresh_from_db()
        self.assertEqual((n.attempts, n.next_attempt_at), (2, NOW + dt.timedelta(seconds=61 + 120)))
        with time_machine.travel(NOW + dt.timedelta(seconds=200), tick=False):
            self.assertEqual(delivery.send_batch(size=10).sent, 1)
        n.refresh_from_db()
        self.assertEqual((n.delivery, n.attempts, n.last_error), (Delivery.SENT, 3, ""))
        self.assertEqual(len(mail.outbox), 1)

    @override_settings(EMAIL_BACKEND="tests.notifications.backends.FlakyBackend", NOTIFICATIONS_MAX_ATTEMPTS=2)
    def test_it_gives_up_the_email_after_the_last_attempt(self):
        backends.FlakyBackend.failures = 5
        queue([self.with_mail], 1)
        delivery.send_batch(size=10)
        with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
            delivery.send_batch(size=10)
        with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
            self.assertEqual(delivery.send_batch(size=10).claimed, 0)
        n = Notification.objects.get()
        self.assertEqual((n.delivery, n.attempts), (Delivery.FAILED, 2))
        backends.FlakyBackend.failures = 0

    def test_a_crash_between_send_and_mark_resends_after_the_lease_with_the_same_message_id(self):
        queue([self.with_mail], 1)
        with (
            override_settings(EMAIL_BACKEND="tests.notifications.backends.CrashAfterSendBackend"),
            self.assertRaises(backends.DiesAfterSending),
        ):
            # The worker "dies" right after the mail server took the message (the exception stands
            # for kill -9: nothing after the send runs).
            original = delivery._deliver

            def die_after_send(notification, **kw):
                delivery.build_email(notification, kw["connection"]).send()

            delivery._deliver = die_after_send
            try:
                delivery.send_batch(size=10, lease=300)
            finally:
                delivery._deliver = original
        first_id = backends.outbox_ids()[0]
        n = Notification.objects.get()
        self.assertEqual(n.delivery, Delivery.PENDING)
        # Another worker leaves it alone while the lease runs …
        self.assertEqual(delivery.send_batch(size=10).claimed, 0)
        # … and sends it again once the lease has ended: at-least-once, the same Message-ID.
        with time_machine.travel(NOW + dt.timedelta(seconds=301), tick=False):
            self.assertEqual(delivery.send_batch(size=10).sent, 1)
        self.assertEqual(backends.outbox_ids(), [first_id, first_id])
        self.assertEqual(Notification.objects.get().delivery, Delivery.SENT)

    def test_a_stopping_worker_hands_back_the_rest_of_its_batch_at_once(self):
        queue([self.with_mail], 4)
        asked = []

        def stop_after_one():
            asked.append(1)
            return len(asked) > 1

        result = delivery.send_batch(size=10, should_stop=stop_after_one)
        self.assertEqual((result.claimed, result.sent), (4, 1))
        waiting = Notification.objects.filter(delivery=Delivery.PENDING)
        self.assertEqual(list(waiting.values_list("claim", "attempts").distinct()), [("", 0)])
        self.assertEqual(delivery.send_batch(size=10).sent, 3)  # due again without waiting for the lease

    def test_a_worker_whose_lease_ran_out_does_not_mark_a_row_another_worker_took(self):
        queue([self.with_mail], 1)
        slow_token, ids = delivery.claim_batch(size=10, lease=60)
        with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
            self.assertEqual(delivery.send_batch(size=10).sent, 1)
        # The slow worker wakes up: its claim is gone, it neither sends nor marks.
        self.assertFalse(delivery._still_mine(ids[0], slow_token, 60))
        delivery._mark(ids[0], slow_token, delivery=Delivery.FAILED)
        self.assertEqual(Notification.objects.get().delivery, Delivery.SENT)
        self.assertEqual(len(mail.outbox), 1)


class RacingWorkersTest(TransactionTestCase):
    """Two workers on two connections at once (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED)."""

    @unittest.skipUnless(connection.vendor == "postgresql", "two concurrent connections need PostgreSQL here")
    def test_two_workers_racing_send_each_notification_exactly_once(self):
        users = [make_user(f"canbo{i}", email=f"canbo{i}@example.vn") for i in range(3)]
        queue(users, 60, prefix="race")
        barrier = threading.Barrier(2)
        results, errors = [], []

        def worker():
            from django.db import connections

            try:
                barrier.wait()
                while True:
                    result = delivery.send_batch(size=3)
                    results.append(result)
                    if not result.claimed:
                        break
            except Exception as e:  # noqa: BLE001
                errors.append(e)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        ids = backends.outbox_ids()
        self.assertEqual(len(ids), 60)
        self.assertEqual(len(set(ids)), 60)
        self.assertEqual(Notification.objects.filter(delivery=Delivery.SENT).count(), 60)
        self.assertEqual(sum(r.lost_claim for r in results), 0)
