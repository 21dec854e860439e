"""Reads of programmes, tasks and contributions: scoped lists, a party's task queue, rates and roll-ups.

A programme or task is visible inside the user's territory (its body's unit), and to every party of its programme
and every body it is assigned to (a commune police post sees the provincial task it cooperates on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from geo.selectors import subtree_q
from lib.paging import KeysFirst
from orgs.models import Organization
from orgs.permissions import user_org_ids
from orgs.scope import scope_for
from programmes.models import (
    OPEN_STATES,
    Contribution,
    Force,
    Inspection,
    InspectionMember,
    Programme,
    Task,
    TaskStatus,
    YearPlan,
)
from programmes.models.tasks import OVERDUE_LABEL

QUEUE_STATES = ("open", "overdue", "due", "done", "cancelled", "all")
QUEUE_STATE_LABELS = {
    "open": "Đang mở",
    "overdue": "Quá hạn",
    "due": "Đến hạn trong 7 ngày",
    "done": "Đã hoàn thành",
    "cancelled": "Đã hủy",
    "all": "Tất cả",
}
DUE_DAYS = 7


def programmes_visible_to(user) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user)


def get_programme_for_user(user, pk: int) -> Programme:
    programme = programmes_visible_to(user).select_related("organization__parent", "unit").filter(pk=pk).first()
    if programme is None:
        raise Http404("Không tìm thấy chương trình hoặc bạn không có quyền xem.")
    return programme


def plans_visible_to(user) -> QuerySet[YearPlan]:
    return YearPlan.objects.filter(programme__in=programmes_visible_to(user))


def tasks_visible_to(user) -> QuerySet[Task]:
    return Task.objects.visible_to(user)


def get_task_for_user(user, pk: int) -> Task:
    task = (
        tasks_visible_to(user)
        .select_related("owner__parent", "owner__org_type", "programme__organization", "plan", "parent", "finding")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    return task


class QueueRow(NamedTuple):
    id: int
    title: str
    deadline: dt.date
    status: str
    progress: int
    owner_id: int
    owner_name: str
    programme_title: str | None
    finding_id: int | None
    parent_id: int | None

    def state_on(self, day: dt.date) -> str:
        return "overdue" if self.status in OPEN_STATES and self.deadline < day else self.status

    def state_label_on(self, day: dt.date) -> str:
        state = self.state_on(day)
        return OVERDUE_LABEL if state == "overdue" else str(TaskStatus(state).label)


QUEUE_COLUMNS = (
    "id", "title", "deadline", "status", "progress", "owner_id", "owner__name", "programme__title", "finding_id",
    "parent_id",
)  # fmt: skip
QUEUE_ORDER = ("deadline", "id")


def _state_q(state: str, today: dt.date) -> Q:
    """The condition of a queue state (``QUEUE_STATES``); any other state is no condition."""
    if state == "open":
        return Q(status__in=OPEN_STATES)
    if state == "overdue":
        return Q(status__in=OPEN_STATES, deadline__lt=today)
    if state == "due":
        return Q(status__in=OPEN_STATES, deadline__gte=today, deadline__lte=today + dt.timedelta(DUE_DAYS))
    if state in (TaskStatus.DONE, TaskStatus.CANCELLED):
        return Q(status=state)
    return Q()


def _state_filter(qs: QuerySet[Task], state: str, today: dt.date) -> QuerySet[Task]:
    return qs.filter(_state_q(state, today))


def task_queue(organization: Organization, *, state: str = "open", today: dt.date | None = None) -> KeysFirst:
    """The tasks a body leads or cooperates on, earliest deadline first (so the overdue and the due lead): a union
    of two index walks read keys first (lib.paging.KeysFirst)."""
    today = today or timezone.localdate()
    led = _state_filter(Task.objects.filter(owner=organization), state, today)
    helped = _state_filter(Task.objects.filter(cooperating=organization), state, today)
    either = _state_filter(Task.objects.filter(Q(owner=organization) | Q(cooperating=organization)), state, today)
    return KeysFirst(either, QUEUE_COLUMNS, QueueRow._make, order=QUEUE_ORDER, branches=(led, helped))


def queue_counts(organization: Organization, *, today: dt.date | None = None) -> dict[str, int]:
    """How many tasks ``task_queue(organization, state=...)`` lists for "overdue" and "due", in one query.

    A body's tasks are those it leads or cooperates on; the cooperation is read as a set of task keys, so a task led
    and cooperated on by the same body is counted once, as the queue's union lists it once."""
    today = today or timezone.localdate()
    helped = Task.cooperating.through.objects.filter(organization=organization).values("task_id")
    overdue, due = _state_q("overdue", today), _state_q("due", today)
    return (
        Task.objects.filter(Q(owner=organization) | Q(pk__in=helped))
        .filter(overdue | due)
        .aggregate(overdue=Count("id", filter=overdue), due=Count("id", filter=due))
    )


def area_tasks(user, unit, *, state: str = "open", today: dt.date | None = None) -> QuerySet[Task]:
    """The tasks visible to ``user`` whose body sits in ``unit``'s subtree (None: all the user sees) in ``state``
    (``QUEUE_STATES``): a dashboard's programme figures and the list behind them."""
    qs = tasks_visible_to(user)
    if unit is not None:
        qs = qs.filter(subtree_q(unit, "unit"))
    return _state_filter(qs, state, today or timezone.localdate())


