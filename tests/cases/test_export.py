"""XLSX export of an officer's list: the rows of the queue as filtered, no sender's identity or
contact details, dates as dates, and a text that looks like a formula stays text."""

import io

from openpyxl import load_workbook

from cases import excel
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, submit


class CaseExportTest(BaseTestCase):
    def test_it_exports_the_queue_without_personal_data(self):
        hostile, _ = submit(self.p, ip="10.7.0.1", title='=HYPERLINK("http://evil.example","Bấm")')
        plain, _ = submit(self.p, ip="10.7.0.2", kind="petition", title="Đèn đường hỏng")
        far, _ = submit(self.p, unit=self.p.far_commune, ip="10.7.0.3", title="Ở tỉnh khác")
        self.login(self.p.commune_officer)
        r = self.client.get("/y-kien/xuat-excel/")
        self.assertEqual(r["Content-Type"], excel.XLSX_TYPE)
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Mã tra cứu")
        codes = {row[0] for row in rows[1:]}
        self.assertEqual(codes, {hostile.display_code, plain.display_code})
        self.assertNotIn(far.display_code, codes)
        flat = " ".join(str(v) for row in rows for v in row if v is not None)
        for value in CITIZEN.values():
            self.assertNotIn(value, flat)
        title_cell = next(row[3] for row in ws.iter_rows(min_row=2) if row[0].value == hostile.display_code)
        self.assertEqual(title_cell.data_type, "s")
        self.assertTrue(title_cell.value.startswith("'="))
        date_cell = next(row[8] for row in ws.iter_rows(min_row=2) if row[0].value == plain.display_code)
        self.assertEqual(date_cell.value.date(), plain.received_on)
        self.assertEqual(date_cell.number_format, "DD/MM/YYYY")

    def test_filters_apply(self):
        submit(self.p, ip="10.7.0.4", kind="petition", title="Kiến nghị")
        complaint, _ = submit(self.p, ip="10.7.0.5", kind="complaint_first", title="Khiếu nại")
        self.login(self.p.commune_officer)
        r = self.client.get("/y-kien/xuat-excel/?loai=complaint_first")
        rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[0] for row in rows], [complaint.display_code])

    def test_it_needs_a_login(self):
        r = self.client.get("/y-kien/xuat-excel/")
        self.assertEqual(r.status_code, 302)
