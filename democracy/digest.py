"""Democracy's section of the daily digest (notifications.digest): supervision recommendations past their answer
date and still unanswered, by the body that must answer them (one GROUP BY)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from democracy.models import Recommendation, RecommendationStatus
from notifications.digest import DigestLine, DigestMembership, DigestSection, register_section


def overdue_recommendations(day: dt.date, memberships: list[DigestMembership]) -> dict[int, list[DigestLine]]:
    url = reverse("democracy:recommendations") + "?state=overdue"
    rows = (
        Recommendation.objects.filter(status=RecommendationStatus.OPEN, answer_due__lt=day)
        .values("addressee_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("addressee_id", "n")
    )
    return {org_id: [DigestLine(n, "kiến nghị giám sát của Nhân dân quá hạn trả lời", url)] for org_id, n in rows}


def register() -> None:
    register_section(DigestSection("democracy.overdue_recommendations", 60, overdue_recommendations))
