"""The roll-up store: approved figures per (period, unit, indicator, breakdown), kept exact in the approving
transaction, and the recomputation from raw values that ``danvan reports verify`` compares it with.

A report counts in the row of its own unit and of each ancestor of that unit version (geo's denormalised
``district``/``province``, which are the ancestors valid for the version's whole life), so a 2023 report of a
commune abolished in 2025 adds up into its 2023 district and province for 2023.
"""

from __future__ import annotations

import contextlib

from django.db import connection, transaction
from django.db.models import Count, Max, Q

from geo.models import AdminUnit, Level
from geo.selectors import subtree_q
from reports.models import NOT_STORED, Aggregation, Indicator, Report, RollupValue, Status, Value

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
        .exclude(indicator__aggregation__in=NOT_STORED)
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
    return subtree_q(AdminUnit(pk=unit_id, level=level), "report__unit")


# The recomputation is set-based SQL, identical on SQLite (≥ 3.35: MATERIALIZED, window functions) and PostgreSQL
# (≥ 12), because ``verify`` must recompute a national period (~110,000 values) within budget. ``own`` is the approved
# values of the period, each tagged with its report's unit version and that version's denormalised district and
# province — the ancestors valid for the version's whole life, so no join through validity dates. A commune is
# nobody's ancestor and nearly always has one report per period, so its values *are* its roll-up rows and pass
# through without a GROUP BY over ~110,000 keys. Everything below a province is grouped once, by its nearest
# ancestor (``first``: the district before 1/7/2025, else the province), and the province rows add up the few
# thousand district rows again instead of grouping every value a second time. Units with reports of their own that
# are also ancestors (districts, provinces) or units with several reports are grouped with them. A maximum stays a
# maximum at each step; everything stays an exact integer.
#
# The indicator (is it a ratio, which is never rolled up; is it a maximum) is looked at per *group*, after the
# grouping, not per value: joining the indicator table to each of the ~110,000 values cost as much as reading them.
# ``first`` therefore keeps both the sum and the maximum of every group, and a ratio's groups are dropped after it
# (the count query and ``grouped``); only ``passed``, which names the commune rows when a count is off, asks
# ``ratio_ids`` row by row.
_EXPECTED = """
rep AS MATERIALIZED (
    SELECT r.id AS id, r.unit_id AS unit_id, u.level AS level, u.province_id AS province_id,
           -- The nearest ancestor, once per report rather than once per value.
           CASE WHEN u.district_id IS NOT NULL AND u.district_id <> r.unit_id THEN u.district_id
                WHEN u.province_id <> r.unit_id THEN u.province_id END AS parent_id,
           CASE WHEN u.district_id IS NOT NULL AND u.district_id <> r.unit_id THEN %(district)s
                ELSE %(province)s END AS parent_level,
           -- A commune's only report: its values are its roll-up rows, compared in ``first`` (so only a commune
           -- with a parent there; never NULL: ``NOT passes`` must hold for every other report). One column rather
           -- than tests on the CTE's columns, which PostgreSQL (no statistics on a CTE) estimated at one row in
           -- 3,000 and so probed the store 110,000 times instead of hashing it.
           COUNT(*) OVER (PARTITION BY r.unit_id + 0) = 1 AND u.level = %(commune)s AND u.province_id IS NOT NULL
               AND u.province_id <> r.unit_id AS passes
    -- "+ 0": no index yields that order, so SQLite finds the period's reports by the (period, status) index and
    -- sorts those few thousand, instead of walking every period's reports in unit order to skip the sort.
    FROM {report} r JOIN {unit} u ON u.id = r.unit_id
    WHERE r.period_id = %(period)s AND r.status = %(approved)s
),
ratio_ids AS MATERIALIZED (
    SELECT id FROM {indicator} WHERE aggregation IN (%(ratio)s, %(none)s)
),
own AS NOT MATERIALIZED (
    SELECT rep.unit_id AS unit_id, rep.level AS level, rep.passes AS passes, rep.parent_id AS parent_id,
           v.indicator_id AS indicator_id, v.breakdown AS breakdown, v.amount AS amount
    -- CROSS JOIN makes SQLite read the period's few thousand reports first and their values by index (the
    -- covering index reports_value_amount_idx: no table read); PostgreSQL plans it as the inner join it is.
    FROM rep CROSS JOIN {value} v
    WHERE v.report_id = rep.id AND v.amount IS NOT NULL
),
passed AS NOT MATERIALIZED (
    SELECT unit_id, indicator_id, breakdown, amount AS total, 1 AS n, level FROM own
    WHERE passes AND indicator_id NOT IN (SELECT id FROM ratio_ids)
),
parents AS MATERIALIZED (
    -- Each parent once, with its level and (for a district) its province: read per report, not per value.
    SELECT parent_id, MAX(parent_level) AS parent_level, MAX(province_id) AS province_id FROM rep
    WHERE parent_id IS NOT NULL GROUP BY parent_id
),
first AS MATERIALIZED (
    -- The values of the period grouped by nearest ancestor. The same scan looks up each commune row that passes
    -- through (``passes``) in the store by its whole expected content — key, total, one report, level — so a
    -- probe finds a row only if it is exactly right: ``matched`` counts those, ``wrong`` the rest (missing or
    -- different). Comparing in the join rather than in the aggregate keeps the stored columns out of the sort
    -- (SQLite sorts every column an aggregate reads); the parent's level and province are joined after the
    -- grouping, once per group.
    SELECT g.unit_id AS unit_id, p.parent_level AS level,
           CASE WHEN p.parent_level = %(district)s THEN p.province_id END AS province_id,
           g.indicator_id AS indicator_id, g.breakdown AS breakdown, g.s AS s, g.m AS m, g.n AS n,
           g.matched AS matched, g.wrong AS wrong
    FROM (
        SELECT o.parent_id AS unit_id, o.indicator_id AS indicator_id, o.breakdown AS breakdown,
               SUM(o.amount) AS s, MAX(o.amount) AS m, COUNT(*) AS n, COUNT(s.unit_id) AS matched,
               SUM(CASE WHEN o.passes THEN 1 ELSE 0 END) - COUNT(s.unit_id) AS wrong
        FROM own o LEFT JOIN {rollup} s
            ON o.passes AND s.period_id = %(period)s AND s.unit_id = o.unit_id AND s.indicator_id = o.indicator_id
           AND s.breakdown = o.breakdown AND s.total = o.amount AND s.reports = 1 AND s.unit_level = %(commune)s
        WHERE o.parent_id IS NOT NULL
        GROUP BY o.parent_id, o.indicator_id, o.breakdown
    ) g JOIN parents p ON p.parent_id = g.unit_id
),
grouped AS NOT MATERIALIZED (
    SELECT up.unit_id AS unit_id, up.indicator_id AS indicator_id, up.breakdown AS breakdown,
           CASE WHEN i.aggregation = %(max)s THEN MAX(up.m) ELSE SUM(up.s) END AS total, SUM(up.n) AS n,
           up.level AS level
    FROM (
        SELECT unit_id, level, indicator_id, breakdown, amount AS s, amount AS m, 1 AS n FROM own
        WHERE NOT passes
        UNION ALL
        SELECT unit_id, level, indicator_id, breakdown, s, m, n FROM first
        UNION ALL
        SELECT province_id, %(province)s, indicator_id, breakdown, s, m, n FROM first
        WHERE level = %(district)s AND province_id IS NOT NULL
    ) up JOIN {indicator} i ON i.id = up.indicator_id
    WHERE i.aggregation NOT IN (%(ratio)s, %(none)s)
    GROUP BY up.unit_id, up.level, up.indicator_id, up.breakdown, i.aggregation
),
expected AS NOT MATERIALIZED (
    SELECT unit_id, indicator_id, breakdown, total, n, level FROM passed
    UNION ALL
    SELECT unit_id, indicator_id, breakdown, total, n, level FROM grouped
)"""


