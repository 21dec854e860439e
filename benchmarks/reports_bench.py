"""Benchmarks of the periodic-report roll-up (issue 4) on the generated dataset of ten half-year periods.

    .venv/bin/python benchmarks/reports_bench.py --db sqlite|postgres [--scale 1.0]

Generates the units, organisations and reports (`datagen.orgs`, `datagen.reports`) when missing — not the
practices, which the reports do not read — and says how long that took. Measures, each
paired with the same answer in hand-written SQL:
- the national roll-up of one period (all indicators; 3,321 communes → 34 provinces → nation) through the
  selector the pages use (a read of the roll-up store), target p95 ≤ 20 ms;
- the recomputation `danvan reports verify` does for one period, target ≤ 200 ms; its floor is summing the
  period's raw values by province in SQL (on SQLite also the process's CPU time of both, p50: the query runs in
  this process, so that figure does not count the wait for a core on a shared machine);
- the Word document of a province report, target ≤ 2 s.
"""

import argparse
import statistics
import time

from _harness import measure, measure_pair, report, row, setup_django

ROLLUP_TARGET_MS = 20.0
VERIFY_TARGET_MS = 200.0
DOCX_TARGET_MS = 2000.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    setup_django(args.db)

    from django.core.management import call_command
    from django.db import connection

    from datagen.base import Context
    from datagen.orgs import generate_orgs
    from datagen.reports import generate_reports
    from geo.loader import load_units
    from geo.models import AdminUnit
    from orgs.models import Organization
    from reports import document, selectors, store
    from reports.docx_render import render_docx
    from reports.models import Indicator, Period, Report, Value

    # Only the reports app and what it depends on: the shared bench database must not receive another app's
    # migrations that are still being written.
    call_command("migrate", "reports", verbosity=0)
    started = time.monotonic()
    ctx = Context(scale=args.scale, seed=2026)
    if not AdminUnit.objects.exists():
        load_units()
    if not Organization.objects.filter(name__startswith="Đảng ủy", tier="commune").exists():
        generate_orgs(ctx)
    if generate_reports(ctx):
        print(f"generated in {time.monotonic() - started:.0f} s")
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    period = Period.objects.select_related("form").get(year=2026, number=1)
    reports = Report.objects.filter(period=period).count()
    values = Value.objects.filter(report__period=period).count()
    print(f"{period.label}: {reports} báo cáo, {values} giá trị; {Value.objects.count()} giá trị trong mọi kỳ")

    def national():
        totals = selectors.rollup_totals(period.pk, None)
        assert totals

    def national_floor():
        # The same answer: the province rows added up, except a "max" indicator (the largest gathering), whose
        # national figure is the largest province's.
        with connection.cursor() as c:
            c.execute(
                "SELECT g.indicator_id, g.breakdown, CASE WHEN i.aggregation = 'max' THEN g.m ELSE g.s END, g.n "
                "FROM (SELECT indicator_id, breakdown, SUM(total) AS s, MAX(total) AS m, SUM(reports) AS n "
                "FROM reports_rollupvalue WHERE period_id = %s AND unit_level = 'province' "
                "GROUP BY indicator_id, breakdown) g JOIN reports_indicator i ON i.id = g.indicator_id",
                [period.pk],
            )
            found = c.fetchall()
            assert found
            return found

    floor_totals = {(i, b): (int(t), int(n)) for i, b, t, n in national_floor()}
    assert floor_totals == selectors.rollup_totals(period.pk, None), "the floor must give the selector's answer"
    assert any(i.aggregation == "max" for i in Indicator.objects.filter(pk__in=[k[0] for k in floor_totals]))

    def by_province():
        assert selectors.rollup_by_unit(period, None)

    def by_province_floor():
        with connection.cursor() as c:
            c.execute(
                "SELECT unit_id, indicator_id, breakdown, total, reports FROM reports_rollupvalue "
                "WHERE period_id = %s AND unit_level = 'province'",
                [period.pk],
            )
            assert c.fetchall()

    def verify():
        assert store.differences(period.pk) == []

    def raw_sum_floor():
        with connection.cursor() as c:
            c.execute(
                "SELECT u.province_id, v.indicator_id, v.breakdown, SUM(v.amount) FROM reports_value v "
                "JOIN reports_report r ON r.id = v.report_id JOIN geo_adminunit u ON u.id = r.unit_id "
                "WHERE r.period_id = %s AND r.status = 'approved' GROUP BY u.province_id, v.indicator_id, v.breakdown",
                [period.pk],
            )
            assert c.fetchall()

    rows = []
    m, f = measure_pair(national, national_floor, iterations=args.iterations)
    rows.append(row("national roll-up, one period", m, f, ROLLUP_TARGET_MS, ratio_target=3.0))
    m, f = measure_pair(by_province, by_province_floor, iterations=args.iterations)
    rows.append(row("roll-up by province (board, Excel)", m, f, ROLLUP_TARGET_MS, ratio_target=3.0))
    # 40 pairs by default (10 before): with 10 samples the p95 was the slowest run, one unlucky moment on a shared
    # machine.
    m, f = measure_pair(verify, raw_sum_floor, iterations=max(5, args.iterations // 5), warmup=2)
    verify_row = row("verify one period from raw values", m, f, VERIFY_TARGET_MS)
    if connection.vendor == "sqlite":
        # SQLite runs inside this process, so its CPU time is the query's own cost whatever else the shared machine
        # runs: on a loaded machine the wall-clock p95 mostly measures the wait for a core. Reported beside the
        # timings, never instead of them (the target is on the p95).
        verify_row["cpu_p50_ms"], verify_row["floor_cpu_p50_ms"] = (
            _cpu_p50(fn, max(5, args.iterations // 10)) for fn in (verify, raw_sum_floor)
        )
        verify_row["cpu_ratio_p50"] = round(verify_row["cpu_p50_ms"] / verify_row["floor_cpu_p50_ms"], 2)
        print(f"verify CPU p50 {verify_row['cpu_p50_ms']} ms, floor {verify_row['floor_cpu_p50_ms']} ms")
    rows.append(verify_row)
    province_report = (
        Report.objects.filter(period=period, unit__level="province")
        .select_related("organization__org_type", "organization__parent", "unit__province", "period__form")
        .order_by("unit__code")
        .first()
    )
    m = measure(lambda: render_docx(document.build(province_report)), iterations=10, warmup=1)
    rows.append(row("province report as Word", m, m, DOCX_TARGET_MS))
    report("reports", args.db, rows)


def _cpu_p50(fn, iterations: int) -> float:
    samples = []
    for _ in range(iterations):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return round(statistics.median(samples), 1)


if __name__ == "__main__":
    main()
