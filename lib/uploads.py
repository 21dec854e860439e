"""Upload checks: a file is what its content says, not what its name says.

Framework-free; the caller turns ``UploadRejected`` into a form or API error. The size
limit is checked before the content is read, and only the first bytes are sniffed
(plus the zip directory for Office files).
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIB = 1024 * 1024
# An Office file (DOCX/XLSX) is a ZIP: what it may expand to (lib.sheets applies the settings' values
# to imports; stored evidence gets these defaults).
ARCHIVE_MAX_UNPACKED_BYTES = 50 * MIB
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FLOOR_BYTES = MIB  # small XML parts compress very well and are harmless
ARCHIVE_MAX_ENTRIES = 1000
# An image that declares more pixels than this is refused: decoding it (a thumbnail, a viewer)
# would need gigabytes whatever the file's size.
IMAGE_MAX_PIXELS = 50_000_000
IMAGE_MAX_SIDE = 20_000


class UploadRejected(ValueError):
    """Raised with a Vietnamese message explaining why the file is refused."""


@dataclass(frozen=True)
class Kind:
    name: str
    extensions: tuple[str, ...]
    content_type: str
    label: str


PDF = Kind("pdf", (".pdf",), "application/pdf", "PDF")
JPEG = Kind("jpeg", (".jpg", ".jpeg"), "image/jpeg", "ảnh JPEG")
PNG = Kind("png", (".png",), "image/png", "ảnh PNG")
WEBP = Kind("webp", (".webp",), "image/webp", "ảnh WebP")
DOCX = Kind(
    "docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
)
XLSX = Kind("xlsx", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)")
EVIDENCE_KINDS = (PDF, JPEG, PNG, WEBP, DOCX, XLSX)

# Signatures of things that must never be accepted, whatever they are called.
_DANGEROUS = (
    (b"MZ", "tệp chương trình Windows"),
    (b"\x7fELF", "tệp chương trình Linux"),
    (b"#!", "tệp kịch bản"),
    (b"\xca\xfe\xba\xbe", "tệp chương trình"),
    (b"<script", "mã HTML/JavaScript"),
    (b"<html", "trang HTML"),
    (b"<!doctype html", "trang HTML"),
    (b"<svg", "ảnh SVG (có thể chứa mã)"),
)


def _sniff(head: bytes, stream: BinaryIO) -> Kind | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def _megabytes(size: int) -> str:
    return f"{size / MIB:.1f}".replace(".", ",")


def check_archive(
    stream: BinaryIO,
    filename: str,
    *,
    max_unpacked_bytes: int = ARCHIVE_MAX_UNPACKED_BYTES,
    max_ratio: int = ARCHIVE_MAX_RATIO,
    max_entries: int = ARCHIVE_MAX_ENTRIES,
    ratio_floor_bytes: int = ARCHIVE_RATIO_FLOOR_BYTES,
) -> list[zipfile.ZipInfo]:
    """The ZIP's entries, or UploadRejected when it is not a ZIP or would expand too far (a
    decompression bomb). Reads only the central directory; the declared sizes can be trusted
    because :mod:`zipfile` never inflates an entry past its declared size. Leaves the stream at 0."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as zf:
            entries = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise UploadRejected(f"Tệp “{filename}” không phải tệp Office hợp lệ (tệp nén hỏng).") from e
    finally:
        stream.seek(0)
    if len(entries) > max_entries:
        raise UploadRejected(
            f"Tệp “{filename}” có {len(entries)} thành phần nén, vượt giới hạn {max_entries}: "
            "không phải tệp Office thông thường."
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > ratio_floor_bytes and entry.file_size > max_ratio * max(entry.compress_size, 1):
            raise UploadRejected(
                f"Tệp “{filename}” bị nén bất thường (tỉ lệ nén vượt {max_ratio} lần): "
                "có thể là tệp “bom giải nén”, không được xử lý."
            )
    if total > max_unpacked_bytes:
        raise UploadRejected(
            f"Tệp “{filename}” khi giải nén lên tới {_megabytes(total)} MB, vượt giới hạn "
            f"{_megabytes(max_unpacked_bytes)} MB."
        )
    return entries


def _jpeg_size(stream: BinaryIO) -> tuple[int, int] | None:
    """(width, height) from a JPEG's first SOF marker, or None."""
    stream.seek(2)
    for _ in range(1000):  # markers before the frame header are few
        marker = stream.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            continue
        length_bytes = stream.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
            frame = stream.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height
        stream.seek(length - 2, io.SEEK_CUR)
    return None


def image_size(kind: Kind, head: bytes, stream: BinaryIO) -> tuple[int, int] | None:
    """The pixel size an image declares in its header (no decoding), or None when unknown."""
    if kind is PNG and len(head) >= 24 and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if kind is JPEG:
        try:
            return _jpeg_size(stream)
        finally:
            stream.seek(0)
    if kind is WEBP and len(head) >= 30:
        chunk = head[12:16]
        if chunk == b"VP8X":
            return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
        if chunk == b"VP8L" and len(head) >= 25:
            bits = int.from_bytes(head[21:25], "little")
            return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
        if chunk == b"VP8 ":
            return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    return None


def check_upload(
    stream: BinaryIO,
    filename: str,
    size: int,
    *,
    allowed: tuple[Kind, ...] = EVIDENCE_KINDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    archive_limits: dict | None = None,
) -> Kind:
    """Return the detected kind, or raise UploadRejected. Leaves the stream at position 0.

    ``archive_limits``: keyword arguments of :func:`check_archive` for a DOCX/XLSX (defaults otherwise)."""
    if size > max_bytes:
        megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise UploadRejected(
            f"Tệp “{filename}” dung lượng {megabytes} MB, vượt giới hạn {max_bytes // (1024 * 1024)} MB."
        )
    if size == 0:
        raise UploadRejected(f"Tệp “{filename}” rỗng.")
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    lowered = head.lstrip().lower()
    for signature, label in _DANGEROUS:
        if lowered.startswith(signature.lower()):
            raise UploadRejected(f"Tệp “{filename}” thực chất là {label}, không được phép tải lên.")
    kind = _sniff(head, stream)
    stream.seek(0)
    allowed_labels = ", ".join(k.label for k in allowed)
    if kind is None or kind not in allowed:
        raise UploadRejected(f"Tệp “{filename}” không đúng định dạng cho phép ({allowed_labels}).")
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in kind.extensions:
        raise UploadRejected(
            f"Tệp “{filename}” có đuôi “{extension or 'không có'}” nhưng nội dung là {kind.label}: "
            "đuôi tệp phải khớp với nội dung."
        )
    if kind in (DOCX, XLSX):
        check_archive(stream, filename, **(archive_limits or {}))
    else:
        # A PDF or an image that is also a ZIP (a polyglot) opens as one thing in a viewer and as
        # another in an archiver or an Office program: refuse it rather than guess.
        stream.seek(0)
        try:
            polyglot = zipfile.is_zipfile(stream)
        finally:
            stream.seek(0)
        if polyglot:
            raise UploadRejected(f"Tệp “{filename}” chứa thêm một tệp nén bên trong {kind.label}, không được phép.")
    dimensions = image_size(kind, head, stream)
    if dimensions and (
        max(dimensions) > IMAGE_MAX_SIDE or dimensions[0] * dimensions[1] > IMAGE_MAX_PIXELS or 0 in dimensions
    ):
        raise UploadRejected(
            f"Ảnh “{filename}” khai báo kích thước {dimensions[0]}×{dimensions[1]} điểm ảnh, vượt giới hạn "
            f"{IMAGE_MAX_SIDE}×{IMAGE_MAX_SIDE} hoặc {IMAGE_MAX_PIXELS // 1_000_000} triệu điểm ảnh."
        )
    return kind


def check_bytes(data: bytes, filename: str, **kwargs) -> Kind:
    return check_upload(io.BytesIO(data), filename, len(data), **kwargs)
