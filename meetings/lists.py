"""The filtered lists behind a dashboard's meeting figures: reception days held and dialogues held in a period, open
and overdue dialogue commitments, each in a unit's subtree and the viewer's scope.

A figure is ``counts`` and its list is the matching function below with the same filters, so a dashboard's number
is what its link lists. The definitions are those of ``meetings.selectors.meeting_statistics`` (the reports'
automatic figures): a reception day counts under its body's unit; a dialogue under its own unit version, held when
recorded (held or its results published) with its day in the period; a commitment under its dialogue's unit, open
until done, overdue when open past its deadline today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from geo.models import AdminUnit
from geo.selectors import subtree_q
from meetings.dialogues import commitments_visible_to, dialogues_visible_to
from meetings.models import Commitment, CommitmentStatus, Dialogue, DialogueStatus, ReceptionSession, SessionStatus
from meetings.reception import sessions_visible_to

HELD_DIALOGUE = (DialogueStatus.HELD, DialogueStatus.PUBLISHED)


@dataclass
class MeetingFilters:
    unit: AdminUnit | None = None  # None: the whole of the viewer's scope
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _within(field: str, f: MeetingFilters) -> Q:
    q = Q()
    if f.date_from is not None:
        q &= Q(**{f"{field}__gte": f.date_from})
    if f.date_to is not None:
        q &= Q(**{f"{field}__lte": f.date_to})
    return q


def _in_unit(field: str, f: MeetingFilters) -> Q:
    return subtree_q(f.unit, field) if f.unit is not None else Q()


def sessions_held(user, f: MeetingFilters) -> QuerySet[ReceptionSession]:
    qs = sessions_visible_to(user).filter(_in_unit("organization__unit", f), _within("date", f))
    return qs.filter(status=SessionStatus.HELD)


def dialogues_held(user, f: MeetingFilters) -> QuerySet[Dialogue]:
    qs = dialogues_visible_to(user).filter(_in_unit("unit", f), _within("held_on", f))
    return qs.filter(status__in=HELD_DIALOGUE, held_on__isnull=False)


def commitments_open(user, f: MeetingFilters, *, today: dt.date, overdue: bool = False) -> QuerySet[Commitment]:
    """Commitments open today (``overdue``: and past their deadline) of the dialogues in the unit's subtree; the
    period does not apply (what is still owed today)."""
    qs = commitments_visible_to(user).filter(_in_unit("dialogue__unit", f), status=CommitmentStatus.OPEN)
    return qs.filter(deadline__lt=today) if overdue else qs


def counts(user, f: MeetingFilters, *, today: dt.date) -> dict[str, int]:
    """The four figures, three queries whatever the amount of data."""
    result = {"sessions_held": sessions_held(user, f).count(), "dialogues_held": dialogues_held(user, f).count()}
    result |= commitments_open(user, f, today=today).aggregate(
        commitments_open=Count("id"), commitments_overdue=Count("id", filter=Q(deadline__lt=today))
    )
    return result
