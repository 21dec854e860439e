"""Practices' part of the home page's "việc cần làm" (notifications.todo): registered practices awaiting appraisal
and practices awaiting the user's appraisal score. The counts use the list page's own condition
(``practices.selectors.todo_condition``, ``?viec=<key>``), so each count is what its link lists."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from orgs.scope import scope_for
from practices.models import Practice, Status
from practices.selectors import AWAITING_APPRAISAL, AWAITING_SCORE, TODO_TITLES, todo_condition


def collect(user, today: dt.date) -> list[TodoItem]:
    # Each item is one status: for practices not yet recognised, what the user may see is their scope alone
    # (``practices.models.visible_q`` adds only recognised practices; with its "or" PostgreSQL read 25 ms instead of
    # 7 ms for the province officer's count, walking the status index), so each count reads the province-and-status
    # index (practice_prov_status_idx; for a national officer the status index) and checks the item's own condition
    # on those rows. One aggregate over both statuses with the "or recognised" of visible_to made SQLite walk every
    # practice of the country through the unit table (1.1 s for a province officer at national scale).
    base = scope_for(user).filter(Practice.objects.order_by(), "unit", province_field="province")
    url = reverse("practices:list")
    items = []
    for key, status in ((AWAITING_SCORE, Status.UNDER_APPRAISAL), (AWAITING_APPRAISAL, Status.REGISTERED)):
        count = base.filter(todo_condition(user, key), status=status).count()
        items.append(TodoItem(TODO_TITLES[key], count, f"{url}?viec={key}", Urgency.DUE, None, "practices"))
    return items


def register() -> None:
    register_todo(TodoSection("practices.appraisal", 30, collect))
