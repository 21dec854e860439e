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
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from lib.uploads import XLSX, UploadRejected, check_archive, check_upload
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


MIB = 1024 * 1024
UNREADABLE = "Không đọc được tệp Excel: tệp hỏng hoặc không đúng mẫu."


@dataclass(frozen=True)
class SheetLimits:
    """What a workbook may hold before openpyxl is allowed to parse it.

    openpyxl expands whatever the ZIP holds: a 1.5 MB upload that unpacks to 1 GB of XML, or 1 GB
    of shared strings (read whole into memory even with ``read_only=True``), keeps a worker busy
    for minutes and takes gigabytes. The sizes checked are the ones the ZIP declares; that is
    enough because :mod:`zipfile` never inflates an entry past its declared size (it stops and
    fails the CRC check), and openpyxl reads through :mod:`zipfile`.
    """

    max_total_bytes: int = 50 * MIB  # all entries, uncompressed
    max_ratio: int = 100  # uncompressed / compressed, per entry larger than ratio_floor_bytes
    ratio_floor_bytes: int = MIB  # small XML parts compress very well and are harmless
    max_entries: int = 1000
    max_shared_strings_bytes: int = 20 * MIB
    max_rows: int = 100_000  # rows read, blank ones included (the declared dimension too)
    max_columns: int = 200

    @classmethod
    def from_settings(cls) -> SheetLimits:
        return cls(
            max_total_bytes=getattr(settings, "DANVAN_SHEET_MAX_UNPACKED_BYTES", cls.max_total_bytes),
            max_ratio=getattr(settings, "DANVAN_SHEET_MAX_RATIO", cls.max_ratio),
            max_entries=getattr(settings, "DANVAN_SHEET_MAX_ENTRIES", cls.max_entries),
            max_shared_strings_bytes=getattr(
                settings, "DANVAN_SHEET_MAX_SHARED_STRINGS_BYTES", cls.max_shared_strings_bytes
            ),
            max_rows=getattr(settings, "DANVAN_SHEET_MAX_ROWS", cls.max_rows),
            max_columns=getattr(settings, "DANVAN_SHEET_MAX_COLUMNS", cls.max_columns),
        )


def _megabytes(size: int) -> str:
    return f"{size / MIB:.1f}".replace(".", ",")


def check_workbook(stream: BinaryIO, filename: str, size: int, *, max_bytes: int, limits: SheetLimits) -> None:
    """Refuse (SheetError) a file that is not an XLSX, or whose ZIP entries would expand too far or
    hold too much shared text. Reads only the head and the ZIP's central directory; leaves the
    stream at position 0."""
    archive_limits = {
        "max_unpacked_bytes": limits.max_total_bytes,
        "max_ratio": limits.max_ratio,
        "max_entries": limits.max_entries,
        "ratio_floor_bytes": limits.ratio_floor_bytes,
    }
    try:
        check_upload(stream, filename, size, allowed=(XLSX,), max_bytes=max_bytes, archive_limits=archive_limits)
        entries = check_archive(stream, filename, **archive_limits)
    except UploadRejected as e:
        raise SheetError(str(e)) from e
    for entry in entries:
        if entry.filename.lower() == "xl/sharedstrings.xml" and entry.file_size > limits.max_shared_strings_bytes:
            raise SheetError(
                f"Tệp “{filename}” chứa {_megabytes(entry.file_size)} MB văn bản, vượt giới hạn "
                f"{_megabytes(limits.max_shared_strings_bytes)} MB; hãy chia thành nhiều tệp."
            )


def iter_sheet(
    stream: BinaryIO,
    filename: str,
    size: int,
    *,
    max_bytes: int,
    sheet: str | None = None,
    data_only: bool = False,
    limits: SheetLimits | None = None,
) -> Generator[tuple[int, tuple], None, None]:
    """The one way DanVan opens an uploaded spreadsheet: ``(Excel row number, values)`` of the first
    sheet (or the one named ``sheet``), blank rows included (as ``()``), without trailing empty cells
    and at most ``limits.max_columns`` wide.

    Checks the upload (size, content, name), then the ZIP (:func:`check_workbook`), then the sheet's
    declared dimension, and stops with SheetError past ``limits.max_rows`` rows while reading (a
    row numbered 1,000,000 would otherwise be preceded by a million padded blank rows)."""
    limits = limits or SheetLimits.from_settings()
    check_workbook(stream, filename, size, max_bytes=max_bytes, limits=limits)
    too_many = f"Tệp “{filename}” có quá {limits.max_rows} dòng; hãy chia thành nhiều tệp."
    try:
        from openpyxl import load_workbook

        wb = load_workbook(stream, read_only=True, data_only=data_only)
    except Exception as e:  # openpyxl raises many types for broken files
        raise SheetError(UNREADABLE) from e
    try:
        try:
            ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
            declared_rows, declared_columns = ws.max_row or 0, ws.max_column or 0
        except Exception as e:
            raise SheetError(UNREADABLE) from e
        if declared_rows > limits.max_rows:
            raise SheetError(too_many)
        if declared_columns > limits.max_columns:
            raise SheetError(f"Tệp “{filename}” có quá {limits.max_columns} cột; không phải mẫu nhập liệu.")
        rows = ws.iter_rows(max_row=limits.max_rows + 1, max_col=limits.max_columns, values_only=True)
        number = 0
        while True:
            try:
                values = next(rows, None)
            except Exception as e:
                raise SheetError(UNREADABLE) from e
            if values is None:
                return
            number += 1
            if number > limits.max_rows:
                raise SheetError(too_many)
            end = len(values)
            while end and values[end - 1] is None:
                end -= 1
            yield number, values[:end]
    finally:
        wb.close()


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
    raw_rows = iter_sheet(stream, filename, size, max_bytes=max_bytes, sheet=sheet)
    try:
        _number, header_row = next(raw_rows, (1, ()))
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
            names = "; ".join(f"“{x}”" for x in missing)
            raise SheetError(f"Tệp không đúng mẫu (dòng 1 phải là dòng tiêu đề), thiếu cột: {names}.")
        out: list[tuple[int, dict]] = []
        for number, values in raw_rows:
            if values is None or all(cell_text(v) == "" for v in values):
                continue
            if len(out) >= max_rows:
                raise SheetError(f"Tệp có quá {max_rows} dòng dữ liệu; hãy chia thành nhiều tệp.")
            out.append((number, {attr: values[i] if i < len(values) else None for attr, i in index.items()}))
    finally:
        raw_rows.close()
    return out
