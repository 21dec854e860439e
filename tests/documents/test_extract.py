"""Text extraction runs in a bounded child process: time, memory, pages and characters."""

from unittest import mock

from documents import extract
from tests.documents.helpers import CORRUPT_PDF, docx_bytes, pdf_bytes


def test_it_reads_the_text_layer_of_a_pdf_and_a_docx():
    assert extract.extract_text(pdf_bytes("Quy che dan van"), "pdf").text == "Quy che dan van"
    assert "Đồn Biên phòng" in extract.extract_text(docx_bytes("Đồn Biên phòng"), "docx").text


def test_a_corrupt_file_is_reported_not_raised():
    result = extract.extract_text(CORRUPT_PDF, "pdf")
    assert not result.ok
    assert result.text == ""


def test_a_parser_that_takes_too_long_is_stopped():
    assert extract.extract_text(pdf_bytes("cham"), "pdf", timeout=0.001).error == "timeout"


def test_the_child_runs_under_the_memory_limit():
    with mock.patch.object(extract, "MEMORY_LIMIT_BYTES", 16 * 1024 * 1024):
        assert extract.extract_text(pdf_bytes("bo nho"), "pdf").error == "MemoryError"


def test_only_the_first_characters_are_kept():
    with mock.patch.object(extract, "MAX_CHARS", 5):
        assert extract.extract_text(pdf_bytes("abcdefghij"), "pdf").text == "abcde"


def test_the_time_limit_grows_with_the_size_and_is_capped():
    assert extract.timeout_for(0) == extract.BASE_TIMEOUT_S
    assert extract.timeout_for(5 * 1024 * 1024) == extract.BASE_TIMEOUT_S + 5 * extract.TIMEOUT_PER_MIB_S
    assert extract.timeout_for(10**10) == extract.MAX_TIMEOUT_S
