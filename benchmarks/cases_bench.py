"""Benchmarks of the cases queues, search and hotspots (issues 5 and 6) on the generated dataset.

    .venv/bin/python benchmarks/cases_bench.py --db sqlite|postgres [--scale 1.0]

Generates the national dataset first when the bench database holds no cases (`danvan generate`:
1,000,000 cases at scale 1.0 besides the practices and reports). Each measurement reads through
the selectors the pages call and is timed alternately with the same answer in hand-written SQL.
"Today" is the generator's last day (31/10/2026), so the overdue queue and the hotspot windows
hold the same cases whenever the benchmark runs.
"""

import argparse
import datetime as dt
import random

from _harness import measure_pair, report, row, setup_django

QUEUE_TARGET_MS = 5.0
NARROW_TARGET_MS = 50.0
BROAD_TARGET_MS = 200.0
HOTSPOT_TARGET_MS = 200.0
# Words from the grievances' vocabulary with 100,000+ matches at scale 1.0.
BROAD_QUERIES = ["dat dai", "de nghi", "phan anh", "ho dan", "nguoi dan"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    setup_django(args.db)

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q

    from cases import conf, selectors
    from cases.hotspots import ANSWERED_STATES, hotspots
    from cases.models import OPEN_STATES, Case
    from datagen.base import END
    from geo.models import AdminUnit
    from lib.fulltext import SEARCH_COUNT_CAP
    from lib.vntext import fold_words
    from orgs.models import Membership, Organization, Role, User

    call_command("migrate", verbosity=0)
    expected = round(1_000_000 * args.scale)
    have = Case.objects.count()
    if have < expected * 0.99:
        if have:
            raise SystemExit(f"The bench database holds {have} cases, not {expected}: drop it and run again.")
        call_command("generate", scale=args.scale)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    today = END
    rng = random.Random(5)
    provinces = list(AdminUnit.objects.filter(level="province", valid_to__gt="2025-07-01").order_by("code"))
    central_org = Organization.objects.filter(tier="province", org_type__code="ban-tgdv").order_by("id").first()
    central, _ = User.objects.get_or_create(username="bench.trunguong")
    Membership.objects.get_or_create(user=central, organization=central_org, role=Role.CENTRAL)
    central = User.objects.get(pk=central.pk)
    open_states = [str(s) for s in OPEN_STATES]
    marks = ", ".join(["%s"] * len(open_states))

    # 1. A province's overdue queue as its officers read it: the queue page's rows (selectors.queue_page, the 50
    # most overdue open cases with the names the page shows) and their count, for the whole province ("Toàn địa bàn
    # phụ trách") and, for information, for the Ban's own cases (the page's default). One officer of each province's
    # Ban; the scope is read again on every page, as a request does.
    from orgs.scope import scope_for

    officers = {}
    for province in provinces:
        ban = Organization.objects.filter(unit=province, org_type__code="ban-tgdv").order_by("id").first()
        officer, _ = User.objects.get_or_create(username=f"bench.tinh.{province.code}")
        Membership.objects.get_or_create(user=officer, organization=ban, role=Role.OFFICER)
        officers[province.pk] = (User.objects.get(pk=officer.pk), ban.pk)
    page_columns = (
        "c.id, c.code, c.kind, c.title, c.status, c.due_date, o.name, u.name, e.name FROM cases_case c "
        "JOIN orgs_organization o ON o.id = c.organization_id JOIN geo_adminunit u ON u.id = c.unit_id "
        "LEFT JOIN orgs_organization e ON e.id = c.escalated_to_id"
    )
    # A province officer's scope is the province and the provinces it absorbed (the rows of both are in the set).
    scope_ids = {pk: sorted(scope_for(user).province_ids) for pk, (user, _) in officers.items()}

    def fresh(user):
        for cached in ("_danvan_scope", "_danvan_orgs"):
            user.__dict__.pop(cached, None)  # as a new request's user: its scope and bodies read again
        return user

    def queue_orm(mine=False):
        def run(province=None):
            user = fresh(officers[(province or rng.choice(provinces)).pk][0])
            filters = selectors.QueueFilters(when="overdue", mine=mine)
            page = selectors.queue_page(user, filters, today=today)
            return [(r.code, r.unit_name, r.organization_name) for r in page], page.paginator.count

        return run

    def queue_sql(mine=False):
        def run(province=None):
            province = province or rng.choice(provinces)
            ids = scope_ids[province.pk]
            where = f"province_id IN ({', '.join(['%s'] * len(ids))}) AND status IN ({marks}) AND due_date < %s"
            params = [*ids, *open_states, today]
            if mine:
                where += " AND (organization_id = %s OR escalated_to_id = %s)"
                params += [officers[province.pk][1]] * 2
            order = "due_date, id DESC"
            with connection.cursor() as c:
                # The page's keys from the indexes alone, then those rows with their names (KeysFirst's shape).
                c.execute(
                    f"SELECT {page_columns} WHERE c.id IN (SELECT id FROM cases_case WHERE {where} "  # noqa: S608
                    f"ORDER BY {order} LIMIT 50) ORDER BY c.due_date, c.id DESC",
                    params,
                )
                rows = [(r[1], r[7], r[6]) for r in c.fetchall()]
                c.execute(f"SELECT COUNT(*) FROM (SELECT id FROM cases_case WHERE {where} LIMIT 10001) s", params)  # noqa: S608
                return rows, c.fetchone()[0]

        return run

    sizes = {p.code: queue_orm()(p)[1] for p in provinces}
    print("overdue per province:", min(sizes.values()), "–", max(sizes.values()), "total", sum(sizes.values()))
    for province in provinces:  # the floor gives the same answer
        assert queue_orm()(province) == queue_sql()(province), province.code
        assert queue_orm(True)(province) == queue_sql(True)(province), province.code

    # 2. Search, as a national officer searching every case (all statuses, all bodies): the page
    # of 50 newest-first and the count capped at 1.000.
    def page_of(q):
        page = selectors.queue_page(central, selectors.QueueFilters(q=q, mine=False), today=today)
        return [(c.code, c.title, c.organization_name, c.unit_name) for c in page], page.paginator.count

    vendor = connection.vendor

    def search_sql(queries):
        def run(query=None):
            words = fold_words(query or rng.choice(queries))
            # What the queue page shows (selectors.PAGE_COLUMNS): the case's columns and three names.
            columns = "c.id, c.code, c.kind, c.title, c.status, c.due_date, o.name, u.name, e.name"
            names = (
                "JOIN orgs_organization o ON o.id = c.organization_id JOIN geo_adminunit u ON u.id = c.unit_id "
                "LEFT JOIN orgs_organization e ON e.id = c.escalated_to_id"
            )
            # One pass over the text index finds every match up to the cap: the page is then the newest
            # 50 of those keys and the count is how many. Past the cap the matches are dense and the
            # page is the newest 50 (SQLite: FTS5 hands out its rowids newest first, stopping there).
            if vendor == "sqlite":
                expr = " ".join(f'"{w}"' for w in words)
                keys = "SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s LIMIT %s"
                newest = (
                    f"SELECT {columns} FROM cases_case_fts f JOIN cases_case c ON c.id = f.rowid {names} "  # noqa: S608
                    "WHERE cases_case_fts MATCH %s ORDER BY f.rowid DESC LIMIT 50"
                )
            else:
                expr = " & ".join(words)
                keys = "SELECT id FROM cases_case WHERE search_tsv @@ to_tsquery('simple', %s) LIMIT %s"
                newest = (
                    f"SELECT {columns} FROM cases_case c {names} "  # noqa: S608
                    "WHERE c.search_tsv @@ to_tsquery('simple', %s) ORDER BY c.id DESC LIMIT 50"
                )
            with connection.cursor() as c:
                c.execute(keys, [expr, SEARCH_COUNT_CAP + 1])
                found = [r[0] for r in c.fetchall()]
                if len(found) > SEARCH_COUNT_CAP:
                    c.execute(newest, [expr])
                    return c.fetchall(), len(found)
                page = sorted(found, reverse=True)[:50]
                id_marks = ", ".join(["%s"] * len(page)) or "NULL"
                c.execute(
                    f"SELECT {columns} FROM cases_case c {names} WHERE c.id IN ({id_marks}) ORDER BY c.id DESC",  # noqa: S608
                    page,
                )
                return c.fetchall(), len(found)

        return run

    # Narrow queries from the data: a commune's name with a topic word, a few dozen matches.
    sample = list(
        Case.objects.filter(topic__code="dat-dai", title__contains=", ")
        .order_by("id")
        .values_list("title", flat=True)[:600]
    )
    narrow = []
    for title in sample[::7]:
        place = title.rsplit(", ", 1)[-1]
        q = " ".join(["dat dai", *fold_words(place)])
        if q not in narrow:
            narrow.append(q)
        if len(narrow) == 30:
            break
    counts = {q: Case.objects.search(q).count() for q in narrow + BROAD_QUERIES}
    narrow = [q for q in narrow if 0 < counts[q] < 2000]
    print(
        "narrow queries:", len(narrow), "matches", min(counts[q] for q in narrow), "–", max(counts[q] for q in narrow)
    )
    print("broad queries:", {q: counts[q] for q in BROAD_QUERIES})
    # The floor must give the same answer: the same page of codes and the same capped count.
    for q in narrow[:5] + BROAD_QUERIES:
        page, count = page_of(q)
        rows, floor_count = search_sql([q])(q)
        assert ([r[0] for r in page], count) == ([r[1] for r in rows], floor_count), q

    # 3. Hotspots of the whole country over the window and its baseline.
    window, weeks = conf.hotspot_window_days(), conf.hotspot_baseline_weeks()
    win_start = today - dt.timedelta(days=window - 1)
    base_start = win_start - dt.timedelta(weeks=weeks)
    multi = conf.hotspot_multi_people()
    answered_states = [str(s) for s in ANSWERED_STATES]

    def hotspots_orm():
        return hotspots(today=today)

    minimums = conf.hotspot_minimums()
    late_marks = ", ".join(["%s"] * len(answered_states))

    def one(condition):
        return f"CASE WHEN {condition} THEN 1 ELSE 0 END"

    def hotspots_sql():
        # The same counts by hand, in the same shape: the rows that count stacked as 0/1 columns,
        # grouped once by commune and topic, rolled up to the province, and only the groups that
        # reach a minimum returned (flagging and naming those few is Python's, as in the ORM path).
        window_rows = (
            f"SELECT province_id, unit_id, topic_id, {one('received_on >= %s')} AS nw, "
            f"{one('received_on < %s')} AS nb, "
            f"{one('received_on >= %s AND people_count >= %s')} AS mw, "
            f"{one('received_on < %s AND people_count >= %s')} AS mb, 0 AS lw, 0 AS lb "
            "FROM cases_case WHERE received_on >= %s AND received_on <= %s "
            f"UNION ALL SELECT province_id, unit_id, topic_id, 0, 0, 0, 0, {one('due_date >= %s')}, "
            f"{one('due_date < %s')} FROM cases_case WHERE status IN ({marks}) AND due_date >= %s AND due_date < %s "
            f"UNION ALL SELECT province_id, unit_id, topic_id, 0, 0, 0, 0, {one('resolve_due >= %s')}, "
            f"{one('resolve_due < %s')} FROM cases_case WHERE answered_on_time = %s AND resolve_due >= %s "
            f"AND resolve_due < %s AND status IN ({late_marks})"
        )
        sql = (
            "WITH g AS (SELECT MAX(province_id) AS p, unit_id AS u, topic_id AS t, "
            + ", ".join(f"CAST(SUM({c}) AS INTEGER) AS {c}" for c in ("nw", "nb", "mw", "mb", "lw", "lb"))
            + f" FROM ({window_rows}) r GROUP BY 2, 3) "
            "SELECT 0, u, t, nw, nb, mw, mb, lw, lb FROM g WHERE nw >= %s OR mw >= %s OR lw >= %s UNION ALL "
            "SELECT 1, p, t, SUM(nw), SUM(nb), SUM(mw), SUM(mb), SUM(lw), SUM(lb) FROM g GROUP BY p, t "
            "HAVING SUM(nw) >= %s OR SUM(mw) >= %s OR SUM(lw) >= %s"
        )
        floor = [minimums["new"], minimums["multi"], minimums["overdue"]]
        params = [
            *(win_start, win_start, win_start, multi, win_start, multi, base_start, today),
            *(win_start, win_start, *open_states, base_start, today),
            *(win_start, win_start, False, base_start, today, *answered_states),
            *floor,
            *floor,
        ]
        with connection.cursor() as c:
            c.execute(sql, params)
            return c.fetchall()

    # The floor must give the same answer: the same candidate groups with the same counts.
    from cases.hotspots import _candidates

    orm = _candidates(Q(), today=today, window=window, weeks=weeks, multi_people=multi, minimums=minimums)
    orm_rows = {(lvl, u, t, *m["new"], *m["multi"], *m["overdue"]) for (lvl, u, t), m in orm.items()}
    sql_rows = {("province" if r[0] else "commune", *r[1:]) for r in hotspots_sql()}
    assert orm_rows == sql_rows, (len(orm_rows), len(sql_rows))
    print("hotspot candidate groups:", len(orm_rows))

    print("hotspots flagged:", len(hotspots_orm()))

    n = args.iterations
    rows = [
        row(
            "overdue queue: a province, 50 + count (the queue page's rows)",
            *measure_pair(queue_orm(), queue_sql(), iterations=n),
            QUEUE_TARGET_MS,
            ratio_target=3,
        ),
        row(  # for information: the target is the province's queue (the row above)
            "overdue queue: a province's Ban, its own cases (the page's default)",
            *measure_pair(queue_orm(True), queue_sql(True), iterations=n),
            None,
        ),
        row(
            "search: narrow (<2,000 matches)",
            *measure_pair(lambda: page_of(rng.choice(narrow)), search_sql(narrow), iterations=n),
            NARROW_TARGET_MS,
            ratio_target=3,
        ),
        row(
            "search: broad (100,000+, count capped)",
            *measure_pair(lambda: page_of(rng.choice(BROAD_QUERIES)), search_sql(BROAD_QUERIES), iterations=n // 2),
            BROAD_TARGET_MS,
            ratio_target=3,
        ),
        row(
            "hotspots: whole country",
            *measure_pair(hotspots_orm, hotspots_sql, iterations=max(20, n // 4), warmup=5),
            HOTSPOT_TARGET_MS,
            ratio_target=3,
        ),
    ]
    path = report("cases", args.db, rows)
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
