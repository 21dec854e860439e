"""Consultations: the passing rule at its boundary, online household voting (one vote per code, closed at the
deadline, secret, reproducible tally), opinions answered, village rules through their versions."""

import datetime as dt

from audit.models import AuditEvent
from democracy import consultations, village_rules
from democracy.models import (
    Ballot,
    Consultation,
    ConsultationStatus,
    Outcome,
    PassingRule,
    UsedCode,
    VillageRuleStatus,
    VotingCode,
)
from lib.errors import ServiceError
from tests.base import BaseTestCase
from tests.democracy.helpers import TZ, at

START = dt.datetime(2026, 11, 2, 7, 0, tzinfo=TZ)
DEADLINE = dt.datetime(2026, 11, 9, 17, 0, tzinfo=TZ)
TWO_THIRDS = "hai-phan-ba-tong-so-ho"


def create(p, *, form="ballot", kind="decide", rule=TWO_THIRDS, eligible=300, **extra):
    values = {
        "by": p.commune_officer,
        "organization": p.commune_org,
        "subject": "Mức đóng góp làm đường bê tông liên thôn năm 2027",
        "kind": kind,
        "form": form,
        "scope": "commune",
        "opens_at": START,
        "closes_at": DEADLINE,
        "options": [("Đồng ý mức 500.000 đồng/hộ", True), ("Không đồng ý", False)],
        "rule": PassingRule.objects.get(code=rule) if rule else None,
        "eligible_households": eligible,
    }
    values.update(extra)
    return consultations.consultation_create(**values)


class PassingRuleTest(BaseTestCase):
    def _ballot(self, approving, eligible=300, participating=None, rule=TWO_THIRDS):
        with at(START):
            c = create(self.p, eligible=eligible, rule=rule)
            consultations.consultation_open(consultation=c, by=self.p.commune_officer)
            yes, no = c.options.all()
            participating = participating if participating is not None else eligible
            consultations.consultation_record_results(
                consultation=c, by=self.p.commune_officer, participating=participating,
                votes={yes.pk: approving, no.pk: participating - approving},
            )  # fmt: skip
        with at(DEADLINE):
            return consultations.consultation_close(consultation=c, by=self.p.commune_officer)

    def test_two_thirds_of_the_households_passes_exactly_at_two_thirds(self):
        self.assertEqual(self._ballot(200).outcome, Outcome.PASSED)  # 200 of 300 = exactly 2/3

    def test_two_thirds_fails_one_household_below(self):
        self.assertEqual(self._ballot(199).outcome, Outcome.FAILED)

    def test_two_thirds_counts_all_eligible_households_not_only_those_who_took_part(self):
        # 200 of the 250 who took part approve (80%), but only 200 of 301 households in the commune: below 2/3.
        self.assertEqual(self._ballot(200, eligible=301, participating=250).outcome, Outcome.FAILED)

    def test_more_than_half_is_strict(self):
        self.assertEqual(self._ballot(150, rule="quan-ba-tong-so-ho").outcome, Outcome.FAILED)
        self.assertEqual(self._ballot(151, rule="quan-ba-tong-so-ho").outcome, Outcome.PASSED)

    def test_the_rule_is_integer_arithmetic(self):
        rule = PassingRule.objects.get(code=TWO_THIRDS)
        self.assertTrue(rule.passes(2, eligible=3, participating=3))
        self.assertFalse(rule.passes(666_666, eligible=1_000_000, participating=1_000_000))
        self.assertTrue(rule.passes(666_667, eligible=1_000_000, participating=1_000_000))
        self.assertFalse(rule.passes(0, eligible=0, participating=0))

    def test_counts_beyond_the_households_are_refused(self):
        with at(START):
            c = create(self.p, eligible=10)
            consultations.consultation_open(consultation=c, by=self.p.commune_officer)
            yes, _ = c.options.all()
            with self.assertRaisesMessage(ServiceError, "không được lớn hơn số hộ thuộc phạm vi"):
                consultations.consultation_record_results(
                    consultation=c, by=self.p.commune_officer, participating=11, votes={yes.pk: 11}
                )
            with self.assertRaisesMessage(ServiceError, "không được lớn hơn số hộ tham gia"):
                consultations.consultation_record_results(
                    consultation=c, by=self.p.commune_officer, participating=5, votes={yes.pk: 6}
                )


