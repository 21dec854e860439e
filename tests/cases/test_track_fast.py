"""The public status lookup's fast ways (issue #5): the page's layout kept in memory for visitors who are not signed
in, its content written without the template engine, and the API's plain JSON lookup answered without DRF's
wrapping. Each must give exactly what the ordinary way gives."""

import json
import unittest
from unittest import mock

from django.db import connection, transaction
from django.shortcuts import render
from django.test import Client, TransactionTestCase, override_settings
from rest_framework.views import APIView

from cases import handling, public_views, selectors
from cases.models import Case, Status, Topic
from cases.serializers import TrackSerializer
from tests.base import BaseTestCase
from tests.cases.helpers import submit
from tests.factories import Personas

TRACK = "/gui-y-kien/tra-cuu/"
TEMPLATE = "cases/public/track.html"


class TrackPageTest(BaseTestCase):
    def setUp(self):
        public_views._frames.clear()  # each test starts with no layout in memory

    def test_it_gives_a_visitor_the_bytes_of_the_full_layout(self):
        case, _ = submit(self.p)
        # Two visitors' requests, through every middleware: the layout kept from the first must suit the second.
        first = self.client.get(TRACK).wsgi_request
        second = Client(REMOTE_ADDR="198.51.100.7").get(TRACK, {"ma": case.code}, headers={"Accept-Language": "en"})
        bodies = [
            public_views.track_body(None, [], None),
            public_views.track_body("<b>x</b>", [public_views.NOT_FOUND], None),
            public_views.track_body(case.code, [], selectors.find_status(case.code)),
        ]
        for body in bodies:
            for request in (first, first, second.wsgi_request):  # rendered, then from memory twice
                framed = public_views.render_framed(request, TEMPLATE, body)
                self.assertEqual(framed.content, render(request, TEMPLATE, {"body": body}).content)
        self.assertEqual(len(public_views._frames), 1)

    def test_it_shows_what_the_code_alone_shows(self):
        case, _ = submit(self.p)
        Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED, due_date=case.received_on)
        page = self.client.get(TRACK, {"ma": case.display_code.lower()}).content.decode()
        self.assertIn(f"<h2>Ý kiến {case.display_code}</h2>", page)
        self.assertIn(f'<span class="badge case-accepted">{Status.ACCEPTED.label}</span>', page)
        self.assertIn(f"<dt>Ngày nhận</dt><dd>{case.received_on:%d/%m/%Y}</dd>", page)
        self.assertIn(f"<dt>Hạn xử lý hiện tại</dt><dd>{case.received_on:%d/%m/%Y}</dd>", page)
        self.assertIn(f"<dd>{self.p.commune_org.name}</dd>", page)
        self.assertIn(f'value="{case.display_code.lower()}"', page)
        Case.objects.filter(pk=case.pk).update(due_date=None)
        self.assertNotIn("Hạn xử lý hiện tại", self.client.get(TRACK, {"ma": case.code}).content.decode())

    def test_the_plain_query_string_reads_as_django_reads_it(self):
        case, _ = submit(self.p)
        dashed = case.display_code.lower()
        plain = self.client.get(f"{TRACK}?ma={dashed}").content
        # Percent-encoded, or with another parameter beside it: read by Django's QueryDict, the same page.
        self.assertEqual(self.client.get(f"{TRACK}?ma={dashed.replace('-', '%2D')}").content, plain)
        self.assertEqual(self.client.get(f"{TRACK}?ma={dashed}&x=1").content, plain)
        self.assertIn(f"<h2>Ý kiến {case.display_code}</h2>", plain.decode())
        self.assertNotIn('id="case-status"', self.client.get(f"{TRACK}?ma=ZZZZ-ZZZZ").content.decode())

    def test_the_handling_bodys_name_is_shown_as_text(self):
        case, _ = submit(self.p)
        type(self.p.commune_org).objects.filter(pk=case.organization_id).update(name='Ban "A" <b>&amp;</b>')
        page = self.client.get(TRACK, {"ma": case.code}).content.decode()
        self.assertIn("<dd>Ban &quot;A&quot; &lt;b&gt;&amp;amp;&lt;/b&gt;</dd>", page)
        self.assertNotIn("<b>&amp;</b>", page)

    def test_it_escapes_the_typed_code_and_explains_the_error(self):
        r = self.client.get(TRACK, {"ma": '"><script>alert(1)</script>'})
        page = r.content.decode()
        self.assertNotIn("<script>alert", page)
        self.assertIn('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"', page)
        self.assertIn('aria-invalid="true" aria-describedby="id_ma-errors"', page)
        self.assertIn('<div class="errors" id="id_ma-errors">Giá trị này chỉ có tối đa 20 kí tự', page)
        missing = self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"}).content.decode()
        self.assertIn("Không tìm thấy ý kiến có mã này", missing)
        self.assertNotIn("case-status", missing)

    def test_the_plain_code_is_what_the_form_accepts(self):
        for typed in (None, "", "  ", "ABCD-EFGH", " abcd2345 ", "A" * 20, f" {'A' * 20} ", "A" * 21, "AB\x00C", "\t"):
            with self.subTest(typed=typed):
                form = public_views.TrackForm({} if typed is None else {"ma": typed})
                expected = form.cleaned_data["ma"] if form.is_valid() else None
                self.assertEqual(public_views.plain_code(typed), expected)
                # The API's serializer has the same rule (its fast path uses the same check).
                serializer = TrackSerializer(data={} if typed is None else {"code": typed})
                self.assertEqual(serializer.validated_data["code"] if serializer.is_valid() else None, expected)

    def test_a_refused_code_shows_the_forms_own_message(self):
        for query, message in (({"ma": ""}, "Trường này là bắt buộc."), ({"x": "1"}, "Trường này là bắt buộc.")):
            self.assertContains(self.client.get(TRACK, query), f'id="id_ma-errors">{message}</div>')
        self.assertNotContains(self.client.get(TRACK), "id_ma-errors")  # nothing typed yet: no error

    def test_a_visitor_gets_no_cookie_and_the_answer_varies_by_cookie(self):
        for _ in ("first visitor: layout rendered", "second: layout from memory"):
            r = self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"})
            self.assertEqual(r.cookies, {})
            self.assertIn("Cookie", r["Vary"])
            self.assertEqual(r["Content-Type"], "text/html; charset=utf-8")

    def test_a_signed_in_officer_gets_their_own_layout_and_never_leaves_it_in_memory(self):
        self.client.get(TRACK)  # a visitor first: the layout is in memory
        self.login(self.p.commune_officer)
        page = self.client.get(TRACK).content.decode()
        self.assertIn(str(self.p.commune_officer), page)
        self.assertIn("Đăng xuất", page)
        self.assertIn("X-CSRFToken", page)
        self.client.logout()
        page = self.client.get(TRACK).content.decode()
        self.assertNotIn(str(self.p.commune_officer), page)
        self.assertNotIn("Đăng xuất", page)
        self.assertIn("Đăng nhập", page)

    def test_a_pending_message_is_shown_to_the_visitor(self):
        case, token = submit(self.p)
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xác minh và trả lời.")
        self.client.get(TRACK)  # the layout without messages is in memory
        self.client.post(f"/gui-y-kien/theo-doi/{case.code}/{token}/", {"action": "confirm"})  # a message, then away
        self.assertContains(self.client.get(TRACK), "Cảm ơn bạn đã xác nhận")
        self.assertNotContains(self.client.get(TRACK), "Cảm ơn bạn đã xác nhận")  # shown once

    def test_the_layout_follows_a_changed_setting(self):
        self.assertNotContains(self.client.get(TRACK), "https://example.org/danvan")
        with override_settings(DANVAN_SOURCE_URL="https://example.org/danvan"):
            self.assertContains(self.client.get(TRACK), 'href="https://example.org/danvan"')
        self.assertNotContains(self.client.get(TRACK), "https://example.org/danvan")


