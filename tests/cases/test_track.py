"""The public status lookup (page and API) and the private link: what a code alone shows, what the link shows, and
the per-address limit they share (cases.lookup_limit)."""

import datetime as dt
import json
import threading
import unittest

import time_machine
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from cases import handling, lookup_limit, selectors
from cases.models import Case, LookupCount, Status, Topic
from cases.serializers import PublicStatusSerializer
from tests.base import BaseTestCase
from tests.cases.helpers import submit
from tests.factories import Personas

TRACK = "/gui-y-kien/tra-cuu/"
TRACK_API = "/api/v1/cases/track/"
NOW = dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC)


def rate(value: str):
    """Settings with the lookup limit at ``value`` ("3/minute")."""
    from django.conf import settings

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "case_lookup": value}
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates})


class TrackPageTest(BaseTestCase):
    def test_it_shows_what_the_code_alone_shows(self):
        case, _ = submit(self.p)
        Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED, due_date=case.received_on)
        page = self.client.get(TRACK, {"ma": case.display_code.lower()}).content.decode()
        self.assertIn(f"<h2>Ý kiến {case.display_code}</h2>", page)
        self.assertIn(f"<dd>{case.get_kind_display()}</dd>", page)
        self.assertIn(f'<span class="badge case-accepted">{Status.ACCEPTED.label}</span>', page)
        self.assertIn(f"<dt>Ngày nhận</dt><dd>{case.received_on:%d/%m/%Y}</dd>", page)
        self.assertIn(f"<dt>Hạn xử lý hiện tại</dt><dd>{case.received_on:%d/%m/%Y}</dd>", page)
        self.assertIn(f"<dd>{self.p.commune_org.name}</dd>", page)
        self.assertIn(f'value="{case.display_code.lower()}"', page)
        # Nothing of the content or the sender.
        self.assertNotIn(case.title, page)
        self.assertNotIn("Nguyễn Thị Lan", page)
        Case.objects.filter(pk=case.pk).update(due_date=None)
        self.assertNotIn("Hạn xử lý hiện tại", self.client.get(TRACK, {"ma": case.code}).content.decode())

    def test_the_lookup_is_one_query(self):
        case, _ = submit(self.p)
        self.client.get(TRACK, {"ma": case.code})  # the address's counter row exists
        with self.assertNumQueries(1):
            found = selectors.find_status(case.display_code.lower())
        with self.assertNumQueries(0):  # everything the page shows is loaded
            shown = (found.display_code, found.get_kind_display(), found.get_status_display(), found.organization.name)
        self.assertEqual(shown[0], case.display_code)
        self.assertEqual(shown[3], case.organization.name)

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
        self.assertIn('aria-invalid="true"', page)
        self.assertIn('<div class="errors" id="id_ma-errors">Giá trị này chỉ có tối đa 20 kí tự', page)
        missing = self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"}).content.decode()
        self.assertIn('id="id_ma-errors">Không tìm thấy ý kiến có mã này', missing)
        self.assertNotIn("case-status", missing)

    def test_a_refused_code_shows_the_forms_own_message(self):
        for query in ({"ma": ""}, {"ma": "   "}, {"x": "1"}):
            self.assertContains(self.client.get(TRACK, query), 'id="id_ma-errors">Trường này là bắt buộc.</div>')
        self.assertNotContains(self.client.get(TRACK), "id_ma-errors")  # nothing typed yet: no error

    def test_a_visitor_gets_no_cookie(self):
        r = self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"})
        self.assertEqual(r.cookies, {})
        self.assertEqual(r["Content-Type"], "text/html; charset=utf-8")

    def test_a_signed_in_officer_sees_their_own_layout(self):
        self.login(self.p.commune_officer)
        page = self.client.get(TRACK).content.decode()
        self.assertIn(str(self.p.commune_officer), page)
        self.assertIn("Đăng xuất", page)
        self.client.logout()
        page = self.client.get(TRACK).content.decode()
        self.assertNotIn("Đăng xuất", page)
        self.assertIn("Đăng nhập", page)

    def test_a_pending_message_is_shown_once(self):
        case, token = submit(self.p)
        handling.case_accept(case=case, by=self.p.commune_officer)
        handling.case_answer(case=case, by=self.p.commune_officer, text="Đã xác minh và trả lời.")
        self.client.post(f"/gui-y-kien/theo-doi/{case.code}/{token}/", {"action": "confirm"})
        self.assertContains(self.client.get(TRACK), "Cảm ơn bạn đã xác nhận")
        self.assertNotContains(self.client.get(TRACK), "Cảm ơn bạn đã xác nhận")


