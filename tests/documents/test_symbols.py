"""The number-and-symbol key: what a document is filed under and what a query asks for."""

import pytest

from documents.symbols import document_key, lookup_key


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("23-QĐ/TW", "qd23"),
        ("25-NQ/TW", "nq25"),
        ("33/CT-TTg", "ct33"),
        ("08-KL/TW", "kl8"),
        ("01-HD/BDVTW", "hd1"),
        ("120/2020/NĐ-CP", "nd120"),
        (" 23 - qđ / tw ", "qd23"),
    ],
)
def test_it_keys_a_symbol_by_kind_letters_and_number(code, key):
    assert document_key(code) == key


def test_it_uses_the_kind_when_the_number_has_no_letters():
    assert document_key("01", "hd") == "hd1"
    assert document_key("", "nq") == ""


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("23 qd/tw", "qd23"),
        ("quyet dinh 23", "qd23"),
        ("Quyết định số 23", "qd23"),
        ("qđ 23", "qd23"),
        ("QĐ23", "qd23"),
        ("23-QĐ/TW", "qd23"),
        ("nq25", "nq25"),
        ("nghị quyết 25", "nq25"),
        ("NQ 25/TW", "nq25"),
        ("chi thi 33 ttg", "ct33"),
        ("ket luan 08", "kl8"),
        ("120/2020/NĐ-CP", "nd120"),
    ],
)
def test_it_reads_spoken_and_written_forms_as_a_lookup(query, key):
    assert lookup_key(query) == key


@pytest.mark.parametrize(
    "query",
    ["dân vận khéo", "25", "quyết định 23 về dân vận", "nq", "qd 23 25 26", "", "quy che cong tac dan van 2021"],
)
def test_it_leaves_other_queries_to_the_text_search(query):
    assert lookup_key(query) == ""
