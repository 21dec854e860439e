"""The officers' consultation pages: create, issue and print the vote codes once, record a paper ballot's counts,
close, publish the tally; buttons only when the service would accept; scope (404) and write rights (403)."""

import datetime as dt

from django.contrib.messages import get_messages

from audit.models import AuditEvent
from democracy import consultations
from democracy.models import Consultation, ConsultationStatus, Outcome, PassingRule, VotingCode
from tests.base import BaseTestCase
from tests.democracy.helpers import TZ, at

DAY = dt.datetime(2026, 11, 1, 9, 0, tzinfo=TZ)
START = dt.datetime(2026, 11, 2, 7, 0, tzinfo=TZ)
DEADLINE = dt.datetime(2026, 11, 9, 17, 0, tzinfo=TZ)
TWO_THIRDS = "hai-phan-ba-tong-so-ho"


def form_data(p, **extra):
    data = {
        "organization": p.commune_org.pk,
        "subject": "Mức đóng góp làm đường bê tông tổ 5",
        "description": "",
        "kind": "decide",
        "form": "ballot",
        "scope": "village",
        "village": "Tổ dân phố 5",
        "rule": PassingRule.objects.get(code=TWO_THIRDS).pk,
        "opens_at": "2026-11-02T07:00",
        "closes_at": "2026-11-09T17:00",
        "eligible_households": "30",
        "approving_option": "Đồng ý mức 500.000 đồng/hộ",
        "other_options": "Không đồng ý",
    }
    data.update(extra)
    return data


def make(p, *, form="ballot", eligible=30):
    return consultations.consultation_create(
        by=p.commune_officer, organization=p.commune_org, subject="Làm đường tổ 5", kind="decide", form=form,
        scope="village", village="Tổ 5", opens_at=START, closes_at=DEADLINE,
        options=[("Đồng ý", True), ("Không đồng ý", False)], rule=PassingRule.objects.get(code=TWO_THIRDS),
        eligible_households=eligible,
    )  # fmt: skip