class TrackApiTest(BaseTestCase):
    def post(self, body, **headers):
        return self.client.post(TRACK_API, json.dumps(body), content_type="application/json", headers=headers)

    def test_the_code_alone_gives_the_status_as_the_serializer_shows_the_case(self):
        case, _ = submit(self.p)
        handling.case_accept(case=case, by=self.p.commune_officer)
        case.refresh_from_db()
        for code in (case.code, f" {case.display_code.lower()} "):
            with self.subTest(code):
                r = self.post({"code": code})
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r.json(), PublicStatusSerializer(case).data)
        self.assertEqual(
            set(r.json()), {"code", "kind", "status", "received_on", "due_date", "organization_name"}
        )  # nothing personal, nothing of the content
        self.assertEqual(r.json()["due_date"], case.due_date.isoformat())
        # A form body is read as the JSON one.
        self.assertEqual(self.client.post(TRACK_API, {"code": case.code}).json(), r.json())

    def test_an_unknown_or_refused_code_answers_in_the_error_shape(self):
        self.assertEqual(self.post({"code": "ZZZZ-ZZZZ"}).status_code, 404)
        self.assertEqual(self.post({"code": "ZZZZ-ZZZZ"}).json(), {"message": "Không tìm thấy.", "extra": {}})
        refused = self.post({"code": "A" * 21})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("code", refused.json()["extra"])
        self.assertEqual(self.post({}).status_code, 400)

    def test_the_token_gives_the_content(self):
        case, token = submit(self.p)
        self.assertEqual(self.post({"code": case.code, "token": token}).json()["title"], case.title)
        self.assertEqual(self.post({"code": case.code, "token": "x" * 40}).status_code, 404)

    def test_it_answers_json_only(self):
        case, _ = submit(self.p)
        self.assertEqual(self.post({"code": case.code}, Accept="text/html").status_code, 406)
        self.assertEqual(self.client.get(TRACK_API).status_code, 405)


