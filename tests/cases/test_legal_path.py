"""Complaints and denunciations go to the State body with competence: Party bodies and the Front receive and forward,
the head of the administrative body accepts and decides; the second round is a new complaint to the level above with
its own clock; denunciation extensions follow complexity; an unsigned web denunciation waits for its sender's identity.

Every date below is computed by hand from the articles cited, counting from the day after the start (BLDS 2015,
Điều 147) and moving a last day that falls on a weekend to the Monday (Điều 148)."""

import datetime as dt

import time_machine
from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import handling, intake, rounds
from cases.models import Case, CaseEvent, Petitioner, ReplyLimit, RoutingRule, Status
from lib.errors import ServiceError
from orgs.models import Role
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, submit, topic
from tests.factories import make_org, make_user

TZ = dt.timezone(dt.timedelta(hours=7))


def on(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=TZ), tick=False)


THU_5_NOV = dt.date(2026, 11, 5)


class LegalPathBase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.ubnd_xa = make_org("UBND Phường Xuân Hương - Đà Lạt", "ubnd", p.commune)
        cls.chu_tich_xa = make_user("chutich-xa", cls.ubnd_xa, Role.OFFICER)
        cls.ubnd_tinh = make_org("UBND tỉnh Lâm Đồng", "ubnd", p.province)
        cls.chu_tich_tinh = make_user("chutich-tinh", cls.ubnd_tinh, Role.OFFICER)
        cls.mttq_xa = make_org("Ủy ban MTTQ Việt Nam Phường Xuân Hương - Đà Lạt", "mttq", p.commune)

    def letter_to_the_party_committee(self, kind="complaint_first", received=dt.date(2026, 11, 2)):
        case, token = intake.case_record(
            by=self.p.commune_officer,
            kind=kind,
            topic=topic(),
            unit=self.p.commune,
            title="Chậm bồi thường đất làm đường vành đai",
            content="Gia đình tôi bàn giao đất từ tháng 3 nhưng chưa nhận được tiền bồi thường.",
            channel="letter",
            contact=CITIZEN,
            received_on=received,
            organization=self.p.commune_org,
        )
        return case, token


class ForwardingToTheCompetentBodyTest(LegalPathBase):
    def test_a_complaint_routed_to_a_party_body_is_forwarded_to_the_chairman_with_competence(self):
        p = self.p
        with on(THU_5_NOV):
            case, _ = self.letter_to_the_party_committee()
            # Received Mon 2/11 by the Party committee: Điều 27's 10 days would end Thu 12/11.
            self.assertEqual(case.accept_due, dt.date(2026, 11, 12))
            for call in (
                lambda: handling.case_accept(case=case, by=p.commune_officer),
                lambda: handling.case_answer(case=case, by=p.commune_officer, text="Đảng ủy trả lời"),
            ):
                with self.assertRaises(ServiceError) as ctx:
                    call()
                self.assertEqual(ctx.exception.status_code, 409)
                self.assertIn("Đảng ủy Phường Xuân Hương - Đà Lạt không có thẩm quyền", ctx.exception.message)
                self.assertIn("Chủ tịch UBND Phường Xuân Hương - Đà Lạt", ctx.exception.message)
            # Nor may it hand the decision to another Party body or the Front.
            for wrong in (p.province_org, self.mttq_xa):
                with self.assertRaises(ServiceError) as ctx:
                    handling.case_transfer(case=case, by=p.commune_officer, to=wrong, reason="Chuyển xử lý")
                self.assertIn("không thuộc cơ quan Đảng, Mặt trận hay đoàn thể", ctx.exception.message)
            self.assertEqual(Case.objects.get(pk=case.pk).organization, p.commune_org)

            rounds.case_forward(case=case, by=p.commune_officer, document="12-CV/ĐU")
        case = Case.objects.get(pk=case.pk)
        self.assertEqual(case.organization, self.ubnd_xa)
        self.assertEqual(case.status, Status.RECEIVED)
        # Received by the competent body Thu 5/11: 10 days end Sun 15/11, so Mon 16/11.
        self.assertEqual(case.accept_due, dt.date(2026, 11, 16))
        self.assertEqual(case.due_date, dt.date(2026, 11, 16))
        transfer = CaseEvent.objects.get(case=case, action="transfer")
        self.assertEqual((transfer.from_organization, transfer.to_organization), (p.commune_org, self.ubnd_xa))
        self.assertEqual(
            transfer.note,
            "Chuyển đơn đến Chủ tịch UBND Phường Xuân Hương - Đà Lạt để thụ lý, giải quyết theo thẩm quyền "
            "(văn bản chuyển đơn số 12-CV/ĐU).",
        )
        self.assertTrue(AuditEvent.objects.for_object(case).filter(changes__organization__isnull=False).exists())
        # The Party committee is not above the People's Committee: the case has left its hands.
        with self.assertRaises(ServiceError) as ctx:
            handling.case_accept(case=case, by=p.commune_officer)
        self.assertEqual(ctx.exception.status_code, 403)
        with on(dt.date(2026, 11, 6)):
            handling.case_accept(case=case, by=self.chu_tich_xa)
        case.refresh_from_db()
        # Điều 28: 30 days from acceptance Fri 6/11 end Sun 6/12, so Mon 7/12.
        self.assertEqual((case.accepted_on, case.resolve_due), (dt.date(2026, 11, 6), dt.date(2026, 12, 7)))

    def test_routing_sends_a_complaint_to_the_peoples_committee_and_feedback_where_the_rule_says(self):
        p = self.p
        RoutingRule.objects.create(unit=p.commune, include_subtree=False, organization=p.commune_org)
        with on(THU_5_NOV):
            complaint, _ = submit(p, kind="complaint_first")
            feedback, _ = submit(p, kind="feedback", contact={})
        self.assertEqual(complaint.organization, self.ubnd_xa)
        self.assertEqual(feedback.organization, p.commune_org)


