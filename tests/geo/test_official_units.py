"""Runs the real loader once (setUpTestData) and checks the official data and the reads over it."""

import datetime as dt

from django.test import TestCase
from rest_framework.test import APIClient

from geo import selectors
from geo.loader import load_units
from geo.models import AdminUnit, UnitLink
from tests.factories import make_user

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


class OfficialUnitsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first = load_units()
        cls.user = make_user("nguoidung")

    def test_it_loads_34_provinces_and_3321_communes_from_1_7_2025(self):
        self.assertEqual(AdminUnit.objects.valid_on(AFTER).filter(level="province").count(), 34)
        self.assertEqual(AdminUnit.objects.valid_on(AFTER).filter(level="commune").count(), 3321)
        self.assertEqual(AdminUnit.objects.valid_on(AFTER).filter(level="district").count(), 0)

    def test_it_loads_63_provinces_and_their_districts_until_30_6_2025(self):
        self.assertEqual(AdminUnit.objects.valid_on(BEFORE).filter(level="province").count(), 63)
        self.assertEqual(AdminUnit.objects.valid_on(BEFORE).filter(level="district").count(), 696)
        self.assertEqual(AdminUnit.objects.valid_on(BEFORE).filter(level="commune").count(), 10035)

    def test_loading_twice_creates_nothing(self):
        units, links = AdminUnit.objects.count(), UnitLink.objects.count()
        again = load_units()
        self.assertEqual((again.created_units, again.created_links), (0, 0))
        self.assertTrue(again.message().startswith("Không có gì mới"))
        self.assertEqual((AdminUnit.objects.count(), UnitLink.objects.count()), (units, links))

    def test_a_2024_commune_resolves_to_its_2026_successor_and_old_ancestors(self):
        # Phường 2, Thành phố Đà Lạt (old code 24781) became part of Phường Xuân Hương - Đà Lạt.
        old = selectors.unit_on("24781", dt.date(2024, 5, 1))
        self.assertEqual(old.name, "Phường 2")
        with self.assertNumQueries(1):
            chain = selectors.ancestors(old)
        self.assertEqual(
            [(a.level, a.name) for a in chain], [("province", "Tỉnh Lâm Đồng"), ("district", "Thành phố Đà Lạt")]
        )
        self.assertEqual(chain[0].valid_to, BEFORE)
        new = selectors.resolve_to(old, dt.date(2026, 1, 1))
        self.assertEqual([u.name for u in new], ["Phường Xuân Hương - Đà Lạt"])
        self.assertEqual(selectors.ancestors(new[0])[0].valid_from, AFTER)
        self.assertIn(old, selectors.resolve_to(new[0], dt.date(2024, 5, 1)))

    def test_a_split_commune_links_to_each_successor_with_one_default(self):
        split = UnitLink.objects.filter(kind="split").values_list("predecessor_id", flat=True).first()
        links = selectors.successors(AdminUnit.objects.get(pk=split))
        self.assertGreater(len(links), 1)
        self.assertEqual(sum(lk.is_default for lk in links), 1)

    def test_every_island_district_links_to_its_dac_khu_trương_sa_included(self):
        zone_of = dict(
            UnitLink.objects.filter(predecessor__level="district", successor__unit_type="dac_khu").values_list(
                "predecessor__name", "successor__name"
            )
        )
        for district in ("Bạch Long Vĩ", "Cồn Cỏ", "Hoàng Sa", "Côn Đảo", "Trường Sa"):
            self.assertEqual(zone_of.get(f"Huyện {district}"), f"Đặc khu {district}", district)
        truong_sa = selectors.unit_on("576", BEFORE, level="district")
        [link] = selectors.successors(truong_sa)
        self.assertTrue(link.is_default)
        # Its three communes still link on their own; the đặc khu's history reads the district once.
        zone = link.successor
        self.assertEqual(
            sorted(lk.predecessor.name for lk in selectors.predecessors(zone)),
            ["Huyện Trường Sa", "Thị trấn Trường Sa", "Xã Sinh Tồn", "Xã Song Tử Tây"],
        )
        # Island districts whose communes all became one đặc khu; Phú Quốc became two (Phú Quốc, Thổ Châu): no link.
        self.assertEqual(
            sorted(zone_of),
            [f"Huyện {d}" for d in ("Bạch Long Vĩ", "Cát Hải", "Cô Tô", "Côn Đảo", "Cồn Cỏ", "Hoàng Sa", "Kiên Hải")]
            + [f"Huyện {d}" for d in ("Lý Sơn", "Phú Quí", "Trường Sa", "Vân Đồn")],
        )

    def test_communes_of_a_province_on_a_date_is_one_query(self):
        province = selectors.unit_on("68", AFTER)
        with self.assertNumQueries(1):
            communes = list(selectors.units_on(AFTER, level="commune", parent=province))
        self.assertEqual(len(communes), 124)
        old = selectors.unit_on("68", BEFORE)
        self.assertEqual(selectors.units_on(BEFORE, level="district", parent=old).count(), 10)

    def test_search_works_as_vietnamese_users_type(self):
        def find(q, level="province"):
            return list(AdminUnit.objects.valid_on(AFTER).filter(level=level).search(q).values_list("name", flat=True))

        for q in ("dak lak", "DAK LAK", "Đắk Lắk", "daklak"):
            self.assertEqual(find(q), ["Tỉnh Đắk Lắk"], q)
        self.assertEqual(find("ho chi minh"), ["Thành phố Hồ Chí Minh"])
        self.assertEqual(find("hcm"), ["Thành phố Hồ Chí Minh"])

    def test_results_sort_in_vietnamese_order(self):
        names = list(
            AdminUnit.objects.valid_on(AFTER)
            .filter(level="province")
            .vietnamese_order()
            .values_list("short_name", flat=True)
        )
        self.assertLess(names.index("Đồng Tháp"), names.index("Gia Lai"))
        self.assertLess(names.index("Điện Biên"), names.index("Đồng Nai"))
        self.assertGreater(names.index("Điện Biên"), names.index("Cần Thơ"))
        self.assertEqual(names[0], "An Giang")

    def test_the_api_lists_units_on_a_date_with_a_count(self):
        client = APIClient()
        client.force_authenticate(self.user)
        r = client.get("/api/v1/units/?on=2025-07-01&level=province&page_size=100")
        self.assertEqual(r.json()["count"], 34)
        r = client.get("/api/v1/units/?on=2025-06-30&level=province")
        self.assertEqual(r.json()["count"], 63)
        r = client.get("/api/v1/units/?on=2026-01-01&level=commune&parent=68&q=xuan huong")
        self.assertEqual([u["name"] for u in r.json()["results"]], ["Phường Xuân Hương - Đà Lạt"])
        r = client.get("/api/v1/units/?q=dak lak&level=province")
        self.assertEqual(r.json()["results"][0]["code"], "66")

    def test_the_api_gives_a_unit_with_ancestors_predecessors_and_successors(self):
        client = APIClient()
        client.force_authenticate(self.user)
        old = client.get("/api/v1/units/24781/?on=2024-05-01").json()
        self.assertEqual([a["name"] for a in old["ancestors"]], ["Tỉnh Lâm Đồng", "Thành phố Đà Lạt"])
        self.assertEqual([s["name"] for s in old["successors"]], ["Phường Xuân Hương - Đà Lạt"])
        new_code = old["successors"][0]["code"]
        new = client.get(f"/api/v1/units/{new_code}/?on=2026-01-01").json()
        self.assertIn("Phường 2", [p["name"] for p in new["predecessors"]])

    def test_the_api_refuses_bad_input_in_vietnamese(self):
        client = APIClient()
        client.force_authenticate(self.user)
        r = client.get("/api/v1/units/?on=30/06/2025")
        self.assertEqual((r.status_code, r.json()["message"]), (400, "Tham số “on” phải là ngày dạng YYYY-MM-DD."))
        r = client.get("/api/v1/units/?level=huyen")
        self.assertEqual(r.status_code, 400)
        r = client.get("/api/v1/units/99999/")
        self.assertEqual(r.status_code, 404)
        self.assertIn("Không có đơn vị mã “99999”", r.json()["message"])
        anonymous = APIClient().get("/api/v1/units/")  # 401 + WWW-Authenticate since issue 18 item 10, was 403
        self.assertEqual((anonymous.status_code, anonymous["WWW-Authenticate"]), (401, "Token"))
