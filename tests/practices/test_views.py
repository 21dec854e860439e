import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from practices.models import Practice, Status
from tests.base import BaseTestCase

FORM = {
    "name": "Dân vận khéo <script>alert(1)</script>",
    "kind": "model",
    "field": "society",
    "unit_code": "24820",
    "situation": "Thực trạng",
    "objectives": "Mục tiêu",
    "content": "Nội dung",
    "target_people": "Người dân",
    "outputs": "Kết quả",
    "sustainability": "Bền vững",
    "money_vnd": "1234567",
    "socialised_vnd": "0",
    "workdays": "10",
    "land_m2": "0",
    "start_date": "2026-03-01",
}


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-media-"))
class PracticePagesTest(BaseTestCase):
    def create(self):
        self.login(self.p.commune_officer)
        r = self.client.post("/dan-van-kheo/dang-ky/", {**FORM, "organization": self.p.commune_org.pk})
        self.assertEqual(r.status_code, 302, r.content[:2000])
        return Practice.objects.get()

    def test_an_officer_registers_submits_and_sees_escaped_text(self):
        practice = self.create()
        r = self.client.post(
            f"/dan-van-kheo/{practice.pk}/evidence/",
            {"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)},
        )
        self.assertEqual(practice.evidence.count(), 1)
        r = self.client.post(f"/dan-van-kheo/{practice.pk}/submit/", follow=True)
        self.assertContains(r, "Đã đăng ký mô hình.")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "1.234.567 đồng kinh phí")
        self.assertContains(r, "Năm 2026")  # a year is not a quantity: no thousands separator
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.REGISTERED)

    def test_the_list_shows_only_what_the_user_may_see_and_exports_xlsx(self):
        practice = self.create()
        r = self.client.get("/dan-van-kheo/?q=dan van kheo")
        self.assertContains(r, "1 kết quả")
        self.assertContains(r, f"<td>{self.p.commune_org.name}</td>")
        self.assertContains(r, f"<td>{practice.unit.name}</td>")
        # The row's link and labels, as the practice itself shows them.
        self.assertContains(r, f'href="/dan-van-kheo/{practice.pk}/"')
        for label in (practice.get_kind_display(), practice.get_field_display(), practice.get_status_display()):
            self.assertContains(r, f"{label}<")
        r = self.client.get("/dan-van-kheo/?format=xlsx")
        self.assertEqual(r["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.login(self.p.other_commune_officer)
        self.assertContains(self.client.get("/dan-van-kheo/?q=dan van kheo"), "0 kết quả")
        self.assertEqual(self.client.get(f"/dan-van-kheo/{Practice.objects.get().pk}/").status_code, 404)

    def test_an_illegal_action_shows_a_vietnamese_message_and_changes_nothing(self):
        practice = self.create()
        r = self.client.post(f"/dan-van-kheo/{practice.pk}/reject/", {"reason": "x"}, follow=True)
        self.assertContains(r, "Không thể không công nhận mô hình đang ở trạng thái “Nháp”.")
        practice.refresh_from_db()
        self.assertEqual(practice.status, Status.DRAFT)

    def test_evidence_is_always_downloaded_never_rendered(self):
        practice = self.create()
        self.client.post(
            f"/dan-van-kheo/{practice.pk}/evidence/", {"file": SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n%%EOF\n")}
        )
        evidence = practice.evidence.get()
        r = self.client.get(f"/dan-van-kheo/{practice.pk}/minh-chung/{evidence.pk}/")
        self.assertEqual(r["Content-Disposition"], f'attachment; filename="minh-chung-{evidence.pk}.pdf"')
        self.assertEqual(r["Content-Type"], "application/octet-stream")

    def test_anonymous_users_are_sent_to_login(self):
        r = self.client.get("/dan-van-kheo/")
        self.assertEqual(r.status_code, 302)


class IdsAreNeverLocalisedTest(PracticePagesTest):
    """Numbers are shown as 1.234 in Vietnamese — but never an id in a form: "1.816" is not a key."""

    def test_the_registration_form_posts_the_organisation_id_as_digits(self):
        from tests.factories import make_org, make_user

        org = make_org("Đảng ủy xã thử", "dang-uy-xa", self.p.commune)
        type(org).objects.filter(pk=org.pk).update(id=123456)
        officer = make_user("canbo.123456", type(org).objects.get(pk=123456))
        self.login(officer)
        html = self.client.get("/dan-van-kheo/dang-ky/").content.decode()
        self.assertIn('value="123456"', html)
        self.assertNotIn('value="123.456"', html)
