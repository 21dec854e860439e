"""Meetings' part of the home page's "việc cần làm" (notifications.todo): the dialogues of the user's bodies coming
up or waiting for their minutes, and the dialogue commitments the user's bodies owe that are past their deadline.

Each item's list is ``dialogues_for`` / ``commitments_for`` (the dialogue page shows them for ``?viec=<key>``), so a
count is exactly what its link lists. Two queries: one aggregate over dialogues, one over commitments.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from meetings.dialogues import commitments_visible_to, dialogues_visible_to
from meetings.models import Commitment, Dialogue, DialogueStatus
from notifications.todo import TodoItem, TodoSection, Urgency, register_todo
from orgs.permissions import user_org_ids

UPCOMING_DAYS = 14

COMING, MINUTES, COMMITMENTS = "sap-dien-ra", "cho-bien-ban", "cam-ket-qua-han"

TITLES = {
    COMING: f"Hội nghị đối thoại sắp diễn ra (trong {UPCOMING_DAYS} ngày)",
    MINUTES: "Hội nghị đối thoại đã diễn ra, chờ ghi biên bản",
    COMMITMENTS: "Cam kết sau đối thoại quá hạn thực hiện",
}


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _dialogue_conditions(today: dt.date) -> dict[str, Q]:
    # A dialogue may be recorded from the day it starts (meetings.dialogues.dialogue_hold), so "coming up" ends today.
    tomorrow = _day_start(today + dt.timedelta(days=1))
    return {
        COMING: Q(starts_at__gte=tomorrow, starts_at__lt=_day_start(today + dt.timedelta(days=UPCOMING_DAYS + 1))),
        MINUTES: Q(starts_at__lt=tomorrow),
    }


def _my_dialogues(user) -> QuerySet[Dialogue]:
    return dialogues_visible_to(user).filter(
        status=DialogueStatus.ANNOUNCED, organization_id__in=user_org_ids(user, write=True)
    )


def dialogues_for(user, key: str, today: dt.date) -> QuerySet[Dialogue]:
    """The dialogues behind the to-do item ``key`` (COMING or MINUTES), soonest first."""
    qs = _my_dialogues(user).filter(_dialogue_conditions(today)[key])
    return qs.select_related("organization", "unit").order_by("starts_at", "id")


def commitments_for(user, today: dt.date) -> QuerySet[Commitment]:
    """Open commitments owed by the user's bodies past their deadline, the oldest deadline first."""
    qs = commitments_visible_to(user).overdue(on=today).filter(owner_id__in=user_org_ids(user, write=True))
    return qs.select_related("owner", "dialogue").order_by("deadline", "id")


def collect(user, today: dt.date) -> list[TodoItem]:
    if not user_org_ids(user, write=True):
        return []
    conditions = _dialogue_conditions(today)
    dialogues = _my_dialogues(user).aggregate(
        coming=Count("id", filter=conditions[COMING]),
        coming_from=Min("starts_at", filter=conditions[COMING]),
        minutes=Count("id", filter=conditions[MINUTES]),
        minutes_from=Min("starts_at", filter=conditions[MINUTES]),
    )
    commitments = commitments_for(user, today).order_by().aggregate(n=Count("id"), due=Min("deadline"))
    url = reverse("meetings:dialogues")

    def day(value: dt.datetime | None) -> dt.date | None:
        return timezone.localdate(value) if value else None

    return [
        TodoItem(
            TITLES[COMMITMENTS],
            commitments["n"],
            f"{url}?viec={COMMITMENTS}",
            Urgency.OVERDUE,
            commitments["due"],
            "meetings",
        ),
        TodoItem(
            TITLES[MINUTES],
            dialogues["minutes"],
            f"{url}?viec={MINUTES}",
            Urgency.DUE,
            day(dialogues["minutes_from"]),
            "meetings",
        ),
        TodoItem(
            TITLES[COMING],
            dialogues["coming"],
            f"{url}?viec={COMING}",
            Urgency.UPCOMING,
            day(dialogues["coming_from"]),
            "meetings",
        ),
    ]


def register() -> None:
    register_todo(TodoSection("meetings.todo", 40, collect))
