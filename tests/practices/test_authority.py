"""Who may decide on a practice: registered by its owner, appraised by a council of the recognising level's body,
recognised by that level's authority — never by the registering officer; levels follow the hierarchy of the day."""

import datetime as dt
from decimal import Decimal

from geo.models import BEGINNING, REFORM_2025, UnitLink, UnitType
from lib.errors import ServiceError
from orgs.models import Role, User
from practices import services
from practices.models import CriteriaSet, Criterion, Field, Kind, Practice, Status
from tests.base import BaseTestCase
from tests.factories import make_org, make_unit, make_user
from tests.practices.test_lifecycle import COMPLETE

LAST_DISTRICT_DAY = REFORM_2025 - dt.timedelta(days=1)  # 30/6/2025


def rubric_of(org, name="Bộ tiêu chí"):
    rubric = CriteriaSet.objects.create(name=name, owner=org, pass_mark=Decimal("5"))
    Criterion.objects.create(criteria_set=rubric, description="Hiệu quả", max_score=Decimal("10"))
    return rubric


class RecognitionByTheLevelAboveTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.province_rubric = rubric_of(p.province_org, "Tiêu chí DVK tỉnh Lâm Đồng")
        cls.commune_rubric = rubric_of(p.commune_org, "Tiêu chí tự đặt của phường")
        cls.mttq = make_org("Ủy ban MTTQ Phường Xuân Hương - Đà Lạt", "mttq", p.commune)
        cls.mttq_officer = make_user("canbo-mttq", cls.mttq, Role.OFFICER)
        cls.mttq_rubric = rubric_of(cls.mttq, "Tiêu chí MTTQ phường")

    def registered(self, by=None, org=None):
        by = by or self.p.commune_officer
        practice = services.practice_register(
            by=by,
            organization=org or self.p.commune_org,
            unit=self.p.commune,
            name="Dân vận khéo trong giải phóng mặt bằng",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            registered_on=dt.date(2026, 8, 3),  # before the decisions dated in the tests below
            **COMPLETE,
        )
        return services.practice_submit(practice=practice, by=by)

    def score(self, appraisal, by):
        crit = appraisal.criteria_set.criteria.get()
        services.appraisal_score(appraisal=appraisal, by=by, scores={crit.pk: (Decimal("8"), "")})

    def assert_refused(self, status_code, call, text):
        with self.assertRaises(ServiceError) as ctx:
            call()
        self.assertEqual(ctx.exception.status_code, status_code, ctx.exception.message)
        self.assertIn(text, ctx.exception.message)

    def test_the_registering_commune_officer_gets_403_on_appraising_and_recognising(self):
        p = self.p
        practice = self.registered()
        for rubric in (self.province_rubric, self.commune_rubric):
            self.assert_refused(
                403,
                lambda r=rubric: services.practice_start_appraisal(
                    practice=practice, by=p.commune_officer, criteria_set=r, members=[p.appraiser]
                ),
                "không được tự thẩm định",
            )
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.REGISTERED)
        appraisal = services.practice_start_appraisal(
            practice=practice, by=p.province_officer, criteria_set=self.province_rubric, members=[p.appraiser]
        )
        self.assert_refused(
            403,
            lambda: services.appraisal_score(
                appraisal=appraisal,
                by=p.commune_officer,
                scores={appraisal.criteria_set.criteria.get().pk: (Decimal("10"), "")},
            ),
            "không phải thành viên hội đồng",
        )
        self.score(appraisal, p.appraiser)
        for level in ("province", "commune", None):
            self.assert_refused(
                403,
                lambda lv=level: services.practice_recognise(practice=practice, by=p.commune_officer, level=lv),
                "không được tự công nhận",
            )
        self.assert_refused(
            403,
            lambda: services.practice_reject(practice=practice, by=p.commune_officer, reason="Tự rút"),
            "không được tự công nhận",
        )
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.UNDER_APPRAISAL)
        self.assertEqual(practice.recognition_level, "")

    def test_the_provinces_council_appraises_and_its_authority_recognises(self):
        p = self.p
        practice = self.registered()
        appraisal = services.practice_start_appraisal(
            practice=practice, by=p.province_officer, criteria_set=self.province_rubric, members=[p.appraiser]
        )
        self.assertEqual(appraisal.council, p.province_org)
        self.score(appraisal, p.appraiser)
        services.practice_recognise(practice=practice, by=p.province_officer, on=dt.date(2026, 10, 15))
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.RECOGNISED)
        self.assertEqual(practice.recognition_level, "province")
        self.assertEqual(practice.recognised_by, p.province_org)
        self.assertEqual(practice.recognised_on, dt.date(2026, 10, 15))

    def test_an_appraiser_outside_the_recognising_body_cannot_be_picked(self):
        p = self.p
        practice = self.registered()
        for outsider in (p.other_commune_officer, p.outsider, self.mttq_officer):
            self.assert_refused(
                400,
                lambda o=outsider: services.practice_start_appraisal(
                    practice=practice, by=p.province_officer, criteria_set=self.province_rubric, members=[o]
                ),
                "Thành viên hội đồng phải thuộc Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
            )
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.REGISTERED)
        self.assertFalse(practice.appraisals.exists())

    def test_a_commune_body_cannot_recognise_at_a_level_above_its_own(self):
        practice = self.registered()  # by the ward's Party committee; the ward's Front appraises it
        appraisal = services.practice_start_appraisal(
            practice=practice, by=self.mttq_officer, criteria_set=self.mttq_rubric, members=[self.mttq_officer]
        )
        self.score(appraisal, self.mttq_officer)
        for level in ("province", "central"):
            self.assert_refused(
                403,
                lambda lv=level: services.practice_recognise(practice=practice, by=self.mttq_officer, level=lv),
                "hội đồng thẩm định thuộc cấp xã",
            )
        services.practice_recognise(practice=practice, by=self.mttq_officer, level="commune")
        practice.refresh_from_db()
        self.assertEqual((practice.recognition_level, practice.recognised_by), ("commune", self.mttq))

    def test_a_council_of_another_province_is_refused(self):
        p = self.p
        far_ban = p.far_ban
        far_officer = make_user("canbo-tinh-quangngai", far_ban, Role.OFFICER)
        practice = self.registered()
        self.assert_refused(
            403,
            lambda: services.practice_start_appraisal(
                practice=practice, by=p.central, criteria_set=rubric_of(far_ban), members=[far_officer]
            ),
            "không phải cấp trên của địa bàn mô hình",
        )


