"""The figures a report computes are counted by the dates the practice belongs to (registration, recognition,
commendation), which a historical entry sets; before DanVan's records the body types them by hand, marked as entered."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.test import override_settings

from geo.models import REFORM_2025, UnitLink
from lib.errors import ServiceError
from orgs.models import Role
from practices import services as practice_services
from practices.models import CriteriaSet, Criterion, Field, Kind
from practices.selectors import practice_statistics
from reports import services
from reports.models import Value
from tests.factories import make_org, make_unit, make_user
from tests.practices.test_lifecycle import COMPLETE
from tests.reports.helpers import ReportsTestCase

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


class PracticeDatesTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        UnitLink.objects.create(predecessor=p.old_province, successor=p.province, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=p.old_commune, successor=p.commune, effective_date=REFORM_2025)
        cls.p2023 = services.period_open(form=cls.form, year=2023, number=1, by=p.central)
        # History entered as it happened: the old province's Ban (before 1/7/2025) appraised and recognised.
        cls.old_ban = make_org(
            "Ban Dân vận Tỉnh ủy Lâm Đồng (trước 1/7/2025)", "ban-tgdv", p.old_province, parent=p.central_org
        )
        cls.old_officer = make_user("canbotinh-cu", cls.old_ban, Role.OFFICER)
        cls.old_appraiser = make_user("thamdinh-cu", cls.old_ban, Role.APPRAISER)
        cls.rubric = CriteriaSet.objects.create(name="Tiêu chí 2023", owner=cls.old_ban, pass_mark=Decimal("50"))
        cls.criterion = Criterion.objects.create(
            criteria_set=cls.rubric, order=1, description="Hiệu quả", max_score=Decimal("100")
        )
        cls.today_rubric = CriteriaSet.objects.create(name="Tiêu chí", owner=p.province_org, pass_mark=Decimal("50"))
        cls.today_criterion = Criterion.objects.create(
            criteria_set=cls.today_rubric, order=1, description="Hiệu quả", max_score=Decimal("100")
        )

    def register(self, unit, **extra):
        practice = practice_services.practice_register(
            by=self.p.commune_officer,
            organization=self.p.commune_org,
            unit=unit,
            name="Dân vận khéo trong xây dựng nông thôn mới",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            **{**COMPLETE, **extra},
        )
        practice_services.practice_submit(practice=practice, by=self.p.commune_officer)
        return practice

    def recognise(self, practice, on=None):
        """By the body of the decision's day: the old province's Ban before 1/7/2025, today's after."""
        if on is not None and on < REFORM_2025:
            officer, appraiser, rubric, criterion = self.old_officer, self.old_appraiser, self.rubric, self.criterion
        else:
            officer, appraiser = self.p.province_officer, self.p.appraiser
            rubric, criterion = self.today_rubric, self.today_criterion
        appraisal = practice_services.practice_start_appraisal(
            practice=practice, by=officer, criteria_set=rubric, members=[appraiser], on=on
        )
        practice_services.appraisal_score(appraisal=appraisal, by=appraiser, scores={criterion.pk: (Decimal("80"), "")})
        return practice_services.practice_recognise(practice=practice, by=officer, level="province", on=on)

    def auto(self, report):
        services.report_save(report=report, by=self.p.commune_officer, values={})
        rows = Value.objects.filter(report=report, breakdown="").select_related("indicator")
        return {v.indicator.code: v for v in rows}

    def test_a_2023_practice_entered_in_2026_counts_in_2023_and_not_in_2026(self):
        with time_machine.travel(NOW, tick=False):
            today = self.register(self.p.commune)
            old = self.register(self.p.old_commune, registered_on=dt.date(2023, 3, 1))
            self.recognise(old, on=dt.date(2023, 5, 10))
            practice_services.practice_commend(
                practice=old,
                by=self.p.province_officer,
                form="giay_khen",
                authority="Chủ tịch UBND huyện",
                decision_number="45/QĐ-UBND",
                decision_date=dt.date(2023, 6, 1),
                recipient_kind=Kind.MODEL,
                recipient_name="Đảng ủy Phường 1",
            )
        old.refresh_from_db()
        self.assertEqual(
            (old.registered_on, old.recognised_on, old.year), (dt.date(2023, 3, 1), dt.date(2023, 5, 10), 2023)
        )
        self.assertEqual(today.registered_on, dt.date(2026, 3, 2))
        # Today's commune enters old Phường 1's 2023 report: the practice counts there, by its own dates.
        with time_machine.travel(NOW, tick=False):
            report_2023 = services.report_open(
                organization=self.p.commune_org, period=self.p2023, by=self.p.commune_officer, unit=self.p.old_commune
            )
            figures = self.auto(report_2023)
        self.assertEqual([figures[c].amount for c in ("dvk_registered", "dvk_recognised", "dvk_commended")], [1, 1, 1])
        figures_2026 = self.auto(self.report_of(self.p.commune_org))
        self.assertEqual([figures_2026[c].amount for c in ("dvk_registered", "dvk_recognised")], [1, 0])

    def test_recognition_counts_in_the_period_of_its_decision_not_of_the_registration(self):
        with time_machine.travel(NOW, tick=False):
            practice = self.register(self.p.commune, registered_on=dt.date(2025, 12, 1))  # second half of 2025
            self.recognise(practice)
        stats = practice_statistics(unit=self.p.commune, date_from=self.period.start, date_to=self.period.end)
        self.assertEqual((stats["registered"], stats["recognised"]), (0, 1))
        everything = practice_statistics(unit=self.p.commune)
        self.assertEqual((everything["registered"], everything["recognised"]), (1, 1))

    def test_dates_in_the_future_or_out_of_order_are_refused(self):
        with time_machine.travel(NOW, tick=False):
            with self.assertRaises(ServiceError) as caught:
                self.register(self.p.commune, registered_on=dt.date(2026, 3, 3))
            self.assertIn("Ngày đăng ký không thể sau ngày hôm nay", caught.exception.message)
            practice = self.register(self.p.old_commune, registered_on=dt.date(2024, 5, 1))
            with self.assertRaises(ServiceError) as caught:
                self.recognise(practice, on=dt.date(2024, 4, 1))
            self.assertIn("trước ngày đăng ký", caught.exception.message)


class HandEnteredFiguresTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        UnitLink.objects.create(predecessor=p.old_commune, successor=p.commune, effective_date=REFORM_2025)
        cls.p2023 = services.period_open(form=cls.form, year=2023, number=1, by=p.central)

    def open_2023(self):
        return services.report_open(
            organization=self.p.commune_org, period=self.p2023, by=self.p.commune_officer, unit=self.p.old_commune
        )

    def value(self, report, code):
        return Value.objects.get(report=report, indicator=self.ind[code], breakdown="")

    def test_before_danvans_records_a_computed_figure_is_typed_and_marked_as_entered(self):
        report = self.open_2023()
        self.save(report, petitions_received=12, dvk_registered=42)
        received = self.value(report, "petitions_received")
        self.assertEqual((received.amount, received.is_entered, received.is_auto), (12, True, False))
        self.assertEqual(self.value(report, "dvk_registered").amount, 42)
        # Saving again (another figure) does not recompute it away.
        self.save(report, houses=2)
        self.assertEqual(self.value(report, "petitions_received").amount, 12)
        # Emptied, the computed figure returns.
        self.save(report, petitions_received=None)
        received = self.value(report, "petitions_received")
        self.assertEqual((received.amount, received.is_entered, received.is_auto), (0, False, True))

    def test_the_entry_page_offers_an_input_and_shows_the_mark(self):
        report = self.open_2023()
        self.save(report, petitions_received=12)
        self.login(self.p.commune_officer)
        page = self.client.get(f"/bao-cao/{report.pk}/")
        name = f"v_{self.ind['petitions_received'].pk}_"
        self.assertContains(page, f'name="{name}"')
        self.assertContains(page, "Nhập tay")
        self.assertContains(page, 'id="on-behalf"')
        posted = self.client.post(f"/bao-cao/{report.pk}/", {"revision": report.revision, name: "15"})
        self.assertEqual(posted.status_code, 302)
        self.assertEqual(self.value(report, "petitions_received").amount, 15)

    def test_a_period_danvan_keeps_records_of_is_computed_never_typed(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, petitions_received=12)
        received = self.value(report, "petitions_received")
        self.assertEqual((received.amount, received.is_entered, received.is_auto), (0, False, True))

    @override_settings(RECORDS_SINCE=dt.date(2023, 1, 1))
    def test_the_first_day_of_records_is_a_setting(self):
        report = self.open_2023()
        self.save(report, petitions_received=12)
        self.assertFalse(self.value(report, "petitions_received").is_entered)


class OpenOnBehalfPageTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.old_commune_2 = make_unit(
            "24823",
            "Phường 2",
            "phuong",
            parent=p.old_district,
            valid_from=dt.date(1900, 1, 1),
            valid_to=REFORM_2025 - dt.timedelta(days=1),
        )
        UnitLink.objects.create(predecessor=p.old_commune, successor=p.commune, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=cls.old_commune_2, successor=p.commune, effective_date=REFORM_2025)
        cls.p2023 = services.period_open(form=cls.form, year=2023, number=1, by=p.central)

    def test_the_page_lists_the_predecessors_and_opens_the_chosen_ones_report(self):
        self.login(self.p.commune_officer)
        url = "/bao-cao/lap-bao-cao/"
        page = self.client.get(url, {"organization": self.p.commune_org.pk, "period": self.p2023.pk})
        self.assertContains(page, "Phường 1")
        self.assertContains(page, "Phường 2")
        made = self.client.post(
            url, {"organization": self.p.commune_org.pk, "period": self.p2023.pk, "unit": self.old_commune_2.pk}
        )
        self.assertEqual(made.status_code, 302)
        report = self.p.commune_org.reports.get(period=self.p2023)
        self.assertEqual(report.unit, self.old_commune_2)
        listed = self.client.get("/bao-cao/")
        self.assertContains(listed, "(thay cho Phường 2)")
        # Not a predecessor: a clear message and nothing created.
        refused = self.client.post(
            url, {"organization": self.p.commune_org.pk, "period": self.p2023.pk, "unit": self.p.far_commune.pk}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "Hãy chọn tổ chức", status_code=400)
        self.assertEqual(self.p.commune_org.reports.filter(period=self.p2023).count(), 1)

    def test_another_communes_officer_does_not_see_this_organisation(self):
        self.login(self.p.other_commune_officer)
        refused = self.client.post(
            "/bao-cao/lap-bao-cao/",
            {"organization": self.p.commune_org.pk, "period": self.p2023.pk, "unit": self.p.old_commune.pk},
        )
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(self.p.commune_org.reports.filter(period=self.p2023).exists())


class HistoricalPracticeApiTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        UnitLink.objects.create(predecessor=cls.p.old_commune, successor=cls.p.commune, effective_date=REFORM_2025)

    def test_a_practice_registered_in_2023_is_entered_on_the_unit_of_that_day(self):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(self.p.commune_officer)
        body = {
            "name": "Dân vận khéo giữ gìn vệ sinh môi trường",
            "kind": "model",
            "field": "society",
            "unit": "24820",  # Phường 1 in 2023, Phường Xuân Hương - Đà Lạt today: the code was reused
            "registered_on": "2023-04-01",
        }
        made = client.post("/api/v1/practices/", body, format="json")
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual((made.json()["unit_name"], made.json()["registered_on"]), ("Phường 1", "2023-04-01"))
        self.assertEqual(made.json()["year"], 2023)
