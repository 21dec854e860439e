from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.base import BaseTestCase
from tests.factories import PASSWORD


class LoginTest(BaseTestCase):
    def setUp(self):
        cache.clear()

    def post_login(self, password):
        return self.client.post(
            "/tai-khoan/dang-nhap/", {"username": "canboxa", "password": password}, REMOTE_ADDR="10.0.0.7"
        )

    def test_it_logs_in_and_out_and_audits_both(self):
        r = self.post_login(PASSWORD)
        self.assertRedirects(r, "/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), "Cán bộ nghiệp vụ")
        self.assertEqual(self.client.get("/tai-khoan/dang-xuat/").status_code, 405)  # logout is POST only
        self.client.post("/tai-khoan/dang-xuat/", REMOTE_ADDR="10.0.0.7")
        signed_out = self.client.get("/")  # the public portal, not the officer's home
        self.assertContains(signed_out, "Cổng thông tin công tác dân vận")
        self.assertNotContains(signed_out, "Cán bộ nghiệp vụ")
        actions = list(AuditEvent.objects.filter(actor=self.p.commune_officer).values_list("action", "ip"))
        self.assertIn(("login", "10.0.0.7"), actions)
        self.assertIn(("logout", "10.0.0.7"), actions)

    def test_a_wrong_password_shows_a_vietnamese_error(self):
        self.assertContains(self.post_login("sai-mat-khau"), "Tên đăng nhập hoặc mật khẩu không đúng.")
        self.assertTrue(AuditEvent.objects.filter(action="login_failed", object_repr="Tên đăng nhập: canboxa").exists())

    def test_five_failures_lock_the_account_even_for_the_right_password(self):
        for _ in range(5):
            self.post_login("sai-mat-khau")
        r = self.post_login(PASSWORD)
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Tài khoản tạm bị khóa", status_code=429)
        self.assertNotContains(self.client.get("/"), "Cán bộ nghiệp vụ")  # still signed out: the public portal

    def test_password_change_works(self):
        self.client.post("/tai-khoan/dang-nhap/", {"username": "canboxa", "password": PASSWORD})
        r = self.client.post(
            "/tai-khoan/doi-mat-khau/",
            {
                "old_password": PASSWORD,
                "new_password1": "Mot-mat-khau-moi-2026",
                "new_password2": "Mot-mat-khau-moi-2026",
            },
        )
        self.assertRedirects(r, "/tai-khoan/doi-mat-khau/xong/")
        self.p.commune_officer.refresh_from_db()
        self.assertTrue(self.p.commune_officer.check_password("Mot-mat-khau-moi-2026"))

    def test_the_api_issues_a_token_and_counts_failures(self):
        client = APIClient()
        r = client.post("/api/v1/auth/token/", {"username": "canboxa", "password": PASSWORD}, format="json")
        token = r.json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        me = client.get("/api/v1/me/").json()
        self.assertEqual(me["memberships"][0]["unit_code"], "24820")
        r = APIClient().post("/api/v1/auth/token/", {"username": "canboxa", "password": "x"}, format="json")
        self.assertEqual(r.status_code, 401)
        self.assertIn("không đúng", r.json()["message"])


class OrganizationApiTest(BaseTestCase):
    def get(self, user, url):
        client = APIClient()
        client.force_authenticate(user)
        return client.get(url)

    def test_an_officer_of_another_commune_gets_404(self):
        url = f"/api/v1/organizations/{self.p.commune_org.pk}/"
        self.assertEqual(self.get(self.p.other_commune_officer, url).status_code, 404)
        self.assertEqual(self.get(self.p.commune_officer, url).status_code, 200)
        self.assertEqual(self.get(self.p.province_officer, url).status_code, 200)

    def test_lists_follow_scope_with_pinned_queries(self):
        client = APIClient()
        client.force_authenticate(self.p.province_officer)
        with self.assertNumQueries(3):  # scope (2), page (shorter than a page: its own count)
            r = client.get("/api/v1/organizations/")
        self.assertEqual(r.json()["count"], 3)
        self.assertEqual(self.get(self.p.central, "/api/v1/organizations/").json()["count"], 6)  # with Quảng Ngãi's Ban

    def test_anonymous_gets_the_error_shape(self):
        r = APIClient().get("/api/v1/organizations/")
        self.assertIn(r.status_code, (401, 403))
        self.assertEqual(r.json(), {"message": "Bạn cần đăng nhập.", "extra": {}})


@override_settings(AXES_ENABLED=True)
class HomeTest(BaseTestCase):
    def test_home_shows_real_counts_for_the_role(self):
        self.login(self.p.province_officer)
        r = self.client.get("/")
        self.assertContains(r, "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
        # Counts stop at 10.000 (issue 19): the page gets the count and whether it was capped.
        self.assertEqual((r.context["org_count"].value, r.context["org_count"].capped), (3, False))
        self.assertEqual(r.context["commune_count"], 2)
        self.assertEqual((r.context["practice_count"].value, r.context["practice_count"].capped), (0, False))
        self.assertNotContains(r, "Nhật ký")  # not an admin

    def test_admins_see_the_audit_log_and_others_do_not(self):
        self.login(self.p.admin)
        self.assertContains(self.client.get("/"), "Nhật ký")
        self.assertEqual(self.client.get("/nhat-ky/").status_code, 200)
        self.login(self.p.commune_officer)
        self.assertEqual(self.client.get("/nhat-ky/").status_code, 403)

    def test_healthz_reports_the_database(self):
        r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["database"], "ok")
