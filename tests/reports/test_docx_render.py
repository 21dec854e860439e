import datetime as dt
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import pdf_render
from reports.docx_content import (
    Column,
    IndicatorTable,
    ReportDocument,
    Section,
    Signer,
    format_number,
    format_percent,
    place_date_line,
)
from reports.docx_render import render_docx

FONT = "Times New Roman"


def indicators(**overrides) -> IndicatorTable:
    fields = {
        "caption": "Bảng 1. Kết quả phong trào thi đua Dân vận khéo",
        "header": [
            Column("TT", kind="text", width_mm=12, align="center"),
            "Đơn vị",
            "Số mô hình",
            "Giá trị huy động (đồng)",
            Column("Tỷ lệ hộ nghèo", kind="percent"),
        ],
        "rows": [
            ["1", "Phường Xuân Hương - Đà Lạt", 12, 1_000_000, 2.5],
            ["2", "Xã Lạc Dương", 7, 234_000, Decimal("12.5")],
            ["3", "Xã Đam Rông 1", None, 567, 10],
        ],
        "unit": "Đơn vị tính: mô hình, đồng, %",
    }
    return IndicatorTable(**(fields | overrides))


def report(fmt: str = "party", **overrides) -> ReportDocument:
    party = fmt == "party"
    fields = {
        "format": fmt,
        "issuer_parent": "TỈNH ỦY LÂM ĐỒNG" if party else "",
        "issuer": "BAN TUYÊN GIÁO VÀ DÂN VẬN" if party else "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG",
        "number": 12,
        "symbol": "BC/BTGDVTU" if party else "BC-UBND",
        "place": "Lâm Đồng",
        "date": dt.date(2026, 6, 15),
        "subtitle": "Sơ kết công tác dân vận 6 tháng đầu năm 2026",
        "intro": ["Thực hiện Kế hoạch số 05-KH/BTGDVTU, Ban Tuyên giáo và Dân vận Tỉnh ủy báo cáo như sau:"],
        "sections": [
            Section(
                "Kết quả thực hiện",
                subsections=[
                    Section(
                        "Tình hình các tầng lớp nhân dân",
                        body=["Nhân dân cơ bản phấn khởi, tin tưởng vào sự lãnh đạo của Đảng.", indicators()],
                        subsections=[
                            Section(
                                "Công tác dân vận của cấp ủy đảng",
                                body=["Các cấp ủy quan tâm lãnh đạo."],
                                subsections=[Section("Dân vận chính quyền", subsections=[Section("Tiếp công dân")])],
                            )
                        ],
                    )
                ],
            ),
            Section("Phương hướng, nhiệm vụ 6 tháng cuối năm", body=["Tiếp tục đẩy mạnh phong trào Dân vận khéo."]),
        ],
        "signer": Signer(
            position="PHÓ TRƯỞNG BAN",
            name="Nguyễn Văn An",
            authority="T/M BAN THƯỜNG VỤ" if party else "TM. ỦY BAN NHÂN DÂN",
        ),
        "recipients": ["Ban Dân vận Trung ương (b/c)", "- Thường trực Tỉnh ủy (b/c);"],
    }
    return ReportDocument(**(fields | overrides))


def read(doc: ReportDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(doc)))


def texts(container) -> list[str]:
    return [p.text for p in container.paragraphs if p.text]


def body_xml(doc: ReportDocument) -> str:
    with zipfile.ZipFile(io.BytesIO(render_docx(doc))) as zf:
        return zf.read("word/document.xml").decode()


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


# ------------------------------------------------------------------------------------------------ header


def test_it_heads_a_party_report_with_the_party_name_underlined():
    document = read(report("party"))
    header = document.tables[0]
    assert texts(header.cell(0, 0)) == ["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert header.cell(0, 0).paragraphs[1].runs[0].bold
    assert not header.cell(0, 0).paragraphs[0].runs[0].bold
    party = header.cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.runs[0].bold and party.runs[0].underline
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in body_xml(report("party"))


def test_it_heads_a_state_report_with_the_national_name_and_motto_over_a_drawn_rule():
    document = read(report("state"))
    header = document.tables[0]
    assert texts(header.cell(0, 0)) == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]
    right = header.cell(0, 1).paragraphs
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""]
    assert right[0].runs[0].bold and right[1].runs[0].bold
    assert not right[1].runs[0].underline  # NĐ 30 asks for a drawn line, not underlining
    rule = right[2]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "single"
    cell_mm, indent_mm = 95, right[2].paragraph_format.left_indent.mm
    assert cell_mm - 2 * indent_mm == pytest.approx(55.9, abs=0.5)  # as long as the motto in 13 pt bold
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in body_xml(report("state"))


