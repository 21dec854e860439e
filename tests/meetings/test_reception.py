"""Citizen-reception days: rules, generated sessions, holding and postponing, cases received at a
session, the public schedule (nothing about citizens) and the API with the same scope rules."""

import datetime as dt
import re
from unittest import mock

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import intake, sessions
from cases.models import Case
from lib.errors import ServiceError
from meetings import reception
from meetings.models import ReceptionSession, SessionStatus
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, topic

TZ = dt.timezone(dt.timedelta(hours=7))
# Thursday 20/8/2026; Wednesday 2/9/2026 is National Day.
DAY = dt.datetime(2026, 8, 20, 9, 0, tzinfo=TZ)
NINE, ELEVEN = dt.time(8, 0), dt.time(11, 0)


def weekly(p, by=None, weekday=2, **extra):
    values = {
        "by": by or p.commune_officer,
        "organization": p.commune_org,
        "leader_title": "Chủ tịch UBND phường",
        "leader_name": "Trần Văn Bình",
        "weekday": weekday,
        "start_time": NINE,
        "end_time": ELEVEN,
        "place": "Trụ sở tiếp công dân phường, 1 Hải Thượng",
    }
    values.update(extra)
    return reception.reception_schedule_create(**values)


def record_at(p, session, **extra):
    values = {
        "by": p.commune_officer,
        "kind": "petition",
        "topic": topic(),
        "unit": p.commune,
        "title": "Đề nghị làm rõ ranh giới thửa đất",
        "content": "Gia đình đề nghị đo đạc lại.",
        "channel": "in_person",
        "contact": CITIZEN,
        "session": session,
    }
    values.update(extra)
    return intake.case_record(**values)


@time_machine.travel(DAY, tick=False)
class ScheduleTest(BaseTestCase):
    def test_a_weekly_rule_plans_the_coming_weeks_without_public_holidays(self):
        schedule = weekly(self.p)
        days = list(ReceptionSession.objects.filter(schedule=schedule).values_list("date", flat=True))
        self.assertEqual(days[0], dt.date(2026, 8, 26))
        self.assertNotIn(dt.date(2026, 9, 2), days)  # Quốc khánh
        self.assertEqual(len(days), 7)  # 8 Wednesdays in 56 days, less the holiday
        self.assertTrue(all(d.weekday() == 2 for d in days))
        # Planning again creates nothing twice.
        self.assertEqual(reception.reception_sessions_plan(), 0)
        self.assertEqual(reception.reception_sessions_plan(until=dt.date(2026, 10, 31)), 2)
        self.assertTrue(AuditEvent.objects.for_object(schedule).exists())

    def test_a_monthly_rule_and_its_limits(self):
        schedule = weekly(
            self.p,
            organization=self.p.province_org,
            by=self.p.province_officer,
            frequency="monthly",
            weekday=None,
            month_day=15,
            leader_title="Chủ tịch UBND tỉnh",
        )
        days = list(schedule.sessions.values_list("date", flat=True))
        self.assertEqual(days, [dt.date(2026, 9, 15), dt.date(2026, 10, 15)])
        with self.assertRaisesMessage(ServiceError, "Ngày trong tháng phải từ 1 đến 28"):
            weekly(self.p, frequency="monthly", weekday=None, month_day=31)
        with self.assertRaisesMessage(ServiceError, "Giờ kết thúc phải sau giờ bắt đầu"):
            weekly(self.p, start_time=ELEVEN, end_time=NINE)

    def test_a_commune_without_a_weekly_day_is_warned(self):
        [warning] = reception.coverage_warnings([self.p.commune_org])
        self.assertIn("ít nhất 1 ngày mỗi tuần", warning)
        weekly(self.p)
        self.assertEqual(reception.coverage_warnings([self.p.commune_org]), [])

    def test_only_the_body_and_those_above_manage_its_days(self):
        with self.assertRaisesMessage(ServiceError, "không quản lý được lịch tiếp công dân"):
            weekly(self.p, by=self.p.other_commune_officer)
        with self.assertRaisesMessage(ServiceError, "không quản lý được lịch tiếp công dân"):
            weekly(self.p, by=self.p.viewer)
        self.assertTrue(weekly(self.p, by=self.p.province_officer).pk)

    def test_ending_a_rule_postpones_its_later_sessions(self):
        schedule = weekly(self.p)
        reception.reception_schedule_end(
            schedule=schedule, by=self.p.commune_officer, last_day=dt.date(2026, 9, 10), reason="Đổi sang thứ Năm"
        )
        statuses = dict(schedule.sessions.values_list("date", "status"))
        self.assertEqual(statuses[dt.date(2026, 9, 9)], SessionStatus.PLANNED)
        self.assertEqual(statuses[dt.date(2026, 9, 16)], SessionStatus.CANCELLED)
        with self.assertRaisesMessage(ServiceError, "đã ngừng áp dụng"):
            reception.reception_schedule_end(
                schedule=schedule, by=self.p.commune_officer, last_day=dt.date(2026, 9, 10), reason="x"
            )


