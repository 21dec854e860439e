"""Pages: entry with Vietnamese numbers, review, roll-up, board (htmx), Excel, Word; scope and query pins."""

import io
from decimal import Decimal

import openpyxl

from reports import board, services
from reports.models import Status, Value
from tests.reports.helpers import ReportsTestCase

# The Word download of a report (issue 19): session, user, the report and its scope, the form's indicators, the
# values, the roll-up and the comparison figures, its number in the register — fixed whatever the period holds.
WORD_QUERIES = 14


class ReportPagesTest(ReportsTestCase):
    def entry(self, report, **fields):
        data = {"revision": report.revision, **fields}
        return self.client.post(f"/bao-cao/{report.pk}/", data, follow=True)

    def test_commune_enters_vietnamese_numbers_saves_and_submits(self):
        report = self.report_of(self.p.commune_org)
        self.login(self.p.commune_officer)
        road, money = self.key("road_km"), self.key("resources_vnd")
        r = self.entry(
            report,
            **{
                f"v_{road[0]}_": "2,5",
                f"v_{money[0]}_": "1.250.000.000",
                f"c_{road[0]}_": "Theo biên bản nghiệm thu",
                "n_p1_situation": "Nhân dân phấn khởi.",
                "save": "1",
            },
        )
        self.assertContains(r, "Đã lưu bản nháp.")
        value = Value.objects.get(report=report, indicator=self.ind["road_km"])
        self.assertEqual((value.value, value.comment), (Decimal("2.50"), "Theo biên bản nghiệm thu"))
        self.assertEqual(Value.objects.get(report=report, indicator=self.ind["resources_vnd"]).amount, 1_250_000_000)
        self.assertContains(r, 'value="1250000000"')
        report.refresh_from_db()
        r = self.entry(report, **{f"v_{road[0]}_": "abc", "submit": "1"})
        self.assertContains(r, "“abc” không phải là số.")
        report.refresh_from_db()
        r = self.entry(report, **{f"v_{road[0]}_": "2,5", "submit": "1"})
        self.assertContains(r, "Đã gửi báo cáo lên cấp trên.")
        report.refresh_from_db()
        self.assertEqual(report.status, Status.SUBMITTED)
        self.assertNotContains(r, f'name="v_{road[0]}_"')  # locked once sent

    def test_province_returns_with_reason_then_approves_on_the_page(self):
        report = self.report_of(self.p.commune_org)
        services.report_submit(report=report, by=self.p.commune_officer)
        self.login(self.p.province_officer)
        r = self.client.get("/bao-cao/")
        self.assertContains(r, "Báo cáo chờ duyệt")
        self.assertContains(r, f"/bao-cao/{report.pk}/")
        r = self.client.post(f"/bao-cao/{report.pk}/return/", {"reason": "Bổ sung số liệu đối thoại"}, follow=True)
        self.assertContains(r, "Lý do trả lại: Bổ sung số liệu đối thoại")
        report.refresh_from_db()
        services.report_submit(report=report, by=self.p.commune_officer)
        r = self.client.post(f"/bao-cao/{report.pk}/approve/", follow=True)
        self.assertContains(r, "Đã duyệt báo cáo")

    def test_a_report_outside_the_scope_is_a_404(self):
        report = self.report_of(self.p.commune_org)
        self.login(self.p.other_commune_officer)
        self.assertEqual(self.client.get(f"/bao-cao/{report.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/bao-cao/{report.pk}/word/").status_code, 404)
        self.assertEqual(self.client.post(f"/bao-cao/{report.pk}/approve/").status_code, 404)
        r = self.client.get(f"/bao-cao/tong-hop/{self.period.pk}/?unit={self.p.far_commune.code}")
        self.assertEqual(r.status_code, 404)

    def approve(self, org, officer, **values):
        report = self.report_of(org)
        self.save(report, by=officer, **values)
        services.report_submit(report=report, by=officer)
        services.report_approve(report=report, by=self.p.province_officer)
        return report

    def test_rollup_page_excel_and_board(self):
        self.approve(self.p.commune_org, self.p.commune_officer, houses=3, resources_vnd=1_234_000_000)
        self.approve(self.p.other_commune_org, self.p.other_commune_officer, houses=4)
        self.login(self.p.central)
        r = self.client.get(f"/bao-cao/tong-hop/{self.period.pk}/")
        self.assertContains(r, "Toàn quốc")
        self.assertContains(r, '<td class="num current">1.234.000.000</td>', html=False)
        self.assertContains(
            r, "Sáu tháng đầu năm 2026, toàn quốc đã vận động nhân dân huy động nguồn lực trị giá 1,23 tỷ đồng"
        )
        r = self.client.get(f"/bao-cao/tong-hop/{self.period.pk}/?unit=68&format=xlsx")
        ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
        header = [c.value for c in ws[3]]
        col = header.index("Nhà đại đoàn kết, tình nghĩa xây mới, sửa chữa (căn)") + 1
        cells = {ws.cell(row=i, column=2).value: ws.cell(row=i, column=col).value for i in range(4, ws.max_row + 1)}
        self.assertEqual(cells["Phường Xuân Hương - Đà Lạt"], 3)
        self.assertEqual(cells["Tổng cộng"], 7)
        self.assertIsInstance(cells["Tổng cộng"], int)
        r = self.client.get(f"/bao-cao/hoi-nghi/{self.period.pk}/")
        self.assertContains(r, 'hx-trigger="every 5s"')
        r = self.client.get(f"/bao-cao/hoi-nghi/{self.period.pk}/", HTTP_HX_REQUEST="true")
        self.assertNotContains(r, "<html")
        self.assertContains(r, '<tr data-unit="68">')
        self.assertContains(r, "2/3")  # Lâm Đồng: two of three reports sent

    def test_the_board_is_rendered_once_until_a_report_of_its_period_changes(self):
        """The polled board's body comes from the page cache under the period's revision; a report moved in the
        period (after its transaction commits) makes the next poll read the figures afresh."""
        board_url = f"/bao-cao/hoi-nghi/{self.period.pk}/"
        self.approve(self.p.commune_org, self.p.commune_officer, houses=3)
        self.login(self.p.province_officer)
        first = self.client.get(board_url, HTTP_HX_REQUEST="true")
        self.assertContains(first, '<strong id="board-submitted">1</strong>/2', html=False)
        # session, user, period, memberships, lineage, key indicators, the period's revision, nav: no figures read.
        with self.assertNumQueries(7):
            again = self.client.get(board_url, HTTP_HX_REQUEST="true")
        self.assertContains(again, '<strong id="board-submitted">1</strong>/2', html=False)
        self.assertNotContains(again, "&lt;div")  # the cached body is markup, not escaped text
        self.assertEqual(again.content.split(b"</p>", 1)[1], first.content.split(b"</p>", 1)[1])
        report = self.report_of(self.p.other_commune_org)
        with self.captureOnCommitCallbacks(execute=True):
            services.report_submit(report=report, by=self.p.other_commune_officer)
        fresh = self.client.get(board_url, HTTP_HX_REQUEST="true")
        self.assertContains(fresh, '<strong id="board-submitted">2</strong>/2', html=False)
        # A change to another period's reports leaves this board's body cached.
        with self.captureOnCommitCallbacks(execute=True):
            board.changed(self.period.pk + 1000)
        with self.assertNumQueries(7):
            self.client.get(board_url, HTTP_HX_REQUEST="true")

    def test_list_and_rollup_pages_have_pinned_query_counts(self):
        self.approve(self.p.commune_org, self.p.commune_officer, houses=3)
        self.login(self.p.province_officer)
        self.client.get("/bao-cao/")
        # session, user, my reports (one page), the user's memberships (write scope, review levels, the menu), the
        # scope's lineage, review page, periods, whether the user's body owns a form whose periods it opens.
        with self.assertNumQueries(8):
            self.client.get("/bao-cao/")
        # session, user, period, the user's memberships (scope, own unit, the menu), the scope's lineage, earlier
        # periods to compare with, indicators, roll-up, two comparison periods, completeness, child units.
        with self.assertNumQueries(12):
            self.client.get(f"/bao-cao/tong-hop/{self.period.pk}/")
        # session, user, period, the user's memberships (scope, own unit, the menu), the scope's lineage, key
        # indicators, the period's revision (reports.board; made by the period's first board read, primed here), then
        # the figures, which this revision has not rendered yet: children, states, rows, total.
        board.revision(self.period.pk)
        with self.assertNumQueries(11):
            self.client.get(f"/bao-cao/hoi-nghi/{self.period.pk}/", HTTP_HX_REQUEST="true")

    def test_the_word_download_has_a_query_count_that_does_not_grow_with_the_data(self):
        """Issue 19: the Word download of a province's view of a period, pinned; more reports approved in the period
        (more rows behind the roll-up) send no more queries."""
        report = self.approve(self.p.commune_org, self.p.commune_officer, houses=3)
        self.login(self.p.province_officer)
        self.assertEqual(self.client.get(f"/bao-cao/{report.pk}/word/").status_code, 200)
        with self.assertNumQueries(WORD_QUERIES):
            r = self.client.get(f"/bao-cao/{report.pk}/word/")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["Content-Type"].startswith("application/vnd.openxmlformats"))
        self.approve(self.p.other_commune_org, self.p.other_commune_officer, houses=4)
        with self.assertNumQueries(WORD_QUERIES):
            self.assertEqual(self.client.get(f"/bao-cao/{report.pk}/word/").status_code, 200)