class SecondRoundTest(LegalPathBase):
    def decided_first_round(self):
        p = self.p
        with on(THU_5_NOV):
            case, token = submit(p, kind="complaint_first")
            self.assertEqual(case.organization, self.ubnd_xa)
            handling.case_accept(case=case, by=self.chu_tich_xa)
        with on(dt.date(2026, 11, 20)):
            handling.case_answer(case=case, by=self.chu_tich_xa, text="Quyết định giải quyết khiếu nại lần đầu số 5")
        return Case.objects.get(pk=case.pk), token

    def test_a_second_time_complaint_goes_to_the_level_above_with_its_own_clock(self):
        first, token = self.decided_first_round()
        with self.assertRaises(ServiceError) as ctx:
            handling.case_reopen(case=first, token=token, reason="Không đồng ý")
        self.assertIn("khiếu nại lần hai", ctx.exception.message)
        with on(dt.date(2026, 12, 1)):
            second, second_token = rounds.case_complain_again(
                first=first, token=token, reason="Không đồng ý mức bồi thường"
            )
        self.assertEqual(second.kind, "complaint_second")
        self.assertEqual(second.first_round, first)
        self.assertEqual(second.organization, self.ubnd_tinh)
        self.assertNotEqual(second.code, first.code)
        self.assertTrue(intake.token_matches(second, second_token))
        self.assertEqual(Petitioner.objects.get(case=second).full_name, CITIZEN["full_name"])
        # Điều 36: accepted within 10 days of Tue 1/12 → Fri 11/12.
        self.assertEqual((second.received_on, second.accept_due), (dt.date(2026, 12, 1), dt.date(2026, 12, 11)))
        first.refresh_from_db()
        self.assertEqual((first.status, first.satisfied), (Status.CLOSED, False))
        self.assertEqual(first.resolve_due, dt.date(2026, 12, 7))  # the first round's clock is untouched
        # The commune's chairman cannot decide it; the province's can.
        with self.assertRaises(ServiceError):
            handling.case_accept(case=second, by=self.chu_tich_xa)
        with on(dt.date(2026, 12, 2)):
            handling.case_accept(case=second, by=self.chu_tich_tinh)
        second.refresh_from_db()
        # Điều 37: 45 days from Wed 2/12 end Sat 16/1/2027, so Mon 18/1/2027.
        self.assertEqual(second.resolve_due, dt.date(2027, 1, 18))
        with self.assertRaises(ServiceError) as ctx:
            rounds.case_complain_again(first=first, token=token, reason="Lần nữa")
        self.assertEqual(ctx.exception.status_code, 409)

    def test_the_second_round_must_be_filed_within_30_days_of_the_decision(self):
        first, token = self.decided_first_round()
        # Decision Fri 20/11: 30 days end Sun 20/12, so Mon 21/12 is the last day.
        with on(dt.date(2026, 12, 22)), self.assertRaises(ServiceError) as ctx:
            rounds.case_complain_again(first=first, token=token, reason="Không đồng ý")
        self.assertIn("đến hết ngày 21/12/2026", ctx.exception.message)
        self.assertFalse(first.second_rounds.exists())
        with on(dt.date(2026, 12, 21)):
            rounds.case_complain_again(first=first, token=token, reason="Không đồng ý")
        self.assertEqual(first.second_rounds.count(), 1)

    def test_without_a_decision_in_time_the_complainant_goes_to_the_level_above(self):
        p = self.p
        with on(THU_5_NOV):
            first, token = submit(p, kind="complaint_first")
            handling.case_accept(case=first, by=self.chu_tich_xa)
        first.refresh_from_db()
        self.assertEqual(first.resolve_due, dt.date(2026, 12, 7))  # 5/11 + 30 = Sat 5/12 → Mon 7/12
        with on(dt.date(2026, 12, 7)), self.assertRaises(ServiceError) as ctx:
            rounds.case_complain_again(first=first, token=token, reason="Quá hạn chưa giải quyết")
        self.assertIn("đang trong thời hạn giải quyết (đến hết ngày 07/12/2026)", ctx.exception.message)
        with on(dt.date(2026, 12, 8)):
            second, _ = rounds.case_complain_again(first=first, token=token, reason="Quá hạn chưa giải quyết")
        self.assertEqual((second.organization, second.first_round), (self.ubnd_tinh, first))
        first.refresh_from_db()
        self.assertEqual(first.status, Status.ACCEPTED)  # still overdue at the commune, in the record
        self.assertTrue(CaseEvent.objects.filter(case=first, action="second_round").exists())

    def test_feedback_and_petitions_still_reopen(self):
        with on(THU_5_NOV):
            case, token = submit(self.p, kind="petition")
            handling.case_accept(case=case, by=self.chu_tich_xa)
            handling.case_answer(case=case, by=self.chu_tich_xa, text="Đã lắp đèn")
            handling.case_reopen(case=case, token=token, reason="Đèn chưa sáng")
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.REOPENED)
        with self.assertRaises(ServiceError):
            rounds.case_complain_again(first=case, token=token, reason="?")