class SessionTest(BaseTestCase):
    def setUp(self):
        with time_machine.travel(DAY, tick=False):
            self.schedule = weekly(self.p)
        self.first = self.schedule.sessions.order_by("date").first()  # Wednesday 26/8/2026

    def test_a_stale_postponement_loses_to_the_hold_with_the_shared_message(self):
        stale = ReceptionSession.objects.get(pk=self.first.pk)
        with time_machine.travel(dt.datetime(2026, 8, 26, 10, 0, tzinfo=TZ), tick=False):
            reception.reception_session_hold(session=self.first, by=self.p.commune_officer, visitors=3)
            with self.assertRaises(ServiceError) as raised:
                reception.reception_session_cancel(session=stale, by=self.p.commune_officer, reason="Họp")
        self.assertEqual(raised.exception.status_code, 409)
        self.assertEqual(
            raised.exception.message,
            "Buổi tiếp công dân vừa được người khác cập nhật (hiện ở trạng thái “Đã tiếp”); vui lòng tải lại trang.",
        )
        transitions = AuditEvent.objects.filter(object_id=str(self.first.pk), action="transition")
        self.assertEqual(
            list(transitions.values_list("changes", flat=True)),
            [{"status": ["planned", "held"], "visitors": [None, 3]}],
        )

    def test_a_session_is_held_on_its_day_not_before(self):
        with time_machine.travel(DAY, tick=False), self.assertRaisesMessage(ServiceError, "chưa diễn ra"):
            reception.reception_session_hold(session=self.first, by=self.p.commune_officer)
        with time_machine.travel(dt.datetime(2026, 8, 26, 10, 0, tzinfo=TZ), tick=False):
            reception.reception_session_hold(session=self.first, by=self.p.commune_officer, visitors=6)
            self.first.refresh_from_db()
            self.assertEqual((self.first.status, self.first.visitors), (SessionStatus.HELD, 6))
            with self.assertRaisesMessage(
                ServiceError, "Không thể tạm hoãn buổi tiếp công dân đang ở trạng thái “Đã tiếp”."
            ):
                reception.reception_session_cancel(session=self.first, by=self.p.commune_officer, reason="Họp")
            self.assertEqual(ReceptionSession.objects.get(pk=self.first.pk).status, SessionStatus.HELD)

    def test_postponing_needs_a_reason(self):
        with time_machine.travel(DAY, tick=False):
            with self.assertRaisesMessage(ServiceError, "Hãy nêu lý do tạm hoãn"):
                reception.reception_session_cancel(session=self.first, by=self.p.commune_officer, reason=" ")
            reception.reception_session_cancel(session=self.first, by=self.p.commune_officer, reason="Bão số 3")
            self.assertEqual(ReceptionSession.objects.get(pk=self.first.pk).status, SessionStatus.CANCELLED)

    def test_a_case_recorded_at_a_session_is_linked_to_it(self):
        with time_machine.travel(dt.datetime(2026, 8, 26, 10, 0, tzinfo=TZ), tick=False):
            case, _ = record_at(self.p, self.first)
            self.assertEqual(case.reception_session, self.first)
            self.assertEqual((case.received_on, case.channel), (dt.date(2026, 8, 26), "in_person"))
            with self.assertRaisesMessage(ServiceError, "phải có hình thức “Trực tiếp”"):
                record_at(self.p, self.first, channel="phone")
            with self.assertRaisesMessage(ServiceError, "phải là ngày của buổi tiếp công dân (26/08/2026)"):
                record_at(self.p, self.first, received_on=dt.date(2026, 8, 25))
            with self.assertRaisesMessage(ServiceError, "không quản lý được"):
                record_at(self.p, self.first, by=self.p.other_commune_officer, unit=self.p.other_commune)
            with self.assertRaisesMessage(ServiceError, "đã có ý kiến được ghi nhận"):
                reception.reception_session_cancel(session=self.first, by=self.p.commune_officer, reason="Nhầm")
            self.assertEqual(Case.objects.count(), 1)

    def test_a_postponed_session_takes_no_case(self):
        with time_machine.travel(dt.datetime(2026, 8, 26, 10, 0, tzinfo=TZ), tick=False):
            reception.reception_session_cancel(session=self.first, by=self.p.commune_officer, reason="Bão")
            with self.assertRaisesMessage(ServiceError, "đã tạm hoãn"):
                record_at(self.p, ReceptionSession.objects.get(pk=self.first.pk))


