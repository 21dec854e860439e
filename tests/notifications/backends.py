"""E-mail backends for the worker tests: one that fails a chosen number of times, one that dies after sending."""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(BaseEmailBackend):
    """Refuses the first ``failures`` messages (like an SMTP server that is down), then delivers to locmem."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("Máy chủ thư không trả lời")
        return LocmemBackend().send_messages(messages)


class DiesAfterSending(Exception):
    pass


class CrashAfterSendBackend(LocmemBackend):
    """Delivers, then the process 'dies' before the worker can mark the row sent."""

    def send_messages(self, messages):
        count = super().send_messages(messages)
        raise DiesAfterSending(f"killed after sending {count}")


def outbox_ids() -> list[str]:
    return [m.extra_headers["Message-ID"] for m in mail.outbox]
