"""The queue's counts (open, overdue, due soon, escalated, moderation; the bodies' answers) against their definition."""

import datetime as dt
import itertools

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from cases import selectors
from cases.models import OPEN_STATES, Case, Status
from orgs.models import Membership, Role
from tests.base import BaseTestCase
from tests.cases.helpers import submit
from tests.factories import make_user


def expected(user, today, soon_days):
    """The definition, row by row over every case the user can see."""
    orgs = selectors.user_org_ids(user)
    soon = today + dt.timedelta(days=soon_days)
    rows = [c for c in Case.objects.visible_to(user) if c.organization_id in orgs or c.escalated_to_id in orgs]
    open_ = [c for c in rows if c.status in OPEN_STATES]
    own = [c for c in rows if c.organization_id in orgs]
    return {
        "open": len(open_),
        "overdue": sum(1 for c in open_ if c.due_date and c.due_date < today),
        "due_soon": sum(1 for c in open_ if c.due_date and today <= c.due_date <= soon),
        "escalated": sum(1 for c in open_ if c.escalated_to_id in orgs),
        "moderation": sum(1 for c in rows if c.status == Status.MODERATION),
        "answered": sum(1 for c in own if c.answered_at is not None),
        "answered_on_time": sum(1 for c in own if c.answered_on_time is True),
        "rated": sum(1 for c in own if c.satisfied is not None),
        "satisfied": sum(1 for c in own if c.satisfied is True),
    }


class QueueCountsTest(BaseTestCase):
    def test_every_count_matches_its_definition_for_a_commune_and_its_province(self):
        from cases import conf

        today = timezone.localdate()
        now = timezone.now()
        states = [
            Status.RECEIVED, Status.ACCEPTED, Status.REOPENED, Status.MODERATION, Status.ANSWERED, Status.CLOSED,
        ]  # fmt: skip
        dues = [None, today - dt.timedelta(days=3), today, today + dt.timedelta(days=2), today + dt.timedelta(days=40)]
        for n, (status, due) in enumerate(itertools.product(states, dues)):
            case, _ = submit(self.p, unit=self.p.other_commune if n % 4 == 0 else self.p.commune, ip=f"203.0.113.{n}")
            answered = status in (Status.ANSWERED, Status.CLOSED)
            Case.objects.filter(pk=case.pk).update(
                status=status,
                due_date=due,
                escalated_to=self.p.province_org if n % 3 == 0 else None,
                answered_at=now if answered else None,
                answered_on_time=(n % 2 == 0) if answered else None,
                satisfied=[None, True, False][n % 3] if status == Status.CLOSED else None,
            )
        # Reopened after an answer the sender refused: open again, its first answer still counted (late here).
        reopened, _ = submit(self.p, ip="203.0.113.250")
        Case.objects.filter(pk=reopened.pk).update(
            status=Status.REOPENED, due_date=today, answered_at=now, answered_on_time=False, satisfied=False
        )
        Case.objects.filter(unit=self.p.other_commune).update(organization=self.p.other_commune_org)
        for user in (self.p.commune_officer, self.p.province_officer, self.p.other_commune_officer):
            got = selectors.queue_counts(user, today=today)
            self.assertEqual(got, expected(user, today, conf.due_soon_days()), user)
        self.assertGreater(selectors.queue_counts(self.p.province_officer, today=today)["escalated"], 0)
        self.assertGreater(selectors.queue_counts(self.p.commune_officer, today=today)["satisfied"], 0)

    def test_a_case_handled_by_one_of_the_users_bodies_and_escalated_to_another_counts_once(self):
        # The open cases are counted in two halves (cases.selectors.body_aggregate): handled by the bodies, and
        # escalated to them from elsewhere. An officer of both the commune's body and the province's Ban sees a case
        # the first handles and escalated to the second in the first half only.
        from cases import conf

        today = timezone.localdate()
        both = make_user("canbohaicap", self.p.commune_org)
        Membership.objects.create(user=both, organization=self.p.province_org, role=Role.OFFICER)
        for n, due in enumerate((today - dt.timedelta(days=2), today + dt.timedelta(days=1), None)):
            case, _ = submit(self.p, ip=f"203.0.113.{200 + n}")
            Case.objects.filter(pk=case.pk).update(due_date=due, escalated_to=self.p.province_org)
        far, _ = submit(self.p, unit=self.p.other_commune, ip="203.0.113.210")
        Case.objects.filter(pk=far.pk).update(escalated_to=self.p.province_org, due_date=today)
        got = selectors.queue_counts(both, today=today)
        self.assertEqual(got, expected(both, today, conf.due_soon_days()))
        self.assertEqual((got["escalated"], got["overdue"], got["due_soon"]), (4, 1, 2))

    def test_body_aggregate_merges_only_what_adds_up(self):
        with self.assertRaises(TypeError):
            selectors.body_aggregate(Case.objects.all(), [self.p.commune_org.pk], n=Count("unit", distinct=True))
        with self.assertRaises(TypeError):
            selectors.body_aggregate(Case.objects.all(), [self.p.commune_org.pk], n=Max("due_date"))

    def test_the_counts_take_three_queries_once_the_user_is_known(self):
        today = timezone.localdate()
        selectors.queue_counts(self.p.province_officer, today=today)  # the user's roles are read once per request
        # The open cases handled by the bodies, those escalated to them from elsewhere, the bodies' answers.
        with self.assertNumQueries(3):
            selectors.queue_counts(self.p.province_officer, today=today)

    def test_the_answers_are_counted_from_their_own_index(self):
        # How a body's answers went is read from case_org_answers_idx alone: 10,000 answers of a big province's Ban
        # cost 8-17 ms as rows, 2 ms from the index (benchmarks/README.md). The index is partial: a query that does not
        # state its condition could not use it.
        today = timezone.localdate()
        statements = []

        def keep(execute, sql, params, many, context):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            selectors.queue_counts(self.p.province_officer, today=today)
        sql, params = next((sql, params) for sql, params in statements if "answered_on_time" in sql)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                # SQLite names it "USING INDEX" (the WHERE names answered_at), but its program reads every column
                # from the index; the row's seek is deferred and never made.
                self.assertIn("USING INDEX case_org_answers_idx", plan)
            else:
                # On a test table of a few rows, never vacuumed, any index of the body's cases is as cheap: ask whether
                # this one alone answers it, the table's other plain indexes dropped inside a transaction rolled back.
                with transaction.atomic():
                    cursor.execute(
                        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                        "WHERE x.indrelid = 'cases_case'::regclass AND NOT x.indisunique "
                        "AND i.relname <> 'case_org_answers_idx'"
                    )
                    for (name,) in cursor.fetchall():
                        cursor.execute(f'DROP INDEX "{name}"')
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    cursor.execute("SET LOCAL enable_bitmapscan = off")
                    cursor.execute(f"EXPLAIN {sql}", params)
                    plan = " ".join(row[0] for row in cursor.fetchall())
                    transaction.set_rollback(True)
                self.assertIn("Index Only Scan using case_org_answers_idx", plan)
