"""The overdue queue as officers read it: the queue page's rows (``selectors.queue_page``), most overdue first, with
the count, for the user's own bodies or the whole area they follow — read keys first
(``lib.paging.KeysFirst``: the page's keys, then its rows)."""

import datetime as dt

import time_machine
from django.urls import reverse

from cases import selectors
from cases.models import Case, Status
from tests.base import BaseTestCase
from tests.cases.helpers import submit

TODAY = dt.date(2026, 11, 5)
OVERDUE_AREA = selectors.QueueFilters(when="overdue", mine=False)


class OverdueQueueTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.made = [submit(p, ip=f"10.7.0.{i}")[0] for i in range(4)]
        cls.other = submit(p, unit=p.other_commune, ip="10.7.0.9")[0]
        cls.far = submit(p, unit=p.far_commune, ip="10.7.1.1")[0]
        for case, days in zip([*cls.made, cls.other], (3, 9, 1, -2, 5), strict=True):  # made[3] is not yet due
            Case.objects.filter(pk=case.pk).update(due_date=TODAY - dt.timedelta(days=days))
        Case.objects.filter(pk=cls.far.pk).update(due_date=TODAY - dt.timedelta(days=30))
        Case.objects.filter(pk=cls.made[2].pk).update(status=Status.CLOSED)  # finished: in no overdue queue
        # Past its margin, the other commune's case went up to the province's Ban.
        Case.objects.filter(pk=cls.other.pk).update(escalated_to=p.province_org, escalation_level=1)

    def codes(self, page):
        return [row.code for row in page]

    def test_the_province_sees_its_areas_overdue_open_cases_most_overdue_first(self):
        page = selectors.queue_page(self.p.province_officer, OVERDUE_AREA, today=TODAY)
        self.assertEqual(self.codes(page), [self.made[1].code, self.other.code, self.made[0].code])
        self.assertEqual(page.paginator.count, 3)
        row = page[0]
        self.assertIsInstance(row, selectors.QueueRow)
        self.assertEqual(row.pk, self.made[1].pk)
        self.assertEqual(row.display_code, self.made[1].display_code)
        self.assertEqual(row.due_date, TODAY - dt.timedelta(days=9))
        self.assertEqual(row.unit_name, self.p.commune.name)
        self.assertEqual(row.organization_name, self.made[1].organization.name)
        self.assertEqual((row.get_kind_display(), row.get_status_display()), ("Kiến nghị", "Đã tiếp nhận"))
        self.assertEqual(page[1].escalated_to_name, self.p.province_org.name)
        self.assertIsNone(row.escalated_to_name)

    def test_the_first_page_and_its_count_are_three_queries_after_the_scope(self):
        officer = self.p.province_officer
        # The scope (memberships, then the units with their predecessors), then a short page's keys and its rows:
        # the short page is its own count.
        with self.assertNumQueries(4):
            page = selectors.queue_page(officer, selectors.QueueFilters(status="closed", mine=False), today=TODAY)
            self.assertEqual((self.codes(page), page.paginator.count), ([self.made[2].code], 1))
        with self.assertNumQueries(3):  # the page's keys, its rows, then the count
            page = selectors.queue_page(officer, OVERDUE_AREA, today=TODAY, per_page=2)
            self.assertEqual((self.codes(page), page.paginator.count), ([self.made[1].code, self.other.code], 3))

    def test_the_users_bodies_page_reads_its_keys_as_a_union_in_a_pinned_number_of_queries(self):
        commune_officer = self.p.commune_officer
        selectors.queue_page(commune_officer, selectors.QueueFilters(when="overdue"), today=TODAY)  # scope now known
        # The keys (a union of the two sides), the rows by their keys, the count.
        with self.assertNumQueries(3) as queries:
            page = selectors.queue_page(
                commune_officer, selectors.QueueFilters(when="overdue"), per_page=1, today=TODAY
            )
            self.assertEqual((self.codes(page), page.paginator.count), ([self.made[1].code], 2))
        keys, rows, count = (q["sql"] for q in queries.captured_queries)
        self.assertIn("UNION", keys)
        self.assertNotIn("UNION", rows)
        self.assertIn("UNION", count)

    def test_a_later_page_starts_where_the_first_ended(self):
        page = selectors.queue_page(self.p.province_officer, OVERDUE_AREA, 2, today=TODAY, per_page=2)
        self.assertEqual((page.number, self.codes(page), page.has_next()), (2, [self.made[0].code], False))

    def test_mine_lists_only_the_cases_of_the_users_bodies_and_those_escalated_to_them(self):
        mine = selectors.QueueFilters(when="overdue")
        self.assertEqual(
            self.codes(selectors.queue_page(self.p.province_officer, mine, today=TODAY)), [self.other.code]
        )
        commune = selectors.queue_page(self.p.commune_officer, mine, today=TODAY)
        self.assertEqual(self.codes(commune), [self.made[1].code, self.made[0].code])

    def test_nobody_sees_another_provinces_overdue_cases(self):
        for user in (self.p.province_officer, self.p.commune_officer, self.p.other_commune_officer):
            listed = self.codes(selectors.queue_page(user, OVERDUE_AREA, today=TODAY))
            self.assertNotIn(self.far.code, listed)
        self.assertEqual(self.codes(selectors.queue_page(self.p.outsider, OVERDUE_AREA, today=TODAY)), [])
        # A later page asked for by someone who sees nothing: the first, empty page (it raised EmptyResultSet).
        later = selectors.queue_page(self.p.outsider, OVERDUE_AREA, "3", today=TODAY)
        self.assertEqual((self.codes(later), later.number, later.paginator.count), ([], 1, 0))
        central = selectors.queue_page(self.p.central, OVERDUE_AREA, today=TODAY)
        self.assertEqual(self.codes(central)[0], self.far.code)

    def test_a_text_search_gives_the_same_rows(self):
        filters = selectors.QueueFilters(q="vanh dai", mine=False)
        page = selectors.queue_page(self.p.province_officer, filters, today=TODAY)
        self.assertTrue(all(isinstance(row, selectors.QueueRow) for row in page))
        self.assertEqual(page[0].code, self.other.code)  # newest first
        self.assertEqual(page[0].escalated_to_name, self.p.province_org.name)

    @time_machine.travel(dt.datetime(2026, 11, 5, 9, 0), tick=False)
    def test_the_page_offers_the_whole_area_and_shows_its_rows(self):
        self.login(self.p.province_officer)
        response = self.client.get(reverse("cases:queue"), {"han": "overdue"})
        self.assertContains(response, self.other.display_code)
        self.assertNotContains(response, self.made[1].display_code)  # not the Ban's own case
        response = self.client.get(reverse("cases:queue"), {"han": "overdue", "pham_vi": "dia-ban"})
        self.assertContains(response, "Toàn địa bàn phụ trách")
        for case in (self.made[1], self.other, self.made[0]):
            self.assertContains(response, case.display_code)
        self.assertContains(response, "3 vụ việc")
        self.assertContains(response, f"Cấp trên theo dõi: {self.p.province_org.name}")
        self.assertNotContains(response, self.far.display_code)

    @time_machine.travel(dt.datetime(2026, 11, 5, 9, 0), tick=False)
    def test_each_row_links_to_its_case_and_shows_its_limit_and_labels(self):
        # The view writes the rows' links, labels and dates itself (cases.views._shown_rows): each as the template's
        # url tag, get_*_display and date filter gave them.
        self.login(self.p.province_officer)
        response = self.client.get(reverse("cases:queue"), {"han": "overdue", "pham_vi": "dia-ban"})
        rows = response.context["rows"]
        self.assertEqual(
            [r.display_code for r in rows], [c.display_code for c in (self.made[1], self.other, self.made[0])]
        )
        for shown, case in zip(rows, (self.made[1], self.other, self.made[0]), strict=True):
            case.refresh_from_db()
            self.assertEqual(shown.url, reverse("cases:detail", args=[case.pk]))
            self.assertContains(response, f'<a href="{shown.url}">{case.display_code}</a>', html=True)
            self.assertEqual(shown.due, case.due_date.strftime("%d/%m/%Y"))
            self.assertTrue(shown.overdue)
            self.assertEqual(
                (shown.kind_label, shown.status_label), (case.get_kind_display(), case.get_status_display())
            )
        self.assertContains(response, '<tr class="overdue">', count=3)
        self.assertContains(response, '27/10/2026 <strong class="late">quá hạn</strong>', html=True)
        # A case not yet due: its limit without the overdue mark, and no overdue class on its row.
        response = self.client.get(reverse("cases:queue"), {"pham_vi": "dia-ban"})
        shown = next(r for r in response.context["rows"] if r.display_code == self.made[3].display_code)
        self.assertEqual((shown.due, shown.overdue), ("07/11/2026", False))
