"""PDF of a report. By default DanVan lays the PDF out itself (``reports.pdf_layout``, fpdf2, fonts shipped in
``reports/fonts/``): it works on a plain install with Python alone, in both official layouts, from the same document
model as the Word file.

LibreOffice stays an option (``REPORTS_PDF_ENGINE = "libreoffice"``): it converts the DOCX itself, so the PDF is the
Word file page for page. It needs ``soffice`` and Liberation Serif 2.x (Debian ``fonts-liberation2``) on the server:
the 1.07 fonts of ``fonts-liberation`` have no precomposed Vietnamese letters ("ộ", "ậ", "ự"), so LibreOffice would
print them in a fallback font.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from reports.docx_content import ReportDocument
from reports.docx_render import render_docx
from reports.pdf_layout import render_pdf_document

BUILTIN, LIBREOFFICE = "builtin", "libreoffice"
CONVERT_TIMEOUT_SECONDS = 120


class PdfUnavailableError(RuntimeError):
    """The server has no LibreOffice."""


class PdfRenderError(RuntimeError):
    """LibreOffice ran but produced no PDF."""


def engine() -> str:
    """The configured engine: "builtin" (the default) or "libreoffice"."""
    return LIBREOFFICE if getattr(settings, "REPORTS_PDF_ENGINE", BUILTIN) == LIBREOFFICE else BUILTIN


def pdf_available() -> bool:
    """Whether the PDF button works: always with the built-in engine, with LibreOffice when ``soffice`` is there."""
    return engine() == BUILTIN or _soffice() is not None


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(report: ReportDocument) -> bytes:
    if engine() == LIBREOFFICE:
        return docx_to_pdf(render_docx(report))
    return render_pdf_document(report)


def docx_to_pdf(docx: bytes) -> bytes:
    soffice = _soffice()
    if soffice is None:
        raise PdfUnavailableError("Máy chủ chưa cài LibreOffice nên không xuất được PDF.")
    with tempfile.TemporaryDirectory(prefix="danvan-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bao-cao.docx"
        source.write_bytes(docx)
        # A private profile per call: two conversions sharing the default profile block each other, and a worker
        # account may have no writable home at all.
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(  # noqa: S603 - fixed argument list, no shell, our own temporary file
                command, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfRenderError(
                f"LibreOffice không chuyển xong báo cáo sang PDF sau {CONVERT_TIMEOUT_SECONDS} giây."
            ) from exc
        target = work / "bao-cao.pdf"
        if done.returncode != 0 or not target.exists():
            detail = done.stderr.decode(errors="replace").strip()[-500:]
            raise PdfRenderError(f"LibreOffice không chuyển được báo cáo sang PDF. {detail}".strip())
        return target.read_bytes()
