"""The services: intake, routing, deadlines, every transition and who may make it."""

import datetime as dt

import time_machine
from django.test import override_settings

from audit.models import Action as AuditAction
from audit.models import AuditEvent
from cases import handling, intake
from cases.models import Case, CaseEvent, Petitioner, RoutingRule, Status
from lib.errors import ServiceError
from orgs.models import Role
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, pdf, submit, topic
from tests.factories import make_org, make_user

# Thursday 5/11/2026, far from holidays.
DAY = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@time_machine.travel(DAY, tick=False)
class IntakeTest(BaseTestCase):
    def test_it_routes_to_the_commune_and_computes_the_acceptance_limit(self):
        case, token = submit(self.p, kind="complaint_first")
        self.assertEqual(case.organization, self.p.commune_org)
        self.assertEqual(case.status, Status.RECEIVED)
        self.assertEqual(case.province, self.p.province)
        self.assertEqual(case.received_on, dt.date(2026, 11, 5))
        # Luật Khiếu nại Đ.27: 10 days from receipt; the 15th is a Sunday, so Monday the 16th.
        self.assertEqual(case.accept_due, dt.date(2026, 11, 16))
        self.assertEqual(case.due_date, case.accept_due)
        self.assertIsNone(case.resolve_due)
        self.assertEqual(len(case.code), 8)
        self.assertNotIn(token, case.token_hash)
        self.assertTrue(intake.token_matches(case, token))
        self.assertFalse(intake.token_matches(case, token + "x"))
        self.assertEqual(Petitioner.objects.get(case=case).full_name, CITIZEN["full_name"])
        self.assertEqual(CaseEvent.objects.get(case=case).action, "submit")
        self.assertTrue(AuditEvent.objects.for_object(case).filter(action=AuditAction.CREATE).exists())

    def test_feedback_runs_its_reply_limit_from_receipt_and_may_be_anonymous(self):
        case, _ = submit(self.p, kind="feedback", contact={})
        self.assertTrue(case.is_anonymous)
        self.assertFalse(Petitioner.objects.filter(case=case).exists())
        self.assertEqual(case.resolve_due, dt.date(2026, 11, 25))  # 20 days (QĐ 574/QĐ-TTg)

    @override_settings(CASES_FEEDBACK_REPLY_DAYS=15)
    def test_the_feedback_limit_is_a_setting(self):
        case, _ = submit(self.p, kind="feedback", contact={})
        self.assertEqual(case.resolve_due, dt.date(2026, 11, 20))

    def test_a_denunciation_requires_identity(self):
        with self.assertRaisesMessage(ServiceError, "Tố cáo phải nêu rõ danh tính"):
            intake.case_record(
                by=self.p.commune_officer,
                kind="denunciation",
                topic=topic(),
                unit=self.p.commune,
                title="Tố cáo",
                content="Nội dung",
                channel="letter",
                contact={"full_name": "Ẩn danh"},
            )
        self.assertFalse(Case.objects.exists())
        # Sent unsigned on the web it is kept as information (Luật Tố cáo 2018, Điều 25): see test_legal_path.
        info, _ = submit(self.p, kind="denunciation", contact={"full_name": "Ẩn danh"})
        self.assertTrue(info.is_denunciation_info)
        case, _ = submit(self.p, kind="denunciation")
        # Luật Tố cáo Đ.24: 7 working days; 5/11/2026 (Thu) → 16/11/2026 (Mon).
        self.assertEqual(case.accept_due, dt.date(2026, 11, 16))

    def test_a_complaint_requires_name_and_address(self):
        with self.assertRaisesMessage(ServiceError, "Luật Khiếu nại 2011, Điều 8"):
            submit(self.p, kind="complaint_first", contact={"phone": "0912345678"})

    def test_a_routing_rule_beats_the_default_and_the_most_specific_wins(self):
        ubnd_tinh = make_org("UBND tỉnh Lâm Đồng", "ubnd", self.p.province)
        tn_mt = make_org("Sở Nông nghiệp và Môi trường", "so", self.p.province)
        RoutingRule.objects.create(unit=self.p.province, include_subtree=True, organization=ubnd_tinh)
        RoutingRule.objects.create(unit=self.p.province, topic=topic("moi-truong"), organization=tn_mt)
        self.assertEqual(submit(self.p)[0].organization, ubnd_tinh)
        self.assertEqual(submit(self.p, topic=topic("moi-truong"))[0].organization, tn_mt)
        RoutingRule.objects.create(unit=self.p.commune, include_subtree=False, organization=self.p.commune_org)
        self.assertEqual(submit(self.p, topic=topic("moi-truong"))[0].organization, self.p.commune_org)

    def test_abusive_content_waits_for_moderation_and_is_kept(self):
        case, _ = submit(self.p, kind="feedback", contact={}, content="Cán bộ phường là đồ ÓC CHÓ, đ* m*")
        self.assertEqual(case.status, Status.MODERATION)
        self.assertEqual(case.due_date, case.accept_due)  # the clock runs: nothing is parked silently
        handling.case_release(case=case, by=self.p.commune_officer)
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.RECEIVED)

    def test_an_executable_renamed_pdf_is_refused_and_nothing_is_saved(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.cases.helpers import EXE

        with self.assertRaisesMessage(ServiceError, "tệp chương trình Windows"):
            submit(self.p, files=[SimpleUploadedFile("bien-ban.pdf", EXE)])
        self.assertFalse(Case.objects.exists())

    @override_settings(CASES_RATE_LIMIT=2, CASES_RATE_LIMIT_MINUTES=60)
    def test_the_public_form_is_rate_limited_per_address(self):
        submit(self.p, ip="198.51.100.1")
        submit(self.p, ip="198.51.100.1")
        with self.assertRaises(ServiceError) as raised:
            submit(self.p, ip="198.51.100.1")
        self.assertEqual(raised.exception.status_code, 429)
        self.assertIn("thử lại sau", raised.exception.message)
        submit(self.p, ip="198.51.100.2")  # another address is not affected
        with time_machine.travel(DAY + dt.timedelta(minutes=61), tick=False):
            submit(self.p, ip="198.51.100.1")

    def test_an_officer_records_a_case_received_in_person(self):
        case, _ = intake.case_record(
            by=self.p.commune_officer,
            kind="petition",
            topic=topic(),
            unit=self.p.commune,
            title="Kiến nghị làm đèn đường",
            content="Tổ dân phố 5 thiếu đèn.",
            channel="in_person",
            received_on=dt.date(2026, 11, 3),
        )
        self.assertEqual(case.channel, "in_person")
        self.assertEqual(case.accept_due, dt.date(2026, 11, 13))
        self.assertEqual(case.created_by, self.p.commune_officer)
        with self.assertRaises(ServiceError) as raised:
            intake.case_record(
                by=self.p.commune_officer,
                kind="petition",
                topic=topic(),
                unit=self.p.far_commune,
                title="x",
                content="y",
                channel="phone",
            )
        self.assertEqual(raised.exception.status_code, 403)


class LifecycleTest(BaseTestCase):
    def test_accept_answer_reopen_answer_confirm(self):
        # A petition (complaints are not reopened: a second-time complaint goes to the level above).
        with time_machine.travel(DAY, tick=False):
            case, token = submit(self.p)
        with time_machine.travel(DAY + dt.timedelta(days=2), tick=False):
            handling.case_accept(case=case, by=self.p.commune_officer)
            # The body's reply limit, 20 days from receipt (5/11/2026) → 25/11/2026.
            self.assertEqual(case.resolve_due, dt.date(2026, 11, 25))
            self.assertEqual(case.due_date, dt.date(2026, 11, 25))
        with time_machine.travel(DAY + dt.timedelta(days=20), tick=False):
            answer = handling.case_answer(
                case=case, by=self.p.commune_officer, text="Đã chi trả bồi thường.", files=[pdf("qd.pdf")]
            )
            self.assertEqual(answer.files.get().kind, "pdf")
            self.assertTrue(case.answered_on_time)
            self.assertIsNone(case.due_date)
        with time_machine.travel(DAY + dt.timedelta(days=25), tick=False):
            with self.assertRaisesMessage(ServiceError, "Đường dẫn theo dõi không hợp lệ"):
                handling.case_reopen(case=case, token="sai", reason="x")
            with self.assertRaisesMessage(ServiceError, "lý do"):
                handling.case_reopen(case=case, token=token, reason="  ")
            handling.case_reopen(case=case, token=token, reason="Tôi chưa nhận được tiền.")
            self.assertEqual(case.status, Status.REOPENED)
            self.assertEqual(case.reopen_count, 1)
            # 20 days again from the reopening (30/11): Sun 20/12 → Mon 21/12.
            self.assertEqual(case.due_date, dt.date(2026, 12, 21))
            handling.case_answer(case=case, by=self.p.commune_officer, text="Đã chuyển khoản ngày 30/11.")
            handling.case_confirm(case=case, token=token)
        case.refresh_from_db()
        self.assertEqual(case.status, Status.CLOSED)
        self.assertTrue(case.satisfied)
        actions = list(case.events.values_list("action", flat=True))
        self.assertEqual(actions, ["submit", "accept", "answer", "reopen", "answer", "confirm"])

    def test_the_sender_cannot_reopen_after_the_window(self):
        with time_machine.travel(DAY, tick=False):
            case, token = submit(self.p, kind="feedback", contact={})
            handling.case_accept(case=case, by=self.p.commune_officer)
            handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xử lý.")
        with (
            time_machine.travel(DAY + dt.timedelta(days=31), tick=False),
            self.assertRaisesMessage(ServiceError, "Đã quá thời hạn 30 ngày"),
        ):
            handling.case_reopen(case=case, token=token, reason="Chưa xử lý")

    def test_illegal_transitions_are_refused_in_vietnamese(self):
        case, token = submit(self.p)
        with self.assertRaisesMessage(ServiceError, "Không thể trả lời vụ việc đang ở trạng thái “Đã tiếp nhận”"):
            handling.case_answer(case=case, by=self.p.commune_officer, text="Trả lời sớm")
        with self.assertRaisesMessage(ServiceError, "chưa có kết quả để phản hồi"):
            handling.case_confirm(case=case, token=token)
        handling.case_accept(case=case, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "Không thể thụ lý vụ việc đang ở trạng thái “Đã thụ lý”"):
            handling.case_accept(case=case, by=self.p.commune_officer)
        with self.assertRaisesMessage(ServiceError, "nêu rõ lý do"):
            handling.case_dismiss(case=case, by=self.p.commune_officer, reason="")
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.ACCEPTED)

    def test_only_the_handling_body_and_those_above_act(self):
        case, _ = submit(self.p)
        for outsider in (self.p.other_commune_officer, self.p.viewer):
            with self.assertRaises(ServiceError) as raised:
                handling.case_accept(case=case, by=outsider)
            self.assertEqual(raised.exception.status_code, 403)
        # A body of the same commune that is not handling it: not allowed either.
        hoi = make_org("Hội Phụ nữ phường", "hoi-lhpn", self.p.commune)
        with self.assertRaises(ServiceError):
            handling.case_accept(case=case, by=make_user("hoiphunu", hoi, Role.OFFICER))
        handling.case_accept(case=case, by=self.p.province_officer)  # the body above may
        self.assertEqual(case.status, Status.ACCEPTED)

    def test_transfer_needs_a_reason_and_moves_the_case(self):
        case, _ = submit(self.p)
        with self.assertRaisesMessage(ServiceError, "phải nêu lý do"):
            handling.case_transfer(case=case, by=self.p.commune_officer, to=self.p.other_commune_org, reason="")
        handling.case_transfer(
            case=case, by=self.p.commune_officer, to=self.p.other_commune_org, reason="Thửa đất thuộc xã Lạc Dương"
        )
        case.refresh_from_db()
        self.assertEqual(case.organization, self.p.other_commune_org)
        event = case.events.get(action="transfer")
        self.assertEqual((event.from_organization, event.to_organization), (self.p.commune_org, case.organization))
        # The first body no longer handles it.
        with self.assertRaises(ServiceError):
            handling.case_accept(case=case, by=self.p.commune_officer)

    def test_two_officers_accepting_at_once_exactly_one_wins(self):
        case, _ = submit(self.p)
        stale = Case.objects.get(pk=case.pk)
        handling.case_accept(case=case, by=self.p.commune_officer)
        with self.assertRaises(ServiceError) as raised:
            handling.case_accept(case=stale, by=self.p.province_officer)
        self.assertEqual(raised.exception.status_code, 409)
        self.assertEqual(
            raised.exception.message,
            "Vụ việc vừa được người khác cập nhật (hiện ở trạng thái “Đã thụ lý”); vui lòng tải lại trang.",
        )
        self.assertEqual(CaseEvent.objects.filter(case=case, action="accept").count(), 1)

    def test_two_transfers_at_once_exactly_one_wins(self):
        case, _ = submit(self.p)
        stale = Case.objects.get(pk=case.pk)
        handling.case_transfer(case=case, by=self.p.commune_officer, to=self.p.province_org, reason="Vượt thẩm quyền")
        with self.assertRaises(ServiceError) as raised:
            handling.case_transfer(case=stale, by=self.p.commune_officer, to=self.p.other_commune_org, reason="Sai")
        self.assertEqual(raised.exception.status_code, 409)
        self.assertEqual(Case.objects.get(pk=case.pk).organization, self.p.province_org)

    def test_a_denunciation_is_extended_at_most_twice(self):
        # Decided by the head of the People's Committee; especially complex, so two extensions (Điều 30).
        chairman = make_user("chutich", make_org("UBND Phường Xuân Hương - Đà Lạt", "ubnd", self.p.commune))
        with time_machine.travel(DAY, tick=False):
            case, _ = submit(self.p, kind="denunciation")
            handling.case_accept(case=case, by=chairman, is_especially_complex=True)
            self.assertEqual(case.resolve_due, dt.date(2026, 12, 7))  # 5/12 is a Saturday
            handling.case_extend(case=case, by=chairman, reason="QĐ gia hạn số 1")
            self.assertEqual(case.resolve_due, dt.date(2027, 1, 4))
            handling.case_extend(case=case, by=chairman, reason="QĐ gia hạn số 2")
            with self.assertRaisesMessage(ServiceError, "chỉ được gia hạn 2 lần"):
                handling.case_extend(case=case, by=chairman, reason="QĐ gia hạn số 3")


