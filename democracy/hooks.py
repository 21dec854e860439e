"""What democracy registers with the lower apps: the home page's to-do items and the reports' automatic figures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.urls import reverse

from democracy import selectors
from democracy.models import ObligationState
from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from orgs.permissions import is_national
from reports.autofill import register_source


def collect(user, today: dt.date) -> list[TodoItem]:
    """The commune's obligations past due and not disclosed, those due in the next 30 days, and the supervision
    recommendations waiting too long for an answer, in the user's scope. National users get none (their home page
    would count the whole country). Counts use the lists' own filters, so each count equals what its link shows."""
    if not getattr(user, "is_authenticated", False) or is_national(user):
        return []
    url = reverse("democracy:obligations")
    items = []
    sections = (
        (ObligationState.MISSING.value, "Nội dung phải công khai đã quá hạn", Urgency.OVERDUE),
        ("upcoming", f"Nội dung phải công khai trong {selectors.UPCOMING_DAYS} ngày tới", Urgency.UPCOMING),
    )
    counts = selectors.obligation_state_counts(user, [state for state, _label, _urgency in sections], today)
    for state, label, urgency in sections:
        n, first = counts[state]
        if n:
            items.append(TodoItem(label, n, f"{url}?state={state}", urgency, first, "democracy"))
    overdue = selectors.recommendation_list(user, state="overdue", today=today)
    found = overdue.aggregate(n=Count("id"), first=Min("answer_due"))
    if found["n"]:
        url = reverse("democracy:recommendations") + "?state=overdue"
        label = "Kiến nghị giám sát quá hạn trả lời"
        items.append(TodoItem(label, found["n"], url, Urgency.OVERDUE, found["first"], "democracy"))
    return items


def register() -> None:
    register_todo(TodoSection("democracy.obligations", 40, collect))
    register_source(
        "democracy",
        selectors.democracy_statistics,
        {"democracy.disclosures": {"": "disclosures"}, "democracy.supervisions": {"": "supervisions"}},
    )
