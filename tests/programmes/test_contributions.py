"""The forces' contributions: entered by the force for places in its territory, in the report of its own unit by
force, added exactly once by the roll-up up to the nation."""

import datetime as dt
from decimal import Decimal

from audit.models import AuditEvent
from lib.errors import ServiceError
from programmes import contributions, selectors
from programmes.models import ContributionKind, Force
from reports import selectors as report_selectors
from reports import services as report_services
from reports.catalogue import standard_form
from reports.models import Indicator, Report, Value
from tests.factories import make_org, make_user
from tests.programmes.helpers import ProgrammesTestCase


class ContributionTest(ProgrammesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.form = standard_form()
        cls.period = report_services.period_open(form=cls.form, year=2026, number=1, by=cls.p.central)
        cls.kind = {k.code: k for k in ContributionKind.objects.all()}
        cls.ind = {i.code: i for i in Indicator.objects.filter(code__startswith="force_")}

    def add(self, by, org, kind, place, quantity, value=0, day=dt.date(2026, 3, 20)):
        return contributions.contribution_add(
            by=by, organization=org, kind=self.kind[kind], place=place, date_from=day - dt.timedelta(days=5),
            date_to=day, quantity=Decimal(quantity), value_vnd=value,
        )  # fmt: skip

    def border_guard_enters_two_communes(self):
        p = self.p
        self.add(p.border_officer, p.border, "workdays", p.commune, 120)
        self.add(p.border_officer, p.border, "workdays", p.other_commune, 80)
        self.add(p.border_officer, p.border, "houses", p.commune, 3, value=150_000_000)
        self.add(p.border_officer, p.border, "houses", p.other_commune, 2, value=100_000_000)
        self.add(p.border_officer, p.border, "road_km", p.other_commune, "2.55")
        # Outside the period (second half): in no report of this period.
        self.add(p.border_officer, p.border, "workdays", p.commune, 999, day=dt.date(2026, 7, 2))

    def amounts(self, report) -> dict[tuple[str, str], int]:
        rows = Value.objects.filter(report=report, indicator__code__startswith="force_", is_auto=True)
        return {(v.indicator.code, v.breakdown): v.amount for v in rows.select_related("indicator") if v.amount}

    def test_the_province_six_month_report_shows_the_border_guard_figures_automatically(self):
        self.border_guard_enters_two_communes()
        p = self.p
        report = Report.objects.get(organization=p.province_org, period=self.period)
        report_services.report_save(report=report, by=p.province_officer)
        amounts = self.amounts(report)
        self.assertEqual(amounts[("force_workdays", "")], 200)
        self.assertEqual(amounts[("force_workdays", Force.BORDER_GUARD)], 200)
        self.assertNotIn(("force_workdays", Force.POLICE), amounts)
        self.assertEqual(amounts[("force_houses", Force.BORDER_GUARD)], 5)
        self.assertEqual(amounts[("force_houses_vnd", Force.BORDER_GUARD)], 250_000_000)
        self.assertEqual(amounts[("force_road_km", "")], 255)  # 2,55 km at two decimals
        self.assertEqual(self.ind["force_road_km"].to_value(255), Decimal("2.55"))
        # The communes' own reports do not count the province's force again.
        commune = Report.objects.get(organization=p.commune_org, period=self.period)
        report_services.report_save(report=commune, by=p.commune_officer)
        self.assertEqual(self.amounts(commune), {})
        # A typed value for an automatic indicator is ignored: the figure stays computed.
        report_services.report_save(
            report=report, by=p.province_officer, values={(self.ind["force_workdays"].pk, ""): 5}
        )
        self.assertEqual(self.amounts(report)[("force_workdays", "")], 200)

    def test_the_national_rollup_adds_them_exactly_once(self):
        self.border_guard_enters_two_communes()
        p = self.p
        # A commune police post (its own unit: the commune) and a police post of another province.
        self.add(p.post_officer, p.posts[0], "workdays", p.commune, 10)
        far_post = make_org("Công an Phường Cẩm Thành", "cong-an", p.far_commune)
        far_officer = make_user("canbocamthanh", far_post, "officer")
        self.add(far_officer, far_post, "workdays", p.far_commune, 7)
        reports = {o: Report.objects.get(organization=o, period=self.period) for o in
                   (p.commune_org, p.other_commune_org, p.province_org, p.far_org)}  # fmt: skip
        authors = {p.commune_org: p.commune_officer, p.other_commune_org: p.other_commune_officer,
                   p.province_org: p.province_officer, p.far_org: p.far_officer}  # fmt: skip
        for org in (p.commune_org, p.other_commune_org, p.province_org, p.far_org):
            report_services.report_save(report=reports[org], by=authors[org])
            report_services.report_submit(report=reports[org], by=authors[org])
        report_services.report_approve(report=reports[p.commune_org], by=p.province_officer)
        report_services.report_approve(report=reports[p.other_commune_org], by=p.province_officer)
        report_services.report_approve(report=reports[p.province_org], by=p.central)
        report_services.report_approve(report=reports[p.far_org], by=p.central)
        workdays = self.ind["force_workdays"].pk
        province = report_selectors.rollup_totals(self.period.pk, p.province)
        self.assertEqual(province[(workdays, "")], (210, 3))
        self.assertEqual(province[(workdays, Force.BORDER_GUARD)], (200, 3))
        self.assertEqual(province[(workdays, Force.POLICE)], (10, 3))
        nation = report_selectors.rollup_totals(self.period.pk, None)
        self.assertEqual(nation[(workdays, "")][0], 217)
        self.assertEqual(nation[(workdays, Force.POLICE)][0], 17)
        self.assertEqual(nation[(self.ind["force_houses_vnd"].pk, Force.BORDER_GUARD)][0], 250_000_000)
        first_half = selectors.contributions_visible_to(p.central).filter(date_to__lte=dt.date(2026, 6, 14))
        rolled = {(r.label, r.kind_id): r.quantity for r in selectors.contribution_rollup(first_half, by="force")}
        self.assertEqual(rolled[("Bộ đội Biên phòng", self.kind["workdays"].pk)], Decimal("200"))
        self.assertEqual(rolled[("Công an", self.kind["workdays"].pk)], Decimal("17"))

    def test_rollup_by_place_follows_where_the_work_was_done(self):
        self.border_guard_enters_two_communes()
        qs = selectors.contributions_visible_to(self.p.province_officer).filter(kind=self.kind["workdays"])
        with self.assertNumQueries(1):
            rows = selectors.contribution_rollup(qs, by="place")
        self.assertEqual(
            sorted((r.label, r.quantity) for r in rows),
            [("Phường Xuân Hương - Đà Lạt", Decimal("1119")), ("Xã Lạc Dương", Decimal("80"))],
        )
        self.assertFalse(selectors.contributions_visible_to(self.p.far_officer).exists())

    def test_it_refuses_other_forces_officers_places_outside_the_territory_and_bad_figures(self):
        p = self.p
        for by, org, place, quantity, kind, value, message in (
            (p.police_officer, p.border, p.commune, 1, "workdays", 0, "Chỉ cán bộ của lực lượng"),
            (p.border_officer, p.border, p.far_commune, 1, "workdays", 0, "không thuộc địa bàn"),
            (p.border_officer, p.border, p.commune, "1.5", "workdays", 0, "chữ số thập phân"),
            (p.border_officer, p.border, p.commune, -3, "workdays", 0, "lớn hơn 0"),
            (p.border_officer, p.border, p.commune, 1, "workdays", 5_000, "không có giá trị bằng tiền"),
            (p.post_officer, p.posts[0], p.other_commune, 1, "workdays", 0, "không thuộc địa bàn"),
        ):
            with self.subTest(message), self.assertRaises(ServiceError) as caught:
                self.add(by, org, kind, place, quantity, value)
            self.assertIn(message, caught.exception.message)
        self.assertEqual(AuditEvent.objects.filter(content_type__model="contribution").count(), 0)
