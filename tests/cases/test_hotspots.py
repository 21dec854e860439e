"""Hotspot early warning: counts per place and topic against their own baseline, flagged with a
Vietnamese reason, rolled up to the province, scoped, in a fixed number of queries."""

import datetime as dt
import itertools

import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from cases.hotspots import hotspots, vn_number
from cases.models import Case
from tests.base import BaseTestCase
from tests.cases.helpers import submit, topic

TODAY = dt.date(2026, 11, 5)
_ips = itertools.count(1)


def cases(p, n, *, on, unit=None, topic_code="dat-dai", **updates):
    made = []
    for _ in range(n):
        case, _ = submit(p, kind="petition", contact={}, unit=unit, topic=topic(topic_code), ip=f"10.1.{next(_ips)}.1")
        made.append(case.pk)
    Case.objects.filter(pk__in=made).update(received_on=on, **updates)
    return made


def find(found, level, measure, unit_name):
    return [h for h in found if (h.level, h.measure, h.unit_name) == (level, measure, unit_name)]


class HotspotTest(BaseTestCase):
    def setUp(self):
        # Baseline: one land case a week in the commune for the 8 weeks before the window.
        for week in range(1, 9):
            cases(self.p, 1, on=TODAY - dt.timedelta(days=7 * week))

    def test_a_rise_over_the_baseline_is_flagged_with_its_reason(self):
        cases(self.p, 4, on=TODAY - dt.timedelta(days=2))
        self.assertEqual(find(hotspots(today=TODAY), "commune", "new", self.p.commune.name), [])  # 4 < minimum 5
        cases(self.p, 1, on=TODAY)
        [h] = find(hotspots(today=TODAY), "commune", "new", self.p.commune.name)
        self.assertEqual((h.count, h.baseline, h.ratio), (5, 1.0, 5.0))
        self.assertEqual(
            h.reason,
            "5 ý kiến, đơn thư về đất đai, bồi thường, giải phóng mặt bằng trong 7 ngày, gấp 5 lần trung bình "
            "(1 mỗi 7 ngày trong 8 tuần trước)",
        )
        [province] = find(hotspots(today=TODAY), "province", "new", self.p.province.name)
        self.assertEqual(province.count, 5)

    def test_a_steady_place_is_not_flagged(self):
        for week in range(1, 9):
            cases(self.p, 2, on=TODAY - dt.timedelta(days=7 * week + 1))
        cases(self.p, 6, on=TODAY)  # 6 against a mean of 3 a week: twice, below the ratio of 3
        self.assertEqual(find(hotspots(today=TODAY), "commune", "new", self.p.commune.name), [])

    def test_new_topics_overdue_and_multi_person_cases(self):
        cases(self.p, 5, on=TODAY - dt.timedelta(days=1), unit=self.p.other_commune, topic_code="moi-truong")
        cases(self.p, 2, on=TODAY - dt.timedelta(days=3), people_count=30)
        cases(self.p, 3, on=TODAY - dt.timedelta(days=40), due_date=TODAY - dt.timedelta(days=2))
        found = hotspots(today=TODAY)
        [env] = find(found, "commune", "new", self.p.other_commune.name)
        self.assertIsNone(env.ratio)
        self.assertEqual(
            env.reason, "5 ý kiến, đơn thư về môi trường, vệ sinh trong 7 ngày, trong khi 8 tuần trước không có"
        )
        [multi] = find(found, "commune", "multi", self.p.commune.name)
        self.assertEqual(multi.count, 2)
        self.assertIn("2 đơn đông người về đất đai", multi.reason)
        [late] = find(found, "commune", "overdue", self.p.commune.name)
        self.assertEqual(late.count, 3)
        self.assertIn("3 vụ việc về đất đai, bồi thường, giải phóng mặt bằng quá hạn trong 7 ngày", late.reason)
        # Nothing in a hotspot says anything about a person.
        self.assertEqual(
            set(vars(late)),
            {
                "level",
                "unit_id",
                "unit_code",
                "unit_name",
                "province_name",
                "topic_id",
                "topic_name",
                "measure",
                "count",
                "baseline",
                "ratio",
                "reason",
            },
        )

    @override_settings(CASES_HOTSPOT_RATIO=6)
    def test_the_thresholds_are_settings(self):
        cases(self.p, 5, on=TODAY)
        self.assertEqual(find(hotspots(today=TODAY), "commune", "new", self.p.commune.name), [])

    def test_the_whole_country_in_three_queries_and_scoped_per_user(self):
        cases(self.p, 5, on=TODAY, unit=self.p.other_commune, topic_code="moi-truong")
        cases(self.p, 5, on=TODAY, unit=self.p.far_commune)
        with self.assertNumQueries(3):  # the counts reaching a minimum, unit names, topic names
            found = hotspots(today=TODAY)
        self.assertTrue(find(found, "commune", "new", self.p.far_commune.name))
        self.p.commune_officer.refresh_from_db()
        own = hotspots(self.p.commune_officer, today=TODAY)
        self.assertEqual({h.unit_name for h in own if h.level == "commune"}, set())
        mine = hotspots(self.p.province_officer, today=TODAY)
        self.assertEqual({h.unit_name for h in mine if h.level == "commune"}, {self.p.other_commune.name})
        self.assertNotIn(self.p.far_commune.name, {h.unit_name for h in mine})

    def test_the_page_and_the_api(self):
        cases(self.p, 5, on=TODAY, unit=self.p.other_commune, topic_code="moi-truong")
        with time_machine.travel(dt.datetime(2026, 11, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
            self.client.force_login(self.p.province_officer)
            r = self.client.get("/y-kien/tang-bat-thuong/")
            self.assertContains(r, "5 ý kiến, đơn thư về môi trường, vệ sinh trong 7 ngày")
            self.client.force_login(self.p.other_commune_officer)
            self.assertContains(self.client.get("/y-kien/tang-bat-thuong/?cap=commune"), "Xã Lạc Dương")
            api = APIClient()
            api.force_authenticate(self.p.commune_officer)
            self.assertEqual(api.get("/api/v1/cases/rises/").json(), [])
            api.force_authenticate(self.p.province_officer)
            rows = api.get("/api/v1/cases/rises/", {"level": "province"}).json()
            self.assertEqual([(r["unit_code"], r["measure"]) for r in rows], [("68", "new")])
            self.assertEqual(api.get("/api/v1/cases/rises/", {"level": "x"}).status_code, 400)


def test_numbers_read_the_vietnamese_way():
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(3.5) == "3,5"
    assert vn_number(1234.25) == "1.234,2"