def test_it_lays_the_header_out_in_a_fixed_borderless_table_as_wide_as_the_text():
    header = read(report("state")).tables[0]
    tbl_pr = header._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert all(edge.get(qn("w:val")) == "nil" for edge in tbl_pr.find(qn("w:tblBorders")))
    assert sum(col.width.mm for col in header.columns) == pytest.approx(165, abs=0.5)


@pytest.mark.parametrize(
    ("fmt", "number", "expected"),
    [
        ("party", 12, "Số 12-BC/BTGDVTU"),
        ("state", 12, "Số: 12/BC-UBND"),
        ("state", 5, "Số: 05/BC-UBND"),
        ("party", "12a", "Số 12a-BC/BTGDVTU"),
    ],
)
def test_it_writes_the_number_line_the_way_each_regulation_does(fmt, number, expected):
    header = read(report(fmt, number=number)).tables[0]
    assert header.cell(1, 0).text == expected


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_it_writes_place_and_date_in_italics(fmt):
    line = read(report(fmt)).tables[0].cell(1, 1).paragraphs[0]
    assert line.text == "Lâm Đồng, ngày 15 tháng 6 năm 2026"
    assert line.runs[0].italic


def test_it_pads_days_below_ten_and_january_and_february():
    assert place_date_line("Hà Nội", dt.date(2020, 3, 5)) == "Hà Nội, ngày 05 tháng 3 năm 2020"
    assert place_date_line("Lâm Đồng", dt.date(2026, 1, 9)) == "Lâm Đồng, ngày 09 tháng 01 năm 2026"
    assert place_date_line("Lâm Đồng", dt.date(2026, 2, 28)) == "Lâm Đồng, ngày 28 tháng 02 năm 2026"


# ------------------------------------------------------------------------------------------------ page and body


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_it_uses_a4_and_the_decree_margins(fmt):
    section = read(report(fmt)).sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.5)
    assert section.page_height.mm == pytest.approx(297, abs=0.5)
    assert section.top_margin.mm == pytest.approx(20, abs=0.5)
    assert section.bottom_margin.mm == pytest.approx(20, abs=0.5)
    assert section.left_margin.mm == pytest.approx(30, abs=0.5)
    assert section.right_margin.mm == pytest.approx(15, abs=0.5)


def test_it_writes_title_and_subtitle_bold_and_centred():
    paragraphs = read(report("state")).paragraphs
    title, subtitle = paragraphs[0], paragraphs[1]
    assert (title.text, subtitle.text) == ("BÁO CÁO", "Sơ kết công tác dân vận 6 tháng đầu năm 2026")
    for paragraph in (title, subtitle):
        assert paragraph.runs[0].bold
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_it_sets_times_new_roman_for_every_script_on_every_run(fmt):
    document = read(report(fmt))
    runs = list(all_runs(document))
    assert len(runs) > 50
    for run in runs:
        assert run.font.name == FONT
        assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == FONT
    assert document.styles["Normal"].font.name == FONT


def test_it_justifies_body_paragraphs_in_14_pt_with_a_first_line_indent():
    document = read(report("party"))
    intro = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert intro.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert intro.paragraph_format.first_line_indent.mm == pytest.approx(12.7, abs=0.1)
    assert intro.runs[0].font.size.pt == 14


