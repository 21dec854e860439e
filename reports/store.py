"""The roll-up store: approved figures per (period, unit, indicator, breakdown), kept exact in the approving
transaction, and the recomputation from raw values that ``danvan reports verify`` compares it with.

A report counts in the row of its own unit and of each ancestor of that unit version (geo's denormalised
``district``/``province``, which are the ancestors valid for the version's whole life), so a 2023 report of a
commune abolished in 2025 adds up into its 2023 district and province for 2023.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Max, Q, Sum

from geo.models import Level
from reports.models import Aggregation, RollupValue, Status, Value

Key = tuple[int, int, str]  # (unit id, indicator id, breakdown)


def targets(unit) -> list[tuple[int, str]]:
    """(unit id, level) of the unit and each of its ancestors, each once."""
    found = [(unit.pk, unit.level)]
    if unit.district_id and unit.district_id != unit.pk:
        found.append((unit.district_id, Level.DISTRICT))
    if unit.province_id and unit.province_id != unit.pk:
        found.append((unit.province_id, Level.PROVINCE))
    return found


def _upsert(rows: list[tuple]) -> None:
    """Add (period, unit, level, indicator, breakdown, total, reports) to the store in one statement.

    INSERT … ON CONFLICT DO UPDATE adds in place (SQLite ≥ 3.24 and PostgreSQL): two approvals in the same
    province at once each add their own figures, and neither can overwrite the other's.
    """
    if not rows:
        return
    table = RollupValue._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (period_id, unit_id, unit_level, indicator_id, breakdown, total, reports) "  # noqa: S608
        f"VALUES {placeholders} ON CONFLICT (period_id, unit_id, indicator_id, breakdown) DO UPDATE SET "
        f"total = {table}.total + excluded.total, reports = {table}.reports + excluded.reports"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for row in rows for v in row])


def apply_report(report, sign: int) -> None:
    """Add (+1) or take away (−1) an approved report's figures, in the caller's transaction."""
    values = list(
        Value.objects.filter(report=report, amount__isnull=False)
        .exclude(indicator__aggregation=Aggregation.RATIO)
        .values_list("indicator_id", "breakdown", "amount", "indicator__aggregation")
    )
    units = targets(report.unit)
    rows = []
    has_max = False
    for indicator_id, breakdown, amount, aggregation in values:
        if aggregation == Aggregation.MAX:
            has_max = True
            continue
        for unit_id, level in units:
            rows.append((report.period_id, unit_id, level, indicator_id, breakdown, sign * amount, sign))
    _upsert(rows)
    if has_max:
        _recompute_max(report.period_id, units)
    RollupValue.objects.filter(period_id=report.period_id, unit_id__in=[u for u, _ in units], reports=0).delete()


def _recompute_max(period_id: int, units: list[tuple[int, str]]) -> None:
    """A maximum cannot be taken back by subtraction: read it again from the approved values."""
    for unit_id, level in units:
        rows = (
            Value.objects.filter(
                _in_subtree(unit_id, level),
                report__period_id=period_id,
                report__status=Status.APPROVED,
                amount__isnull=False,
                indicator__aggregation=Aggregation.MAX,
            )
            .values("indicator_id", "breakdown")
            .annotate(total=Max("amount"), n=Count("id"))
        )
        RollupValue.objects.filter(
            period_id=period_id, unit_id=unit_id, indicator__aggregation=Aggregation.MAX
        ).delete()
        RollupValue.objects.bulk_create(
            RollupValue(
                period_id=period_id,
                unit_id=unit_id,
                unit_level=level,
                indicator_id=r["indicator_id"],
                breakdown=r["breakdown"],
                total=r["total"],
                reports=r["n"],
            )
            for r in rows
        )


def _in_subtree(unit_id: int, level: str) -> Q:
    if level == Level.PROVINCE:
        return Q(report__unit__province_id=unit_id)
    if level == Level.DISTRICT:
        return Q(report__unit__district_id=unit_id) | Q(report__unit_id=unit_id)
    return Q(report__unit_id=unit_id)


def recompute(period_id: int) -> dict[Key, tuple[int, int, str]]:
    """Every roll-up row of a period from the raw approved values: {key: (total, reports, level)}.

    Three grouped scans (own unit, district, province) instead of a join through validity dates.
    """
    base = Value.objects.filter(
        report__period_id=period_id, report__status=Status.APPROVED, amount__isnull=False
    ).exclude(indicator__aggregation=Aggregation.RATIO)
    result: dict[Key, list] = defaultdict(lambda: [0, 0, "", False])
    groupings = [
        ("report__unit_id", "report__unit__level", Q()),
        ("report__unit__district_id", None, Q(report__unit__district_id__isnull=False)
         & ~Q(report__unit__district_id=F("report__unit_id"))),
        ("report__unit__province_id", None, Q(report__unit__province_id__isnull=False)
         & ~Q(report__unit__province_id=F("report__unit_id"))),
    ]  # fmt: skip
    for column, level_column, condition in groupings:
        fields = [column, "indicator_id", "breakdown", "indicator__aggregation"]
        if level_column:
            fields.append(level_column)
        rows = (
            base.filter(condition)
            .values(*fields)
            .annotate(total=Sum("amount"), top=Max("amount"), n=Count("id"))
            .values_list(*fields, "total", "top", "n")
        )
        for row in rows:
            unit_id, indicator_id, breakdown, aggregation = row[:4]
            level = row[4] if level_column else (Level.DISTRICT if "district" in column else Level.PROVINCE)
            total, top, n = row[-3:]
            slot = result[(unit_id, indicator_id, breakdown)]
            if aggregation == Aggregation.MAX:
                slot[0] = max(slot[0], top) if slot[3] else top
            else:
                slot[0] += total
            slot[1] += n
            slot[2] = str(level)
            slot[3] = True
    return {k: (v[0], v[1], v[2]) for k, v in result.items()}


def stored(period_id: int) -> dict[Key, tuple[int, int, str]]:
    return {
        (u, i, b): (t, n, lvl)
        for u, i, b, t, n, lvl in RollupValue.objects.filter(period_id=period_id).values_list(
            "unit_id", "indicator_id", "breakdown", "total", "reports", "unit_level"
        )
    }


def differences(period_id: int) -> list[str]:
    """Human-readable differences between the store and the raw values of a period (empty: exact)."""
    expected, actual = recompute(period_id), stored(period_id)
    out = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            out.append(f"đơn vị {key[0]}, chỉ tiêu {key[1]}{'/' + key[2] if key[2] else ''}: "
                       f"lưu {actual.get(key)}, tính lại {expected.get(key)}")  # fmt: skip
    return out