class DistrictLevelBefore2025Test(BaseTestCase):
    """Lâm Hà was a district of the old Lâm Đồng until 30/6/2025; its Party committee recognised 42 models in 2024."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.lam_ha = make_unit(
            "676",
            "Huyện Lâm Hà",
            UnitType.RURAL_DISTRICT,
            parent=p.old_province,
            valid_from=BEGINNING,
            valid_to=LAST_DISTRICT_DAY,
            short_name="Lâm Hà",
        )
        cls.nam_ban = make_unit(
            "24847",
            "Thị trấn Nam Ban",
            UnitType.TOWNSHIP,
            parent=cls.lam_ha,
            valid_from=BEGINNING,
            valid_to=LAST_DISTRICT_DAY,
            short_name="Nam Ban",
        )
        cls.new_nam_ban = make_unit("24847", "Xã Nam Ban Lâm Hà", UnitType.COMMUNE, parent=p.province)
        UnitLink.objects.create(predecessor=cls.nam_ban, successor=cls.new_nam_ban, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=p.old_province, successor=p.province, effective_date=REFORM_2025)
        cls.huyen_uy = make_org("Huyện ủy Lâm Hà", "ban-tgdv", cls.lam_ha)
        cls.district_officer = make_user("canbo-huyen-lamha", cls.huyen_uy, Role.OFFICER)
        cls.district_appraiser = make_user("thamdinh-lamha", cls.huyen_uy, Role.APPRAISER)
        cls.district_rubric = rubric_of(cls.huyen_uy, "Tiêu chí DVK huyện Lâm Hà 2024")
        cls.town_org = make_org("Đảng ủy Thị trấn Nam Ban", "dang-uy-xa", cls.nam_ban, cls.huyen_uy)
        cls.town_officer = make_user("canbo-namban", cls.town_org, Role.OFFICER)

    def practice_2024(self):
        practice = services.practice_register(
            by=self.town_officer,
            organization=self.town_org,
            unit=self.nam_ban,
            name="Dân vận khéo trong phát triển cà phê bền vững",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            year=2024,
            registered_on=dt.date(2024, 3, 10),
            **{**COMPLETE, "start_date": dt.date(2024, 3, 1)},
        )
        services.practice_submit(practice=practice, by=self.town_officer)
        return practice

    def appraised(self, practice, on=dt.date(2024, 9, 20)):
        appraisal = services.practice_start_appraisal(
            practice=practice,
            by=self.district_officer,
            criteria_set=self.district_rubric,
            members=[self.district_appraiser],
            on=on,
        )
        crit = self.district_rubric.criteria.get()
        services.appraisal_score(appraisal=appraisal, by=self.district_appraiser, scores={crit.pk: (Decimal("9"), "")})
        return appraisal

    def test_a_2024_practice_in_lam_ha_is_recognised_at_district_level_by_old_lam_has_body(self):
        practice = self.practice_2024()
        self.appraised(practice)
        services.practice_recognise(
            practice=practice, by=self.district_officer, level="district", on=dt.date(2024, 10, 15)
        )
        practice = Practice.objects.get(pk=practice.pk)
        self.assertEqual(practice.status, Status.RECOGNISED)
        self.assertEqual(practice.recognition_level, "district")
        self.assertEqual(practice.get_recognition_level_display(), "Cấp huyện")
        self.assertEqual(practice.recognised_by, self.huyen_uy)
        self.assertEqual(practice.recognised_on, dt.date(2024, 10, 15))
        self.assertEqual(practice.year, 2024)

    def test_the_district_still_recognises_on_30_june_2025(self):
        practice = self.practice_2024()
        self.appraised(practice, on=dt.date(2025, 6, 1))
        services.practice_recognise(practice=practice, by=self.district_officer, level="district", on=LAST_DISTRICT_DAY)
        practice.refresh_from_db()
        self.assertEqual((practice.recognition_level, practice.recognised_on), ("district", dt.date(2025, 6, 30)))

    def test_there_is_no_district_level_from_1_july_2025(self):
        practice = self.practice_2024()
        self.appraised(practice, on=dt.date(2025, 6, 1))
        with self.assertRaises(ServiceError) as ctx:
            services.practice_recognise(practice=practice, by=self.district_officer, level="district", on=REFORM_2025)
        self.assertEqual(ctx.exception.status_code, 403)
        self.assertIn("không phải cấp trên của địa bàn mô hình vào ngày 01/07/2025", ctx.exception.message)
        self.assertIn("Huyện Lâm Hà có hiệu lực 01/01/1900–30/06/2025", ctx.exception.message)
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.UNDER_APPRAISAL)
        # Nor can the district's council take up a practice after the district was abolished.
        other = self.practice_2024()
        with self.assertRaises(ServiceError) as ctx:
            self.appraised(other, on=REFORM_2025)
        self.assertEqual(ctx.exception.status_code, 403)

    def test_the_district_body_cannot_recognise_at_province_level(self):
        practice = self.practice_2024()
        self.appraised(practice)
        with self.assertRaises(ServiceError) as ctx:
            services.practice_recognise(
                practice=practice, by=self.district_officer, level="province", on=dt.date(2024, 10, 15)
            )
        self.assertEqual(ctx.exception.status_code, 403)
        self.assertIn("Không thể công nhận ở cấp tỉnh", ctx.exception.message)

    def test_todays_province_recognises_a_2024_practice_of_lam_ha_in_2026(self):
        p = self.p
        practice = self.practice_2024()
        rubric = rubric_of(p.province_org)
        officer = User.objects.get(pk=p.province_officer.pk)  # a fresh scope, after the links above
        appraisal = services.practice_start_appraisal(
            practice=practice, by=officer, criteria_set=rubric, members=[p.appraiser], on=dt.date(2026, 9, 1)
        )
        services.appraisal_score(
            appraisal=appraisal, by=p.appraiser, scores={rubric.criteria.get().pk: (Decimal("9"), "")}
        )
        services.practice_recognise(practice=practice, by=officer, on=dt.date(2026, 10, 15))
        practice.refresh_from_db()
        self.assertEqual((practice.recognition_level, practice.recognised_by), ("province", p.province_org))
        # Before 1/7/2025 today's province did not exist: its council could not have acted then.
        second = self.practice_2024()
        with self.assertRaises(ServiceError) as ctx:
            services.practice_start_appraisal(
                practice=second, by=officer, criteria_set=rubric, members=[p.appraiser], on=dt.date(2024, 9, 1)
            )
        self.assertEqual(ctx.exception.status_code, 403)
