"""The one write path into the outbox: ``notify`` (and ``notify_many``), inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from notifications import conf
from notifications.models import Kind, Notification
from orgs.models import Membership


@dataclass(frozen=True)
class Message:
    recipient_id: int
    kind: str
    subject: str
    body: str
    dedupe_key: str
    url: str = ""


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction a notification could survive a change that rolled back, or be lost
        # when the change commits and the process dies: refuse, so the bug shows in tests.
        raise RuntimeError("notify() must run inside the transaction of the change it announces")


def notify(*, recipient, kind: str, subject: str, body: str, dedupe_key: str, url: str = "") -> None:
    """Queue one notification for ``recipient``; nothing happens if ``dedupe_key`` is already queued."""
    notify_many(
        [
            Message(
                recipient_id=recipient.pk,
                kind=kind,
                subject=subject,
                body=body,
                dedupe_key=dedupe_key,
                url=url,
            )
        ]
    )


def notify_many(messages: list[Message]) -> None:
    """Queue many notifications in one INSERT … ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE)."""
    _require_transaction()
    if not messages:
        return
    now = timezone.now()
    for m in messages:
        if m.kind not in Kind.values:
            raise ValueError(f"unknown notification kind {m.kind!r}")
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=m.recipient_id,
                kind=m.kind,
                subject=m.subject[:300],
                body=m.body,
                url=m.url[:500],
                dedupe_key=m.dedupe_key[:200],
                created_at=now,
                next_attempt_at=now,
            )
            for m in messages
        ],
        ignore_conflicts=True,
    )


def notify_citizen(
    *, channel: str, address: str, subject: str, body: str, dedupe_key: str, url: str = "", unsubscribe_url: str = ""
) -> None:
    """Queue a message to a citizen (no account): e-mail or SMS to ``address``, in the caller's transaction."""
    _require_transaction()
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=None,
                kind=Kind.CITIZEN,
                channel=channel,
                address=address[:254],
                subject=subject[:300],
                body=body,
                url=url[:500],
                unsubscribe_url=unsubscribe_url[:500],
                dedupe_key=dedupe_key[:200],
                created_at=now,
                next_attempt_at=now,
            )
        ],
        ignore_conflicts=True,
    )


def officers_of(organization_id: int, *, exclude=None) -> list[int]:
    """The ids of the officers who receive ``organization_id``'s notifications, sorted, without ``exclude``
    (a user: the officer who made the move is not told of it)."""
    ids = (
        Membership.objects.filter(
            organization_id=organization_id,
            is_active=True,
            role__in=conf.recipient_roles(),
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    skip = getattr(exclude, "pk", None)
    return sorted(uid for uid in ids if uid != skip)


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's own notifications (all unread, or ``ids``) as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
