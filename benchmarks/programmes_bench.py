"""Benchmark of a party's task queue (issue 23) on the generated national dataset.

    .venv/bin/python benchmarks/programmes_bench.py --db sqlite|postgres

Generates the organisations and the programmes first when the bench database holds none
(`danvan generate --only programmes`: a programme in each of the 34 provinces, yearly plans 2025–2027, tasks for
each party, sub-tasks for every commune, inspections and their follow-ups). Each measurement reads what the queue
page reads for a new request — the body through the gate, the first page of 25 rows keys first, the count — and is
paired with the same answer in hand-written SQL.
"""

import argparse
import random

from _harness import measure_pair, report, row, setup_django

QUEUE_TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    setup_django(args.db)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from lib.paging import CappedPaginator
    from orgs.models import Organization, User
    from orgs.permissions import get_organization_for_user
    from programmes import selectors
    from programmes.models import Task

    call_command("migrate", verbosity=0)
    if not Task.objects.exists():
        call_command("generate", scale=args.scale, only="programmes")
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print("tasks:", Task.objects.count())

    # The parties with the longest queues: the provincial police and military commands (their own tasks and those
    # they cooperate on), and the Ban TG&DV; plus communes' Party committees (their sub-tasks).
    parties = list(
        Organization.objects.filter(tier="province", org_type__code__in=["ban-tgdv", "cong-an", "quan-su"])
        .filter(programme_tasks__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    communes = list(
        Organization.objects.filter(tier="commune", programme_tasks__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    officers = {
        org: User.objects.filter(memberships__organization_id=org).order_by("id").first() for org in parties + communes
    }
    fields = {pk: {f.attname: getattr(u, f.attname) for f in User._meta.concrete_fields} for pk, u in officers.items()}
    rng = random.Random(23)
    today = timezone.localdate()

    def queue_orm(pool, state):
        def run():
            org_id = rng.choice(pool)
            user = User(**fields[org_id])  # a new request: the scope is read again
            organization = get_organization_for_user(user, org_id)
            page = CappedPaginator(selectors.task_queue(organization, state=state, today=today), 25).get_page(None)
            return [(r.id, r.title, r.owner_name) for r in page], page.paginator.count

        return run

    def queue_sql(pool, state):
        status = "('not_started', 'in_progress')" if state in ("open", "overdue") else "('done')"
        due = " AND t.deadline < %s" if state == "overdue" else ""

        def run():
            org_id = rng.choice(pool)
            with connection.cursor() as c:
                c.execute(
                    "SELECT m.role, o.unit_id FROM orgs_membership m JOIN orgs_organization o "
                    "ON o.id = m.organization_id WHERE m.is_active AND o.is_active AND m.user_id = %s",
                    [officers[org_id].pk],
                )
                c.fetchall()
                c.execute("SELECT id, name, unit_id FROM orgs_organization WHERE id = %s", [org_id])
                c.fetchall()
                params = [org_id, *([today] if due else []), org_id, *([today] if due else [])]
                keys = (
                    f"SELECT t.id, t.deadline FROM programmes_task t "
                    f"WHERE t.owner_id = %s AND t.status IN {status}{due} "
                    f"UNION SELECT t.id, t.deadline FROM programmes_task t JOIN programmes_task_cooperating c "
                    f"ON c.task_id = t.id WHERE c.organization_id = %s AND t.status IN {status}{due}"
                )
                c.execute(
                    f"SELECT t.id, t.title, o.name, p.title FROM programmes_task t JOIN orgs_organization o "  # noqa: S608
                    f"ON o.id = t.owner_id LEFT JOIN programmes_programme p ON p.id = t.programme_id "
                    f"WHERE t.id IN (SELECT id FROM ({keys} ORDER BY 2, 1 LIMIT 25) k) ORDER BY t.deadline, t.id",
                    params,
                )
                rows = c.fetchall()
                if len(rows) == 25:
                    c.execute(f"SELECT COUNT(*) FROM ({keys}) k", params)  # noqa: S608
                    return rows, c.fetchone()[0]
                return rows, len(rows)

        return run

    n = args.iterations
    rows = [
        row(
            "task queue: provincial party, open, 25 + count",
            *measure_pair(queue_orm(parties, "open"), queue_sql(parties, "open"), iterations=n),
            QUEUE_TARGET_MS,
        ),
        row(
            "task queue: provincial party, overdue",
            *measure_pair(queue_orm(parties, "overdue"), queue_sql(parties, "overdue"), iterations=n),
            QUEUE_TARGET_MS,
        ),
        row(
            "task queue: commune body, done",
            *measure_pair(queue_orm(communes, "done"), queue_sql(communes, "done"), iterations=n),
            QUEUE_TARGET_MS,
        ),
    ]
    report("programmes", args.db, rows)


if __name__ == "__main__":
    main()
