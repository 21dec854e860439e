"""Roll-up over the time-versioned hierarchy, comparisons across the 2025 change, completeness, auto-fill."""

import datetime as dt
from decimal import Decimal

import time_machine

from geo.models import REFORM_2025, UnitLink, UnitType
from orgs.models import Role
from practices import services as practice_services
from practices.models import Field, Kind
from reports import board as report_board
from reports import selectors, services, store
from reports.models import Status, Value
from tests.factories import make_org, make_unit, make_user
from tests.practices.test_lifecycle import COMPLETE
from tests.reports.helpers import ReportsTestCase


class HistoricalRollupTest(ReportsTestCase):
    """A district and its communes that existed only before 1/7/2025 report on the first half of 2025."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        old_end = REFORM_2025 - dt.timedelta(days=1)
        cls.old_commune_2 = make_unit(
            "24823", "Phường 2", UnitType.WARD, parent=p.old_district, valid_from=dt.date(1900, 1, 1), valid_to=old_end
        )
        UnitLink.objects.create(predecessor=p.old_province, successor=p.province, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=p.old_commune, successor=p.commune, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=cls.old_commune_2, successor=p.commune, effective_date=REFORM_2025)
        cls.old_orgs = [
            make_org("Đảng ủy Phường 1 (cũ)", "dang-uy-xa", p.old_commune),
            make_org("Đảng ủy Phường 2 (cũ)", "dang-uy-xa", cls.old_commune_2),
        ]
        cls.period_2025 = services.period_open(form=cls.form, year=2025, number=1, by=p.central)

    def approve_old(self, org, **values):
        report = services.report_open(organization=org, period=self.period_2025, by=self.p.central)
        # An officer of the old unit enters its figures: central roles no longer write other units' reports.
        author = make_user(f"canbo-cu-{org.pk}", org, Role.OFFICER)
        self.save(report, by=author, **values)
        services.report_submit(report=report, by=author)
        services.report_approve(report=report, by=self.p.province_officer)  # today's province: via predecessors
        return report

    def test_old_figures_add_up_into_the_old_district_and_province_of_their_time(self):
        self.approve_old(self.old_orgs[0], houses=3, road_km=Decimal("1.25"))
        self.approve_old(self.old_orgs[1], houses=4)
        for unit in (self.p.old_district, self.p.old_province, None):
            roll = selectors.rollup(self.period_2025, unit)
            self.assertEqual(roll.value("houses").figure.value, 7, unit)
            self.assertEqual(roll.value("road_km").figure.value, Decimal("1.25"), unit)
        # Today's province did not exist then: nothing of 2025 is in its own row.
        self.assertIsNone(selectors.rollup(self.period_2025, self.p.province).value("houses").figure.value)
        self.assertEqual(store.differences(self.period_2025.pk), [])

    def test_verify_recomputes_the_old_district_and_province_rows_and_names_a_wrong_one(self):
        from reports.models import RollupValue

        self.approve_old(self.old_orgs[0], houses=3, largest_gathering=40)
        self.approve_old(self.old_orgs[1], houses=4, largest_gathering=25)
        expected = store.recompute(self.period_2025.pk)
        houses, gathering = self.ind["houses"].pk, self.ind["largest_gathering"].pk
        self.assertEqual(expected[(self.p.old_district.pk, houses, "")], (7, 2, "district"))
        self.assertEqual(expected[(self.p.old_province.pk, houses, "")], (7, 2, "province"))
        self.assertEqual(expected[(self.p.old_province.pk, gathering, "")], (40, 2, "province"))  # a maximum
        self.assertEqual(expected, store.stored(self.period_2025.pk))
        RollupValue.objects.filter(period=self.period_2025, unit=self.p.old_district, indicator_id=houses).update(
            total=8
        )
        self.assertEqual(
            store.difference_rows(self.period_2025.pk),
            [((self.p.old_district.pk, houses, ""), (8, 2, "district"), (7, 2, "district"))],
        )

    def test_comparison_with_the_same_period_last_year_goes_through_successor_links(self):
        self.approve_old(self.old_orgs[0], houses=8)
        report = self.report_of(self.p.commune_org)
        self.save(report, houses=10)
        services.report_submit(report=report, by=self.p.commune_officer)
        services.report_approve(report=report, by=self.p.province_officer)
        roll = selectors.rollup(self.period, self.p.province)
        self.assertEqual(roll.last_year_period, self.period_2025)
        self.assertEqual(roll.last_year_units, [self.p.old_province])
        houses = roll.value("houses")
        self.assertEqual((houses.figure.value, houses.last_year, houses.last_year_diff), (10, 8, 2))
        self.assertEqual(houses.last_year_pct, Decimal("25.0"))
        # The previous period of 2026's first half is 2025's first half too (no second half opened).
        self.assertEqual(houses.previous, 8)
        commune = selectors.rollup(self.period, self.p.commune)
        self.assertEqual(commune.value("houses").last_year, 8)  # Phường 1 and Phường 2 → Xuân Hương


class RollupReadTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        for org, officer, houses in (
            (p.commune_org, p.commune_officer, 5),
            (p.other_commune_org, p.other_commune_officer, 7),
        ):
            report = cls.report_of(cls, org)
            services.report_save(report=report, by=officer, values={(cls.ind["houses"].pk, ""): houses})
            services.report_submit(report=report, by=officer)
            services.report_approve(report=report, by=p.province_officer)

    def test_a_rollup_is_one_read_of_the_store(self):
        with self.assertNumQueries(1):
            totals = selectors.rollup_totals(self.period.pk, self.p.province)
        self.assertEqual(totals[self.key("houses")], (12 * 1, 2))
        with self.assertNumQueries(1):
            national = selectors.rollup_totals(self.period.pk, None)
        self.assertEqual(national[self.key("houses")], (12, 2))

    def test_the_full_rollup_page_data_has_a_fixed_number_of_queries(self):
        # form indicators, current totals, previous period, last year's period.
        with self.assertNumQueries(4):
            roll = selectors.rollup(self.period, self.p.province)
        self.assertEqual(roll.value("houses").figure.value, 12)
        self.assertIsNone(roll.value("houses").previous)

    def test_completeness_per_level_and_the_board(self):
        with self.assertNumQueries(1):
            rows = selectors.completeness(self.period, self.p.province)
        self.assertEqual(
            [(c.label, c.expected, c.submitted, c.approved) for c in rows], [("Cấp tỉnh", 1, 0, 0), ("Cấp xã", 2, 2, 2)]
        )
        self.assertEqual(rows[1].on_time, 0)  # submitted in November for a June deadline
        key = [self.ind["houses"]]
        with self.assertNumQueries(3):
            board = report_board.board(self.period, None, key)
        by_name = {r["unit"].name: r for r in board["rows"]}
        self.assertEqual(by_name["Tỉnh Lâm Đồng"]["figures"], [12])
        self.assertEqual((by_name["Tỉnh Lâm Đồng"]["expected"], by_name["Tỉnh Lâm Đồng"]["approved"]), (3, 2))
        self.assertEqual(by_name["Tỉnh Quảng Ngãi"]["figures"], [None])
        self.assertEqual(board["total"], [12])
        self.assertNotIn("Tỉnh Lâm Đồng (cũ)", by_name)  # old versions are not today's provinces


class AutofillTest(ReportsTestCase):
    def test_known_figures_are_filled_from_practices_and_cannot_be_typed(self):
        p = self.p
        with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
            for kind, person in ((Kind.MODEL, ""), (Kind.EXEMPLAR, "Nguyễn Văn A")):
                practice = practice_services.practice_register(
                    by=p.commune_officer,
                    organization=p.commune_org,
                    unit=p.commune,
                    name=f"Mô hình {kind}",
                    kind=kind,
                    field=Field.SOCIETY,
                    money_vnd=2_000_000,
                    person_name=person,
                    **COMPLETE,
                )
                practice_services.practice_submit(practice=practice, by=p.commune_officer)
        report = self.report_of(p.commune_org)
        services.report_save(
            report=report, by=p.commune_officer, values={self.key("dvk_registered"): 99, self.key("houses"): 1}
        )
        rows = Value.objects.filter(report=report).values_list("indicator_id", "breakdown", "amount")
        amounts = {(i, b): a for i, b, a in rows}
        self.assertEqual(amounts[self.key("dvk_registered")], 2)
        self.assertEqual(amounts[self.key("dvk_registered", "collective")], 1)
        self.assertEqual(amounts[self.key("dvk_registered", "individual")], 1)
        self.assertEqual(amounts[self.key("dvk_money_vnd")], 4_000_000)
        self.assertTrue(Value.objects.get(report=report, indicator=self.ind["dvk_registered"], breakdown="").is_auto)
        # The province's own report counts only practices registered on the province itself.
        province_report = self.report_of(p.province_org)
        services.report_save(report=province_report, by=p.province_officer, values={})
        self.assertEqual(
            Value.objects.get(report=province_report, indicator=self.ind["dvk_registered"], breakdown="").amount, 0
        )
        services.report_submit(report=report, by=p.commune_officer)
        services.report_approve(report=report, by=p.province_officer)
        roll = selectors.rollup(self.period, p.province)
        self.assertEqual(roll.value("dvk_registered").figure.value, 2)
        self.assertEqual(roll.value("dvk_registered", "individual").figure.value, 1)
        self.assertEqual(Status(report.status), Status.APPROVED)


class CaseAutofillTest(ReportsTestCase):
    def test_petition_figures_are_filled_from_the_cases_of_the_unit_and_period(self):
        from cases import handling as case_handling
        from tests.cases.helpers import submit

        p = self.p
        with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
            answered, _token = submit(p, kind="feedback")
            submit(p, kind="petition")
            submit(p, kind="petition", unit=p.other_commune)  # another commune's case
            case_handling.case_accept(case=answered, by=p.central)
            case_handling.case_answer(case=answered, by=p.central, text="Đã trả lời công dân bằng văn bản.")
        with time_machine.travel(dt.datetime(2026, 6, 20, 9, tzinfo=dt.UTC)):
            submit(p, kind="petition")  # after the period (15/12/2025 – 14/6/2026)
        report = self.report_of(p.commune_org)
        services.report_save(
            report=report, by=p.commune_officer, values={self.key("petitions_received"): 99, self.key("houses"): 1}
        )
        values = {v.indicator.code: v for v in Value.objects.filter(report=report).select_related("indicator")}
        self.assertEqual(values["petitions_received"].amount, 2)  # typed 99 ignored: computed, never typed
        self.assertEqual(values["petitions_resolved"].amount, 1)
        self.assertEqual(values["petitions_on_time"].amount, 1)
        self.assertTrue(all(values[c].is_auto for c in ("petitions_received", "petitions_resolved")))
        self.assertFalse(values["houses"].is_auto)
        self.login(p.commune_officer)
        page = self.client.get(f"/bao-cao/{report.pk}/")
        received = f"v_{self.ind['petitions_received'].pk}_"
        self.assertContains(page, f'<span id="{received}">2</span> <span class="badge auto">Tự động</span>', html=True)
        self.assertNotContains(page, f'name="{received}"')  # no input to type it
        services.report_submit(report=report, by=p.commune_officer)
        services.report_approve(report=report, by=p.province_officer)
        roll = selectors.rollup(self.period, p.province)
        self.assertEqual(roll.value("petitions_received").figure.value, 2)
        self.assertEqual(roll.value("petitions_resolved_rate").figure.value, Decimal("50.0"))
