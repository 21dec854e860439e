"""XLSX import of cases received by letter, phone or in person: validated row by row, imported whole
or not at all, the same path as a case recorded by hand, and idempotent on re-import."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from audit.models import Action as AuditAction
from audit.models import AuditEvent
from cases import excel
from cases.models import Action, Case, CaseEvent, Channel, Kind, Petitioner, Status
from geo.models import UnitLink
from lib.errors import ServiceError
from tests.base import BaseTestCase

GOOD = {
    "received_on": "05/01/2026",
    "channel": "Thư, đơn gửi qua bưu điện",
    "kind": "Kiến nghị",
    "topic": "Đất đai, bồi thường, giải phóng mặt bằng",
    "unit": "24820",
    "title": "Đề nghị làm rõ ranh giới đất khu phố 3",
    "content": "Nhân dân khu phố 3 đề nghị đo đạc lại ranh giới đất công.",
    "people_count": 12,
    "is_remote_area": "Không",
    "is_complex": "",
}
DENUNCIATION = {
    **GOOD,
    "kind": "Tố cáo",
    "channel": "Trực tiếp (tiếp công dân)",
    "topic": "can-bo",
    "title": "Tố cáo cán bộ địa chính nhận tiền",
    "content": "Cán bộ địa chính yêu cầu nộp tiền ngoài quy định.",
    "people_count": 1,
    "full_name": "Trần Văn Bình",
    "address": "5 Hai Bà Trưng, Đà Lạt",
    "phone": "0987654321",
}


def workbook(*rows: dict, name="y-kien.xlsx", headers=None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET
    ws.append(headers or [header for header, _a, _r in excel.COLUMNS])
    for row in rows:
        ws.append([row.get(attr) for _h, attr, _r in excel.COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


class CaseImportTest(BaseTestCase):
    def run_import(self, upload, by=None, **kwargs):
        return excel.cases_import(upload=upload, by=by or self.p.commune_officer, **kwargs)

    def test_it_imports_rows_through_the_recording_service_once(self):
        result = self.run_import(workbook(GOOD, DENUNCIATION))
        self.assertEqual(result.errors, [])
        self.assertEqual(len(result.created), 2)
        petition = Case.objects.get(kind=Kind.PETITION)
        self.assertEqual(petition.channel, Channel.LETTER)
        self.assertEqual(petition.people_count, 12)
        self.assertEqual(petition.status, Status.RECEIVED)
        self.assertEqual(petition.organization, self.p.commune_org)  # routed like a recorded case
        self.assertIsNotNone(petition.accept_due)  # legal deadlines computed
        self.assertTrue(petition.is_anonymous)
        self.assertEqual(petition.created_by, self.p.commune_officer)
        event = CaseEvent.objects.get(case=petition)
        self.assertEqual(event.action, Action.RECORD)
        self.assertIn("dòng 2", event.note)
        self.assertTrue(AuditEvent.objects.for_object(petition).filter(action=AuditAction.CREATE).exists())
        self.assertTrue(AuditEvent.objects.filter(action=AuditAction.IMPORT, object_repr__contains="2 ý kiến").exists())
        denunciation = Case.objects.get(kind=Kind.DENUNCIATION)
        self.assertEqual(Petitioner.objects.get(case=denunciation).full_name, "Trần Văn Bình")
        self.assertEqual(denunciation.channel, Channel.IN_PERSON)

        again = self.run_import(workbook(GOOD, DENUNCIATION, {**GOOD, "title": "Dòng mới thêm"}))
        self.assertEqual(again.errors, [])
        self.assertEqual((len(again.created), again.skipped), (1, 2))
        self.assertEqual(Case.objects.count(), 3)

    def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(self):
        rows = [
            GOOD,
            {**GOOD, "title": "Sai mã", "unit": "99999", "received_on": "31/02/2026", "kind": "Góp ý"},
            {**GOOD, "title": "Ngoài phạm vi", "unit": "24823", "topic": "Không có", "people_count": 0},
            {**GOOD, "title": "Chưa hiệu lực", "unit": "21100", "received_on": "01/01/2025"},
            {**DENUNCIATION, "full_name": "", "title": "Tố cáo thiếu tên"},
            {**GOOD, "title": "x" * 301, "email": "khong-phai-email", "is_complex": "Có lẽ"},
        ]
        result = self.run_import(workbook(*rows))
        errors = "\n".join(result.errors)
        self.assertIn("Dòng 3, cột “Ngày nhận (dd/mm/yyyy)”: “31/02/2026” không phải ngày dạng dd/mm/yyyy.", errors)
        self.assertIn("Dòng 3, cột “Loại ý kiến”: “Góp ý” không phải loại ý kiến hợp lệ", errors)
        self.assertIn("Dòng 4, cột “Mã đơn vị hành chính”: Xã Lạc Dương nằm ngoài phạm vi quản lý của bạn.", errors)
        self.assertIn("Dòng 4, cột “Lĩnh vực”: “Không có” không có trong danh mục lĩnh vực.", errors)
        self.assertIn("Dòng 4, cột “Số người cùng gửi”", errors)
        self.assertIn(
            "Dòng 5, cột “Mã đơn vị hành chính”: đơn vị mã “21100” không có hiệu lực vào ngày nhận 01/01/2025", errors
        )
        self.assertIn("Dòng 6: Tố cáo phải nêu rõ danh tính người tố cáo", errors)
        self.assertIn("Dòng 7, cột “Tiêu đề”: dài 301 ký tự, vượt giới hạn 300 ký tự.", errors)
        self.assertIn("Dòng 7, cột “Thư điện tử”", errors)
        self.assertIn("Dòng 7, cột “Vụ việc phức tạp (Có/Không)”: “Có lẽ” phải là Có hoặc Không.", errors)
        self.assertEqual(result.created, [])
        self.assertEqual(Case.objects.count(), 0)
        self.assertFalse(AuditEvent.objects.filter(action=AuditAction.IMPORT).exists())

    def test_a_wrong_code_alone_blocks_the_whole_file(self):
        result = self.run_import(workbook(GOOD, {**GOOD, "title": "Khác", "unit": "00000"}))
        self.assertEqual(
            result.errors,
            [
                "Dòng 3, cột “Mã đơn vị hành chính”: mã “00000” không có trong danh mục đơn vị hành chính "
                "(xã, phường, đặc khu, tỉnh)."
            ],
        )
        self.assertEqual(Case.objects.count(), 0)

    def test_the_unit_version_valid_on_the_receipt_date_is_used(self):
        # 24820 was "Phường 1" until 30/6/2025 and is "Phường Xuân Hương - Đà Lạt" since; a letter
        # of May 2025 names the old ward and goes to the body of the ward that absorbed it.
        for old, new in ((self.p.old_commune, self.p.commune), (self.p.old_province, self.p.province)):
            UnitLink.objects.create(predecessor=old, successor=new, effective_date=new.valid_from)
        result = self.run_import(workbook({**GOOD, "received_on": "20/05/2025"}))
        self.assertEqual(result.errors, [])
        case = Case.objects.get()
        self.assertEqual((case.unit, case.organization), (self.p.old_commune, self.p.commune_org))
        self.assertEqual(case.province, self.p.province)

    def test_a_service_refusal_rolls_back_the_rows_already_written(self):
        # Row 2 is fine; row 3 passes the sheet checks but the service finds no body to route to.
        from orgs.models import Organization

        Organization.objects.filter(unit__in=[self.p.other_commune, self.p.province]).update(is_active=False)
        other = {**GOOD, "title": "Xã khác", "unit": "24823"}
        result = self.run_import(workbook(GOOD, other), by=self.p.central)
        self.assertEqual(len(result.errors), 1)
        self.assertTrue(result.errors[0].startswith("Dòng 3: Chưa có cơ quan tiếp nhận ý kiến"), result.errors)
        self.assertEqual(Case.objects.count(), 0)

    def test_dry_run_checks_everything_and_writes_nothing(self):
        result = self.run_import(workbook(GOOD), dry_run=True)
        self.assertEqual((result.errors, len(result.created)), ([], 1))
        self.assertEqual(Case.objects.count(), 0)

    def test_duplicate_rows_in_one_file_are_refused(self):
        result = self.run_import(workbook(GOOD, GOOD))
        self.assertEqual(len(result.errors), 1)
        self.assertIn("Dòng 3: trùng với dòng 2", result.errors[0])

    def test_hostile_strings_are_refused_or_kept_as_text(self):
        formula = {**GOOD, "title": '=HYPERLINK("http://evil.example","Bấm vào")'}
        result = self.run_import(workbook(formula))
        self.assertEqual(["Dòng 2, cột “Tiêu đề”: không chấp nhận công thức, hãy nhập giá trị."], result.errors)
        script = {**GOOD, "title": "<script>alert('x')</script>", "content": "<img src=x onerror=alert(1)>"}
        result = self.run_import(workbook(script))
        self.assertEqual(result.errors, [])
        case = Case.objects.get()
        self.login(self.p.commune_officer)
        page = self.client.get(f"/y-kien/{case.pk}/")
        self.assertNotContains(page, "<script>alert('x')</script>")
        self.assertContains(page, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")

    def test_unreadable_disguised_and_oversized_files_are_refused(self):
        with self.assertRaisesMessage(ServiceError, "không đúng định dạng cho phép (Excel (XLSX))"):
            self.run_import(SimpleUploadedFile("y-kien.xlsx", b"PK\x03\x04 not really a zip" + b"\x00" * 100))
        with self.assertRaisesMessage(ServiceError, "thực chất là tệp chương trình Windows"):
            self.run_import(SimpleUploadedFile("y-kien.xlsx", b"MZ\x90\x00" + b"\x00" * 100))
        with override_settings(DANVAN_MAX_IMPORT_BYTES=1024 * 1024):
            big = SimpleUploadedFile("y-kien.xlsx", b"PK\x03\x04" + b"\x00" * (1024 * 1024 + 1))
            with self.assertRaisesMessage(ServiceError, "vượt giới hạn 1 MB"):
                self.run_import(big)
        with self.assertRaisesMessage(ServiceError, "thiếu cột: “Loại ý kiến”"):
            headers = [h for h, attr, _r in excel.COLUMNS if attr != "kind"]
            self.run_import(workbook(headers=headers))
        with self.assertRaisesMessage(ServiceError, "Tệp không có dòng dữ liệu nào"):
            self.run_import(workbook())
        self.assertEqual(Case.objects.count(), 0)

    def test_a_viewer_cannot_import(self):
        with self.assertRaisesMessage(ServiceError, "chưa thuộc cơ quan nào có quyền ghi nhận"):
            self.run_import(workbook(GOOD), by=self.p.viewer)

    def test_the_template_lists_allowed_values_and_reimports_cleanly(self):
        data = excel.template_workbook()
        wb = load_workbook(io.BytesIO(data))
        self.assertEqual(wb.sheetnames, [excel.SHEET, excel.LISTS_SHEET, "Hướng dẫn"])
        headers = [c.value for c in wb[excel.SHEET][1]]
        self.assertIn("Loại ý kiến *", headers)
        lists = [c.value for c in wb[excel.LISTS_SHEET]["A"]]
        self.assertIn("Tố cáo", lists)
        self.assertIn("Đất đai, bồi thường, giải phóng mặt bằng", [c.value for c in wb[excel.LISTS_SHEET]["B"]])
        # Fill the template itself, as an officer would.
        ws = wb[excel.SHEET]
        ws.append([GOOD.get(attr) for _h, attr, _r in excel.COLUMNS])
        buf = io.BytesIO()
        wb.save(buf)
        result = self.run_import(SimpleUploadedFile("mau.xlsx", buf.getvalue()))
        self.assertEqual((result.errors, len(result.created)), ([], 1))


class CaseImportPageAndApiTest(BaseTestCase):
    def test_page_imports_and_lists_errors(self):
        self.login(self.p.commune_officer)
        self.assertContains(self.client.get("/y-kien/"), "/y-kien/nhap-excel/")
        template = self.client.get("/y-kien/nhap-excel/mau/")
        self.assertEqual(template["Content-Type"], excel.XLSX_TYPE)
        bad = self.client.post("/y-kien/nhap-excel/", {"file": workbook({**GOOD, "unit": "99999"})})
        self.assertContains(bad, "Dòng 2, cột “Mã đơn vị hành chính”")
        self.assertContains(bad, "chưa nhập dòng nào")
        good = self.client.post("/y-kien/nhap-excel/", {"file": workbook(GOOD)})
        self.assertContains(good, "Đã nhập 1 ý kiến")
        self.assertContains(good, Case.objects.get().display_code)

    def test_api_imports_and_is_in_the_schema(self):
        api = APIClient()
        api.force_authenticate(self.p.commune_officer)
        bad = api.post("/api/v1/cases/import/", {"file": workbook({**GOOD, "kind": "?"})}, format="multipart")
        self.assertEqual(bad.status_code, 400, bad.content)
        self.assertIn("Dòng 2, cột “Loại ý kiến”", bad.json()["extra"]["errors"][0])
        check = api.post("/api/v1/cases/import/", {"file": workbook(GOOD), "dry_run": "true"}, format="multipart")
        self.assertEqual((check.status_code, check.json()["created"]), (200, 1), check.content)
        self.assertEqual(Case.objects.count(), 0)
        r = api.post("/api/v1/cases/import/", {"file": workbook(GOOD)}, format="multipart")
        self.assertEqual((r.status_code, r.json()["created"], r.json()["skipped"]), (201, 1, 0), r.content)
        self.assertEqual(len(r.json()["codes"]), 1)
        again = api.post("/api/v1/cases/import/", {"file": workbook(GOOD)}, format="multipart")
        self.assertEqual((again.status_code, again.json()["created"], again.json()["skipped"]), (200, 0, 1))
        schema = self.client.get("/api/schema/")
        self.assertContains(schema, "cases_import")
        anonymous = APIClient().post("/api/v1/cases/import/", {"file": workbook(GOOD)}, format="multipart")
        self.assertIn(anonymous.status_code, (401, 403))
