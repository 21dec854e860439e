"""Benchmarks of the dashboards and the map's data (issue 24) on the generated national dataset.

    .venv/bin/python benchmarks/dashboards_bench.py --db sqlite|postgres [--scale 1.0]

Needs a database made by ``danvan generate`` (BENCH_SQLITE_PATH / BENCH_DATABASE_URL point at it; the runner's
default is the shared bench database). Measures, in process, the whole page as a signed-in central officer gets it
(Django's test client: middleware, session, the selectors, the template), target p95 ≤ 150 ms each:
- the central dashboard of the latest half-year period;
- the dashboard of the province with the most communes;
- the national map data (/api/v1/dashboards/map/, overdue cases by province; and report completeness).
Each is paired with a floor: the same page's reads done by hand in the cheapest form (the roll-up store's rows of
the unit, the report states by child, the indexed counts of open and overdue cases), with no template.
"""

import argparse

from _harness import measure_pair, report, row, setup_django

TARGET_MS = 150.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    setup_django(args.db)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from cases.models import OPEN_STATES, Case
    from geo.models import AdminUnit, Level
    from orgs.models import Membership, Organization, Role, Tier, User
    from reports.models import Period, Report, RollupValue

    call_command("migrate", "dashboards", verbosity=0)  # the commune boundaries' table the map reads
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    if Case.objects.count() == 0:
        raise SystemExit("Chưa có dữ liệu: chạy `manage.py generate --scale …` trên cơ sở dữ liệu này trước.")
    central_org = Organization.objects.filter(unit__isnull=True).order_by("id").first()
    if central_org is None:  # the generator makes no central body: one for the measuring officer
        some = Organization.objects.order_by("id").first()
        central_org = Organization.objects.create(
            name="Ban Tuyên giáo và Dân vận Trung ương", org_type=some.org_type, tier=Tier.CENTRAL, unit=None
        )
    user, _ = User.objects.get_or_create(username="bench-dashboards", defaults={"first_name": "Đo hiệu năng"})
    Membership.objects.get_or_create(user=user, organization=central_org, role=Role.CENTRAL)
    today = timezone.localdate()
    period = Period.objects.filter(start__lte=today).order_by("-end").first()
    on = period.reference_date
    province = (
        AdminUnit.objects.valid_on(on).filter(level=Level.PROVINCE).annotate(n=Count("children")).order_by("-n").first()
    )
    print(
        f"{period.label}; {Case.objects.count():,} vụ việc; {Report.objects.filter(period=period).count():,} báo cáo;"
        f" tỉnh đo: {province.name}"
    )
    client = Client()
    client.force_login(user)

    def page(url):
        def fn():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fn

    def floor(unit):
        def fn():
            list(RollupValue.objects.filter(period_id=period.pk, unit_id=unit.pk if unit else None).values_list())
            qs = Report.objects.filter(period=period)
            if unit is not None:
                qs = qs.filter(unit__province_id=unit.pk)
            list(qs.values("unit_id", "status").annotate(n=Count("id")).order_by())
            cases = Case.objects.filter(status__in=OPEN_STATES)
            if unit is not None:
                cases = cases.filter(province_id=unit.pk)
            cases.count()
            cases.filter(due_date__lt=today).count()

        return fn

    def map_floor():
        list(
            Case.objects.filter(status__in=OPEN_STATES, due_date__lt=today)
            .values_list("province_id")
            .annotate(n=Count("pk"))
            .order_by()
        )

    with connection.cursor() as c:
        c.execute("ANALYZE")
    rows = []
    cases = [
        ("dashboard: central", f"/bang-dieu-hanh/?ky={period.pk}", floor(None)),
        (
            f"dashboard: province ({province.code})",
            f"/bang-dieu-hanh/?ky={period.pk}&don_vi={province.code}",
            floor(province),
        ),
        ("map data: nation, overdue", f"/api/v1/dashboards/map/?period={period.pk}&layer=overdue", map_floor),
        ("map data: nation, completeness", f"/api/v1/dashboards/map/?period={period.pk}&layer=completeness", map_floor),
        (
            f"map data: province ({province.code}), overdue",
            f"/api/v1/dashboards/map/?period={period.pk}&unit={province.code}&layer=overdue",
            map_floor,
        ),
    ]
    for name, url, floor_fn in cases:
        measured, floored = measure_pair(page(url), floor_fn, iterations=args.iterations, warmup=5)
        rows.append(row(name, measured, floored, TARGET_MS))
    report("dashboards", args.db, rows)


if __name__ == "__main__":
    main()
