"""Reports' part of the home page's "việc cần làm" (notifications.todo): the user's own reports overdue, due soon or
returned, and their subordinates' reports awaiting the user's approval.

Each item's list is ``reports_for(user, key, today)``, which the report list page shows for ``?viec=<key>``, so an
item's count is exactly the length of the list its link opens. Two queries: one aggregate over the user's own
reports, one count of the reports to review.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse

from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from reports.models import Report, Status
from reports.selectors import my_reports, reports_to_review

DUE_SOON_DAYS = 7

OVERDUE, DUE_SOON, RETURNED, REVIEW = "qua-han", "sap-han", "tra-lai", "cho-duyet"

TITLES = {
    OVERDUE: "Báo cáo quá hạn nộp",
    DUE_SOON: f"Báo cáo sắp đến hạn nộp (trong {DUE_SOON_DAYS} ngày)",
    RETURNED: "Báo cáo bị trả lại, cần sửa và gửi lại",
    REVIEW: "Báo cáo của cấp dưới chờ bạn duyệt",
}


def _conditions(today: dt.date) -> dict[str, Q]:
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return {
        OVERDUE: Q(status=Status.DRAFT, period__due_date__lt=today),
        DUE_SOON: Q(status=Status.DRAFT, period__due_date__gte=today, period__due_date__lte=soon),
        RETURNED: Q(status=Status.RETURNED),
    }


def reports_for(user, key: str, today: dt.date) -> QuerySet[Report]:
    """The reports behind the to-do item ``key`` (one of ``TITLES``), as the report list shows them."""
    if key == REVIEW:
        return reports_to_review(user)
    return my_reports(user).filter(_conditions(today)[key]).order_by("period__due_date", "organization__sort_key", "id")


def collect(user, today: dt.date) -> list[TodoItem]:
    conditions = _conditions(today)
    aggregates = {}
    for key, condition in conditions.items():
        aggregates[key] = Count("id", filter=condition)
        aggregates[f"{key}_due"] = Min("period__due_date", filter=condition)
    counts = my_reports(user).order_by().aggregate(**aggregates)
    url = reverse("reports:list")
    items = [
        TodoItem(TITLES[OVERDUE], counts[OVERDUE], f"{url}?viec={OVERDUE}", Urgency.OVERDUE, counts[f"{OVERDUE}_due"]),
        TodoItem(TITLES[RETURNED], counts[RETURNED], f"{url}?viec={RETURNED}", Urgency.DUE, counts[f"{RETURNED}_due"]),
        TodoItem(TITLES[DUE_SOON], counts[DUE_SOON], f"{url}?viec={DUE_SOON}", Urgency.DUE, counts[f"{DUE_SOON}_due"]),
        TodoItem(TITLES[REVIEW], reports_to_review(user).count(), f"{url}?viec={REVIEW}", Urgency.DUE),
    ]
    return [TodoItem(i.label, i.count, i.url, i.urgency, i.due, "reports") for i in items]


def register() -> None:
    register_todo(TodoSection("reports.todo", 20, collect))
