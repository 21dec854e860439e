"""Sign-in is locked after repeated failures (django-axes), on the web form and on the API token
endpoint alike, with a Vietnamese message; the lock lifts after the configured cool-off; while it
holds, the right password is refused too. The API token endpoint is also rate-limited per address.

tests/orgs/test_auth.py already proves that five failures on the web form lock it (429, Vietnamese
page); these tests add the API, the shared counter, the cool-off and the per-address rate limit.
"""

import datetime as dt
from collections import Counter

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from orgs.models import LoginFailure
from tests.base import BaseTestCase
from tests.factories import PASSWORD

WRONG = "sai-mat-khau-123"
IP = "10.0.0.9"


class LockoutTest(BaseTestCase):
    def setUp(self):
        cache.clear()  # the API throttle counts in the cache

    def web(self, password, *, client=None, ip=IP, username="canboxa"):
        return (client or Client()).post(
            "/tai-khoan/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip
        )

    def api(self, password, *, ip=IP, username="canboxa"):
        return APIClient().post(
            "/api/v1/auth/token/", {"username": username, "password": password}, format="json", REMOTE_ADDR=ip
        )

    def fail_logins(self, times, via):
        for _ in range(times):
            r = via(WRONG)
            self.assertIn(r.status_code, (200, 401, 429))

    def test_the_per_address_counter_is_shared_by_every_worker_process(self):
        # In the database, a row per failure: every gunicorn worker reads the same count, and failures sent at the same
        # moment are each counted (a counter in the cache, read then written back, lost them). The address is kept
        # only as a keyed hash.
        for _ in range(3):
            self.web(WRONG, ip="10.0.0.77")
        self.api(WRONG, ip="10.0.0.77")
        self.web(WRONG, ip="10.0.0.78")
        hashes = list(LoginFailure.objects.values_list("client_hash", flat=True))
        self.assertEqual(sorted(Counter(hashes).values()), [1, 4])
        self.assertFalse(any("10.0.0" in h for h in hashes))

    def test_failures_on_the_api_and_the_web_form_count_toward_one_per_address_limit(self):
        limit = settings.LOGIN_FAILURES_PER_ADDRESS
        for i in range(limit // 2):
            self.assertEqual(self.api(WRONG, username=f"khong-co-{i}").status_code, 401)
        for i in range(limit - limit // 2):
            self.assertEqual(self.web(WRONG, username=f"chua-co-{i}").status_code, 200)
        r = self.web(PASSWORD, username="canbotinh")  # a right password from that address waits too
        self.assertContains(r, "quá nhiều lần đăng nhập sai từ địa chỉ này", status_code=429)
        cache.clear()  # past the API's own throttle on requests: the failures' limit still holds
        r = self.api(PASSWORD, username="canbotinh")
        self.assertEqual(r.status_code, 429)
        self.assertIn("quá nhiều lần đăng nhập sai từ địa chỉ này", r.json()["message"])
        self.assertNotIn("token", r.json())

    def test_the_per_address_limit_lifts_after_its_window_and_old_failures_are_forgotten(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for i in range(settings.LOGIN_FAILURES_PER_ADDRESS):
                self.web(WRONG, username=f"khong-co-{i}")
            self.assertEqual(self.web(PASSWORD, username="canbotinh").status_code, 429)
        window = dt.timedelta(minutes=settings.LOGIN_FAILURES_WINDOW_MINUTES)
        with time_machine.travel(start + window + dt.timedelta(seconds=1), tick=False):
            self.web(WRONG, ip="10.0.0.99")  # any failure forgets those older than the window
            self.assertEqual(LoginFailure.objects.count(), 1)
            self.assertEqual(self.web(PASSWORD, username="canbotinh").status_code, 302)

    def test_the_limit_is_the_configured_one(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        self.assertTrue(settings.AXES_ENABLED)
        self.fail_logins(4, self.web)
        client = Client()
        r = self.web(PASSWORD, client=client)  # the fifth attempt, right: still allowed
        self.assertEqual(r.status_code, 302)

    def test_failures_on_the_api_lock_the_api_with_a_vietnamese_message(self):
        self.fail_logins(5, self.api)
        r = self.api(PASSWORD)
        self.assertNotEqual(r.status_code, 200, "a locked account got a token")
        self.assertIn(r.status_code, (401, 403, 429))
        self.assertNotIn("token", r.content.decode())
        self.assertIn("khóa", r.content.decode())

    def test_failures_on_the_api_lock_the_web_form_too(self):
        self.fail_logins(5, self.api)
        r = self.web(PASSWORD)
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Tài khoản tạm bị khóa", status_code=429)
        self.assertNotIn("_auth_user_id", Client().session.keys())

    def test_failures_on_the_web_form_lock_the_api_too(self):
        self.fail_logins(5, self.web)
        r = self.api(PASSWORD)
        self.assertNotEqual(r.status_code, 200)
        self.assertNotIn("token", r.content.decode())

    def test_a_locked_account_stays_signed_out_on_the_web(self):
        self.fail_logins(5, self.web)
        client = Client()
        r = self.web(PASSWORD, client=client)
        self.assertEqual(r.status_code, 429)
        self.assertNotContains(client.get("/"), "Đăng xuất")  # not signed in: the public portal

    def test_the_lock_holds_until_the_cool_off(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.fail_logins(5, self.web)
        with time_machine.travel(start + self.cool_off() - dt.timedelta(minutes=1), tick=False):
            self.assertEqual(self.web(PASSWORD).status_code, 429, "lifted before the cool-off")
            self.assertNotEqual(self.api(PASSWORD).status_code, 200)

    def cool_off(self):
        cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
        self.assertEqual(cool_off, dt.timedelta(minutes=30))
        return cool_off

    def test_the_lock_lifts_after_the_cool_off(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.fail_logins(5, self.web)
            self.assertEqual(self.web(PASSWORD).status_code, 429)
        # (Each refused attempt restarts the cool-off: django-axes counts it as one more failure.)
        with time_machine.travel(start + self.cool_off() + dt.timedelta(minutes=1), tick=False):
            client = Client()
            self.assertEqual(self.web(PASSWORD, client=client).status_code, 302)
            self.assertEqual(client.get("/").status_code, 200)
            self.assertEqual(self.api(PASSWORD).status_code, 200)

    def test_the_lock_is_per_account_and_address(self):
        self.fail_logins(5, self.web)
        # Another officer at the same address is not locked out by someone else's typos.
        self.assertEqual(self.web(PASSWORD, username="canbotinh").status_code, 302)

    def test_the_api_token_endpoint_is_rate_limited_per_address_in_vietnamese(self):
        statuses = [self.api(WRONG, username=f"khong-co-{i}").status_code for i in range(12)]
        self.assertIn(429, statuses, statuses)
        r = self.api(PASSWORD, username="canbotinh")
        self.assertEqual(r.status_code, 429)
        message = r.json()["message"]
        self.assertNotIn("Request was throttled", message)
        self.assertRegex(message, r"[àáảãạăâđêôơưóòỏõọúùủũụ]")  # Vietnamese, not DRF's English
        # Another address is not limited.
        self.assertEqual(self.api(PASSWORD, username="canbotinh", ip="10.0.0.10").status_code, 200)

    def test_the_web_form_is_rate_limited_per_address(self):
        # Password spraying: one address trying one password against many accounts.
        statuses = [self.web(WRONG, username=f"khong-co-{i}").status_code for i in range(25)]
        self.assertIn(429, statuses, "the sign-in form accepted 25 failed attempts from one address")
        r = self.web(PASSWORD)  # a right password from that address waits too
        self.assertContains(r, "quá nhiều lần đăng nhập sai từ địa chỉ này", status_code=429)
        # Another address is not limited.
        self.assertEqual(self.web(PASSWORD, ip="10.0.0.10").status_code, 302)
