"""Every HTML page carries the Content-Security-Policy (issue 18, item 8); only the API docs relax it, for
themselves. Chromium checks that the pages work under it in tests/browser/test_content_security_policy.py."""

from tests.base import BaseTestCase

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


class ContentSecurityPolicyTest(BaseTestCase):
    def test_html_pages_carry_the_whole_policy(self):
        self.login(self.p.commune_officer)
        for url in ("/", "/dan-van-kheo/", "/y-kien/", "/bao-cao/"):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(directives(r), POLICY)

    def test_public_and_error_pages_carry_it_too(self):
        for url in ("/tai-khoan/dang-nhap/", "/gui-y-kien/tra-cuu/", "/khong-co-trang-nay/"):
            with self.subTest(url=url):
                self.assertEqual(directives(self.client.get(url)), POLICY)

    def test_no_template_has_an_inline_handler_the_policy_would_block(self):
        r = self.client.get("/tai-khoan/dang-nhap/")
        self.assertNotIn(b"onclick=", r.content)
        self.assertIn(b'"includeIndicatorStyles":false', r.content)

    def test_only_the_api_docs_relax_the_policy_and_not_for_inline_script(self):
        r = self.client.get("/api/docs/")
        self.assertEqual(r.status_code, 200)
        script = next(d for d in directives(r) if d.startswith("script-src"))
        self.assertNotIn("unsafe-inline", script)
        self.assertIn("frame-ancestors 'none'", directives(r))
        self.assertNotIn(b"<script>", r.content)  # the start-up script is a file of this origin (split view)
        # Swagger UI comes from this origin (the sidecar's static files): no CDN, nothing another origin serves.
        self.assertEqual(script, "script-src 'self'")
        self.assertNotRegex(r.content.decode(), r"(src|href)=\"(https?:)?//")
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", r.content.decode())
