import datetime as dt
from decimal import Decimal

from audit.models import AuditEvent
from lib.errors import ServiceError
from practices import services
from practices.models import CriteriaSet, Criterion, Field, Kind, Practice, PracticeEvent, Status
from tests.base import BaseTestCase

COMPLETE = {
    "situation": "Người dân chưa đồng thuận giải phóng mặt bằng.",
    "objectives": "100% hộ dân bàn giao mặt bằng đúng hạn.",
    "content": "Cán bộ đến từng nhà đối thoại, vận động hiến đất làm đường.",
    "target_people": "Hộ dân khu phố 3",
    "outputs": "1,2 km đường bê tông; 45 hộ hiến đất.",
    "sustainability": "Nhân rộng ra các khu phố khác.",
    "start_date": dt.date(2026, 2, 1),
}


class PracticeLifecycleTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.rubric = CriteriaSet.objects.create(
            name="Tiêu chí DVK tỉnh Lâm Đồng 2026", owner=p.province_org, pass_mark=Decimal("70")
        )
        cls.c1 = Criterion.objects.create(
            criteria_set=cls.rubric, order=1, description="Sáng tạo, hiệu quả", max_score=Decimal("60")
        )
        cls.c2 = Criterion.objects.create(
            criteria_set=cls.rubric, order=2, description="Được nhân dân đồng tình", max_score=Decimal("40")
        )

    def draft(self, **extra):
        return services.practice_register(
            by=self.p.commune_officer,
            organization=self.p.commune_org,
            unit=self.p.commune,
            name="Dân vận khéo trong giải phóng mặt bằng đất đai",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            **{**COMPLETE, **extra},
        )

    def appraised(self, s1="55", s2="30"):
        practice = self.draft()
        services.practice_submit(practice=practice, by=self.p.commune_officer)
        appraisal = services.practice_start_appraisal(
            practice=practice, by=self.p.province_officer, criteria_set=self.rubric, members=[self.p.appraiser]
        )
        services.appraisal_score(
            appraisal=appraisal,
            by=self.p.appraiser,
            scores={self.c1.pk: (Decimal(s1), "Tốt"), self.c2.pk: (Decimal(s2), "")},
        )
        return practice, appraisal

    def test_it_saves_an_incomplete_draft_but_refuses_to_submit_it(self):
        practice = self.draft(situation="", outputs="")
        with self.assertRaises(ServiceError) as ctx:
            services.practice_submit(practice=practice, by=self.p.commune_officer)
        self.assertIn("Thực trạng, lý do xây dựng", ctx.exception.message)
        self.assertIn("Sản phẩm, kết quả đầu ra", ctx.exception.message)
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.DRAFT)

    def test_it_runs_the_whole_lifecycle_and_keeps_history(self):
        practice, _ = self.appraised()
        services.practice_recognise(practice=practice, by=self.p.province_officer, level="province")
        services.practice_commend(
            practice=practice,
            by=self.p.province_officer,
            form="bang_khen",
            authority="Chủ tịch UBND tỉnh Lâm Đồng",
            decision_number="123/QĐ-UBND",
            decision_date=dt.date(2026, 10, 15),
            recipient_kind=Kind.MODEL,
            recipient_name="Đảng ủy Phường Xuân Hương - Đà Lạt",
        )
        adopted = services.practice_adopt(
            source=practice,
            by=self.p.other_commune_officer,
            organization=self.p.other_commune_org,
            unit=self.p.other_commune,
        )
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.REPLICATED)
        self.assertEqual(practice.recognition_level, "province")
        self.assertEqual(adopted.source, practice)
        self.assertEqual(adopted.status, Status.DRAFT)
        self.assertEqual(list(practice.descendants.all()), [adopted])
        steps = list(PracticeEvent.objects.filter(practice=practice).values_list("to_status", flat=True))
        self.assertEqual(steps, ["registered", "under_appraisal", "recognised", "commended", "replicated"])
        self.assertEqual(AuditEvent.objects.for_object(practice).filter(action="transition").count(), 5)

    def test_it_refuses_an_illegal_transition_and_changes_nothing(self):
        practice = self.draft()
        with self.assertRaises(ServiceError) as ctx:
            services.practice_recognise(practice=practice, by=self.p.province_officer, level="province")
        self.assertIn("chưa được thẩm định", ctx.exception.message)
        with self.assertRaises(ServiceError) as ctx:
            services.practice_reject(practice=practice, by=self.p.province_officer, reason="Không đạt")
        self.assertEqual(ctx.exception.message, "Không thể không công nhận mô hình đang ở trạng thái “Nháp”.")
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.DRAFT)
        self.assertFalse(PracticeEvent.objects.filter(practice=practice).exists())

    def test_it_refuses_a_score_above_the_maximum(self):
        practice, appraisal = self.appraised()
        with self.assertRaises(ServiceError) as ctx:
            services.appraisal_score(
                appraisal=appraisal,
                by=self.p.appraiser,
                scores={self.c1.pk: (Decimal("61"), ""), self.c2.pk: (Decimal("10"), "")},
            )
        self.assertIn("vượt quá điểm tối đa 60", ctx.exception.message)
        self.assertEqual(sorted(appraisal.scores.values_list("score", flat=True)), [Decimal("30.00"), Decimal("55.00")])

    def test_it_refuses_recognition_below_the_pass_mark(self):
        practice, _ = self.appraised(s1="40", s2="20")
        with self.assertRaises(ServiceError) as ctx:
            services.practice_recognise(practice=practice, by=self.p.province_officer, level="province")
        self.assertIn("điểm thẩm định 60 thấp hơn điểm đạt 70", ctx.exception.message)
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.UNDER_APPRAISAL)

    def test_return_needs_a_reason_and_goes_back_one_step(self):
        practice = self.draft()
        services.practice_submit(practice=practice, by=self.p.commune_officer)
        with self.assertRaises(ServiceError):
            services.practice_return(practice=practice, by=self.p.province_officer, reason="  ")
        services.practice_return(practice=practice, by=self.p.province_officer, reason="Bổ sung số liệu")
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.DRAFT)

    def test_when_two_officers_act_at_once_exactly_one_wins(self):
        practice = self.draft()
        services.practice_submit(practice=practice, by=self.p.commune_officer)
        first = Practice.objects.get(pk=practice.pk)
        second = Practice.objects.get(pk=practice.pk)
        services.practice_return(practice=first, by=self.p.province_officer, reason="Thiếu minh chứng")
        with self.assertRaises(ServiceError) as ctx:
            services.practice_return(practice=second, by=self.p.commune_officer, reason="Sửa tên")
        self.assertEqual(ctx.exception.status_code, 409)
        self.assertIn("vừa được người khác cập nhật (hiện ở trạng thái “Nháp”)", ctx.exception.message)
        self.assertEqual(PracticeEvent.objects.filter(practice=practice, action="return").count(), 1)

    def test_an_officer_of_another_commune_cannot_change_or_see_a_draft(self):
        practice = self.draft()
        with self.assertRaises(ServiceError) as ctx:
            services.practice_submit(practice=practice, by=self.p.other_commune_officer)
        self.assertEqual(ctx.exception.status_code, 403)
        self.assertFalse(Practice.objects.visible_to(self.p.other_commune_officer).filter(pk=practice.pk).exists())
        self.assertFalse(
            Practice.objects.visible_to(self.p.other_commune_officer).search("giai phong mat bang").exists()
        )
        self.assertTrue(Practice.objects.visible_to(self.p.province_officer).filter(pk=practice.pk).exists())

    def test_accent_insensitive_search_finds_the_practice(self):
        practice = self.draft()
        found = Practice.objects.visible_to(self.p.commune_officer).search("dan van kheo dat dai")
        self.assertEqual(list(found), [practice])
