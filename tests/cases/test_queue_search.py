"""A text search in the officers' queue lists the newest matches first (not by due date)."""

import contextlib
import datetime as dt
from unittest import mock

from cases import selectors
from cases.models import Case
from lib.paging import CappedPaginator
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


# The four ways a SQLite search can read its list (lib.fulltext._sqlite_newest_first), forced:
# every match listed by one FTS pass (at most the search cap: the default here); past it, the
# filtered rows probed one by one, the FTS index's matches checked against the set of the filtered
# rows' keys, or walked newest first through the rows. Other databases ignore these.
WAYS = {
    "listed": {},
    "probed": {"LISTED_LIMIT": 0},
    "set": {"LISTED_LIMIT": 0, "ROW_PROBE_LIMIT": 0},
    "walked": {"LISTED_LIMIT": 0, "ROW_PROBE_LIMIT": 0, "ROW_SET_LIMIT": 0},
}


def forced(way):
    return mock.patch.multiple("lib.fulltext", **WAYS[way]) if WAYS[way] else contextlib.nullcontext()


class QueueSearchScopeTest(BaseTestCase):
    """Every way a search runs must give the same list: in the officer's scope, with the other
    filters, newest first, and the same page and capped count."""

    def setUp(self):
        self.near = [submit(self.p, ip=f"10.9.2.{i}")[0].pk for i in range(3)]
        self.far = [submit(self.p, unit=self.p.far_commune, ip=f"10.9.3.{i}")[0].pk for i in range(2)]
        self.other = submit(self.p, title="Tiếng ồn quán karaoke", content="Hát khuya.", ip="10.9.4.1")[0].pk

    def every_way(self, user, filters):
        """The list every way, through the API's queryset and the page's rows alike."""
        found = set()
        for way in WAYS:
            with forced(way):
                found.add(tuple(c.pk for c in selectors.queue(user, filters)))
                found.add(tuple(row.pk for row in selectors.queue_page(user, filters)))
        self.assertEqual(len(found), 1, found)
        return list(found.pop())

    def test_it_searches_only_the_officers_scope_newest_first_every_way(self):
        found = self.every_way(self.p.province_officer, selectors.QueueFilters(q="Vành đai", mine=False))
        self.assertEqual(found, sorted(self.near, reverse=True))
        self.assertEqual(
            self.every_way(self.p.other_commune_officer, selectors.QueueFilters(q="vanh dai", mine=False)), []
        )

    def test_a_national_search_lists_every_match_newest_first_every_way(self):
        found = self.every_way(self.p.central, selectors.QueueFilters(q="vanh dai", mine=False))
        self.assertEqual(found, sorted(self.near + self.far, reverse=True))
        self.assertNotIn(self.other, found)

    def test_other_filters_apply_to_the_matches_every_way(self):
        Case.objects.filter(pk=self.near[1]).update(kind="denunciation")
        filters = selectors.QueueFilters(q="vanh dai", kind="denunciation", mine=False)
        self.assertEqual(self.every_way(self.p.province_officer, filters), [self.near[1]])

    def test_the_capped_count_and_the_pages_agree_every_way(self):
        filters = selectors.QueueFilters(q="vanh dai", mine=False)
        newest = sorted(self.near, reverse=True)
        for way in WAYS:
            with forced(way), mock.patch("lib.paging.SEARCH_COUNT_CAP", 2):
                rows = selectors.queue(self.p.province_officer, filters)
                page = CappedPaginator.for_search(rows, 2, filters.q).page(1)
                self.assertEqual(([c.pk for c in page], page.paginator.count), (newest[:2], 3), way)
                self.assertTrue(page.paginator.count_capped)
                rows = selectors.queue(self.p.province_officer, filters)
                self.assertEqual([c.pk for c in CappedPaginator.for_search(rows, 2, filters.q).page(2)], newest[2:])

    def test_a_search_page_has_a_fixed_number_of_queries(self):
        filters = selectors.QueueFilters(q="vanh dai", mine=False)
        # National: the user's roles, the matches' keys (one pass over the text index), then the page
        # and its count read by key.
        with self.assertNumQueries(4):
            page = CappedPaginator.for_search(selectors.queue(self.p.central, filters), 2, filters.q).page(1)
            list(page)
        # A province's scope (roles, then the units with their predecessors), then on PostgreSQL the keys as above;
        # on SQLite the matches' keys too (one pass: few enough to list).
        with self.assertNumQueries(5):
            page = CappedPaginator.for_search(selectors.queue(self.p.province_officer, filters), 2, filters.q).page(1)
            list(page)

    def test_a_broad_national_search_is_counted_by_its_first_pass(self):
        # Past the cap, every match the first pass saw passed the (no) filters: the page says "more than the cap"
        # without walking the matches again. The user's roles, the first pass, the page.
        filters = selectors.QueueFilters(q="vanh dai", mine=False)
        with (
            mock.patch.multiple("lib.fulltext", SEARCH_COUNT_CAP=2, LISTED_LIMIT=2),
            mock.patch("lib.paging.SEARCH_COUNT_CAP", 2),
        ):
            with self.assertNumQueries(3):
                page = selectors.queue_page(self.p.central, filters, per_page=2)
                self.assertEqual([row.pk for row in page], sorted(self.near + self.far, reverse=True)[:2])
                self.assertEqual((page.paginator.count, page.paginator.count_capped), (3, True))
            # A province's search is filtered by its scope: its count is read, and stays exact.
            page = selectors.queue_page(self.p.province_officer, filters, per_page=2)
            self.assertEqual((page.paginator.count, page.paginator.count_capped), (3, True))
            page = selectors.queue_page(self.p.other_commune_officer, filters, per_page=2)
            self.assertEqual((list(page), page.paginator.count, page.paginator.count_capped), ([], 0, False))
