"""Cases' part of the home page's "việc cần làm" (notifications.todo): the open cases of the user's bodies (handled
by them or escalated to them) that are overdue or due soon. One aggregate over each half of "handled by or escalated
to" (``cases.selectors.body_aggregate``); the links open the queue filtered the same way
(``cases.views._queue_filters``: ``han`` on the user's bodies' open cases)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q
from django.urls import reverse

from cases import conf
from cases.models import OPEN_STATES, Case
from cases.selectors import body_aggregate
from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from orgs.permissions import user_org_ids


def collect(user, today: dt.date) -> list[TodoItem]:
    orgs = user_org_ids(user, write=True)
    if not orgs:
        return []
    soon_days = conf.due_soon_days()
    soon = today + dt.timedelta(days=soon_days)
    overdue, due_soon = Q(due_date__lt=today), Q(due_date__gte=today, due_date__lte=soon)
    counts = body_aggregate(
        Case.objects.visible_to(user).filter(status__in=OPEN_STATES, due_date__lte=soon),
        orgs,
        overdue=Count("id", filter=overdue),
        overdue_from=Min("due_date", filter=overdue),
        due_soon=Count("id", filter=due_soon),
        due_soon_from=Min("due_date", filter=due_soon),
    )
    queue = reverse("cases:queue")
    return [
        TodoItem(
            "Ý kiến, vụ việc quá hạn giải quyết",
            counts["overdue"],
            f"{queue}?han=overdue",
            Urgency.OVERDUE,
            counts["overdue_from"],
            "cases",
        ),
        TodoItem(
            f"Ý kiến, vụ việc sắp đến hạn (trong {soon_days} ngày)",
            counts["due_soon"],
            f"{queue}?han=due_soon",
            Urgency.DUE,
            counts["due_soon_from"],
            "cases",
        ),
    ]


def register() -> None:
    register_todo(TodoSection("cases.deadlines", 10, collect))
