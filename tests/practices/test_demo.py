"""`danvan load-demo` over the real units: accounts, and practices in every state, made through the services."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import TestCase

from geo.loader import load_units
from practices.models import Practice, Status


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        cls.out = io.StringIO()
        call_command("load_demo", stdout=cls.out)

    def test_demo_practices_cover_the_lifecycle_and_show_on_the_showcase(self):
        self.assertIn("Đã tạo 7 mô hình", self.out.getvalue())
        states = set(Practice.objects.values_list("status", flat=True))
        self.assertEqual(
            states,
            {
                Status.DRAFT,
                Status.REGISTERED,
                Status.UNDER_APPRAISAL,
                Status.RECOGNISED,
                Status.COMMENDED,
                Status.REPLICATED,
            },
        )
        replicated = Practice.objects.get(status=Status.REPLICATED)
        self.assertEqual(replicated.descendants.count(), 1)
        self.assertGreater(replicated.events.count(), 4)  # the history was written by the services
        page = self.client.get("/mo-hinh-tieu-bieu/").content.decode()
        self.assertIn("5 mô hình", page)
        self.assertIn("Người gác rừng thông Đà Lạt", page)

    def test_huyen_uy_lam_ha_recognised_a_2024_model_at_district_level(self):
        practice = Practice.objects.get(year=2024)
        self.assertEqual(practice.recognition_level, "district")
        self.assertEqual(practice.recognised_by.name, "Ban Dân vận Huyện ủy Lâm Hà")
        self.assertEqual(practice.recognised_on, dt.date(2024, 10, 15))
        self.assertEqual(practice.unit.valid_to, dt.date(2025, 6, 30))  # the old Thị trấn Nam Ban
        # Every other demo recognition was decided by the province's Ban, never by the registering commune.
        others = Practice.objects.exclude(pk=practice.pk).exclude(recognised_by=None)
        self.assertEqual({p.recognised_by.name for p in others}, {"Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"})

    def test_loading_again_creates_nothing(self):
        before = Practice.objects.count()
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        self.assertEqual(Practice.objects.count(), before)
        self.assertNotIn("Đã tạo", out.getvalue())