class DenunciationTest(LegalPathBase):
    def accepted(self, **complexity):
        with on(THU_5_NOV):
            case, _ = submit(self.p, kind="denunciation")
            self.assertEqual(case.organization, self.ubnd_xa)
            handling.case_accept(case=case, by=self.chu_tich_xa, **complexity)
        case.refresh_from_db()
        # Điều 30: 30 days from Thu 5/11 end Sat 5/12, so Mon 7/12.
        self.assertEqual(case.resolve_due, dt.date(2026, 12, 7))
        return case

    def test_an_ordinary_denunciation_cannot_be_extended(self):
        case = self.accepted()
        with self.assertRaises(ServiceError) as ctx:
            handling.case_extend(case=case, by=self.chu_tich_xa, reason="Cần thêm thời gian")
        self.assertEqual(
            ctx.exception.message, "Tố cáo không phức tạp không được gia hạn giải quyết (Luật Tố cáo 2018, Điều 30)."
        )
        case.refresh_from_db()
        self.assertEqual((case.extensions, case.resolve_due), (0, dt.date(2026, 12, 7)))
        self.assertFalse(CaseEvent.objects.filter(case=case, action="extend").exists())

    def test_a_complex_denunciation_is_extended_once(self):
        case = self.accepted(is_complex=True)
        handling.case_extend(case=case, by=self.chu_tich_xa, reason="Quyết định gia hạn số 1")
        case.refresh_from_db()
        self.assertEqual(case.resolve_due, dt.date(2027, 1, 4))  # 5/11 + 60 = Mon 4/1/2027
        with self.assertRaises(ServiceError) as ctx:
            handling.case_extend(case=case, by=self.chu_tich_xa, reason="Quyết định gia hạn số 2")
        self.assertIn("chỉ được gia hạn 1 lần", ctx.exception.message)
        self.assertEqual(Case.objects.get(pk=case.pk).extensions, 1)

    def test_an_especially_complex_denunciation_is_extended_twice(self):
        case = self.accepted(is_especially_complex=True)
        self.assertTrue(case.is_complex)
        handling.case_extend(case=case, by=self.chu_tich_xa, reason="Quyết định gia hạn số 1")
        handling.case_extend(case=case, by=self.chu_tich_xa, reason="Quyết định gia hạn số 2")
        case.refresh_from_db()
        self.assertEqual(case.resolve_due, dt.date(2027, 2, 3))  # 5/11 + 90 = Wed 3/2/2027
        with self.assertRaises(ServiceError) as ctx:
            handling.case_extend(case=case, by=self.chu_tich_xa, reason="Quyết định gia hạn số 3")
        self.assertIn("đặc biệt phức tạp chỉ được gia hạn 2 lần", ctx.exception.message)

    def test_an_unsigned_web_denunciation_is_information_until_its_sender_is_identified(self):
        with on(THU_5_NOV):
            case, _ = submit(self.p, kind="denunciation", contact={"full_name": "Ẩn danh"})
        self.assertTrue(case.is_denunciation_info)
        self.assertEqual(case.kind_label, "Thông tin có nội dung tố cáo")
        self.assertEqual((case.accept_due, case.resolve_due, case.due_date), (None, None, None))
        self.assertFalse(Case.objects.overdue(on=dt.date(2027, 6, 1)).filter(pk=case.pk).exists())
        with self.assertRaises(ServiceError) as ctx:
            handling.case_accept(case=case, by=self.chu_tich_xa)
        self.assertIn("Điều 25", ctx.exception.message)
        with self.assertRaises(ServiceError):
            rounds.case_verify_identity(case=case, by=self.chu_tich_xa, contact={"full_name": "Trần Văn B"})
        with on(dt.date(2026, 11, 9)):
            rounds.case_verify_identity(case=case, by=self.chu_tich_xa, contact=CITIZEN)
        case.refresh_from_db()
        self.assertFalse(case.is_denunciation_info)
        self.assertEqual(case.kind_label, "Tố cáo")
        # Điều 24: 7 working days from Mon 9/11 → Wed 18/11.
        self.assertEqual((case.accept_due, case.due_date), (dt.date(2026, 11, 18), dt.date(2026, 11, 18)))
        with on(dt.date(2026, 11, 10)):
            handling.case_accept(case=case, by=self.chu_tich_xa)
        case.refresh_from_db()
        # The 30 days run from acceptance Tue 10/11: Thu 10/12.
        self.assertEqual(case.resolve_due, dt.date(2026, 12, 10))

    def test_an_officer_still_records_a_denunciation_only_with_its_senders_identity(self):
        with self.assertRaisesMessage(ServiceError, "Tố cáo phải nêu rõ danh tính"):
            intake.case_record(
                by=self.chu_tich_xa,
                kind="denunciation",
                topic=topic(),
                unit=self.p.commune,
                title="Tố cáo",
                content="Nội dung",
                channel="letter",
                contact={},
            )