class WithoutMeetingsTest(BaseTestCase):
    """Cases reach reception days only through the hook meetings registers (cases.sessions)."""

    def setUp(self):
        with time_machine.travel(DAY, tick=False):
            self.first = weekly(self.p).sessions.order_by("date").first()
        hooks = mock.patch.dict(sessions._hooks, clear=True)
        hooks.start()
        self.addCleanup(hooks.stop)

    def test_a_session_parameter_is_refused_with_a_clear_message(self):
        with time_machine.travel(dt.datetime(2026, 8, 26, 10, 0, tzinfo=TZ), tick=False):
            with self.assertRaisesMessage(ServiceError, sessions.UNAVAILABLE):
                record_at(self.p, self.first)
            self.client.force_login(self.p.commune_officer)
            r = self.client.get(f"/y-kien/ghi-nhan/?buoi={self.first.pk}", follow=True)
            self.assertRedirects(r, "/y-kien/")
            self.assertContains(r, "Chức năng tiếp công dân chưa được bật")
            api = APIClient()
            api.force_authenticate(self.p.commune_officer)
            payload = {
                "kind": "petition",
                "topic": topic().code,
                "unit": self.p.commune.code,
                "title": "Đường ngập",
                "content": "Đường ngập sau mưa.",
                "channel": "in_person",
                "session": self.first.pk,
            }
            r = api.post("/api/v1/cases/", payload, format="json")
            self.assertEqual(r.status_code, 400, r.content)
            self.assertEqual(r.json()["message"], sessions.UNAVAILABLE)
        self.assertEqual(Case.objects.count(), 0)


class ReceptionPagesTest(BaseTestCase):
    def setUp(self):
        with time_machine.travel(DAY, tick=False):
            self.schedule = weekly(self.p)
        self.first = self.schedule.sessions.order_by("date").first()

    def test_the_public_schedule_shows_leaders_and_places_never_citizens(self):
        with time_machine.travel(dt.datetime(2026, 8, 26, 7, 0, tzinfo=TZ), tick=False):
            record_at(self.p, self.first, title="Ông Lê Văn Cường lấn đất")
            with CaptureQueriesContext(connection) as queries:
                r = self.client.get("/gui-y-kien/lich-tiep-dan/")
            self.assertLessEqual(len(queries), 3)
        self.assertContains(r, "Chủ tịch UBND phường Trần Văn Bình")
        self.assertContains(r, "Trụ sở tiếp công dân phường, 1 Hải Thượng")
        self.assertContains(r, "26/08/2026")
        for secret in (CITIZEN["full_name"], CITIZEN["phone"], "Lê Văn Cường", "ranh giới"):
            self.assertNotContains(r, secret)
        other = self.client.get("/gui-y-kien/lich-tiep-dan/", {"don-vi": "51"})
        self.assertNotContains(other, "Trần Văn Bình")

    def test_officers_manage_sessions_and_others_get_404(self):
        self.client.force_login(self.p.commune_officer)
        with time_machine.travel(dt.datetime(2026, 8, 26, 10, 0, tzinfo=TZ), tick=False):
            page = self.client.get("/y-kien/tiep-dan/")
            self.assertContains(page, "Trụ sở tiếp công dân phường")
            self.assertNotContains(page, "chưa có lịch tiếp công dân hằng tuần")
            r = self.client.get(f"/y-kien/ghi-nhan/?buoi={self.first.pk}")
            self.assertContains(r, "Tại buổi tiếp công dân ngày 26/08/2026")
            data = {
                "kind": "petition",
                "topic": topic().pk,
                "unit": self.p.commune.code,
                "title": "Đường ngập",
                "content": "Đường ngập sau mưa.",
                "people_count": "3",
                "channel": "in_person",
                "received_on": "2026-08-26",
            }
            r = self.client.post(f"/y-kien/ghi-nhan/?buoi={self.first.pk}", data)
            case = Case.objects.get()
            self.assertRedirects(r, f"/y-kien/{case.pk}/", fetch_redirect_response=False)
            self.assertEqual(case.reception_session_id, self.first.pk)
            r = self.client.post(f"/y-kien/tiep-dan/{self.first.pk}/hold/", {"visitors": "4"}, follow=True)
            self.assertContains(r, "Đã ghi nhận buổi tiếp công dân.")
            self.assertContains(r, case.display_code)
        self.client.force_login(self.p.other_commune_officer)
        self.assertEqual(self.client.get(f"/y-kien/tiep-dan/{self.first.pk}/").status_code, 404)
        r = self.client.post(f"/y-kien/tiep-dan/{self.first.pk}/cancel/", {"reason": "x"})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.client.get(f"/y-kien/ghi-nhan/?buoi={self.first.pk}").status_code, 404)
        self.assertNotContains(self.client.get("/y-kien/tiep-dan/"), "Trần Văn Bình")

    def test_the_officers_list_has_a_fixed_number_of_queries(self):
        with time_machine.travel(DAY, tick=False):
            weekly(self.p, weekday=4)
            self.client.force_login(self.p.commune_officer)
            self.client.get("/y-kien/tiep-dan/")
            with CaptureQueriesContext(connection) as queries:
                r = self.client.get("/y-kien/tiep-dan/")
        rows = re.findall(r'href="/y-kien/tiep-dan/(\d+)/"', r.content.decode())
        expected = ReceptionSession.objects.filter(date__lte=dt.date(2026, 9, 17)).count()
        self.assertGreaterEqual(expected, 5)
        self.assertEqual(len(rows), expected)
        # session, user, writing bodies, scope (2), the page of sessions, their case counts, the
        # user's bodies, their rules (coverage), the menu's admin check, active rules: whatever the
        # number of sessions.
        self.assertLessEqual(len(queries), 11)


