"""The maintained counts (lib.counts): the database keeps each count table equal to its source grouped by the keys,
whatever writes the rows, and the dashboards' reads of them equal the lists' counts."""

import datetime as dt

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from cases import selectors as case_selectors
from cases.models import Case, CaseCount
from cases.models_counts import CASE_COUNTS
from lib import counts
from practices import selectors as practice_selectors
from practices import services as practice_services
from practices.models import Field, Kind, Practice, PracticeCount
from practices.models import Status as PracticeStatus
from practices.models_counts import PRACTICE_COUNTS
from tests.base import BaseTestCase
from tests.cases.helpers import submit
from tests.practices.test_lifecycle import COMPLETE

SPECS = (CASE_COUNTS, PRACTICE_COUNTS)


class TriggersTest(TestCase):
    def test_every_count_trigger_is_there_after_all_migrations(self):
        with connection.cursor() as c:
            for spec in SPECS:
                if connection.vendor == "sqlite":
                    c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [spec.source])
                else:
                    c.execute(
                        "SELECT tgname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid "
                        "WHERE r.relname = %s AND NOT t.tgisinternal",
                        [spec.source],
                    )
                names = {r[0] for r in c.fetchall()}
                self.assertLessEqual(spec.trigger_names, names, spec.target)

    def test_every_registered_spec_is_one_of_these(self):
        self.assertEqual({s.target for s in counts.all_specs()}, {s.target for s in SPECS})


class CaseCountsTest(BaseTestCase):
    def assertExact(self):
        self.assertEqual(counts.differences(CASE_COUNTS, connection), [])

    def test_submissions_answers_ratings_moves_and_deletions_keep_the_counts(self):
        p = self.p
        cases = [submit(p, title=f"Ý kiến {i}", ip=f"203.0.113.{i + 1}")[0] for i in range(4)]
        cases.append(submit(p, unit=p.other_commune, ip="203.0.113.50")[0])
        self.assertExact()
        today = timezone.localdate()
        row = CaseCount.objects.get(unit=p.commune, half_month=today.replace(day=1 if today.day < 15 else 15))
        self.assertEqual((row.received, row.answered, row.rated), (4, 0, 0))

        # An answer and a rating, written as queryset updates (no save, no signal): the triggers still see them.
        Case.objects.filter(pk=cases[0].pk).update(answered_at=timezone.now(), answered_on_time=True, satisfied=True)
        Case.objects.filter(pk=cases[1].pk).update(answered_at=timezone.now(), answered_on_time=False, satisfied=False)
        row.refresh_from_db()
        self.assertEqual((row.answered, row.answered_on_time, row.rated, row.satisfied), (2, 1, 2, 1))
        self.assertExact()

        # Received in another half-month, moved to another province (a reorganisation), a save that changes nothing
        # counted, a deletion.
        Case.objects.filter(pk=cases[2].pk).update(received_on=dt.date(2026, 1, 15))
        Case.objects.filter(pk=cases[4].pk).update(province_id=p.other_province.pk)
        case = Case.objects.get(pk=cases[3].pk)
        case.title = "Tiêu đề mới"
        case.save()
        Case.objects.filter(pk=cases[1].pk).delete()
        self.assertExact()
        row.refresh_from_db()
        self.assertEqual((row.received, row.answered, row.satisfied), (2, 1, 1))

    def test_rebuild_gives_the_same_table(self):
        for i in range(3):
            submit(self.p, title=f"Ý kiến {i}", ip=f"203.0.113.{i + 1}")
        before = sorted(CaseCount.objects.values_list("unit_id", "province_id", "half_month", "received"))
        CaseCount.objects.all().delete()
        self.assertNotEqual(counts.differences(CASE_COUNTS, connection), [])  # the check can fail
        counts.rebuild(CASE_COUNTS, connection)
        self.assertEqual(
            sorted(CaseCount.objects.values_list("unit_id", "province_id", "half_month", "received")), before
        )

    def test_the_maintained_figures_equal_the_queue_counted(self):
        p = self.p
        cases = [submit(p, title=f"Ý kiến {i}", ip=f"203.0.113.{i + 1}")[0] for i in range(3)]
        submit(p, unit=p.far_commune, ip="203.0.113.90")
        Case.objects.filter(pk=cases[0].pk).update(answered_at=timezone.now(), answered_on_time=True, satisfied=True)
        Case.objects.filter(pk=cases[1].pk).update(received_on=dt.date(2026, 1, 14))
        today = timezone.localdate()
        start, end = dt.date(2026, 1, 1), dt.date(today.year, 12, 31)
        for user, unit in (
            (p.central, None),
            (p.central, p.province),
            (p.province_officer, p.province),
            (p.commune_officer, p.commune),
            (p.central, p.old_district),
        ):
            live = case_selectors.answer_counts(
                user,
                case_selectors.QueueFilters(mine=False, status="", unit=unit, received_from=start, received_to=end),
            )
            with self.assertNumQueries(1):
                maintained = case_selectors.received_answer_counts(user, unit, start, end)
            self.assertEqual(maintained, live, (user, unit))
        self.assertEqual(case_selectors.received_answer_counts(p.central, None, start, end)["total"], 4)
        self.assertEqual(case_selectors.received_answer_counts(p.province_officer, None, start, end)["total"], 3)
        # A reporting period of Decree 09/2019 (15th to 14th) is whole half-months too; a range that is not is counted
        # from the cases, with the same answer.
        for first, last, total in (
            (dt.date(2025, 12, 15), dt.date(2026, 1, 14), 1),
            (dt.date(2026, 1, 15), end, 2),
            (dt.date(2026, 1, 14), end, 3),
            (dt.date(2026, 1, 10), dt.date(2026, 1, 14), 1),
            (dt.date(2026, 1, 15), dt.date(2026, 1, 20), 0),
        ):
            live = case_selectors.answer_counts(
                p.central,
                case_selectors.QueueFilters(
                    mine=False, status="", unit=p.province, received_from=first, received_to=last
                ),
            )
            maintained = case_selectors.received_answer_counts(p.central, p.province, first, last)
            self.assertEqual((maintained, maintained["total"]), (live, total), (first, last))