class ReplyLimitTest(LegalPathBase):
    def test_the_petition_limit_is_the_receiving_bodys_own_and_says_so(self):
        ReplyLimit.objects.create(organization=self.ubnd_xa, days=15)
        with on(THU_5_NOV):
            case, _ = submit(self.p, kind="petition")
            other, _ = submit(self.p, kind="petition", unit=self.p.other_commune)
        self.assertEqual(case.organization, self.ubnd_xa)
        self.assertEqual(case.resolve_due, dt.date(2026, 11, 20))  # Thu 5/11 + 15 = Fri 20/11
        self.assertEqual(other.resolve_due, dt.date(2026, 11, 25))  # the default 20 days elsewhere


class LegalPathApiTest(LegalPathBase):
    def api(self, user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def test_forward_accept_decide_and_the_second_round_through_the_api(self):
        p = self.p
        with on(THU_5_NOV):
            case, _ = self.letter_to_the_party_committee()
            party = self.api(p.commune_officer)
            refused = party.post(f"/api/v1/cases/{case.pk}/accept/", {}, format="json")
            self.assertEqual(refused.status_code, 409)
            self.assertEqual(refused.json()["extra"]["competent"], self.ubnd_xa.pk)
            r = party.post(f"/api/v1/cases/{case.pk}/forward/", {"document": "12-CV/ĐU"}, format="json")
            self.assertEqual(r.status_code, 200, r.content)
            self.assertEqual((r.json()["organization"], r.json()["accept_due"]), (self.ubnd_xa.pk, "2026-11-16"))
            chairman = self.api(self.chu_tich_xa)
            r = chairman.post(f"/api/v1/cases/{case.pk}/accept/", {}, format="json")
            self.assertEqual(r.json()["resolve_due"], "2026-12-07", r.content)  # 5/11 + 30 = Sat 5/12 → Mon 7/12
        with on(dt.date(2026, 11, 20)):
            chairman.post(f"/api/v1/cases/{case.pk}/answer/", {"text": "Quyết định số 5"}, format="multipart")
        with on(dt.date(2026, 11, 23)):
            r = chairman.post(
                f"/api/v1/cases/{case.pk}/second-round/",
                {"reason": "Người khiếu nại không đồng ý", "channel": "letter"},
                format="json",
            )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["organization_name"], "UBND tỉnh Lâm Đồng")
        self.assertEqual(r.json()["accept_due"], "2026-12-03")  # Mon 23/11 + 10 = Thu 3/12
        second = Case.objects.get(pk=r.json()["id"])
        detail = self.api(self.chu_tich_tinh).get(f"/api/v1/cases/{second.pk}/").json()
        self.assertEqual((detail["kind"], detail["first_round"]), ("complaint_second", case.pk))

    def test_the_complainant_files_the_second_round_from_the_private_link(self):
        with on(THU_5_NOV):
            first, token = submit(self.p, kind="complaint_first")
            handling.case_accept(case=first, by=self.chu_tich_xa)
            handling.case_answer(case=first, by=self.chu_tich_xa, text="Quyết định số 5")
            public = self.api()
            bad = public.post(
                "/api/v1/cases/second-round/", {"code": first.code, "token": "x" * 30, "reason": "?"}, format="json"
            )
            self.assertEqual(bad.status_code, 404)
            reopen = public.post(
                "/api/v1/cases/reopen/", {"code": first.code, "token": token, "reason": "?"}, format="json"
            )
            self.assertEqual(reopen.status_code, 409)
            r = public.post(
                "/api/v1/cases/second-round/",
                {"code": first.code, "token": token, "reason": "Không đồng ý"},
                format="json",
            )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["accept_due"], "2026-11-16")  # Thu 5/11 + 10 = Sun 15/11 → Mon 16/11
        self.assertNotEqual(r.json()["token"], token)

    def test_an_ordinary_denunciation_is_refused_an_extension_through_the_api(self):
        with on(THU_5_NOV):
            case, _ = submit(self.p, kind="denunciation")
            chairman = self.api(self.chu_tich_xa)
            chairman.post(f"/api/v1/cases/{case.pk}/accept/", {}, format="json")
            r = chairman.post(f"/api/v1/cases/{case.pk}/extend/", {"reason": "Cần thêm thời gian"}, format="json")
        self.assertEqual(r.status_code, 400)
        self.assertIn("không được gia hạn", r.json()["message"])
        self.assertEqual(Case.objects.get(pk=case.pk).extensions, 0)

    def test_the_schema_lists_the_new_endpoints(self):
        self.client.force_login(self.p.commune_officer)
        paths = self.client.get("/api/schema/?format=json").json()["paths"]
        for path in (
            "/api/v1/cases/second-round/",
            "/api/v1/cases/{id}/forward/",
            "/api/v1/cases/{id}/second-round/",
            "/api/v1/cases/{id}/verify-identity/",
        ):
            self.assertIn(path, paths)


