"""The obligations calendar: each commune's periods of each recurring category, generated from the categories'
rules (data), never typed one by one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from audit.models import Action as AuditAction
from audit.services import record
from democracy.models import DisclosureCategory, Obligation, Recurrence
from democracy.models.rules import Anchor
from geo.models import AdminUnit, Level

# recurrence → [(first month, last month, label pattern)]
PERIODS: dict[str, list[tuple[int, int, str]]] = {
    Recurrence.QUARTERLY: [(1, 3, "Quý I/{y}"), (4, 6, "Quý II/{y}"), (7, 9, "Quý III/{y}"), (10, 12, "Quý IV/{y}")],
    Recurrence.HALF: [(1, 6, "6 tháng đầu năm {y}"), (7, 12, "6 tháng cuối năm {y}")],
    Recurrence.ANNUAL: [(1, 12, "Năm {y}")],
}


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def periods(category: DisclosureCategory, year: int) -> list[tuple[dt.date, dt.date, str, dt.date]]:
    """(start, end, label, due date) of ``category``'s periods in ``year``."""
    out = []
    for first, last, label in PERIODS.get(category.recurrence, []):
        start, end = dt.date(year, first, 1), _month_end(year, last)
        anchor = start if category.anchor == Anchor.START else end
        out.append((start, end, label.format(y=year), anchor + dt.timedelta(days=category.due_days)))
    return out


def build(units: Iterable[AdminUnit], categories: list[DisclosureCategory], year: int) -> Iterable[Obligation]:
    plans = [(c, periods(c, year)) for c in categories]
    for unit in units:
        for category, spans in plans:
            for start, end, label, due in spans:
                if unit.valid_from <= end and unit.valid_to >= start:
                    yield Obligation(
                        unit_id=unit.pk, category=category, period_start=start, period_end=end, label=label, due_on=due
                    )


@transaction.atomic
def obligations_generate(*, year: int, by=None, units: Iterable[AdminUnit] | None = None) -> int:
    """Create the ``year``'s obligations of every commune valid in it (or of ``units``); existing periods are kept.
    Returns how many were created. The communes are those of the hierarchy valid during the year, so a commune
    that ended mid-year owes its periods before the end only."""
    categories = list(DisclosureCategory.objects.filter(is_active=True).exclude(recurrence=Recurrence.NONE))
    if units is None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        units = AdminUnit.objects.filter(level=Level.COMMUNE, valid_from__lte=end, valid_to__gte=start).only(
            "pk", "valid_from", "valid_to"
        )
    before = Obligation.objects.filter(period_start__year=year).count()
    rows = list(build(units, categories, year))
    Obligation.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    created = Obligation.objects.filter(period_start__year=year).count() - before
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_repr=f"Lịch nghĩa vụ công khai năm {year}",
        changes={"year": [None, year], "created": [None, created]},
    )
    return created
