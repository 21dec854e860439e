import io
import zipfile

import pytest

from lib.uploads import DOCX, JPEG, PDF, XLSX, UploadRejected, check_bytes

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def office(member: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "<x/>")
    return buf.getvalue()


def test_it_accepts_files_whose_content_matches_the_extension():
    assert check_bytes(PDF_BYTES, "minh-chung.pdf") is PDF
    assert check_bytes(JPEG_BYTES, "anh.JPG") is JPEG
    assert check_bytes(office("word/document.xml"), "bao-cao.docx") is DOCX
    assert check_bytes(office("xl/workbook.xml"), "so-lieu.xlsx") is XLSX


def test_it_refuses_an_executable_renamed_to_pdf():
    with pytest.raises(UploadRejected, match="chương trình Windows"):
        check_bytes(b"MZ\x90\x00" + b"\x00" * 60, "bao-cao.pdf")


def test_it_refuses_html_disguised_as_an_image():
    with pytest.raises(UploadRejected, match="HTML"):
        check_bytes(b"  <script>alert(1)</script>", "anh.png")


def test_it_refuses_a_mismatched_extension():
    with pytest.raises(UploadRejected, match="đuôi tệp phải khớp"):
        check_bytes(PDF_BYTES, "anh.jpg")


def test_it_refuses_a_file_above_the_limit_before_reading_it():
    with pytest.raises(UploadRejected, match="“lon.pdf” dung lượng 20,0 MB, vượt giới hạn 20 MB"):
        check_bytes(b"%PDF-" + b"0" * (20 * 1024 * 1024), "lon.pdf")


def test_it_refuses_a_plain_zip_called_docx():
    with pytest.raises(UploadRejected, match="không đúng định dạng"):
        check_bytes(office("readme.txt"), "gia.docx")
