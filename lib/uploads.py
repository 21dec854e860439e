"""Upload checks: a file is what its content says, not what its name says.

Framework-free; the caller turns ``UploadRejected`` into a form or API error. The size
limit is checked before the content is read, and only the first bytes are sniffed
(plus the zip directory for Office files).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


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


def check_upload(
    stream: BinaryIO,
    filename: str,
    size: int,
    *,
    allowed: tuple[Kind, ...] = EVIDENCE_KINDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Kind:
    """Return the detected kind, or raise UploadRejected. Leaves the stream at position 0."""
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
    return kind


def check_bytes(data: bytes, filename: str, **kwargs) -> Kind:
    return check_upload(io.BytesIO(data), filename, len(data), **kwargs)
