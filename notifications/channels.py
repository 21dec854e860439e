"""How a queued message leaves DanVan: e-mail (Django's mail backend) or SMS, behind one small interface.

SMS is off unless ``NOTIFICATIONS_SMS_BACKEND`` names a backend: ``file`` writes each message as a JSON line to
``NOTIFICATIONS_SMS_FILE`` (development, tests), ``http`` POSTs ``{"to", "text"}`` as JSON to
``NOTIFICATIONS_SMS_URL`` with ``Authorization: Bearer NOTIFICATIONS_SMS_TOKEN`` (a province's SMS gateway contract;
any 2xx answer is a success, anything else is retried by the worker like a failed e-mail).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from django.conf import settings


class SmsUnavailable(RuntimeError):
    pass


def sms_enabled() -> bool:
    return bool(getattr(settings, "NOTIFICATIONS_SMS_BACKEND", ""))


def send_sms(to: str, text: str) -> None:
    backend = getattr(settings, "NOTIFICATIONS_SMS_BACKEND", "")
    if backend == "file":
        path = Path(settings.NOTIFICATIONS_SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n")
        return
    if backend == "http":
        request = urllib.request.Request(  # noqa: S310 - the configured gateway (https in production)
            settings.NOTIFICATIONS_SMS_URL,
            data=json.dumps({"to": to, "text": text}, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {getattr(settings, 'NOTIFICATIONS_SMS_TOKEN', '')}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
            if not 200 <= answer.status < 300:
                raise SmsUnavailable(f"SMS gateway answered {answer.status}")
        return
    raise SmsUnavailable("SMS is not configured (NOTIFICATIONS_SMS_BACKEND)")