class PracticeCountsTest(BaseTestCase):
    def register(self, name, unit=None, org=None):
        return practice_services.practice_register(
            by=self.p.commune_officer,
            organization=org or self.p.commune_org,
            unit=unit or self.p.commune,
            name=name,
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            **COMPLETE,
        )

    def test_registrations_moves_and_deletions_keep_the_counts_and_equal_the_list(self):
        p = self.p
        first = self.register("Mô hình đường hoa")
        second = self.register("Mô hình tổ tự quản")
        practice_services.practice_submit(practice=second, by=p.commune_officer)
        far = Practice.objects.get(pk=self.register("Mô hình khác").pk)
        Practice.objects.filter(pk=far.pk).update(
            unit=p.far_commune, province=p.other_province, status=PracticeStatus.RECOGNISED
        )
        self.assertEqual(counts.differences(PRACTICE_COUNTS, connection), [])
        year = first.year
        self.assertEqual(PracticeCount.objects.filter(unit=p.commune, year=year).count(), 2)  # draft, submitted

        for user, unit in ((p.central, None), (p.province_officer, None), (p.province_officer, p.province),
                           (p.commune_officer, p.commune), (p.central, p.other_province)):  # fmt: skip
            listed = practice_selectors.practice_list(user, practice_selectors.PracticeFilters(unit=unit, year=year))
            by_status = {}
            for status in listed.values_list("status", flat=True):
                by_status[status] = by_status.get(status, 0) + 1
            # A unit other than today's province reads its lineage first (the list does the same).
            with self.assertNumQueries(1 if unit is None or unit.level == "province" else 2):
                maintained = practice_selectors.year_status_counts(user, unit, year)
            self.assertEqual({k: v for k, v in maintained.items() if v}, by_status, (user, unit))
        # The province officer sees Quảng Ngãi's practice only because it is recognised.
        self.assertEqual(practice_selectors.year_status_counts(p.province_officer, None, year)["recognised"], 1)

        Practice.objects.filter(pk=first.pk).update(year=year - 1)
        Practice.objects.filter(pk=second.pk).delete()
        self.assertEqual(counts.differences(PRACTICE_COUNTS, connection), [])
        self.assertEqual(practice_selectors.year_status_counts(p.central, p.commune, year - 1), {"draft": 1})


class CountsCommandTest(BaseTestCase):
    def test_it_finds_a_wrong_count_and_the_rebuild_repairs_it(self):
        import io

        from django.core.management import CommandError, call_command

        submit(self.p, ip="203.0.113.9")
        out = io.StringIO()
        call_command("counts", stdout=out)
        self.assertIn("cases_case_count: khớp", out.getvalue())
        CaseCount.objects.update(received=99)
        with self.assertRaises(CommandError):
            call_command("counts", stdout=io.StringIO())
        call_command("counts", rebuild=True, stdout=io.StringIO())
        call_command("counts", stdout=io.StringIO())  # exact again
        self.assertEqual(CaseCount.objects.get().received, 1)
