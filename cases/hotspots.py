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

Two queries over the whole country (or the user's scope), each reading covering indexes only:
new and multi-person cases ride the (received_on, province, unit, topic, people_count) index,
missed limits a UNION ALL over the open cases' running limits and the late answers' limits.
The province roll-up sums the commune rows in Python (a few thousand rows at most).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from cases import conf
from cases.models import OPEN_STATES, Case, Status, Topic, _scope_q
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


def _counts(qs_filter: Q, *, today: dt.date, window: int, weeks: int, multi_people: int):
    """{(province_id, unit_id, topic_id): {"new": (w, b), "multi": (w, b), "overdue": (w, b)}}."""
    win_start = today - dt.timedelta(days=window - 1)
    base_start = win_start - dt.timedelta(weeks=weeks)
    keys = ("province_id", "unit_id", "topic_id")
    out: dict[tuple, dict[str, list[int]]] = {}

    received = (
        Case.objects.filter(qs_filter, received_on__gte=base_start, received_on__lte=today)
        .values(*keys)
        .annotate(
            new_w=Count("topic", filter=Q(received_on__gte=win_start)),
            new_b=Count("topic", filter=Q(received_on__lt=win_start)),
            multi_w=Count("topic", filter=Q(received_on__gte=win_start, people_count__gte=multi_people)),
            multi_b=Count("topic", filter=Q(received_on__lt=win_start, people_count__gte=multi_people)),
        )
        .order_by()
    )
    for row in received:
        entry = out.setdefault(tuple(row[k] for k in keys), {m: [0, 0] for m in MEASURES})
        entry["new"] = [row["new_w"], row["new_b"]]
        entry["multi"] = [row["multi_w"], row["multi_b"]]

    # A missed limit is dated by the limit: the running one of an open case, the resolution
    # limit of a case answered late. One UNION ALL rather than one WHERE with an OR: each half
    # then reads its own covering index (open states by due date; answered late by resolution
    # limit) instead of the whole table. A reopened case answered late is open again, its
    # running limit equal to its resolution limit: only the first half counts it.
    open_late = (
        Case.objects.filter(qs_filter, status__in=OPEN_STATES, due_date__gte=base_start, due_date__lt=today)
        .values(*keys)
        .annotate(
            w=Count("topic", filter=Q(due_date__gte=win_start)), b=Count("topic", filter=Q(due_date__lt=win_start))
        )
        .order_by()
    )
    answered_late = (
        Case.objects.filter(
            qs_filter,
            answered_on_time=False,
            resolve_due__gte=base_start,
            resolve_due__lt=today,
            status__in=ANSWERED_STATES,
        )
        .values(*keys)
        .annotate(
            w=Count("topic", filter=Q(resolve_due__gte=win_start)),
            b=Count("topic", filter=Q(resolve_due__lt=win_start)),
        )
        .order_by()
    )
    missed: dict[tuple, list[int]] = {}
    for row in open_late.union(answered_late, all=True):
        counts = missed.setdefault(tuple(row[k] for k in keys), [0, 0])
        counts[0] += row["w"]
        counts[1] += row["b"]
    for key, (w, b) in missed.items():
        entry = out.setdefault(key, {m: [0, 0] for m in MEASURES})
        entry["overdue"] = [w, b]
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
    scope = _scope_q(user) if user is not None else Q()
    counts = _counts(scope, today=today, window=window, weeks=weeks, multi_people=conf.hotspot_multi_people())

    levels: dict[str, dict[tuple[int, int], dict[str, list[int]]]] = {"commune": {}, "province": {}}
    for (province_id, unit_id, topic_id), measures in counts.items():
        levels["commune"][(unit_id, topic_id)] = measures
        rolled = levels["province"].setdefault((province_id, topic_id), {m: [0, 0] for m in MEASURES})
        for m, (w, b) in measures.items():
            rolled[m][0] += w
            rolled[m][1] += b

    found: list[tuple[str, int, int, str, int, float, float | None]] = []
    for lvl, rows in levels.items():
        if level and lvl != level:
            continue
        for (unit_id, topic_id), measures in rows.items():
            for m, (w, b) in measures.items():
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
