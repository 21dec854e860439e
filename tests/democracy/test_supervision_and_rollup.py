"""Supervision boards, their recommendations tracked to closure; the daily digest, the home page's to-do items,
the report indicators and the compliance roll-up over the hierarchy valid in the period."""

import datetime as dt

from audit.models import AuditEvent
from democracy import compliance, hooks, supervision
from democracy.models import Obligation, RecommendationStatus
from democracy.obligations import obligations_generate
from democracy.selectors import democracy_statistics, obligation_list
from geo.models import REFORM_2025, UnitType
from lib.errors import ServiceError
from meetings.models import Dialogue, DialogueStatus
from notifications.digest import digest_run
from notifications.models import Kind, Notification
from notifications.todo import Urgency, sections, todo_for
from reports.autofill import SOURCES, computed_amounts
from reports.models import Indicator
from tests.base import BaseTestCase
from tests.democracy.helpers import at, quarterly_disclosure
from tests.factories import make_unit

SEPT = dt.date(2026, 9, 10)


def board(p, kind="inspection", **extra):
    values = {"by": p.commune_officer, "organization": p.commune_org, "kind": kind,
              "name": "Ban Thanh tra nhân dân phường Xuân Hương", "term_start": dt.date(2026, 1, 1)}  # fmt: skip
    values.update(extra)
    return supervision.board_create(**values)


def recommendation(p, due=dt.date(2026, 9, 25)):
    b = board(p)
    with at(SEPT):
        session = supervision.session_record(
            board=b, by=p.commune_officer, held_on=SEPT, subject="Thu chi quỹ đóng góp làm đường tổ 5",
            findings="Chưa công khai chứng từ chi.",
        )  # fmt: skip
        return supervision.recommendation_add(
            session=session, by=p.commune_officer, text="Công khai chứng từ chi quỹ đường tổ 5",
            addressee=p.commune_org, answer_due=due,
        )  # fmt: skip


class BoardsTest(BaseTestCase):
    def test_the_inspection_board_term_follows_the_village_heads(self):
        b = board(self.p)
        self.assertEqual(b.term_end, dt.date(2030, 12, 31))  # 5 years: a Parameter an admin corrects

    def test_an_investment_board_has_a_project_and_at_most_five_members_two_deputies(self):
        with self.assertRaisesMessage(ServiceError, "hãy nhập tên dự án"):
            board(self.p, kind="investment", name="Ban GSĐTCĐ")
        b = board(self.p, kind="investment", name="Ban GSĐTCĐ đường liên thôn", project="Đường liên thôn 2026")
        roles = ["head", "deputy", "deputy", "member", "member"]
        for i, role in enumerate(roles):
            supervision.board_member_add(board=b, by=self.p.commune_officer, full_name=f"Thành viên {i}", role=role,
                                         since=dt.date(2026, 1, 1))  # fmt: skip
        with self.assertRaisesMessage(ServiceError, "tối đa 5 thành viên"):
            supervision.board_member_add(board=b, by=self.p.commune_officer, full_name="Thứ sáu", role="member",
                                         since=dt.date(2026, 1, 1))  # fmt: skip
        self.assertEqual(b.members.count(), 5)


