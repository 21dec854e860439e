"""The officers' pages of village rules and supervision boards, and what the public commune page shows of them and of
consultations under way (never a household or a code)."""

import datetime as dt

from django.contrib.messages import get_messages

from audit.models import AuditEvent
from democracy import consultations, supervision, village_rules
from democracy.models import (
    Board,
    BoardMember,
    Consultation,
    Outcome,
    PassingRule,
    Recommendation,
    SupervisionSession,
    VillageRule,
    VillageRuleStatus,
)
from tests.base import BaseTestCase
from tests.democracy.helpers import TZ, at

SEP_1 = dt.date(2026, 9, 1)


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def draft(p, village="Tổ dân phố 3"):
    return village_rules.village_rule_create(
        by=p.commune_officer, organization=p.commune_org, kind="huong_uoc", village=village,
        title=f"Hương ước {village.lower()}", text="Điều 1. Giữ gìn vệ sinh chung.",
    )  # fmt: skip


class VillageRulePagesTest(BaseTestCase):
    def test_a_draft_is_recorded_through_the_form_and_bad_input_changes_nothing(self):
        with at(SEP_1):
            self.login(self.p.commune_officer)
            body = {
                "organization": self.p.commune_org.pk,
                "kind": "quy_uoc",
                "village": "Tổ 7",
                "title": "",
                "text": "x",
            }
            r = self.client.post("/dan-chu/huong-uoc/moi/", body)
            self.assertContains(r, "Hãy nhập tên.")
            self.assertFalse(VillageRule.objects.exists())
            r = self.client.post("/dan-chu/huong-uoc/moi/", {**body, "title": "Quy ước tổ 7"})
        rule = VillageRule.objects.get()
        self.assertRedirects(r, f"/dan-chu/huong-uoc/{rule.pk}/", fetch_redirect_response=False)
        version = rule.versions.get()
        self.assertEqual((rule.kind, version.number, version.status), ("quy_uoc", 1, "draft"))
        self.assertTrue(AuditEvent.objects.for_object(version).filter(action="create").exists())

    def test_the_steps_post_vote_approve_are_offered_in_turn_and_the_rule_is_public_once_approved(self):
        with at(SEP_1):
            version = draft(self.p)
            self.login(self.p.commune_officer)
            url = f"/dan-chu/huong-uoc/{version.rule_id}/"
            self.assertContains(self.client.get(url), "Niêm yết dự thảo</button>")
            r = self.client.post(f"/dan-chu/huong-uoc/phien-ban/{version.pk}/niem-yet/", {"posted_on": "không rõ"})
            self.assertEqual(flash(r), ["Hãy nhập ngày niêm yết hợp lệ."])
            self.client.post(f"/dan-chu/huong-uoc/phien-ban/{version.pk}/niem-yet/", {"posted_on": "2026-09-01"})
            page = self.client.get(url)
            self.assertContains(page, "ghi kết quả biểu quyết từ ngày 01/10/2026")
            self.assertNotContains(page, "Ghi kết quả biểu quyết</button>")
        vote = Consultation.objects.create(
            unit=self.p.commune, organization=self.p.commune_org, subject="Biểu quyết hương ước tổ 3",
            scope="village", kind="decide_approve", form="meeting", status="closed", outcome=Outcome.PASSED,
            opens_at=dt.datetime(2026, 9, 20, 8, tzinfo=TZ), closes_at=dt.datetime(2026, 9, 30, 17, tzinfo=TZ),
            created_by=self.p.commune_officer,
        )  # fmt: skip
        act = f"/dan-chu/huong-uoc/phien-ban/{version.pk}/"
        with at(dt.date(2026, 10, 1)):
            self.login(self.p.commune_officer)  # a month later: a new session
            page = self.client.get(url)
            self.assertContains(page, "Biểu quyết hương ước tổ 3 — Được thông qua")
            self.client.post(f"{act}bieu-quyet/", {"consultation": vote.pk, "opinions": "12 ý kiến góp ý"})
            version.refresh_from_db()
            self.assertEqual(version.status, VillageRuleStatus.ADOPTED)
            self.assertContains(self.client.get(url), "Ghi quyết định công nhận</button>")
            r = self.client.post(f"{act}cong-nhan/", {"document": " ", "on": "2026-10-01"})
            self.assertEqual(flash(r), ["Hãy nhập số quyết định công nhận."])
            self.client.post(f"{act}cong-nhan/", {"document": "15/QĐ-UBND", "on": "2026-10-01"})
            self.assertContains(self.client.get(url), "Lưu dự thảo sửa đổi</button>")
        version.refresh_from_db()
        self.assertEqual((version.status, version.approval_document), (VillageRuleStatus.APPROVED, "15/QĐ-UBND"))
        self.assertEqual(AuditEvent.objects.for_object(version).filter(action="transition").count(), 3)
        public = self.client.get(f"/dan-chu-co-so/xa/{self.p.commune.code}/")
        self.assertContains(public, "Hương ước tổ dân phố 3")
        self.assertContains(public, "Quyết định công nhận 15/QĐ-UBND ngày 01/10/2026")
        with at(dt.date(2026, 10, 2)):
            self.login(self.p.commune_officer)
            self.client.post(f"/dan-chu/huong-uoc/{version.rule_id}/sua-doi/", {"text": "Điều 1 (sửa đổi)."})
        self.assertEqual(version.rule.versions.count(), 2)
        # The draft amendment is not in force: the public page still shows the approved text.
        public = self.client.get(f"/dan-chu-co-so/xa/{self.p.commune.code}/")
        self.assertContains(public, "Giữ gìn vệ sinh chung.")
        self.assertNotContains(public, "Điều 1 (sửa đổi).")

    def test_readers_get_no_buttons_and_a_403_another_commune_a_404(self):
        with at(SEP_1):
            version = draft(self.p)
            self.login(self.p.viewer)
            page = self.client.get(f"/dan-chu/huong-uoc/{version.rule_id}/")
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, "village-rule-actions")
            act = f"/dan-chu/huong-uoc/phien-ban/{version.pk}/niem-yet/"
            self.assertEqual(self.client.post(act, {"posted_on": "2026-09-01"}).status_code, 403)
            self.assertEqual(self.client.get("/dan-chu/huong-uoc/moi/").status_code, 403)
            self.login(self.p.other_commune_officer)
            self.assertEqual(self.client.get(f"/dan-chu/huong-uoc/{version.rule_id}/").status_code, 404)
            self.assertEqual(self.client.post(act, {"posted_on": "2026-09-01"}).status_code, 404)
        version.refresh_from_db()
        self.assertEqual(version.status, VillageRuleStatus.DRAFT)

    def test_the_list_is_scoped_in_a_fixed_number_of_queries(self):
        with at(SEP_1):
            for village in ("Tổ 1", "Tổ 2", "Tổ 3"):
                draft(self.p, village)
            self.login(self.p.commune_officer)
            self.client.get("/dan-chu/huong-uoc/")
            # session, user, memberships (scope, write rights, the menu's roles), the scope's lineage, page of rules,
            # their versions, commune bodies
            with self.assertNumQueries(7):
                r = self.client.get("/dan-chu/huong-uoc/")
            self.assertContains(r, "Lần 1: Dự thảo", count=3)
            self.login(self.p.other_commune_officer)
            self.assertNotContains(self.client.get("/dan-chu/huong-uoc/"), "Hương ước tổ 1")


