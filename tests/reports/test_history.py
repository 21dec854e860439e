"""History for the units that merged in 2025: today's bodies enter 2023 reports on behalf of their predecessor units,
the figures roll up in the 2023 hierarchy (old Lâm Đồng, old Lâm Hà), and today's Lâm Đồng compares 2026 with 2023.

Runs on the official units (geo.loader), so the predecessors are the real ones: Xã Nam Ban Lâm Hà was Thị trấn Nam
Ban, Mê Linh, Đông Thanh and Gia Lâm of Huyện Lâm Hà; today's Lâm Đồng was old Lâm Đồng, Đắk Nông and Bình Thuận."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from rest_framework.test import APIClient

from audit.models import AuditEvent
from geo.loader import load_units
from geo.models import AdminUnit
from geo.selectors import unit_on
from lib.errors import ServiceError
from orgs.models import Role
from reports import selectors, services, store
from reports.catalogue import standard_form
from reports.models import Indicator, Report
from tests.factories import make_org, make_user

Y2023 = dt.date(2023, 6, 14)
TODAY = dt.date(2026, 1, 1)


class HistoryForMergedUnitsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        cls.lam_dong = unit_on("68", TODAY)
        cls.old_lam_dong = unit_on("68", Y2023)
        cls.dak_nong = unit_on("67", Y2023)
        cls.lam_ha = unit_on("676", Y2023, level="district")
        cls.nam_ban = unit_on("24868", TODAY)  # Xã Nam Ban Lâm Hà
        cls.dinh_van = unit_on("24871", TODAY)  # Xã Đinh Văn Lâm Hà
        cls.central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
        cls.province_org = make_org(
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", cls.lam_dong, parent=cls.central_org
        )
        cls.nam_ban_org = make_org("Đảng ủy xã Nam Ban Lâm Hà", "dang-uy-xa", cls.nam_ban, parent=cls.province_org)
        cls.dinh_van_org = make_org("Đảng ủy xã Đinh Văn Lâm Hà", "dang-uy-xa", cls.dinh_van, parent=cls.province_org)
        cls.central = make_user("trunguong", cls.central_org, Role.CENTRAL)
        cls.province_officer = make_user("canbotinh", cls.province_org)
        cls.nam_ban_officer = make_user("canbonamban", cls.nam_ban_org)
        cls.dinh_van_officer = make_user("canbodinhvan", cls.dinh_van_org)
        cls.form = standard_form()
        cls.p2023 = services.period_open(form=cls.form, year=2023, number=1, by=cls.central)
        cls.p2026 = services.period_open(form=cls.form, year=2026, number=1, by=cls.central)
        cls.houses = Indicator.objects.get(code="houses")
        cls.road = Indicator.objects.get(code="road_km")

    def old_commune(self, name: str) -> AdminUnit:
        return AdminUnit.objects.valid_on(Y2023).get(name=name, district=self.lam_ha)

    def enter(self, org, author, unit, approver, *, period=None, **values):
        report = services.report_open(organization=org, period=period or self.p2023, by=author, unit=unit)
        services.report_save(
            report=report,
            by=author,
            values={(Indicator.objects.get(code=k).pk, ""): v for k, v in values.items()},
        )
        services.report_submit(report=report, by=author)
        services.report_approve(report=report, by=approver)
        return report

    def test_a_2023_period_lists_no_draft_for_todays_bodies_and_asking_without_a_unit_names_the_choices(self):
        self.assertFalse(Report.objects.filter(period=self.p2023).exists())  # nobody of 2023 exists today
        with self.assertRaises(ServiceError) as caught:
            services.report_open(organization=self.nam_ban_org, period=self.p2023, by=self.nam_ban_officer)
        self.assertEqual(caught.exception.status_code, 400)
        self.assertIn("hãy chọn đơn vị tiền thân", caught.exception.message)
        names = [c["name"] for c in caught.exception.extra["candidates"]]
        self.assertEqual(sorted(names), ["Thị trấn Nam Ban", "Xã Gia Lâm", "Xã Mê Linh", "Xã Đông Thanh"])

    def test_the_choices_are_the_predecessors_valid_in_the_period_in_two_queries(self):
        with self.assertNumQueries(2):
            choices = selectors.predecessor_choices(self.province_org, self.p2023)
        self.assertEqual({u.name for u in choices}, {"Tỉnh Lâm Đồng", "Tỉnh Đắk Nông", "Tỉnh Bình Thuận"})
        self.assertTrue(all(u.valid_to == dt.date(2025, 6, 30) for u in choices))
        # Đinh Văn Lâm Hà took a commune of Đức Trọng too: it may report for it, in Đức Trọng.
        dinh_van = {u.name: u for u in selectors.predecessor_choices(self.dinh_van_org, self.p2023)}
        self.assertEqual(set(dinh_van), {"Thị trấn Đinh Văn", "Xã Tân Văn", "Xã Bình Thạnh"})
        self.assertEqual(dinh_van["Xã Bình Thạnh"].district.name, "Huyện Đức Trọng")
        # For 2026 the choice is today's unit itself.
        self.assertEqual(selectors.predecessor_choices(self.nam_ban_org, self.p2026), [self.nam_ban])

    def test_todays_communes_and_province_enter_2023_for_their_predecessors_and_old_lam_dong_rolls_them_up(self):
        mê_linh, gia_lam = self.old_commune("Xã Mê Linh"), self.old_commune("Xã Gia Lâm")
        first = self.enter(self.nam_ban_org, self.nam_ban_officer, mê_linh, self.province_officer, houses=3)
        self.enter(self.nam_ban_org, self.nam_ban_officer, gia_lam, self.province_officer, houses=4)
        tan_van = self.old_commune("Xã Tân Văn")
        self.enter(
            self.dinh_van_org, self.dinh_van_officer, tan_van, self.province_officer, houses=5, road_km=Decimal("1.5")
        )
        self.assertEqual((first.unit, first.organization, first.on_behalf), (mê_linh, self.nam_ban_org, True))
        created = AuditEvent.objects.for_object(first).filter(action="create")
        self.assertEqual(created.get().changes, {"unit": [None, mê_linh.pk]})
        # Today's province body reports for old Lâm Đồng itself (its own figures), approved by the central level.
        own = self.enter(self.province_org, self.province_officer, self.old_lam_dong, self.central, houses=10)
        self.assertEqual(own.unit, self.old_lam_dong)

        self.assertEqual(selectors.rollup(self.p2023, self.lam_ha).value("houses").figure.value, 12)
        old = selectors.rollup(self.p2023, self.old_lam_dong)
        self.assertEqual(old.value("houses").figure.value, 22)
        self.assertEqual(old.value("road_km").figure.value, Decimal("1.5"))
        self.assertEqual(selectors.rollup(self.p2023, None).value("houses").figure.value, 22)
        # Nothing of 2023 lands on today's units, and the store agrees with a recomputation.
        self.assertIsNone(selectors.rollup(self.p2023, self.lam_dong).value("houses").figure.value)
        self.assertEqual(store.differences(self.p2023.pk), [])

    def test_a_unit_that_is_not_a_predecessor_is_refused_and_nothing_is_created(self):
        other = self.old_commune("Xã Tân Hà")  # became Xã Tân Hà Lâm Hà, not Nam Ban
        with self.assertRaises(ServiceError) as caught:
            services.report_open(organization=self.nam_ban_org, period=self.p2023, by=self.nam_ban_officer, unit=other)
        self.assertEqual(caught.exception.status_code, 400)
        self.assertIn("không phải là đơn vị tiền thân", caught.exception.message)
        self.assertFalse(Report.objects.filter(period=self.p2023).exists())

    def test_one_old_unit_is_entered_once_per_type_of_body(self):
        gia_lam = self.old_commune("Xã Gia Lâm")
        services.report_open(organization=self.nam_ban_org, period=self.p2023, by=self.nam_ban_officer, unit=gia_lam)
        again = services.report_open(
            organization=self.nam_ban_org, period=self.p2023, by=self.nam_ban_officer, unit=gia_lam
        )
        self.assertEqual(Report.objects.filter(period=self.p2023, unit=gia_lam).count(), 1)
        self.assertEqual(again.unit, gia_lam)
        twin = make_org("Đảng ủy xã Nam Ban Lâm Hà (bản sao)", "dang-uy-xa", self.nam_ban, parent=self.province_org)
        with self.assertRaises(ServiceError) as caught:
            services.report_open(organization=twin, period=self.p2023, by=self.province_officer, unit=gia_lam)
        self.assertEqual(caught.exception.status_code, 409)
        self.assertIn("đã có báo cáo", caught.exception.message)

    def test_another_province_cannot_enter_for_lam_dongs_predecessors(self):
        hue_org = make_org("Ban Tuyên giáo và Dân vận Thành ủy Huế", "ban-tgdv", unit_on("46", TODAY))
        hue_officer = make_user("canbohue", hue_org)
        with self.assertRaises(ServiceError) as caught:
            services.report_open(
                organization=self.province_org, period=self.p2023, by=hue_officer, unit=self.old_lam_dong
            )
        self.assertEqual(caught.exception.status_code, 403)

    def test_todays_lam_dong_compares_2026_with_2023_through_its_three_predecessors(self):
        self.enter(self.province_org, self.province_officer, self.old_lam_dong, self.central, houses=10)
        self.enter(self.province_org, self.province_officer, self.dak_nong, self.central, houses=6)
        mê_linh = self.old_commune("Xã Mê Linh")
        self.enter(self.nam_ban_org, self.nam_ban_officer, mê_linh, self.province_officer, houses=4)
        self.enter(self.nam_ban_org, self.nam_ban_officer, None, self.province_officer, period=self.p2026, houses=25)
        late = Report.objects.get(organization=self.dinh_van_org, period=self.p2026)
        services.report_mark_missing(report=late, by=self.province_officer, reason="Chưa nộp")
        self.enter(self.province_org, self.province_officer, None, self.central, period=self.p2026, houses=15)
        self.assertEqual(list(selectors.comparable_periods(self.p2026)), [self.p2023])
        with self.assertNumQueries(6):
            roll = selectors.rollup(self.p2026, self.lam_dong, compare_to=self.p2023)
        self.assertEqual(
            sorted(u.name for u in roll.other_units), ["Tỉnh Bình Thuận", "Tỉnh Lâm Đồng", "Tỉnh Đắk Nông"]
        )
        houses = roll.value("houses")
        self.assertEqual((houses.figure.value, houses.other, houses.other_diff), (40, 20, 20))
        self.assertEqual(houses.other_pct, Decimal("100.0"))
        # The commune compares with the old communes it was formed from.
        commune = selectors.rollup(self.p2026, self.nam_ban, compare_to=self.p2023).value("houses")
        self.assertEqual((commune.figure.value, commune.other), (25, 4))

    def test_the_api_opens_a_report_on_behalf_and_the_rollup_compares_with_any_earlier_period(self):
        client = APIClient()
        client.force_authenticate(self.nam_ban_officer)
        refused = client.post("/api/v1/reports/", {"organization": self.nam_ban_org.pk, "period": self.p2023.pk})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(len(refused.json()["extra"]["candidates"]), 4)
        code = self.old_commune("Thị trấn Nam Ban").code
        opened = client.post(
            "/api/v1/reports/", {"organization": self.nam_ban_org.pk, "period": self.p2023.pk, "unit": code}
        )
        self.assertEqual(opened.status_code, 201, opened.content)
        self.assertEqual((opened.json()["unit_name"], opened.json()["on_behalf"]), ("Thị trấn Nam Ban", True))
        unknown = client.post(
            "/api/v1/reports/", {"organization": self.nam_ban_org.pk, "period": self.p2023.pk, "unit": "99999"}
        )
        self.assertEqual(unknown.status_code, 400)

        client.force_authenticate(self.province_officer)
        r = client.get(f"/api/v1/reports/rollup/?period={self.p2026.pk}&unit=68&compare_to={self.p2023.pk}")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["compare_to"], self.p2023.pk)
        self.assertEqual(len(r.json()["compare_units"]), 3)
        later = client.get(f"/api/v1/reports/rollup/?period={self.p2023.pk}&unit=68&compare_to={self.p2026.pk}")
        self.assertEqual(later.status_code, 400)  # only an earlier period compares

    def test_the_rollup_page_offers_earlier_periods_and_shows_the_chosen_one(self):
        self.client.force_login(self.province_officer)
        page = self.client.get(f"/bao-cao/tong-hop/{self.p2026.pk}/?unit=68&so_sanh={self.p2023.pk}")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="compare-note"')
        self.assertContains(page, "Tỉnh Đắk Nông")
        self.assertEqual(self.client.get(f"/bao-cao/tong-hop/{self.p2026.pk}/?unit=68&so_sanh=999999").status_code, 404)