class RecommendationTest(BaseTestCase):
    def test_a_recommendation_is_answered_then_closed_with_audit_rows(self):
        rec = recommendation(self.p)
        with at(dt.date(2026, 9, 20)):
            with self.assertRaisesMessage(ServiceError, "Chỉ cơ quan nhận kiến nghị"):
                supervision.recommendation_answer(recommendation=rec, by=self.p.other_commune_officer, answer="x")
            supervision.recommendation_answer(
                recommendation=rec, by=self.p.commune_officer, answer="Đã niêm yết chứng từ tại nhà văn hóa tổ 5."
            )
            supervision.recommendation_close(recommendation=rec, by=self.p.commune_officer)
        rec.refresh_from_db()
        self.assertEqual((rec.status, rec.answered_on), (RecommendationStatus.CLOSED, dt.date(2026, 9, 20)))
        moves = AuditEvent.objects.for_object(rec).filter(action="transition").count()
        self.assertEqual(moves, 2)
        with at(dt.date(2026, 9, 21)), self.assertRaisesMessage(ServiceError, "Không thể trả lời kiến nghị"):
            supervision.recommendation_answer(recommendation=rec, by=self.p.commune_officer, answer="Lần hai")

    def test_an_unanswered_one_past_due_is_in_the_daily_digest_and_the_roll_up(self):
        rec = recommendation(self.p)
        answered = recommendation(self.p)
        with at(dt.date(2026, 9, 24)):
            supervision.recommendation_answer(recommendation=answered, by=self.p.commune_officer, answer="Đã xử lý.")
        digest_run(day=dt.date(2026, 9, 26))
        body = Notification.objects.get(kind=Kind.DIGEST, recipient=self.p.commune_officer).body
        self.assertIn("- 1 kiến nghị giám sát của Nhân dân quá hạn trả lời: /dan-chu/kien-nghi/?state=overdue", body)
        self.assertNotIn(rec.text, body)
        report = compliance.compliance(self.p.province, dt.date(2026, 7, 1), dt.date(2026, 9, 30),
                                       today=dt.date(2026, 9, 26))  # fmt: skip
        row = next(r for r in report.rows if r.unit_id == self.p.commune.pk)
        self.assertEqual((row.figures["recommendations"], row.figures["overdue"]), (2, 1))
        self.assertEqual(row.figures["answered_on_time"], 1)
        self.assertEqual(report.total.figures["overdue"], 1)


class HomeTodoTest(BaseTestCase):
    def test_the_registry_holds_the_section_and_the_items_match_their_lists(self):
        self.assertIn("democracy.obligations", [s.key for s in sections()])
        obligations_generate(year=2026, units=[self.p.commune, self.p.other_commune])
        today = dt.date(2026, 2, 10)  # the annual budget estimate was due on 31/01/2026
        items = hooks.collect(self.p.commune_officer, today)
        missing = next(i for i in items if i.url.endswith("state=missing"))
        self.assertEqual(missing.label, "Nội dung phải công khai đã quá hạn")
        self.assertEqual(missing.urgency, Urgency.OVERDUE)
        listed = list(obligation_list(self.p.commune_officer, state="missing", today=today))
        self.assertEqual(missing.count, len(listed))
        self.assertIn("du-toan-ngan-sach", [o.category.code for o in listed])
        self.assertTrue(all(o.unit_id == self.p.commune.pk for o in listed))
        self.assertEqual(missing.due, dt.date(2026, 1, 31))
        self.assertIn(missing, todo_for(self.p.commune_officer, today))
        # The other commune's officer counts their own commune; national users get none.
        self.assertEqual(len(hooks.collect(self.p.central, today)), 0)
        # memberships (the national check and the scope), the scope's lineage, one aggregate for the obligations
        # (missing and upcoming, each under its list's condition), one for the overdue recommendations
        with self.assertNumQueries(4):
            hooks.collect(self.p.province_officer, today)

    def test_the_obligation_page_lists_what_the_item_counts(self):
        obligations_generate(year=2026, units=[self.p.commune])
        self.login(self.p.commune_officer)
        with at(dt.date(2026, 2, 10)):
            item = next(i for i in hooks.collect(self.p.commune_officer, dt.date(2026, 2, 10)) if "missing" in i.url)
            r = self.client.get(item.url)
        self.assertEqual(len(r.context["obligations"]), item.count)
        self.assertContains(r, "Dự toán ngân sách xã hằng năm")


