"""Periodic reports (báo cáo sơ kết, tổng kết) as Word documents in the official layout.

Two layouts, chosen per issuing body (domain-notes §6):
- ``"party"``: Hướng dẫn 36-HD/VPTW (03/4/2018), for Party bodies such as Ban Dân vận or Ban Tuyên giáo và Dân vận.
- ``"state"``: Nghị định 30/2020/NĐ-CP, Phụ lục I, for state bodies such as UBND, sở, ngành.

Framework-free: plain dataclasses in, DOCX bytes out, so the Django app can feed it from its models later.
"""

from __future__ import annotations

import copy
import io
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from reports.docx_content import (
    _XML_FORBIDDEN,
    Align,
    CellValue,
    Column,
    IndicatorTable,
    ReportDocument,
    RichText,
    Section,
    _estimate_width_mm,
    _is_number,
    _roman,
    clean_line,
    clean_paragraphs,
    format_number,
    format_percent,
    number_line,
    place_date_line,
)

# NĐ 30/2020 Phụ lục I: A4; margins top 20–25, bottom 20–25, left 30–35, right 15–20 mm. HD 36 sets no stricter values.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
BODY_PT = 14
FIRST_LINE_INDENT_MM = 12.7

PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# NĐ 30 wants a drawn line exactly as long as the motto. Width of the motto set in Times New Roman / Liberation Serif
# Bold 13 pt, summed from the font's advance widths (accents do not change a letter's advance).
MOTTO_PT = 13
MOTTO_WIDTH_MM = 55.9

# Vietnamese legal texts letter their points a, b, c, d, đ, e, g… (no f, j, w, z).
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
# ECMA-376 order of a table's properties.
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------- rendering


