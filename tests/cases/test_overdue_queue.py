"""A province's overdue queue: its open cases past their running limit, most overdue first, with the count."""

import datetime as dt

from cases import selectors
from cases.models import Case, Status
from tests.base import BaseTestCase
from tests.cases.helpers import submit

TODAY = dt.date(2026, 11, 5)


class ProvinceOverdueQueueTest(BaseTestCase):
    def test_it_lists_the_provinces_overdue_open_cases_most_overdue_first_in_two_queries(self):
        made = [submit(self.p, ip=f"10.7.0.{i}")[0] for i in range(4)]
        far = submit(self.p, unit=self.p.far_commune, ip="10.7.1.1")[0]
        for case, days in zip(made, (3, 9, 1, -2), strict=True):  # the last one is not yet due
            Case.objects.filter(pk=case.pk).update(due_date=TODAY - dt.timedelta(days=days))
        Case.objects.filter(pk=far.pk).update(due_date=TODAY - dt.timedelta(days=30))
        Case.objects.filter(pk=made[2].pk).update(status=Status.CLOSED)  # finished: not in a queue
        with self.assertNumQueries(2):
            rows, count = selectors.province_overdue_queue(self.p.province, today=TODAY, limit=1)
        self.assertEqual(([r.code for r in rows], count), ([made[1].code], 2))
        rows, _ = selectors.province_overdue_queue(self.p.province, today=TODAY)
        self.assertEqual([r.id for r in rows], [made[1].pk, made[0].pk])
        self.assertEqual(rows[0].due_date, TODAY - dt.timedelta(days=9))
        self.assertEqual(rows[0].display_code, made[1].display_code)
