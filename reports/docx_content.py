"""What a Word report is made of (framework-free dataclasses: sections, indicator tables, rich text,
signer) and the text and number rules both layouts share (Vietnamese number format, cleaning text for
XML, the number and place-date lines). ``reports.docx_render`` lays them out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

ReportFormat = Literal["party", "state"]
ColumnKind = Literal["auto", "text", "number", "percent"]
Align = Literal["left", "center", "right"]
CellValue = str | int | float | Decimal | None

# Times New Roman is what both regulations name, and the document's own font (styles and every run): Word's font box
# shows it and a secretariat accepts the file. Where it is not installed (the server's PDF path, LibreOffice) the
# metric-compatible Liberation Serif 2.x (Debian fonts-liberation2) stands in through fontconfig's alias, same widths.
FONT_NAME = "Times New Roman"
# Characters XML 1.0 cannot carry at all; python-docx would raise on them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


# ---------------------------------------------------------------------------------------------- input dataclasses


@dataclass(frozen=True)
class Column:
    """One column of an indicator table. A plain string in ``IndicatorTable.header`` means ``Column(title)``."""

    title: str
    # "auto": a number column when every filled cell is a number, else text. Percentages must be declared.
    kind: ColumnKind = "auto"
    decimals: int | None = None  # None: as many as the value has ("12,5"); 1: always one ("12,0")
    total: bool | None = None  # None: sum number columns, never text or percentages (a sum of rates means nothing)
    width_mm: float | None = None
    align: Align | None = None  # None: numbers right, text left


@dataclass(frozen=True)
class IndicatorTable:
    caption: str  # "Bảng 1. Kết quả phong trào thi đua Dân vận khéo"
    header: Sequence[str | Column]
    rows: Sequence[Sequence[CellValue]]
    total_label: str | None = "Tổng cộng"  # None: no total row
    unit: str = ""  # "Đơn vị tính: mô hình", printed above the table on the right

    def __post_init__(self):
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(
                    f'Bảng "{self.caption}": dòng {i} có {len(row)} ô nhưng tiêu đề có {len(self.header)} cột.'
                )

    @property
    def columns(self) -> list[Column]:
        resolved = []
        for index, col in enumerate(self.header):
            col = col if isinstance(col, Column) else Column(str(col))
            if col.kind == "auto":
                filled = [row[index] for row in self.rows if row[index] is not None and row[index] != ""]
                kind = "number" if filled and all(_is_number(v) for v in filled) else "text"
                col = Column(col.title, kind, col.decimals, col.total, col.width_mm, col.align)
            resolved.append(col)
        return resolved

    def totals(self) -> list[Decimal | None]:
        """The total row's figures, summed exactly from the rows; None where a column is not summed."""
        sums: list[Decimal | None] = []
        for index, col in enumerate(self.columns):
            summed = col.total if col.total is not None else col.kind == "number"
            if not summed:
                sums.append(None)
                continue
            values = [row[index] for row in self.rows if row[index] is not None and row[index] != ""]
            for value in values:
                if not _is_number(value):
                    raise ValueError(f'Bảng "{self.caption}", cột "{col.title}": "{value}" không phải là số.')
            sums.append(sum((_to_decimal(v) for v in values), Decimal(0)))
        return sums


