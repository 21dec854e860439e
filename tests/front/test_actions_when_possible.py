"""Action buttons only when the action can work now; otherwise a short Vietnamese reason where the button would be
("Công nhận" after the council has scored, "Ghi biên bản" after the meeting, "Bắt đầu chấm" with entries, …). The
service refuses with the same sentence, so the page and the API agree."""

import datetime as dt
from decimal import Decimal

import time_machine

from emulation import services as emulation_services
from emulation.models import Contest, ContestStatus, Entry, EntryKind, Round
from lib.errors import ServiceError
from meetings.models import Commitment, Dialogue, DialogueStatus
from practices import services as practice_services
from practices.models import Appraisal, CriteriaSet, Criterion, Field, Practice, Score, Status
from reports.models import Report
from reports.models import Status as ReportStatus
from tests.base import BaseTestCase
from tests.reports.helpers import ReportsTestCase

TZ = dt.timezone(dt.timedelta(hours=7))


class PracticeActionsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.rubric = CriteriaSet.objects.create(name="Thẩm định", owner=p.province_org, pass_mark=Decimal(50))
        cls.criterion = Criterion.objects.create(criteria_set=cls.rubric, description="Hiệu quả", max_score=100)
        cls.practice = Practice.objects.create(
            name="Dân vận khéo trong giải phóng mặt bằng",
            field=Field.ECONOMY,
            status=Status.UNDER_APPRAISAL,
            organization=p.commune_org,
            unit=p.commune,
            province_id=p.province.pk,
            year=2026,
            created_by=p.commune_officer,
        )
        cls.appraisal = Appraisal.objects.create(practice=cls.practice, criteria_set=cls.rubric, council=p.province_org)
        cls.appraisal.members.set([p.appraiser])

    def page(self):
        self.login(self.p.province_officer)
        return self.client.get(f"/dan-van-kheo/{self.practice.pk}/")

    def test_recognition_waits_for_the_councils_scores(self):
        r = self.page()
        self.assertContains(r, "Chưa thể công nhận: hội đồng thẩm định chưa chấm đủ các tiêu chí.")
        self.assertNotContains(r, "Công nhận</button>")
        self.assertContains(r, "Không công nhận</button>")  # the council may still refuse it
        with self.assertRaisesMessage(ServiceError, "hội đồng thẩm định chưa chấm đủ"):
            practice_services.practice_recognise(practice=self.practice, by=self.p.province_officer)

    def test_a_score_below_the_pass_mark_says_so_and_one_above_shows_the_button(self):
        score = Score.objects.create(
            appraisal=self.appraisal, criterion=self.criterion, appraiser=self.p.appraiser, score=30
        )
        self.assertContains(self.page(), "Không thể công nhận: điểm thẩm định 30 thấp hơn điểm đạt 50.")
        Score.objects.filter(pk=score.pk).update(score=80)
        r = self.page()
        self.assertContains(r, "Công nhận</button>")
        self.assertNotContains(r, 'id="recognise-reason"')

    def test_a_draft_says_what_it_lacks_before_it_can_be_registered(self):
        Practice.objects.filter(pk=self.practice.pk).update(status=Status.DRAFT)
        self.login(self.p.commune_officer)
        r = self.client.get(f"/dan-van-kheo/{self.practice.pk}/")
        self.assertContains(r, "Chưa thể đăng ký, còn thiếu:")
        self.assertNotContains(r, "Đăng ký</button>")

    def test_appraisal_needs_a_council_member_account(self):
        Practice.objects.filter(pk=self.practice.pk).update(status=Status.REGISTERED)
        self.p.appraiser.memberships.update(is_active=False)
        r = self.page()
        self.assertContains(r, "Chưa thể đưa vào thẩm định: chưa có tài khoản thành viên hội đồng thẩm định nào.")
        self.assertNotContains(r, "Đưa vào thẩm định</button>")


class DialogueActionsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.dialogue = Dialogue.objects.create(
            organization=p.commune_org,
            unit=p.commune,
            title="Đối thoại về đường vành đai",
            starts_at=dt.datetime(2026, 11, 20, 8, tzinfo=TZ),
            place="Hội trường",
            announced_on=dt.date(2026, 11, 2),
            created_by=p.commune_officer,
        )

    def page(self, user, day):
        self.login(user)
        with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=TZ), tick=False):
            return self.client.get(f"/y-kien/doi-thoai/{self.dialogue.pk}/")

    def test_the_minutes_wait_for_the_meeting(self):
        before = self.page(self.p.commune_officer, dt.date(2026, 11, 19))
        self.assertContains(before, "Hội nghị dự kiến ngày 20/11/2026, chưa diễn ra: ghi biên bản sau khi hội nghị")
        self.assertNotContains(before, "Ghi biên bản</button>")
        self.assertContains(before, "Cam kết được ghi sau khi ghi biên bản hội nghị.")
        on_the_day = self.page(self.p.commune_officer, dt.date(2026, 11, 20))
        self.assertContains(on_the_day, "Ghi biên bản</button>")
        self.assertNotContains(on_the_day, 'id="hold-reason"')

    def test_the_body_that_owes_a_commitment_records_its_completion(self):
        # The province's Ban held it in the commune; the commune's body owes the commitment.
        Dialogue.objects.filter(pk=self.dialogue.pk).update(
            organization=self.p.province_org, status=DialogueStatus.HELD, held_on=dt.date(2026, 11, 20)
        )
        Commitment.objects.create(
            dialogue=self.dialogue,
            text="Sửa đường",
            owner=self.p.commune_org,
            deadline=dt.date(2026, 12, 1),
            created_by=self.p.province_officer,
        )
        owner = self.page(self.p.commune_officer, dt.date(2026, 11, 25))
        self.assertFalse(owner.context["can_manage"])
        self.assertContains(owner, "Hoàn thành</button>")
        self.assertNotContains(self.page(self.p.viewer, dt.date(2026, 11, 25)), "Hoàn thành</button>")


class ContestActionsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        rubric = CriteriaSet.objects.create(name="Chấm thi", owner=p.province_org, pass_mark=Decimal(0))
        Criterion.objects.create(criteria_set=rubric, description="Nội dung", max_score=100)
        cls.contest = Contest.objects.create(name="Hội thi 2026", organizer=p.province_org, year=2026)
        cls.contest.judges.set([p.appraiser])
        Round.objects.create(contest=cls.contest, order=1, name="Chung kết", criteria_set=rubric)

    def page(self):
        self.login(self.p.province_officer)
        return self.client.get(f"/thi-dua/hoi-thi/{self.contest.pk}/")

    def test_judging_starts_with_entries_and_results_wait_for_scores(self):
        r = self.page()
        self.assertContains(r, "Chưa thể bắt đầu chấm: hội thi chưa có bài dự thi nào.")
        self.assertNotContains(r, "Bắt đầu chấm</button>")
        with self.assertRaisesMessage(ServiceError, "chưa có bài dự thi nào"):
            emulation_services.contest_open_judging(contest=self.contest, by=self.p.province_officer)
        Entry.objects.create(contest=self.contest, kind=EntryKind.TEAM, name="Đội A", organization=self.p.commune_org)
        self.assertContains(self.page(), "Bắt đầu chấm</button>")
        emulation_services.contest_open_judging(contest=self.contest, by=self.p.province_officer)
        self.contest.refresh_from_db()
        self.assertEqual(self.contest.status, ContestStatus.JUDGING)
        r = self.page()
        self.assertContains(r, "Chưa thể công bố kết quả: ban giám khảo chưa chấm bài dự thi nào.")
        self.assertNotContains(r, "Công bố kết quả</button>")
        with self.assertRaisesMessage(ServiceError, "ban giám khảo chưa chấm"):
            emulation_services.contest_close(contest=self.contest, by=self.p.province_officer, titles=["Giải Nhất"])


class ReportApprovalTest(ReportsTestCase):
    def test_a_report_is_approved_after_its_childrens(self):
        report = self.report_of(self.p.province_org)
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
        self.login(self.p.central)
        r = self.client.get(f"/bao-cao/{report.pk}/")
        self.assertContains(r, "Chưa thể duyệt: còn báo cáo của cấp dưới chưa được duyệt hoặc ghi nhận không nộp")
        self.assertNotContains(r, "Duyệt báo cáo</button>")
        Report.objects.filter(period=self.period).exclude(pk=report.pk).update(status=ReportStatus.MISSING)
        r = self.client.get(f"/bao-cao/{report.pk}/")
        self.assertContains(r, "Duyệt báo cáo</button>")
        self.assertNotContains(r, 'id="approve-reason"')
