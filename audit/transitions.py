"""The one way a status moves: look the move up in the model's table, compare-and-set, history row, audit row.

Every domain app describes its lifecycle once as a ``Workflow`` (the model, its table of legal moves, the Vietnamese
noun and labels, how a history row is written) and calls ``transition``. When two people act on one row at once,
``UPDATE … WHERE pk = … AND status = <expected>`` lets exactly one win on SQLite and PostgreSQL alike, without row
locks; the other gets the shared 409 message naming the state the row is in now. Moves that are not status moves
(a transfer to another body, a duplicate link) use ``compare_and_set`` with their own expected columns and get the
same message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from lib.errors import ServiceError

M = TypeVar("M", bound=models.Model)

# Writes one history row for a move: (obj, action, from_status, to_status, by, reason).
HistoryWriter = Callable[[Any, str, str, str, Any, str], object]


@dataclass(frozen=True)
class Workflow:
    """A model's lifecycle: its legal moves ``(status, action) → status`` and how to speak of it in Vietnamese."""

    model: type[models.Model]
    moves: Mapping[tuple[str, str], str]
    noun: str  # "mô hình", "báo cáo", "vụ việc", "hội nghị đối thoại" …
    status_labels: Mapping[str, str]
    action_labels: Mapping[str, str] = field(default_factory=dict)
    history: HistoryWriter | None = None
    stamp: str | None = "updated_at"  # the column set to now() by every move, if the model has one
    status_field: str = "status"

    def target(self, current: str, action: str) -> str | None:
        return self.moves.get((current, action))

    def status_label(self, status: str | None) -> str:
        if status is None:
            return "không còn tồn tại"
        return str(self.status_labels.get(status, status))

    def require(self, current: str, action: str, *, verb: str | None = None) -> str:
        """The target of ``action`` from ``current``; the shared refusal if the table has no such move. For services
        that must refuse an illegal move before checking their other input."""
        target = self.target(current, action)
        if target is None:
            raise self.refusal(current, action, verb=verb)
        return target

    def refusal(self, current: str, action: str, *, verb: str | None = None) -> ServiceError:
        """The message for a move the table does not allow from ``current``."""
        verb = verb or str(self.action_labels.get(action, action)).lower()
        return ServiceError(
            f"Không thể {verb} {self.noun} đang ở trạng thái “{self.status_label(current)}”.",
            extra={"status": current, "action": action},
            status_code=409,
        )


def conflict(workflow: Workflow, pk: Any) -> ServiceError:
    """The shared 409: somebody else changed the row first; say what it is now."""
    fresh = workflow.model._default_manager.filter(pk=pk).values_list(workflow.status_field, flat=True).first()
    if fresh is None:
        return ServiceError(f"{workflow.noun.capitalize()} không còn tồn tại.", status_code=404)
    return ServiceError(
        f"{workflow.noun.capitalize()} vừa được người khác cập nhật (hiện ở trạng thái "
        f"“{workflow.status_label(fresh)}”); vui lòng tải lại trang.",
        extra={"status": fresh},
        status_code=409,
    )


def compare_and_set(workflow: Workflow, obj: M, *, expected: Mapping[str, Any], updates: Mapping[str, Any]) -> M:
    """Apply ``updates`` to ``obj``'s row only if it still holds ``expected``; refuse with the shared 409 otherwise.
    ``obj`` gets the new values."""
    updates = dict(updates)
    if workflow.stamp:
        updates.setdefault(workflow.stamp, timezone.now())
    changed = workflow.model._default_manager.filter(pk=obj.pk, **expected).update(**updates)
    if changed == 0:
        raise conflict(workflow, obj.pk)
    for key, value in updates.items():
        setattr(obj, key, value)
    return obj


def transition(
    workflow: Workflow,
    obj: M,
    *,
    action: str,
    by,
    reason: str = "",
    updates: Mapping[str, Any] | None = None,
    expected: Mapping[str, Any] | None = None,
    verb: str | None = None,
    object_repr: str | None = None,
    audited: Iterable[str] | None = None,
) -> M:
    """Move ``obj`` along ``action``: refuse a move the table does not allow (409), compare-and-set the status (and
    ``expected``, if given), write the history row and the audit row. Call it inside the service's transaction.
    ``audited`` names the ``updates`` the audit row lists beside the status (all of them by default), so that long
    texts already shown on the object's page are not copied into the trail."""
    current = getattr(obj, workflow.status_field)
    target = workflow.require(current, action, verb=verb)
    extra = dict(updates or {})
    compare_and_set(
        workflow,
        obj,
        expected={workflow.status_field: current, **(expected or {})},
        updates={workflow.status_field: target, **extra},
    )
    if workflow.history is not None:
        workflow.history(obj, action, current, target, by, reason)
    record(
        actor=by,
        action=AuditAction.TRANSITION,
        obj=obj,
        changes={
            workflow.status_field: [current, target],
            **{k: [None, v] for k, v in extra.items() if audited is None or k in audited},
        },
        reason=reason,
        object_repr=object_repr,
    )
    return obj