class EscalationTest(BaseTestCase):
    @override_settings(CASES_ESCALATION_MARGIN_DAYS=5)
    def test_an_overdue_case_goes_to_the_body_above_once_past_the_margin(self):
        with time_machine.travel(DAY, tick=False):
            case, _ = submit(self.p)  # acceptance due 16/11/2026
        self.assertEqual(handling.escalate_overdue(today=dt.date(2026, 11, 21)), [])  # 5 days late: not yet
        escalated = handling.escalate_overdue(today=dt.date(2026, 11, 22))
        self.assertEqual([c.pk for c in escalated], [case.pk])
        case.refresh_from_db()
        self.assertEqual(case.escalated_to, self.p.province_org)
        self.assertEqual(case.escalation_level, 1)
        self.assertEqual(case.organization, self.p.commune_org)  # still handled by the commune
        self.assertIn("Quá hạn 6 ngày", case.events.get(action="escalate").note)
        self.assertEqual(handling.escalate_overdue(today=dt.date(2026, 11, 23)), [])  # once per level
        handling.escalate_overdue(today=dt.date(2026, 11, 27))  # 11 days: to the centre
        case.refresh_from_db()
        self.assertEqual((case.escalation_level, case.escalated_to), (2, self.p.central_org))

    def test_the_command_escalates_with_a_chosen_day(self):
        from io import StringIO

        from django.core.management import call_command

        with time_machine.travel(DAY, tick=False):
            case, _ = submit(self.p)
        out = StringIO()
        call_command("escalate_cases", today="2026-12-31", stdout=out)
        self.assertIn("Đã chuyển cấp trên 1 vụ việc", out.getvalue())
        self.assertEqual(Case.objects.get(pk=case.pk).escalated_to, self.p.province_org)

    def test_a_case_on_time_cannot_be_escalated_by_hand(self):
        case, _ = submit(self.p)
        with self.assertRaisesMessage(ServiceError, "chưa chuyển lên cấp trên"):
            handling.case_escalate(case=case, by=self.p.commune_officer)