class LookupLimitTest(BaseTestCase):
    """One limit per address over the status page, the API and the private link (page, files, API actions)."""

    def setUp(self):
        self.case, self.token = submit(self.p)
        self.private = f"/gui-y-kien/theo-doi/{self.case.code}/{self.token}/"

    def test_the_status_page_answers_429_in_vietnamese_past_the_limit(self):
        with rate("3/minute"), time_machine.travel(NOW, tick=False):
            for _ in range(3):
                self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 200)
            refused = self.client.get(TRACK, {"ma": self.case.code})
            self.assertEqual(refused.status_code, 429)
            self.assertContains(refused, lookup_limit.MESSAGE, status_code=429)
            self.assertNotContains(refused, "case-status", status_code=429)
            self.assertEqual(refused["Retry-After"], "50")  # the window ends at 09:01:00
            # The empty form is not a lookup: it still opens.
            self.assertEqual(self.client.get(TRACK).status_code, 200)
        with rate("3/minute"), time_machine.travel(NOW + dt.timedelta(seconds=50), tick=False):
            self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 200)  # a new window

    def test_the_api_answers_429_in_the_error_shape(self):
        with rate("2/minute"), time_machine.travel(NOW, tick=False):
            for _ in range(2):
                self.assertEqual(self.client.post(TRACK_API, {"code": self.case.code}).status_code, 200)
            refused = self.client.post(TRACK_API, {"code": self.case.code})
        self.assertEqual(refused.status_code, 429)
        self.assertEqual(
            refused.json(),
            {"message": "Bạn thao tác quá nhanh, vui lòng thử lại sau.", "extra": {"retry_after_seconds": 50}},
        )
        self.assertEqual(refused["Retry-After"], "50")

    def test_the_private_link_its_files_and_the_lookups_share_one_limit(self):
        with rate("4/minute"), time_machine.travel(NOW, tick=False):
            self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 200)
            self.assertEqual(self.client.post(TRACK_API, {"code": self.case.code}).status_code, 200)
            self.assertEqual(self.client.get(self.private).status_code, 200)
            self.assertEqual(self.client.get(f"{self.private}tep/999999/").status_code, 404)  # counted too
            for path in (self.private, f"{self.private}tep/999999/", TRACK + f"?ma={self.case.code}"):
                with self.subTest(path):
                    refused = self.client.get(path)
                    self.assertEqual(refused.status_code, 429)
                    self.assertContains(refused, lookup_limit.MESSAGE, status_code=429)
                    self.assertNotContains(refused, self.case.title, status_code=429)
            # A wrong token tried through the API's sender actions is refused alike.
            confirm = self.client.post("/api/v1/cases/confirm/", {"code": self.case.code, "token": "x" * 40})
            self.assertEqual(confirm.status_code, 429)
            self.assertEqual(self.client.post(self.private, {"action": "confirm"}).status_code, 429)
        self.assertEqual(LookupCount.objects.get().hits, 9)

    def test_each_address_has_its_own_count(self):
        with rate("1/minute"), time_machine.travel(NOW, tick=False):
            self.assertEqual(self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"}).status_code, 200)
            self.assertEqual(self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"}).status_code, 429)
            other = self.client_class(REMOTE_ADDR="198.51.100.7")
            self.assertEqual(other.get(TRACK, {"ma": "ZZZZ-ZZZZ"}).status_code, 200)
        # Only keyed hashes are kept, never an address; the ended windows are forgotten.
        self.assertEqual(LookupCount.objects.count(), 2)
        self.assertFalse(LookupCount.objects.filter(client_hash__contains="198.51").exists())
        with rate("1/minute"), time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
            self.client.get(TRACK, {"ma": "ZZZZ-ZZZZ"})
        self.assertEqual(list(LookupCount.objects.values_list("hits", flat=True)), [1])

    def test_the_sent_page_is_a_lookup_too(self):
        with rate("1/minute"), time_machine.travel(NOW, tick=False):
            self.assertEqual(self.client.get(f"/gui-y-kien/da-gui/{self.case.code}/").status_code, 200)
            self.assertEqual(self.client.get(f"/gui-y-kien/da-gui/{self.case.code}/").status_code, 429)


def simultaneous_lookups(client_class, code: str, n: int = 20) -> tuple[list[int], list[Exception]]:
    """``n`` API lookups of ``code`` from one address, released at the same moment: their statuses and any errors."""
    barrier = threading.Barrier(n)
    statuses: list[int] = []
    errors: list[Exception] = []

    def look():
        try:
            client = client_class()
            barrier.wait()
            statuses.append(client.post(TRACK_API, {"code": code}).status_code)
        except Exception as e:  # noqa: BLE001 - reported by the test
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=look) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses, errors


@unittest.skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL here (SQLite queues them)")
class LookupLimitRaceTest(TransactionTestCase):
    """Simultaneous lookups from one address are each counted: never more accepted than the limit."""

    def test_twenty_simultaneous_lookups_with_a_limit_of_five_accept_five(self):
        Topic.objects.get_or_create(code="dat-dai", defaults={"name": "Đất đai, bồi thường"})
        case, _ = submit(Personas.create())
        with rate("5/hour"):
            statuses, errors = simultaneous_lookups(self.client_class, case.code)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(statuses), [200] * 5 + [429] * 15)
        self.assertEqual(LookupCount.objects.get().hits, 20)
        self.assertLess(LookupCount.objects.get().window_start, timezone.now())
