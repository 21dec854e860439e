"""A text search in the officers' queue lists the newest matches first (not by due date)."""

import datetime as dt
from unittest import mock

from cases import selectors
from cases.models import Case
from tests.base import BaseTestCase
from tests.cases.helpers import submit


class QueueSearchTest(BaseTestCase):
    def test_it_lists_search_matches_newest_first_and_the_plain_queue_by_due_date(self):
        made = [submit(self.p, ip=f"10.9.0.{i}")[0].pk for i in range(3)]
        # The oldest case has the latest limit: due-date order and newest-first order differ.
        for days, pk in zip((30, 20, 10), made, strict=True):
            Case.objects.filter(pk=pk).update(due_date=dt.date(2026, 12, 1) + dt.timedelta(days=days))
        found = selectors.queue(self.p.central, selectors.QueueFilters(q="vanh dai", mine=False))
        self.assertEqual([c.pk for c in found], sorted(made, reverse=True))
        plain = selectors.queue(self.p.central, selectors.QueueFilters(mine=False))
        self.assertEqual([c.pk for c in plain if c.pk in made], list(reversed(made)))

    def test_the_queue_page_stops_counting_a_text_search_at_the_search_cap(self):
        for i in range(4):
            submit(self.p, ip=f"10.9.1.{i}")
        self.login(self.p.commune_officer)
        with mock.patch("lib.paging.SEARCH_COUNT_CAP", 2):
            searched = self.client.get("/y-kien/", {"q": "vanh dai"})
            plain = self.client.get("/y-kien/")
        self.assertContains(searched, "Hơn 2 vụ việc")
        self.assertNotContains(plain, "Hơn 2 vụ việc")
        self.assertContains(plain, "4 vụ việc")