class BoardPagesTest(BaseTestCase):
    def board(self, **extra):
        values = {"by": self.p.commune_officer, "organization": self.p.commune_org, "kind": "inspection",
                  "name": "Ban Thanh tra nhân dân phường Xuân Hương", "term_start": dt.date(2026, 1, 1)}  # fmt: skip
        values.update(extra)
        return supervision.board_create(**values)

    def test_a_board_is_set_up_through_the_form_and_its_term_follows_the_rule(self):
        with at(SEP_1):
            self.login(self.p.commune_officer)
            body = {"organization": self.p.commune_org.pk, "kind": "investment", "name": "Ban GSĐTCĐ đường tổ 5",
                    "project": "", "term_start": "2026-09-01", "term_end": ""}  # fmt: skip
            r = self.client.post("/dan-chu/ban-giam-sat/moi/", body)
            self.assertContains(r, "được thành lập cho một dự án: hãy nhập tên dự án.")
            self.assertFalse(Board.objects.exists())
            r = self.client.post("/dan-chu/ban-giam-sat/moi/", {**body, "kind": "inspection", "name": "Ban TTND"})
        board = Board.objects.get()
        self.assertRedirects(r, f"/dan-chu/ban-giam-sat/{board.pk}/", fetch_redirect_response=False)
        self.assertEqual(board.term_end, dt.date(2031, 8, 31))  # five years (a Parameter)
        self.assertTrue(AuditEvent.objects.for_object(board).filter(action="create").exists())

    def test_members_sessions_and_recommendations_are_recorded_on_the_board_page(self):
        with at(SEP_1):
            board = self.board(kind="investment", name="Ban GSĐTCĐ đường tổ 5", project="Đường tổ 5")
            self.login(self.p.commune_officer)
            url = f"/dan-chu/ban-giam-sat/{board.pk}/"
            for i in range(5):
                self.client.post(f"{url}thanh-vien/", {"full_name": f"Thành viên {i}", "role": "member",
                                                       "since": "2026-09-01"})  # fmt: skip
            r = self.client.post(f"{url}thanh-vien/", {"full_name": "Người thứ sáu", "role": "member",
                                                       "since": "2026-09-01"})  # fmt: skip
            self.assertEqual(flash(r), ["Ban Giám sát đầu tư của cộng đồng có tối đa 5 thành viên."])
            self.assertEqual(BoardMember.objects.filter(board=board).count(), 5)
            r = self.client.post(f"{url}giam-sat/", {"held_on": "2026-09-02", "subject": "Kiểm tra vật liệu"})
            self.assertEqual(flash(r), ["Ngày giám sát không được sau hôm nay."])
            self.client.post(f"{url}giam-sat/", {"held_on": "2026-09-01", "subject": "Kiểm tra vật liệu",
                                                 "findings": "Xi măng không đúng chủng loại."})  # fmt: skip
            session = SupervisionSession.objects.get()
            r = self.client.post(f"{url}kien-nghi/", {"session": session.pk, "addressee": self.p.far_org.pk,
                                                      "text": "Thay xi măng"})  # fmt: skip
            self.assertEqual(flash(r), ["Hãy chọn cơ quan có trách nhiệm trả lời."])  # another province's body
            self.assertFalse(Recommendation.objects.exists())
            body = {"session": session.pk, "addressee": self.p.commune_org.pk, "text": "Thay xi măng đúng chủng loại"}
            self.client.post(f"{url}kien-nghi/", {**body, "answer_due": ""})
            page = self.client.get(url)
        rec = Recommendation.objects.get()
        self.assertEqual((rec.addressee, rec.answer_due), (self.p.commune_org, dt.date(2026, 9, 16)))
        self.assertTrue(AuditEvent.objects.for_object(rec).filter(action="create").exists())
        self.assertContains(page, "Thay xi măng đúng chủng loại → Đảng ủy Phường Xuân Hương - Đà Lạt")
        self.assertContains(page, "Thành viên (5)")

    def test_readers_get_no_forms_and_a_403_another_commune_a_404(self):
        with at(SEP_1):
            board = self.board()
            url = f"/dan-chu/ban-giam-sat/{board.pk}/"
            self.login(self.p.viewer)
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, "Thêm thành viên")
            body = {"full_name": "A", "role": "member", "since": "2026-09-01"}
            self.assertEqual(self.client.post(f"{url}thanh-vien/", body).status_code, 403)
            self.assertEqual(self.client.get("/dan-chu/ban-giam-sat/moi/").status_code, 403)
            self.login(self.p.other_commune_officer)
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(f"{url}thanh-vien/", body).status_code, 404)
        self.assertFalse(BoardMember.objects.exists())

    def test_the_list_is_scoped_in_a_fixed_number_of_queries(self):
        with at(SEP_1):
            for i in range(3):
                board = self.board(name=f"Ban số {i}")
                supervision.board_member_add(board=board, by=self.p.commune_officer, full_name="A", role="head",
                                             since=SEP_1)  # fmt: skip
            self.login(self.p.commune_officer)
            self.client.get("/dan-chu/ban-giam-sat/")
            # session, user, memberships (scope, write rights, the menu's roles), the scope's lineage, page of boards
            # with their member counts, commune bodies
            with self.assertNumQueries(6):
                r = self.client.get("/dan-chu/ban-giam-sat/")
            self.assertContains(r, "Ban số", count=3)
            self.assertContains(r, "<td>1</td>", count=3)
            self.login(self.p.other_commune_officer)
            self.assertNotContains(self.client.get("/dan-chu/ban-giam-sat/"), "Ban số")


