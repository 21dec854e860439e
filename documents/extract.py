"""Text of an uploaded PDF or DOCX, for search: bounded, and safe against hostile files.

The parsing runs in a child process (``extract_worker.py``) with
- a time limit that grows with the file's size (``timeout_for``): a PDF crafted to loop or to decompress forever is
  killed, not waited for;
- an address-space limit (``MEMORY_LIMIT_BYTES``): a decompression bomb fails inside the child;
- page and character limits: only the first ``MAX_PAGES`` pages and ``MAX_CHARS`` characters are kept.
A file that fails any of these is still stored; its document is flagged "không trích xuất được nội dung" and is
found by its metadata only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WORKER = Path(__file__).with_name("extract_worker.py")
MAX_PAGES = 300
MAX_CHARS = 300_000
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024
BASE_TIMEOUT_S = 10.0
TIMEOUT_PER_MIB_S = 2.0
MAX_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Extraction:
    ok: bool
    text: str = ""
    pages: int = 0
    error: str = ""


def timeout_for(size: int) -> float:
    """Seconds a file of ``size`` bytes may take: a base plus a little per MiB, capped."""
    return min(MAX_TIMEOUT_S, BASE_TIMEOUT_S + TIMEOUT_PER_MIB_S * size / (1024 * 1024))


def extract_text(data: bytes, kind: str, *, timeout: float | None = None) -> Extraction:
    """The text of ``data`` (``kind`` "pdf" or "docx", already checked by ``lib.uploads``)."""
    if kind not in ("pdf", "docx"):
        return Extraction(ok=False, error="kind")
    try:
        done = subprocess.run(  # noqa: S603 - our own worker, fixed arguments; the file goes through stdin
            # The worker limits its own address space first thing (no preexec_fn: unsafe in a threaded server).
            [sys.executable, "-I", str(WORKER), kind, str(MAX_PAGES), str(MAX_CHARS), str(MEMORY_LIMIT_BYTES)],
            input=data,
            capture_output=True,
            timeout=timeout if timeout is not None else timeout_for(len(data)),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction(ok=False, error="timeout")
    try:
        answer = json.loads(done.stdout or b"{}")
    except ValueError:
        return Extraction(ok=False, error=f"exit {done.returncode}")
    if not answer.get("ok"):
        return Extraction(ok=False, error=str(answer.get("error") or f"exit {done.returncode}")[:100])
    text = str(answer.get("text", ""))[:MAX_CHARS].replace("\x00", "")
    if not text.strip():
        # A scanned PDF (images only) has no text layer: nothing to search in it.
        return Extraction(ok=False, pages=int(answer.get("pages", 0)), error="empty")
    return Extraction(ok=True, text=text, pages=int(answer.get("pages", 0)))
