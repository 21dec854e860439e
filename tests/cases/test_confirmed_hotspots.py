"""Điểm nóng is a situation an officer confirms (not a count): the cases behind it, the bodies handling it (the police
included), and its audited lifecycle confirmed → handled → closed. The counting page has its own name."""

from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import situations
from cases.models import Hotspot, HotspotEvent
from lib.errors import ServiceError
from orgs.models import Role
from tests.base import BaseTestCase
from tests.cases.helpers import submit
from tests.factories import make_org, make_user


class ConfirmedHotspotTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.police = make_org("Công an tỉnh Lâm Đồng", "cong-an", p.province)
        cls.ubnd = make_org("UBND Phường Xuân Hương - Đà Lạt", "ubnd", p.commune)
        cls.far_officer = make_user("canbo-quangngai", p.far_org, Role.OFFICER)

    def confirmed(self):
        cases = [submit(self.p, ip=f"10.8.0.{i}", people_count=12)[0] for i in range(2)]
        return situations.hotspot_confirm(
            by=self.p.province_officer,
            unit=self.p.commune,
            title="Tụ tập đông người phản đối thu hồi đất khu phố 3",
            description="Khoảng 40 hộ dân tập trung trước trụ sở phường.",
            cases=cases,
            bodies=[self.police, self.ubnd],
            people_count=40,
        ), cases

    def test_an_officer_confirms_it_with_its_cases_and_bodies_and_it_moves_confirmed_handled_closed(self):
        hotspot, cases = self.confirmed()
        self.assertEqual(hotspot.status, "confirmed")
        self.assertEqual(hotspot.province, self.p.province)
        self.assertEqual(set(hotspot.cases.all()), set(cases))
        self.assertEqual({b.org_type.code for b in hotspot.bodies.all()}, {"cong-an", "ubnd"})
        with self.assertRaises(ServiceError) as ctx:
            situations.hotspot_close(hotspot=hotspot, by=self.p.province_officer, reason="Ổn định")
        self.assertEqual(ctx.exception.status_code, 409)
        situations.hotspot_handle(
            hotspot=hotspot,
            by=self.p.province_officer,
            outcome="Đối thoại, chi trả bồi thường; công an bảo đảm trật tự",
        )
        situations.hotspot_close(hotspot=hotspot, by=self.p.province_officer, reason="Tình hình ổn định 30 ngày")
        hotspot.refresh_from_db()
        self.assertEqual(hotspot.status, "closed")
        self.assertIn("công an bảo đảm trật tự", hotspot.outcome)
        steps = list(HotspotEvent.objects.filter(hotspot=hotspot).values_list("action", "to_status"))
        self.assertEqual(steps, [("confirm", "confirmed"), ("handle", "handled"), ("close", "closed")])
        audit = AuditEvent.objects.for_object(hotspot)
        self.assertEqual(audit.filter(action="create").count(), 1)
        self.assertEqual(audit.filter(action="transition").count(), 2)

    def test_a_viewer_and_another_province_cannot_confirm_or_act(self):
        with self.assertRaises(ServiceError) as ctx:
            situations.hotspot_confirm(by=self.p.viewer, unit=self.p.commune, title="X")
        self.assertEqual(ctx.exception.status_code, 403)
        hotspot, _ = self.confirmed()
        with self.assertRaises(ServiceError) as ctx:
            situations.hotspot_handle(hotspot=hotspot, by=self.far_officer, outcome="?")
        self.assertEqual(ctx.exception.status_code, 403)
        self.assertFalse(Hotspot.objects.visible_to(self.far_officer).exists())

    def test_pages_name_the_counting_page_apart_and_show_the_confirmed_ones(self):
        hotspot, cases = self.confirmed()
        self.login(self.p.province_officer)
        rises = self.client.get("/y-kien/tang-bat-thuong/")
        self.assertContains(rises, "<h1>Địa bàn có ý kiến tăng bất thường</h1>", html=True)
        self.assertNotContains(rises, "Cảnh báo sớm điểm nóng")
        listing = self.client.get("/y-kien/diem-nong/")
        self.assertContains(listing, hotspot.title)
        detail = self.client.get(f"/y-kien/diem-nong/{hotspot.pk}/")
        self.assertContains(detail, "Công an tỉnh Lâm Đồng")
        self.assertContains(detail, cases[0].display_code)
        r = self.client.post(f"/y-kien/diem-nong/{hotspot.pk}/handle/", {"outcome": "Đã đối thoại"}, follow=True)
        self.assertContains(r, "Đã ghi nhận kết quả xử lý.")
        r = self.client.post(
            "/y-kien/diem-nong/xac-nhan/",
            {
                "unit": "24820",
                "title": "Khiếu kiện đông người về môi trường",
                "cases": cases[1].display_code,
                "bodies": [self.police.pk],
            },
        )
        made = Hotspot.objects.get(title="Khiếu kiện đông người về môi trường")
        self.assertRedirects(r, f"/y-kien/diem-nong/{made.pk}/", fetch_redirect_response=False)
        self.assertEqual(list(made.bodies.all()), [self.police])
        self.client.force_login(self.far_officer)
        self.assertEqual(self.client.get(f"/y-kien/diem-nong/{hotspot.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/y-kien/diem-nong/"), hotspot.title)

    def test_the_api_confirms_lists_and_moves_them(self):
        cases = [submit(self.p, ip="10.8.1.1")[0]]
        api = APIClient()
        api.force_authenticate(self.p.province_officer)
        r = api.post(
            "/api/v1/cases/hotspots/",
            {"unit": "24820", "title": "Tụ tập đông người", "cases": [cases[0].pk], "bodies": [self.police.pk]},
            format="json",
        )
        self.assertEqual(r.status_code, 201, r.content)
        pk = r.json()["id"]
        self.assertEqual(r.json()["bodies"][0]["org_type"], "cong-an")
        self.assertEqual(r.json()["case_codes"], [cases[0].display_code])
        api.get("/api/v1/cases/hotspots/")  # the scope, read once and kept on the user
        with self.assertNumQueries(1):  # a page shorter than the page size is its own count
            listed = api.get("/api/v1/cases/hotspots/").json()
        self.assertEqual([row["id"] for row in listed["results"]], [pk])
        for i in range(3):
            situations.hotspot_confirm(by=self.p.province_officer, unit=self.p.commune, title=f"Điểm nóng {i}")
        with self.assertNumQueries(1):
            self.assertEqual(api.get("/api/v1/cases/hotspots/").json()["count"], 4)
        self.assertEqual(
            api.post(f"/api/v1/cases/hotspots/{pk}/close/", {"reason": "x"}, format="json").status_code, 409
        )
        r = api.post(f"/api/v1/cases/hotspots/{pk}/handle/", {"outcome": "Đã xử lý"}, format="json")
        self.assertEqual(r.json()["status"], "handled", r.content)
        api.force_authenticate(self.far_officer)
        self.assertEqual(api.get(f"/api/v1/cases/hotspots/{pk}/").status_code, 404)
        self.assertEqual(
            api.post(f"/api/v1/cases/hotspots/{pk}/close/", {"reason": "x"}, format="json").status_code, 404
        )
        self.assertEqual(api.get("/api/v1/cases/hotspots/").json()["count"], 0)