class LegalPathPagesTest(LegalPathBase):
    def test_the_case_page_offers_forwarding_then_the_chairman_decides_and_records_the_second_round(self):
        p = self.p
        with on(THU_5_NOV):
            case, _ = self.letter_to_the_party_committee()
            self.login(p.commune_officer)
            page = self.client.get(f"/y-kien/{case.pk}/")
            self.assertContains(page, "chuyển đơn đến Chủ tịch UBND Phường Xuân Hương - Đà Lạt")
            self.assertNotContains(page, 'id="btn-accept"')
            r = self.client.post(f"/y-kien/{case.pk}/forward/", {"document": "7-CV/ĐU"}, follow=True)
            self.assertContains(r, "Đã chuyển đơn đến người đứng đầu cơ quan hành chính có thẩm quyền.")
            self.login(self.chu_tich_xa)
            r = self.client.post(f"/y-kien/{case.pk}/accept/", {}, follow=True)
            self.assertContains(r, "Đã thụ lý vụ việc.")
            self.client.post(f"/y-kien/{case.pk}/answer/", {"text": "Quyết định giải quyết lần đầu"})
            r = self.client.post(
                f"/y-kien/{case.pk}/second_round/", {"reason": "Không đồng ý", "channel": "letter"}, follow=True
            )
        second = Case.objects.get(first_round=case)
        self.assertContains(r, f"Đã ghi nhận khiếu nại lần hai {second.display_code} gửi UBND tỉnh Lâm Đồng.")
        self.assertContains(r, "Khiếu nại lần hai")

    def test_an_unsigned_denunciation_shows_as_information_and_is_identified_on_the_page(self):
        with on(THU_5_NOV):
            case, _ = submit(self.p, kind="denunciation", contact={})
            self.login(self.chu_tich_xa)
            page = self.client.get(f"/y-kien/{case.pk}/")
            self.assertContains(page, "Thông tin có nội dung tố cáo")
            self.assertContains(page, "Chưa tính: thông tin có nội dung tố cáo")
            r = self.client.post(f"/y-kien/{case.pk}/verify/", {**CITIZEN}, follow=True)
        self.assertContains(r, "Đã xác định người tố cáo")
        self.assertFalse(Case.objects.get(pk=case.pk).is_denunciation_info)


