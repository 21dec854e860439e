"""Reception days, citizens received and dialogues held fill a report by themselves, counted in the hierarchy of
their day, in one query per figure family (meetings.selectors.meeting_statistics)."""

import datetime as dt

from django.utils import timezone

from meetings.models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueStatus,
    ReceptionSession,
    SessionStatus,
)
from meetings.selectors import meeting_statistics
from reports import autofill, services
from reports.models import Value
from tests.reports.helpers import ReportsTestCase

D = dt.date
# The 2026 first half of the standard form runs 15/12/2025 – 14/6/2026.
IN_PERIOD, BEFORE = D(2026, 3, 10), D(2025, 11, 20)


def session(org, day, status=SessionStatus.HELD, visitors=0):
    return ReceptionSession.objects.create(
        organization=org,
        date=day,
        start_time=dt.time(7, 30),
        end_time=dt.time(11, 0),
        leader_title="Bí thư Đảng ủy",
        place="Trụ sở",
        status=status,
        visitors=visitors,
    )


def dialogue(org, unit, by, *, held_on=None, status=DialogueStatus.HELD, published_on=None, participants=0):
    day = held_on or IN_PERIOD
    return Dialogue.objects.create(
        organization=org,
        unit=unit,
        title="Đối thoại về bồi thường giải phóng mặt bằng",
        starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 8, 0)),
        place="Hội trường",
        status=status,
        announced_on=day - dt.timedelta(days=10),
        held_on=held_on,
        published_on=published_on,
        participants=participants,
        created_by=by,
    )


def commitment(d, owner, by, *, deadline, done_on=None):
    return Commitment.objects.create(
        dialogue=d,
        text="Chi trả tiền bồi thường",
        owner=owner,
        deadline=deadline,
        status=CommitmentStatus.DONE if done_on else CommitmentStatus.OPEN,
        done_on=done_on,
        created_by=by,
    )


class MeetingStatisticsTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        officer = p.commune_officer
        session(p.commune_org, IN_PERIOD, visitors=5)
        session(p.commune_org, D(2026, 4, 7), visitors=7)
        session(p.commune_org, D(2026, 4, 14), status=SessionStatus.PLANNED)
        session(p.commune_org, D(2026, 4, 21), status=SessionStatus.CANCELLED)
        session(p.commune_org, BEFORE, visitors=40)  # before the period
        session(p.province_org, D(2026, 5, 5), visitors=3)
        session(p.far_org, IN_PERIOD, visitors=9)  # another province

        on_time = dialogue(
            p.commune_org, p.commune, officer, held_on=IN_PERIOD, status=DialogueStatus.PUBLISHED,
            published_on=IN_PERIOD + dt.timedelta(days=10), participants=80,
        )  # fmt: skip
        late = dialogue(
            p.commune_org, p.commune, officer, held_on=D(2026, 4, 1), status=DialogueStatus.PUBLISHED,
            published_on=D(2026, 4, 12), participants=20,
        )  # fmt: skip
        dialogue(p.other_commune_org, p.other_commune, officer, held_on=D(2026, 5, 2), participants=15)
        dialogue(p.commune_org, p.commune, officer, status=DialogueStatus.ANNOUNCED)  # not held yet
        dialogue(p.far_org, p.far_commune, officer, held_on=IN_PERIOD)  # another province
        # Before 1/7/2025 the place was Phường 1 of Thành phố Đà Lạt: it stays there.
        cls.old = dialogue(p.commune_org, p.old_commune, officer, held_on=D(2024, 9, 5), participants=30)

        commitment(on_time, p.commune_org, officer, deadline=D(2026, 4, 30), done_on=D(2026, 4, 20))
        commitment(on_time, p.commune_org, officer, deadline=D(2026, 5, 1))  # open past its deadline on 14/6
        commitment(late, p.commune_org, officer, deadline=D(2026, 12, 31))  # open, not due yet
        commitment(cls.old, p.commune_org, officer, deadline=D(2024, 10, 31), done_on=D(2026, 1, 10))

    def test_it_counts_a_province_subtree_in_three_queries(self):
        with self.assertNumQueries(3):
            stats = meeting_statistics(self.p.province, self.period.start, self.period.end, today=D(2026, 7, 1))
        self.assertEqual(
            {k: stats[k] for k in ("sessions_held", "visitors", "sessions_planned", "sessions_cancelled")},
            {"sessions_held": 3, "visitors": 15, "sessions_planned": 1, "sessions_cancelled": 1},
        )
        self.assertEqual(
            {k: stats[k] for k in ("dialogues_held", "dialogue_participants", "results_published", "results_on_time")},
            {"dialogues_held": 3, "dialogue_participants": 115, "results_published": 2, "results_on_time": 1},
        )
        # Made at dialogues of the period: 3; closed in it: 1 (the one closed from the 2024 dialogue belongs to the
        # old province, where that dialogue was held); overdue on 14/6: 1.
        self.assertEqual(
            (stats["commitments_made"], stats["commitments_closed"], stats["commitments_overdue"]), (3, 1, 1)
        )
        old = meeting_statistics(self.p.old_province, self.period.start, self.period.end)
        self.assertEqual((old["commitments_closed"], old["dialogues_held"]), (1, 0))

    def test_a_commune_counts_only_its_own_meetings(self):
        stats = meeting_statistics(self.p.other_commune, self.period.start, self.period.end)
        self.assertEqual((stats["sessions_held"], stats["visitors"], stats["dialogues_held"]), (0, 0, 1))
        self.assertEqual(stats["commitments_made"], 0)

    def test_overdue_is_read_on_the_day_when_the_period_is_still_running(self):
        stats = meeting_statistics(self.p.province, self.period.start, self.period.end, today=D(2026, 4, 30))
        self.assertEqual(stats["commitments_overdue"], 0)
        stats = meeting_statistics(self.p.province, self.period.start, self.period.end, today=D(2026, 5, 2))
        self.assertEqual(stats["commitments_overdue"], 1)

    def test_history_stays_in_the_hierarchy_of_its_day(self):
        y2024 = (D(2024, 1, 1), D(2024, 12, 31))
        self.assertEqual(meeting_statistics(self.p.old_province, *y2024)["dialogues_held"], 1)
        self.assertEqual(meeting_statistics(self.p.old_district, *y2024)["dialogue_participants"], 30)
        self.assertEqual(meeting_statistics(self.p.province, *y2024)["dialogues_held"], 0)
        # The 2024 commitment was overdue at the end of 2024 and closed only in 2026.
        self.assertEqual(meeting_statistics(self.p.old_province, *y2024)["commitments_overdue"], 1)

    def test_a_commune_report_is_filled_from_its_meetings_and_typing_changes_nothing(self):
        report = self.report_of(self.p.commune_org)
        self.save(report, reception_sessions=99, dialogues=99, road_km=1)
        values = {
            v.indicator.code: (v.value, v.is_auto)
            for v in Value.objects.filter(report=report).select_related("indicator")
        }
        self.assertEqual(values["reception_sessions"], (2, True))
        self.assertEqual(values["reception_people"], (12, True))
        self.assertEqual(values["dialogues"], (2, True))
        self.assertEqual(values["road_km"][1], False)

    def test_a_province_report_counts_its_own_meetings_not_its_communes(self):
        # The roll-up adds the communes' reports; the province's own figure must not count them again.
        report = self.report_of(self.p.province_org)
        amounts = autofill.computed_amounts(report, services.form_indicators(self.form))
        self.assertEqual(amounts[self.key("reception_sessions")], 1)
        self.assertEqual(amounts[self.key("reception_people")], 3)
        self.assertEqual(amounts[self.key("dialogues")], 0)

    def test_every_automatic_figure_of_a_report_costs_eight_queries(self):
        report = self.report_of(self.p.commune_org)
        indicators = services.form_indicators(self.form)
        # practices 1, cases 1, meetings 3 (sessions, dialogues, commitments), programmes 1 (the forces' figures),
        # democracy 2 (disclosures, supervisions)
        with self.assertNumQueries(8):
            amounts = autofill.computed_amounts(report, indicators)
        self.assertEqual(amounts[self.key("dialogues")], 2)

    def test_the_entry_page_shows_them_as_automatic(self):
        report = self.report_of(self.p.commune_org)
        self.save(report)
        self.client.force_login(self.p.commune_officer)
        html = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
        name = f"v_{self.ind['dialogues'].pk}_"
        self.assertIn(f'<span id="{name}">2</span> <span class="badge auto">Tự động</span>', html)
        self.assertNotIn(f'name="{name}"', html)
