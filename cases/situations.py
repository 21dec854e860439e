"""The write path of điểm nóng (officer-confirmed situations): confirm, record the handling, close. Every function is
atomic; every move goes through ``audit.transitions`` with its history row and audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from cases.models import Case
from cases.models_hotspot import HOTSPOT_TRANSITIONS, Hotspot, HotspotAction, HotspotEvent, HotspotStatus
from geo.models import AdminUnit
from lib.errors import ServiceError
from orgs.models import Organization
from orgs.permissions import get_object_for_user
from orgs.scope import scope_for

WORKFLOW = Workflow(
    model=Hotspot,
    moves=HOTSPOT_TRANSITIONS,
    noun="điểm nóng",
    status_labels=dict(HotspotStatus.choices),
    action_labels=dict(HotspotAction.choices),
    history=lambda hotspot, action, old, new, by, reason: HotspotEvent.objects.create(
        hotspot=hotspot, action=action, from_status=old, to_status=new, by=by, note=reason
    ),
)


def get_hotspot_for_user(user, pk: int, *, write: bool = False) -> Hotspot:
    return get_object_for_user(Hotspot.objects.select_related("unit", "confirmed_by"), user, write=write, pk=pk)


def _require_write(user, unit: AdminUnit) -> None:
    if not scope_for(user, write=True).covers(unit):
        raise ServiceError("Bạn không có quyền xác nhận, xử lý điểm nóng trên địa bàn này.", status_code=403)


@transaction.atomic
def hotspot_confirm(
    *,
    by,
    unit: AdminUnit,
    title: str,
    description: str = "",
    cases: Iterable[Case] = (),
    bodies: Iterable[Organization] = (),
    people_count: int | None = None,
    on: dt.date | None = None,
) -> Hotspot:
    """An officer confirms a situation as a điểm nóng, with the cases behind it and the bodies handling it."""
    _require_write(by, unit)
    if not title.strip():
        raise ServiceError("Hãy nêu tên, nội dung điểm nóng.", extra={"title": "required"})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ServiceError("Ngày xác nhận không thể ở tương lai.")
    cases = list(cases)
    visible = set(Case.objects.visible_to(by).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
    if len(visible) != len({c.pk for c in cases}):
        raise Http404("Không tìm thấy vụ việc hoặc bạn không có quyền xem.")
    bodies = list(bodies)
    inactive = [b.name for b in bodies if not b.is_active]
    if inactive:
        raise ServiceError("Cơ quan không còn hoạt động: " + ", ".join(inactive) + ".")
    hotspot = Hotspot(
        title=title.strip()[:300],
        description=description.strip(),
        unit=unit,
        people_count=people_count,
        confirmed_on=on,
        confirmed_by=by,
    )
    hotspot.save()
    hotspot.cases.set(cases)
    hotspot.bodies.set(bodies)
    HotspotEvent.objects.create(
        hotspot=hotspot, action=HotspotAction.CONFIRM, from_status="", to_status=hotspot.status, by=by
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=hotspot,
        object_repr=f"Điểm nóng “{hotspot.title}”",
        # Codes and names, not the many-to-many fields' id lists: the trail shows them as they are read.
        changes={
            "unit": [None, unit.pk],
            "case_codes": [None, ", ".join(c.display_code for c in sorted(cases, key=lambda c: c.pk))],
            "body_names": [None, ", ".join(b.name for b in bodies)],
        },
    )
    return hotspot


@transaction.atomic
def hotspot_handle(*, hotspot: Hotspot, by, outcome: str) -> Hotspot:
    """The bodies have handled it: what was done."""
    _require_write(by, hotspot.unit)
    if not outcome.strip():
        raise ServiceError("Hãy nêu kết quả xử lý.", extra={"outcome": "required"})
    return transition(
        WORKFLOW, hotspot, action=HotspotAction.HANDLE, by=by, reason=outcome.strip(), updates={"outcome": outcome}
    )


@transaction.atomic
def hotspot_close(*, hotspot: Hotspot, by, reason: str) -> Hotspot:
    """The situation is stable: follow-up ends."""
    _require_write(by, hotspot.unit)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do kết thúc theo dõi.", extra={"reason": "required"})
    return transition(WORKFLOW, hotspot, action=HotspotAction.CLOSE, by=by, reason=reason.strip())
