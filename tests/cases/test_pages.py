"""Public and officers' pages: what each persona sees, escaping, privacy, 404 outside scope."""

import datetime as dt
import re
import tempfile

from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from audit.models import Action as AuditAction
from audit.models import AuditEvent
from cases import handling
from cases.models import Case, Status
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, EXE, PDF, submit, topic
from tests.factories import make_org, make_user

SCRIPT = '<script>alert("xss")</script><b>đậm</b>'


def form_data(p, **extra):
    data = {
        "kind": "complaint_first",
        "topic": topic().pk,
        "unit": p.commune.code,
        "title": "Chậm bồi thường đất",
        "content": "Gia đình tôi chưa nhận tiền bồi thường.",
        "people_count": "1",
        **CITIZEN,
    }
    data.update(extra)
    return data


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-cases-"))
class PublicPagesTest(BaseTestCase):
    def test_a_citizen_submits_and_gets_a_code_and_a_private_link_once(self):
        r = self.client.post(
            "/gui-y-kien/",
            {**form_data(self.p), "files": [SimpleUploadedFile("don.pdf", PDF)]},
            REMOTE_ADDR="203.0.113.9",
        )
        case = Case.objects.get()
        self.assertRedirects(r, f"/gui-y-kien/da-gui/{case.code}/", fetch_redirect_response=False)
        # The token waits in a signed cookie, not in a session written for the anonymous sender (issue 19: one write
        # transaction per submission).
        self.assertFalse(Session.objects.exists())
        self.assertTrue(r.cookies["danvan_da_gui"]["httponly"])
        self.assertEqual(case.organization, self.p.commune_org)
        self.assertEqual(case.attachments.get().kind, "pdf")
        page = self.client.get(r.url).content.decode()
        self.assertIn(case.display_code, page)
        link = re.search(r'id="private-link" class="private-link" href="([^"]+)"', page).group(1)
        self.assertIn(f"/gui-y-kien/theo-doi/{case.code}/", link)
        # Shown once: the token is not stored, so a reload cannot show it again.
        self.assertNotIn("private-link", self.client.get(r.url).content.decode())
        private = self.client.get(link)
        self.assertContains(private, "Gia đình tôi chưa nhận tiền bồi thường.")
        self.assertEqual(private["X-Robots-Tag"], "noindex, nofollow")

    def test_the_form_keeps_everything_and_explains_a_refusal(self):
        r = self.client.post("/gui-y-kien/", form_data(self.p, kind="complaint_first", address=""))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Đơn khiếu nại phải ghi họ tên, địa chỉ người khiếu nại")
        self.assertContains(r, "Đã chọn: Phường Xuân Hương - Đà Lạt")
        self.assertFalse(Case.objects.exists())

    def test_an_executable_renamed_pdf_is_refused(self):
        r = self.client.post("/gui-y-kien/", {**form_data(self.p), "files": [SimpleUploadedFile("giay-to.pdf", EXE)]})
        self.assertContains(r, "thực chất là tệp chương trình Windows, không được phép tải lên")
        self.assertFalse(Case.objects.exists())

    @override_settings(CASES_RATE_LIMIT=1)
    def test_the_rate_limit_speaks_vietnamese(self):
        self.client.post("/gui-y-kien/", form_data(self.p), REMOTE_ADDR="198.51.100.4")
        r = self.client.post("/gui-y-kien/", form_data(self.p), REMOTE_ADDR="198.51.100.4")
        self.assertContains(r, "Để tránh thư rác, vui lòng thử lại sau")
        self.assertEqual(Case.objects.count(), 1)

    def test_a_status_lookup_reads_one_row_in_one_query_beside_the_lookup_limits_count(self):
        case, _ = submit(self.p)
        self.client.get("/gui-y-kien/tra-cuu/", {"ma": "ZZZZ-ZZZZ"})  # the address's counter row now exists
        # The count (a savepoint, the counter's increment and its read, the release), then the lookup.
        with self.assertNumQueries(5) as queries:
            r = self.client.get("/gui-y-kien/tra-cuu/", {"ma": case.display_code})
        self.assertEqual(len([q for q in queries.captured_queries if "cases_case" in q["sql"]]), 1)
        self.assertContains(r, self.p.commune_org.name)
        self.assertContains(r, case.get_status_display())
        with self.assertNumQueries(5) as queries:
            r = self.client.post("/api/v1/cases/track/", {"code": case.code}, content_type="application/json")
        self.assertEqual(len([q for q in queries.captured_queries if "cases_case" in q["sql"]]), 1)
        self.assertEqual(r.json()["organization_name"], self.p.commune_org.name)

    def test_the_status_lookup_gives_what_the_serializer_gives_for_the_whole_case(self):
        from cases import selectors
        from cases.serializers import PublicStatusSerializer

        case, _ = submit(self.p)
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xác minh và trả lời.")
        for _step in ("answered, no limit running", "accepted, a limit running"):
            case.refresh_from_db()
            row = selectors.find_status(case.display_code.lower())
            self.assertEqual(PublicStatusSerializer(row).data, PublicStatusSerializer(case).data)
            self.assertEqual(
                (row.get_kind_display(), row.get_status_display(), row.organization.name, row.display_code),
                (case.get_kind_display(), case.get_status_display(), case.organization.name, case.display_code),
            )
            Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED, due_date=case.received_on)
        self.assertIsNone(selectors.find_status("ZZZZ-ZZZZ"))
        self.assertIsNone(selectors.find_status("<script>"))

    def test_the_track_api_answers_every_shape_as_its_serializer_rules_say(self):
        case, token = submit(self.p)

        def track(body, fmt="application/json"):
            import json

            payload = json.dumps(body) if fmt == "application/json" else body
            return self.client.post("/api/v1/cases/track/", payload, content_type=fmt)

        plain = track({"code": case.display_code})
        self.assertEqual(plain.status_code, 200)
        for same in ({"code": f"  {case.code.lower()} "}, {"code": case.code, "token": ""}):
            self.assertEqual(track(same).json(), plain.json())
        self.assertEqual(
            self.client.post("/api/v1/cases/track/", {"code": case.code}).json(), plain.json()
        )  # a form-encoded body
        self.assertIn("title", track({"code": case.code, "token": token}).json())  # the private view
        self.assertEqual(track({"code": case.code, "token": 0}).status_code, 404)  # a token, only a wrong one
        bad_bodies = ({"code": "A" * 21}, {"code": ""}, {"code": "   "}, {"code": ["x"]}, {"code": "AB\x00C"})
        for bad in (*bad_bodies, {"ma": case.code}, ["x"]):
            r = track(bad)
            self.assertEqual(r.status_code, 400, bad)
            self.assertNotIn(case.organization.name, r.content.decode())
        self.assertEqual(track({"code": "ZZZZ-ZZZZ"}).status_code, 404)

    def test_the_code_alone_shows_nothing_personal(self):
        case, token = submit(self.p, title="Ông Nguyễn Văn A lấn chiếm đất", content="Nhà số 5 ngõ 7 của tôi bị lấn.")
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xác minh, yêu cầu trả lại đất.")
        r = self.client.get("/gui-y-kien/tra-cuu/", {"ma": case.display_code.lower()})
        self.assertContains(r, "Đã trả lời")
        self.assertContains(r, self.p.commune_org.name)
        page = r.content.decode()
        for secret in (
            CITIZEN["full_name"],
            CITIZEN["phone"],
            CITIZEN["address"],
            "Nguyễn Văn A",
            "ngõ 7",
            "Đã xác minh",
            token,
        ):
            self.assertNotIn(secret, page)
        # The right code with a wrong token is the same 404 as a wrong code.
        # (A token ending in "x" would make "…x" the right one again: change its last character either way.)
        wrong = token[:-1] + ("y" if token.endswith("x") else "x")
        self.assertEqual(self.client.get(f"/gui-y-kien/theo-doi/{case.code}/{wrong}/").status_code, 404)
        self.assertEqual(self.client.get(f"/gui-y-kien/theo-doi/ZZZZZZZZ/{token}/").status_code, 404)
        private = self.client.get(f"/gui-y-kien/theo-doi/{case.code}/{token}/")
        self.assertContains(private, "Đã xác minh, yêu cầu trả lại đất.")
        self.assertNotContains(private, CITIZEN["phone"])

    def test_html_and_script_are_shown_as_text(self):
        case, token = submit(self.p, kind="feedback", contact={}, title=SCRIPT, content=SCRIPT)
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(case=case, by=self.p.commune_officer, text=SCRIPT)
        pages = [self.client.get(f"/gui-y-kien/theo-doi/{case.code}/{token}/")]
        self.client.force_login(self.p.commune_officer)
        pages += [self.client.get(f"/y-kien/{case.pk}/"), self.client.get("/y-kien/?trang_thai=answered")]
        for r in pages:
            self.assertEqual(r.status_code, 200)
            html = r.content.decode()
            self.assertNotIn("<script>alert", html)
            self.assertNotIn("<b>đậm</b>", html)
            self.assertIn("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;", html)

    def test_the_sender_reopens_with_a_reason_then_confirms(self):
        case, token = submit(self.p)
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(
            case=case, by=self.p.commune_officer, text="Đã chi trả.", files=[SimpleUploadedFile("qd.pdf", PDF)]
        )
        url = f"/gui-y-kien/theo-doi/{case.code}/{token}/"
        page = self.client.get(url)
        file_id = case.answers.get().files.get().pk
        download = self.client.get(f"{url}tep/{file_id}/")
        self.assertEqual(download["Content-Disposition"], f'attachment; filename="tep-{file_id}.pdf"')
        self.assertEqual(b"".join(download), PDF)
        self.assertContains(page, "Chưa đồng ý, đề nghị xem xét lại")
        r = self.client.post(url, {"action": "reopen", "reason": "Tôi chưa nhận được tiền."}, follow=True)
        self.assertContains(r, "Đã gửi đề nghị xem xét lại")
        case.refresh_from_db()
        self.assertEqual(case.status, Status.REOPENED)
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã chuyển khoản.")
        self.client.post(url, {"action": "confirm"})
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.CLOSED)

    def test_the_public_picker_finds_communes_without_accents_or_an_account(self):
        r = self.client.get("/gui-y-kien/don-vi/", {"q": "xuan huong"})
        self.assertContains(r, 'data-code="24820"')
        self.assertNotContains(r, "Phường 1")  # units of the old hierarchy are not offered


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-cases-"))
class OfficerPagesTest(BaseTestCase):
    def test_another_communes_officer_gets_404_everywhere(self):
        case, _ = submit(self.p, files=[SimpleUploadedFile("don.pdf", PDF)])
        file_id = case.attachments.get().pk
        self.client.force_login(self.p.other_commune_officer)
        for url in (f"/y-kien/{case.pk}/", f"/y-kien/{case.pk}/tep/{file_id}/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(f"/y-kien/{case.pk}/accept/").status_code, 404)
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.RECEIVED)
        self.assertNotContains(self.client.get("/y-kien/"), case.display_code)

    def test_an_unknown_action_is_404_and_a_refused_one_is_shown_on_the_page(self):
        case, _ = submit(self.p)
        self.client.force_login(self.p.commune_officer)
        self.assertEqual(self.client.post(f"/y-kien/{case.pk}/khong-co/").status_code, 404)
        r = self.client.post(f"/y-kien/{case.pk}/answer/", {"text": "Trả lời"}, follow=True)
        self.assertContains(r, "Không thể trả lời vụ việc đang ở trạng thái “Đã tiếp nhận”.")
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.RECEIVED)

    def test_the_handling_officer_accepts_and_answers_with_a_file(self):
        # A complaint: accepted and decided by the head of the People's Committee, where it is routed.
        chairman = make_user("chutich", make_org("UBND Phường Xuân Hương - Đà Lạt", "ubnd", self.p.commune))
        case, _ = submit(self.p, kind="complaint_first")
        self.client.force_login(chairman)
        queue = self.client.get("/y-kien/")
        self.assertContains(queue, case.display_code)
        r = self.client.post(f"/y-kien/{case.pk}/accept/", {"is_complex": "on"}, follow=True)
        self.assertContains(r, "Đã thụ lý vụ việc.")
        case.refresh_from_db()
        self.assertTrue(case.is_complex)
        self.assertEqual((case.resolve_due - case.accepted_on).days >= 45, True)  # complex: 45 days
        r = self.client.post(
            f"/y-kien/{case.pk}/answer/",
            {"text": "Trả lời chính thức", "files": [SimpleUploadedFile("tra-loi.pdf", PDF)]},
            follow=True,
        )
        self.assertContains(r, "Đã gửi trả lời")
        self.assertEqual(Case.objects.get(pk=case.pk).status, Status.ANSWERED)
        self.assertContains(r, "tra-loi.pdf")

    def test_identity_is_shown_to_the_chain_only_and_every_view_is_logged(self):
        case, _ = submit(self.p)
        for officer in (self.p.commune_officer, self.p.province_officer):
            self.client.force_login(officer)
            r = self.client.get(f"/y-kien/{case.pk}/")
            self.assertNotContains(r, CITIZEN["phone"])  # not until asked for
            r = self.client.get(f"/y-kien/{case.pk}/?xem=nguoi-gui")
            self.assertContains(r, CITIZEN["phone"])
        views = AuditEvent.objects.for_object(case).filter(action=AuditAction.VIEW_PERSONAL)
        self.assertEqual(sorted(views.values_list("actor__username", flat=True)), ["canbotinh", "canboxa"])
        # Another province-level body reads the case (same province) but not who sent it.
        from tests.factories import make_org, make_user

        mttq = make_org("Ủy ban MTTQ tỉnh Lâm Đồng", "mttq", self.p.province)
        self.client.force_login(make_user("mttqtinh", mttq))
        r = self.client.get(f"/y-kien/{case.pk}/?xem=nguoi-gui")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, CITIZEN["phone"])
        self.assertNotContains(r, CITIZEN["full_name"])
        self.assertEqual(views.count(), 2)

    def test_an_officer_records_a_case_from_a_phone_call(self):
        self.client.force_login(self.p.commune_officer)
        data = form_data(self.p, kind="petition", channel="phone", received_on="2026-11-02")
        r = self.client.post("/y-kien/ghi-nhan/", data)
        case = Case.objects.get()
        self.assertRedirects(r, f"/y-kien/{case.pk}/")
        self.assertEqual((case.channel, case.received_on), ("phone", dt.date(2026, 11, 2)))

    def test_the_queue_lists_overdue_cases_first_with_a_fixed_number_of_queries(self):
        for i in range(12):
            case, _ = submit(self.p, kind="feedback", contact={}, ip=f"10.0.0.{i}", title=f"Ý kiến {i}")
        Case.objects.filter(pk=case.pk).update(due_date=dt.date(2020, 1, 1))
        self.client.force_login(self.p.commune_officer)
        self.client.get("/y-kien/")  # warm the session
        # session, user, scope (memberships, links, units), the user's bodies, page count (skipped
        # when the first page is short), counts, the user's writing bodies ("record" button), the
        # menu's admin check, page rows: at most 11 whatever the number of rows.
        with CaptureQueriesContext(connection) as queries:
            r = self.client.get("/y-kien/")
        self.assertLessEqual(len(queries), 11)
        rows = re.findall(r'href="/y-kien/(\d+)/"', r.content.decode())
        self.assertEqual(len(rows), 12)
        self.assertEqual(int(rows[0]), case.pk)
        self.assertContains(r, "quá hạn")

    def test_escalated_cases_show_in_the_provinces_queue(self):
        case, _ = submit(self.p)
        Case.objects.filter(pk=case.pk).update(due_date=dt.date(2020, 1, 1))
        case.refresh_from_db()
        handling.case_escalate(case=case)
        self.client.force_login(self.p.province_officer)
        r = self.client.get("/y-kien/?han=overdue")
        self.assertContains(r, case.display_code)
        self.assertContains(r, "Cấp trên theo dõi: Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