def area_counts(user, unit, *, today: dt.date | None = None) -> dict[str, int]:
    """Open, overdue and due-soon tasks of ``area_tasks`` in one query (each what ``area_tasks`` lists for it)."""
    today = today or timezone.localdate()
    return area_tasks(user, unit, state="open", today=today).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=_state_q("overdue", today)),
        due=Count("id", filter=_state_q("due", today)),
    )


# ---------------------------------------------------------------- rates


@dataclass
class Rates:
    key: Any
    label: str
    total: int = 0  # tasks not cancelled
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    children: list[Rates] = field(default_factory=list)

    def add(self, other: Rates) -> None:
        self.total += other.total
        self.done += other.done
        self.on_time += other.on_time
        self.overdue += other.overdue

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.done / self.total, 1) if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.done, 1) if self.done else None


GROUPS = {
    "party": ("owner_id", "owner__name"),
    "programme": ("programme_id", "programme__title"),
    "level": ("level", "level"),
    "province": ("province_id", "province__name"),
}
LEVEL_LABELS = {"central": "Trung ương", "province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}


def task_rates(qs: QuerySet[Task], *, group: str, today: dt.date | None = None) -> list[Rates]:
    """Completion and on-time rates of ``qs`` grouped by party, programme, level or province: one GROUP BY.
    Completion: done / tasks not cancelled; on time: done no later than the deadline / done."""
    today = today or timezone.localdate()
    key, label = GROUPS[group]
    rows = (
        qs.exclude(status=TaskStatus.CANCELLED)
        .values(key, label)
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
            on_time=Count("id", filter=Q(status=TaskStatus.DONE, completed_on__lte=F("deadline"))),
            overdue=Count("id", filter=_state_q("overdue", today)),
        )
        .order_by(label)
    )
    result = []
    for r in rows:
        name = LEVEL_LABELS.get(r[label], r[label]) if group == "level" else r[label]
        result.append(Rates(r[key], name or "(không có)", r["total"], r["done"], r["on_time"], r["overdue"]))
    return result


def party_rollup(qs: QuerySet[Task], *, today: dt.date | None = None) -> list[Rates]:
    """Rates by party rolled up over the organisations' hierarchy: each body's own tasks plus those of the bodies
    under it (a provincial police's row holds its commune posts'); top bodies first, each with its children.
    Two queries: the GROUP BY and the bodies' parents and grandparents."""
    own = {r.key: r for r in task_rates(qs, group="party", today=today)}
    if not own:
        return []
    parents: dict[int, int | None] = {}
    names: dict[int, str] = {}
    # Bodies are at most three deep (central → province → commune): one read gives each its parent and grandparent.
    rows = Organization.objects.filter(pk__in=own).values_list(
        "pk", "name", "parent_id", "parent__name", "parent__parent_id", "parent__parent__name"
    )
    for pk, name, parent, parent_name, grand, grand_name in rows:
        parents[pk], names[pk] = parent, name
        if parent is not None:
            parents.setdefault(parent, grand)
            names[parent] = parent_name
        if grand is not None:
            parents.setdefault(grand, None)
            names[grand] = grand_name
    rolled: dict[int, Rates] = {}
    for pk, rates in own.items():
        seen = 0
        node: int | None = pk
        while node is not None and node in parents and seen < 5:
            rolled.setdefault(node, Rates(node, names[node])).add(rates)
            node = parents[node]
            seen += 1
    for pk, rates in rolled.items():
        above = parents.get(pk)
        if above is not None and above in rolled:
            rolled[above].children.append(rates)
    return sorted((r for pk, r in rolled.items() if parents.get(pk) not in rolled), key=lambda r: r.label)


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """Inspections inside the user's territory, and those with a member from one of the user's bodies."""
    scope = scope_for(user)
    if scope.national:
        return Inspection.objects.all()
    teams = InspectionMember.objects.filter(organization_id__in=user_org_ids(user)).values("inspection_id")
    return Inspection.objects.filter(scope.unit_q("unit") | Q(pk__in=teams))


def get_inspection_for_user(user, pk: int) -> Inspection:
    inspection = (
        inspections_visible_to(user).select_related("organization__parent", "programme", "unit").filter(pk=pk).first()
    )
    if inspection is None:
        raise Http404("Không tìm thấy đợt kiểm tra hoặc bạn không có quyền xem.")
    return inspection


# ---------------------------------------------------------------- contributions


def contributions_visible_to(user) -> QuerySet[Contribution]:
    scope = scope_for(user)
    if scope.national:
        return Contribution.objects.all()
    where = scope.unit_q("place", province_field="place_province") | scope.unit_q("unit", province_field="province")
    return Contribution.objects.filter(where | Q(organization_id__in=user_org_ids(user)))


ROLLUPS = {
    "force": ("force", None),
    "province": ("place_province_id", "place_province__name"),
    "place": ("place_id", "place__name"),
    "organization": ("organization_id", "organization__name"),
}


class RollupRow(NamedTuple):
    key: Any
    label: str
    kind_id: int
    quantity: Any
    value_vnd: int
    entries: int


def contribution_rollup(qs: QuerySet[Contribution], *, by: str) -> list[RollupRow]:
    """Totals by kind and force, province, place or organisation: one GROUP BY, exact (decimal quantities)."""
    key, label = ROLLUPS[by]
    names = [key, "kind_id"] + ([label] if label else [])
    rows = qs.values(*names).annotate(q=Sum("quantity"), v=Sum("value_vnd"), n=Count("id")).order_by(key, "kind_id")
    forces = dict(Force.choices)
    return [
        RollupRow(
            r[key], str(forces.get(r[key], r[key])) if label is None else r[label], r["kind_id"], r["q"], r["v"], r["n"]
        )
        for r in rows
    ]
