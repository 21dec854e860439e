"""Reports' section of the daily digest (notifications.digest): reports awaiting approval.

The count follows reports.selectors.reports_to_review: reports below the organisation's level,
inside its territory (with the old provinces it absorbed); the central level sees all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from geo.models import Level
from geo.selectors import lineage
from notifications.digest import DigestLine, DigestMembership, DigestSection, register_section
from reports.models import Report, Status

LABEL = "báo cáo của cấp dưới chờ duyệt"


def _province_predecessors(province_ids: set[int]) -> dict[int, set[int]]:
    """Each province with the old provinces it absorbed (transitively): one query."""
    result: dict[int, set[int]] = {pid: {pid} for pid in province_ids}
    for start, pk, level in lineage(province_ids):
        if level == Level.PROVINCE:
            result[start].add(pk)
    return result


def awaiting_approval(day: dt.date, memberships: list[DigestMembership]) -> dict[int, list[DigestLine]]:
    """Submitted reports by place (one GROUP BY), then each organisation's share of them (one query
    for the old provinces its province absorbed, when some province-level body is among them)."""
    submitted = list(
        Report.objects.filter(status=Status.SUBMITTED)
        .values("unit__level", "unit__province_id", "unit__district_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit__level", "unit__province_id", "unit__district_id", "n")
    )
    if not submitted:
        return {}
    national = sum(n for *_, n in submitted)
    by_province: dict[int, int] = defaultdict(int)
    by_district: dict[int, int] = defaultdict(int)
    for level, province_id, district_id, n in submitted:
        if level != Level.PROVINCE:
            by_province[province_id] += n
        if level == Level.COMMUNE and district_id:
            by_district[district_id] += n
    provinces = {m.unit_id for m in memberships if m.level == Level.PROVINCE}
    territory = _province_predecessors(provinces) if provinces else {}

    def count(unit_id: int | None, level: str | None) -> int:
        if unit_id is None:
            return national
        if level == Level.PROVINCE:
            return sum(by_province.get(p, 0) for p in territory.get(unit_id, {unit_id}))
        if level == Level.DISTRICT:
            return by_district.get(unit_id, 0)
        return 0

    url = reverse("reports:list")
    result: dict[int, list[DigestLine]] = {}
    for m in memberships:
        if m.organization_id not in result:
            n = count(m.unit_id, m.level)
            if n:
                result[m.organization_id] = [DigestLine(n, LABEL, url)]
    return result


def register() -> None:
    register_section(DigestSection("reports.awaiting_approval", 40, awaiting_approval))
