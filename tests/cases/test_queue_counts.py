"""The queue's counts (open, overdue, due soon, escalated, moderation; the bodies' answers) against their definition."""

import datetime as dt
import itertools

from django.utils import timezone

from cases import selectors
from cases.models import OPEN_STATES, Case, Status
from tests.base import BaseTestCase
from tests.cases.helpers import submit


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
        Case.objects.filter(unit=self.p.other_commune).update(organization=self.p.other_commune_org)
        for user in (self.p.commune_officer, self.p.province_officer, self.p.other_commune_officer):
            got = selectors.queue_counts(user, today=today)
            self.assertEqual(got, expected(user, today, conf.due_soon_days()), user)
        self.assertGreater(selectors.queue_counts(self.p.province_officer, today=today)["escalated"], 0)
        self.assertGreater(selectors.queue_counts(self.p.commune_officer, today=today)["satisfied"], 0)

    def test_the_counts_take_two_queries_once_the_user_is_known(self):
        today = timezone.localdate()
        selectors.queue_counts(self.p.province_officer, today=today)  # the user's roles are read once per request
        with self.assertNumQueries(2):
            selectors.queue_counts(self.p.province_officer, today=today)
