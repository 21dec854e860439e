"""Cases follow a reorganisation of the map: their denormalised province is re-pointed in the import's transaction."""

import datetime as dt

import time_machine

from cases.models import Case
from cases.selectors import QueueFilters, queue
from geo import selectors as geo_selectors
from geo.imports import import_units
from orgs.models import User
from tests.base import BaseTestCase
from tests.cases.helpers import submit

HEADER = "mã,tên,loại,mã cấp trên,hiệu lực từ,mã tiền thân\n"
RECEIVED = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
AFTER = dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


class ReorganisationTest(BaseTestCase):
    def test_a_merged_provinces_cases_move_to_the_successor_and_its_queue(self):
        p = self.p
        with time_machine.travel(RECEIVED, tick=False):
            far, _ = submit(p, unit=p.far_commune)
            near, _ = submit(p, unit=p.commune, ip="203.0.113.8")
        self.assertEqual(far.province_id, p.other_province.pk)
        mine = QueueFilters(mine=False)
        self.assertNotIn(far, queue(p.province_officer, mine))
        # Quảng Ngãi (51) is merged into Lâm Đồng (68) from 01/01/2027.
        import_units(data=(HEADER + "68,Tỉnh Lâm Đồng,Tỉnh,,01/01/2027,51\n").encode(), filename="dm.csv", by=p.admin)
        successor = geo_selectors.unit_on("68", dt.date(2027, 1, 1))
        self.assertNotEqual(successor.pk, p.province.pk)
        self.assertEqual(Case.objects.get(pk=far.pk).province_id, successor.pk)
        self.assertEqual(Case.objects.get(pk=near.pk).province_id, successor.pk)
        # A fresh user object: the scope is computed once per user object (per request).
        officer = User.objects.get(pk=p.province_officer.pk)
        with time_machine.travel(AFTER, tick=False):
            self.assertEqual(set(queue(officer, mine)), {far, near})
            self.assertNotIn(far, queue(User.objects.get(pk=p.other_commune_officer.pk), mine))
