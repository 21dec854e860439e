"""The capped paginator: counts stop at the cap, a short first page needs no count query."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from lib.fulltext import COUNT_CAP, SEARCH_COUNT_CAP
from lib.paging import CappedPaginator, KeysFirst

User = get_user_model()


class CappedPaginatorTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        Group.objects.bulk_create(Group(name=f"nhóm {i:03}") for i in range(12))

    def qs(self):
        return Group.objects.order_by("id")

    def test_a_short_first_page_is_the_count_and_costs_one_query(self):
        with self.assertNumQueries(1):
            page = CappedPaginator(self.qs(), 50).get_page(None)
            self.assertEqual((page.paginator.count, len(page), page.paginator.num_pages), (12, 12, 1))
            self.assertFalse(page.has_next())

    def test_a_full_first_page_counts_with_a_second_query(self):
        with self.assertNumQueries(2):
            page = CappedPaginator(self.qs(), 5).get_page("1")
            self.assertEqual((page.paginator.count, len(page), page.paginator.num_pages), (12, 5, 3))
        self.assertEqual([g.name for g in page], [f"nhóm {i:03}" for i in range(5)])

    def test_orphans_join_the_first_page(self):
        page = CappedPaginator(self.qs(), 10, orphans=2).get_page(1)
        self.assertEqual((len(page), page.paginator.num_pages, page.has_next()), (12, 1, False))

    def test_the_count_stops_at_the_cap_but_the_pages_go_on(self):
        paginator = CappedPaginator(self.qs(), 5, cap=7)
        self.assertEqual((paginator.count, paginator.count_capped), (8, True))
        second = paginator.get_page(2)  # not cut at the capped count of 8
        self.assertEqual([g.name for g in second], [f"nhóm {i:03}" for i in range(5, 10)])
        self.assertTrue(paginator.count_capped)

    def test_later_pages_and_bad_page_numbers(self):
        paginator = CappedPaginator(self.qs(), 5)
        self.assertEqual(paginator.get_page("2").number, 2)
        self.assertEqual(CappedPaginator(self.qs(), 5).get_page("abc").number, 1)
        self.assertEqual(CappedPaginator(self.qs(), 5).get_page("99").number, 3)
        self.assertEqual(len(CappedPaginator(Group.objects.none(), 5).get_page(None)), 0)

    def test_a_text_search_stops_counting_sooner(self):
        self.assertEqual(CappedPaginator.for_search(self.qs(), 5, "dân vận").cap, SEARCH_COUNT_CAP)
        self.assertEqual(CappedPaginator.for_search(self.qs(), 5, "  ").cap, COUNT_CAP)
        self.assertLess(SEARCH_COUNT_CAP, COUNT_CAP)


class KeysFirstTest(TestCase):
    """A list read keys first: the keys of a slice, then its rows by their keys, put back in the keys' order."""

    @classmethod
    def setUpTestData(cls):
        Group.objects.bulk_create(Group(name=f"nhóm {i:03}") for i in range(12))

    def listed(self, order=("-name",)):
        return KeysFirst(Group.objects.filter(name__gte="nhóm 002"), ("id", "name"), tuple, order=order)

    def test_pages_keep_the_filter_and_the_order_with_their_count(self):
        with self.assertNumQueries(3):  # the first page's keys, its rows, then the count
            page = CappedPaginator(self.listed(), 4).get_page(None)
            self.assertEqual([name for _, name in page], ["nhóm 011", "nhóm 010", "nhóm 009", "nhóm 008"])
            self.assertEqual(page.paginator.count, 10)
        last = CappedPaginator(self.listed(), 4).get_page(3)
        self.assertEqual([name for _, name in last], ["nhóm 003", "nhóm 002"])
        ascending = self.listed(order=("name",))
        self.assertEqual([name for _, name in ascending[0:2]], ["nhóm 002", "nhóm 003"])

    def test_the_rows_query_repeats_no_filter_of_the_list(self):
        with CaptureQueriesContext(connection) as queries:
            self.listed()[0:4]
        keys, rows = (q["sql"] for q in queries.captured_queries)
        self.assertIn("nhóm 002", keys)
        self.assertNotIn("nhóm 002", rows)
        self.assertIn(" IN (", rows)

    def test_the_count_stops_at_the_cap(self):
        self.assertEqual((self.listed().capped_count(3), self.listed().count(), len(self.listed())), (4, 10, 10))

    def test_one_item_by_index_and_past_the_end(self):
        self.assertEqual(self.listed()[1][1], "nhóm 010")
        with self.assertRaises(IndexError):
            self.listed()[10]

    def test_rows_are_converted_as_django_converts_them(self):
        User.objects.create_user("kiem.tra", password="mat-khau-dai-du-10")
        rows = KeysFirst(User.objects.all(), ("id", "date_joined", "is_active"), tuple, order=("-id",))[0:5]
        self.assertIsInstance(rows[0][1], dt.datetime)
        self.assertIs(rows[0][2], True)
        self.assertEqual(rows, list(User.objects.order_by("-id").values_list("id", "date_joined", "is_active")[:5]))

    def test_orders_that_differ_only_in_where_empty_values_go_are_not_confused(self):
        User.objects.create_user("chua.dang.nhap", password="mat-khau-dai-du-10")
        User.objects.create_user(
            "da.dang.nhap", password="mat-khau-dai-du-10", last_login=dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
        )
        for order in (F("last_login").asc(nulls_last=True), F("last_login").asc(nulls_first=True)):
            listed = User.objects.order_by(order, "id")
            with self.subTest(order=order):
                keys_first = KeysFirst(User.objects.all(), ("username",), tuple, order=(order, "id"))
                self.assertEqual(keys_first[0:5], list(listed.values_list("username")))

    def test_a_list_that_can_match_nothing_sends_nothing_on_any_page(self):
        nothing = KeysFirst(Group.objects.filter(pk__in=[]), ("id",), tuple, order=("id",))
        with self.assertNumQueries(0):
            self.assertEqual(nothing.capped_count(5), 0)
            self.assertEqual(nothing[0:5], [])
            page = CappedPaginator(nothing, 5).get_page("3")  # a later page asked for by hand: the first, empty
            self.assertEqual((list(page), page.number, page.paginator.count), ([], 1, 0))

    def test_it_needs_an_order(self):
        with self.assertRaisesMessage(ValueError, "KeysFirst needs the list's order"):
            KeysFirst(Group.objects.all(), ("id",), tuple, order=())


