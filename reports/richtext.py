"""Narrative sections as rich text: an allow-list sanitiser, a tolerant reader of old plain text, and the parse
into docx_content's paragraphs and runs (so Word, and the PDF made from it, show the same formatting).

What survives: paragraphs, line breaks, bold, italic, underline, bulleted and numbered lists — no attribute at
all (so no ``on*`` handler, no ``style``, no ``href``/``javascript:`` URL), no other element; the content of
``script``/``style`` is dropped with them. Every stored narrative is this sanitiser's output: plain text (an API
client's, or an older report's before migration 0006 converted them) is escaped into paragraphs first, so no value
is ever stored "as typed" for a browser to interpret differently (issue 18: ``< p>`` was text to the server and HTML
to the editor). Reading stays tolerant of a plain-text row written behind the service's back.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

from reports.docx_content import RichParagraph, RichRun, RichText

ALLOWED_TAGS = {"p", "div", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}
# Any complete tag (or comment) marks HTML, which is then sanitised; other text is the plain text of older reports
# or API clients ("số hộ < 5" stays text). Text smuggling a <script> is HTML and loses it.
_LOOKS_HTML = re.compile(r"</?[a-zA-Z][^<>]*>|<!--")
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
MAX_HTML_CHARS = 40_000
MAX_HTML_LABEL = "40.000"  # as Vietnamese write it


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text or ""))


def sanitise(value: str) -> str:
    """The allow-listed HTML of ``value`` ("" when nothing readable is left)."""
    clean = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes={},
        url_schemes=set(),
        strip_comments=True,
        link_rel=None,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript", "title"},
    )
    # contenteditable types a no-break space at every word end it is unsure of; in Word it glues words together.
    clean = clean.replace("&nbsp;", " ").replace("\xa0", " ")
    if not html.unescape(_TAGS.sub("", clean)).strip():
        return ""  # an emptied editor posts "<p><br></p>"
    return clean.strip()


def plain_text(value: str) -> str:
    """The words of a narrative, one paragraph per line (for search, the roll-up draft, length checks)."""
    if not looks_like_html(value):
        return value or ""
    return "\n".join(
        "".join(r.text for r in p.runs) for p in parse(value).paragraphs if any(r.text.strip() for r in p.runs)
    )


def normalise(value: str) -> str:
    """What a narrative section stores: always allow-listed HTML. Editor input is sanitised; plain text (API
    clients may send text) is escaped into paragraphs and then sanitised too, so the stored value is nh3 output
    whatever it looked like."""
    value = str(value or "")
    if looks_like_html(value):
        return sanitise(value)
    return sanitise(text_to_html(value))


def text_to_html(text: str) -> str:
    """Plain text as paragraphs, escaped: the editor's starting content for an old report or a generated draft."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)


def to_editor(value: str) -> str:
    """The textarea's content: always sanitised HTML (the editor's script relies on it, and still copies only
    the allow-list into its editable area)."""
    return normalise(value)


def to_display_html(value: str) -> str:
    """Safe HTML for a page: sanitised again on the way out (stored data is never trusted), or escaped text."""
    if looks_like_html(value):
        return sanitise(value)
    return text_to_html(value)


# ---------------------------------------------------------------------------------------------- HTML → docx


class _Parser(HTMLParser):
    """Walks sanitised HTML into paragraphs of formatted runs. Block elements (p, div, li) open a paragraph;
    text outside any block gets one of its own; nested lists indent one level per list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[RichParagraph] = []
        self.runs: list[RichRun] = []
        self.marks = {"bold": 0, "italic": 0, "underline": 0}
        self.lists: list[tuple[str, int]] = []  # (kind, list id) of the open lists, innermost last
        self.list_ids = 0
        self.in_item = False
        self.current_list: tuple[str, int] | None = None

    # A paragraph ends at a block boundary; empty ones are dropped.
    def flush(self) -> None:
        runs = _trim(self.runs)
        if runs:
            kind, list_id = self.current_list if self.current_list else ("", 0)
            level = max(len(self.lists) - 1, 0) if kind else 0
            self.paragraphs.append(RichParagraph(tuple(runs), list_kind=kind, level=level, list_id=list_id))
        self.runs = []

    def handle_starttag(self, tag, attrs):
        if tag in ("b", "strong"):
            self.marks["bold"] += 1
        elif tag in ("i", "em"):
            self.marks["italic"] += 1
        elif tag == "u":
            self.marks["underline"] += 1
        elif tag in ("ul", "ol"):
            self.flush()
            self.list_ids += 1
            self.lists.append(("bullet" if tag == "ul" else "number", self.list_ids))
            self.current_list = None
        elif tag == "li":
            self.flush()
            self.current_list = self.lists[-1] if self.lists else ("bullet", 0)
        elif tag in ("p", "div"):
            self.flush()
        elif tag == "br":
            self.runs.append(RichRun("\n"))

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.marks["bold"] = max(0, self.marks["bold"] - 1)
        elif tag in ("i", "em"):
            self.marks["italic"] = max(0, self.marks["italic"] - 1)
        elif tag == "u":
            self.marks["underline"] = max(0, self.marks["underline"] - 1)
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.current_list = None
        elif tag == "li":
            self.flush()
            self.current_list = None
        elif tag in ("p", "div"):
            self.flush()

    def handle_data(self, data):
        text = _SPACES.sub(" ", data.replace("\xa0", " "))
        if not text:
            return
        if self.lists and self.current_list is None and text.strip():
            self.current_list = self.lists[-1]  # text straight inside <ul> (no <li>): still a list item
        self.runs.append(
            RichRun(
                text,
                bold=self.marks["bold"] > 0,
                italic=self.marks["italic"] > 0,
                underline=self.marks["underline"] > 0,
            )
        )


def _trim(runs: list[RichRun]) -> list[RichRun]:
    """Merge neighbours of the same format, collapse spaces across runs, trim the paragraph's ends."""
    merged: list[RichRun] = []
    for run in runs:
        text = run.text
        if text != "\n" and merged and (merged[-1].text.endswith((" ", "\n")) or not merged[-1].text):
            text = text.lstrip(" ")
        if not text:
            continue
        if merged and merged[-1].text != "\n" and text != "\n" and merged[-1].same_format(run):
            merged[-1] = RichRun(merged[-1].text + text, run.bold, run.italic, run.underline)
        else:
            merged.append(RichRun(text, run.bold, run.italic, run.underline))
    while merged and (merged[0].text == "\n" or not merged[0].text.strip()):
        merged.pop(0)
    while merged and (merged[-1].text == "\n" or not merged[-1].text.strip()):
        merged.pop()
    if merged:
        first, last = merged[0], merged[-1]
        merged[0] = RichRun(first.text.lstrip(), first.bold, first.italic, first.underline)
        last = merged[-1]
        merged[-1] = RichRun(last.text.rstrip(), last.bold, last.italic, last.underline)
    return merged


def parse(value: str) -> RichText:
    """A narrative (editor HTML or old plain text) as docx_content's rich text."""
    if not looks_like_html(value):
        return RichText(tuple(RichParagraph((RichRun(line),)) for line in _lines(value)))
    parser = _Parser()
    parser.feed(sanitise(value))
    parser.close()
    parser.flush()
    return RichText(tuple(parser.paragraphs))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
