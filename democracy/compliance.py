"""Compliance per commune and period, rolled up to province and nation over the hierarchy valid in the period.

Rows keep the commune version valid when they were made (obligations are generated for the communes valid in
their period), and each version's denormalised ``province_id`` names the province of that hierarchy: grouping by
it rolls a 2024 period up to the 63 old provinces and a 2026 period up to the 34 new ones, without walking the
tree. One GROUP BY per family of figures (obligations, disclosures, consultations, recommendations, dialogues)
plus two for the units listed and one for the yearly minimum of dialogues: eight queries whatever the number
of communes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from democracy import conf
from democracy.models import (
    Consultation,
    Disclosure,
    DisclosureStatus,
    Obligation,
    Outcome,
    Recommendation,
    RecommendationStatus,
)
from geo.models import AdminUnit, Level
from meetings.models import Dialogue, DialogueStatus

FIGURES = (
    "communes",
    "obligations",
    "on_time",
    "late",
    "missing",
    "upcoming",
    "disclosures",
    "defective",
    "consultations",
    "passed",
    "recommendations",
    "answered_on_time",
    "answered_late",
    "overdue",
    "dialogues",
    "communes_with_dialogue",
)
LABELS = {
    "obligations": "Nghĩa vụ công khai đến hạn trong kỳ",
    "on_time": "Công khai đúng hạn",
    "late": "Công khai muộn",
    "missing": "Quá hạn chưa công khai",
    "upcoming": "Chưa đến hạn",
    "disclosures": "Nội dung đã công khai",
    "defective": "Công khai có thiếu sót",
    "consultations": "Cuộc lấy ý kiến đã kết thúc",
    "passed": "Được thông qua",
    "recommendations": "Kiến nghị giám sát đến hạn trả lời",
    "answered_on_time": "Trả lời đúng hạn",
    "answered_late": "Trả lời muộn",
    "overdue": "Quá hạn chưa trả lời",
    "dialogues": "Hội nghị đối thoại đã tổ chức",
    "communes_with_dialogue": "Xã tổ chức đủ số hội nghị đối thoại tối thiểu",
}


@dataclass
class Row:
    unit_id: int | None
    code: str
    name: str
    figures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))

    @property
    def on_time_rate(self) -> float | None:
        """Share of the obligations already due that were met on time (upcoming ones are not yet judged)."""
        judged = self.figures["obligations"] - self.figures["upcoming"]
        return round(100 * self.figures["on_time"] / judged, 1) if judged else None


@dataclass
class Compliance:
    unit: AdminUnit | None
    date_from: dt.date
    date_to: dt.date
    rows: list[Row]
    total: Row


def _within(field_name: str, date_from: dt.date, date_to: dt.date) -> Q:
    return Q(**{f"{field_name}__gte": date_from, f"{field_name}__lte": date_to})


def compliance(
    unit: AdminUnit | None, date_from: dt.date, date_to: dt.date, *, today: dt.date | None = None
) -> Compliance:
    """The rows under ``unit`` (the provinces for the nation, the communes of a province, the commune itself) with
    their figures, and the total. ``unit`` is the version valid in the period (``geo.selectors.unit_on(code,
    date_to)``)."""
    today = today or timezone.localdate()
    if unit is None:
        key, scope = "unit__province_id", Q()
        units = AdminUnit.objects.filter(level=Level.PROVINCE)
    elif unit.level == Level.PROVINCE:
        key, scope = "unit_id", Q(unit__province_id=unit.pk)
        units = AdminUnit.objects.filter(level=Level.COMMUNE, province_id=unit.pk)
    else:
        key, scope = "unit_id", Q(unit_id=unit.pk)
        units = AdminUnit.objects.filter(pk=unit.pk)
    units = units.filter(valid_from__lte=date_to, valid_to__gte=date_from)
    rows = {
        pk: Row(pk, code, name)
        for pk, code, name in units.order_by("sort_key", "code").values_list("pk", "code", "name")
    }

    def group(queryset, **aggregates):
        for item in queryset.filter(scope).values(key).annotate(**aggregates).order_by():
            row = rows.get(item[key])
            if row is None:  # a row on a unit version outside the period's hierarchy (should not happen)
                row = rows.setdefault(item[key], Row(item[key], "", "—"))
            for name in aggregates:
                row.figures[name] += item[name] or 0

    communes_key = "province_id" if unit is None else "pk"
    commune_scope = Q() if unit is None else (Q(province_id=unit.pk) if unit.level == Level.PROVINCE else Q(pk=unit.pk))
    for item in (
        AdminUnit.objects.filter(commune_scope, level=Level.COMMUNE, valid_from__lte=date_to, valid_to__gte=date_from)
        .values(communes_key)
        .annotate(n=Count("id"))
        .order_by()
    ):
        if item[communes_key] in rows:
            rows[item[communes_key]].figures["communes"] = item["n"]

    done = Q(done_on__isnull=False)
    group(
        Obligation.objects.filter(_within("due_on", date_from, date_to)),
        obligations=Count("id"),
        on_time=Count("id", filter=done & Q(done_on__lte=F("due_on"))),
        late=Count("id", filter=done & Q(done_on__gt=F("due_on"))),
        missing=Count("id", filter=Q(done_on__isnull=True, due_on__lt=today)),
        upcoming=Count("id", filter=Q(done_on__isnull=True, due_on__gte=today)),
    )
    group(
        Disclosure.objects.filter(_within("published_on", date_from, date_to), status=DisclosureStatus.PUBLISHED),
        disclosures=Count("id"),
        defective=Count("id", filter=Q(defect_count__gt=0)),
    )
    group(
        Consultation.objects.filter(_within("closed_on", date_from, date_to)),
        consultations=Count("id"),
        passed=Count("id", filter=Q(outcome=Outcome.PASSED)),
    )
    answered = Q(answered_on__isnull=False)
    group(
        Recommendation.objects.filter(_within("answer_due", date_from, date_to)),
        recommendations=Count("id"),
        answered_on_time=Count("id", filter=answered & Q(answered_on__lte=F("answer_due"))),
        answered_late=Count("id", filter=answered & Q(answered_on__gt=F("answer_due"))),
        overdue=Count("id", filter=Q(status=RecommendationStatus.OPEN, answer_due__lt=today)),
    )
    # Dialogue conferences (meetings): held at a commune in the period; a commune meets the duty when it held at
    # least the yearly minimum (a Parameter). One query grouped by commune, summed up to the row's key here.
    minimum = conf.value("dialogue_min_per_year")
    dialogues = (
        Dialogue.objects.filter(
            scope,
            _within("held_on", date_from, date_to),
            status__in=(DialogueStatus.HELD, DialogueStatus.PUBLISHED),
            unit__level=Level.COMMUNE,
        )
        .values("unit_id", "unit__province_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for item in dialogues:
        owner = item["unit__province_id"] if unit is None else item["unit_id"]
        held = rows.get(owner) if owner is not None else None
        if held is not None:
            held.figures["dialogues"] += item["n"]
            held.figures["communes_with_dialogue"] += int(item["n"] >= minimum)
    ordered = list(rows.values())
    total = Row(unit.pk if unit else None, unit.code if unit else "", unit.name if unit else "Toàn quốc")
    for row in ordered:
        for name in FIGURES:
            total.figures[name] += row.figures[name]
    return Compliance(unit=unit, date_from=date_from, date_to=date_to, rows=ordered, total=total)
