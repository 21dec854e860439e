"""Reading and writing officers' spreadsheets (XLSX): the parts every import and export shares.

Framework-free. An import reads a sheet whose first row names the columns (matched without accents,
case or a trailing "*"), turns cells into typed values with Vietnamese messages, and refuses
formulas: openpyxl never evaluates them, so a formula cell would be read as its text, and a
formula written back out would run in the next reader's Excel (CSV/formula injection). An export
therefore writes every text that Excel would take for a formula as plain text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from typing import BinaryIO

from lib.uploads import XLSX, UploadRejected, check_upload
from lib.vntext import fold

# Excel treats a cell typed as text starting with these as a formula (or DDE command).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

YES = frozenset({"co", "x", "yes", "1", "true", "dung"})
NO = frozenset({"", "khong", "no", "0", "false", "sai"})


class SheetError(ValueError):
    """The whole file is unreadable or not the template; the message is Vietnamese."""


def cell_text(value) -> str:
    """A cell as trimmed text; whole floats (Excel's numbers) lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def is_formula(value) -> bool:
    """A formula as openpyxl reads it without evaluating (``data_only=False``): text starting with "="."""
    return isinstance(value, str) and value.lstrip().startswith("=")


def parse_day(value) -> dt.date:
    """A date cell, or text dd/mm/yyyy (the Vietnamese order; never mm/dd). Raises ValueError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.strptime(cell_text(value), "%d/%m/%Y").date()


def parse_whole(value, *, minimum: int = 0, maximum: int | None = None, empty: int = 0) -> int:
    """A whole number cell ("1.234" with Vietnamese thousands dots is read as 1234). Raises ValueError."""
    if value is None or cell_text(value) == "":
        return empty
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = int(value)
        if number != value:
            raise ValueError(value)
    else:
        number = int(cell_text(value).replace(".", "").replace(" ", ""))
    if number < minimum or (maximum is not None and number > maximum):
        raise ValueError(value)
    return number


def parse_yes_no(value) -> bool:
    """ "Có"/"x"/"1" → True, empty/"Không"/"0" → False. Raises ValueError otherwise."""
    if isinstance(value, bool):
        return value
    folded = fold(cell_text(value))
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValueError(value)


def safe_cell(value):
    """A value to write into an exported cell: text that Excel would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def row_key(secret: str, *parts: object) -> str:
    """A stable key for one imported row (re-importing the same file finds it again).

    Keyed (HMAC) rather than a bare hash because the parts may include personal data, which a
    plain SHA-256 of a guessable name would leak."""
    basis = "\x1f".join(fold(cell_text(p)) for p in parts)
    return hmac.new(secret.encode(), basis.encode(), hashlib.sha256).hexdigest()


def read_sheet(
    stream: BinaryIO,
    filename: str,
    size: int,
    columns: Sequence[tuple[str, str, bool]],
    *,
    max_rows: int,
    max_bytes: int,
    sheet: str | None = None,
) -> list[tuple[int, dict]]:
    """Rows of the first sheet (or the one named ``sheet``) as ``(row number, {attr: raw value})``.

    ``columns`` are ``(header, attr, required)``; a missing column, a broken or disguised file and
    too many rows raise SheetError. Blank rows are skipped; row numbers are Excel's (header = 1).
    """
    try:
        check_upload(stream, filename, size, allowed=(XLSX,), max_bytes=max_bytes)
    except UploadRejected as e:
        raise SheetError(str(e)) from e
    try:
        from openpyxl import load_workbook

        wb = load_workbook(stream, read_only=True, data_only=False)
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        raw_rows = ws.iter_rows(values_only=True)
        header_row = next(raw_rows, ())
    except Exception as e:  # openpyxl raises many types for broken files
        raise SheetError("Không đọc được tệp Excel: tệp hỏng hoặc không đúng mẫu.") from e
    header = [fold(cell_text(h).rstrip("*").strip()) for h in header_row or ()]
    index: dict[str, int] = {}
    missing = []
    for label, attr, _required in columns:
        folded = fold(label)
        if folded in header:
            index[attr] = header.index(folded)
        else:
            missing.append(label)
    if missing:
        raise SheetError(
            "Tệp không đúng mẫu (dòng 1 phải là dòng tiêu đề), thiếu cột: " + "; ".join(f"“{x}”" for x in missing) + "."
        )
    out: list[tuple[int, dict]] = []
    try:
        for number, values in enumerate(raw_rows, start=2):
            if values is None or all(cell_text(v) == "" for v in values):
                continue
            if len(out) >= max_rows:
                raise SheetError(f"Tệp có quá {max_rows} dòng dữ liệu; hãy chia thành nhiều tệp.")
            out.append((number, {attr: values[i] if i < len(values) else None for attr, i in index.items()}))
    except SheetError:
        raise
    except Exception as e:
        raise SheetError("Không đọc được tệp Excel: tệp hỏng hoặc không đúng mẫu.") from e
    finally:
        wb.close()
    return out
