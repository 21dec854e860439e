"""Reads for reception days and dialogues shared with other modules: the figures the reports
module fills in automatically (``reports.autofill``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, DateField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from geo.models import AdminUnit
from geo.selectors import subtree_q
from meetings import conf
from meetings.models import Commitment, Dialogue, DialogueStatus, ReceptionSession, SessionStatus


def meeting_statistics(
    unit: AdminUnit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> dict:
    """Reception days, dialogues and their commitments for a subtree and a period: three queries, one per family.

    - sessions: reception days held in the period (``sessions_held``), citizens received (``visitors``), and
      the planned / cancelled ones. A session stores no unit: it counts under its organisation's unit.
    - dialogues: held in the period (``dialogues_held``, by ``held_on``), people present, results published and
      published within the legal time (``results_on_time``: Luật Thực hiện dân chủ ở cơ sở, 10 days by default,
      ``CASES_DIALOGUE_PUBLISH_DAYS``). A dialogue keeps the unit version of its day, so an old unit's subtree
      counts its own dialogues, as ``case_statistics`` does.
    - commitments: made at dialogues held in the period, closed (done) in the period, and overdue at the end of
      the period (or today if earlier): open then and past their deadline.
    """
    today = today or timezone.localdate()
    on = min(today, date_to) if date_to is not None else today

    def within(field: str) -> Q:
        q = Q()
        if date_from is not None:
            q &= Q(**{f"{field}__gte": date_from})
        if date_to is not None:
            q &= Q(**{f"{field}__lte": date_to})
        return q

    sessions = ReceptionSession.objects.filter(within("date"))
    dialogues = Dialogue.objects.filter(within("held_on"), held_on__isnull=False)
    commitments = Commitment.objects.all()
    if unit is not None:
        sessions = sessions.filter(subtree_q(unit, "organization__unit"))
        dialogues = dialogues.filter(subtree_q(unit, "unit"))
        commitments = commitments.filter(subtree_q(unit, "dialogue__unit"))

    result = sessions.aggregate(
        sessions_held=Count("status", filter=Q(status=SessionStatus.HELD)),
        sessions_planned=Count("status", filter=Q(status=SessionStatus.PLANNED)),
        sessions_cancelled=Count("status", filter=Q(status=SessionStatus.CANCELLED)),
        visitors=Sum("visitors", filter=Q(status=SessionStatus.HELD)),
    )
    held = Q(status__in=(DialogueStatus.HELD, DialogueStatus.PUBLISHED))
    due = ExpressionWrapper(F("held_on") + dt.timedelta(days=conf.dialogue_publish_days()), output_field=DateField())
    result |= dialogues.aggregate(
        dialogues_held=Count("status", filter=held),
        dialogue_participants=Sum("participants", filter=held),
        results_published=Count("status", filter=Q(status=DialogueStatus.PUBLISHED)),
        results_on_time=Count("status", filter=Q(status=DialogueStatus.PUBLISHED, published_on__lte=due)),
    )
    made = within("dialogue__held_on")
    closed = Q(status="done") & within("done_on")
    # Open on ``on``: not done, or done only after it.
    overdue = Q(deadline__lt=on) & (Q(done_on__isnull=True) | Q(done_on__gt=on)) & Q(dialogue__held_on__lte=on)
    result |= commitments.filter(made | closed | overdue).aggregate(
        commitments_made=Count("status", filter=made),
        commitments_closed=Count("status", filter=closed),
        commitments_overdue=Count("status", filter=overdue),
    )
    for key in ("visitors", "dialogue_participants"):
        result[key] = result[key] or 0
    return result