def test_it_numbers_parts_sections_and_points():
    headings = texts(read(report("party")))
    for expected in [
        "PHẦN I",
        "KẾT QUẢ THỰC HIỆN",
        "I. TÌNH HÌNH CÁC TẦNG LỚP NHÂN DÂN",
        "1. Công tác dân vận của cấp ủy đảng",
        "1.1. Dân vận chính quyền",
        "a) Tiếp công dân",
        "PHẦN II",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM",
    ]:
        assert expected in headings
    assert headings.index("PHẦN I") < headings.index("I. TÌNH HÌNH CÁC TẦNG LỚP NHÂN DÂN") < headings.index("PHẦN II")


def test_it_starts_at_roman_numerals_when_the_report_has_no_parts():
    headings = texts(read(report("state", parts=False)))
    assert "I. KẾT QUẢ THỰC HIỆN" in headings
    assert "1. Tình hình các tầng lớp nhân dân" in headings
    assert "PHẦN I" not in headings


def test_it_splits_lines_into_paragraphs_rather_than_breaking_a_justified_line():
    doc = report("state", intro=["Dòng thứ nhất.\nDòng thứ hai.\r\n\r\nDòng thứ ba."])
    assert {"Dòng thứ nhất.", "Dòng thứ hai.", "Dòng thứ ba."} <= set(texts(read(doc)))
    assert "<w:br/>" not in body_xml(doc)


def test_it_numbers_pages_at_the_top_from_the_second_page():
    section = read(report("state")).sections[0]
    assert section.different_first_page_header_footer
    page_header = section.header.paragraphs[0]
    assert page_header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(t.text for t in page_header._p.iter(qn("w:instrText")))
    assert not section.first_page_header.is_linked_to_previous
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


# ------------------------------------------------------------------------------------------------ tables


