"""Document numbers and symbols ("số, ký hiệu"): one normalised key per document, and a parser for what people type.

A Party document is written "23-QĐ/TW" (number-KIND/issuer), a State one "33/CT-TTg" (number/KIND-issuer) or
"120/2020/NĐ-CP" (number/year/KIND-issuer). Both reduce to the key "<kind letters><number without leading zeros>":
"qd23", "ct33", "nd120". People search with the same parts in any order and spelling: "23 qd/tw", "QĐ 23",
"quyết định 23", "nq25", "Nghị quyết số 25". ``lookup_key`` recognises such a query; anything else is a text search.

Framework-free: the key is computed the same way when a document is saved and when a query is parsed.
"""

from __future__ import annotations

import re

from lib.vntext import fold

# The letters of a kind in a symbol (folded). Quyết định and Quy định share "QĐ" (23-QĐ/TW, 37-QĐ/TW).
KIND_CODES = frozenset({"nq", "qd", "ct", "kl", "hd", "kh", "ctr", "tb", "bc", "nd", "tt", "cv", "qc"})
# Spoken forms (folded) → the letters their symbol uses.
SPOKEN = {
    "nghi quyet": "nq",
    "quyet dinh": "qd",
    "quy dinh": "qd",
    "chi thi": "ct",
    "ket luan": "kl",
    "huong dan": "hd",
    "ke hoach": "kh",
    "chuong trinh": "ctr",
    "thong bao": "tb",
    "bao cao": "bc",
    "nghi dinh": "nd",
    "thong tu": "tt",
    "cong van": "cv",
    "quy che": "qc",
}
# Issuers that may follow a symbol in a query ("23 qd/tw", "33 ct ttg"): they do not make it a text search.
ISSUER_CODES = frozenset(
    {
        "tw",
        "ttg",
        "cp",
        "bct",
        "bbt",
        "bdvtw",
        "btgdvtw",
        "vptw",
        "tu",
        "hu",
        "du",
        "ubnd",
        "ub",
        "qh",
        "ubtvqh",
        "mttq",
    }
)
_SPOKEN_RE = re.compile(r"\b(" + "|".join(sorted(SPOKEN, key=len, reverse=True)) + r")\b")
# Letters and digits apart: "nq25" is "nq" and "25".
_TOKEN_RE = re.compile(r"[a-z]+|[0-9]+")
MAX_QUERY_TOKENS = 6


def _tokens(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(fold(text))


def symbol_tokens(code: str | None) -> list[str]:
    """A number and symbol as its folded letters and numbers, to compare two spellings of one symbol
    ("23-QĐ/TW" and "23 qđ/tw" give the same list); the word "số" is dropped."""
    return [t for t in _tokens(code) if t != "so"]


def document_key(code: str | None, kind_code: str = "") -> str:
    """The key of a document numbered ``code`` ("23-QĐ/TW" → "qd23"); ``kind_code`` when the symbol has no kind
    letters ("Hướng dẫn số 01" → "hd1"). Empty without a number."""
    tokens = _tokens(code)
    number = next((t for t in tokens if t.isdigit()), None)
    if number is None:
        return ""
    letters = next((t for t in tokens if t in KIND_CODES), kind_code)
    return f"{letters}{int(number[:9])}" if letters else ""


def lookup_key(query: str | None) -> str:
    """The key a query asks for, or "" when it is not a number-and-symbol lookup.

    A lookup has one number, a kind (letters or spoken: "qđ", "quyết định") and at most an issuer and the word "số":
    "23 qd/tw", "quyet dinh 23", "qđ 23", "nq25", "Chỉ thị số 33/CT-TTg". A year after the number ("120/2020/NĐ-CP")
    is allowed. Words of any other kind make the query a text search."""
    folded = _SPOKEN_RE.sub(lambda m: f" {SPOKEN[m.group(1)]} ", fold(query))
    tokens = _TOKEN_RE.findall(folded)
    if not tokens or len(tokens) > MAX_QUERY_TOKENS:
        return ""
    numbers = [t for t in tokens if t.isdigit()]
    kinds = {t for t in tokens if t in KIND_CODES}
    others = [t for t in tokens if not t.isdigit() and t not in KIND_CODES and t not in ISSUER_CODES and t != "so"]
    if others or len(kinds) != 1 or not numbers:
        return ""
    if len(numbers) > 2 or (len(numbers) == 2 and len(numbers[1]) != 4):
        return ""
    return f"{kinds.pop()}{int(numbers[0][:9])}"
