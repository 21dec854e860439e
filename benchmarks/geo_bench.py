"""Benchmarks of the admin-unit reads (foundation issue): communes of a province on a date and
ancestors of a commune on a date, each against the same answer in hand-written SQL.

    .venv/bin/python benchmarks/geo_bench.py --db sqlite|postgres

Loads the official units into a scratch database first (var/bench/ or danvan_bench).
"""

import argparse
import datetime as dt
import random

from _harness import measure, report, row, setup_django

TARGET_MS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    setup_django(args.db)

    from django.core.management import call_command
    from django.db import connection

    from geo import selectors
    from geo.loader import load_units
    from geo.models import AdminUnit

    call_command("migrate", verbosity=0)
    load_units()
    with connection.cursor() as c:
        c.execute("ANALYZE")

    rng = random.Random(7)
    new_day, old_day = dt.date(2026, 1, 1), dt.date(2024, 1, 1)
    provinces = list(AdminUnit.objects.valid_on(new_day).filter(level="province").values_list("code", flat=True))
    communes = list(AdminUnit.objects.valid_on(old_day).filter(level="commune").values_list("code", flat=True))

    def communes_orm():
        province = selectors.unit_on(rng.choice(provinces), new_day, level="province")
        return list(selectors.units_on(new_day, level="commune", parent=province).values_list("id", "code", "name"))

    sql_communes = (
        "SELECT c.id, c.code, c.name FROM geo_adminunit c JOIN geo_adminunit p ON c.province_id = p.id "
        "WHERE p.code = %s AND p.level = 'province' AND p.valid_from <= %s AND p.valid_to >= %s "
        "AND c.level = 'commune' AND c.valid_from <= %s AND c.valid_to >= %s"
    )

    def communes_sql():
        with connection.cursor() as c:
            c.execute(sql_communes, [rng.choice(provinces), new_day, new_day, new_day, new_day])
            return c.fetchall()

    def ancestors_orm():
        commune = selectors.unit_on(rng.choice(communes), old_day, level="commune")
        return selectors.ancestors(commune)

    sql_ancestors = (
        "SELECT a.id, a.code, a.name FROM geo_adminunit u JOIN geo_adminunit a "
        "ON a.id IN (u.province_id, u.district_id) "
        "WHERE u.code = %s AND u.level = 'commune' AND u.valid_from <= %s AND u.valid_to >= %s"
    )

    def ancestors_sql():
        with connection.cursor() as c:
            c.execute(sql_ancestors, [rng.choice(communes), old_day, old_day])
            return c.fetchall()

    assert len(communes_orm()) > 0 and len(ancestors_orm()) == 2
    n = args.iterations
    rows = [
        row(
            "communes of a province on a date",
            measure(communes_orm, iterations=n),
            measure(communes_sql, iterations=n),
            TARGET_MS,
        ),
        row(
            "ancestors of a commune on a date",
            measure(ancestors_orm, iterations=n),
            measure(ancestors_sql, iterations=n),
            TARGET_MS,
        ),
    ]
    path = report("geo", args.db, rows)
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
