"""Ten half-year periods (2021 H2 – 2026 H1) of every indicator for every commune, approved up the tree.

Streamed per period and per batch of organisations, each batch its own transaction (bounded memory, bulk
inserts). Periods before 1/7/2025 sit on the hierarchy valid then: each of today's Đảng ủy reports on the old
commune its unit's default predecessor link names (one per organisation: a report is per organisation and
period), under its old district and province. The roll-up store of a period is built once its values are in,
inside the database from the same SQL recomputation ``danvan reports verify`` uses — generated data is not
entered through the approval service, which is what keeps the store exact in real use.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from datagen.base import TZ, Context, chunks, copy_rows, next_id, reset_sequence, stamp
from geo.models import REFORM_2025, AdminUnit, UnitLink
from orgs.models import Organization
from reports import services, store
from reports.catalogue import standard_form
from reports.models import Aggregation, Period, Report, Status, Value

REPORT_COLUMNS = [
    "id", "organization_id", "period_id", "unit_id", "status", "narrative", "doc_number", "return_reason",
    "unapprove_reason", "missing_reason", "revision", "submitted_at", "approved_at", "approved_by_id", "updated_at",
]  # fmt: skip
VALUE_COLUMNS = ["id", "report_id", "indicator_id", "breakdown", "amount", "is_auto", "comment"]
PERIODS = [(2021, 2)] + [(year, half) for year in range(2022, 2026) for half in (1, 2)] + [(2026, 1)]


def _amount(rng, indicator, parts: dict[str, int]) -> int:
    code, unit = indicator.code, indicator.unit
    if code == "dvk_recognised":
        return rng.randint(0, parts["dvk_registered"])
    if code == "petitions_resolved":
        return rng.randint(0, parts["petitions_received"])
    if code == "petitions_on_time":
        return rng.randint(0, parts["petitions_resolved"])
    if unit == "đồng":
        return rng.randrange(0, 3_000_000_000, 100_000)
    if unit == "%":
        return rng.randint(0, 30 * indicator.scale)
    if unit in ("km", "m²"):
        return rng.randint(0, 2_000 * indicator.scale) // (10 if unit == "km" else 1)
    if unit in ("ngày công", "lượt người"):
        return rng.randint(0, 5_000)
    return rng.randint(0, 40)


def _old_units(units: list[int], on: dt.date) -> dict[int, AdminUnit]:
    """Today's unit → the default predecessor valid on ``on`` (one query)."""
    links = (
        UnitLink.objects.filter(successor_id__in=units, is_default=True, predecessor__valid_to__gte=on)
        .filter(predecessor__valid_from__lte=on)
        .select_related("predecessor")
        .order_by("successor_id", "predecessor__code")
    )
    found: dict[int, AdminUnit] = {}
    for link in links:
        found.setdefault(link.successor_id, link.predecessor)
    return found


def generate_reports(ctx: Context) -> int:
    form = standard_form()
    indicators = [i for i in services.form_indicators(form) if i.aggregation != Aggregation.RATIO]
    today = timezone.localdate()
    orgs = list(
        Organization.objects.filter(
            org_type__code__in=("dang-uy-xa", "ban-tgdv"),
            tier__in=("commune", "province"),
            unit__valid_from__lte=today,
            unit__valid_to__gte=today,
        )
        .order_by("id")
        .values_list("id", "unit_id", "unit__level")
    )
    vendor = connection.vendor
    made = 0
    for year, number in PERIODS:
        start, end = services.period_bounds(form, year, number)
        period, created = Period.objects.get_or_create(
            form=form,
            year=year,
            number=number,
            defaults={
                "label": services.period_label(form, year, number),
                "start": start,
                "end": end,
                "due_date": end + dt.timedelta(days=form.due_days),
            },
        )
        if Report.objects.filter(period=period).exists():
            continue
        old = _old_units([u for _o, u, _lvl in orgs], end) if end < REFORM_2025 else {}
        approved = dt.datetime.combine(period.due_date, dt.time(9), TZ)
        approved_at = stamp(approved, vendor)
        submitted_at = stamp(approved - dt.timedelta(days=3), vendor)
        report_id, value_id = next_id(Report), next_id(Value)
        first_rows = made == 0
        for batch in chunks(orgs, 1_000):
            reports, values = [], []
            for org_id, unit_id, _level in batch:
                unit = old.get(unit_id) if old else None
                if end < REFORM_2025 and unit is None:
                    continue  # no predecessor valid then: the organisation did not report that period
                reports.append(
                    (
                        report_id, org_id, period.pk, unit.pk if unit else unit_id, Status.APPROVED, "{}", "", "",
                        "", "", 0, submitted_at, approved_at, None, approved_at,
                    )
                )  # fmt: skip
                parts: dict[str, int] = {}
                for indicator in indicators:
                    amount = _amount(ctx.rng, indicator, parts)
                    parts[indicator.code] = amount
                    values.append((value_id, report_id, indicator.pk, "", amount, False, ""))
                    value_id += 1
                    if indicator.breakdowns:
                        first = ctx.rng.randint(0, amount)
                        values.append((value_id, report_id, indicator.pk, "collective", first, False, ""))
                        values.append((value_id + 1, report_id, indicator.pk, "individual", amount - first, False, ""))
                        value_id += 2
                report_id += 1
            copy_rows(Report, REPORT_COLUMNS, reports, convert=False)
            copy_rows(Value, VALUE_COLUMNS, values)
            made += len(reports)
        reset_sequence(Report)
        reset_sequence(Value)
        if first_rows and made:
            # Statistics on the first rows this run copied, before the store reads them back: without them PostgreSQL
            # plans the rebuild's joins as if the tables were empty (nested loops over every pair of rows), and
            # inside a transaction (a test's) autovacuum never sees them.
            with connection.cursor() as cursor:
                for model in (Report, Value):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        store.rebuild(period.pk)
        ctx.log(f"  {period.label}: {Report.objects.filter(period=period).count()} báo cáo")
    return made
