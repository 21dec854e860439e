"""Programmes' part of the daily digest and of the home page's to-do list: overdue tasks of the bodies that lead
them (notifications.digest, notifications.todo)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from notifications.digest import DigestLine, DigestMembership, DigestSection, register_section
from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from orgs.models import Organization
from orgs.scope import memberships_of
from programmes.models import OPEN_STATES, Task
from programmes.selectors import DUE_DAYS, queue_counts


def queue_url(organization_id: int, state: str) -> str:
    return f"{reverse('programmes:queue')}?org={organization_id}&state={state}"


def overdue_tasks(day: dt.date, memberships: list[DigestMembership]) -> dict[int, list[DigestLine]]:
    """Open tasks past their deadline, by the body that leads them: one GROUP BY for the country."""
    rows = (
        Task.objects.filter(status__in=OPEN_STATES, deadline__lt=day)
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("owner_id", "n")
    )
    return {
        owner: [DigestLine(n, "nhiệm vụ chương trình phối hợp quá hạn", queue_url(owner, "overdue"))]
        for owner, n in rows
    }


def todo(user, today: dt.date) -> list[TodoItem]:
    """For each of the user's bodies: its overdue tasks and those due within a week (led or cooperated on), each
    counted as its queue lists them (one query per body, ``queue_counts``)."""
    names = {m.organization_id: m.organization.name for m in memberships_of(user) if m.organization.is_active}
    orgs = sorted(names)[:10]
    items = []
    for org_id in orgs:
        counts = queue_counts(Organization(pk=org_id), today=today)
        overdue, due = counts["overdue"], counts["due"]
        name = names.get(org_id, "")
        if overdue:
            items.append(
                TodoItem(
                    f"Nhiệm vụ quá hạn — {name}",
                    overdue,
                    queue_url(org_id, "overdue"),
                    Urgency.OVERDUE,
                    None,
                    "programmes",
                )
            )
        if due:
            items.append(
                TodoItem(
                    f"Nhiệm vụ đến hạn trong {DUE_DAYS} ngày — {name}", due, queue_url(org_id, "due"), Urgency.DUE,
                    today + dt.timedelta(DUE_DAYS), "programmes",
                )
            )  # fmt: skip
    return items


def register() -> None:
    register_section(DigestSection("programmes.overdue_tasks", 60, overdue_tasks))
    register_todo(TodoSection("programmes.tasks", 60, todo))
