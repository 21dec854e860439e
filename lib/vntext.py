"""Vietnamese text: accent folding for search and a sort key for Vietnamese order.

Framework-free. Both functions are deterministic and give the same answer on every
database, which is why DanVan stores their results in shadow columns instead of relying
on database collations (SQLite has none for Vietnamese; PostgreSQL's depends on ICU).
"""

import re
import unicodedata

# "đ" has no Unicode decomposition, so NFD alone leaves it alone: fold it by hand.
_EXTRA_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d+")


def fold(text: str | None) -> str:
    """Lower-case, strip accents, fold đ→d and collapse white space.

    >>> fold("  Đắk   Lắk ")
    'dak lak'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text.lower()).strip()


def fold_words(text: str | None) -> list[str]:
    """The folded words of a text, punctuation dropped: what a search query is split into."""
    return [w for w in _NON_WORD.split(fold(text)) if w]


def compact(text: str | None) -> str:
    """Folded, with no spaces or punctuation: lets "daklak" find "Đắk Lắk"."""
    return "".join(fold_words(text))


# Vietnamese alphabetical order. Letters are compared first; tones only break ties
# (the dictionary convention: ngang, huyền, hỏi, ngã, sắc, nặng).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)

# Each character becomes a fixed-width token of two characters from [0-9a-z], so the key
# compares the same under byte order and any locale collation. Tokens starting with "0" are
# reserved: "00" ends the letters and "01" separates words, both below every letter, so a name
# sorts before its own longer form ("Hà" before "Hà Nội") and a word before a longer word
# ("An Bình" before "Anh").
_TOKEN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105


def _token(n: int) -> str:
    return _TOKEN_CHARS[n // 36] + _TOKEN_CHARS[n % 36]


_ORDER: dict[str, str] = {}
for _i, _d in enumerate("0123456789"):
    _ORDER[_d] = _token(40 + _i)
for _i, _ch in enumerate(_ALPHABET):
    _ORDER[_ch] = _token(60 + _i)
# Latin letters that Vietnamese does not use (f, j, w, z) sort after the letter before them.
for _ch, _after in (("f", "e"), ("j", "i"), ("w", "v"), ("z", "y")):
    _ORDER[_ch] = _token(60 + _ALPHABET.index(_after) + 36)
_OTHER = _token(36 * 36 - 1)
_END = "00"
_WORD_SEPARATOR = "01"


def _split_letter(ch: str) -> tuple[str, int]:
    """A lower-case character → (base Vietnamese letter, tone number)."""
    if ch == "đ":
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    tone = 0
    marks = ""
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            marks += mark
    letter = unicodedata.normalize("NFC", base + marks)
    return letter, tone


def sort_key(text: str | None) -> str:
    """A string whose plain ordering is Vietnamese alphabetical order of ``text``.

    >>> sorted(["Đồng Nai", "Dak Nong", "Điện Biên", "Zeta"], key=sort_key)
    ['Dak Nong', 'Điện Biên', 'Đồng Nai', 'Zeta']
    """
    if not text:
        return ""
    letters: list[str] = []
    tones: list[str] = []
    # Numbers compare by value ("Phường 2" before "Phường 10"): pad each run of digits.
    text = _DIGITS.sub(lambda m: m.group().zfill(8), unicodedata.normalize("NFC", text.lower()).strip())
    for word in _SPACES.split(text):
        if letters:
            letters.append(_WORD_SEPARATOR)
        for ch in word:
            letter, tone = _split_letter(ch)
            letters.append(_ORDER.get(letter, _OTHER))
            tones.append(str(tone))
    # The end mark is below the word separator and every letter token, so a name that is a
    # prefix of another ("An" / "Anh", "Hà" / "Hà Nội") sorts first whatever its tones.
    return "".join(letters) + _END + "".join(tones)


def vn_int(number: int) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator), for messages and logs."""
    return f"{number:,}".replace(",", ".")