class PrivateLinkSecondRoundTest(LegalPathBase):
    def test_the_complainant_files_the_second_round_from_the_private_page(self):
        with on(THU_5_NOV):
            case, token = submit(self.p, kind="complaint_first")
            handling.case_accept(case=case, by=self.chu_tich_xa)
            handling.case_answer(case=case, by=self.chu_tich_xa, text="Quyết định giải quyết lần đầu")
            url = f"/gui-y-kien/theo-doi/{case.code}/{token}/"
            page = self.client.get(url)
            self.assertContains(page, "Gửi khiếu nại lần hai")
            self.assertNotContains(page, "đề nghị xem xét lại")
            r = self.client.post(url, {"action": "second_round", "reason": "Không đồng ý với quyết định"}, follow=True)
        second = Case.objects.get(first_round=case)
        self.assertContains(r, f"Đã gửi khiếu nại lần hai (mã {second.display_code}) đến UBND tỉnh Lâm Đồng.")
        self.assertEqual(second.accept_due, dt.date(2026, 11, 16))


class RoutingRuleCompetenceTest(LegalPathBase):
    def test_a_rule_for_complaints_cannot_name_a_party_body(self):
        from django.core.exceptions import ValidationError

        rule = RoutingRule(unit=self.p.commune, kind="complaint_first", organization=self.p.commune_org)
        with self.assertRaises(ValidationError) as ctx:
            rule.full_clean()
        self.assertIn("không chuyển đến cơ quan Đảng", str(ctx.exception))
        RoutingRule(unit=self.p.commune, kind="complaint_first", organization=self.ubnd_xa).full_clean()
        RoutingRule(unit=self.p.commune, kind="", organization=self.p.commune_org).full_clean()
