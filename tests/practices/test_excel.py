import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from lib.errors import ServiceError
from practices import excel
from practices.models import Practice, Status
from tests.base import BaseTestCase

GOOD_ROW = {
    "name": "Dân vận khéo trong xây dựng nông thôn mới",
    "kind": "Mô hình",
    "field": "Kinh tế",
    "unit": "24820",
    "situation": "Đường giao thông nội đồng xuống cấp.",
    "objectives": "Bê tông hóa 2 km đường.",
    "content": "Vận động nhân dân hiến đất, góp ngày công.",
    "target_people": "Nhân dân tổ dân phố 5",
    "outputs": "2 km đường bê tông",
    "sustainability": "Duy trì bằng quy ước tổ dân phố",
    "money_vnd": 150_000_000,
    "workdays": 320,
    "start_date": "15/01/2026",
}


def workbook(*rows: dict) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append([header for header, _a, _r in excel.COLUMNS])
    for row in rows:
        ws.append([row.get(attr) for _h, attr, _r in excel.COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("dang-ky.xlsx", buf.getvalue())


class PracticeExcelTest(BaseTestCase):
    def run_import(self, upload):
        return excel.practices_import(upload=upload, by=self.p.commune_officer, organization=self.p.commune_org)

    def test_it_imports_a_good_file_once(self):
        result = self.run_import(workbook(GOOD_ROW, {**GOOD_ROW, "name": "Tổ tự quản"}))
        self.assertEqual(result.errors, [])
        self.assertEqual(len(result.created), 2)
        self.assertEqual(set(Practice.objects.values_list("status", flat=True)), {Status.REGISTERED})
        again = self.run_import(workbook(GOOD_ROW, {**GOOD_ROW, "name": "Tổ tự quản"}))
        self.assertEqual((len(again.created), again.skipped), (0, 2))
        self.assertEqual(Practice.objects.count(), 2)

    def test_an_import_racing_another_of_the_same_rows_is_refused_plainly_and_writes_nothing(self):
        from unittest import mock

        from audit.models import AuditEvent

        self.run_import(workbook(GOOD_ROW))
        audits = AuditEvent.objects.count()
        # The other import committed its rows after this one looked for them: the unique key stops the insert.
        with mock.patch.object(excel, "_existing_keys", return_value=set()), self.assertRaises(ServiceError) as ctx:
            self.run_import(workbook({**GOOD_ROW, "name": "Tổ tự quản"}, GOOD_ROW))
        self.assertEqual(ctx.exception.status_code, 409)
        self.assertIn("vừa được nhập đồng thời", ctx.exception.message)
        self.assertEqual(Practice.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.count(), audits)
        again = self.run_import(workbook({**GOOD_ROW, "name": "Tổ tự quản"}, GOOD_ROW))
        self.assertEqual((len(again.created), again.skipped), (1, 1))

    def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_imported(self):
        bad = {**GOOD_ROW, "name": "Dòng lỗi", "unit": "99999", "money_vnd": -5, "start_date": "31/02/2026"}
        result = self.run_import(workbook(GOOD_ROW, bad))
        self.assertIn(
            "Dòng 3, cột “Mã đơn vị hành chính”: mã “99999” không có trong danh mục hiện hành.", result.errors
        )
        self.assertIn("Dòng 3, cột “Kinh phí (đồng)”: “-5” không phải số nguyên không âm.", result.errors)
        self.assertIn(
            "Dòng 3, cột “Ngày bắt đầu (dd/mm/yyyy)”: “31/02/2026” không phải ngày dạng dd/mm/yyyy.", result.errors
        )
        self.assertEqual(result.created, [])
        self.assertEqual(Practice.objects.count(), 0)

    def test_a_unit_outside_the_officers_scope_is_refused(self):
        result = self.run_import(workbook({**GOOD_ROW, "unit": "24823"}))
        self.assertEqual(
            result.errors, ["Dòng 2, cột “Mã đơn vị hành chính”: bạn không có quyền đăng ký cho Xã Lạc Dương."]
        )
        self.assertEqual(Practice.objects.count(), 0)

    def test_a_file_that_is_not_xlsx_is_refused(self):
        with self.assertRaises(ServiceError) as ctx:
            self.run_import(SimpleUploadedFile("dang-ky.xlsx", b"MZ\x90\x00not really"))
        self.assertIn("chương trình Windows", ctx.exception.message)

    def test_a_file_without_the_template_columns_is_refused(self):
        wb = Workbook()
        wb.active.append(["Tên", "Ghi chú"])
        buf = io.BytesIO()
        wb.save(buf)
        with self.assertRaises(ServiceError) as ctx:
            self.run_import(SimpleUploadedFile("x.xlsx", buf.getvalue()))
        self.assertIn("thiếu cột: “Tên mô hình, điển hình”; “Loại (Mô hình/Điển hình)”;", ctx.exception.message)

    def test_export_writes_numbers_as_numbers(self):
        self.run_import(workbook(GOOD_ROW))
        data = excel.export_workbook(Practice.objects.select_related("organization", "unit"))
        ws = load_workbook(io.BytesIO(data)).active
        self.assertEqual(ws.cell(row=1, column=1).value, "Tên mô hình, điển hình")
        self.assertEqual(ws.cell(row=2, column=9).value, 150_000_000)
        self.assertEqual(ws.cell(row=2, column=11).value, 320)