class PublicCommunePageTest(BaseTestCase):
    def test_it_shows_an_online_vote_under_way_but_no_household_and_no_code(self):
        start = dt.datetime(2026, 11, 2, 7, 0, tzinfo=TZ)
        with at(start - dt.timedelta(days=1)):
            c = consultations.consultation_create(
                by=self.p.commune_officer, organization=self.p.commune_org, subject="Làm đường tổ 5",
                kind="decide", form="online", scope="village", village="Tổ 5", opens_at=start,
                closes_at=start + dt.timedelta(days=2), options=[("Đồng ý", True), ("Không đồng ý", False)],
                rule=PassingRule.objects.get(code="hai-phan-ba-tong-so-ho"),
            )  # fmt: skip
            slips = consultations.consultation_issue_codes(
                consultation=c, by=self.p.commune_officer, households=["Hộ ông Nguyễn Văn A"]
            )
            draft_only = self.client.get(f"/dan-chu-co-so/xa/{self.p.commune.code}/")
            self.assertNotContains(draft_only, "Làm đường tổ 5")  # a draft is not public
            consultations.consultation_open(consultation=c, by=self.p.commune_officer)
        with at(start):
            r = self.client.get(f"/dan-chu-co-so/xa/{self.p.commune.code}/")
        self.assertContains(r, "Làm đường tổ 5")
        self.assertContains(r, f"/dan-chu-co-so/bieu-quyet/{c.pk}/")
        self.assertNotContains(r, "Nguyễn Văn A")
        self.assertNotContains(r, slips[0][1])