class TrackApiTest(BaseTestCase):
    def post(self, body, content_type="application/json", **headers):
        if content_type is None:  # a form
            return self.client.post("/api/v1/cases/track/", body, headers=headers)
        return self.client.post("/api/v1/cases/track/", body, content_type=content_type, headers=headers)

    def assertSameAnswer(self, fast, slow):
        self.assertEqual(
            (fast.status_code, fast.content, fast["Content-Type"], fast["Allow"], fast.get("Vary")),
            (slow.status_code, slow.content, slow["Content-Type"], slow["Allow"], slow.get("Vary")),
        )

    def test_the_plain_json_lookup_answers_as_drf_does(self):
        case, _ = submit(self.p)
        Case.objects.filter(pk=case.pk).update(organization=self.p.commune_org)
        for code in (case.code, f" {case.display_code.lower()} ", "ZZZZ-ZZZZ"):
            with self.subTest(code):
                with self.assertNumQueries(1), mock.patch.object(APIView, "dispatch", side_effect=AssertionError):
                    fast = self.post(json.dumps({"code": code}))  # never reaches DRF
                # The same code form-encoded, or from a client preferring JSON among others, goes through DRF.
                self.assertSameAnswer(fast, self.post({"code": code}, content_type=None))
                self.assertSameAnswer(fast, self.post(json.dumps({"code": code}), Accept="application/json;q=0.9"))
        self.assertEqual(
            self.post(json.dumps({"code": case.code})).json()["organization_name"], self.p.commune_org.name
        )
        self.assertEqual(
            self.post(json.dumps({"code": "ZZZZ-ZZZZ"})).json(), {"message": "Không tìm thấy.", "extra": {}}
        )

    def test_every_other_request_goes_through_drf(self):
        case, token = submit(self.p)
        code = json.dumps({"code": case.code})
        self.assertEqual(self.post(code, Accept="text/html").status_code, 406)  # JSON only, as DRF negotiates it
        self.assertEqual(
            self.client.post("/api/v1/cases/track/?format=xml", code, content_type="application/json").status_code, 404
        )
        self.assertEqual(self.post(code.replace("}", ', "n": NaN}')).status_code, 400)  # strict JSON
        self.assertEqual(self.post("{}").status_code, 400)
        self.assertEqual(self.post("").status_code, 400)
        self.assertEqual(self.post(json.dumps({"code": case.code, "pad": "x" * 2000})).status_code, 200)  # a big body
        self.assertEqual(self.post(code, "application/json; charset=utf-16").status_code, 200)
        self.assertIn("title", self.post(json.dumps({"code": case.code, "token": token})).json())  # the private view
        self.assertEqual(self.client.get("/api/v1/cases/track/").status_code, 405)


