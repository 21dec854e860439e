"""What every write to a case leaves behind: the compare-and-set on its row, the history line the
sender and officers read, and the audit row — shared by intake, handling, duplicates and retention.

Concurrency: every change goes through ``audit.transitions`` with the case's ``WORKFLOW``: a status
move is ``move`` (``transition``), any other change (a transfer, a duplicate link, an erasure) is
``compare_and_set`` with the columns it guards, so when two officers act on one case at once exactly
one succeeds and the other gets the shared 409 message.

Citizens act without an account (``by=None``); their acts are recorded as the sender's.
"""

from __future__ import annotations

from audit.services import record
from audit.transitions import Workflow, transition
from cases import citizen_updates
from cases.models import TRANSITIONS, Action, Case, CaseEvent, Status

SENDER = "Người gửi"
SYSTEM = "Hệ thống"


def _event(case: Case, *, action: str, from_status: str, by, note: str = "", public: bool = True, **orgs) -> int:
    """Write the history line; returns its id (the officers' notification names it in its dedupe key)."""
    actor = by if getattr(by, "is_authenticated", False) else None
    event = CaseEvent.objects.create(
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
    if public:
        citizen_updates.announce(case, action=action, event_id=event.pk)
    return event.pk


def _audit(case: Case, *, by, action: str, changes: dict, reason: str = "") -> None:
    record(
        actor=by if by is not None else SENDER,
        action=action,
        obj=case,
        object_repr=f"Ý kiến {case.display_code}",
        changes=changes,
        reason=reason,
    )


def _history(case: Case, action: str, from_status: str, to_status: str, by, reason: str) -> None:
    _event(case, action=action, from_status=from_status, by=by, note=reason)


WORKFLOW = Workflow(
    model=Case,
    moves=TRANSITIONS,
    noun="vụ việc",
    status_labels=dict(Status.choices),
    action_labels=dict(Action.choices),
    history=_history,
)


def move(case: Case, *, action: str, by, note: str = "", updates: dict | None = None) -> Case:
    """``audit.transitions.transition`` for a case: the history line the sender reads, the audit row under the
    case's public code."""
    return transition(
        WORKFLOW,
        case,
        action=action,
        by=by,
        reason=note,
        updates=updates,
        object_repr=f"Ý kiến {case.display_code}",
    )
