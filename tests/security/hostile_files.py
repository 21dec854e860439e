"""A corpus of hostile files, built in code (nothing large is committed): decompression bombs,
workbooks that declare or hold absurd sizes, polyglots, renamed executables, images that declare
huge dimensions, empty and truncated files.

Each builder returns bytes small enough to upload quickly; what is large is what they would
become once opened. ``corpus()`` names them with innocent file names for each kind an endpoint
accepts.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

MIB = 1024 * 1024


def workbook(rows: list[list] | None = None) -> bytes:
    """A small valid XLSX (the header row of nothing in particular, plus ``rows``)."""
    book = Workbook()
    sheet = book.active
    for row in rows or [["Tên", "Mã"], ["a", 1]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(data: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The workbook ``data`` with some entries replaced (None: dropped) and others added."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])
            else:
                dst.writestr(info.filename, src.read(info.filename))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def padded_workbook(unpacked_bytes: int = 60 * MIB) -> bytes:
    """A valid workbook plus one entry of zeros that unpacks to ``unpacked_bytes`` (streamed in, so
    the test never holds it in memory): the classic decompression bomb."""
    out = io.BytesIO(workbook())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/pad.bin", "w") as entry:
        chunk = b"\x00" * MIB
        for _ in range(unpacked_bytes // MIB):
            entry.write(chunk)
    return out.getvalue()


def shared_strings_bomb(unpacked_bytes: int = 30 * MIB, *, compressible: bool = True) -> bytes:
    """A workbook whose shared strings (read whole into memory by openpyxl, even read-only) unpack to
    ``unpacked_bytes``. ``compressible=False`` uses varied text, so only the size check can catch it."""
    if compressible:
        text = b"a" * unpacked_bytes
    else:
        text = b"".join(b"%08x" % (i * 2654435761 % 2**32) for i in range(unpacked_bytes // 8))
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    strings += b"<si><t>" + text + b"</t></si></sst>"
    data = workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        has_strings = "xl/sharedStrings.xml" in zf.namelist()
    if has_strings:
        return _rewrite(data, replace={"xl/sharedStrings.xml": strings})
    return _rewrite(data, add={"xl/sharedStrings.xml": strings})


def _sheet_xml(dimension: str | None, rows: bytes) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?>'
    head += b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    if dimension:
        head += b'<dimension ref="' + dimension.encode() + b'"/>'
    return head + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def declared_dimension_bomb(dimension: str = "A1:XFD1048576") -> bytes:
    """One cell, but a sheet that declares itself a million rows by 16,384 columns: openpyxl's
    read-only reader pads every row out to the declared size."""
    rows = b'<row r="1">' + _cell("A1", "x") + b"</row>"
    return _rewrite(workbook(), replace={"xl/worksheets/sheet1.xml": _sheet_xml(dimension, rows)})


def far_row_workbook(row: int = 1_000_000) -> bytes:
    """No dimension, one cell on a far row: every row before it is produced as a blank row."""
    rows = (
        b'<row r="1">' + _cell("A1", "x") + b"</row>" + f'<row r="{row}">'.encode() + _cell(f"A{row}", "y") + b"</row>"
    )
    return _rewrite(workbook(), replace={"xl/worksheets/sheet1.xml": _sheet_xml(None, rows)})


def many_rows_workbook(count: int) -> bytes:
    """``count`` real rows of one cell each."""
    rows = b"".join(f'<row r="{i}">'.encode() + _cell(f"A{i}", "x") + b"</row>" for i in range(1, count + 1))
    return _rewrite(workbook(), replace={"xl/worksheets/sheet1.xml": _sheet_xml(None, rows)})


def many_entries_workbook(count: int = 5000) -> bytes:
    out = io.BytesIO(workbook())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        for i in range(count):
            zf.writestr(f"xl/media/{i}.bin", b"")
    return out.getvalue()


def truncated_zip() -> bytes:
    data = workbook()
    return data[: len(data) // 2]


def polyglot(head: bytes) -> bytes:
    """A file that starts as ``head`` (a PDF or a JPEG) and is also a ZIP (a workbook appended)."""
    return head + workbook()


PDF_HEAD = b"%PDF-1.4\n1 0 obj<<>>endobj\n"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def huge_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels (a few bytes of image data)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def corpus(extension: str) -> list[tuple[str, bytes]]:
    """(file name, content) pairs, each hostile, named ``*.<extension>`` (and a few other names)."""
    name = f"tep.{extension}"
    files = [
        (name, b""),
        (name, ELF),
        (name, MZ),
        (name, truncated_zip()),
        (name, polyglot(PDF_HEAD)),
        (name, polyglot(JPEG_HEAD)),
        (name, huge_png()),
        ("tep.xlsx", padded_workbook()),
        ("tep.xlsx", shared_strings_bomb()),
        ("tep.xlsx", declared_dimension_bomb()),
        ("tep.xlsx", far_row_workbook()),
        ("tep.xlsx", many_entries_workbook()),
    ]
    return files
