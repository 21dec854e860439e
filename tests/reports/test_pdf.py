"""PDF without LibreOffice (reports.pdf_layout, fpdf2): both official layouts from the same document model as the
Word file, the Vietnamese fonts embedded, the text extractable as Vietnamese (read back with pypdf), and the download
working on a machine without ``soffice``."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from reports import pdf_render
from reports.docx_content import IndicatorTable, RichParagraph, RichRun, RichText, Section
from reports.pdf_layout import render_pdf_document
from tests.reports.helpers import ReportsTestCase
from tests.reports.test_docx_render import report


@pytest.fixture
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(pdf_render.shutil, "which", lambda name: None)


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # the TrueType program itself is in the file
            names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def test_the_state_layout_without_libreoffice(no_libreoffice):
    assert pdf_render.pdf_available()
    pdf = pdf_render.render_pdf(report("state"))
    assert pdf.startswith(b"%PDF")
    text = " ".join(text_of(pdf))
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-UBND",
        "Lâm Đồng, ngày 15 tháng 6 năm 2026",
        "Sơ kết công tác dân vận 6 tháng đầu năm 2026",
        "TÌNH HÌNH CÁC TẦNG LỚP NHÂN DÂN",
        "1.234.567",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn An",
    ):
        assert expected in text, expected
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert embedded_fonts(pdf) == {f"LiberationSerif{style}" for style in ("", "Bold", "Italic", "BoldItalic")}


def test_the_party_layout_without_libreoffice(no_libreoffice):
    text = " ".join(text_of(pdf_render.render_pdf(report("party"))))
    for expected in (
        "TỈNH ỦY LÂM ĐỒNG",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-BC/BTGDVTU",
        "PHẦN I",
        "PHẦN II",
        "- Lưu VT.",
        "T/M BAN THƯỜNG VỤ",
    ):
        assert expected in text, expected
    assert "Độc lập - Tự do - Hạnh phúc" not in text


def test_a_long_report_repeats_the_table_header_and_numbers_its_pages():
    rows = [[str(i), f"Xã số {i} (Đắk Lắk)", i * 1000, Decimal("2.5")] for i in range(1, 121)]
    table = IndicatorTable(caption="Bảng 2. Theo đơn vị", header=["TT", "Đơn vị", "Số tiền", "Tỷ lệ"], rows=rows)
    pages = text_of(render_pdf_document(report("state", sections=[Section("Số liệu", body=[table])])))
    assert len(pages) >= 3
    assert all("TT Đơn vị Số tiền Tỷ lệ" in page for page in pages[1:])  # the header row on every page
    assert pages[1].lstrip().startswith("2")  # the page number, from the second page on
    assert "Tổng cộng 7.260.000" in pages[-1]


def test_rich_text_lists_and_hostile_text_print(no_libreoffice):
    rich = RichText(
        [
            RichParagraph(
                [RichRun("Đậm ", bold=True), RichRun("nghiêng ", italic=True), RichRun("gạch", underline=True)]
            ),
            RichParagraph([RichRun("Mục một")], list_kind="number", list_id=1),
            RichParagraph([RichRun("Mục hai")], list_kind="number", list_id=1),
            RichParagraph([RichRun("Ý phụ")], list_kind="bullet", level=1),
            RichParagraph([RichRun("x" * 400 + "\x00\x07 <script>")]),  # an unbreakable word, control characters
        ]
    )
    text = " ".join(text_of(pdf_render.render_pdf(report("party", sections=[Section("Nội dung", body=[rich])]))))
    assert "Đậm nghiêng gạch" in text
    assert "1. Mục một" in text and "2. Mục hai" in text
    assert "<script>" in text


class PdfDownloadTest(ReportsTestCase):
    @pytest.fixture(autouse=True)
    def _no_libreoffice(self, monkeypatch):
        monkeypatch.setattr(pdf_render.shutil, "which", lambda name: None)

    def test_an_officer_downloads_the_pdf_on_a_server_without_libreoffice(self):
        report = self.report_of(self.p.commune_org)
        self.login(self.p.commune_officer)
        self.assertContains(self.client.get(f"/bao-cao/{report.pk}/"), "Tải PDF")
        response = self.client.get(f"/bao-cao/{report.pk}/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(text_of(response.content))
        self.assertIn("ĐẢNG BỘ TỈNH LÂM ĐỒNG", text)  # a Party body's report: the HD 36 layout
        self.assertIn(report.period.label.lower(), text.lower())

    def test_another_commune_cannot_download_it(self):
        report = self.report_of(self.p.commune_org)
        self.login(self.p.other_commune_officer)
        self.assertEqual(self.client.get(f"/bao-cao/{report.pk}/pdf/").status_code, 404)