def _sql(tail: str) -> str:
    tables = {
        "value": Value._meta.db_table,
        "report": Report._meta.db_table,
        "unit": AdminUnit._meta.db_table,
        "indicator": Indicator._meta.db_table,
        "rollup": RollupValue._meta.db_table,
    }
    return ("WITH " + _EXPECTED + tail).format(**tables)


def _params(period_id: int) -> dict:
    return {
        "period": period_id,
        "approved": Status.APPROVED,
        "commune": Level.COMMUNE,
        "district": Level.DISTRICT,
        "province": Level.PROVINCE,
        "max": Aggregation.MAX,
        "ratio": Aggregation.RATIO,
        "none": Aggregation.NONE,
    }


def recompute(period_id: int) -> dict[Key, tuple[int, int, str]]:
    """Every roll-up row of a period from the raw approved values: {key: (total, reports, level)}."""
    with connection.cursor() as cursor:
        cursor.execute(
            _sql("\nSELECT unit_id, indicator_id, breakdown, total, n, level FROM expected"), _params(period_id)
        )
        return {(u, i, b): (int(t), int(n), lvl) for u, i, b, t, n, lvl in cursor.fetchall()}


def rebuild(period_id: int) -> int:
    """Replace a period's roll-up rows by the recomputation, inside the database (the dataset generator's path;
    in real use the store is kept by the approving transaction). Returns the number of rows written."""
    table = RollupValue._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE period_id = %s", [period_id])  # noqa: S608
        params = _params(period_id)
        cursor.execute(
            f"INSERT INTO {table} (period_id, unit_id, unit_level, indicator_id, breakdown, total, reports)\n"  # noqa: S608
            + _sql("\nSELECT %(period)s, unit_id, level, indicator_id, breakdown, total, n FROM expected"),
            params,
        )
        return cursor.rowcount


