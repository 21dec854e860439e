"""`danvan reports verify` finds nothing on an exact store and names a tampered, missing or extra row."""

import io

from django.core.management import CommandError, call_command
from django.db import connection

from geo.models import AdminUnit
from reports import services, store
from reports.models import RollupValue, Value
from tests.reports.helpers import ReportsTestCase


def recompute_queries(queries: int = 1) -> int:
    """PostgreSQL adds a savepoint around two SET LOCAL planner settings (see store._tune)."""
    return queries + 4 if connection.vendor == "postgresql" else queries


class VerifyTest(ReportsTestCase):
    def approve_commune_and_province(self):
        """Two communes and the province's own report: the province row adds its own figures to its subtree's."""
        p = self.p
        for org, officer, houses, gathering in (
            (p.commune_org, p.commune_officer, 5, 30),
            (p.other_commune_org, p.other_commune_officer, 2, 45),
        ):
            report = self.report_of(org)
            self.save(report, by=officer, houses=houses, largest_gathering=gathering)
            services.report_submit(report=report, by=officer)
            services.report_approve(report=report, by=p.province_officer)
        province_report = self.report_of(p.province_org)
        self.save(province_report, by=p.province_officer, houses=1, largest_gathering=60)
        services.report_submit(report=province_report, by=p.province_officer)
        services.report_approve(report=province_report, by=p.central)

    def test_it_finds_no_difference_then_reports_a_tampered_row(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, houses=5, largest_gathering=30)
        services.report_submit(report=report, by=self.p.commune_officer)
        services.report_approve(report=report, by=self.p.province_officer)
        out = io.StringIO()
        call_command("reports", "verify", stdout=out)
        self.assertIn("6 tháng đầu năm 2026: khớp", out.getvalue())
        RollupValue.objects.filter(unit=self.p.province, indicator=self.ind["houses"]).update(total=6)
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 kỳ báo cáo có số liệu tổng hợp không khớp"):
            call_command("reports", "verify", f"--period={self.period.pk}", stdout=out)
        self.assertIn("lưu (6, 1, 'province'), tính lại (5, 1, 'province')", out.getvalue())

    def test_the_recomputation_is_one_query_and_matches_the_store_kept_by_approval(self):
        self.approve_commune_and_province()
        with self.assertNumQueries(recompute_queries()):
            self.assertEqual(store.difference_rows(self.period.pk), [])
        province = store.recompute(self.period.pk)
        self.assertEqual(province[(self.p.province.pk, self.ind["houses"].pk, "")], (8, 3, "province"))
        self.assertEqual(province[(self.p.province.pk, self.ind["largest_gathering"].pk, "")], (60, 3, "province"))
        self.assertEqual(province, store.stored(self.period.pk))

    def test_it_reports_a_missing_row_an_extra_row_and_a_wrong_count(self):
        self.approve_commune_and_province()
        houses, gathering = self.ind["houses"], self.ind["largest_gathering"]
        RollupValue.objects.filter(unit=self.p.commune, indicator=houses).delete()
        RollupValue.objects.filter(unit=self.p.province, indicator=gathering).update(reports=2)
        RollupValue.objects.create(
            period=self.period, unit=self.p.far_commune, unit_level="commune", indicator=houses, total=7, reports=1
        )
        with self.assertNumQueries(recompute_queries(3)):  # counts, then the wrong and missing rows, then the extra
            rows = store.difference_rows(self.period.pk)
        self.assertEqual(
            rows,
            sorted(
                [
                    ((self.p.commune.pk, houses.pk, ""), None, (5, 1, "commune")),
                    ((self.p.province.pk, gathering.pk, ""), (60, 2, "province"), (60, 3, "province")),
                    ((self.p.far_commune.pk, houses.pk, ""), (7, 1, "commune"), None),
                ]
            ),
        )

    def test_rebuild_writes_back_exactly_what_approval_kept(self):
        self.approve_commune_and_province()
        kept = store.stored(self.period.pk)
        RollupValue.objects.filter(period=self.period).update(total=0)
        self.assertEqual(store.rebuild(self.period.pk), len(kept))
        self.assertEqual(store.stored(self.period.pk), kept)

    def test_it_names_a_commune_row_with_another_total_count_or_level(self):
        """A commune's rows pass through without grouping: each is still compared in full."""
        self.approve_commune_and_province()
        p, houses, gathering = self.p, self.ind["houses"], self.ind["largest_gathering"]
        RollupValue.objects.filter(unit=p.commune, indicator=houses).update(total=4)
        RollupValue.objects.filter(unit=p.other_commune, indicator=houses).update(reports=2)
        RollupValue.objects.filter(unit=p.commune, indicator=gathering).update(unit_level="district")
        self.assertEqual(
            store.difference_rows(self.period.pk),
            sorted(
                [
                    ((p.commune.pk, houses.pk, ""), (4, 1, "commune"), (5, 1, "commune")),
                    ((p.other_commune.pk, houses.pk, ""), (2, 2, "commune"), (2, 1, "commune")),
                    ((p.commune.pk, gathering.pk, ""), (30, 1, "district"), (30, 1, "commune")),
                ]
            ),
        )

    def test_a_ratio_is_never_rolled_up_so_a_stored_ratio_row_is_extra(self):
        self.approve_commune_and_province()
        rate = self.ind["dvk_recognition_rate"]
        report = self.report_of(self.p.commune_org)
        # A raw ratio figure (never written by the services) is not part of any roll-up row...
        Value.objects.create(report=report, indicator=rate, amount=500)
        self.assertEqual(store.difference_rows(self.period.pk), [])
        # ...and a stored ratio row is one that nothing recomputes.
        RollupValue.objects.create(
            period=self.period, unit=self.p.commune, unit_level="commune", indicator=rate, total=500, reports=1
        )
        self.assertEqual(
            store.difference_rows(self.period.pk), [((self.p.commune.pk, rate.pk, ""), (500, 1, "commune"), None)]
        )

    def test_a_commune_without_ancestors_is_still_compared_row_by_row(self):
        """Broken ancestry must not hide a commune row: it is then grouped like a unit with several reports."""
        self.approve_commune_and_province()
        p, houses = self.p, self.ind["houses"]
        AdminUnit.objects.filter(pk=p.commune.pk).update(province=None, district=None)
        # The province no longer counts that commune: its rows are made right, so the commune's is the only wrong row.
        RollupValue.objects.filter(unit=p.province).update(reports=2)
        RollupValue.objects.filter(unit=p.province, indicator=houses).update(total=3)
        self.assertEqual(store.difference_rows(self.period.pk), [])
        RollupValue.objects.filter(unit=p.commune, indicator=houses).update(total=4)
        self.assertEqual(
            store.difference_rows(self.period.pk),
            [((p.commune.pk, houses.pk, ""), (4, 1, "commune"), (5, 1, "commune"))],
        )
