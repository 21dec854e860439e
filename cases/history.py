"""What every write to a case leaves behind: the compare-and-set on its row, the history line the
sender and officers read, and the audit row — shared by intake, handling, duplicates and retention.

Concurrency: a change is a compare-and-set (``UPDATE … WHERE status = <expected> [AND organization
= <expected>]``), so when two officers act on one case at once exactly one succeeds and the other
is told plainly what happened — on SQLite and PostgreSQL alike, without row locks.

Citizens act without an account (``by=None``); their acts are recorded as the sender's.
"""

from __future__ import annotations

from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from cases.models import TRANSITIONS, Action, Case, CaseEvent, Status
from lib.errors import ServiceError

SENDER = "Người gửi"
SYSTEM = "Hệ thống"


def _event(case: Case, *, action: str, from_status: str, by, note: str = "", public: bool = True, **orgs):
    actor = by if getattr(by, "is_authenticated", False) else None
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        by=actor,
        actor_label=str(actor) if actor else (by if isinstance(by, str) else SENDER),
        note=note,
        public=public,
        **orgs,
    )


def _audit(case: Case, *, by, action: str, changes: dict, reason: str = "") -> None:
    record(
        actor=by if by is not None else SENDER,
        action=action,
        obj=case,
        object_repr=f"Ý kiến {case.display_code}",
        changes=changes,
        reason=reason,
    )


def _cas(case: Case, *, expected: dict, updates: dict) -> None:
    """Compare-and-set: apply ``updates`` only if the row still holds ``expected``."""
    updates = {**updates, "updated_at": timezone.now()}
    changed = Case.objects.filter(pk=case.pk, **expected).update(**updates)
    if changed == 0:
        fresh = Case.objects.filter(pk=case.pk).select_related("organization").first()
        if fresh is None:
            raise ServiceError("Vụ việc không còn tồn tại.", status_code=404)
        raise ServiceError(
            f"Vụ việc vừa được người khác cập nhật (hiện ở trạng thái “{fresh.get_status_display()}”, "
            f"cơ quan xử lý: {fresh.organization.name}); vui lòng tải lại trang.",
            extra={"status": fresh.status},
            status_code=409,
        )
    for key, value in updates.items():
        setattr(case, key, value)


def _transition(case: Case, *, action: str, by, note: str = "", updates: dict | None = None) -> Case:
    current = case.status
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise ServiceError(
            f"Không thể {Action(action).label.lower()} vụ việc đang ở trạng thái “{Status(current).label}”.",
            extra={"status": current, "action": action},
        )
    updates = {"status": target, **(updates or {})}
    _cas(case, expected={"status": current}, updates=updates)
    _event(case, action=action, from_status=current, by=by, note=note)
    _audit(
        case,
        by=by,
        action=AuditAction.TRANSITION,
        changes={"status": [current, target], **{k: [None, v] for k, v in updates.items() if k != "status"}},
        reason=note,
    )
    return case
