"""PDF → text shaped like the corpus .txt sources, so `parse_text` reads a PDF edition like any other.

pypdf yields lines, not paragraphs, and the parser needs a blank line between paragraphs (else a heading swallows
the paragraph after it). Where each line sits on the page tells where a paragraph ends: the next line is indented,
the line stops well short of the right edge, or a wider vertical gap follows. Page numbers and the running title are
dropped; a paragraph that runs over a page break is continued with a single newline, so the parser joins it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from assistant.errors import IngestError
from index.clean import SECTION_LABEL_RE

_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_EDGE_LINES = 2  # furniture is looked for among this many lines at the top and the bottom of a page


@dataclass
class _Line:
    text: str
    x: float  # where the text starts, leading blanks included
    y: float
    size: float  # effective font size, in the page's units

    @property
    def left(self) -> float:  # an indent may be typed as U+3000 blanks rather than set as a position
        return self.x + _ems(self.text[: len(self.text) - len(self.text.lstrip())]) * self.size

    @property
    def right(self) -> float:  # estimated: pypdf gives no glyph widths, CJK is 1 em and Latin about half
        return self.x + _ems(self.text.rstrip()) * self.size


def _ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _fail(path: Path, what: str, e: BaseException | None = None) -> IngestError:
    # one line, whatever pypdf put in its message
    reason = (e.strerror if isinstance(e, OSError) else " ".join(str(e).split())[:120]) if e is not None else ""
    return IngestError(what.format(path=path, reason=reason or type(e).__name__))


def _open(path: Path) -> Any:
    from pypdf import PdfReader  # imported here so the text-only corpus never loads pypdf

    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise _fail(path, "{path} cannot be read ({reason}): check the path and its permissions", e) from e
    if b"%PDF-" not in head:
        raise _fail(path, "{path} is not a PDF (no %PDF header): add the PDF itself, or the text as a .txt")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(path, "{path} is password-protected: save an unprotected copy and add that")
        n = len(reader.pages)
    except IngestError:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file; KeyboardInterrupt is not an Exception
        raise _fail(path, "{path} is damaged or not a readable PDF ({reason}): re-export it, or add the .txt", e) from e
    if n == 0:
        raise _fail(path, "{path} has no pages: re-export it, or add the text as a .txt")
    return reader


def _page_lines(page: Any) -> list[_Line]:
    lines: list[_Line] = []
    parts: list[str] = []
    pos: list[float] = []

    def flush() -> None:
        text = "".join(parts).rstrip()
        if text.strip() and pos:
            lines.append(_Line(text, *pos))
        parts.clear()
        pos.clear()

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        for i, part in enumerate(text.split("\n")):
            if i:
                flush()
            if part.strip() and not pos:  # the matrices are those where this piece of text starts
                x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                pos.extend((x, y, (size or 10.0) * (scale or 1.0)))
            if pos or part.strip():
                parts.append(part)

    page.extract_text(visitor_text=visit)
    flush()
    return lines


_BRACKET_ITEM_RE = re.compile(r"^[(（]\s*\d{1,2}\s*[)）]")


def _opens_item(text: str) -> bool:
    # only unambiguous openers: a wrapped line may well start with "—" (超导—自旋) or a decimal ("0.15%")
    return bool(SECTION_LABEL_RE.match(text) or _BRACKET_ITEM_RE.match(text))


def _key(line: _Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Page numbers, and lines that repeat at the top or bottom of most pages (the running title)."""

    def edges(lines: list[_Line]) -> list[_Line]:
        by_y = sorted(lines, key=lambda ln: -ln.y)  # stream order need not be reading order
        return by_y[:_EDGE_LINES] + by_y[_EDGE_LINES:][-_EDGE_LINES:]

    counts = Counter(k for lines in pages for k in {_key(ln) for ln in edges(lines)})
    texted = sum(1 for lines in pages if lines)
    running = {k for k, c in counts.items() if texted >= 2 and c >= max(2, math.ceil(0.6 * texted))}
    out = []
    for lines in pages:
        drop, seen = set(), set()
        for ln in edges(lines):
            key = _key(ln)
            if _PAGE_NUMBER_RE.match(ln.text.strip()) or (key in running and key not in seen):
                drop.add(id(ln))
                seen.add(key)  # once per page: the title under a running title of the same words stays
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


def pdf_to_text(path: Path) -> str:
    reader = _open(path)
    pages: list[list[_Line]] = []
    for number, page in enumerate(reader.pages, 1):
        try:
            pages.append(_page_lines(page))
        except Exception as e:
            raise _fail(path, f"{{path}} page {number} cannot be read ({{reason}}): re-export it, or add the .txt",
                        e) from e
    pages = _drop_furniture(pages)
    body = [ln for lines in pages for ln in lines]
    if not body:
        raise _fail(path, "{path} has no text layer (a scan?): run OCR first or add the .txt")

    margin = Counter(round(ln.left) for ln in body).most_common(1)[0][0]
    rights = sorted(ln.right for ln in body)
    edge = rights[int(0.9 * (len(rights) - 1))]  # most lines of a guideline are full, so this is the text's edge
    steps = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:]) if 0 < a.y - b.y < 3 * a.size]
    pitch = median(steps) if steps else 0.0

    def new_paragraph(a: _Line, b: _Line, same_page: bool) -> bool:
        indented = b.left > margin + 0.8 * b.size  # a first-line indent, or a centred title
        short = a.right < edge - 2 * a.size  # a paragraph's last line; a line cut by the page is full
        gap = same_page and pitch > 0 and a.y - b.y > 1.5 * pitch
        return indented or short or gap

    # A PDF line wrap is never meaningful, so a paragraph becomes one line, as in the .txt sources; a wrapped line
    # that opens an item or section still starts a paragraph, so a missed paragraph end cannot swallow it.
    out: list[str] = []
    prev: _Line | None = None
    for lines in pages:
        for i, ln in enumerate(lines):
            line = ln.text.strip()
            if prev is not None:
                if new_paragraph(prev, ln, same_page=i > 0) or _opens_item(line):
                    out.append("\n\n")
                elif out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line[:1].isascii() and line[:1].isalnum():
                    out.append(" ")  # an English word or a number and its unit were wrapped at a space
            out.append(line)
            prev = ln
    return "".join(out) + "\n"
