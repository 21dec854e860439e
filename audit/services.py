"""The one write path into the audit trail."""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.context import current
from audit.models import Action, AuditEvent


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for before/after diffs."""
    data = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.name in ("password",):
            continue
        data[f.name] = _plain(getattr(obj, f.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit event. Call it inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        # A record outside a transaction could survive a change that rolled back (or the
        # reverse): refuse, so that the bug shows in tests rather than in the trail.
        raise RuntimeError("audit.record() must run inside the transaction of the change it records")
    ctx = current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(str(user) if user else (str(actor) if actor else "hệ thống"))[:200],
        action=Action(action),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:300],
        changes=_plain(changes or {}),
        reason=reason,
        ip=ctx.ip,
    )
