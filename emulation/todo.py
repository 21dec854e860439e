"""Emulation's part of the home page's "việc cần làm" (notifications.todo): the contest entries a judge has still to
score, one item per (entry, round) without the judge's scores, in the contests being judged.

``pending_scores(user)`` is the list the link opens (``?viec=cham-diem`` on the contests page): a judge sits on a
handful of contests, so four queries read them all — the contests, their rounds, their entries, the judge's scored
(entry, round) pairs. The home page needs only its length, ``pending_score_count(user)``: one query that counts the
same pairs without reading them.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.urls import reverse

from emulation.models import Contest, ContestStatus, Entry, EntryScore, Round
from emulation.selectors import contests_visible_to
from notifications.todo import TodoItem, TodoSection, Urgency, register_todo

KEY = "cham-diem"
TITLE = "Bài dự thi chờ bạn chấm điểm"


class PendingScore(NamedTuple):
    contest: Contest
    entry: Entry
    round: Round


def _judged(user) -> QuerySet[Contest]:
    """The contests being judged that the user judges."""
    return contests_visible_to(user).filter(status=ContestStatus.JUDGING, judges=user)


def pending_scores(user) -> list[PendingScore]:
    """The judge's unscored (entry, round) pairs in contests being judged, by contest, round and entry name."""
    contests = list(
        _judged(user)
        .prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("order")))
        .order_by("name", "id")
    )
    if not contests:
        return []
    entries: dict[int, list[Entry]] = {c.pk: [] for c in contests}
    for entry in Entry.objects.filter(contest__in=contests).select_related("organization").order_by("name", "id"):
        entries[entry.contest_id].append(entry)
    scored = set(
        EntryScore.objects.filter(entry__contest__in=contests, judge=user)
        .values_list("entry_id", "round_id")
        .distinct()
    )
    return [
        PendingScore(contest, entry, rnd)
        for contest in contests
        for rnd in contest.rounds.all()
        for entry in entries[contest.pk]
        if (entry.pk, rnd.pk) not in scored
    ]


def pending_score_count(user) -> int:
    """``len(pending_scores(user))`` in one query, without reading an entry: for each round of the judge's contests
    being judged, the contest's entries without any score of the judge's in that round."""
    judged = _judged(user).values("pk")
    scored = EntryScore.objects.filter(entry=OuterRef("pk"), round=OuterRef(OuterRef("pk")), judge=user)
    unscored = (
        Entry.objects.filter(contest=OuterRef("contest_id"))
        .exclude(Exists(scored))
        .order_by()
        .values("contest")
        .annotate(n=Count("id"))
        .values("n")
    )
    total = (
        Round.objects.filter(contest__in=judged)
        .annotate(unscored=Subquery(unscored, output_field=IntegerField()))
        .aggregate(n=Sum("unscored"))["n"]
    )
    return int(total or 0)


def collect(user, today: dt.date) -> list[TodoItem]:
    pending = pending_score_count(user)
    url = reverse("emulation:contests")
    return [TodoItem(TITLE, pending, f"{url}?viec={KEY}", Urgency.DUE, None, "emulation")]


def register() -> None:
    register_todo(TodoSection("emulation.scores", 50, collect))
