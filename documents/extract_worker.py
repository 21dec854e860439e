"""Text extraction in a child process: ``python -I extract_worker.py <kind> <max_pages> <max_chars> <max_bytes>``,
the file on standard input, a JSON answer on standard output.

Run apart from the web process (``documents.extract`` starts it) so that a hostile file cannot hang a request or
exhaust its memory: the parent kills it after a time that grows with the file's size, and it runs under an address
space limit. Imports only the parsers, not Django.
"""

from __future__ import annotations

import io
import json
import resource
import sys


def _pdf(data: bytes, max_pages: int, max_chars: int) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("encrypted")
    parts: list[str] = []
    total = 0
    pages = 0
    for page in reader.pages[:max_pages]:
        pages += 1
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total >= max_chars:
            break
    return "\n".join(parts)[:max_chars], pages


def _docx(data: bytes, max_chars: int) -> tuple[str, int]:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    total = 0
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" ".join(cell.text for cell in row.cells))
    for text in blocks:
        parts.append(text)
        total += len(text)
        if total >= max_chars:
            break
    return "\n".join(parts)[:max_chars], 0


def main() -> None:
    kind, max_pages, max_chars, max_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    # Before reading or parsing anything: a decompression bomb fails here, not in the server's memory.
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    data = sys.stdin.buffer.read()
    try:
        if kind == "pdf":
            text, pages = _pdf(data, max_pages, max_chars)
        elif kind == "docx":
            text, pages = _docx(data, max_chars)
        else:
            raise ValueError("kind")
    except Exception as e:  # noqa: BLE001 - any parser failure is "could not extract", reported to the parent
        json.dump({"ok": False, "error": type(e).__name__}, sys.stdout)
        return
    json.dump({"ok": True, "text": text, "pages": pages}, sys.stdout)


if __name__ == "__main__":
    main()
