"""Practices' part of the home page's "việc cần làm" (notifications.todo): registered practices awaiting appraisal
and practices awaiting the user's appraisal score. The counts use the list page's own condition
(``practices.selectors.todo_condition``, ``?viec=<key>``), so each count is what its link lists."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from practices.models import Practice, Status
from practices.selectors import AWAITING_APPRAISAL, AWAITING_SCORE, TODO_TITLES, todo_condition


def collect(user, today: dt.date) -> list[TodoItem]:
    conditions = {key: todo_condition(user, key) for key in (AWAITING_SCORE, AWAITING_APPRAISAL)}
    counts = (
        # Only the two statuses the items count: the status index bounds the read (a national officer sees every
        # practice in the country).
        Practice.objects.visible_to(user)
        .filter(status__in=(Status.REGISTERED, Status.UNDER_APPRAISAL))
        .order_by()
        .aggregate(**{key.replace("-", "_"): Count("id", filter=condition) for key, condition in conditions.items()})
    )
    url = reverse("practices:list")
    return [
        TodoItem(TODO_TITLES[key], counts[key.replace("-", "_")], f"{url}?viec={key}", Urgency.DUE, None, "practices")
        for key in conditions
    ]


def register() -> None:
    register_todo(TodoSection("practices.appraisal", 30, collect))