class OnlineVoteTest(BaseTestCase):
    def setUp(self):
        with at(START - dt.timedelta(days=1)):
            self.c = create(self.p, form="online", eligible=0)
            self.slips = consultations.consultation_issue_codes(
                consultation=self.c, by=self.p.commune_officer, households=[f"Hộ số {i}, tổ 3" for i in range(1, 7)]
            )
            consultations.consultation_open(consultation=self.c, by=self.p.commune_officer)
        self.yes, self.no = self.c.options.all()

    def vote(self, code, option, when=START + dt.timedelta(hours=2)):
        with at(when):
            consultations.consultation_vote(consultation=self.c, code=code, option_id=option.pk)

    def test_eligible_households_are_the_slips_issued_and_codes_are_stored_hashed(self):
        self.c.refresh_from_db()
        self.assertEqual(self.c.eligible_households, 6)
        codes = [code for _, code in self.slips]
        self.assertEqual(len(set(codes)), 6)
        stored = set(VotingCode.objects.values_list("code_hash", flat=True))
        self.assertTrue(all(code not in stored and code.replace("-", "") not in stored for code in codes))

    def test_a_second_vote_with_the_same_code_is_refused(self):
        code = self.slips[0][1]
        self.vote(code, self.yes)
        with self.assertRaisesMessage(
            ServiceError, "Mã biểu quyết này đã được sử dụng. Mỗi hộ gia đình chỉ được biểu quyết một lần."
        ):
            self.vote(code.lower().replace("-", " "), self.no)  # however it is typed
        self.assertEqual(Ballot.objects.count(), 1)

    def test_a_wrong_code_is_refused(self):
        with self.assertRaisesMessage(ServiceError, "Mã biểu quyết không đúng"):
            self.vote("AAAAA-AAAAA", self.yes)
        self.assertFalse(Ballot.objects.exists())

    def test_a_vote_after_the_deadline_is_refused(self):
        with self.assertRaisesMessage(
            ServiceError, "Đã hết hạn biểu quyết lúc 17:00 ngày 09/11/2026; phiếu không được ghi nhận."
        ):
            self.vote(self.slips[0][1], self.yes, when=DEADLINE)
        self.assertFalse(UsedCode.objects.exists())

    def test_the_tally_equals_the_votes_and_is_reproducible(self):
        for (_, code), option in zip(self.slips[:5], [self.yes, self.yes, self.yes, self.yes, self.no], strict=True):
            self.vote(code, option)
        with at(DEADLINE + dt.timedelta(minutes=1)):
            c = consultations.consultation_close(consultation=self.c, by=self.p.commune_officer)
            consultations.consultation_publish(consultation=c, by=self.p.commune_officer, result_text="Thông qua.")
        votes = dict(c.options.values_list("label", "votes"))
        self.assertEqual(list(votes.values()), [4, 1])
        self.assertEqual(sum(votes.values()), Ballot.objects.filter(consultation=c).count())
        self.assertEqual(consultations.tally(c), {self.yes.pk: 4, self.no.pk: 1})
        self.assertEqual(c.participating_households, 5)
        self.assertEqual(c.outcome, Outcome.PASSED)  # 4 of 6 households = exactly two thirds
        self.assertEqual(c.status, ConsultationStatus.PUBLISHED)

    def test_no_table_ties_a_household_to_its_choice(self):
        self.vote(self.slips[0][1], self.yes)
        ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
        self.assertEqual(ballot_columns, {"id", "consultation_id", "option_id"})
        used_columns = {f.column for f in UsedCode._meta.concrete_fields}
        self.assertNotIn("option_id", used_columns)
        self.assertNotIn("household", used_columns)
        # The trail records that a vote was cast, never the option or the code.
        self.assertEqual(AuditEvent.objects.for_object(self.c).latest("id").changes, {"ballots": [None, 1]})

    def test_an_online_vote_cannot_be_closed_before_its_deadline(self):
        with at(START + dt.timedelta(days=1)), self.assertRaisesMessage(ServiceError, "Chưa đến hạn cuối"):
            consultations.consultation_close(consultation=self.c, by=self.p.commune_officer)


class OpinionsAndVillageRulesTest(BaseTestCase):
    def test_opinions_are_grouped_and_answered(self):
        with at(START):
            c = create(self.p, kind="opinion", form="meeting", rule=None, options=[])
            group = consultations.opinion_group_add(
                consultation=c, by=self.p.commune_officer, summary="Đề nghị mở rộng lòng đường", count=12
            )
            consultations.opinion_answer(group=group, by=self.p.commune_officer, answer="Tiếp thu, điều chỉnh.")
        group.refresh_from_db()
        self.assertEqual((group.answer, group.answered_on), ("Tiếp thu, điều chỉnh.", START.date()))
        self.assertTrue(AuditEvent.objects.for_object(group).filter(action="update").exists())

    def test_a_village_rule_is_posted_for_the_required_days_before_the_vote_then_approved(self):
        day = dt.date(2026, 9, 1)
        with at(day):
            version = village_rules.village_rule_create(
                by=self.p.commune_officer, organization=self.p.commune_org, kind="huong_uoc",
                village="Tổ dân phố 3", title="Hương ước tổ dân phố 3", text="Điều 1. …",
            )  # fmt: skip
            village_rules.village_rule_post(version=version, by=self.p.commune_officer, posted_on=day)
        vote = Consultation.objects.create(
            unit=self.p.commune, organization=self.p.commune_org, subject="Biểu quyết hương ước", scope="village",
            kind="decide_approve", form="meeting", opens_at=START, closes_at=DEADLINE, outcome=Outcome.PASSED,
            created_by=self.p.commune_officer,
        )  # fmt: skip
        with at(day + dt.timedelta(days=29)), self.assertRaisesMessage(ServiceError, "niêm yết ít nhất 30 ngày"):
            village_rules.village_rule_adopt(version=version, by=self.p.commune_officer, consultation=vote)
        with at(day + dt.timedelta(days=30)):
            village_rules.village_rule_adopt(version=version, by=self.p.commune_officer, consultation=vote)
            village_rules.village_rule_approve(
                version=version, by=self.p.commune_officer, document="15/QĐ-UBND", on=day + dt.timedelta(days=30)
            )
            second = village_rules.village_rule_revise(rule=version.rule, by=self.p.commune_officer, text="Sửa đổi")
        version.refresh_from_db()
        self.assertEqual(version.status, VillageRuleStatus.APPROVED)
        self.assertEqual((second.number, second.status), (2, VillageRuleStatus.DRAFT))
