"""The dashboards: every figure equals the list behind it, the viewer's scope, pinned query counts, the map data."""

import datetime as dt
import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from dashboards.panels import Panel, Tile, register_panel, registered, unregister_panel
from democracy.models import DisclosureCategory, Obligation
from geo.models import UnitType
from meetings.models import DialogueStatus, SessionStatus
from practices import services as practice_services
from practices.models import Field, Kind
from programmes import services as programme_services
from programmes.models import Task
from reports import services
from tests.cases.helpers import submit
from tests.factories import make_unit
from tests.practices.test_lifecycle import COMPLETE
from tests.reports.helpers import ReportsTestCase
from tests.reports.test_autofill_meetings import BEFORE, IN_PERIOD, commitment, dialogue, session

TILE = re.compile(
    r'<a class="dash-tile[^"]*" href="([^"]+)" data-figure="([a-z_]+)">\s*<span class="dash-value">([^<]+)</span>'
)


def vn_int(text: str) -> int:
    return int(text.strip().replace(".", ""))


class DashboardWorld(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        report = services.Report.objects.get(organization=p.commune_org, period=cls.period)
        services.report_save(
            report=report,
            by=p.commune_officer,
            values={(cls.ind["resources_vnd"].pk, ""): 4_500_000, (cls.ind["hotspots"].pk, ""): 2},
        )
        services.report_submit(report=report, by=p.commune_officer)
        services.report_approve(report=report, by=p.province_officer)
        cls.cases = [submit(p, title=f"Ý kiến {i}", ip=f"203.0.113.{i + 1}")[0] for i in range(3)]
        Case.objects.filter(pk=cls.cases[0].pk).update(due_date=dt.date(2026, 1, 5), status="accepted")
        Case.objects.filter(pk=cls.cases[1].pk).update(due_date=dt.date(2099, 1, 5), status="accepted")
        for name in ("Mô hình đường hoa", "Mô hình tổ tự quản"):
            practice = practice_services.practice_register(
                by=p.commune_officer,
                organization=p.commune_org,
                unit=p.commune,
                name=name,
                kind=Kind.MODEL,
                field=Field.ECONOMY,
                **COMPLETE,
            )
            practice_services.practice_submit(practice=practice, by=p.commune_officer)
        cls.answered_world(p)

    @classmethod
    def answered_world(cls, p):
        """Cases received in the period and answered (on time and satisfied; late and unsatisfied; on time, not
        rated), one received before it; reception days, dialogues and their commitments in and out of the province."""
        answered = [submit(p, title=f"Đã trả lời {i}", ip=f"203.0.113.{60 + i}")[0] for i in range(4)]
        when = timezone.now()
        for case, on_time, satisfied, received in (
            (answered[0], True, True, IN_PERIOD),
            (answered[1], False, False, IN_PERIOD),
            (answered[2], True, None, IN_PERIOD),
            (answered[3], True, True, BEFORE),
        ):
            Case.objects.filter(pk=case.pk).update(
                status="answered", answered_at=when, answered_on_time=on_time, satisfied=satisfied, received_on=received
            )
        session(p.commune_org, IN_PERIOD)
        session(p.commune_org, IN_PERIOD, status=SessionStatus.CANCELLED)
        session(p.commune_org, BEFORE)
        session(p.far_org, IN_PERIOD)
        held = dialogue(p.commune_org, p.commune, p.commune_officer, held_on=IN_PERIOD)
        dialogue(p.commune_org, p.commune, p.commune_officer, status=DialogueStatus.ANNOUNCED)
        far = dialogue(p.far_org, p.far_commune, p.central, held_on=IN_PERIOD)
        commitment(held, p.commune_org, p.commune_officer, deadline=dt.date(2026, 1, 10))
        commitment(held, p.commune_org, p.commune_officer, deadline=dt.date(2099, 1, 10))
        commitment(held, p.commune_org, p.commune_officer, deadline=dt.date(2026, 1, 10), done_on=IN_PERIOD)
        commitment(far, p.far_org, p.central, deadline=dt.date(2026, 1, 10))
        cls.democracy_and_programmes_world(p)

    @classmethod
    def democracy_and_programmes_world(cls, p):
        """Two disclosure duties of the commune due in the period (one met on time, one missed) and one of the far
        commune; a programme's tasks of the province's Ban (overdue, due within the week, later, done) and of the
        far province."""
        budget = DisclosureCategory.objects.order_by("pk").first()
        for unit, start, done in ((p.commune, dt.date(2026, 1, 1), IN_PERIOD), (p.commune, dt.date(2026, 2, 1), None),
                                  (p.far_commune, dt.date(2026, 1, 1), None)):  # fmt: skip
            Obligation.objects.create(
                unit=unit, category=budget, period_start=start, period_end=start, label="Quý", due_on=IN_PERIOD,
                done_on=done,
            )  # fmt: skip
        today = timezone.localdate()
        for org, by in ((p.province_org, p.province_officer), (p.far_ban, p.central)):
            programme = programme_services.programme_create(
                by=by, organization=org, title="Chương trình phối hợp", start_year=today.year, end_year=today.year
            )
            plan = programme_services.plan_create(programme=programme, by=by, year=today.year)
            for days, status in ((-20, "in_progress"), (3, "not_started"), (40, "not_started"), (-5, "done")):
                task = programme_services.task_create(
                    plan=plan, by=by, title=f"Nhiệm vụ {days}", owner=org, deadline=dt.date(today.year, 6, 1)
                )
                Task.objects.filter(pk=task.pk).update(deadline=today + dt.timedelta(days=days), status=status)

    def tiles(self, user, query=""):
        self.client.force_login(user)
        response = self.client.get(reverse("dashboards:dashboard") + f"?ky={self.period.pk}{query}")
        self.assertEqual(response.status_code, 200)
        return {key: (unescape(url), value) for url, key, value in TILE.findall(response.content.decode())}

    def list_figure(self, key: str, url: str) -> str:
        html = self.client.get(url).content.decode()
        if key.startswith("answers_") and key.endswith("_rate"):
            # A rate: its numerator's list (the tile's link) over its denominator's, as the queue counts them.
            whole = url.replace("tra_loi=answered_on_time", "tra_loi=answered").replace(
                "tra_loi=satisfied", "tra_loi=rated"
            )
            part, total = (
                vn_int(self.list_figure("answers_part", url)),
                vn_int(self.list_figure("answers_whole", whole)),
            )
            return "—" if not total else f"{100 * part / total:.1f}".replace(".", ",").removesuffix(",0")
        if key.startswith(("cases_", "answers_")):
            return re.search(r'<p class="muted">([\d.]+) vụ việc</p>', html).group(1)
        if key.startswith("programmes_"):
            return re.search(r'<p class="muted" id="queue-count">([\d.]+) nhiệm vụ</p>', html).group(1)
        if key.startswith("democracy_"):
            # The compliance page's total row: Tổng, communes, obligations, on time, late, missing, defective,
            # consultations, passed, answered on time, overdue, dialogues, rate.
            row = re.search(r'<tr id="compliance-total">(.*?)</tr>', html, re.S).group(1)
            cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
            names = ("communes", "obligations", "on_time", "late", "missing", "defective", "consultations", "passed",
                     "answered_on_time", "overdue", "dialogues", "on_time_rate")  # fmt: skip
            return dict(zip(names, cells, strict=True))[key.removeprefix("democracy_")].removesuffix("%")
        if key.startswith("meetings_"):
            return re.search(r'<p class="muted" id="list-count">([\d.]+) mục</p>', html).group(1)
        if key.startswith("practices_"):
            return re.search(r'<p class="count">([\d.]+) kết quả</p>', html).group(1)
        if key.startswith("rollup_"):
            code = key.removeprefix("rollup_")
            return re.search(rf'<tr data-indicator="{code}">.*?<td class="num current">([^<]+)</td>', html, re.S).group(
                1
            )
        column = {"reports_expected": 1, "reports_submitted": 2, "reports_on_time": 3, "reports_missing": 5}[key]
        table = re.search(r'<table class="table" id="completeness">.*?</table>', html, re.S).group(0)
        rows = re.findall(r"<tr><td>[^<]+</td>" + r'<td class="num">([^<]+)</td>' * 5, table)
        return str(sum(vn_int(r[column - 1]) if r[column - 1] != "—" else 0 for r in rows))


class FiguresEqualTheirListsTest(DashboardWorld):
    def test_every_figure_of_the_central_and_province_dashboards_equals_the_list_it_opens(self):
        for user, query in ((self.p.central, ""), (self.p.central, "&don_vi=68"), (self.p.province_officer, "")):
            tiles = self.tiles(user, query)
            self.assertGreaterEqual(len(tiles), 10, tiles)
            for key, (url, value) in tiles.items():
                with self.subTest(user=user.username, query=query, key=key):
                    listed = self.list_figure(key, url)
                    self.assertEqual(value.strip(), listed.strip() if not key.startswith("reports_") else value.strip())
                    if key.startswith("reports_"):
                        self.assertEqual(vn_int(value), int(listed))
        tiles = self.tiles(self.p.central, "&don_vi=68")
        self.assertEqual(tiles["cases_overdue"][1], "1")
        self.assertEqual(tiles["cases_open"][1], "3")
        self.assertEqual(tiles["rollup_resources_vnd"][1], "4.500.000")
        self.assertEqual(tiles["rollup_hotspots"][1], "2")
        self.assertEqual(tiles["practices_all"][1], "2")
        self.assertEqual(tiles["reports_submitted"][1], "1")
        # Received in the period in the province: three answered, two on time (66,7%), two rated, one satisfied.
        self.assertEqual(tiles["answers_received"][1], "3")
        self.assertEqual(tiles["answers_answered"][1], "3")
        self.assertEqual(tiles["answers_answered_on_time"][1], "2")
        self.assertEqual(tiles["answers_on_time_rate"][1], "66,7")
        self.assertEqual(tiles["answers_rated"][1], "2")
        self.assertEqual(tiles["answers_satisfaction_rate"][1], "50")
        self.assertEqual(tiles["meetings_sessions_held"][1], "1")
        self.assertEqual(tiles["meetings_dialogues_held"][1], "1")
        self.assertEqual(tiles["meetings_commitments_open"][1], "2")
        self.assertEqual(tiles["meetings_commitments_overdue"][1], "1")
        self.assertEqual(tiles["democracy_obligations"][1], "2")
        self.assertEqual(tiles["democracy_missing"][1], "1")
        self.assertEqual(tiles["democracy_on_time_rate"][1], "50")
        self.assertEqual(tiles["programmes_open"][1], "3")
        self.assertEqual(tiles["programmes_overdue"][1], "1")
        self.assertEqual(tiles["programmes_due"][1], "1")
        national = self.tiles(self.p.central)
        self.assertEqual((national["programmes_open"][1], national["democracy_obligations"][1]), ("6", "3"))
        self.assertEqual(
            (national["meetings_sessions_held"][1], national["meetings_commitments_overdue"][1]), ("2", "2")
        )

    def test_a_province_dashboard_counts_only_its_own_cases(self):
        submit(self.p, unit=self.p.far_commune, title="Ở tỉnh khác")
        tiles = self.tiles(self.p.central, "&don_vi=51")
        self.assertEqual(tiles["cases_open"][1], "1")
        self.assertEqual(self.tiles(self.p.central)["cases_open"][1], "4")


class ScopeTest(DashboardWorld):
    def test_a_commune_officer_sees_their_commune_and_nothing_outside(self):
        self.client.force_login(self.p.commune_officer)
        url = reverse("dashboards:dashboard")
        own = self.client.get(url + f"?ky={self.period.pk}")
        self.assertContains(own, "Phường Xuân Hương - Đà Lạt")
        self.assertEqual(self.client.get(url + f"?ky={self.period.pk}&don_vi=51").status_code, 404)
        self.assertEqual(self.client.get(url + f"?ky={self.period.pk}&don_vi=21100").status_code, 404)
        api = reverse("api-dashboards-map")
        self.assertEqual(self.client.get(api + f"?period={self.period.pk}&unit=51").status_code, 404)

    def test_an_anonymous_visitor_is_sent_to_sign_in(self):
        response = self.client.get(reverse("dashboards:dashboard"))
        self.assertEqual(response.status_code, 302)


class QueryCountTest(DashboardWorld):
    def count(self, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_dashboards_and_the_map_data_read_a_fixed_number_of_queries(self):
        # One period of the form here: the trend chart reads one or two more per earlier period, six at most.
        self.client.force_login(self.p.central)
        urls = {
            "central": (reverse("dashboards:dashboard") + f"?ky={self.period.pk}", 31),
            "province": (reverse("dashboards:dashboard") + f"?ky={self.period.pk}&don_vi=68", 33),
            "map": (reverse("api-dashboards-map") + f"?period={self.period.pk}&layer=overdue", 10),
            "map_province": (reverse("api-dashboards-map") + f"?period={self.period.pk}&unit=68&layer=overdue", 11),
        }
        before = {name: self.count(url) for name, (url, _) in urls.items()}
        for name, (_url, pinned) in urls.items():
            self.assertEqual(before[name], pinned, name)
        # More data of every kind read, and one more commune on the map: the counts do not move.
        make_unit("24830", "Xã Đạ Sar", UnitType.COMMUNE, parent=self.p.province)
        for i in range(5):
            submit(self.p, unit=self.p.other_commune, title=f"Thêm {i}", ip=f"203.0.113.{20 + i}")
        other = services.Report.objects.get(organization=self.p.other_commune_org, period=self.period)
        services.report_save(report=other, by=self.p.other_commune_officer, values={(self.ind["hotspots"].pk, ""): 5})
        services.report_submit(report=other, by=self.p.other_commune_officer)
        services.report_approve(report=other, by=self.p.province_officer)
        after = {name: self.count(url) for name, (url, _) in urls.items()}
        self.assertEqual(after, before)


class MapDataTest(DashboardWorld):
    def get(self, query):
        self.client.force_login(self.p.central)
        response = self.client.get(reverse("api-dashboards-map") + f"?period={self.period.pk}{query}")
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_the_nation_is_its_provinces_with_the_layer_and_a_province_its_communes_as_points(self):
        national = self.get("&layer=overdue")
        self.assertIsNone(national["unit"])
        self.assertEqual(national["boundaries"]["hierarchy"], "2025")
        self.assertTrue(national["boundaries"]["provinces"].endswith(".geojson"))
        by_code = {u["code"]: u for u in national["units"]}
        self.assertEqual(set(by_code), {"68", "51"})
        self.assertEqual(by_code["68"]["value"], 1.0)
        self.assertIn("don_vi=68", by_code["68"]["drill"])
        province = self.get("&unit=68&layer=overdue")
        self.assertEqual(province["province"], {"code": "68"})
        communes = {u["code"]: u for u in province["units"]}
        self.assertEqual(communes["24820"]["value"], 1.0)
        self.assertIsNone(communes["24820"]["drill"])
        self.assertIn("don_vi=24820", communes["24820"]["dashboard"])
        completeness = self.get("&unit=68&layer=completeness")
        self.assertEqual({u["code"]: u["value"] for u in completeness["units"]}["24820"], 100.0)
        rolled = self.get("&layer=ind:resources_vnd")
        self.assertEqual({u["code"]: u["value"] for u in rolled["units"]}["68"], 4_500_000.0)
        self.assertEqual({u["code"]: u["value"] for u in self.get("&layer=hotspots")["units"]}["68"], 2.0)
        self.assertIn("ind:dialogues", [la["key"] for la in rolled["layers"]])

    def test_a_period_before_the_reorganisation_draws_the_63_provinces(self):
        old = services.period_open(form=self.form, year=2025, number=1, by=self.p.central)
        self.client.force_login(self.p.central)
        data = self.client.get(reverse("api-dashboards-map") + f"?period={old.pk}").json()
        self.assertEqual(data["boundaries"]["hierarchy"], "2008")
        self.assertIn("provinces-2008", data["boundaries"]["provinces"])

    def test_the_endpoint_is_in_the_openapi_schema(self):
        self.client.force_login(self.p.central)
        schema = self.client.get(reverse("api-schema") + "?format=json").json()
        self.assertIn("/api/v1/dashboards/map/", schema["paths"])

    def test_a_bad_period_is_a_vietnamese_400(self):
        self.client.force_login(self.p.central)
        response = self.client.get(reverse("api-dashboards-map") + "?period=abc")
        self.assertEqual(response.status_code, 400)
        self.assertIn("số nguyên", response.json()["message"])


class PanelRegistryTest(DashboardWorld):
    def test_a_later_module_adds_a_panel_with_plain_dicts(self):
        def collect(view):
            return [{"key": "later_disclosed", "label": "Nội dung đã công khai", "value": 7, "url": "/van-ban/"}]

        register_panel(Panel("later", 90, "Một mô-đun sau", collect))
        try:
            self.assertIn("later", [p.key for p in registered()])
            tiles = self.tiles(self.p.central)
            self.assertEqual(tiles["later_disclosed"], ("/van-ban/", "7"))
        finally:
            unregister_panel("later")
        self.assertNotIn("later_disclosed", self.tiles(self.p.central))
        self.assertEqual(Tile("k", "l", 5, previous=3).previous_diff, 2)


class PrintAndMapPagesTest(DashboardWorld):
    def test_the_print_page_and_the_map_page(self):
        self.client.force_login(self.p.central)
        printed = self.client.get(reverse("dashboards:print") + f"?ky={self.period.pk}&don_vi=68")
        self.assertContains(printed, 'class="dash-print"')
        self.assertContains(printed, "dash-data")
        page = self.client.get(reverse("dashboards:map") + f"?ky={self.period.pk}")
        self.assertContains(page, 'data-provinces="/static/geo/provinces-2025.geojson"')
        self.assertContains(page, "CC BY-SA 4.0")
        self.assertNotContains(page, "<script>")


class ConferenceBoardTest(DashboardWorld):
    def test_the_board_shows_the_map_the_chart_and_the_units_needing_attention_first(self):
        self.client.force_login(self.p.province_officer)
        html = self.client.get(reverse("reports:board", args=[self.period.pk]) + "?unit=68").content.decode()
        self.assertLess(html.index('id="map"'), html.index('class="table board"'))
        self.assertLess(html.index('id="chart-completeness"'), html.index('class="table board"'))
        self.assertIn("layer=completeness", html)
        self.assertIn("provinces-2025.geojson", html)
        # Xuân Hương has sent its report; Lạc Dương has not: only the latter is open among those needing attention.
        attention = html[html.index('class="board-attention"') : html.index('class="table board"')]
        self.assertIn('<details open data-unit="24823">', attention)
        self.assertNotIn('data-unit="24820"', attention)
        self.assertIn("1 đơn vị đã nộp đủ", attention)
        data = re.search(r'<script id="dash-data" type="application/json">(.*?)</script>', html, re.S).group(1)
        self.assertIn('"data": [0.0, 100.0]', data)


class QueueUnitFilterTest(DashboardWorld):
    def test_the_queue_lists_one_units_cases_and_ignores_a_unit_outside_the_scope(self):
        submit(self.p, unit=self.p.far_commune, title="Ở tỉnh khác", ip="203.0.113.99")
        self.client.force_login(self.p.central)
        url = reverse("cases:queue") + "?pham_vi=dia-ban&trang_thai=open"
        count = re.compile(r'<p class="muted">([\d.]+) vụ việc</p>')
        self.assertEqual(count.search(self.client.get(url).content.decode()).group(1), "4")
        self.assertEqual(count.search(self.client.get(url + "&don_vi=51").content.decode()).group(1), "1")
        self.assertEqual(count.search(self.client.get(url + "&don_vi=24820").content.decode()).group(1), "3")
        # A province officer asking for another province's cases gets their own scope, never the other's.
        self.client.force_login(self.p.province_officer)
        self.assertEqual(count.search(self.client.get(url + "&don_vi=51").content.decode()).group(1), "3")
