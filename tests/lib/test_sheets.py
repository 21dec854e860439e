"""The guarded spreadsheet reader (lib.sheets.iter_sheet): every check on a workbook happens before
openpyxl expands it, and each refusal is a Vietnamese SheetError (issue 18, item 2)."""

import io
import time

from django.test import SimpleTestCase, override_settings

from lib.sheets import SheetError, SheetLimits, iter_sheet, read_sheet
from lib.uploads import UploadRejected, check_bytes
from tests.security import hostile_files as hf

BIG = 50 * 1024 * 1024


def rows_of(data: bytes, limits: SheetLimits | None = None, name: str = "tep.xlsx") -> list:
    return list(iter_sheet(io.BytesIO(data), name, len(data), max_bytes=BIG, limits=limits))


class GuardedReaderTest(SimpleTestCase):
    def assert_refused(self, data: bytes, pattern: str, limits: SheetLimits | None = None):
        started = time.monotonic()
        with self.assertRaisesRegex(SheetError, pattern):
            rows_of(data, limits)
        self.assertLess(time.monotonic() - started, 5, "the refusal came only after parsing the file")

    def test_it_reads_an_ordinary_workbook(self):
        self.assertEqual(rows_of(hf.workbook([["Tên", "Mã"], ["a", 1]])), [(1, ("Tên", "Mã")), (2, ("a", 1))])

    def test_it_refuses_a_file_that_unpacks_past_the_total_limit(self):
        self.assert_refused(hf.padded_workbook(60 * 1024 * 1024), "tỉ lệ nén|khi giải nén")
        # The total alone, with a ratio that would pass.
        self.assert_refused(
            hf.padded_workbook(3 * 1024 * 1024),
            r"khi giải nén lên tới 3,\d MB, vượt giới hạn 2,0 MB",
            SheetLimits(max_total_bytes=2 * 1024 * 1024, max_ratio=10**6),
        )

    def test_it_refuses_an_entry_compressed_too_far(self):
        self.assert_refused(hf.shared_strings_bomb(30 * 1024 * 1024), "tỉ lệ nén vượt 100 lần")

    def test_it_refuses_huge_shared_strings_even_when_they_do_not_compress(self):
        self.assert_refused(
            hf.shared_strings_bomb(2 * 1024 * 1024, compressible=False),
            r"chứa 2,0 MB văn bản, vượt giới hạn 1,0 MB",
            SheetLimits(max_shared_strings_bytes=1024 * 1024),
        )

    def test_it_refuses_too_many_entries(self):
        self.assert_refused(hf.many_entries_workbook(1500), "1.?5\\d\\d thành phần nén, vượt giới hạn 1000")

    def test_it_refuses_a_declared_dimension_past_the_limits(self):
        self.assert_refused(hf.declared_dimension_bomb("A1:A1048576"), "quá 100000 dòng")
        self.assert_refused(hf.declared_dimension_bomb("A1:XFD1"), "quá 200 cột")

    def test_it_stops_reading_past_the_row_limit(self):
        self.assert_refused(hf.far_row_workbook(1_000_000), "quá 100000 dòng")
        self.assert_refused(hf.many_rows_workbook(60), "quá 50 dòng", SheetLimits(max_rows=50))
        self.assertEqual(len(rows_of(hf.many_rows_workbook(50), SheetLimits(max_rows=50))), 50)

    def test_it_refuses_what_is_not_a_zip_or_a_broken_one(self):
        for data in (b"", hf.ELF, hf.MZ, hf.truncated_zip(), hf.PDF_HEAD, b"PK\x03\x04broken"):
            with self.subTest(head=data[:8]), self.assertRaises(SheetError):
                rows_of(data)

    @override_settings(DANVAN_SHEET_MAX_ROWS=10)
    def test_the_limits_come_from_the_settings(self):
        with self.assertRaisesRegex(SheetError, "quá 10 dòng"):
            read_sheet(
                io.BytesIO(data := hf.many_rows_workbook(20)),
                "tep.xlsx",
                len(data),
                [("x", "x", False)],
                max_rows=1000,
                max_bytes=BIG,
            )


class HostileEvidenceTest(SimpleTestCase):
    """Stored files (evidence, attachments) are not parsed, but the same checks keep bombs,
    polyglots and absurd images out."""

    def test_it_refuses_office_bombs_polyglots_and_huge_images(self):
        cases = [
            ("bom.xlsx", hf.padded_workbook(60 * 1024 * 1024), "tỉ lệ nén|khi giải nén"),
            ("nhieu.xlsx", hf.many_entries_workbook(1500), "thành phần nén"),
            ("ghep.pdf", hf.polyglot(hf.PDF_HEAD), "tệp nén bên trong"),
            ("ghep.jpg", hf.polyglot(hf.JPEG_HEAD), "tệp nén bên trong"),
            ("anh.png", hf.huge_png(), "100000×100000"),
        ]
        for name, data, pattern in cases:
            with self.subTest(name), self.assertRaisesRegex(UploadRejected, pattern):
                check_bytes(data, name)

    def test_it_still_accepts_ordinary_files(self):
        self.assertEqual(check_bytes(hf.workbook(), "a.xlsx").name, "xlsx")
        self.assertEqual(check_bytes(hf.huge_png(800, 600), "a.png").name, "png")
        self.assertEqual(check_bytes(hf.PDF_HEAD + b"%%EOF", "a.pdf").name, "pdf")