def flash(response) -> list[str]:
    """The message this response added (earlier ones stay in the cookie: the tests do not follow redirects)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


class CreateTest(BaseTestCase):
    def test_a_commune_officer_creates_a_consultation_through_the_form_and_it_is_audited(self):
        with at(DAY):
            self.login(self.p.commune_officer)
            page = self.client.get("/dan-chu/lay-y-kien/moi/")
            self.assertContains(page, "Tạo cuộc lấy ý kiến Nhân dân")
            r = self.client.post("/dan-chu/lay-y-kien/moi/", form_data(self.p))
        c = Consultation.objects.get()
        self.assertRedirects(r, f"/dan-chu/lay-y-kien/{c.pk}/", fetch_redirect_response=False)
        self.assertEqual((c.status, c.eligible_households, c.village), ("draft", 30, "Tổ dân phố 5"))
        self.assertEqual(
            list(c.options.values_list("label", "approves")),
            [("Đồng ý mức 500.000 đồng/hộ", True), ("Không đồng ý", False)],
        )
        self.assertEqual(c.opens_at, START)
        self.assertTrue(AuditEvent.objects.for_object(c).filter(action="create", actor=self.p.commune_officer).exists())

    def test_bad_input_gives_a_vietnamese_message_and_creates_nothing(self):
        with at(DAY):
            self.login(self.p.commune_officer)
            r = self.client.post("/dan-chu/lay-y-kien/moi/", form_data(self.p, closes_at="2026-11-01T07:00"))
            self.assertContains(r, "Hạn cuối phải sau thời điểm bắt đầu.")
            r = self.client.post("/dan-chu/lay-y-kien/moi/", form_data(self.p, rule=""))
            self.assertContains(r, "Hãy chọn quy tắc thông qua.")
            r = self.client.post("/dan-chu/lay-y-kien/moi/", form_data(self.p, opens_at="ngày mai"))
            self.assertContains(r, "Thời điểm không hợp lệ.")
        self.assertFalse(Consultation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(content_type__model="consultation").exists())

    def test_only_officers_of_a_commune_body_get_the_form(self):
        for user in (self.p.viewer, self.p.province_officer, self.p.outsider):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/dan-chu/lay-y-kien/moi/").status_code, 403)
                self.assertEqual(self.client.post("/dan-chu/lay-y-kien/moi/", form_data(self.p)).status_code, 403)
        self.assertFalse(Consultation.objects.exists())

    def test_the_list_shows_the_create_button_to_writers_only_in_a_fixed_number_of_queries(self):
        with at(DAY):
            for _ in range(3):
                make(self.p)
            self.login(self.p.commune_officer)
            self.client.get("/dan-chu/lay-y-kien/")
            # session, user, memberships (scope, write rights, the menu's roles), the scope's lineage, page (3 rows,
            # no count query under a full page), commune bodies
            with self.assertNumQueries(6):
                r = self.client.get("/dan-chu/lay-y-kien/")
            self.assertContains(r, "Làm đường tổ 5", count=3)
            self.assertContains(r, "/dan-chu/lay-y-kien/moi/")
            self.login(self.p.viewer)
            r = self.client.get("/dan-chu/lay-y-kien/")
            self.assertContains(r, "Làm đường tổ 5", count=3)
            self.assertNotContains(r, "/dan-chu/lay-y-kien/moi/")
            self.login(self.p.other_commune_officer)
            self.assertNotContains(self.client.get("/dan-chu/lay-y-kien/"), "Làm đường tổ 5")


class PaperBallotTest(BaseTestCase):
    def setUp(self):
        with at(DAY):
            self.c = make(self.p)
        self.url = f"/dan-chu/lay-y-kien/{self.c.pk}/"
        self.yes, self.no = self.c.options.all()

    def act(self, action, data=None, user=None, when=START + dt.timedelta(hours=1)):
        with at(when):
            self.login(user or self.p.commune_officer)
            return self.client.post(f"{self.url}{action}/", data or {})

    def test_the_buttons_follow_the_status(self):
        with at(DAY):
            self.login(self.p.commune_officer)
            r = self.client.get(self.url)
        self.assertContains(r, "Bắt đầu lấy ý kiến</button>")
        self.assertNotContains(r, "Ghi kết quả kiểm phiếu")
        self.assertNotContains(r, "Công bố kết quả</button>")
        self.act("mo")
        with at(START + dt.timedelta(hours=1)):
            r = self.client.get(self.url)
        self.assertNotContains(r, "Bắt đầu lấy ý kiến</button>")
        self.assertContains(r, "Ghi kết quả kiểm phiếu")
        self.assertContains(r, "Kết thúc và tính kết quả")
        self.assertNotContains(r, "Công bố kết quả</button>")

    def test_the_counts_are_recorded_closed_and_the_tally_published(self):
        self.act("mo")
        r = self.act("ghi-ket-qua", {"eligible": "30", "participating": "25",
                                     f"option-{self.yes.pk}": "20", f"option-{self.no.pk}": "5"})  # fmt: skip
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        self.assertEqual(flash(r), ["Đã ghi kết quả kiểm phiếu."])
        self.act("ket-thuc", when=DEADLINE)
        self.c.refresh_from_db()
        self.assertEqual((self.c.status, self.c.outcome), (ConsultationStatus.CLOSED, Outcome.PASSED))  # 20 ≥ 2/3 × 30
        r = self.act("cong-bo", {"result_text": "Thông qua mức đóng góp."}, when=DEADLINE + dt.timedelta(days=1))
        self.c.refresh_from_db()
        self.assertEqual(self.c.status, ConsultationStatus.PUBLISHED)
        self.assertEqual(dict(self.c.options.values_list("label", "votes")), {"Đồng ý": 20, "Không đồng ý": 5})
        actions = list(AuditEvent.objects.for_object(self.c).values_list("action", flat=True))
        self.assertEqual(actions.count("transition"), 3)  # open, close, publish
        self.assertIn("update", actions)  # the counts
        public = self.client.get(f"/dan-chu-co-so/xa/{self.p.commune.code}/")
        self.assertContains(public, "Thông qua mức đóng góp.")
        self.assertContains(public, "<td>Đồng ý</td><td>20</td>", html=False)

    def test_counts_beyond_the_households_give_a_vietnamese_message_and_change_nothing(self):
        self.act("mo")
        r = self.act("ghi-ket-qua", {"eligible": "30", "participating": "31", f"option-{self.yes.pk}": "31"})
        self.assertEqual(flash(r), ["Số hộ tham gia không được lớn hơn số hộ thuộc phạm vi lấy ý kiến."])
        r = self.act("ghi-ket-qua", {"participating": "mười", f"option-{self.yes.pk}": "1"})
        self.assertEqual(flash(r), ["Số hộ tham gia phải là số nguyên không âm."])
        self.c.refresh_from_db()
        self.assertEqual(self.c.participating_households, 0)
        self.assertEqual(list(self.c.options.values_list("votes", flat=True)), [0, 0])
        self.assertFalse(AuditEvent.objects.for_object(self.c).filter(action="update").exists())

    def test_publishing_without_a_text_is_refused_in_vietnamese(self):
        self.act("mo")
        self.act("ket-thuc", when=DEADLINE)
        r = self.act("cong-bo", {"result_text": "  "}, when=DEADLINE)
        self.assertEqual(flash(r), ["Hãy nhập nội dung kết quả công bố."])
        self.c.refresh_from_db()
        self.assertEqual(self.c.status, ConsultationStatus.CLOSED)

    def test_a_reader_gets_no_buttons_and_a_403_another_commune_a_404(self):
        with at(DAY):
            self.login(self.p.viewer)
            r = self.client.get(self.url)
            self.assertEqual(r.status_code, 200)
            self.assertNotContains(r, "consultation-actions")
        self.assertEqual(self.act("mo", user=self.p.viewer).status_code, 403)
        self.assertEqual(self.act("mo", user=self.p.other_commune_officer).status_code, 404)
        with at(DAY):
            self.login(self.p.other_commune_officer)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        self.c.refresh_from_db()
        self.assertEqual(self.c.status, ConsultationStatus.DRAFT)
        self.assertEqual(self.act("khong-co", user=self.p.commune_officer).status_code, 404)

    def test_the_province_above_may_act_for_the_commune(self):
        r = self.act("mo", user=self.p.province_officer)
        self.assertEqual(flash(r), ["Đã bắt đầu lấy ý kiến."])
        self.c.refresh_from_db()
        self.assertEqual(self.c.status, ConsultationStatus.OPEN)

    def test_a_decision_the_commune_approves_gets_its_approval_recorded_and_a_cancel_needs_a_reason(self):
        Consultation.objects.filter(pk=self.c.pk).update(kind="decide_approve")
        self.act("mo")
        r = self.act("huy", {"reason": ""})
        self.assertEqual(flash(r), ["Hãy nêu lý do hủy."])
        self.act("ghi-ket-qua", {"participating": "30", f"option-{self.yes.pk}": "25", f"option-{self.no.pk}": "5"})
        self.act("ket-thuc", when=DEADLINE)
        with at(DEADLINE):
            self.assertNotContains(self.client.get(self.url), "Ghi văn bản công nhận")  # not published yet
        self.act("cong-bo", {"result_text": "Thông qua."}, when=DEADLINE)
        with at(DEADLINE):
            page = self.client.get(self.url)
        self.assertContains(page, "Ghi văn bản công nhận")
        self.assertNotContains(page, "Hủy cuộc lấy ý kiến")
        self.act("cong-nhan", {"document": "Quyết định 12/QĐ-UBND ngày 12/11/2026"}, when=DEADLINE)
        self.c.refresh_from_db()
        self.assertEqual(
            (self.c.status, self.c.approval_document),
            (ConsultationStatus.APPROVED, "Quyết định 12/QĐ-UBND ngày 12/11/2026"),
        )


class OpinionsTest(BaseTestCase):
    def test_opinions_are_grouped_and_answered_on_the_page(self):
        with at(DAY):
            c = consultations.consultation_create(
                by=self.p.commune_officer, organization=self.p.commune_org, subject="Quy hoạch chợ", kind="opinion",
                form="meeting", scope="commune", opens_at=START, closes_at=DEADLINE,
            )  # fmt: skip
            consultations.consultation_open(consultation=c, by=self.p.commune_officer)
            self.login(self.p.commune_officer)
            url = f"/dan-chu/lay-y-kien/{c.pk}/"
            self.assertContains(self.client.get(url), "Ghi nhóm ý kiến")
            r = self.client.post(f"{url}y-kien/", {"summary": "Đề nghị giữ chợ cũ", "count": "0"})
            self.assertEqual(flash(r), ["Hãy nhập nội dung nhóm ý kiến và số ý kiến."])
            self.client.post(f"{url}y-kien/", {"summary": "Đề nghị giữ chợ cũ", "count": "12"})
            group = c.opinion_groups.get()
            self.assertEqual(group.count, 12)
            r = self.client.post(f"{url}giai-trinh/", {"group": group.pk, "answer": "Tiếp thu."})
            self.assertEqual(flash(r), ["Đã ghi nội dung giải trình, tiếp thu."])
        group.refresh_from_db()
        self.assertEqual(group.answer, "Tiếp thu.")
        self.assertTrue(AuditEvent.objects.for_object(group).filter(action="update").exists())


class VoteCodesTest(BaseTestCase):
    HOUSEHOLDS = "Hộ ông Nguyễn Văn A, tổ 5\nHộ bà Trần Thị B, tổ 5\n\nHộ ông Lê Văn C, tổ 5\n"

    def setUp(self):
        with at(DAY):
            self.c = make(self.p, form="online", eligible=0)
        self.url = f"/dan-chu/lay-y-kien/{self.c.pk}/ma-bieu-quyet/"

    def issue(self):
        page = self.client.get(self.url)
        token = page.context["token"]
        return token, self.client.post(self.url, {"token": token, "households": self.HOUSEHOLDS})

    def test_codes_are_printed_once_and_work_for_the_vote(self):
        with at(DAY):
            self.login(self.p.commune_officer)
            detail = self.client.get(f"/dan-chu/lay-y-kien/{self.c.pk}/")
            self.assertContains(detail, "Cấp mã và in phiếu biểu quyết")
            self.assertNotContains(detail, "Bắt đầu lấy ý kiến</button>")  # no codes yet: the service would refuse
            token, r = self.issue()
        self.assertEqual(r.status_code, 200)
        self.assertIn("no-store", r["Cache-Control"])
        slips = r.context["slips"]
        self.assertEqual([h for h, _ in slips], ["Hộ ông Nguyễn Văn A, tổ 5", "Hộ bà Trần Thị B, tổ 5",
                                                 "Hộ ông Lê Văn C, tổ 5"])  # fmt: skip
        for _, code in slips:
            self.assertContains(r, code, count=1)
            self.assertTrue(VotingCode.objects.filter(code_hash=consultations.code_hash(self.c.pk, code)).exists())
        self.assertContains(r, "data-print")
        self.c.refresh_from_db()
        self.assertEqual(self.c.eligible_households, 3)
        event = AuditEvent.objects.for_object(self.c).latest("id")
        self.assertEqual(event.changes["codes_issued"], [None, 3])
        self.assertNotIn(slips[0][1], str(event.changes))
        with at(DAY):
            # The browser resubmits the same POST (reload): refused, nothing issued, the codes are not shown again.
            again = self.client.post(self.url, {"token": token, "households": self.HOUSEHOLDS})
            self.assertRedirects(again, self.url, fetch_redirect_response=False)
            self.assertIn("chỉ hiển thị một lần", flash(again)[0])
            later = self.client.get(self.url)
            self.assertContains(later, "Hộ ông Nguyễn Văn A, tổ 5")
            for _, code in slips:
                self.assertNotContains(later, code)
                self.assertNotContains(self.client.get(f"/dan-chu/lay-y-kien/{self.c.pk}/"), code)
            r = self.client.post(f"/dan-chu/lay-y-kien/{self.c.pk}/mo/")
            self.assertEqual(flash(r), ["Đã bắt đầu lấy ý kiến."])
        self.assertEqual(VotingCode.objects.count(), 3)
        with at(START + dt.timedelta(hours=1)):
            self.client.logout()
            yes = self.c.options.get(approves=True)
            r = self.client.post(f"/dan-chu-co-so/bieu-quyet/{self.c.pk}/", {"code": slips[0][1], "option": yes.pk})
            self.assertRedirects(
                r, f"/dan-chu-co-so/bieu-quyet/{self.c.pk}/da-ghi-nhan/", fetch_redirect_response=False
            )

    def test_an_empty_list_gives_a_vietnamese_message_and_issues_nothing(self):
        with at(DAY):
            self.login(self.p.commune_officer)
            token = self.client.get(self.url).context["token"]
            r = self.client.post(self.url, {"token": token, "households": "  \n "})
        self.assertContains(r, "Hãy nhập danh sách hộ gia đình (tối đa 20.000 hộ).")
        self.assertFalse(VotingCode.objects.exists())

    def test_only_the_issuing_body_sees_the_page(self):
        with at(DAY):
            self.login(self.p.viewer)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"households": "Hộ A"}).status_code, 403)
            self.login(self.p.other_commune_officer)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(VotingCode.objects.exists())

    def test_no_codes_once_the_vote_is_open(self):
        with at(DAY):
            consultations.consultation_issue_codes(consultation=self.c, by=self.p.commune_officer, households=["Hộ A"])
            consultations.consultation_open(consultation=self.c, by=self.p.commune_officer)
            self.login(self.p.commune_officer)
            page = self.client.get(self.url)
            self.assertNotContains(page, "codes-form")
            r = self.client.post(self.url, {"token": page.context["token"], "households": "Hộ B"})
        self.assertContains(r, "Không thể cấp mã biểu quyết cho cuộc lấy ý kiến đang ở trạng thái")
        self.assertEqual(VotingCode.objects.count(), 1)

    def test_an_online_vote_has_no_close_button_before_its_deadline(self):
        with at(DAY):
            consultations.consultation_issue_codes(consultation=self.c, by=self.p.commune_officer, households=["Hộ A"])
            consultations.consultation_open(consultation=self.c, by=self.p.commune_officer)
        self.login(self.p.commune_officer)
        with at(START + dt.timedelta(days=1)):
            r = self.client.get(f"/dan-chu/lay-y-kien/{self.c.pk}/")
            self.assertNotContains(r, "Kết thúc và tính kết quả")
            self.assertContains(r, "close-reason")
            self.assertNotContains(r, "Ghi kết quả kiểm phiếu")  # an online vote counts itself
        with at(DEADLINE):
            self.assertContains(self.client.get(f"/dan-chu/lay-y-kien/{self.c.pk}/"), "Kết thúc và tính kết quả")
