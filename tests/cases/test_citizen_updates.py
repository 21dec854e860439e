"""Citizens told when their case moves: confirmed address, one message per move through the outbox, a real SMTP
server receiving them, one-click stop, SMS behind the same interface, erasure with the case's personal data."""

from __future__ import annotations

import json
import re
import socket
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEvent
from cases import citizen_updates, handling, intake, retention
from cases.models import Status, Subscription
from lib.errors import ServiceError
from notifications import delivery
from notifications.models import Delivery, Kind, Notification
from tests.base import BaseTestCase
from tests.cases.helpers import submit

ADDRESS = "nguoigui@example.vn"


def citizen_messages():
    return Notification.objects.filter(kind=Kind.CITIZEN).order_by("id")


def path_of(notification) -> tuple[str, str]:
    """The private link's code and token in a message's url."""
    match = re.fullmatch(r"/gui-y-kien/theo-doi/([^/]+)/([^/]+)/", notification.url)
    assert match, notification.url
    return match.group(1), match.group(2)


class SubscriptionTest(BaseTestCase):
    def subscribed(self, **extra):
        case, token = submit(self.p, kind="petition", notify_email=ADDRESS, **extra)
        confirmation = citizen_messages().get()
        match = re.fullmatch(r"/gui-y-kien/xac-nhan/(\d+)/([^/]+)/", confirmation.url)
        return case, token, confirmation, int(match.group(1)), match.group(2)

    def test_nothing_is_sent_before_the_address_is_confirmed_and_each_move_after(self):
        case, _token, confirmation, sub_id, confirm_token = self.subscribed()
        self.assertEqual(confirmation.address, ADDRESS)
        self.assertIn(case.display_code, confirmation.subject)
        self.assertIsNone(confirmation.recipient)
        handling.case_accept(case=case, by=self.p.commune_officer)
        self.assertEqual(citizen_messages().count(), 1)  # only the confirmation

        # A wrong token changes nothing; the right one, posted from the page, confirms.
        bad = self.client.post(reverse("cases_public:confirm_address", args=[sub_id, confirm_token + "x"]))
        self.assertEqual(bad.status_code, 404)
        self.assertIsNone(Subscription.objects.get(pk=sub_id).confirmed_at)
        self.assertEqual(
            self.client.get(reverse("cases_public:confirm_address", args=[sub_id, confirm_token])).status_code, 200
        )
        self.assertIsNone(Subscription.objects.get(pk=sub_id).confirmed_at)  # opening the link is not confirming
        page = self.client.post(reverse("cases_public:confirm_address", args=[sub_id, confirm_token]))
        self.assertContains(page, 'id="confirmed"')
        self.assertIsNotNone(Subscription.objects.get(pk=sub_id).confirmed_at)

        case.refresh_from_db()
        handling.case_request_info(case=case, by=self.p.commune_officer, question="Xin gửi bản chụp sổ đỏ.")
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã bố trí kinh phí, chi trả trong tháng.")
        sent = list(citizen_messages())[1:]
        self.assertEqual(
            [m.subject for m in sent],
            [
                f"Ý kiến {case.display_code}: cần bạn bổ sung thông tin",
                f"Ý kiến {case.display_code}: đã có trả lời",
            ],
        )
        for m in sent:
            self.assertIn(case.display_code, m.body)
            # Never an officer's name, the case's words or the answer's words.
            for private in (str(self.p.commune_officer), case.title, "kinh phí", "sổ đỏ"):
                self.assertNotIn(private, m.body + m.subject)
            self.assertTrue(m.unsubscribe_url.startswith("/gui-y-kien/ngung-nhan/"))
        # The message's private link opens the sender's private page, with the answer.
        code, link_token = path_of(sent[-1])
        self.assertTrue(intake.token_matches(case, link_token))
        self.assertContains(self.client.get(sent[-1].url), "Đã bố trí kinh phí")
        # A link signed for another case opens nothing.
        other, _ = submit(self.p, kind="petition", ip="203.0.113.9")
        self.assertFalse(intake.token_matches(other, link_token))
        self.assertEqual(self.client.get(f"/gui-y-kien/theo-doi/{other.display_code}/{link_token}/").status_code, 404)

    def test_one_click_stop_from_the_message_header_stops_every_later_message(self):
        case, _t, _c, sub_id, confirm_token = self.subscribed()
        citizen_updates.confirm(sub_id, confirm_token)
        handling.case_accept(case=case, by=self.p.commune_officer)
        accepted = citizen_messages().last()
        self.assertIn("đã được thụ lý", accepted.subject)
        # RFC 8058: the mail client POSTs this body to the List-Unsubscribe address, with no cookie and no token.
        client = self.client_class(enforce_csrf_checks=True)
        stopped = client.post(
            accepted.unsubscribe_url,
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertContains(stopped, 'id="stopped"')
        self.assertIsNotNone(Subscription.objects.get(pk=sub_id).stopped_at)
        self.assertTrue(AuditEvent.objects.for_object(case).filter(changes__notifications__to="stopped").exists())
        count = citizen_messages().count()
        case.refresh_from_db()
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xử lý.")
        self.assertEqual(citizen_messages().count(), count)
        self.assertEqual(client.post("/gui-y-kien/ngung-nhan/sai-ma/").status_code, 404)

    def test_the_address_is_erased_with_the_personal_data_and_after_delivery(self):
        case, token, confirmation, sub_id, confirm_token = self.subscribed()
        citizen_updates.confirm(sub_id, confirm_token)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            delivery.send_batch(size=10)
        self.assertEqual(mail.outbox[0].to, [ADDRESS])
        confirmation.refresh_from_db()
        self.assertEqual((confirmation.delivery, confirmation.address), (Delivery.SENT, ""))
        handling.case_accept(case=case, by=self.p.commune_officer)
        case.refresh_from_db()
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xử lý.")
        case.refresh_from_db()
        handling.case_confirm(case=case, token=token)  # the sender agrees: closed
        case.refresh_from_db()
        self.assertEqual(case.status, Status.CLOSED)
        # Accepted and answered wait in the outbox; the sender's own confirmation sends them nothing.
        self.assertEqual(citizen_messages().filter(delivery=Delivery.PENDING).exclude(address="").count(), 2)
        retention.case_anonymise(case=case)
        self.assertFalse(Subscription.objects.filter(case=case).exists())
        self.assertFalse(citizen_messages().exclude(address="").exists())
        self.assertEqual(citizen_messages().filter(delivery=Delivery.PENDING).count(), 0)

    def test_the_api_takes_the_address_and_officers_never_see_it(self):
        response = self.client.post(
            "/api/v1/cases/intake/",
            {
                "kind": "feedback",
                "topic": "dat-dai",
                "unit": self.p.commune.code,
                "title": "Đèn đường hỏng",
                "content": "Đèn đường thôn 3 hỏng một tháng nay.",
                "notify_email": ADDRESS,
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        case_id = response.json()["id"]
        self.assertEqual(Subscription.objects.get(case_id=case_id).address, ADDRESS)
        self.login(self.p.commune_officer)
        self.assertNotContains(self.client.get(f"/y-kien/{case_id}/"), ADDRESS)
        self.assertNotIn(ADDRESS, self.client.get(f"/api/v1/cases/{case_id}/").content.decode())
        bad = self.client.post(
            "/api/v1/cases/intake/",
            {
                "kind": "feedback",
                "topic": "dat-dai",
                "unit": self.p.commune.code,
                "title": "x",
                "content": "y",
                "notify_email": "khong-phai-thu",
            },
            content_type="application/json",
        )
        self.assertEqual(bad.status_code, 400)

    def test_sms_goes_through_the_same_outbox_when_a_backend_is_configured(self):
        with self.assertRaisesMessage(ServiceError, "chưa gửi được thông báo qua tin nhắn"):
            submit(self.p, kind="petition", notify_phone="0912345678")
        with self.settings(NOTIFICATIONS_SMS_BACKEND="file", NOTIFICATIONS_SMS_FILE=str(self.tmp / "sms.jsonl")):
            case, _ = submit(self.p, kind="petition", notify_phone="0912345678", ip="203.0.113.11")
            delivery.send_batch(size=10)
            lines = [json.loads(line) for line in (self.tmp / "sms.jsonl").read_text().splitlines()]
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0]["to"], "0912345678")
        self.assertIn(case.display_code, lines[0]["text"])
        self.assertIn("/gui-y-kien/xac-nhan/", lines[0]["text"])

    def setUp(self):
        super().setUp()
        import tempfile
        from pathlib import Path

        self.tmp = Path(tempfile.mkdtemp())


class _Sink:
    def __init__(self):
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RealSmtpServerTest(BaseTestCase):
    def test_the_worker_delivers_to_a_real_smtp_server_with_the_code_the_link_and_one_click_stop(self):
        sink = _Sink()
        port = _free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with self.settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                EMAIL_USE_TLS=False,
                EMAIL_HOST_USER="",
                EMAIL_HOST_PASSWORD="",
                DANVAN_BASE_URL="https://danvan.example.gov.vn",
            ):
                case, _token = submit(self.p, kind="petition", notify_email=ADDRESS)
                confirmation = citizen_messages().get()
                sub_id, confirm_token = re.fullmatch(r"/gui-y-kien/xac-nhan/(\d+)/([^/]+)/", confirmation.url).groups()
                citizen_updates.confirm(int(sub_id), confirm_token)
                handling.case_accept(case=case, by=self.p.commune_officer)
                result = delivery.send_batch(size=10)
        finally:
            controller.stop()
        self.assertEqual(result.sent, 2, result.errors)
        received = [message_from_bytes(raw, policy=default_policy) for raw in sink.messages]
        self.assertEqual([m["To"] for m in received], [ADDRESS, ADDRESS])
        accepted = received[1]
        body = accepted.get_content()
        self.assertIn(case.display_code, accepted["Subject"])
        self.assertIn(f"https://danvan.example.gov.vn/gui-y-kien/theo-doi/{case.display_code}/", body)
        self.assertEqual(accepted["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertRegex(
            accepted["List-Unsubscribe"].strip(), r"^<https://danvan\.example\.gov\.vn/gui-y-kien/ngung-nhan/.+/>$"
        )
        self.assertEqual(citizen_messages().exclude(address="").count(), 0)  # erased once delivered