class ReceptionApiTest(BaseTestCase):
    def api(self, user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def test_another_communes_body_is_a_404_for_a_new_session_or_dialogue(self):
        other = self.api(self.p.other_commune_officer)
        with time_machine.travel(DAY, tick=False):
            r = other.post(
                "/api/v1/cases/reception/sessions/",
                {
                    "organization": self.p.commune_org.pk,
                    "date": "2026-09-01",
                    "leader_title": "x",
                    "start_time": "08:00",
                    "end_time": "11:00",
                    "place": "Trụ sở",
                },
                format="json",
            )
            self.assertEqual(r.status_code, 404, r.content)
            r = other.post(
                "/api/v1/cases/dialogues/",
                {
                    "organization": self.p.commune_org.pk,
                    "title": "x",
                    "starts_at": "2026-09-30T08:00:00+07:00",
                    "place": "Trụ sở",
                },
                format="json",
            )
            self.assertEqual(r.status_code, 404, r.content)
        self.assertFalse(ReceptionSession.objects.exists())

    def test_schedules_sessions_and_the_public_schedule(self):
        with time_machine.travel(DAY, tick=False):
            officer = self.api(self.p.commune_officer)
            r = officer.post(
                "/api/v1/cases/reception/schedules/",
                {
                    "organization": self.p.commune_org.pk,
                    "leader_title": "Chủ tịch UBND phường",
                    "weekday": 2,
                    "start_time": "08:00",
                    "end_time": "11:00",
                    "place": "Trụ sở",
                },
                format="json",
            )
            self.assertEqual(r.status_code, 201, r.content)
            self.assertEqual(r.json()["rule_label"], "Thứ Tư hằng tuần")
            r = officer.post(
                "/api/v1/cases/reception/schedules/",
                {
                    "organization": self.p.commune_org.pk,
                    "leader_title": "x",
                    "weekday": 2,
                    "start_time": "11:00",
                    "end_time": "08:00",
                    "place": "Trụ sở",
                },
                format="json",
            )
            self.assertEqual(r.json()["message"], "Giờ kết thúc phải sau giờ bắt đầu.")
            sessions = officer.get("/api/v1/cases/reception/sessions/").json()["results"]
            self.assertEqual([s["date"] for s in sessions][:2], ["2026-08-26", "2026-09-09"])
            pk = sessions[0]["id"]
            r = officer.post(f"/api/v1/cases/reception/sessions/{pk}/hold/", {"visitors": 2}, format="json")
            self.assertEqual(r.status_code, 400)
            self.assertIn("chưa diễn ra", r.json()["message"])
            other = self.api(self.p.other_commune_officer)
            self.assertEqual(other.get(f"/api/v1/cases/reception/sessions/{pk}/").status_code, 404)
            self.assertEqual(
                other.post(f"/api/v1/cases/reception/sessions/{pk}/cancel/", {"reason": "x"}).status_code, 404
            )
            self.assertEqual(other.get("/api/v1/cases/reception/sessions/").json()["results"], [])
            r = officer.post(f"/api/v1/cases/reception/sessions/{pk}/cancel/", {"reason": "Bão"}, format="json")
            self.assertEqual(r.json()["status"], "cancelled")
            public = self.api().get("/api/v1/cases/reception/public/", {"unit": "68"}).json()
            self.assertEqual(public[0]["status"], "cancelled")
            self.assertEqual(
                set(public[0]),
                {
                    "date",
                    "start_time",
                    "end_time",
                    "organization_name",
                    "unit_name",
                    "leader_title",
                    "leader_name",
                    "place",
                    "status",
                },
            )
