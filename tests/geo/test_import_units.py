import datetime as dt
import io

from openpyxl import Workbook

from audit.models import AuditEvent
from geo import selectors
from geo.imports import UnitImportError, import_units
from geo.models import AdminUnit, UnitLink
from orgs.models import Organization
from tests.base import BaseTestCase

HEADER = "mã,tên,loại,mã cấp trên,hiệu lực từ,mã tiền thân\n"


class UnitImportTest(BaseTestCase):
    def run_csv(self, body: str):
        return import_units(data=(HEADER + body).encode(), filename="dm.csv", by=self.p.admin)

    def test_a_rename_closes_the_old_version_and_keeps_history(self):
        result = self.run_csv("24823,Xã Lạc Dương Mới,Xã,68,01/01/2027,\n")
        self.assertEqual((result.created, result.closed), (1, 1))
        old = selectors.unit_on("24823", dt.date(2026, 12, 31))
        new = selectors.unit_on("24823", dt.date(2027, 1, 1))
        self.assertEqual((old.name, old.valid_to), ("Xã Lạc Dương", dt.date(2026, 12, 31)))
        self.assertEqual(
            (new.name, new.parent, new.province_id), ("Xã Lạc Dương Mới", self.p.province, self.p.province.pk)
        )
        self.assertEqual([lk.successor for lk in selectors.successors(old)], [new])
        # The organisation on the commune follows it, and the move is audited.
        org = Organization.objects.get(pk=self.p.other_commune_org.pk)
        self.assertEqual(org.unit, new)
        self.assertTrue(AuditEvent.objects.for_object(org).filter(reason__contains="sắp xếp lại").exists())

    def test_a_merge_and_a_province_becoming_a_city_cascade_to_children(self):
        self.run_csv(
            "68,Thành phố Lâm Đồng,Thành phố trực thuộc trung ương,,01/01/2027,\n"
            "24824,Phường Đà Lạt,Phường,68,01/01/2027,24820;24823\n"
        )
        on = dt.date(2027, 1, 2)
        city = selectors.unit_on("68", on)
        self.assertEqual(city.unit_type, "thanh_pho_tw")
        merged = selectors.unit_on("24824", on)
        self.assertEqual({lk.predecessor.code for lk in selectors.predecessors(merged)}, {"24820", "24823"})
        self.assertIsNone(selectors.unit_on("24820", on))
        # The old province's untouched children follow it: still one commune count per date.
        self.assertEqual(selectors.units_on(on, level="commune", parent=city).count(), 1)
        self.assertEqual(selectors.units_on(dt.date(2026, 6, 1), level="commune", parent=self.p.province).count(), 2)

    def test_an_unknown_parent_code_names_the_row_and_imports_nothing(self):
        before = (AdminUnit.objects.count(), UnitLink.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(UnitImportError) as ctx:
            self.run_csv("24830,Xã Mới,Xã,68,01/01/2027,\n24831,Xã Khác,Xã,999,01/01/2027,\n")
        self.assertEqual(ctx.exception.errors, ["Dòng 3: mã cấp trên “999” không tồn tại vào ngày 01/01/2027."])
        self.assertEqual((AdminUnit.objects.count(), UnitLink.objects.count(), AuditEvent.objects.count()), before)

    def test_invalid_and_overlapping_dates_are_refused(self):
        with self.assertRaises(UnitImportError) as ctx:
            self.run_csv("24823,Xã X,Xã,68,31/02/2027,\n")
        self.assertIn("Dòng 2: ngày hiệu lực “31/02/2027” không đúng dạng dd/mm/yyyy.", ctx.exception.errors)
        with self.assertRaises(UnitImportError) as ctx:
            self.run_csv("24823,Xã X,Xã,68,01/07/2025,\n")
        self.assertIn("trùng hoặc chồng lấn", ctx.exception.errors[0])
        self.assertEqual(selectors.unit_on("24823", dt.date(2030, 1, 1)).name, "Xã Lạc Dương")

    def test_other_bad_files_get_clear_messages(self):
        cases = [
            (b"MZ\x90\x00\x00\x00binary", "không phải CSV"),
            (b"ma,ten\n1,2\n", "Thiếu cột: loại, hiệu lực từ, mã cấp trên"),
            ((HEADER + "24823,X,Làng,68,01/01/2027,\n").encode(), "loại “Làng” không hợp lệ"),
            ((HEADER + "24823,X,Xã,24820,01/01/2027,\n").encode(), "không thể là cấp trên"),
            ((HEADER + "24840,X,Xã,68,01/01/2027,\n24840,Y,Xã,68,01/01/2027,\n").encode(), "đã có ở dòng 2"),
        ]
        for data, message in cases:
            with self.assertRaises(UnitImportError, msg=message) as ctx:
                import_units(data=data, filename="dm.csv", by=self.p.admin)
            self.assertIn(message, " ".join(ctx.exception.errors))

    def test_it_reads_xlsx_too(self):
        wb = Workbook()
        wb.active.append(["Mã", "Tên", "Loại", "Mã cấp trên", "Hiệu lực từ"])
        wb.active.append(["24850", "Xã Đạ Sar", "Xã", "68", dt.datetime(2027, 1, 1)])
        buf = io.BytesIO()
        wb.save(buf)
        result = import_units(data=buf.getvalue(), filename="dm.xlsx", by=self.p.admin)
        self.assertEqual(result.created, 1)
        self.assertEqual(selectors.unit_on("24850", dt.date(2027, 1, 1)).name, "Xã Đạ Sar")

    def test_only_admins_reach_the_import_page(self):
        self.login(self.p.province_officer)
        self.assertEqual(self.client.get("/don-vi/nhap/").status_code, 403)
        self.login(self.p.admin)
        from django.core.files.uploadedfile import SimpleUploadedFile

        r = self.client.post(
            "/don-vi/nhap/", {"file": SimpleUploadedFile("dm.csv", (HEADER + "24823,X,Xã,999,01/01/2027,\n").encode())}
        )
        self.assertContains(r, "Dòng 2: mã cấp trên “999” không tồn tại vào ngày 01/01/2027.")