@dataclass(frozen=True)
class RichRun:
    """A stretch of text in one format; "\n" alone is a line break inside its paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False

    def same_format(self, other: RichRun) -> bool:
        return (self.bold, self.italic, self.underline) == (other.bold, other.italic, other.underline)


@dataclass(frozen=True)
class RichParagraph:
    runs: Sequence[RichRun]
    list_kind: Literal["", "bullet", "number"] = ""
    level: int = 0  # nesting of the list, 0 for the outermost
    list_id: int = 0  # paragraphs of one numbered list share it; a new id restarts the numbering at 1


@dataclass(frozen=True)
class RichText:
    """Formatted narrative (reports.richtext parses the editor's HTML into it)."""

    paragraphs: Sequence[RichParagraph] = ()


@dataclass(frozen=True)
class Section:
    """A heading with its text. ``body`` holds paragraphs (str, one per line), rich text and tables, in reading
    order."""

    heading: str
    body: Sequence[str | RichText | IndicatorTable] = ()
    subsections: Sequence[Section] = ()


@dataclass(frozen=True)
class Signer:
    position: str  # "PHÓ TRƯỞNG BAN", "CHỦ TỊCH"
    name: str
    # "T/M BAN THƯỜNG VỤ" (Đảng), "TM. ỦY BAN NHÂN DÂN" (Nhà nước); one line per "\n", e.g. "K/T TRƯỞNG BAN".
    authority: str = ""


@dataclass(frozen=True)
class ReportDocument:
    format: ReportFormat
    issuer: str  # "BAN TUYÊN GIÁO VÀ DÂN VẬN"; "\n" splits a long name over lines
    number: int | str
    symbol: str  # "BC/BTGDVTU" (Đảng) or "BC-UBND" (Nhà nước)
    place: str
    date: dt.date
    subtitle: str  # trích yếu: "Sơ kết công tác dân vận 6 tháng đầu năm 2026"
    signer: Signer
    issuer_parent: str = ""  # "TỈNH ỦY LÂM ĐỒNG" / "UBND TỈNH LÂM ĐỒNG"
    title: str = "BÁO CÁO"
    intro: Sequence[str] = ()  # "Thực hiện Kế hoạch số …, Ban … báo cáo như sau:"
    sections: Sequence[Section] = ()
    recipients: Sequence[str] = ()  # "Ban Dân vận Trung ương (b/c)"; the "- …;" punctuation is added here
    archive: str = "VT"  # last line of "Nơi nhận": "- Lưu: VT." (Nhà nước) / "- Lưu VT." (Đảng)
    parts: bool = True  # top-level sections are "PHẦN I", "PHẦN II"; False: they are "I.", "II."
    number_headings: bool = True  # False when the headings already carry their numbers
    font_name: str = FONT_NAME

    def __post_init__(self):
        if self.format not in ("party", "state"):
            raise ValueError(
                'Thể thức văn bản phải là "party" (văn bản Đảng) hoặc "state" (văn bản hành chính nhà nước).'
            )
        if not isinstance(self.date, dt.date):
            raise ValueError("Ngày ban hành báo cáo phải là một ngày (datetime.date).")
        if isinstance(self.number, bool) or (isinstance(self.number, int) and self.number < 1):
            raise ValueError("Số văn bản phải là số nguyên dương.")


# ---------------------------------------------------------------------------------------------- text and numbers


def clean_line(value: object) -> str:
    """One line of text safe for XML: NFC (Word shows decomposed accents badly), no control characters."""
    text = unicodedata.normalize("NFC", str(value))
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return _XML_FORBIDDEN.sub("", text).strip()


def clean_paragraphs(value: object) -> list[str]:
    """Split text on line breaks: a justified paragraph must not contain a manual break (it stretches the line)."""
    lines = (clean_line(line) for line in _LINE_BREAKS.split(str(value)))
    return [line for line in lines if line]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _to_decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Số liệu không hợp lệ: {value}.")
        return Decimal(repr(value))  # repr, not Decimal(0.1): the figure the user typed, not its binary neighbour
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"Số liệu không hợp lệ: {value}.")
    return number


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """Vietnamese figures: dots group thousands, a comma marks decimals (1234567.5 → "1.234.567,5")."""
    number = _to_decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{number:,.{decimals}f}"
    else:
        text = f"{number.normalize():,f}"
    if number == 0:
        text = text.lstrip("-")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_percent(value: int | float | Decimal, decimals: int | None = None) -> str:
    """12.5 → "12,5%"."""
    return f"{format_number(value, decimals)}%"


def number_line(report: ReportDocument) -> str:
    """ "Số 12-BC/BTGDVTU" (HD 36: no colon, hyphen before the type) or "Số: 12/BC-UBND" (NĐ 30)."""
    # NĐ 30: a number below 10 takes a leading zero. No number yet (a draft): blank room for the clerk to write it.
    number = f"{report.number:02d}" if isinstance(report.number, int) else clean_line(report.number)
    number = number or "\u00a0" * 6
    symbol = clean_line(report.symbol)
    return f"Số {number}-{symbol}" if report.format == "party" else f"Số: {number}/{symbol}"


def place_date_line(place: str, date: dt.date) -> str:
    """ "Lâm Đồng, ngày 15 tháng 6 năm 2026". Days below 10 and months 1–2 take a leading zero (NĐ 30) so no digit
    can be added in front later: "ngày 05 tháng 01"."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{clean_line(place)}, ngày {date.day:02d} tháng {month} năm {date.year}"


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


def _estimate_width_mm(text: str, pt: float, bold: bool = False) -> float:
    """Rough printed width in Times metrics, enough to size a rule at 1/3–1/2 of a line (NĐ 30)."""
    em = 0.0
    for char in text:
        if char == " ":
            em += 0.25
        elif char.isupper():
            em += 0.72 if bold else 0.68
        else:
            em += 0.5 if bold else 0.46
    return em * pt * 25.4 / 72
