"""Periodic reports as PDF in the same official layouts as the Word files, without LibreOffice.

Reads the same document model as ``reports.docx_render`` (``reports.docx_content.ReportDocument``, built by
``reports.document``) and lays it out with fpdf2, a maintained pure-Python PDF library (LGPL-3.0): A4, the margins,
sizes and blocks of Hướng dẫn 36-HD/VPTW (``"party"``) and Nghị định 30/2020 (``"state"``) that the Word renderer
uses — the two-column header, the title and its rule, numbered parts and headings, justified body text with a
first-line indent, indicator tables with a repeated header row and an exact total row, and the signature block.

The fonts are embedded (subsets): Liberation Serif 2.1 (SIL Open Font License 1.1), Times New Roman's
metric-compatible free twin with every Vietnamese letter, shipped in ``reports/fonts/`` so that a fresh machine with
only Python prints "ộ", "ậ", "ự" correctly. The text stays extractable (the fonts carry their Unicode map).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align as FpdfAlign
from fpdf.enums import TableBordersLayout, VAlign, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from reports.docx_content import (
    _XML_FORBIDDEN,
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

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "LiberationSerif"
FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

# The Word layout's numbers (reports.docx_render), so both files agree.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
BODY_PT = 14
FIRST_LINE_INDENT_MM = 12.7
LINE = 1.15  # single spacing: Liberation Serif's line height is 1.15 em
PT_MM = 25.4 / 72

PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_PT = 13
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

# fontTools logs every table it subsets at INFO: a line per table per download in the server's log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def render_pdf_document(report: ReportDocument) -> bytes:
    pdf = _ReportPdf()
    writer = _Writer(pdf, report)
    writer.header_block()
    writer.title_block()
    for text in report.intro:
        writer.body_paragraphs(text)
    for index, section in enumerate(report.sections, start=1):
        writer.section(section, (index,))
    writer.signature_block()
    return bytes(pdf.output())


class _ReportPdf(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONT_DIR / name))
        self.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
        self.set_auto_page_break(True, margin=MARGINS_MM["bottom"])
        self.set_lang("vi-VN")
        self.set_creator("DanVan")
        self.add_page()

    def header(self):
        # NĐ 30: the page number centred in the top margin, from the second page on.
        if self.page_no() > 1:
            self.set_font(FAMILY, "", BODY_PT)
            self.set_xy(self.l_margin, 10)
            self.cell(TEXT_WIDTH_MM, BODY_PT * LINE * PT_MM, str(self.page_no()), align="C")
            self.set_xy(self.l_margin, self.t_margin)


def _style(bold=False, italic=False, underline=False) -> str:
    return ("B" if bold else "") + ("I" if italic else "") + ("U" if underline else "")


def _h(size: float) -> float:
    return size * LINE * PT_MM


class _Writer:
    def __init__(self, pdf: _ReportPdf, report: ReportDocument):
        self.pdf = pdf
        self.report = report
        self.party = report.format == "party"
        pdf.set_title(clean_line(f"{report.title} {report.subtitle}"))
        pdf.set_author(clean_line(report.issuer))

    # -- low-level helpers

    def line(
        self,
        text: str,
        *,
        size: float = BODY_PT,
        bold=False,
        italic=False,
        underline=False,
        align: str = "L",
        x: float | None = None,
        width: float = TEXT_WIDTH_MM,
        before: float = 0,
    ) -> None:
        """One short block of text (wrapped if it must) in a column starting at ``x``."""
        pdf = self.pdf
        pdf.set_font(FAMILY, _style(bold, italic, underline), size)
        if before:
            pdf.set_y(pdf.get_y() + before * PT_MM)
        pdf.set_x(pdf.l_margin if x is None else x)
        pdf.multi_cell(width, _h(size), clean_line(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule(self, x_centre: float, length_mm: float, y: float | None = None) -> None:
        pdf = self.pdf
        y = pdf.get_y() + 0.6 if y is None else y
        pdf.set_line_width(0.26)  # 3/4 pt, as in the Word file
        pdf.line(x_centre - length_mm / 2, y, x_centre + length_mm / 2, y)
        pdf.set_y(y + 1.2)

    def keep_room(self, mm: float) -> None:
        """Start a new page rather than leave a heading alone at the foot of one (Word's keep-with-next)."""
        if self.pdf.get_y() + mm > self.pdf.page_break_trigger:
            self.pdf.add_page()

    # -- blocks

    def header_block(self) -> None:
        report, pdf = self.report, self.pdf
        left_mm, right_mm = (80, 85) if self.party else (70, 95)
        left_x, right_x = pdf.l_margin, pdf.l_margin + left_mm
        size = 14 if self.party else 13
        top = pdf.get_y()
        issuer_lines = clean_paragraphs(report.issuer)
        for line in clean_paragraphs(report.issuer_parent) if report.issuer_parent else []:
            self.line(line.upper(), size=size, align="C", x=left_x, width=left_mm)
        for line in issuer_lines:
            self.line(line.upper(), size=size, bold=True, align="C", x=left_x, width=left_mm)
        if self.party:
            self.line("*", size=size, align="C", x=left_x, width=left_mm)  # HD 36: a star under the issuing body
        else:
            longest = max((_estimate_width_mm(line, size, bold=True) for line in issuer_lines), default=0)
            self.rule(left_x + left_mm / 2, min(longest, left_mm) * 0.4)  # NĐ 30: 1/3–1/2 of the name's length
        left_bottom = pdf.get_y()
        pdf.set_y(top)
        if self.party:
            self.line(PARTY_HEADING, size=15, bold=True, underline=True, align="C", x=right_x, width=right_mm)
        else:
            self.line(NATIONAL_NAME, size=12, bold=True, align="C", x=right_x, width=right_mm)
            self.line(MOTTO, size=MOTTO_PT, bold=True, align="C", x=right_x, width=right_mm)
            pdf.set_font(FAMILY, "B", MOTTO_PT)
            self.rule(right_x + right_mm / 2, pdf.get_string_width(MOTTO))  # as long as the motto
        second_row = max(left_bottom, pdf.get_y()) + 6 * PT_MM
        pdf.set_y(second_row)
        self.line(number_line(report), size=size, align="C", x=left_x, width=left_mm)
        after_number = pdf.get_y()
        pdf.set_y(second_row)
        place = place_date_line(report.place, report.date)
        self.line(place, size=14, italic=True, align="C", x=right_x, width=right_mm)
        pdf.set_y(max(after_number, pdf.get_y()))

    def title_block(self) -> None:
        report = self.report
        title_pt = 16 if self.party else 14  # HD 36: tên loại 15–16 pt; NĐ 30: 13–14 pt
        self.line(report.title.upper(), size=title_pt, bold=True, align="C", before=18)
        subtitle = " ".join(clean_paragraphs(report.subtitle))
        self.line(subtitle, bold=True, align="C")
        self.pdf.set_font(FAMILY, "B", BODY_PT)
        length = min(self.pdf.get_string_width(subtitle), TEXT_WIDTH_MM) * 0.4
        self.rule(self.pdf.l_margin + TEXT_WIDTH_MM / 2, max(length, 20))
        self.pdf.set_y(self.pdf.get_y() + _h(6))

    def body_paragraphs(self, text: str) -> None:
        for line in clean_paragraphs(text):
            self.paragraph([(line, "")], before=6)

    def paragraph(
        self,
        runs: Sequence[tuple[str, str]],
        *,
        before: float = 6,
        first_line: bool = True,
        bullet: str = "",
        indent: float = 0,
    ) -> None:
        """A justified paragraph of (text, style) runs, "\n" a line break inside it."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "", BODY_PT)
        columns = pdf.text_columns(text_align="J", line_height=LINE, wrapmode=WrapMode.WORD)
        with (
            columns,
            columns.paragraph(
                text_align="J",
                top_margin=before * PT_MM,
                first_line_indent=FIRST_LINE_INDENT_MM if first_line and not bullet else 0,
                indent=indent,
                bullet_string=bullet,
                bullet_r_margin=2 if bullet else None,
            ) as par,
        ):
            for text, style in runs:
                pdf.set_font(FAMILY, style, BODY_PT)
                if text == "\n":
                    par.ln()
                else:
                    par.write(text)
        pdf.set_font(FAMILY, "", BODY_PT)

    def section(self, section: Section, path: tuple[int, ...]) -> None:
        level = len(path) - 1 + (0 if self.report.parts else 1)
        heading = " ".join(clean_paragraphs(section.heading))
        numbered = self.report.number_headings
        self.keep_room(_h(BODY_PT) * 3)
        if level == 0:
            if numbered:
                self.line(f"PHẦN {_roman(path[-1])}", bold=True, align="C", before=12)
            self.line(heading.upper(), bold=True, align="C", before=0 if numbered else 12)
        else:
            if level == 1:
                label, heading, style = f"{_roman(path[-1])}.", heading.upper(), "B"
            elif level == 2:
                label, style = f"{path[-1]}.", "B"
            elif level == 3:
                label, style = f"{path[-2]}.{path[-1]}.", "BI"
            else:
                label, style = f"{_POINT_LETTERS[(path[-1] - 1) % len(_POINT_LETTERS)]})", "I"
            self.paragraph([(f"{label} {heading}" if numbered else heading, style)], before=6)
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
        """Paragraphs with their bold/italic/underline runs; list items with bullets or numbers (each numbered list
        restarting at 1), nested levels indented."""
        counters: dict[tuple[int, int], int] = {}
        for para in text.paragraphs:
            runs = []
            for run in para.runs:
                if run.text == "\n":
                    runs.append(("\n", ""))
                    continue
                cleaned = _XML_FORBIDDEN.sub("", unicodedata.normalize("NFC", run.text)).replace("\t", " ")
                runs.append((cleaned, _style(run.bold, run.italic, run.underline)))
            if para.list_kind:
                level = min(para.level, 2)
                if para.list_kind == "number":
                    key = (para.list_id, level)
                    counters[key] = counters.get(key, 0) + 1
                    bullet = f"{counters[key]}."
                else:
                    bullet = "•" if level == 0 else "–"
                self.paragraph(runs, before=3, bullet=bullet, indent=6.35 * (level + 1))
            else:
                self.paragraph(runs, before=6)

    def indicator_table(self, data: IndicatorTable) -> None:
        pdf = self.pdf
        columns = data.columns
        totals = data.totals() if data.total_label is not None else None
        self.keep_room(_h(13) + _h(12) * 4)
        self.line(data.caption, size=13, bold=True, align="C", before=6)
        if data.unit:
            self.line(data.unit, size=12, italic=True, align="R")
        widths = _column_widths(columns)
        pdf.set_font(FAMILY, "", 12)
        pdf.set_line_width(0.2)
        with pdf.table(
            col_widths=widths,
            width=sum(widths),
            align=FpdfAlign.C,
            text_align=[_fpdf_align(_cell_align(col)) for col in columns],
            v_align=VAlign.M,
            line_height=_h(12),
            borders_layout=TableBordersLayout.ALL,
            headings_style=FontFace(emphasis="BOLD", fill_color=None),
            num_heading_rows=1,
            repeat_headings=1,  # on every page, as the Word file's header row
            padding=(0.5, 1.5),
            first_row_as_headings=True,
        ) as table:
            header = table.row()
            for col in columns:
                header.cell(clean_line(col.title), align=FpdfAlign.C)
            for values in data.rows:
                row = table.row()
                for col, value in zip(columns, values, strict=True):
                    row.cell(_cell_text(value, col))
            if totals is not None:
                first_figure = next((i for i, total in enumerate(totals) if total is not None), len(columns))
                row = table.row()
                bold = FontFace(emphasis="BOLD")
                if first_figure:
                    row.cell(data.total_label or "", colspan=first_figure, align=FpdfAlign.C, style=bold)
                for col, total in list(zip(columns, totals, strict=True))[first_figure:]:
                    row.cell("" if total is None else _figure(total, col), align=FpdfAlign.R, style=bold)
        pdf.set_font(FAMILY, "", BODY_PT)

    def signature_block(self) -> None:
        report, signer, pdf = self.report, self.report.signer, self.pdf
        left_mm, right_mm = 85, 80
        left_x, right_x = pdf.l_margin, pdf.l_margin + left_mm
        self.keep_room(_h(BODY_PT) * 3 + 72 * PT_MM + _h(BODY_PT))
        top = pdf.get_y()
        items = [item for item in (_recipient(r) for r in report.recipients) if item]
        archive = clean_line(report.archive).rstrip(".;")
        if items or archive:
            self.line("Nơi nhận:", size=12, bold=True, italic=True, x=left_x, width=left_mm, before=12)
            item_pt = 12 if self.party else 11
            for item in items:
                self.line(f"- {item};", size=item_pt, x=left_x, width=left_mm)
            if archive:
                text = f"- Lưu {archive}." if self.party else f"- Lưu: {archive}."
                self.line(text, size=item_pt, x=left_x, width=left_mm)
        left_bottom = pdf.get_y()
        pdf.set_y(top)
        for index, line in enumerate(clean_paragraphs(signer.authority)):
            self.line(line.upper(), bold=True, align="C", x=right_x, width=right_mm, before=12 if index == 0 else 0)
        before = 0 if signer.authority else 12
        self.line(signer.position.upper(), bold=True, align="C", x=right_x, width=right_mm, before=before)
        pdf.set_y(pdf.get_y() + 72 * PT_MM)  # room for the signature and the seal
        if signer.name:
            self.line(signer.name, bold=True, align="C", x=right_x, width=right_mm)
        pdf.set_y(max(left_bottom, pdf.get_y()))


def _column_widths(columns: Sequence[Column]) -> list[float]:
    """As the Word file: columns without a width share what is left, a text column 2.5 shares of a number's one."""
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


def _cell_align(col: Column) -> str:
    if col.align:
        return col.align
    return "left" if col.kind == "text" else "right"


def _fpdf_align(align: str) -> FpdfAlign:
    return {"left": FpdfAlign.L, "center": FpdfAlign.C, "right": FpdfAlign.R}[align]


def _recipient(text: str) -> str:
    return clean_line(text).lstrip("-–+• ").rstrip(";.,").strip()
