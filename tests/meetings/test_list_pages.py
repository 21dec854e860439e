"""The officers' lists of reception sessions and dialogues: 50 rows a page, links that keep the filters, and a query
count that does not grow with the rows."""

import datetime as dt
import re

import time_machine

from meetings.models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueQuestion,
    DialogueStatus,
    QuestionSource,
    ReceptionSession,
)
from tests.base import BaseTestCase
from tests.meetings.test_reception import record_at

TZ = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 8, 20, 9, 0, tzinfo=TZ)
TODAY = NOW.date()
SESSION_LINK = re.compile(r'href="/y-kien/tiep-dan/(\d+)/"')
DIALOGUE_LINK = re.compile(r'href="/y-kien/doi-thoai/(\d+)/"')


def add_sessions(p, n: int, *, first: dt.date, step: int = 1, org=None) -> list[ReceptionSession]:
    """``n`` sessions from ``first`` on, one every ``step`` days (a negative step goes back in time)."""
    ReceptionSession.objects.bulk_create(
        ReceptionSession(
            organization=org or p.commune_org,
            date=first + dt.timedelta(days=(i * step) // 6),  # six sessions a day
            start_time=dt.time(7 + i % 4),
            end_time=dt.time(11 + i % 4),
            leader_title="Chủ tịch UBND phường",
            place=f"Phòng {i}",
        )
        for i in range(n)
    )
    return list(ReceptionSession.objects.order_by("-id")[:n])


def add_dialogues(p, n: int, *, org=None, unit=None) -> None:
    Dialogue.objects.bulk_create(
        Dialogue(
            organization=org or p.commune_org,
            unit=unit or p.commune,
            title=f"Đối thoại số {i}",
            starts_at=NOW - dt.timedelta(days=200) + dt.timedelta(hours=i),
            place="Hội trường",
            status=DialogueStatus.ANNOUNCED,
            announced_on=TODAY - dt.timedelta(days=300),
            created_by=p.commune_officer,
        )
        for i in range(n)
    )


class ReceptionListTest(BaseTestCase):
    def setUp(self):
        self.traveller = time_machine.travel(NOW, tick=False)
        self.traveller.start()
        self.addCleanup(self.traveller.stop)
        self.login(self.p.commune_officer)

    def shown(self, response) -> list[int]:
        return [int(pk) for pk in SESSION_LINK.findall(response.content.decode())]

    def test_it_lists_the_coming_sessions_soonest_first_fifty_a_page(self):
        add_sessions(self.p, 120, first=TODAY)
        add_sessions(self.p, 3, first=TODAY - dt.timedelta(days=3))  # past: on the other tab
        add_sessions(self.p, 4, first=TODAY, org=self.p.far_org)  # out of scope
        coming = list(
            ReceptionSession.objects.filter(organization=self.p.commune_org, date__gte=TODAY)
            .order_by("date", "start_time", "id")
            .values_list("pk", flat=True)
        )
        pages = [self.client.get("/y-kien/tiep-dan/", {"page": n} if n > 1 else {}) for n in (1, 2, 3)]
        self.assertEqual([len(self.shown(r)) for r in pages], [50, 50, 20])
        self.assertEqual(sum((self.shown(r) for r in pages), []), coming)
        self.assertContains(pages[0], "120 buổi tiếp")
        self.assertContains(pages[0], "Trang 1/3")
        self.assertContains(pages[0], 'href="?page=2" rel="next">Trang sau →')
        self.assertNotContains(pages[0], "Trang trước")
        self.assertContains(pages[1], 'href="?page=1" rel="prev">← Trang trước')
        self.assertNotContains(pages[2], "Trang sau")
        # A number past the end (or absurd) shows the last page rather than failing.
        self.assertEqual(self.shown(self.client.get("/y-kien/tiep-dan/", {"page": "9" * 30})), self.shown(pages[2]))

    def test_the_past_tab_lists_the_last_month_newest_first_and_its_links_keep_the_tab(self):
        add_sessions(self.p, 60, first=TODAY - dt.timedelta(days=1), step=-1)
        add_sessions(self.p, 2, first=TODAY - dt.timedelta(days=40))  # older than a month
        add_sessions(self.p, 2, first=TODAY)  # coming
        past = list(
            ReceptionSession.objects.filter(date__lt=TODAY, date__gte=TODAY - dt.timedelta(days=30))
            .order_by("-date", "-start_time", "-id")
            .values_list("pk", flat=True)
        )
        self.assertEqual(len(past), 60)
        first = self.client.get("/y-kien/tiep-dan/", {"khi": "da-qua"})
        self.assertEqual(self.shown(first), past[:50])
        self.assertContains(first, 'href="?khi=da-qua&amp;page=2" rel="next"')
        second = self.client.get("/y-kien/tiep-dan/", {"khi": "da-qua", "page": "2"})
        self.assertEqual(self.shown(second), past[50:])
        self.assertContains(second, "Trang 2/2")

    def test_each_row_counts_the_cases_received_at_it(self):
        sessions = add_sessions(self.p, 3, first=TODAY)
        record_at(self.p, sessions[0], received_on=TODAY)
        record_at(self.p, sessions[0], received_on=TODAY, title="Đường ngập")
        rows = self.client.get("/y-kien/tiep-dan/").context["sessions"]
        self.assertEqual({s.pk: s.case_count for s in rows}, {sessions[0].pk: 2, sessions[1].pk: 0, sessions[2].pk: 0})

    def test_the_query_count_does_not_grow_with_the_sessions(self):
        self.client.get("/y-kien/tiep-dan/")
        for more in (60, 200):
            with self.subTest(sessions_added=more):
                add_sessions(self.p, more, first=TODAY)
                # session, user, the user's memberships (writing bodies, scope, the menu), the bodies' rows, the
                # scope's lineage, the page of sessions, their capped count, their case counts, the bodies' rules
                # (coverage), active rules.
                with self.assertNumQueries(10):
                    r = self.client.get("/y-kien/tiep-dan/")
                self.assertEqual(len(self.shown(r)), 50)


class DialogueListTest(BaseTestCase):
    def setUp(self):
        self.traveller = time_machine.travel(NOW, tick=False)
        self.traveller.start()
        self.addCleanup(self.traveller.stop)
        self.login(self.p.commune_officer)

    def shown(self, response) -> list[int]:
        return [int(pk) for pk in DIALOGUE_LINK.findall(response.content.decode())]

    def test_it_lists_the_latest_dialogues_first_fifty_a_page(self):
        add_dialogues(self.p, 70)
        add_dialogues(self.p, 3, org=self.p.far_org, unit=self.p.far_commune)  # out of scope
        latest = list(
            Dialogue.objects.filter(unit=self.p.commune).order_by("-starts_at", "-id").values_list("pk", flat=True)
        )
        first = self.client.get("/y-kien/doi-thoai/")
        second = self.client.get("/y-kien/doi-thoai/", {"page": "2"})
        self.assertEqual(self.shown(first), latest[:50])
        self.assertEqual(self.shown(second), latest[50:])
        self.assertContains(first, "70 hội nghị")
        self.assertContains(first, "Trang 1/2")
        self.assertContains(first, 'href="?page=2" rel="next">Trang sau →')
        self.assertContains(second, 'href="?page=1" rel="prev">← Trang trước')

    def test_each_row_counts_its_questions_and_open_commitments(self):
        add_dialogues(self.p, 2)
        busy, quiet = Dialogue.objects.order_by("-starts_at")
        DialogueQuestion.objects.bulk_create(
            DialogueQuestion(dialogue=busy, source=QuestionSource.CITIZEN, text=f"Câu hỏi {i}") for i in range(3)
        )
        Commitment.objects.bulk_create(
            Commitment(
                dialogue=busy,
                text=f"Cam kết {i}",
                owner=self.p.commune_org,
                deadline=TODAY + dt.timedelta(days=30),
                status=status,
                created_by=self.p.commune_officer,
            )
            for i, status in enumerate([CommitmentStatus.OPEN, CommitmentStatus.OPEN, CommitmentStatus.DONE])
        )
        rows = self.client.get("/y-kien/doi-thoai/").context["dialogues"]
        self.assertEqual(
            [(d.pk, d.question_count, d.open_commitments) for d in rows], [(busy.pk, 3, 2), (quiet.pk, 0, 0)]
        )

    def test_the_query_count_does_not_grow_with_the_dialogues(self):
        self.client.get("/y-kien/doi-thoai/")
        for more in (60, 150):
            with self.subTest(dialogues_added=more):
                add_dialogues(self.p, more)
                # session, user, the user's memberships (writing bodies, scope, the menu), the bodies' rows, the
                # scope's lineage, the capped count, the page, its question and open commitment counts, overdue
                # commitments, the form's topics.
                with self.assertNumQueries(11):
                    r = self.client.get("/y-kien/doi-thoai/")
                self.assertEqual(len(self.shown(r)), 50)