class ReportIndicatorsTest(BaseTestCase):
    def test_disclosures_and_supervisions_are_automatic(self):
        codes = dict(Indicator.objects.filter(code__in=["disclosures", "supervisions"]).values_list("code", "source"))
        self.assertEqual(codes, {"disclosures": "democracy.disclosures", "supervisions": "democracy.supervisions"})
        self.assertIn("democracy.supervisions", SOURCES)
        obligations_generate(year=2026, units=[self.p.commune])
        with at(dt.date(2026, 3, 5)):
            quarterly_disclosure(self.p, posted=dt.date(2026, 3, 5))
        recommendation(self.p)
        figures = democracy_statistics(self.p.commune, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        self.assertEqual(figures, {"disclosures": 1, "supervisions": 1})
        self.assertEqual(democracy_statistics(self.p.other_commune, None, None), {"disclosures": 0, "supervisions": 0})

        class FakeReport:  # a report is (unit, period): the two things computed_amounts reads
            unit = self.p.commune

            class period:  # noqa: N801
                start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)

        indicators = list(Indicator.objects.filter(code__in=["disclosures", "supervisions"]).order_by("code"))
        amounts = computed_amounts(FakeReport, indicators)
        self.assertEqual(amounts, {(indicators[0].pk, ""): 1, (indicators[1].pk, ""): 0})  # supervision in Sept


class ComplianceTest(BaseTestCase):
    def test_a_missing_estimate_shows_in_the_province_roll_up_and_the_nation(self):
        obligations_generate(year=2026)
        with at(dt.date(2026, 1, 20)):
            quarterly_disclosure(self.p, posted=dt.date(2026, 1, 20))  # fulfils the oldest open quarter: Q1
        Dialogue.objects.create(
            organization=self.p.commune_org, unit=self.p.commune, title="Đối thoại năm 2026", place="Hội trường",
            starts_at=dt.datetime(2026, 5, 5, 8, tzinfo=dt.UTC), status=DialogueStatus.HELD,
            announced_on=dt.date(2026, 4, 20), held_on=dt.date(2026, 5, 5), created_by=self.p.commune_officer,
        )  # fmt: skip
        today = dt.date(2026, 2, 10)
        with self.assertNumQueries(8):
            report = compliance.compliance(self.p.province, dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=today)
        rows = {r.code: r for r in report.rows}
        self.assertEqual(set(rows), {"24820", "24823"})
        commune = rows["24820"].figures
        self.assertEqual(commune["missing"], 2)  # the annual estimate and the socio-economic plan, due 31/01
        self.assertEqual((commune["disclosures"], commune["dialogues"], commune["communes_with_dialogue"]), (1, 1, 1))
        self.assertEqual(commune["on_time"], 1)  # Q1 (due 15/04) was fulfilled early: on time
        self.assertEqual(report.total.figures["missing"], 4)
        self.assertEqual(report.total.figures["communes"], 2)
        nation = compliance.compliance(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=today)
        by_province = {r.code: r for r in nation.rows}
        self.assertEqual(by_province["68"].figures["missing"], 4)
        self.assertEqual(by_province["51"].figures["missing"], 2)
        self.assertEqual(nation.total.figures["missing"], 6)
        self.assertNotIn(self.p.old_province.pk, [r.unit_id for r in nation.rows])

    def test_a_past_period_rolls_up_over_the_hierarchy_valid_then(self):
        old_end = REFORM_2025 - dt.timedelta(days=1)
        old_sibling = make_unit(
            "24821", "Phường 2", UnitType.WARD, parent=self.p.old_district, valid_from=dt.date(1900, 1, 1),
            valid_to=old_end,
        )  # fmt: skip
        obligations_generate(year=2024)
        report = compliance.compliance(self.p.old_province, dt.date(2024, 1, 1), dt.date(2024, 12, 31),
                                       today=dt.date(2025, 3, 1))  # fmt: skip
        self.assertEqual({r.code for r in report.rows}, {"24820", "24821"})
        self.assertEqual(report.total.figures["communes"], 2)
        per_commune = Obligation.objects.filter(unit=old_sibling, due_on__year=2024).count()
        self.assertEqual(report.total.figures["missing"], 2 * per_commune)
        nation = compliance.compliance(None, dt.date(2024, 1, 1), dt.date(2024, 12, 31), today=dt.date(2025, 3, 1))
        self.assertEqual([r.unit_id for r in nation.rows if r.figures["obligations"]], [self.p.old_province.pk])
