"""The home page's "việc cần làm": each app's items for each role, most urgent first, and every count equal to the
length of the list its link opens (the same condition read twice: by the count and by the list page)."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.utils import timezone

from cases.models import Case
from cases.models import Status as CaseStatus
from emulation.models import Contest, ContestStatus, Entry, EntryKind, EntryScore, Round
from meetings.models import Commitment, Dialogue, DialogueStatus
from notifications.todo import Urgency, todo_for
from practices.models import Appraisal, CriteriaSet, Criterion, Field, Practice, Score
from practices.models import Status as PracticeStatus
from reports import services as report_services
from reports.models import Report
from reports.models import Status as ReportStatus
from tests.cases.helpers import submit
from tests.factories import make_user
from tests.reports.helpers import ReportsTestCase

TZ = dt.timezone(dt.timedelta(hours=7))


def listed(response) -> int:
    """How many objects a to-do item's page lists."""
    context = response.context
    if "pending" in context:
        return len(context["pending"])
    return context["page"].paginator.count


class TodoTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        # Reports: the first half of 2026 closed on 30/6; "today" is a week after its due date.
        cls.today = cls.period.due_date + dt.timedelta(days=7)
        cls.soon_period = report_services.period_open(
            form=cls.form, year=2026, number=2, by=p.central, due_date=cls.today + dt.timedelta(days=3)
        )
        Report.objects.filter(organization=p.other_commune_org, period=cls.period).update(status=ReportStatus.RETURNED)
        Report.objects.filter(organization=p.commune_org, period=cls.soon_period).update(
            status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
        )
        # Cases of the commune's body: two overdue, one due soon, one not due yet, one closed; one far away.
        made = [submit(p, ip=f"10.9.0.{i}")[0] for i in range(5)]
        for case, days in zip(made, (-4, -1, 2, 30, -9), strict=True):
            Case.objects.filter(pk=case.pk).update(due_date=cls.today + dt.timedelta(days=days))
        Case.objects.filter(pk=made[4].pk).update(status=CaseStatus.CLOSED)
        far = submit(p, unit=p.far_commune, ip="10.9.1.1")[0]
        Case.objects.filter(pk=far.pk).update(due_date=cls.today - dt.timedelta(days=5))
        cls.cases = made
        # Practices: the province's Ban issues the rubric; two registered, one under appraisal by the appraiser.
        rubric = CriteriaSet.objects.create(name="Thẩm định mô hình", owner=p.province_org, pass_mark=Decimal(50))
        cls.criterion = Criterion.objects.create(criteria_set=rubric, order=1, description="Hiệu quả", max_score=100)
        practices = [
            Practice.objects.create(
                name=f"Mô hình {i}",
                field=Field.SOCIETY,
                status=status,
                organization=p.commune_org,
                unit=p.commune,
                province_id=p.province.pk,
                year=2026,
                created_by=p.commune_officer,
            )
            for i, status in enumerate(
                (
                    PracticeStatus.REGISTERED,
                    PracticeStatus.REGISTERED,
                    PracticeStatus.UNDER_APPRAISAL,
                    PracticeStatus.DRAFT,
                )
            )
        ]
        cls.appraisal = Appraisal.objects.create(practice=practices[2], criteria_set=rubric, council=p.province_org)
        cls.appraisal.members.set([p.appraiser, p.province_officer])

        # Meetings: the commune's dialogue next week, one held yesterday without minutes; commitments owed.
        def dialogue(days, **extra):
            when = dt.datetime.combine(cls.today + dt.timedelta(days=days), dt.time(9), tzinfo=TZ)
            return Dialogue.objects.create(
                organization=p.commune_org,
                unit=p.commune,
                title=f"Đối thoại {days}",
                starts_at=when,
                place="Hội trường",
                announced_on=cls.today - dt.timedelta(days=20),
                created_by=p.commune_officer,
                **extra,
            )

        dialogue(5)
        dialogue(30)
        dialogue(-1)
        held = dialogue(-10, status=DialogueStatus.HELD, held_on=cls.today - dt.timedelta(days=10), minutes="Biên bản")
        for days, owner in ((-3, p.commune_org), (-1, p.commune_org), (4, p.commune_org), (-2, p.province_org)):
            Commitment.objects.create(
                dialogue=held,
                text=f"Cam kết {days}",
                owner=owner,
                deadline=cls.today + dt.timedelta(days=days),
                created_by=p.commune_officer,
            )
        # Contests: the appraiser judges two entries over two rounds and has scored one pair.
        contest = Contest.objects.create(
            name="Hội thi Dân vận khéo 2026", organizer=p.province_org, year=2026, status=ContestStatus.JUDGING
        )
        contest.judges.set([p.appraiser])
        first = Round.objects.create(contest=contest, order=1, name="Sơ khảo", criteria_set=rubric)
        Round.objects.create(contest=contest, order=2, name="Chung kết", criteria_set=rubric)
        entries = [
            Entry.objects.create(contest=contest, kind=EntryKind.TEAM, name=name, organization=p.commune_org)
            for name in ("Đội A", "Đội B")
        ]
        EntryScore.objects.create(entry=entries[0], round=first, criterion=cls.criterion, judge=p.appraiser, score=5)
        closed = Contest.objects.create(
            name="Hội thi đã xong", organizer=p.province_org, year=2025, status=ContestStatus.CLOSED
        )
        closed.judges.set([p.appraiser])

    def items(self, user):
        with time_machine.travel(dt.datetime.combine(self.today, dt.time(8), tzinfo=TZ), tick=False):
            return {(item.module, item.label): item for item in todo_for(user, self.today)}

    def assert_counts_match_lists(self, user, expected: dict[str, int]):
        items = self.items(user)
        self.login(user)
        with time_machine.travel(dt.datetime.combine(self.today, dt.time(8), tzinfo=TZ), tick=False):
            for item in items.values():
                with self.subTest(item=item.label):
                    response = self.client.get(item.url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(listed(response), item.count)
        self.assertEqual({label: item.count for (_, label), item in items.items()}, expected)
        return items


class TodoCountsTest(TodoTestCase):
    def test_the_commune_officer_sees_cases_reports_dialogues_and_commitments(self):
        items = self.assert_counts_match_lists(
            self.p.commune_officer,
            {
                "Ý kiến, vụ việc quá hạn giải quyết": 2,
                "Ý kiến, vụ việc sắp đến hạn (trong 3 ngày)": 1,
                "Báo cáo quá hạn nộp": 1,
                "Hội nghị đối thoại sắp diễn ra (trong 14 ngày)": 1,
                "Hội nghị đối thoại đã diễn ra, chờ ghi biên bản": 1,
                "Cam kết sau đối thoại quá hạn thực hiện": 2,
            },
        )
        overdue = items[("cases", "Ý kiến, vụ việc quá hạn giải quyết")]
        self.assertEqual((overdue.urgency, overdue.due), (Urgency.OVERDUE, self.today - dt.timedelta(days=4)))

    def test_the_other_commune_sees_its_returned_report_and_the_next_one_due(self):
        self.assert_counts_match_lists(
            self.p.other_commune_officer,
            {"Báo cáo bị trả lại, cần sửa và gửi lại": 1, "Báo cáo sắp đến hạn nộp (trong 7 ngày)": 1},
        )

    def test_the_province_reviews_reports_and_puts_practices_into_appraisal(self):
        self.assert_counts_match_lists(
            self.p.province_officer,
            {
                "Báo cáo quá hạn nộp": 1,
                "Báo cáo sắp đến hạn nộp (trong 7 ngày)": 1,
                "Báo cáo của cấp dưới chờ bạn duyệt": 1,
                "Mô hình đã đăng ký chờ đưa vào thẩm định": 2,
                "Mô hình chờ bạn chấm điểm thẩm định": 1,
                "Cam kết sau đối thoại quá hạn thực hiện": 1,
            },
        )

    def test_the_appraiser_scores_practices_and_contest_entries(self):
        items = self.assert_counts_match_lists(
            self.p.appraiser,
            {"Mô hình chờ bạn chấm điểm thẩm định": 1, "Bài dự thi chờ bạn chấm điểm": 3},
        )
        Score.objects.create(appraisal=self.appraisal, criterion=self.criterion, appraiser=self.p.appraiser, score=60)
        self.assertNotIn(("practices", "Mô hình chờ bạn chấm điểm thẩm định"), self.items(self.p.appraiser))
        self.assertIn(("emulation", "Bài dự thi chờ bạn chấm điểm"), items)

    def test_a_viewer_and_an_outsider_have_nothing_to_do_and_a_far_officer_only_their_own(self):
        self.assertEqual(self.items(self.p.outsider), {})
        self.assertEqual(self.items(self.p.viewer), {})  # reads the commune's work, acts on none of it
        far_officer = make_user("canboxaxa", self.p.far_org)
        self.assert_counts_match_lists(
            far_officer,
            {
                "Ý kiến, vụ việc quá hạn giải quyết": 1,
                "Báo cáo quá hạn nộp": 1,
                "Báo cáo sắp đến hạn nộp (trong 7 ngày)": 1,
            },
        )

    def test_the_most_urgent_come_first(self):
        items = list(self.items(self.p.commune_officer).values())
        self.assertEqual([i.urgency for i in items], sorted(i.urgency for i in items))
        self.assertEqual(items[0].urgency, Urgency.OVERDUE)
        self.assertEqual(items[-1].label, "Hội nghị đối thoại sắp diễn ra (trong 14 ngày)")


class TodoHomePageTest(TodoTestCase):
    def test_the_home_page_shows_each_item_one_tap_from_its_list(self):
        self.login(self.p.commune_officer)
        with time_machine.travel(dt.datetime.combine(self.today, dt.time(8), tzinfo=TZ), tick=False):
            response = self.client.get("/")
        self.assertContains(response, "Việc cần làm")
        self.assertContains(response, 'href="/y-kien/?han=overdue"')
        self.assertContains(response, "Cam kết sau đối thoại quá hạn thực hiện")
        html = response.content.decode()
        self.assertLess(html.index("quá hạn giải quyết"), html.index("sắp diễn ra"))

    def test_the_query_count_does_not_grow_with_the_work(self):
        self.login(self.p.commune_officer)
        with time_machine.travel(dt.datetime.combine(self.today, dt.time(8), tzinfo=TZ), tick=False):
            self.client.get("/")
            for extra in (0, 5):
                for i in range(extra):
                    case = submit(self.p, ip=f"10.9.2.{i}")[0]
                    Case.objects.filter(pk=case.pk).update(due_date=self.today - dt.timedelta(days=1))
                with self.subTest(more_cases=extra), self.assertNumQueries(20):  # as tests/front/test_home.py
                    self.client.get("/")
