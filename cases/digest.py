"""Cases' sections of the daily digest (notifications.digest): overdue and due-soon cases by handling
body, and open cases escalated to a supervising body. Counts and links only."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from cases import conf
from cases.models import OPEN_STATES, Case
from notifications.digest import DigestLine, DigestMembership, DigestSection, register_section


def deadlines(day: dt.date, memberships: list[DigestMembership]) -> dict[int, list[DigestLine]]:
    """Overdue and due-soon open cases by handling body: one GROUP BY."""
    soon_days = conf.due_soon_days()
    soon = day + dt.timedelta(days=soon_days)
    queue = reverse("cases:queue")
    rows = (
        Case.objects.filter(status__in=OPEN_STATES, due_date__lte=soon)
        .values("organization_id")
        .annotate(
            overdue=Count("kind", filter=Q(due_date__lt=day)),
            due_soon=Count("kind", filter=Q(due_date__gte=day)),
        )
        .order_by()
    )
    return {
        row["organization_id"]: [
            DigestLine(row["overdue"], "vụ việc quá hạn", f"{queue}?han=overdue"),
            DigestLine(row["due_soon"], f"vụ việc sắp đến hạn (trong {soon_days} ngày)", f"{queue}?han=due_soon"),
        ]
        for row in rows
    }


def escalated(day: dt.date, memberships: list[DigestMembership]) -> dict[int, list[DigestLine]]:
    """Open cases escalated to a body above their handler, by that body: one GROUP BY."""
    url = reverse("cases:queue") + "?trang_thai=open"
    rows = (
        Case.objects.filter(status__in=OPEN_STATES, escalated_to__isnull=False)
        .values("escalated_to_id")
        .annotate(n=Count("kind"))
        .order_by()
        .values_list("escalated_to_id", "n")
    )
    return {org_id: [DigestLine(n, "vụ việc cấp dưới quá hạn, chuyển lên theo dõi", url)] for org_id, n in rows}


def register() -> None:
    register_section(DigestSection("cases.deadlines", 10, deadlines))
    register_section(DigestSection("cases.escalated", 20, escalated))