class KeysFirstBranchesTest(TestCase):
    """A list filtered on an OR, read as a union of its two sides (KeysFirst's ``branches``): the same pages and
    counts as the OR, a row that passes both sides listed once."""

    @classmethod
    def setUpTestData(cls):
        # Names ending in 1 or 2 pass one side, those before nguoi.012 the other: nguoi.001, 002 and 011 pass both.
        for i in range(24):
            user = User.objects.create_user(f"nguoi.{i:03}", password="mat-khau-dai-du-10")
            if i % 3:
                user.last_login = dt.datetime(2026, 1, 1 + i % 5, tzinfo=dt.UTC)  # repeated values, and empty ones
                user.save(update_fields=["last_login"])

    def sides(self):
        return [Q(username__endswith="1") | Q(username__endswith="2"), Q(username__lt="nguoi.012")]

    def listed(self, order, sides=None):
        sides = self.sides() if sides is None else sides
        orred = User.objects.filter(sides[0] | sides[1])
        branches = [User.objects.filter(side) for side in sides]
        return orred.order_by(*order), KeysFirst(orred, ("username",), tuple, order=order, branches=branches)

    def test_pages_and_counts_are_those_of_the_or(self):
        orders = [
            (F("last_login").asc(nulls_last=True), "-id"),
            (F("last_login").desc(nulls_first=True), "id"),
            ("-username",),
            ("is_active", "-last_login", "username"),
        ]
        for order in orders:
            orred, listed = self.listed(order)
            expected = list(orred.values_list("username"))
            self.assertGreater(len(expected), 12)
            with self.subTest(order=order):
                self.assertEqual(listed[0 : len(expected) + 5], expected)
                for start in range(0, len(expected), 5):
                    self.assertEqual(listed[start : start + 5], expected[start : start + 5])
                self.assertEqual((listed.count(), listed.capped_count(100)), (len(expected), len(expected)))
                self.assertEqual(listed.capped_count(4), 5)

    def test_a_page_and_its_count_are_three_queries(self):
        _orred, listed = self.listed(("-username",))
        with self.assertNumQueries(3):  # the keys as a union, the rows, the count
            page = CappedPaginator(listed, 5).get_page(None)
            self.assertEqual(page.paginator.count, 15)
        self.assertEqual([name for (name,) in page], ["nguoi.022", "nguoi.021", "nguoi.012", "nguoi.011", "nguoi.010"])

    def test_a_side_that_can_match_nothing_leaves_the_other(self):
        _orred, listed = self.listed(("username",), sides=[Q(pk__in=[]), Q(username__lt="nguoi.003")])
        self.assertEqual(listed[0:10], [("nguoi.000",), ("nguoi.001",), ("nguoi.002",)])
        self.assertEqual(listed.capped_count(10), 3)
        _orred, nothing = self.listed(("username",), sides=[Q(pk__in=[]), Q(pk__in=[])])
        with self.assertNumQueries(0):
            self.assertEqual((nothing[0:5], nothing.capped_count(5)), ([], 0))

    def test_an_order_the_union_cannot_repeat_is_refused(self):
        _orred, listed = self.listed((Lower("username"),))
        with self.assertRaisesMessage(ValueError, "KeysFirst cannot order a union"):
            listed[0:5]