def test_it_writes_the_total_row_as_the_sum_of_the_rows():
    data = indicators()
    table = read(report("party", intro=[], sections=[Section("Số liệu", body=[data])])).tables[1]
    header, *rows, total = [[cell.text for cell in row.cells] for row in table.rows]
    assert header == ["TT", "Đơn vị", "Số mô hình", "Giá trị huy động (đồng)", "Tỷ lệ hộ nghèo"]
    assert rows[0] == ["1", "Phường Xuân Hương - Đà Lạt", "12", "1.000.000", "2,5%"]
    assert rows[2][2] == ""  # a missing figure stays blank, it is not a zero
    money = sum(row[3] for row in data.rows)
    assert money == 1_234_567
    # The label spans "TT" and "Đơn vị"; rates are not summed.
    assert total == ["Tổng cộng", "Tổng cộng", "19", "1.234.567", ""]
    total_cells = table.rows[-1].cells
    for cell in total_cells[2:4]:
        assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert cell.paragraphs[0].runs[0].bold
    assert table.rows[1].cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_it_repeats_the_header_row_and_fills_the_text_width():
    table = read(report("state")).tables[1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert sum(col.width.mm for col in table.columns) == pytest.approx(165, abs=0.5)


def test_it_sums_exactly_without_float_noise():
    data = indicators(
        header=["Đơn vị", Column("Tỷ đồng", decimals=None)],
        rows=[["A", 0.1], ["B", 0.2]],
    )
    assert data.totals() == [None, Decimal("0.3")]


def test_it_refuses_a_row_with_the_wrong_number_of_cells():
    with pytest.raises(ValueError, match="dòng 2 có 2 ô nhưng tiêu đề có 3 cột"):
        IndicatorTable("Bảng 2", ["Đơn vị", "A", "B"], [["X", 1, 2], ["Y", 1]])


def test_it_refuses_text_in_a_column_it_must_sum():
    data = IndicatorTable("Bảng 3", ["Đơn vị", Column("Số vụ", kind="number")], [["X", 1], ["Y", "nhiều"]])
    with pytest.raises(ValueError, match='"nhiều" không phải là số'):
        data.totals()


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, None, "1.234.567"),
        (Decimal("1234567.50"), None, "1.234.567,5"),
        (12.5, None, "12,5"),
        (-1234, None, "-1.234"),
        (12, 1, "12,0"),
        (2.25, 1, "2,3"),
        (0, None, "0"),
        (Decimal("1E+3"), None, "1.000"),
    ],
)
def test_it_writes_numbers_the_vietnamese_way(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_it_writes_percentages_with_a_decimal_comma():
    assert format_percent(12.5) == "12,5%"
    assert format_percent(Decimal("100")) == "100%"


# ------------------------------------------------------------------------------------------------ signature, recipients


@pytest.mark.parametrize(("fmt", "archive"), [("party", "- Lưu VT."), ("state", "- Lưu: VT.")])
def test_it_lists_recipients_with_the_archive_copy_last(fmt, archive):
    signature = read(report(fmt)).tables[-1]
    recipients = signature.cell(0, 0).paragraphs
    label = recipients[0]
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold and label.runs[0].italic
    assert [p.text for p in recipients[1:]] == [
        "- Ban Dân vận Trung ương (b/c);",
        "- Thường trực Tỉnh ủy (b/c);",
        archive,
    ]


def test_it_writes_the_signer_block_in_bold_capitals_with_room_to_sign():
    signature = read(report("party")).tables[-1]
    right = [p for p in signature.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in right] == ["T/M BAN THƯỜNG VỤ", "PHÓ TRƯỞNG BAN", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in right)
    assert right[1].paragraph_format.space_after.pt >= 60
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


# ------------------------------------------------------------------------------------------------ hostile input


def test_it_writes_markup_as_text_and_drops_characters_xml_forbids():
    doc = report(
        "state",
        issuer="SỞ <b>NỘI VỤ</b> & CO\x00",
        subtitle="<script>alert(1)</script>",
        intro=["Nội dung\x01\x02\x03\x04\x05\x06\x07\x08 có ký tự điều khiển\x0b\x0c\x1f\ud800.", "\ufffe"],
        recipients=["Đơn vị \x00A"],
        sections=[Section("Mục\x00 1", body=[IndicatorTable("Bảng\x07", ["Tên", "Số"], [["a\x1fb", 1]])])],
    )
    document = read(doc)
    paragraphs = texts(document)
    assert "<script>alert(1)</script>" in paragraphs
    assert "Nội dung có ký tự điều khiển." in paragraphs
    assert texts(document.tables[0].cell(0, 0)) == ["SỞ <B>NỘI VỤ</B> & CO"]
    assert document.tables[1].cell(1, 0).text == "ab"
    assert "- Đơn vị A;" in texts(document.tables[-1].cell(0, 0))
    xml = body_xml(doc)
    assert "&lt;script&gt;" in xml and "<script>" not in xml


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
def test_it_renders_any_text_a_user_can_type(text):
    doc = report(
        "party",
        subtitle=text,
        intro=[text],
        recipients=[text],
        signer=Signer(position=text, name=text),
        sections=[Section(text, body=[IndicatorTable(text, [text, "Số"], [[text, 1]])])],
    )
    document = read(doc)
    assert document.tables[1].cell(2, 1).text == "1"


def test_it_composes_decomposed_vietnamese_letters():
    decomposed = "Đa\u0300 Lạt".replace("ạ", "a\u0323")
    document = read(report("state", intro=[decomposed]))
    assert "Đà Lạt" in texts(document)


def test_it_refuses_an_unknown_format():
    with pytest.raises(ValueError, match='"party"'):
        report("mttq")


# ------------------------------------------------------------------------------------------------ PDF


# The built-in PDF (no LibreOffice) is tested in tests/reports/test_pdf.py; these are the LibreOffice option's.
@pytest.mark.skipif(not pdf_render._soffice(), reason="LibreOffice (soffice) is not installed on this machine")
def test_it_converts_the_report_to_pdf(settings):
    settings.REPORTS_PDF_ENGINE = "libreoffice"
    pdf = pdf_render.render_pdf(report("state"))
    assert pdf.startswith(b"%PDF")


def test_it_explains_in_vietnamese_when_libreoffice_is_missing(monkeypatch, settings):
    settings.REPORTS_PDF_ENGINE = "libreoffice"
    monkeypatch.setattr(pdf_render.shutil, "which", lambda name: None)
    assert not pdf_render.pdf_available()
    with pytest.raises(pdf_render.PdfUnavailableError, match="Máy chủ chưa cài LibreOffice nên không xuất được PDF."):
        pdf_render.render_pdf(report("state"))