def stored(period_id: int) -> dict[Key, tuple[int, int, str]]:
    return {
        (u, i, b): (t, n, lvl)
        for u, i, b, t, n, lvl in RollupValue.objects.filter(period_id=period_id).values_list(
            "unit_id", "indicator_id", "breakdown", "total", "reports", "unit_level"
        )
    }


# The clean path, which every run takes, is one query of counts. The commune rows that pass through are looked up
# in the store during the same scan of the values that groups them into ``first`` (SQLite probes the covering
# index reports_rollup_cover_idx, PostgreSQL hashes the period's rows), so the ~110,000 values are read once and
# nothing of that size is written to a temporary table; ratio indicators' groups are left out afterwards. The
# ~1,100 grouped rows are then looked up one by one (EXISTS: an index probe on both databases, where a join made
# PostgreSQL hash the period's whole store a second time). When nothing is wrong every expected row was found,
# and keys are unique, so when the rows found (``matched``) equal the number of rows the store holds for the
# period, no stored row is left that nothing recomputes. Only when a count is off do the second and third queries
# name the rows.
_CHECK = """
SELECT COALESCE(SUM(f.matched), 0), COALESCE(SUM(f.wrong), 0)
FROM first f JOIN {indicator} i ON i.id = f.indicator_id WHERE i.aggregation NOT IN (%(ratio)s, %(none)s)
UNION ALL
SELECT COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM {rollup} s WHERE s.period_id = %(period)s
                            AND s.unit_id = e.unit_id AND s.indicator_id = e.indicator_id
                            AND s.breakdown = e.breakdown) THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM {rollup} s WHERE s.period_id = %(period)s
                            AND s.unit_id = e.unit_id AND s.indicator_id = e.indicator_id
                            AND s.breakdown = e.breakdown AND s.total = e.total AND s.reports = e.n
                            AND s.unit_level = e.level) THEN 0 ELSE 1 END), 0)
FROM grouped e
UNION ALL
SELECT COUNT(*), 0 FROM {rollup} WHERE period_id = %(period)s"""

_WRONG = """
SELECT e.unit_id, e.indicator_id, e.breakdown, s.total, s.reports, s.unit_level, e.total, e.n, e.level
FROM expected e LEFT JOIN {rollup} s
    ON s.period_id = %(period)s AND s.unit_id = e.unit_id AND s.indicator_id = e.indicator_id
   AND s.breakdown = e.breakdown
WHERE s.id IS NULL OR s.total <> e.total OR s.reports <> e.n OR s.unit_level <> e.level"""

_EXTRA = """
SELECT s.unit_id, s.indicator_id, s.breakdown, s.total, s.reports, s.unit_level, NULL, NULL, NULL
FROM {rollup} s LEFT JOIN expected e
    ON e.unit_id = s.unit_id AND e.indicator_id = s.indicator_id AND e.breakdown = s.breakdown
WHERE s.period_id = %(period)s AND e.unit_id IS NULL"""


def _tune(cursor) -> None:
    """PostgreSQL only, for this transaction: the planner's cost estimate of the recomputation passes
    ``jit_above_cost`` and compiling it took much of the query's time; and the default 4 MB ``work_mem`` spills the
    grouping and the hash join of ~110,000 rows to disk. The query itself is the same on both databases."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")


def difference_rows(period_id: int) -> list[tuple[Key, tuple | None, tuple | None]]:
    """(key, stored (total, reports, level) or None, recomputed (total, reports, level) or None) of every row
    where the store and the raw approved values of a period disagree; empty when exact. One query when exact;
    a second names the rows recomputed differently or missing, a third the stored rows nothing recomputes."""
    in_transaction = transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()
    rows = []
    with in_transaction, connection.cursor() as cursor:
        _tune(cursor)
        cursor.execute(_sql(_CHECK), _params(period_id))
        (passed_matched, passed_wrong), (grouped_matched, grouped_wrong), (in_store, _zero) = cursor.fetchall()
        if passed_wrong or grouped_wrong:
            cursor.execute(_sql(_WRONG), _params(period_id))
            rows += cursor.fetchall()
        if passed_matched + grouped_matched != in_store:
            cursor.execute(_sql(_EXTRA), _params(period_id))
            rows += cursor.fetchall()
    out = []
    for u, i, b, s_total, s_n, s_level, e_total, e_n, e_level in rows:
        actual = None if s_level is None else (int(s_total), int(s_n), s_level)
        expected = None if e_level is None else (int(e_total), int(e_n), e_level)
        out.append(((u, i, b), actual, expected))
    return sorted(out, key=lambda r: r[0])


def differences(period_id: int) -> list[str]:
    """Human-readable differences between the store and the raw values of a period (empty: exact)."""
    return [
        f"đơn vị {key[0]}, chỉ tiêu {key[1]}{'/' + key[2] if key[2] else ''}: lưu {actual}, tính lại {expected}"
        for key, actual, expected in difference_rows(period_id)
    ]
