"""The Word report read back: header block, number line, title, narrative and table totals; the narrative draft."""

import io

import docx

from reports import narrative, services
from reports.figures import report_figures
from tests.reports.helpers import ReportsTestCase


def texts(cell):
    return [p.text for p in cell.paragraphs if p.text]


class ReportDocumentTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        for org, officer, houses, money in (
            (p.commune_org, p.commune_officer, 3, 1_000_000_000),
            (p.other_commune_org, p.other_commune_officer, 4, 250_000_000),
        ):
            report = cls.report_of(cls, org)
            services.report_save(
                report=report,
                by=officer,
                values={(cls.ind["houses"].pk, ""): houses, (cls.ind["resources_vnd"].pk, ""): money},
            )
            services.report_submit(report=report, by=officer)
            services.report_approve(report=report, by=p.province_officer)
        cls.province_report = cls.report_of(cls, p.province_org)
        services.report_save(
            report=cls.province_report,
            by=p.province_officer,
            values={(cls.ind["houses"].pk, ""): 1},
            narrative={"p1_situation": "Nhân dân phấn khởi, tin tưởng.", "p2_tasks": "Tiếp tục nhân rộng mô hình."},
        )

    def download(self, report, user):
        self.login(user)
        r = self.client.get(f"/bao-cao/{report.pk}/word/")
        self.assertEqual(r.status_code, 200)
        return docx.Document(io.BytesIO(r.content))

    def test_the_province_report_reads_back_in_the_party_layout(self):
        services.report_submit(report=self.province_report, by=self.p.province_officer)
        document = self.download(self.province_report, self.p.province_officer)
        header = document.tables[0]
        self.assertEqual(texts(header.cell(0, 0)), ["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"])
        self.assertEqual(texts(header.cell(0, 1))[0], "ĐẢNG CỘNG SẢN VIỆT NAM")
        # The first number of the body's register this year, not a database id.
        self.assertEqual(header.cell(1, 0).text, "Số 01-BC/BTGDVTU")
        self.assertTrue(header.cell(1, 1).text.startswith("Lâm Đồng, ngày "))
        body = [p.text for p in document.paragraphs]
        self.assertIn("BÁO CÁO", body)
        self.assertIn("Sơ kết công tác dân vận 6 tháng đầu năm 2026", body)
        self.assertIn("Nhân dân phấn khởi, tin tưởng.", body)
        self.assertIn("Tiếp tục nhân rộng mô hình.", body)
        # Bảng 2: the province's own figures and each approved commune, with the exact total.
        by_unit = next(t for t in document.tables if t.cell(0, 1).text == "Đơn vị")
        col = [c.text for c in by_unit.rows[0].cells].index("Nhà đại đoàn kết, tình nghĩa xây mới, sửa chữa (căn)")
        rows = {r.cells[1].text: r.cells[col].text for r in by_unit.rows[1:]}
        self.assertEqual(rows["Phường Xuân Hương - Đà Lạt"], "3")
        self.assertEqual(rows["Xã Lạc Dương"], "4")
        self.assertEqual(rows["Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng (trực tiếp)"], "1")
        self.assertEqual(rows["Tổng cộng"], "8")
        money_col = [c.text for c in by_unit.rows[0].cells].index("Tổng giá trị nguồn lực huy động (đồng)")
        self.assertEqual(by_unit.rows[-1].cells[money_col].text, "1.250.000.000")

    def test_a_state_body_gets_the_national_motto_and_its_number_line(self):
        from orgs.models import OrganizationType
        from tests.factories import make_org, make_user

        ubnd = make_org("UBND Phường Xuân Hương - Đà Lạt", "ubnd", self.p.commune)
        self.form.org_types.add(OrganizationType.objects.get(code="ubnd"))
        officer = make_user("canboubnd", ubnd)
        report = services.report_open(organization=ubnd, period=self.period, by=officer)
        services.report_submit(report=report, by=officer)
        document = self.download(report, officer)
        header = document.tables[0]
        # NĐ 30: a People's Committee has no governing body line; its name runs over two lines.
        self.assertEqual(texts(header.cell(0, 0)), ["ỦY BAN NHÂN DÂN", "PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT"])
        self.assertEqual(
            texts(header.cell(0, 1))[:2], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        )
        self.assertEqual(header.cell(1, 0).text, "Số: 01/BC-UBND")

    def test_the_draft_narrative_speaks_from_the_numbers(self):
        figs = report_figures(self.province_report)
        text = narrative.draft(figs, self.period, self.p.province)
        self.assertIn(
            "Sáu tháng đầu năm 2026, toàn tỉnh đã vận động nhân dân huy động nguồn lực trị giá 1,25 tỷ đồng", text
        )
        self.assertIn("xây mới, sửa chữa 8 căn nhà đại đoàn kết", text)
        self.assertNotIn("đối thoại", text)  # no figure, no sentence

    def test_the_draft_reports_growth_against_the_same_period_last_year(self):
        from geo.models import REFORM_2025, UnitLink

        UnitLink.objects.create(predecessor=self.p.old_province, successor=self.p.province, effective_date=REFORM_2025)
        UnitLink.objects.create(predecessor=self.p.old_commune, successor=self.p.commune, effective_date=REFORM_2025)
        last_year = services.period_open(form=self.form, year=2025, number=1, by=self.p.central)
        old = services.report_open(organization=self.p.commune_org, period=last_year, by=self.p.central)
        # The reporting unit's own officer enters it: central roles no longer write other units' reports (issue 18).
        services.report_save(report=old, by=self.p.commune_officer, values={self.key("resources_vnd"): 1_000_000_000})
        services.report_submit(report=old, by=self.p.commune_officer)
        # A fresh user object: the scope is cached per request (per user object) and the links are new.
        officer = type(self.p.province_officer).objects.get(pk=self.p.province_officer.pk)
        services.report_approve(report=old, by=officer)
        self.assertEqual(old.unit, self.p.old_commune)  # the unit version of 2025, not today's
        figs = report_figures(self.province_report)
        text = narrative.draft(figs, self.period, self.p.province)
        self.assertIn("trị giá 1,25 tỷ đồng (tăng 25% so với cùng kỳ năm trước)", text)
        # The officer edits the draft: the page button puts it in the first section's editor, after what was there
        # (the older plain text becomes a paragraph of its own).
        self.login(self.p.province_officer)
        self.client.post(f"/bao-cao/{self.province_report.pk}/draft/")
        self.province_report.refresh_from_db()
        first = self.province_report.narrative["p1_situation"]
        self.assertTrue(first.startswith("<p>Nhân dân phấn khởi, tin tưởng.</p><p>Sáu tháng đầu năm 2026, toàn tỉnh"))
