"""An organisation's dashboard and the lists behind the new figures: each figure equals its list, the permission
gate on the organisation and on a unit outside the viewer's scope, a fixed number of queries."""

import datetime as dt
import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from reports import services
from tests.cases.helpers import submit
from tests.dashboards.test_dashboards import TILE, DashboardWorld


class OrganizationDashboardTest(DashboardWorld):
    def org_tiles(self, user, org, status=200):
        self.client.force_login(user)
        url = reverse("dashboards:organization") + f"?ky={self.period.pk}&to_chuc={org.pk}"
        response = self.client.get(url)
        self.assertEqual(response.status_code, status)
        return {key: (unescape(u), value) for u, key, value in TILE.findall(response.content.decode())}

    def count_of(self, key: str, url: str) -> str:
        html = self.client.get(url).content.decode()
        if key.startswith("org_reports_"):
            return re.search(r'<p class="muted" id="list-count">([\d.]+) báo cáo', html).group(1)
        if key.startswith("org_tasks_"):
            return re.search(r'<p class="muted" id="queue-count">([\d.]+) nhiệm vụ</p>', html).group(1)
        return self.list_figure(key.removeprefix("org_"), url)

    def test_every_figure_of_an_organisation_equals_the_list_it_opens(self):
        p = self.p
        # A case of the commune handled by the province's Ban: the commune's body does not count it.
        case = submit(p, title="Chuyển lên Ban", ip="203.0.113.90")[0]
        Case.objects.filter(pk=case.pk).update(organization=p.province_org)
        report = services.Report.objects.get(organization=p.other_commune_org, period=self.period)
        self.assertEqual(report.status, "draft")
        for user, org in (
            (p.central, p.commune_org),
            (p.province_officer, p.province_org),
            (p.commune_officer, p.commune_org),
        ):
            tiles = self.org_tiles(user, org)
            self.assertGreaterEqual(len(tiles), 15, tiles)
            for key, (url, value) in tiles.items():
                with self.subTest(user=user.username, org=org.name, key=key):
                    self.assertEqual(value.strip(), self.count_of(key, url).strip())
        commune = self.org_tiles(p.central, p.commune_org)
        self.assertEqual(commune["org_reports_expected"][1], "1")
        self.assertEqual(commune["org_reports_submitted"][1], "1")
        self.assertEqual(commune["org_practices_all"][1], "2")
        self.assertEqual(commune["answers_answered"][1], "3")
        self.assertEqual(commune["answers_on_time_rate"][1], "66,7")
        ban = self.org_tiles(p.central, p.province_org)
        self.assertEqual(ban["cases_open"][1], "1")
        self.assertEqual((ban["org_tasks_open"][1], ban["org_tasks_overdue"][1]), ("3", "1"))
        self.assertEqual(commune["org_tasks_open"][1], "0")

    def test_the_chart_by_kind_equals_the_queue_each_bar_opens_and_the_print_view_shows_it(self):
        import json

        p = self.p
        from tests.reports.test_autofill_meetings import IN_PERIOD

        first = Case.objects.filter(organization=p.commune_org, received_on=IN_PERIOD).order_by("id").first()
        Case.objects.filter(pk=first.pk).update(kind="feedback")
        self.client.force_login(p.central)
        query = f"?ky={self.period.pk}&to_chuc={p.commune_org.pk}"
        html = self.client.get(reverse("dashboards:organization") + query).content.decode()
        data = json.loads(
            unescape(re.search(r'<script id="dash-data" type="application/json">(.*?)</script>', html).group(1))
        )
        chart = data["breakdown"]
        self.assertEqual((chart["labels"], chart["data"]), (["Phản ánh", "Kiến nghị"], [1, 2]))
        for label, value, url in zip(chart["labels"], chart["data"], chart["urls"], strict=True):
            with self.subTest(label=label):
                self.assertIn(f"to_chuc={p.commune_org.pk}", url)
                listed = re.search(r'<p class="muted">([\d.]+) vụ việc</p>', self.client.get(url).content.decode())
                self.assertEqual(int(listed.group(1).replace(".", "")), value)
        self.assertIn('id="chart-breakdown"', html)
        printed = self.client.get(reverse("dashboards:organization_print") + query)
        self.assertContains(printed, "Bản in bảng điều hành")
        self.assertContains(printed, 'id="chart-breakdown"')
        self.assertContains(printed, 'class="dash-print"')
        # Outside the viewer's scope, the print view is a 404 too.
        self.client.force_login(p.commune_officer)
        far = f"?ky={self.period.pk}&to_chuc={p.far_org.pk}"
        self.assertEqual(self.client.get(reverse("dashboards:organization_print") + far).status_code, 404)

    def test_an_organisation_outside_the_viewers_scope_is_a_404(self):
        self.org_tiles(self.p.commune_officer, self.p.far_org, status=404)
        self.org_tiles(self.p.province_officer, self.p.far_ban, status=404)
        self.org_tiles(self.p.commune_officer, self.p.province_org, status=404)
        self.client.force_login(self.p.commune_officer)
        reports = reverse("reports:list") + f"?to_chuc={self.p.far_org.pk}"
        self.assertEqual(self.client.get(reports).status_code, 404)

    def test_the_dashboard_offers_the_viewers_organisations_and_those_of_the_unit(self):
        self.client.force_login(self.p.province_officer)
        html = self.client.get(reverse("dashboards:dashboard") + f"?ky={self.period.pk}").content.decode()
        picker = re.search(r'<form[^>]*id="org-picker">.*?</form>', html, re.S).group(0)
        self.assertIn(f'value="{self.p.province_org.pk}"', picker)
        self.assertNotIn(f'value="{self.p.far_ban.pk}"', picker)
        # The shared unit picker, its hidden input holding the unit shown.
        self.assertIn("data-picker", html)
        self.assertIn('<input type="hidden" name="don_vi" value="68">', html)

    def test_an_organisations_dashboard_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.p.central)
        url = reverse("dashboards:organization") + f"?ky={self.period.pk}&to_chuc={self.p.commune_org.pk}"

        def count():
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        before = count()
        for i in range(4):
            submit(self.p, title=f"Thêm {i}", ip=f"203.0.113.{120 + i}")
        self.assertEqual(count(), before)
        self.assertLessEqual(before, 25)


