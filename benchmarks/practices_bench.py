"""Benchmarks of the practices lists and search (issue 3) on the generated national dataset.

    .venv/bin/python benchmarks/practices_bench.py --db sqlite|postgres [--scale 1.0]

Generates the dataset first when the bench database does not hold it (`danvan generate`).
Each measurement reads through the same code the page uses (selectors + capped paginator, one
page of 50 rows and its count) and is paired with the same answer in hand-written SQL.
"""

import argparse
import random

from _harness import measure_pair, report, row, setup_django

LIST_TARGET_MS = 10.0
NARROW_TARGET_MS = 50.0
BROAD_TARGET_MS = 150.0
BROAD_QUERIES = ["nong thon moi", "giai phong mat bang", "chuyen doi so", "hoa giai o co so", "moi truong"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the practices already in the bench database, however many (a partial generation)",
    )
    args = parser.parse_args()
    setup_django(args.db)

    from django.core.management import call_command
    from django.db import connection

    from geo.models import AdminUnit
    from lib.fulltext import COUNT_CAP, SEARCH_COUNT_CAP
    from lib.paging import CappedPaginator
    from lib.vntext import fold_words
    from orgs.models import Membership, Organization, Role, User
    from practices import selectors
    from practices.models import Field, Practice

    call_command("migrate", verbosity=0)
    expected = round(408_000 * args.scale)
    have = Practice.objects.count()
    if args.existing:
        print(f"measuring the {have} practices already generated (full scale: {expected})")
    elif have < expected:
        if have:
            raise SystemExit(f"The bench database holds {have} practices, not {expected}: drop it and run again.")
        call_command("generate", scale=args.scale)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    central_org = Organization.objects.filter(tier="province", org_type__code="ban-tgdv").order_by("id").first()
    central, _ = User.objects.get_or_create(username="bench.trunguong")
    Membership.objects.get_or_create(user=central, organization=central_org, role=Role.CENTRAL)
    central = User.objects.get(pk=central.pk)
    provinces = list(AdminUnit.objects.filter(level="province", valid_to__gt="2025-07-01").order_by("code"))
    # A province officer of Hà Nội (the biggest province): the generated one, not the cases benchmark's bench.tinh.01.
    hanoi_officer = User.objects.exclude(username__startswith="bench.").get(
        memberships__organization__unit__code="01",
        memberships__organization__org_type__code="ban-tgdv",
        memberships__role=Role.OFFICER,
    )
    rng = random.Random(3)
    user_fields = {
        user.pk: {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}
        for user in (central, hanoi_officer)
    }

    def page_of(user, filters):
        # What practices.views.practice_list does for a first page, for a new request: the user
        # as the authentication middleware hands it over, so the scope is read again (scope_for
        # caches it on the user object), as the floor reads the user's roles on every call.
        user = User(**user_fields[user.pk])
        qs = selectors.practice_page(user, filters)
        page = CappedPaginator.for_search(qs, 50, filters.q).get_page(None)
        return [(p.name, p.organization_name, p.unit_name) for p in page], page.paginator.count

    # The columns the page shows (practices/list.html), nothing more.
    cols = (
        "p.id, p.name, p.kind, p.field, p.status, p.recognition_level, p.year, p.money_vnd, "
        "o.name, u.name FROM practices_practice p JOIN orgs_organization o ON o.id = p.organization_id "
        "JOIN geo_adminunit u ON u.id = p.unit_id"
    )

    def sql_page(where, params, order="p.id DESC", cap=COUNT_CAP, user=None):
        # The same answer by hand: whose list it is (their roles), the page, and — only when
        # the page is full — the count up to the cap.
        with connection.cursor() as c:
            c.execute(
                "SELECT m.role, o.unit_id FROM orgs_membership m JOIN orgs_organization o ON o.id = m.organization_id "
                "WHERE m.is_active AND o.is_active AND m.user_id = %s",
                [(user or central).pk],
            )
            c.fetchall()
            c.execute(f"SELECT {cols} WHERE {where} ORDER BY {order} LIMIT 50", params)  # noqa: S608
            rows = c.fetchall()
            if len(rows) < 50:
                return rows, len(rows)
            c.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM practices_practice p WHERE {where} LIMIT %s) t",
                [*params, cap + 1],
            )  # noqa: S608
            return rows, c.fetchone()[0]

    old_by_province = {}
    from geo.models import UnitLink

    for p in provinces:
        old_by_province[p.pk] = [p.pk, *UnitLink.objects.filter(successor=p).values_list("predecessor_id", flat=True)]

    # 1. A national officer filters by province and field.
    def list_orm():
        province, field = rng.choice(provinces), rng.choice(Field.values)
        return page_of(central, selectors.PracticeFilters(unit=province, field=field))

    def list_sql():
        province, field = rng.choice(provinces), rng.choice(Field.values)
        return sql_page("p.province_id = %s AND p.field = %s", [province.pk, field])

    # 2. Hà Nội's officer opens the list: their scope (the province and what it absorbed) plus
    # every recognised practice of the country, newest first.
    statuses = ("recognised", "commended", "replicated")

    def scoped_orm():
        return page_of(hanoi_officer, selectors.PracticeFilters())

    hanoi = next(p for p in provinces if p.code == "01")

    def scoped_sql():
        ids = old_by_province[hanoi.pk]  # the officer's scope: today's Hà Nội and what it replaced
        marks = ",".join(["%s"] * len(ids))
        return sql_page(
            f"(p.province_id IN ({marks}) OR p.status IN (%s, %s, %s))", [*ids, *statuses], user=hanoi_officer
        )

    # 3. Search. Narrow queries are taken from the data: a product and a place, a few hundred
    # matches each; broad ones are the movement's big themes, tens of thousands of matches.
    sample = list(Practice.objects.filter(name__contains=" ở ").order_by("id").values_list("name", flat=True)[:400])
    narrow = []
    for name in sample:
        words = fold_words(name)
        q = " ".join(words[:2] + words[-2:])
        if q not in narrow:
            narrow.append(q)
        if len(narrow) == 30:
            break
    # Exact match counts (once, uncapped) decide which queries are narrow.
    counts = {
        q: selectors.practice_page(central, selectors.PracticeFilters(q=q)).count() for q in narrow + BROAD_QUERIES
    }
    narrow = [q for q in narrow if counts[q] < 2000]
    print(
        "narrow queries:", len(narrow), "matches", min(counts[q] for q in narrow), "–", max(counts[q] for q in narrow)
    )
    print("broad queries:", {q: counts[q] for q in BROAD_QUERIES})

    def search_orm(queries):
        return lambda: page_of(central, selectors.PracticeFilters(q=rng.choice(queries)))

    vendor = connection.vendor

    def search_sql(queries):
        def run():
            words = fold_words(rng.choice(queries))
            if vendor == "sqlite":
                expr = " ".join(f'"{w}"' for w in words)
                where = "p.id IN (SELECT rowid FROM practices_practice_fts WHERE practices_practice_fts MATCH %s)"
            else:
                expr = " & ".join(words)
                where = "p.search_tsv @@ to_tsquery('simple', %s)"
            return sql_page(where, [expr.strip()], cap=SEARCH_COUNT_CAP)

        return run

    n = args.iterations
    rows = [
        row(
            "list: province + field, 50 rows + count",
            *measure_pair(list_orm, list_sql, iterations=n),
            LIST_TARGET_MS,
            ratio_target=3,
        ),
        row(
            "list: province officer's scope, 50 + count",
            *measure_pair(scoped_orm, scoped_sql, iterations=n),
            LIST_TARGET_MS,
            ratio_target=3,
        ),
        row(
            "search: narrow (<2,000 matches)",
            *measure_pair(search_orm(narrow), search_sql(narrow), iterations=n),
            NARROW_TARGET_MS,
            ratio_target=3,
        ),
        row(
            "search: broad (capped count)",
            *measure_pair(search_orm(BROAD_QUERIES), search_sql(BROAD_QUERIES), iterations=n // 2),
            BROAD_TARGET_MS,
            ratio_target=3,
        ),
    ]
    path = report("practices", args.db, rows)
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
