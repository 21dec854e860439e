"""The one unit picker: its ranking, and every form that takes a unit renders it instead of a box for a code."""

import re

from geo.models import UnitType
from orgs.models import Role
from tests.base import BaseTestCase
from tests.factories import make_org, make_unit, make_user


def suggestions(html: str) -> list[str]:
    return re.findall(r'data-name="([^"]+)"', html)


class PickerRankingTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ha_tinh = make_unit("42", "Tỉnh Hà Tĩnh", UnitType.PROVINCE)
        cls.huong_xuan = make_unit("18000", "Xã Hương Xuân", UnitType.COMMUNE, parent=cls.ha_tinh)
        cls.huong_son = make_unit("18001", "Xã Hương Sơn", UnitType.COMMUNE, parent=cls.ha_tinh)
        cls.lam_dong_huong = make_unit("24999", "Xã Hương Lâm", UnitType.COMMUNE, parent=cls.p.province)
        ha_tinh_org = make_org("Đảng ủy Xã Hương Sơn", "dang-uy-xa", cls.huong_son)
        cls.ha_tinh_officer = make_user("canbohatinh", ha_tinh_org, Role.OFFICER)

    def test_it_ranks_the_words_in_the_order_typed_first_even_outside_the_users_province(self):
        self.login(self.ha_tinh_officer)
        near = str(self.ha_tinh.pk)
        html = self.client.get("/don-vi/chon/", {"q": "xuan huong", "near": near}).content.decode()
        names = suggestions(html)
        self.assertEqual(names[:2], ["Phường Xuân Hương - Đà Lạt", "Xã Hương Xuân"])
        # The province is shown beside every suggestion.
        self.assertIn("Tỉnh Lâm Đồng · mã 24820", html)
        self.assertIn("Tỉnh Hà Tĩnh · mã 18000", html)

    def test_the_public_picker_ranks_the_same_way(self):
        names = suggestions(self.client.get("/gui-y-kien/don-vi/", {"q": "Xuân Hương"}).content.decode())
        self.assertEqual(names[:2], ["Phường Xuân Hương - Đà Lạt", "Xã Hương Xuân"])

    def test_then_the_users_own_province_comes_before_the_rest(self):
        self.login(self.ha_tinh_officer)
        html = self.client.get("/don-vi/chon/", {"q": "huong", "near": str(self.ha_tinh.pk)}).content.decode()
        names = suggestions(html)
        self.assertEqual(names[:2], ["Xã Hương Sơn", "Xã Hương Xuân"])
        self.assertLess(names.index("Xã Hương Xuân"), names.index("Xã Hương Lâm"))
        # Without a province of their own, Vietnamese order decides.
        names = suggestions(self.client.get("/don-vi/chon/", {"q": "huong"}).content.decode())
        self.assertEqual(names[0], "Xã Hương Lâm")

    def test_every_page_tells_the_picker_the_users_province(self):
        self.login(self.p.commune_officer)
        html = self.client.get("/").content.decode()
        self.assertIn(f'id="picker-near" name="near" value="{self.p.province.pk}"', html)

    def test_a_bad_near_value_is_ignored(self):
        self.login(self.p.commune_officer)
        r = self.client.get("/don-vi/chon/", {"q": "xuan huong", "near": "x" * 50})
        self.assertEqual(suggestions(r.content.decode())[0], "Phường Xuân Hương - Đà Lạt")


class FormerCodeFieldTests(BaseTestCase):
    """The four places where a numeric unit code used to be typed."""

    def assert_picker(self, html: str, name: str):
        self.assertIn(f'<input type="hidden" name="{name}"', html)
        self.assertIn('role="combobox"', html)
        self.assertNotRegex(html, rf'<input[^>]*type="text"[^>]*name="{name}"')
        self.assertNotRegex(html, rf'<input[^>]*name="{name}"[^>]*maxlength')
        self.assertNotIn("Mã địa bàn", html)
        self.assertNotIn("mã đơn vị hành chính", html)

    def test_the_practice_form(self):
        self.login(self.p.commune_officer)
        html = self.client.get("/dan-van-kheo/dang-ky/").content.decode()
        self.assert_picker(html, "unit_code")
        # The organisation's own commune is chosen already.
        self.assertIn("Đã chọn: Phường Xuân Hương - Đà Lạt (Tỉnh Lâm Đồng)", html)

    def test_the_practice_filter(self):
        self.login(self.p.province_officer)
        html = self.client.get("/dan-van-kheo/", {"unit": "24820"}).content.decode()
        self.assert_picker(html, "unit")
        self.assertIn("Đã chọn: Phường Xuân Hương - Đà Lạt", html)

    def test_the_dialogue_form(self):
        self.login(self.p.commune_officer)
        html = self.client.get("/y-kien/doi-thoai/").content.decode()
        self.assert_picker(html, "unit")

    def test_the_citizens_reception_schedule(self):
        html = self.client.get("/gui-y-kien/lich-tiep-dan/", {"don-vi": "24820"}).content.decode()
        self.assert_picker(html, "don-vi")
        self.assertIn("Đã chọn: Phường Xuân Hương - Đà Lạt", html)
        self.assertIn("/gui-y-kien/don-vi/", html)  # the public endpoint, no account needed
