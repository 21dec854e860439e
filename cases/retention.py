"""Retention: a finished case's personal data is erased after the retention period; the case
stays for statistics."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.transitions import compare_and_set
from cases import conf
from cases.history import SYSTEM, WORKFLOW, _audit
from cases.models import Attachment, Case, Petitioner, Status, Subscription
from lib.errors import ServiceError
from notifications.models import Delivery, Notification


@transaction.atomic
def case_anonymise(*, case: Case, by=None) -> Case:
    """Erase the sender's personal data (identity, contact, own files); keep the case for statistics."""
    if case.status not in (Status.CLOSED, Status.DISMISSED):
        raise ServiceError("Chỉ xóa thông tin cá nhân của vụ việc đã kết thúc.")
    files = list(Attachment.objects.filter(case=case, answer__isnull=True))
    Petitioner.objects.filter(case=case).delete()
    # The address for messages, and any message to it not yet sent (a sent one's address is already erased).
    Subscription.objects.filter(case=case).delete()
    Notification.objects.filter(
        recipient__isnull=True, dedupe_key__startswith=f"case:{case.pk}:", delivery=Delivery.PENDING
    ).update(address="", delivery=Delivery.NO_ADDRESS, last_error="Thông tin cá nhân đã được xóa.")
    Attachment.objects.filter(pk__in=[f.pk for f in files]).delete()
    compare_and_set(WORKFLOW, case, expected={"anonymised_at": None}, updates={"anonymised_at": timezone.now()})
    _audit(
        case,
        by=by or SYSTEM,
        action=AuditAction.DELETE,
        changes={"petitioner": ["…", None], "files": len(files)},
        reason="Hết thời hạn lưu trữ thông tin cá nhân",
    )

    def delete_files() -> None:
        for f in files:
            f.file.delete(save=False)

    # Files leave the disk only once the erasure is committed.
    transaction.on_commit(delete_files)
    return case


def anonymise_expired(*, today: dt.date | None = None) -> int:
    """Erase personal data of cases finished longer ago than the retention period."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=conf.retention_days())
    done = 0
    expired = Case.objects.filter(
        status__in=(Status.CLOSED, Status.DISMISSED), anonymised_at__isnull=True, updated_at__date__lt=cutoff
    )
    for case in expired.order_by("id"):
        try:
            case_anonymise(case=case)
            done += 1
        except ServiceError:
            continue
    return done
