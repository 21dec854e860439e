"""The menu by role: only what the role uses, grouped (Công việc, Phong trào, Báo cáo, Nhân dân, Quản trị); the API
documentation only for the roles that call the API; the public reception schedule and dialogues for citizens."""

from django.test import RequestFactory

from front.context_processors import navigation
from tests.base import BaseTestCase


class MenuTest(BaseTestCase):
    def menu(self, user) -> dict[str, list[str]]:
        self.login(user)
        response = self.client.get("/thong-bao/")
        return {group.label: [item.label for item in group.items] for group in response.context["nav_groups"]}

    def test_an_officer_works_with_every_module_but_the_administration(self):
        menu = self.menu(self.p.commune_officer)
        self.assertEqual(list(menu), ["Công việc", "Phong trào", "Báo cáo", "Nhân dân"])
        self.assertEqual(menu["Công việc"], ["Việc cần làm", "Bảng điều hành", "Thông báo", "Chương trình phối hợp"])
        self.assertEqual(
            menu["Nhân dân"], ["Ý kiến nhân dân", "Ghi nhận ý kiến", "Tiếp công dân", "Đối thoại", "Điểm nóng"]
        )
        self.assertNotIn("API", str(menu))

    def test_a_viewer_reads_the_same_modules_but_records_nothing(self):
        menu = self.menu(self.p.viewer)
        self.assertEqual(list(menu), ["Công việc", "Phong trào", "Báo cáo", "Nhân dân"])
        self.assertNotIn("Ghi nhận ý kiến", menu["Nhân dân"])

    def test_an_appraiser_sees_the_movement_only(self):
        menu = self.menu(self.p.appraiser)
        self.assertEqual(
            menu,
            {
                "Công việc": ["Việc cần làm", "Thông báo"],
                "Phong trào": ["Dân vận khéo", "Hội thi", "Mô hình tiêu biểu"],
            },
        )

    def test_the_admin_has_the_administration_and_the_api_and_the_central_level_the_api(self):
        self.assertEqual(
            self.menu(self.p.admin)["Quản trị"], ["Nhật ký", "Nhập danh mục", "Ranh giới xã", "Trang quản trị", "API"]
        )
        self.assertEqual(self.menu(self.p.central)["Quản trị"], ["API"])
        self.assertNotIn("Quản trị", self.menu(self.p.province_officer))

    def test_the_page_shown_is_marked_in_its_group(self):
        self.login(self.p.commune_officer)
        response = self.client.get("/y-kien/tiep-dan/")
        self.assertContains(response, '<a href="/y-kien/tiep-dan/" aria-current="page">Tiếp công dân</a>', html=True)
        people = next(g for g in response.context["nav_groups"] if g.label == "Nhân dân")
        self.assertEqual([i.label for i in people.items if i.active], ["Tiếp công dân"])

    def test_citizens_reach_the_reception_schedule_and_the_public_dialogues(self):
        response = self.client.get("/mo-hinh-tieu-bieu/")
        labels = [item.label for item in response.context["nav_items"]]
        self.assertEqual(
            labels,
            [
                "Mô hình tiêu biểu",
                "Gửi ý kiến",
                "Tra cứu ý kiến",
                "Lịch tiếp công dân",
                "Đối thoại với nhân dân",
                "Văn bản",
                "Dữ liệu mở",
            ],
        )
        self.assertContains(response, 'href="/gui-y-kien/lich-tiep-dan/"')
        self.assertContains(response, 'href="/gui-y-kien/doi-thoai/"')
        self.assertNotContains(response, "/api/docs/")

    def test_the_menu_reads_the_roles_once(self):
        request = RequestFactory().get("/")
        request.user = self.p.province_officer
        with self.assertNumQueries(1):
            navigation(request)
            navigation(request)


class MenuUrlCacheTest(BaseTestCase):
    def test_the_menu_urls_follow_the_script_prefix(self):
        from django.urls import set_script_prefix

        from front.context_processors import reverse

        self.assertEqual(reverse("practices:list"), "/dan-van-kheo/")
        try:
            set_script_prefix("/danvan/")
            self.assertEqual(reverse("practices:list"), "/danvan/dan-van-kheo/")
        finally:
            set_script_prefix("/")
        self.assertEqual(reverse("practices:list"), "/dan-van-kheo/")
