"""Issue 21: a practice's resources printed as zeros ("0 ngày công; 0,0 m²") when nobody had entered them."""

from decimal import Decimal

from practices.models import CriteriaSet, Criterion
from tests.base import BaseTestCase
from tests.practices import test_showcase


class ResourcesDisplayTest(BaseTestCase):
    make = classmethod(test_showcase.ShowcaseTest.make.__func__)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.rubric = CriteriaSet.objects.create(name="Bộ tiêu chí", owner=p.province_org, pass_mark=Decimal("5"))
        cls.crit = Criterion.objects.create(criteria_set=cls.rubric, description="Hiệu quả", max_score=Decimal("10"))
        cls.empty = cls.make("Mô hình chưa nhập nguồn lực", recognise=True)
        cls.some = cls.make("Mô hình có ngày công và đất hiến", recognise=True, workdays=1250, land_m2=Decimal("345.5"))

    def pages(self, practice):
        self.login(self.p.commune_officer)
        yield self.client.get(f"/dan-van-kheo/{practice.pk}/")
        self.client.logout()
        yield self.client.get(f"/mo-hinh-tieu-bieu/{practice.pk}/")

    def test_it_says_no_figures_yet_instead_of_zeros(self):
        for r in self.pages(self.empty):
            self.assertEqual(r.status_code, 200)
            self.assertContains(r, "Chưa có số liệu")
            self.assertNotContains(r, "0 ngày công")
            self.assertNotContains(r, "m² đất hiến")
            self.assertNotContains(r, "0 đồng")

    def test_it_lists_only_the_resources_entered(self):
        for r in self.pages(self.some):
            self.assertEqual(r.status_code, 200)
            self.assertContains(r, "1.250 ngày công; 345,5 m² đất hiến")
            self.assertNotContains(r, "đồng kinh phí")
            self.assertNotContains(r, "đồng xã hội hóa")
            self.assertNotContains(r, "Chưa có số liệu")

    def test_whole_square_metres_print_without_a_decimal(self):
        self.some.land_m2 = Decimal("120.0")
        self.some.money_vnd = 15_000_000
        self.assertEqual(self.some.resource_lines(), ["15.000.000 đồng kinh phí", "1.250 ngày công", "120 m² đất hiến"])