class ListsBehindTheFiguresTest(DashboardWorld):
    def test_a_unit_outside_the_scope_is_a_404_on_the_meeting_and_task_lists(self):
        self.client.force_login(self.p.commune_officer)
        for name in (
            "meetings:sessions_held",
            "meetings:dialogues_held",
            "meetings:commitments_open",
            "programmes:area_queue",
        ):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name) + "?don_vi=51").status_code, 404)
                self.assertEqual(self.client.get(reverse(name) + "?don_vi=24820").status_code, 200)

    def test_the_commune_officer_sees_only_their_meetings_without_a_unit(self):
        self.client.force_login(self.p.commune_officer)
        html = self.client.get(reverse("meetings:commitments_open") + "?qua_han=1").content.decode()
        self.assertIn('id="list-count">1 mục', html)
        self.client.force_login(self.p.central)
        html = self.client.get(reverse("meetings:commitments_open") + "?qua_han=1").content.decode()
        self.assertIn('id="list-count">2 mục', html)

    def test_the_queue_keeps_the_dashboards_filters_and_says_so(self):
        self.client.force_login(self.p.central)
        query = "?pham_vi=dia-ban&trang_thai=&nhan_tu=2026-01-01&nhan_den=2026-06-14&tra_loi=answered_on_time&don_vi=68"
        html = self.client.get(reverse("cases:queue") + query).content.decode()
        self.assertIn('<p class="muted">2 vụ việc</p>', html)
        self.assertIn('name="tra_loi" value="answered_on_time"', html)
        self.assertIn("trả lời đúng hạn", html)
        self.assertIn("từ 01/01/2026 đến 14/06/2026", html)
        # A day that is not a day is no filter, not an error.
        html = self.client.get(reverse("cases:queue") + "?pham_vi=dia-ban&trang_thai=&nhan_tu=abc").content.decode()
        self.assertIn('<p class="muted">7 vụ việc</p>', html)

    def test_the_compliance_page_takes_a_report_periods_dates(self):
        self.client.force_login(self.p.central)
        url = reverse("democracy:compliance") + "?unit=68&tu=2025-12-15&den=2026-06-14"
        response = self.client.get(url)
        self.assertContains(response, "theo kỳ báo cáo (15/12/2025 – 14/06/2026)")
        before = self.client.get(reverse("democracy:compliance") + "?unit=68&tu=2025-12-15&den=2025-12-31")
        total = re.search(r'<tr id="compliance-total">(.*?)</tr>', before.content.decode(), re.S).group(1)
        self.assertEqual(re.findall(r"<td[^>]*>([^<]*)</td>", total)[1], "0")

    def test_answer_counts_follow_the_one_definition(self):
        from cases import selectors

        counts = selectors.answer_counts(
            self.p.central,
            selectors.QueueFilters(mine=False, unit=self.p.province, received_from=dt.date(2026, 1, 1)),
        )
        stats = selectors.case_statistics(self.p.province, dt.date(2026, 1, 1))
        for key in ("answered", "answered_on_time", "satisfied"):
            self.assertEqual(counts[key], stats[key], key)
        self.assertEqual(stats["on_time_rate"], selectors.rate(counts["answered_on_time"], counts["answered"]))
