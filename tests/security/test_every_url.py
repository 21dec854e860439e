"""Every URL the project serves, enumerated from the URL configuration: nothing non-public is
reachable without signing in, nothing answers a POST without a CSRF token, and no URL answers a
stranger's request with a server error. A module that adds a public page must say so here."""

import re

from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver

# Public by design: the citizen's side (no account), the sign-in pages, health and API schema.
PUBLIC_PREFIXES = (
    "/healthz",
    "/tai-khoan/dang-nhap/",
    "/tai-khoan/quen-mat-khau/",
    "/tai-khoan/dat-lai/",
    "/mo-hinh-tieu-bieu/",
    "/gui-y-kien/",
    "/cong-khai/",  # the public portal (portal/)
    "/du-lieu-mo/",  # open data
    "/api/schema/",
    "/api/docs/",
    "/api/.*",  # the API's JSON 404 for an address that matches no endpoint (api/urls.py)
    "/api/v1/cases/intake/",
    "/api/v1/cases/track/",
    "/api/v1/cases/confirm/",
    "/api/v1/cases/reopen/",
    "/api/v1/cases/reception/public/",
    "/api/v1/cases/dialogues/public/",
    "/dan-chu-co-so/",  # a commune's disclosures, consultation results, the household vote (democracy)
    "/api/v1/democracy/public/",
    "/static/",
    "/media/",
)
# Public pages among private ones (the documents library: its list, a public document and its file; creating,
# editing and citing need an account).
PUBLIC_PATHS = frozenset(
    {
        "/van-ban/",
        "/van-ban/1/",
        "/van-ban/1/tep/",
        "/api/v1/documents/",
        "/api/v1/documents/1/",
        "/api/v1/documents/1/citers/",
    }
)
# Django's own admin has its own login page.
ADMIN_PREFIX = "/quan-tri/"


def _walk(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def _sample(route: str) -> str:
    """A concrete path for a route: every parameter filled with a plausible value."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", path)
    path = re.sub(r"<(?:str|slug):\w+>|<\w+>", "abc", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "abc", path)  # regex routes (admin, static)
    return "/" + path.lstrip("/")


def every_path() -> list[str]:
    return sorted({_sample(r) for r in _walk(get_resolver().url_patterns)})


class EveryUrlTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        from portal import opendata

        opendata.generate()  # the public figures' release exists, as after the nightly run (else they answer 503)

    def test_the_enumeration_sees_every_module(self):
        paths = every_path()
        for prefix in ("/dan-van-kheo/", "/thi-dua/", "/y-kien/", "/gui-y-kien/", "/bao-cao/", "/api/v1/"):
            self.assertTrue(any(p.startswith(prefix) for p in paths), prefix)

    def test_anonymous_users_reach_nothing_private(self):
        client = Client()
        leaks = []
        for path in every_path():
            if path.startswith(PUBLIC_PREFIXES) or path.startswith(ADMIN_PREFIX) or path == "/" or path in PUBLIC_PATHS:
                continue
            r = client.get(path)
            if path.startswith("/api/"):
                ok = r.status_code in (401, 403, 405)
            else:
                ok = r.status_code == 302 and "/tai-khoan/dang-nhap/" in r["Location"] or r.status_code == 405
            if not ok:
                leaks.append(f"{path} → {r.status_code}")
        self.assertEqual(leaks, [], "non-public URLs answered an anonymous user")

    def test_the_home_page_is_the_portal_and_admin_asks_anonymous_users_to_sign_in(self):
        home = Client().get("/")
        self.assertEqual(home.status_code, 200)
        self.assertContains(home, "Gửi ý kiến")  # the public portal (portal/), not an officer's page
        r = Client().get(ADMIN_PREFIX)
        self.assertEqual(r.status_code, 302)
        self.assertIn("login", r["Location"])

    def test_no_url_answers_a_stranger_with_a_server_error(self):
        client = Client(raise_request_exception=False)
        errors = []
        for path in every_path():
            for method in ("get", "post"):
                r = getattr(client, method)(path)
                if r.status_code >= 500:
                    errors.append(f"{method.upper()} {path} → {r.status_code}")
        self.assertEqual(errors, [])

    def test_every_post_needs_a_csrf_token(self):
        from tests.factories import Personas

        client = Client(enforce_csrf_checks=True)
        client.force_login(Personas.create().commune_officer)
        accepted = []
        for path in every_path():
            if path.startswith(("/api/", "/static/", "/media/")):
                continue  # the API authenticates by token or by session with its own CSRF check
            r = client.post(path, {"name": "x"})
            if r.status_code not in (403, 404, 405):
                accepted.append(f"{path} → {r.status_code}")
        self.assertEqual(accepted, [], "POST without a CSRF token was not refused")
