"""The daily digest: once per officer per day, one notification about their organisations' work queue.

Counts and links only — never a case's title, content or sender: the digest travels by e-mail,
and the identity of a citizen belongs to the handling body's pages, where every view is logged.

Each section is one GROUP BY over the whole country (cases by handling body and by supervising
body, reports awaiting approval by place, overdue dialogue commitments by owner), read once per
run, not once per officer; the digests are then inserted in chunks with INSERT … ON CONFLICT DO
NOTHING on ``digest:<day>:<user>``. A run that dies half-way leaves whole chunks behind, and a
re-run on the same day adds only the digests still missing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from cases import conf as cases_conf
from cases.models import OPEN_STATES, Case
from geo.models import Level
from geo.selectors import lineage
from lib.vntext import vn_int
from meetings.models import Commitment, CommitmentStatus
from notifications import conf
from notifications.models import Kind
from notifications.services import Message, notify_many
from orgs.models import Membership
from reports.models import Report
from reports.models import Status as ReportStatus

CHUNK = 1000


@dataclass
class OrgQueue:
    name: str
    overdue: int = 0
    due_soon: int = 0
    escalated: int = 0
    reports: int = 0
    commitments: int = 0

    def lines(self, soon_days: int) -> list[str]:
        base = conf.base_url()
        queue = base + reverse("cases:queue")
        rows = [
            (self.overdue, "vụ việc quá hạn", f"{queue}?han=overdue"),
            (self.due_soon, f"vụ việc sắp đến hạn (trong {soon_days} ngày)", f"{queue}?han=due_soon"),
            (self.escalated, "vụ việc cấp dưới quá hạn, chuyển lên theo dõi", f"{queue}?trang_thai=open"),
            (self.reports, "báo cáo của cấp dưới chờ duyệt", base + reverse("reports:list")),
            (self.commitments, "cam kết sau đối thoại quá hạn", base + reverse("meetings:dialogues")),
        ]
        return [f"- {vn_int(count)} {label}: {link}" for count, label, link in rows if count]


@dataclass
class Officer:
    user_id: int
    orgs: list[OrgQueue] = field(default_factory=list)
    org_ids: set[int] = field(default_factory=set)


def _province_predecessors(province_ids: set[int]) -> dict[int, set[int]]:
    """Each province with the old provinces it absorbed (transitively): one query."""
    result: dict[int, set[int]] = {pid: {pid} for pid in province_ids}
    for start, pk, level in lineage(province_ids):
        if level == Level.PROVINCE:
            result[start].add(pk)
    return result


def collect(day: dt.date) -> list[Officer]:
    """Every officer's queue on ``day``: one query for the officers, one per section."""
    soon = day + dt.timedelta(days=cases_conf.due_soon_days())
    memberships = list(
        Membership.objects.filter(
            is_active=True,
            role__in=conf.recipient_roles(),
            organization__is_active=True,
            user__is_active=True,
        )
        .values_list(
            "user_id", "organization_id", "organization__name", "organization__unit_id", "organization__unit__level"
        )
        .order_by("user_id", "organization__sort_key", "organization_id")
    )
    if not memberships:
        return []
    cases = {
        row["organization_id"]: row
        for row in Case.objects.filter(status__in=OPEN_STATES, due_date__lte=soon)
        .values("organization_id")
        .annotate(
            overdue=Count("kind", filter=Q(due_date__lt=day)),
            due_soon=Count("kind", filter=Q(due_date__gte=day)),
        )
        .order_by()
    }
    escalated = dict(
        Case.objects.filter(status__in=OPEN_STATES, escalated_to__isnull=False)
        .values("escalated_to_id")
        .annotate(n=Count("kind"))
        .order_by()
        .values_list("escalated_to_id", "n")
    )
    submitted = list(
        Report.objects.filter(status=ReportStatus.SUBMITTED)
        .values("unit__level", "unit__province_id", "unit__district_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit__level", "unit__province_id", "unit__district_id", "n")
    )
    commitments = dict(
        Commitment.objects.filter(status=CommitmentStatus.OPEN, deadline__lt=day)
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("owner_id", "n")
    )
    # Reports awaiting approval follow reports.selectors.reports_to_review: below the organisation's
    # level, inside its territory (with the old provinces it absorbed); the central level sees all.
    national_reports = sum(n for *_, n in submitted)
    by_province: dict[int, int] = defaultdict(int)
    by_district: dict[int, int] = defaultdict(int)
    for level, province_id, district_id, n in submitted:
        if level != Level.PROVINCE:
            by_province[province_id] += n
        if level == Level.COMMUNE and district_id:
            by_district[district_id] += n
    provinces = {unit_id for *_, unit_id, level in memberships if level == Level.PROVINCE}
    territory = _province_predecessors(provinces) if provinces and submitted else {}

    def reports_for(unit_id: int | None, level: str | None) -> int:
        if not submitted:
            return 0
        if unit_id is None:
            return national_reports
        if level == Level.PROVINCE:
            return sum(by_province.get(p, 0) for p in territory.get(unit_id, {unit_id}))
        if level == Level.DISTRICT:
            return by_district.get(unit_id, 0)
        return 0

    officers: list[Officer] = []
    for user_id, org_id, org_name, unit_id, level in memberships:
        if not officers or officers[-1].user_id != user_id:
            officers.append(Officer(user_id=user_id))
        if org_id in officers[-1].org_ids:
            continue  # one user with two roles in the same organisation
        officers[-1].org_ids.add(org_id)
        c = cases.get(org_id, {})
        officers[-1].orgs.append(
            OrgQueue(
                name=org_name,
                overdue=c.get("overdue", 0),
                due_soon=c.get("due_soon", 0),
                escalated=escalated.get(org_id, 0),
                reports=reports_for(unit_id, level),
                commitments=commitments.get(org_id, 0),
            )
        )
    return officers


def digest_message(officer: Officer, day: dt.date) -> Message | None:
    """The digest of one officer, or None when nothing waits for them."""
    soon_days = cases_conf.due_soon_days()
    parts = []
    for org in officer.orgs:
        lines = org.lines(soon_days)
        if lines:
            parts.append(f"{org.name}:\n" + "\n".join(lines))
    if not parts:
        return None
    body = f"Công việc cần xử lý ngày {day:%d/%m/%Y}:\n\n" + "\n\n".join(parts)
    return Message(
        recipient_id=officer.user_id,
        kind=Kind.DIGEST,
        subject=f"DanVan: tóm tắt công việc ngày {day:%d/%m/%Y}",
        body=body,
        dedupe_key=f"digest:{day.isoformat()}:{officer.user_id}",
        url=reverse("notifications:list"),
    )


def digest_run(*, day: dt.date) -> int:
    """Queue ``day``'s digests; returns how many officers have one (already queued ones included)."""
    messages = [m for m in (digest_message(o, day) for o in collect(day)) if m is not None]
    for start in range(0, len(messages), CHUNK):
        # A chunk per transaction: a crash keeps what was committed, the re-run fills in the rest.
        with transaction.atomic():
            notify_many(messages[start : start + CHUNK])
    return len(messages)
