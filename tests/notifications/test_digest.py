"""The daily digest: once per officer per day, counts and links only, a fixed number of queries."""

import datetime as dt

import time_machine
from django.core.management import call_command

from cases.models import Case
from geo.models import UnitLink
from meetings.models import Commitment, Dialogue, DialogueStatus
from notifications.digest import digest_run
from notifications.models import Kind, Notification
from orgs.models import Role
from reports import services as report_services
from reports.models import Report
from reports.models import Status as ReportStatus
from tests.cases.helpers import CITIZEN, submit
from tests.factories import make_org, make_user
from tests.reports.helpers import ReportsTestCase

SUBMITTED = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
DAY = dt.date(2026, 11, 17)


class DigestTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        with time_machine.travel(SUBMITTED, tick=False):
            overdue, _ = submit(p, title="Ông Nguyễn Văn Bình lấn chiếm lối đi")
            soon, _ = submit(p, ip="203.0.113.8")
            escalated, _ = submit(p, ip="203.0.113.9")
        Case.objects.filter(pk=overdue.pk).update(due_date=DAY - dt.timedelta(days=1))
        Case.objects.filter(pk=soon.pk).update(due_date=DAY + dt.timedelta(days=2))
        Case.objects.filter(pk=escalated.pk).update(due_date=None, escalated_to=p.province_org, escalation_level=1)
        cls.case_title = overdue.title
        report = cls.report_of(cls, p.commune_org)
        report_services.report_submit(report=report, by=p.commune_officer)
        dialogue = Dialogue.objects.create(
            organization=p.commune_org,
            unit=p.commune,
            title="Đối thoại về giải phóng mặt bằng",
            starts_at=SUBMITTED,
            place="Hội trường phường",
            status=DialogueStatus.HELD,
            announced_on=dt.date(2026, 10, 20),
            created_by=p.commune_officer,
        )
        Commitment.objects.create(
            dialogue=dialogue,
            text="Sửa đường",
            owner=p.commune_org,
            deadline=DAY - dt.timedelta(days=3),
            created_by=p.commune_officer,
        )
        Notification.objects.all().delete()  # the case events' notifications: not what these tests count

    def digests(self) -> dict[str, Notification]:
        return {n.recipient.username: n for n in Notification.objects.filter(kind=Kind.DIGEST)}

    def test_each_officer_gets_the_queue_of_their_own_organisation(self):
        digest_run(day=DAY)
        digests = self.digests()
        commune = digests["canboxa"].body
        self.assertIn("Đảng ủy Phường Xuân Hương - Đà Lạt:", commune)
        self.assertIn("- 1 vụ việc quá hạn: /y-kien/?han=overdue", commune)
        self.assertIn("- 1 vụ việc sắp đến hạn (trong 3 ngày)", commune)
        self.assertIn("- 1 cam kết sau đối thoại quá hạn", commune)
        self.assertNotIn("báo cáo", commune)
        province = digests["canbotinh"].body
        self.assertIn("- 1 vụ việc cấp dưới quá hạn, chuyển lên theo dõi", province)
        self.assertIn("- 1 báo cáo của cấp dưới chờ duyệt: /bao-cao/", province)
        self.assertNotIn("vụ việc quá hạn:", province)
        self.assertIn("- 1 báo cáo của cấp dưới chờ duyệt", digests["trunguong"].body)
        self.assertEqual(digests["canboxa"].subject, "DanVan: tóm tắt công việc ngày 17/11/2026")
        # Viewers, appraisers, admins, people without a body and bodies with nothing waiting: no digest.
        for username in ("nguoixem", "thamdinh", "quantri", "khongthuoc", "canboxakhac"):
            self.assertNotIn(username, digests)

    def test_a_digest_never_carries_a_petitioners_identity_or_words(self):
        digest_run(day=DAY)
        text = " ".join(n.subject + n.body for n in Notification.objects.filter(kind=Kind.DIGEST))
        self.assertTrue(text)
        for value in (*CITIZEN.values(), self.case_title, "Nguyễn Văn Bình"):
            self.assertNotIn(value, text)

    def test_a_rerun_the_same_day_adds_only_what_is_missing(self):
        self.assertEqual(digest_run(day=DAY), 3)
        first = {n.dedupe_key: n.pk for n in Notification.objects.all()}
        # A crash lost one officer's digest before it was committed; the rest is there.
        Notification.objects.filter(recipient=self.p.province_officer).delete()
        digest_run(day=DAY)
        again = {n.dedupe_key: n.pk for n in Notification.objects.all()}
        self.assertEqual(set(again), set(first))
        missing = f"digest:{DAY.isoformat()}:{self.p.province_officer.pk}"
        self.assertEqual(
            {k: v for k, v in again.items() if k != missing}, {k: v for k, v in first.items() if k != missing}
        )
        # The next day is a new digest.
        digest_run(day=DAY + dt.timedelta(days=1))
        self.assertEqual(Notification.objects.filter(recipient=self.p.commune_officer).count(), 2)

    def test_the_query_count_does_not_grow_with_the_number_of_officers(self):
        # Officers, cases by body, cases by supervising body, reports, commitments, programme tasks, supervision
        # recommendations, old provinces; then one chunk: SAVEPOINT, INSERT … ON CONFLICT DO NOTHING, RELEASE.
        with self.assertNumQueries(11):
            digest_run(day=DAY)
        Notification.objects.all().delete()
        for i in range(15):
            org = make_org(f"Đảng ủy xã thử {i}", "dang-uy-xa", self.p.other_commune)
            make_user(f"canbo-them-{i}", org, Role.OFFICER)
            make_user(f"canbo-tinh-them-{i}", self.p.province_org, Role.OFFICER)
        with self.assertNumQueries(11):
            digest_run(day=DAY)
        self.assertEqual(Notification.objects.filter(kind=Kind.DIGEST).count(), 3 + 15)

    def test_the_command_takes_a_date(self):
        call_command("digest", "--date", DAY.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("digest", "--date", DAY.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(Notification.objects.filter(dedupe_key__startswith="digest:2026-11-17:").count(), 3)

    def test_a_province_counts_the_reports_of_the_old_province_it_absorbed(self):
        UnitLink.objects.create(
            predecessor=self.p.old_province, successor=self.p.province, effective_date=dt.date(2025, 7, 1)
        )
        old_org = make_org("Đảng ủy Phường 1 (cũ)", "dang-uy-xa", self.p.old_commune)
        Report.objects.create(
            organization=old_org, period=self.period, unit=self.p.old_commune, status=ReportStatus.SUBMITTED
        )
        digest_run(day=DAY)
        self.assertIn("- 2 báo cáo của cấp dưới chờ duyệt", self.digests()["canbotinh"].body)
