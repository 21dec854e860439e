"""Issue 21, "nothing that speaks Django or English": the account pages are DanVan's own, in Vietnamese."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import override_settings
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.base import BaseTestCase

FOREIGN = ["Django", "Skip to main content", "Trang quản trị", "Password", "password", "Log out", "Change"]


class AccountPagesTest(BaseTestCase):
    def assert_danvan_page(self, response):
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for word in FOREIGN:
            self.assertNotIn(word.lower() if word.islower() else word, _visible(html), word)
        self.assertIn('class="topbar"', html)  # the product's own layout (templates/base.html)
        self.assertIn("Chuyển đến nội dung chính", html)

    def test_it_shows_the_password_change_pages_in_the_product_layout(self):
        self.login(self.p.commune_officer)
        r = self.client.get("/tai-khoan/doi-mat-khau/")
        self.assert_danvan_page(r)
        self.assertContains(r, "Mật khẩu hiện tại")
        self.assert_danvan_page(self.client.get("/tai-khoan/doi-mat-khau/xong/"))

    def test_it_shows_the_password_reset_pages_in_the_product_layout(self):
        r = self.client.get("/tai-khoan/quen-mat-khau/")
        self.assert_danvan_page(r)
        self.assertContains(r, "Thư điện tử")
        self.assert_danvan_page(self.client.get("/tai-khoan/quen-mat-khau/da-gui/"))
        self.assert_danvan_page(self.client.get("/tai-khoan/dat-lai/xong/"))
        # A stale link: DanVan's page saying so, not Django's.
        r = self.client.get("/tai-khoan/dat-lai/MQ/sai-ma/")
        self.assert_danvan_page(r)
        self.assertContains(r, "không hợp lệ")

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_it_sends_a_vietnamese_reset_mail_whose_link_opens_a_danvan_page(self):
        user = self.p.commune_officer
        user.email = "canboxa@example.vn"
        user.save(update_fields=["email"])
        r = self.client.post("/tai-khoan/quen-mat-khau/", {"email": "canboxa@example.vn"})
        self.assertRedirects(r, "/tai-khoan/quen-mat-khau/da-gui/")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Đặt lại mật khẩu DanVan")
        self.assertIn("Mở đường dẫn sau để đặt mật khẩu mới", message.body)
        self.assertNotIn("Django", message.body)
        self.assertNotIn("You're receiving", message.body)
        link = re.search(r"https?://[^/]+(/tai-khoan/dat-lai/\S+)", message.body).group(1)
        r = self.client.get(link, follow=True)
        self.assert_danvan_page(r)
        self.assertContains(r, "Mật khẩu mới")

    def test_the_reset_link_sets_a_new_password(self):
        user = self.p.commune_officer
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        r = self.client.get(f"/tai-khoan/dat-lai/{uid}/{token}/", follow=True)
        url = r.redirect_chain[-1][0]
        r = self.client.post(url, {"new_password1": "Mot-mat-khau-moi-2026", "new_password2": "Mot-mat-khau-moi-2026"})
        self.assertRedirects(r, "/tai-khoan/dat-lai/xong/")
        user.refresh_from_db()
        self.assertTrue(user.check_password("Mot-mat-khau-moi-2026"))


def _visible(html: str) -> str:
    """The page's text without its tags, attributes, URLs and field names (``new_password1`` is not shown)."""
    return re.sub(r"<[^>]*>", " ", html)


class AccountPageErrorsTest(BaseTestCase):
    def test_it_explains_a_refused_new_password_in_vietnamese(self):
        self.login(self.p.commune_officer)
        r = self.client.post(
            "/tai-khoan/doi-mat-khau/", {"old_password": "sai", "new_password1": "123", "new_password2": "123"}
        )
        self.assertEqual(r.status_code, 200)
        text = _visible(r.content.decode())
        self.assertIn('class="errors"', r.content.decode())
        self.assertNotRegex(text, r"\b(Your|password|This|too short)\b")


class AdminIndexTest(BaseTestCase):
    def test_it_hides_third_party_models_from_the_admin(self):
        from orgs.models import User

        admin_user = User.objects.create_superuser("sieuquantri", "sieuquantri@example.vn", "Mot-mat-khau-dai-2026")
        self.client.force_login(admin_user)
        r = self.client.get("/quan-tri/")
        self.assertEqual(r.status_code, 200)
        text = _visible(r.content.decode())
        for word in ("AUTH TOKEN", "Auth Token", "Axes", "AXES", "Access attempts", "Access logs", "Token"):
            self.assertNotIn(word, text)
        self.assertContains(r, "/quan-tri/orgs/organization/")  # DanVan's own models are still there
        self.assertEqual(self.client.get("/quan-tri/authtoken/tokenproxy/").status_code, 404)
        self.assertEqual(self.client.get("/quan-tri/axes/accessattempt/").status_code, 404)