@unittest.skipUnless(connection.vendor == "postgresql", "the direct way is PostgreSQL's")
class DirectStatusReadTest(TransactionTestCase):
    """A web request reads the status outside any transaction: on PostgreSQL through libpq directly (lib.db.FixedRead).
    Its answer must be the one the cursor's way gives (the way every test inside a transaction takes)."""

    def test_the_direct_way_gives_the_cursors_answer(self):
        # Transactional tests flush the tables, seeded topics included: make the one submit() uses.
        Topic.objects.get_or_create(code="dat-dai", defaults={"name": "Đất đai, bồi thường"})
        case, _ = submit(Personas.create())
        Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED, due_date=case.received_on)
        direct = selectors.find_status(case.display_code.lower())
        with transaction.atomic():
            self.assertEqual(selectors.find_status(case.code), direct)
        self.assertEqual(
            (direct.code, direct.status, direct.received_on, direct.due_date, direct.organization_name),
            (case.code, Status.ACCEPTED, case.received_on, case.received_on, case.organization.name),
        )
        self.assertIsNone(selectors.find_status("ZZZZ-ZZZZ"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT generic_plans FROM pg_prepared_statements WHERE name = 'danvan_case_status'")
            self.assertGreaterEqual(cursor.fetchone()[0], 2)  # the two reads outside the transaction