def render_docx(report: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    build_document(report).save(buffer)
    return buffer.getvalue()


def build_document(report: ReportDocument) -> DocxDocument:
    doc = Document()
    writer = _Writer(doc, report)
    writer.setup()
    writer.header_block()
    writer.title_block()
    for text in report.intro:
        writer.body_paragraphs(text)
    for index, section in enumerate(report.sections, start=1):
        writer.section(section, (index,))
    writer.signature_block()
    return doc


class _Writer:
    def __init__(self, doc: DocxDocument, report: ReportDocument):
        self.doc = doc
        self.report = report
        self.font = report.font_name
        self.party = report.format == "party"
        self._cell_templates: dict[tuple, etree._Element] = {}

    # -- document set-up

    def setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance = section.footer_distance = Mm(10)
        # NĐ 30: Arabic page number centred in the top margin, not on the first page.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # an explicit empty first-page header
        page = section.header.paragraphs[0]
        page.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._page_field(page)

        styles_root = self.doc.styles.element
        defaults = styles_root.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                self._fonts(rpr)
                lang = rpr.find(qn("w:lang"))
                if lang is not None:
                    lang.set(qn("w:val"), "vi-VN")
                    lang.set(qn("w:eastAsia"), "vi-VN")
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        self._fonts(normal.element.get_or_add_rPr())
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        self._declare_font()

        props = self.doc.core_properties
        props.title = clean_line(f"{self.report.title} {self.report.subtitle}")
        props.author = props.last_modified_by = clean_line(self.report.issuer)
        props.language = "vi-VN"
        props.comments = ""

    def _fonts(self, rpr) -> None:
        """Name the font for every script: Word and LibreOffice pick the eastAsia/cs font for some Vietnamese text."""
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in list(rfonts.attrib):
            del rfonts.attrib[attr]  # theme fonts win over named ones: drop them
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            rfonts.set(qn(f"w:{script}"), self.font)

    def _declare_font(self) -> None:
        """Tell Word on a machine without Liberation Serif to substitute Times New Roman, not its default font."""
        if self.font == "Times New Roman":
            return
        for part in self.doc.part.package.iter_parts():
            if str(part.partname) != "/word/fontTable.xml":
                continue
            root = etree.fromstring(part.blob)  # noqa: S320 - python-docx's own bundled template
            font = etree.SubElement(root, qn("w:font"), {qn("w:name"): self.font})
            for tag, value in (
                ("altName", "Times New Roman"),
                ("panose1", "02020603050405020304"),  # Times New Roman's classification numbers
                ("family", "roman"),
                ("pitch", "variable"),
            ):
                etree.SubElement(font, qn(f"w:{tag}"), {qn("w:val"): value})
            # The font table is a plain Part in python-docx, which offers no setter for its bytes.
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page_field(self, paragraph: Paragraph) -> None:
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
            run = self.run(paragraph, "", size=BODY_PT)
            if kind:
                run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text

    # -- low-level helpers

    def run(self, paragraph: Paragraph, text: str, *, size: float, bold=False, italic=False, underline=False):
        run = paragraph.add_run(clean_line(text) if text else "")
        self._fonts(run._r.get_or_add_rPr())
        run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.italic = italic or None
        run.font.underline = underline or None
        return run

    def paragraph(
        self,
        container,
        text: str = "",
        *,
        size: float = BODY_PT,
        bold=False,
        italic=False,
        underline=False,
        align: Align | Literal["justify"] = "left",
        first_line: bool = False,
        before: float = 0,
        after: float = 0,
        keep_with_next=False,
        reuse_empty=True,
    ) -> Paragraph:
        paragraphs = getattr(container, "paragraphs", [])
        # A fresh table cell already holds one empty paragraph: write into it rather than leave a blank line.
        if reuse_empty and container is not self.doc and len(paragraphs) == 1 and not paragraphs[0].text:
            paragraph = paragraphs[0]
            if paragraph.runs or paragraph._p.pPr is not None:
                paragraph = container.add_paragraph()
        else:
            paragraph = container.add_paragraph()
        paragraph.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if first_line:
            fmt.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
        if keep_with_next:
            fmt.keep_with_next = True
        if text:
            self.run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
        self._mark_font(paragraph, size)
        return paragraph

    def cell_paragraph(self, cell, text: str, *, size: float, bold=False, align: Align = "left") -> None:
        """``paragraph(cell, text, ...)`` for a fresh table cell, as a copy of the first cell paragraph written with
        the same format with only the text changed: python-docx's property setters are slow and a province report
        has thousands of cells. Anything unusual (a cell already written to, text python-docx would split
        into tabs or breaks, or that needs xml:space) takes the ordinary path."""
        line = clean_line(text) if text else ""
        key = (size, bold, align, bool(text))
        paragraphs = cell._tc.p_lst
        fresh = len(paragraphs) == 1 and len(paragraphs[0]) == 0
        plain = line == text and not any(char in line for char in "\t\r\n")
        template = self._cell_templates.get(key)
        if not (fresh and plain):
            self.paragraph(cell, text, size=size, bold=bold, align=align)
            return
        if template is None:
            written = self.paragraph(cell, text, size=size, bold=bold, align=align)
            self._cell_templates[key] = copy.deepcopy(written._p)
            return
        new_p = copy.deepcopy(template)
        if line:
            new_p.find(f"{qn('w:r')}/{qn('w:t')}").text = line
        paragraphs[0].addprevious(new_p)
        cell._tc.remove(paragraphs[0])

    def _mark_font(self, paragraph: Paragraph, size: float) -> None:
        """Size the paragraph mark too, or an empty line takes the style's height."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        self._fonts(rpr)
        for tag in ("w:sz", "w:szCs"):
            rpr.append(OxmlElement(tag, {qn("w:val"): str(round(size * 2))}))

    def rule(self, container, length_mm: float, width_mm: float) -> Paragraph:
        """A short horizontal line centred in a cell: an empty, tiny paragraph with a bottom border between indents.
        A border on the text's own paragraph would also narrow the text to the rule's length."""
        paragraph = self.paragraph(container, size=2, reuse_empty=False)
        fmt = paragraph.paragraph_format
        fmt.line_spacing = Pt(2)
        side = max(0.0, (width_mm - min(length_mm, width_mm)) / 2)
        fmt.left_indent = fmt.right_indent = Mm(side)
        borders = OxmlElement("w:pBdr")
        line = {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"}  # 3/4 pt
        borders.append(OxmlElement("w:bottom", line))
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert_element_before(
            borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr", "w:pPrChange"
        )
        return paragraph

    def fixed_table(self, rows: int, widths_mm: Sequence[float], *, borders: bool) -> Table:
        """A table LibreOffice will not re-flow: fixed layout, grid and cell widths all set."""
        table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        if borders:
            table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = table._tbl.tblPr
        # Word rejects a file whose tblPr children are out of schema order, so insert each before its successors.
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is None:
            tbl_w = OxmlElement("w:tblW")
            tbl_pr.insert_element_before(tbl_w, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblW") + 1 :])
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
        if not borders:
            edges = OxmlElement("w:tblBorders")
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                edges.append(OxmlElement(f"w:{edge}", {qn("w:val"): "nil"}))
            tbl_pr.insert_element_before(edges, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblBorders") + 1 :])
            margins = OxmlElement("w:tblCellMar")
            for edge in ("left", "right"):
                margins.append(OxmlElement(f"w:{edge}", {qn("w:w"): "0", qn("w:type"): "dxa"}))
            tbl_pr.insert_element_before(margins, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblCellMar") + 1 :])
        for index, width in enumerate(widths_mm):
            table.columns[index].width = Mm(width)
        # Row by row on the cell elements of this fresh, unmerged table: ``columns[i].cells`` builds a cell object
        # for every cell of the table for each column (a quarter of a province report's rendering time).
        for tr in table._tbl.tr_lst:
            for tc, width in zip(tr.tc_lst, widths_mm, strict=True):
                tc.width = Mm(width)
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        return table

    # -- blocks

    def header_block(self) -> None:
        report = self.report
        left_mm, right_mm = (80, 85) if self.party else (70, 95)
        table = self.fixed_table(2, (left_mm, right_mm), borders=False)
        left, right = table.cell(0, 0), table.cell(0, 1)
        size = 14 if self.party else 13
        issuer_lines = clean_paragraphs(report.issuer)
        if report.issuer_parent:
            for line in clean_paragraphs(report.issuer_parent):
                self.paragraph(left, line.upper(), size=size, align="center")
        for line in issuer_lines:
            self.paragraph(left, line.upper(), size=size, bold=True, align="center")
        if self.party:
            self.paragraph(left, "*", size=size, align="center")  # HD 36: a star under the issuing body
            self.paragraph(right, PARTY_HEADING, size=15, bold=True, underline=True, align="center")
        else:
            longest = max((_estimate_width_mm(line, size, bold=True) for line in issuer_lines), default=0)
            self.rule(left, min(longest, left_mm) * 0.4, left_mm)  # NĐ 30: 1/3–1/2 of the name's length
            self.paragraph(right, NATIONAL_NAME, size=12, bold=True, align="center")
            self.paragraph(right, MOTTO, size=MOTTO_PT, bold=True, align="center", reuse_empty=False)
            self.rule(right, MOTTO_WIDTH_MM, right_mm)  # NĐ 30: as long as the motto, a drawn line, not underline
        self.paragraph(table.cell(1, 0), number_line(report), size=size, align="center", before=6)
        self.paragraph(
            table.cell(1, 1), place_date_line(report.place, report.date), size=14, italic=True, align="center", before=6
        )

    def title_block(self) -> None:
        report = self.report
        title_pt = 16 if self.party else 14  # HD 36: tên loại 15–16 pt; NĐ 30: 13–14 pt
        self.paragraph(self.doc, report.title.upper(), size=title_pt, bold=True, align="center", before=18)
        subtitle = " ".join(clean_paragraphs(report.subtitle))
        self.paragraph(self.doc, subtitle, bold=True, align="center", keep_with_next=True)
        length = min(_estimate_width_mm(subtitle, BODY_PT, bold=True), TEXT_WIDTH_MM) * 0.4
        self.rule(self.doc, max(length, 20), TEXT_WIDTH_MM)
        self.paragraph(self.doc, "", size=6)

    def body_paragraphs(self, text: str) -> None:
        for line in clean_paragraphs(text):
            self.paragraph(self.doc, line, align="justify", first_line=True, before=6)

    def section(self, section: Section, path: tuple[int, ...]) -> None:
        level = len(path) - 1 + (0 if self.report.parts else 1)
        heading = " ".join(clean_paragraphs(section.heading))
        numbered = self.report.number_headings
        if level == 0:
            if numbered:
                self.paragraph(self.doc, f"PHẦN {_roman(path[-1])}", bold=True, align="center", before=12)
            self.paragraph(self.doc, heading.upper(), bold=True, align="center", before=0 if numbered else 12)
        else:
            if level == 1:
                label, heading, style = f"{_roman(path[-1])}.", heading.upper(), {"bold": True}
            elif level == 2:
                label, style = f"{path[-1]}.", {"bold": True}
            elif level == 3:
                label, style = f"{path[-2]}.{path[-1]}.", {"bold": True, "italic": True}
            else:
                label, style = f"{_POINT_LETTERS[(path[-1] - 1) % len(_POINT_LETTERS)]})", {"italic": True}
            text = f"{label} {heading}" if numbered else heading
            self.paragraph(self.doc, text, align="justify", first_line=True, before=6, keep_with_next=True, **style)
        for item in section.body:
            if isinstance(item, IndicatorTable):
                self.indicator_table(item)
            elif isinstance(item, RichText):
                self.rich_text(item)
            else:
                self.body_paragraphs(item)
        for index, child in enumerate(section.subsections, start=1):
            self.section(child, (*path, index))

    def rich_text(self, text: RichText) -> None:
        """Body paragraphs with their bold/italic/underline runs; list items as Word list paragraphs ("List
        Bullet"/"List Number" styles, nested levels "… 2"/"… 3"), each numbered list restarting at 1."""
        numbering: dict[int, int] = {}
        for para in text.paragraphs:
            if para.list_kind:
                paragraph = self.paragraph(self.doc, align="justify", before=3)
                base = "List Bullet" if para.list_kind == "bullet" else "List Number"
                level = min(para.level, 2)
                paragraph.style = self.doc.styles[base if level == 0 else f"{base} {level + 1}"]
                if para.list_kind == "number":
                    if para.list_id not in numbering:
                        numbering[para.list_id] = self._restart_numbering(paragraph.style)
                    if numbering[para.list_id]:
                        self._number(paragraph, numbering[para.list_id])
            else:
                paragraph = self.paragraph(self.doc, align="justify", first_line=True, before=6)
            for run in para.runs:
                if run.text == "\n":
                    paragraph.add_run().add_break()
                    continue
                text = _XML_FORBIDDEN.sub("", unicodedata.normalize("NFC", run.text)).replace("\t", " ")
                piece = paragraph.add_run(text)
                self._fonts(piece._r.get_or_add_rPr())
                piece.font.size = Pt(BODY_PT)
                piece.font.bold = run.bold or None
                piece.font.italic = run.italic or None
                piece.font.underline = run.underline or None

    def _restart_numbering(self, style) -> int:
        """A new numbering instance of the style's list that starts again at 1 (0 when the style has none)."""
        num_pr = style.element.find(qn("w:pPr") + "/" + qn("w:numPr"))
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is None:
            return 0
        numbering = self.doc.part.numbering_part.element
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id.get(qn("w:val")):
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract is None:
            return 0
        new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        num = OxmlElement("w:num", {qn("w:numId"): str(new_id)})
        num.append(OxmlElement("w:abstractNumId", {qn("w:val"): abstract}))
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): "0"})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): "1"}))
        num.append(override)
        numbering.append(num)
        return new_id

    @staticmethod
    def _number(paragraph: Paragraph, num_id: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        num_pr.append(OxmlElement("w:ilvl", {qn("w:val"): "0"}))
        num_pr.append(OxmlElement("w:numId", {qn("w:val"): str(num_id)}))
        ppr.insert_element_before(
            num_pr, "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
        )

    def indicator_table(self, data: IndicatorTable) -> None:
        columns = data.columns
        totals = data.totals() if data.total_label is not None else None
        self.paragraph(self.doc, data.caption, size=13, bold=True, align="center", before=6, keep_with_next=True)
        if data.unit:
            self.paragraph(self.doc, data.unit, size=12, italic=True, align="right", keep_with_next=True)
        rows = len(data.rows) + 1 + (1 if totals is not None else 0)
        table = self.fixed_table(rows, _column_widths(columns), borders=True)
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
        for cell, col in zip(header.cells, columns, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self.paragraph(cell, col.title, size=12, bold=True, align="center")
        for row_cells, values in zip(table.rows[1:], data.rows, strict=False):
            for cell, col, value in zip(row_cells.cells, columns, values, strict=True):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                self.cell_paragraph(cell, _cell_text(value, col), size=12, align=_cell_align(col))
        if totals is not None:
            cells = table.rows[-1].cells
            for cell, col, total in zip(cells, columns, totals, strict=True):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                if total is not None:
                    self.cell_paragraph(cell, _figure(total, col), size=12, bold=True, align="right")
            # The label spans the columns before the first figure ("TT" and "Đơn vị" together).
            first_figure = next((i for i, total in enumerate(totals) if total is not None), len(cells))
            if first_figure:
                label = cells[0].merge(cells[first_figure - 1]) if first_figure > 1 else cells[0]
                self.paragraph(label, data.total_label or "", size=12, bold=True, align="center")

    def signature_block(self) -> None:
        report, signer = self.report, self.report.signer
        table = self.fixed_table(1, (85, 80), borders=False)
        left, right = table.cell(0, 0), table.cell(0, 1)
        items = [item for item in (_recipient(r) for r in report.recipients) if item]
        archive = clean_line(report.archive).rstrip(".;")
        if items or archive:
            self.paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, before=12)
            item_pt = 12 if self.party else 11
            for item in items:
                self.paragraph(left, f"- {item};", size=item_pt)
            if archive:
                self.paragraph(left, f"- Lưu {archive}." if self.party else f"- Lưu: {archive}.", size=item_pt)
        for index, line in enumerate(clean_paragraphs(signer.authority)):
            self.paragraph(right, line.upper(), bold=True, align="center", before=12 if index == 0 else 0)
        position = self.paragraph(
            right, signer.position.upper(), bold=True, align="center", before=0 if signer.authority else 12
        )
        position.paragraph_format.space_after = Pt(72)  # room for the signature and the seal
        self.paragraph(right, signer.name, bold=True, align="center")


def _column_widths(columns: Sequence[Column]) -> list[float]:
    """Columns without a width share what is left, a text column taking 2.5 shares of a number column's one."""
    free = TEXT_WIDTH_MM - sum(col.width_mm for col in columns if col.width_mm)
    shares = sum(2.5 if col.kind == "text" else 1 for col in columns if not col.width_mm)
    unit = max(free, 0) / shares if shares else 0
    return [col.width_mm or max(10.0, unit * (2.5 if col.kind == "text" else 1)) for col in columns]


def _figure(value: int | float | Decimal, col: Column) -> str:
    return format_percent(value, col.decimals) if col.kind == "percent" else format_number(value, col.decimals)


def _cell_text(value: CellValue, col: Column) -> str:
    if value is None or value == "":
        return ""
    if col.kind in ("number", "percent") and _is_number(value):
        return _figure(value, col)
    return clean_line(value)


def _cell_align(col: Column) -> Align:
    if col.align:
        return col.align
    return "left" if col.kind == "text" else "right"


def _recipient(text: str) -> str:
    return clean_line(text).lstrip("-–+• ").rstrip(";.,").strip()
