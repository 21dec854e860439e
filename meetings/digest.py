"""Meetings' section of the daily digest (notifications.digest): overdue dialogue commitments by owner."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from meetings.models import Commitment, CommitmentStatus
from notifications.digest import DigestLine, DigestMembership, DigestSection, register_section


def overdue_commitments(day: dt.date, memberships: list[DigestMembership]) -> dict[int, list[DigestLine]]:
    """Open commitments past their deadline, by the organisation that owns them: one GROUP BY."""
    url = reverse("meetings:dialogues")
    rows = (
        Commitment.objects.filter(status=CommitmentStatus.OPEN, deadline__lt=day)
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("owner_id", "n")
    )
    return {owner_id: [DigestLine(n, "cam kết sau đối thoại quá hạn", url)] for owner_id, n in rows}


def register() -> None:
    register_section(DigestSection("meetings.overdue_commitments", 50, overdue_commitments))
