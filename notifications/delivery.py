"""The worker's side of the outbox: claim due rows for a lease, send them by e-mail, mark them sent.

Claiming is one short transaction: on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` lets two
workers take disjoint batches without waiting on each other; on SQLite the transaction is
IMMEDIATE (see settings), so claims simply queue. No transaction is held while talking to the
mail server. Before each message the worker renews its claim and after sending it marks the row
— both as ``UPDATE … WHERE claim = <mine>``, so a worker that outlived its lease never marks or
sends a row another worker took over.

A crash (kill -9) between sending and marking leaves the row claimed; once the lease ends it is
claimed and sent again with the same Message-ID: at-least-once, never lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from notifications import conf
from notifications.channels import send_sms
from notifications.models import Channel, Delivery, Notification

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    no_address: int = 0
    lost_claim: int = 0
    errors: list[str] = field(default_factory=list)


def due_q(now: dt.datetime) -> Q:
    return Q(delivery=Delivery.PENDING, next_attempt_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def claim_batch(*, size: int, lease: int | None = None, now: dt.datetime | None = None) -> tuple[str, list[int]]:
    """Take up to ``size`` due notifications for this worker; returns (claim token, ids)."""
    now = now or timezone.now()
    lease = conf.lease_seconds() if lease is None else lease
    token = secrets.token_hex(16)
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(due_q(now))
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:size]
        )
        if ids:
            # Attempts count claims, not failures: a message that kills the worker still runs out of tries.
            Notification.objects.filter(pk__in=ids).update(
                claim=token, claimed_until=now + dt.timedelta(seconds=lease), attempts=F("attempts") + 1
            )
    return token, ids


def _still_mine(pk: int, token: str, lease: int) -> bool:
    """Renew the claim right before sending; False if the lease ended and another worker took the row."""
    return bool(
        Notification.objects.filter(pk=pk, claim=token, delivery=Delivery.PENDING).update(
            claimed_until=timezone.now() + dt.timedelta(seconds=lease)
        )
    )


def _mark(pk: int, token: str, **updates) -> None:
    Notification.objects.filter(pk=pk, claim=token).update(claim="", claimed_until=None, **updates)


def release(token: str) -> int:
    """Hand back the rows of a claim not yet sent (a stopping worker); the attempt did not happen."""
    return Notification.objects.filter(claim=token, delivery=Delivery.PENDING).update(
        claim="", claimed_until=None, attempts=F("attempts") - 1
    )


def build_email(notification: Notification, connection=None) -> EmailMessage:
    base = conf.base_url()
    body = notification.body
    if notification.url:
        body += f"\n\nXem chi tiết: {base}{notification.url}"
    headers = {"Message-ID": notification.message_id, "X-DanVan-Notification": notification.dedupe_key}
    if notification.unsubscribe_url:
        # RFC 8058: mail clients show "unsubscribe" and POST to it in one click.
        headers["List-Unsubscribe"] = f"<{base}{notification.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body += f"\n\nKhông muốn nhận thư này nữa: {base}{notification.unsubscribe_url}"
    body += "\n\n— DanVan. Thư gửi tự động, xin đừng trả lời thư này."
    to = notification.recipient.email if notification.recipient_id else notification.address
    return EmailMessage(
        subject=notification.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )


def sms_text(notification: Notification) -> str:
    base = conf.base_url()
    text = notification.body
    if notification.url:
        text += f" {base}{notification.url}"
    return text


def send_batch(*, size: int = 50, lease: int | None = None, should_stop=None) -> BatchResult:
    """Claim one batch and deliver it. Returns what happened (claimed 0: nothing was due).

    ``should_stop``: asked before each message; when it says yes (SIGTERM) the rest of the batch is
    handed back at once instead of waiting for the lease to end."""
    lease = conf.lease_seconds() if lease is None else lease
    token, ids = claim_batch(size=size, lease=lease)
    result = BatchResult(claimed=len(ids))
    if not ids:
        return result
    rows = Notification.objects.filter(pk__in=ids, claim=token).select_related("recipient").order_by("id")
    connection = get_connection(fail_silently=False)
    try:
        for notification in rows:
            if should_stop is not None and should_stop():
                release(token)
                break
            _deliver(notification, token=token, lease=lease, connection=connection, result=result)
    finally:
        try:
            connection.close()
        except Exception:  # a broken connection must not hide what was sent
            log.warning("closing the mail connection failed", exc_info=True)
    return result


def _deliver(notification: Notification, *, token: str, lease: int, connection, result: BatchResult) -> None:
    recipient = notification.recipient
    citizen = recipient is None
    # A citizen's address is kept only until the message is delivered or given up.
    erase = {"address": ""} if citizen else {}
    if (citizen and not notification.address) or (not citizen and (not recipient.is_active or not recipient.email)):
        _mark(notification.pk, token, delivery=Delivery.NO_ADDRESS, last_error="Người nhận chưa có địa chỉ thư.")
        result.no_address += 1
        return
    if not _still_mine(notification.pk, token, lease):
        result.lost_claim += 1
        return
    try:
        if notification.channel == Channel.SMS:
            send_sms(notification.address, sms_text(notification))
        else:
            build_email(notification, connection).send()
    except Exception as e:  # any failure of the mail server is recorded and retried
        error = f"{type(e).__name__}: {e}"[:2000]
        result.errors.append(error)
        result.failed += 1
        if notification.attempts >= conf.max_attempts():
            _mark(notification.pk, token, delivery=Delivery.FAILED, last_error=error, **erase)
        else:
            retry_at = timezone.now() + dt.timedelta(seconds=conf.backoff_seconds(notification.attempts))
            _mark(notification.pk, token, last_error=error, next_attempt_at=retry_at)
        log.warning("notification %s not sent (attempt %s): %s", notification.pk, notification.attempts, error)
        return
    _mark(notification.pk, token, delivery=Delivery.SENT, sent_at=timezone.now(), last_error="", **erase)
    result.sent += 1
