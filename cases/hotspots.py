"""Hotspot early warning (điểm nóng): places and topics where grievances rise abnormally.

Per commune (the unit version a case was received in) and topic, and rolled up to today's
province, three counts over the last ``window`` days are compared with their own baseline, the
mean over the previous ``baseline_weeks`` weeks scaled to the window:

- new cases received;
- cases that went overdue (an open case whose running limit passed, or a case answered late,
  dated by the limit it missed);
- multi-person cases (``people_count`` at least ``CASES_HOTSPOT_MULTI_PEOPLE``).

A count is flagged when it reaches the minimum for its measure and at least ``ratio`` times its
baseline (or the baseline is zero). Only aggregates of places and topics are read: nothing here
touches a citizen, and the result cannot be traced back to one.

One query over the whole country (or the user's scope) counts them all, each part reading a
covering index: new and multi-person cases the (received_on, province, unit, topic, people_count)
index, missed limits the open cases' running limits and the late answers' limits; it groups them
by commune and topic once, rolls them up to the province in SQL and returns only the groups that
reach a minimum (see ``_candidates``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import F, IntegerField, Q, Value
from django.utils import timezone

from cases import conf
from cases.models import OPEN_STATES, Case, Status, Topic, scope_q
from geo.models import AdminUnit

# Where an answered case can be: waiting for the sender, or finished (OPEN_STATES is the rest).
ANSWERED_STATES = (Status.ANSWERED, Status.CLOSED, Status.DISMISSED)

MEASURES = {
    "new": "ý kiến, đơn thư",
    "overdue": "vụ việc quá hạn",
    "multi": "đơn đông người",
}


@dataclass
class Hotspot:
    level: str  # "commune" or "province"
    unit_id: int
    unit_code: str
    unit_name: str
    province_name: str
    topic_id: int
    topic_name: str
    measure: str
    count: int
    baseline: float  # mean per window over the baseline weeks
    ratio: float | None  # None when the baseline is zero
    reason: str


def vn_number(value: float) -> str:
    """1234.5 → "1.234,5"; whole numbers without decimals."""
    if abs(value - round(value)) < 0.05:
        return f"{round(value):,}".replace(",", ".")
    whole, frac = f"{value:,.1f}".split(".")
    return f"{whole.replace(',', '.')},{frac}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _reason(measure: str, count: int, topic: str, days: int, baseline: float, ratio: float | None, weeks: int) -> str:
    what = {
        "new": f"{vn_number(count)} ý kiến, đơn thư về {_lower_first(topic)} trong {days} ngày",
        "overdue": f"{vn_number(count)} vụ việc về {_lower_first(topic)} quá hạn trong {days} ngày",
        "multi": f"{vn_number(count)} đơn đông người về {_lower_first(topic)} trong {days} ngày",
    }[measure]
    if ratio is None:
        return f"{what}, trong khi {weeks} tuần trước không có"
    mean = f"{vn_number(baseline)} mỗi {days} ngày trong {weeks} tuần trước"
    return f"{what}, gấp {vn_number(ratio)} lần trung bình ({mean})"


def _one(condition: Q) -> models.Case:
    return models.Case(models.When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _candidates(qs_filter: Q, *, today: dt.date, window: int, weeks: int, multi_people: int, minimums: dict):
    """{(level, unit_id, topic_id): {"new": [w, b], "multi": [w, b], "overdue": [w, b]}} for the rows that
    reach a minimum in the window: communes (the unit version of receipt) and today's provinces.

    One query, one grouping pass: the case rows that count (received in the window or its baseline,
    open past a running limit, answered after the resolution limit) are stacked as 0/1 columns by a
    UNION ALL, each part reading its own covering index, and grouped once by commune and topic. The
    provinces are the sums of those groups, and only groups that reach a minimum in the window (the
    flagging rule's first test) come back — tens of rows rather than the 25,000 commune-topic pairs
    of a whole-country window, which cost more to build in Python than the query itself.
    A missed limit is dated by the limit: the running one of an open case, the resolution limit of
    a case answered late. A reopened case answered late is open again, its running limit equal to
    its resolution limit: only the open part counts it.
    """
    win_start = today - dt.timedelta(days=window - 1)
    base_start = win_start - dt.timedelta(weeks=weeks)
    zero = Value(0, output_field=IntegerField())
    keys = {"p": F("province_id"), "u": F("unit_id"), "t": F("topic_id")}
    received = Case.objects.filter(qs_filter, received_on__gte=base_start, received_on__lte=today).values(
        **keys,
        new_w=_one(Q(received_on__gte=win_start)),
        new_b=_one(Q(received_on__lt=win_start)),
        multi_w=_one(Q(received_on__gte=win_start, people_count__gte=multi_people)),
        multi_b=_one(Q(received_on__lt=win_start, people_count__gte=multi_people)),
        late_w=zero,
        late_b=zero,
    )

    def late(limit: str, **conditions):
        # Cases past ``limit`` (a date column) in the window or its baseline, counted by when it passed.
        in_range = {f"{limit}__gte": base_start, f"{limit}__lt": today}
        return Case.objects.filter(qs_filter, **conditions, **in_range).values(
            **keys,
            new_w=zero,
            new_b=zero,
            multi_w=zero,
            multi_b=zero,
            late_w=_one(Q(**{f"{limit}__gte": win_start})),
            late_b=_one(Q(**{f"{limit}__lt": win_start})),
        )

    open_late = late("due_date", status__in=OPEN_STATES)
    answered_late = late("resolve_due", answered_on_time=False, status__in=ANSWERED_STATES)
    stacked = received.order_by().union(open_late.order_by(), answered_late.order_by(), all=True)
    try:
        rows_sql, params = stacked.query.sql_with_params()
    except EmptyResultSet:  # an empty scope
        return {}
    columns = ("new_w", "new_b", "multi_w", "multi_b", "late_w", "late_b")
    sums = ", ".join(f"SUM({c})" for c in columns)
    # Counts stay integers (PostgreSQL would sum the sums of integers as numeric, several times slower).
    named = ", ".join(f"CAST(SUM({c}) AS INTEGER) AS {c}" for c in columns)
    # The ORM cannot group a UNION or read a grouped result twice: the parts above are the ORM's
    # (scope and filters compiled as everywhere else), only the grouping around them is written here.
    # A commune version lies in one (today's) province: grouping by commune and topic alone sorts
    # on two keys instead of three, and the province is read off the group.
    sql = (
        f"WITH g AS (SELECT MAX(p) AS p, u, t, {named} FROM ({rows_sql}) r GROUP BY u, t) "  # noqa: S608
        f"SELECT 0, u, t, {', '.join(columns)} FROM g "
        "WHERE new_w >= %s OR multi_w >= %s OR late_w >= %s UNION ALL "
        f"SELECT 1, p, t, {sums} FROM g GROUP BY p, t "
        "HAVING SUM(new_w) >= %s OR SUM(multi_w) >= %s OR SUM(late_w) >= %s"
    )
    floor = [minimums["new"], minimums["multi"], minimums["overdue"]]
    out: dict[tuple, dict[str, list[int]]] = {}
    with connections[stacked.db].cursor() as cursor:
        cursor.execute(sql, [*params, *floor, *floor])
        for level, unit_id, topic_id, *sums in cursor.fetchall():
            # Counts as Python ints whatever type the database sums them in.
            new_w, new_b, multi_w, multi_b, late_w, late_b = map(int, sums)
            out[("province" if level else "commune", unit_id, topic_id)] = {
                "new": [new_w, new_b],
                "overdue": [late_w, late_b],
                "multi": [multi_w, multi_b],
            }
    return out


def _flag(measure: str, current: int, base_total: int, *, window: int, weeks: int, ratio: float, minimum: int):
    """(baseline per window, ratio or None) if flagged, else None."""
    if current < minimum:
        return None
    baseline = base_total / (weeks * 7) * window
    if baseline == 0:
        return 0.0, None
    if current >= ratio * baseline:
        return baseline, current / baseline
    return None


def hotspots(
    user=None,
    *,
    today: dt.date | None = None,
    window: int | None = None,
    weeks: int | None = None,
    level: str = "",
) -> list[Hotspot]:
    """Flagged (place, topic, measure) triples, strongest first. ``user`` limits to their scope
    (None: the whole country). ``level``: "commune", "province" or both."""
    today = today or timezone.localdate()
    window = window or conf.hotspot_window_days()
    weeks = weeks or conf.hotspot_baseline_weeks()
    ratio = conf.hotspot_ratio()
    minimums = conf.hotspot_minimums()
    scope = scope_q(user) if user is not None else Q()
    found: list[tuple[str, int, int, str, int, float, float | None]] = []
    candidates = _candidates(
        scope, today=today, window=window, weeks=weeks, multi_people=conf.hotspot_multi_people(), minimums=minimums
    )
    for (lvl, unit_id, topic_id), measures in candidates.items():
        if level and lvl != level:
            continue
        for m in MEASURES:
            w, b = measures[m]
            hit = _flag(m, w, b, window=window, weeks=weeks, ratio=ratio, minimum=minimums[m])
            if hit is not None:
                found.append((lvl, unit_id, topic_id, m, w, hit[0], hit[1]))
    if not found:
        return []
    units = {
        u.pk: u
        for u in AdminUnit.objects.filter(pk__in={f[1] for f in found})
        .select_related("province")
        .only("id", "code", "name", "province__name")
    }
    topics = dict(Topic.objects.filter(pk__in={f[2] for f in found}).values_list("pk", "name"))
    result = []
    for lvl, unit_id, topic_id, m, w, baseline, r in found:
        unit = units[unit_id]
        topic = topics.get(topic_id, "")
        result.append(
            Hotspot(
                level=lvl,
                unit_id=unit_id,
                unit_code=unit.code,
                unit_name=unit.name,
                province_name=unit.province.name if unit.province_id else unit.name,
                topic_id=topic_id,
                topic_name=topic,
                measure=m,
                count=w,
                baseline=round(baseline, 2),
                ratio=round(r, 2) if r is not None else None,
                reason=_reason(m, w, topic, window, baseline, r, weeks),
            )
        )
    # No baseline first (something new), then by how far above it, then by size.
    result.sort(key=lambda h: (h.ratio is not None, -(h.ratio or 0), -h.count, h.unit_name))
    return result
