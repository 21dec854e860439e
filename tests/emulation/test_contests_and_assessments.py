from decimal import Decimal

from emulation import services
from emulation.models import Contest, ContestStatus, Entry, EntryKind, Grade, Round
from lib.errors import ServiceError
from practices.models import CriteriaSet, Criterion
from tests.base import BaseTestCase
from tests.factories import make_user


class ContestTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.rubric = CriteriaSet.objects.create(name="Chấm thi", owner=p.province_org, pass_mark=Decimal(0))
        cls.c1 = Criterion.objects.create(
            criteria_set=cls.rubric, order=1, description="Nội dung", max_score=Decimal(60)
        )
        cls.c2 = Criterion.objects.create(
            criteria_set=cls.rubric, order=2, description="Trình bày", max_score=Decimal(40)
        )
        cls.judge2 = make_user("giamkhao2")
        cls.contest = Contest.objects.create(
            name="Hội thi Dân vận khéo tỉnh Lâm Đồng 2026", organizer=p.province_org, year=2026
        )
        cls.contest.judges.set([p.appraiser, cls.judge2])
        cls.round = Round.objects.create(contest=cls.contest, order=1, name="Chung kết", criteria_set=cls.rubric)
        cls.a = Entry.objects.create(
            contest=cls.contest, kind=EntryKind.TEAM, name="Đội Xuân Hương", organization=p.commune_org
        )
        cls.b = Entry.objects.create(
            contest=cls.contest, kind=EntryKind.TEAM, name="Đội Lạc Dương", organization=p.other_commune_org
        )

    def score(self, entry, judge, s1, s2):
        services.contest_score(
            entry=entry, round=self.round, judge=judge, scores={self.c1.pk: Decimal(s1), self.c2.pk: Decimal(s2)}
        )

    def test_it_ranks_by_the_judges_average_and_awards_in_order(self):
        services.contest_open_judging(contest=self.contest, by=self.p.province_officer)
        self.score(self.a, self.p.appraiser, 50, 30)  # 80
        self.score(self.a, self.judge2, 40, 30)  # 70 → 75
        self.score(self.b, self.p.appraiser, 55, 35)  # 90
        self.score(self.b, self.judge2, 45, 35)  # 80 → 85
        ranking = services.contest_ranking(self.contest)
        self.assertEqual(
            [(e.name, t) for e, t in ranking],
            [("Đội Lạc Dương", Decimal("85.00")), ("Đội Xuân Hương", Decimal("75.00"))],
        )
        awards = services.contest_close(
            contest=self.contest, by=self.p.province_officer, titles=["Giải Nhất", "Giải Nhì"]
        )
        self.assertEqual(
            [(a.title, a.entry.name) for a in awards], [("Giải Nhất", "Đội Lạc Dương"), ("Giải Nhì", "Đội Xuân Hương")]
        )
        self.contest.refresh_from_db()
        self.assertEqual(self.contest.status, ContestStatus.CLOSED)

    def test_it_refuses_scores_above_the_maximum_outsiders_and_closed_contests(self):
        with self.assertRaisesMessage(ServiceError, "đang trong giai đoạn chấm"):
            self.score(self.a, self.p.appraiser, 50, 30)
        services.contest_open_judging(contest=self.contest, by=self.p.province_officer)
        with self.assertRaisesMessage(ServiceError, "vượt quá điểm tối đa 60"):
            self.score(self.a, self.p.appraiser, 61, 30)
        with self.assertRaisesMessage(ServiceError, "không thuộc ban giám khảo"):
            self.score(self.a, self.p.commune_officer, 50, 30)
        self.assertFalse(self.a.scores.exists())


class AssessmentTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.rubric = CriteriaSet.objects.create(
            name="Dân vận chính quyền 2026", owner=cls.p.province_org, pass_mark=Decimal(50)
        )
        cls.c1 = Criterion.objects.create(criteria_set=cls.rubric, description="Tiếp dân", max_score=Decimal(50))
        cls.c2 = Criterion.objects.create(criteria_set=cls.rubric, description="Đối thoại", max_score=Decimal(50))

    def test_it_grades_by_the_rubrics_thresholds_and_rescoring_replaces(self):
        a = services.assessment_record(
            organization=self.p.commune_org,
            year=2026,
            criteria_set=self.rubric,
            by=self.p.province_officer,
            scores={self.c1.pk: Decimal(46), self.c2.pk: Decimal(45)},
        )
        self.assertEqual((a.total, a.grade), (Decimal(91), Grade.EXCELLENT))
        a = services.assessment_record(
            organization=self.p.commune_org,
            year=2026,
            criteria_set=self.rubric,
            by=self.p.province_officer,
            scores={self.c1.pk: Decimal(35), self.c2.pk: Decimal(35)},
        )
        self.assertEqual((a.total, a.grade), (Decimal(70), Grade.FAIR))
        self.assertEqual(a.scores.count(), 2)

    def test_a_commune_cannot_assess_another_and_scores_must_be_complete(self):
        with self.assertRaisesMessage(ServiceError, "không có quyền đánh giá"):
            services.assessment_record(
                organization=self.p.other_commune_org,
                year=2026,
                criteria_set=self.rubric,
                by=self.p.commune_officer,
                scores={self.c1.pk: Decimal(1), self.c2.pk: Decimal(1)},
            )
        with self.assertRaisesMessage(ServiceError, "chấm đủ mọi tiêu chí"):
            services.assessment_record(
                organization=self.p.commune_org,
                year=2026,
                criteria_set=self.rubric,
                by=self.p.province_officer,
                scores={self.c1.pk: Decimal(1)},
            )
