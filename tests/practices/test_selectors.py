import datetime as dt
from decimal import Decimal

from orgs.models import User
from practices import services
from practices.models import CriteriaSet, Criterion, Field, Kind
from practices.selectors import PracticeFilters, practice_list, practice_statistics
from tests.base import BaseTestCase
from tests.practices.test_lifecycle import COMPLETE


class PracticeSelectorsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        rubric = CriteriaSet.objects.create(name="Bộ tiêu chí", owner=p.province_org, pass_mark=Decimal("5"))
        crit = Criterion.objects.create(criteria_set=rubric, description="Hiệu quả", max_score=Decimal("10"))

        def make(
            name, officer, org, unit, *, field=Field.ECONOMY, kind=Kind.MODEL, money=0, recognise=False, commend=0
        ):
            extra = {"person_name": "Nguyễn Văn A"} if kind == Kind.EXEMPLAR else {}
            practice = services.practice_register(
                by=officer,
                organization=org,
                unit=unit,
                name=name,
                kind=kind,
                field=field,
                money_vnd=money,
                **COMPLETE,
                **extra,
            )
            services.practice_submit(practice=practice, by=officer)
            if recognise:
                appraisal = services.practice_start_appraisal(
                    practice=practice, by=p.province_officer, criteria_set=rubric, members=[p.appraiser]
                )
                services.appraisal_score(appraisal=appraisal, by=p.appraiser, scores={crit.pk: (Decimal("8"), "")})
                services.practice_recognise(practice=practice, by=p.province_officer, level="province")
            for i in range(commend):
                services.practice_commend(
                    practice=practice,
                    by=p.province_officer,
                    form="giay_khen",
                    authority="UBND",
                    decision_number=f"{i + 1}/QĐ",
                    recipient_kind=kind,
                    decision_date=dt.date(2026, 5, 1),
                    recipient_name=name,
                )
            return practice

        cls.a = make(
            "Đường hoa nông thôn mới",
            p.commune_officer,
            p.commune_org,
            p.commune,
            money=1_000_000,
            recognise=True,
            commend=2,
        )
        cls.b = make(
            "Tổ hòa giải ở cơ sở",
            p.other_commune_officer,
            p.other_commune_org,
            p.other_commune,
            field=Field.POLITICS,
            kind=Kind.EXEMPLAR,
            money=500_000,
        )
        cls.far = make("Bếp ăn tình thương", p.central, p.far_org, p.far_commune, money=7_000_000)
        services.practice_register(
            by=p.commune_officer,
            organization=p.commune_org,
            unit=p.commune,
            name="Bản nháp",
            kind=Kind.MODEL,
            field=Field.SOCIETY,
        )

    def test_statistics_count_a_province_subtree_in_one_query(self):
        with self.assertNumQueries(1):
            stats = practice_statistics(unit=self.p.province)
        self.assertEqual(stats["registered"], 2)  # drafts are not registrations
        self.assertEqual(stats["recognised"], 1)
        self.assertEqual(stats["commended"], 1)  # two decisions, one practice
        self.assertEqual(stats["money_vnd"], 1_500_000)  # not inflated by the two commendations
        self.assertEqual((stats["collective"], stats["individual"]), (1, 1))
        self.assertEqual((stats["field_economy"], stats["field_politics"]), (1, 1))
        self.assertEqual(stats["level_province"], 1)

    def test_commendations_are_counted_by_form_and_giver(self):
        from practices.selectors import STATISTICS_KEYS, commendation_counts

        with self.assertNumQueries(2):
            counts = commendation_counts(unit=self.p.province)
        self.assertEqual(counts["by_form"], [{"form": "giay_khen", "count": 2}])
        self.assertEqual(counts["by_authority"], [{"authority": "UBND", "count": 2}])
        self.assertEqual(commendation_counts(unit=self.p.other_province)["by_form"], [])
        self.assertEqual(commendation_counts(date_from=dt.date(2026, 5, 2))["by_form"], [])
        self.assertEqual(set(practice_statistics()), set(STATISTICS_KEYS))

    def test_statistics_for_a_commune_and_the_nation(self):
        self.assertEqual(practice_statistics(unit=self.p.other_commune)["registered"], 1)
        self.assertEqual(practice_statistics()["registered"], 3)

    def test_list_is_scoped_filtered_and_pinned_to_one_query_after_scope(self):
        filters = PracticeFilters(unit=self.p.province, order="name")
        officer = User.objects.get(pk=self.p.province_officer.pk)  # as a request loads it: nothing cached on it
        # Two queries build the officer's scope (memberships, their units' lineage: once per request), one reads the
        # page.
        with self.assertNumQueries(3):
            rows = list(practice_list(officer, filters))
            names = [(r.name, r.organization.name, r.unit.name) for r in rows]
        self.assertEqual([n[0] for n in names], ["Bản nháp", "Đường hoa nông thôn mới", "Tổ hòa giải ở cơ sở"])
        self.assertEqual(list(practice_list(self.p.commune_officer, PracticeFilters(field=Field.POLITICS))), [])
        self.assertEqual(list(practice_list(self.p.central, PracticeFilters(q="bep an"))), [self.far])

    def test_the_list_page_reads_names_as_values_and_counts_without_joins(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from lib.paging import CappedPaginator
        from practices.selectors import practice_page

        filters = PracticeFilters(unit=self.p.province, order="name")
        scope_warm = practice_list(self.p.province_officer, filters)  # the scope is read once per request
        list(scope_warm)
        with self.assertNumQueries(1):
            rows = list(practice_page(self.p.province_officer, filters))
        self.assertEqual(
            [(r.name, r.organization_name, r.unit_name) for r in rows],
            [(r.name, r.organization.name, r.unit.name) for r in scope_warm],
        )
        self.assertEqual(len(rows), 3)
        # Light rows, not model instances: no organisation or unit (nor practice) is built.
        self.assertEqual(type(rows[0]).__name__, "PracticeRow")
        paginator = CappedPaginator(practice_page(self.p.central, PracticeFilters()), 2)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(paginator.page(1).paginator.count, 4)
        self.assertEqual(len(queries.captured_queries), 2)  # the page, then its capped count
        count_sql = queries.captured_queries[-1]["sql"]
        self.assertIn("COUNT", count_sql.upper())
        self.assertIn("LIMIT", count_sql.upper())
        self.assertNotIn("orgs_organization", count_sql)
        self.assertNotIn("geo_adminunit", count_sql)

    def test_a_page_row_shows_what_a_practice_shows(self):
        from practices.models import Practice
        from practices.selectors import LIST_COLUMNS, practice_page

        rows = {r.pk: r for r in practice_page(self.p.central, PracticeFilters())}
        self.assertEqual(len(rows), 4)
        for practice in Practice.objects.select_related("organization", "unit"):
            row = rows[practice.pk]
            for column in LIST_COLUMNS:
                self.assertEqual(getattr(row, column), getattr(practice, column), column)
            self.assertEqual((row.organization_name, row.unit_name), (practice.organization.name, practice.unit.name))
            for column in ("kind", "field", "status", "recognition_level"):
                display = f"get_{column}_display"
                self.assertEqual(getattr(row, display)(), getattr(practice, display)(), column)

    def test_a_page_and_its_count_are_two_queries_once_the_scope_is_known(self):
        from lib.paging import CappedPaginator
        from practices.selectors import practice_page

        officer = User.objects.get(pk=self.p.province_officer.pk)  # as a request loads it: nothing cached on it
        with self.assertNumQueries(2):  # the officer's scope (memberships, then the units with their predecessors)
            list(practice_page(officer, PracticeFilters())[:0])
        for filters in (PracticeFilters(), PracticeFilters(field=Field.ECONOMY), PracticeFilters(q="hoa")):
            with self.assertNumQueries(2):
                page = CappedPaginator.for_search(practice_page(officer, filters), 1, filters.q).get_page(None)
                self.assertLessEqual(len(list(page)), 1)
                self.assertGreater(page.paginator.count, 0)
        # A later page reads rows of the same shape.
        second = CappedPaginator(practice_page(officer, PracticeFilters()), 2).get_page(2)
        self.assertEqual([type(r).__name__ for r in second], ["PracticeRow"])
        # A list that cannot match anything counts 0 without asking the database.
        with self.assertNumQueries(0):
            self.assertEqual(practice_page(officer, PracticeFilters()).filter(pk__in=[])[:10].count(), 0)
        # A short page is its own count: one query.
        with self.assertNumQueries(1):
            page = CappedPaginator(practice_page(officer, PracticeFilters()), 50).get_page(None)
            self.assertEqual(page.paginator.count, 3)


class ScopeQueryShapeTest(BaseTestCase):
    def test_a_province_scope_filters_on_the_denormalised_column_without_a_join(self):
        from practices.models import Practice

        sql = str(Practice.objects.visible_to(self.p.province_officer).query)
        self.assertNotIn("geo_adminunit", sql)
        self.assertIn('"practices_practice"."province_id" IN', sql)


class FullTextSearchTest(PracticeSelectorsTest):
    """The full-text index follows every write: inserts, renames and deletions."""

    def search(self, q, **kwargs):
        from lib.fulltext import search
        from practices.models import Practice

        return set(search(Practice.objects.all(), q, **kwargs).values_list("name", flat=True))

    def test_every_word_must_match_as_a_whole_word(self):
        self.assertEqual(self.search("TỔ hoa"), {"Tổ hòa giải ở cơ sở"})
        self.assertEqual(self.search("hoa giai"), {"Tổ hòa giải ở cơ sở", "Đường hoa nông thôn mới"})
        self.assertEqual(self.search("to hoa gia"), set())
        self.assertEqual(self.search("hoa giai bep"), set())

    def test_type_ahead_matches_the_last_word_as_a_prefix(self):
        self.assertEqual(self.search("to hoa gia", prefix=True), {"Tổ hòa giải ở cơ sở"})
        # Only the last word is a prefix: "gia" in the middle matches no whole word.
        self.assertEqual(self.search("gia to", prefix=True), set())

    def test_hostile_query_text_is_only_words(self):
        self.assertEqual(self.search('"bep" OR * NEAR(an) -- \'; drop table x'), set())
        self.assertEqual(self.search('bếp "ăn'), {"Bếp ăn tình thương"})

    def test_the_index_follows_updates_and_deletes(self):
        from practices.models import Practice

        self.b.name = "Câu lạc bộ dân vận"
        self.b.save()
        self.assertEqual(self.search("to hoa giai"), set())
        self.assertEqual(self.search("cau lac bo dan van"), {"Câu lạc bộ dân vận"})
        draft = Practice.objects.get(name="Bản nháp")
        draft.delete()
        self.assertEqual(self.search("ban nhap"), set())


class CappedCountTest(PracticeSelectorsTest):
    """Broad lists say "hơn N kết quả" rather than count every match."""

    def test_the_page_and_the_api_stop_counting_at_the_cap(self):
        from unittest import mock

        from django.urls import reverse
        from rest_framework.test import APIClient

        from lib.paging import CappedPaginator

        with mock.patch.object(CappedPaginator, "cap", 2):
            self.login(self.p.central)
            html = self.client.get(reverse("practices:list")).content.decode()
            self.assertIn("Hơn 2 kết quả", html)
            api = APIClient()
            api.force_authenticate(self.p.central)
            body = api.get("/api/v1/practices/").json()
            self.assertEqual((body["count"], body["count_capped"]), (3, True))
            self.assertEqual(len(body["results"]), 4)  # the page itself is not cut
        body = api.get("/api/v1/practices/").json()
        self.assertEqual((body["count"], body["count_capped"]), (4, False))


class ListAcrossTheReorganisationTest(PracticeSelectorsTest):
    def test_filtering_by_todays_unit_finds_the_practices_of_the_units_it_replaced(self):
        from geo.models import REFORM_2025, UnitLink

        p = self.p
        UnitLink.objects.create(predecessor=p.old_province, successor=p.province, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=p.old_commune, successor=p.commune, effective_date=REFORM_2025)
        old = services.practice_register(
            by=p.central,
            organization=p.commune_org,
            unit=p.old_commune,
            name="Mô hình năm 2024",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
        )
        # The denormalised province is today's; the unit (history) is the old commune.
        self.assertEqual((old.province_id, old.unit_id), (p.province.pk, p.old_commune.pk))
        for unit in (p.province, p.commune):
            self.assertIn(old, practice_list(p.central, PracticeFilters(unit=unit)))
        self.assertNotIn(old, practice_list(p.central, PracticeFilters(unit=p.other_commune)))
        # Statistics keep the hierarchy of the time: the old province counts it, today's does not.
        self.assertEqual(practice_statistics(unit=p.old_province)["registered"], 0)  # still a draft
        self.assertEqual(practice_statistics(unit=p.old_district)["registered"], 0)

    def test_a_later_reorganisation_moves_the_denormalised_province(self):
        from geo.models import AdminUnit
        from geo.signals import units_reorganised

        p = self.p
        merged = AdminUnit.objects.create(
            code="99", name="Tỉnh Mới", short_name="Mới", unit_type=p.province.unit_type, level="province"
        )
        units_reorganised.send(sender=AdminUnit, successors={p.province.pk: merged.pk})
        self.a.refresh_from_db()
        self.assertEqual(self.a.province_id, merged.pk)
        self.assertEqual(self.far.__class__.objects.get(pk=self.far.pk).province_id, p.other_province.pk)


class BroadSearchPageTest(PracticeSelectorsTest):
    """A broad text search counts first, then reads its page newest-first (on PostgreSQL by a
    primary-key walk the planner cannot mistake for a sort of every match)."""

    def test_the_page_of_a_broad_search_is_the_newest_matches(self):
        from unittest import mock

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from lib.paging import CappedPaginator
        from practices.models import Practice

        every = list(Practice.objects.search("nong thon moi").order_by("-id").values_list("name", flat=True))
        self.assertGreaterEqual(len(every), 1)
        for i in range(3):
            services.practice_register(
                by=self.p.commune_officer,
                organization=self.p.commune_org,
                unit=self.p.commune,
                name=f"Nông thôn mới kiểu mẫu {i}",
                kind=Kind.MODEL,
                field=Field.ECONOMY,
            )
        expected = list(Practice.objects.search("nong thon moi").order_by("-id").values_list("name", flat=True))
        self.assertEqual(expected[:3], [f"Nông thôn mới kiểu mẫu {i}" for i in (2, 1, 0)])
        with mock.patch("lib.paging.SEARCH_COUNT_CAP", 2), CaptureQueriesContext(connection) as ctx:
            qs = Practice.objects.search("nong thon moi").order_by("-id")
            page = CappedPaginator.for_search(qs, 3, "nong thon moi").get_page(None)
            self.assertTrue(page.paginator.count_capped)
            self.assertEqual([p.name for p in page], expected[:3])
        self.assertEqual(len(ctx.captured_queries), 2)
        if connection.vendor == "postgresql":
            count_sql, page_sql = (q["sql"] for q in ctx.captured_queries)
            self.assertIn("COUNT(", count_sql.upper())
            self.assertNotIn("IS TRUE", count_sql)  # the count uses the GIN index
            self.assertIn("IS TRUE", page_sql)  # the page walks the primary key
        # A narrow search (under the cap) is read the ordinary way.
        with mock.patch("lib.paging.SEARCH_COUNT_CAP", 100), CaptureQueriesContext(connection) as ctx:
            page = CappedPaginator.for_search(qs, 3, "nong thon moi").get_page(None)
            self.assertEqual([p.name for p in page], expected[:3])
        self.assertTrue(all("IS TRUE" not in q["sql"] for q in ctx.captured_queries))
