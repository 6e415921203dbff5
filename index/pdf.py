"""PDF → text shaped like the corpus .txt sources, so `parse_text` reads a PDF edition like any other.

pypdf yields lines, not paragraphs, and the parser needs a blank line between paragraphs (else a heading swallows
the paragraph after it). Where each line sits on the page tells where a paragraph ends: the next line is indented,
the line stops short of the right edge, or a wider vertical gap follows. Page numbers and the running title are
dropped, and a paragraph that runs over a page break stays one paragraph.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from assistant.core.errors import IngestError
from index.clean import ITEM_MARKER_RE, STRUCTURE_START_RE, TERMINAL, wrapped_at_space
from index.sections import SECTION_LABEL_RE

_PAGE_NUMBER_RE = re.compile(r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                             r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")
_WORD_RE = re.compile(r"[A-Za-z0-9.,%~≥≤±·/_-]+|.", re.S)  # a line breaks before a whole Latin run, or any CJK char
# Openers the layout may hide. A bare "—" or number opens nothing after an unfinished sentence: a wrap often lands
# before "—自旋" or "0.5 mm".
_OPENER_RE = re.compile(r"^(?:[(（]\s*\d{1,2}\s*[)）]|[①-⑳]|[一二三四五六七八九十]+、)")
_HEADING_LINE_RE = re.compile(r"^\d{1,2}\s*[.．、]\s*(?:\d{1,2})?\s*[^\d\s，,；;：:。][^，,；;：:。]{1,59}$")
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
    def right(self) -> float:  # estimated: pypdf gives no glyph widths
        return self.x + _ems(self.text.rstrip()) * self.size


def _ems(text: str) -> float:  # "ambiguous" (—, “”, ×, ≥) is full width in the CJK fonts a Chinese document uses
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.55 for c in text)


def _fail(path: Path, what: str, e: BaseException | None = None) -> IngestError:  # one line, whatever pypdf says
    reason = (e.strerror if isinstance(e, OSError) else " ".join(str(e).split())[:120]) if e is not None else ""
    return IngestError(what.format(path=path, reason=reason or type(e).__name__))


def _open(path: Path) -> Any:
    from pypdf import PdfReader  # imported here so a text-only corpus never loads pypdf
    from pypdf.errors import DependencyError

    try:
        data = path.read_bytes()
        if b"%PDF-" not in data[:1024]:
            raise _fail(path, "{path} is not a PDF (no %PDF header): add the PDF itself, or the text as a .txt")
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(path, "{path} is password-protected: save an unprotected copy and add that")
        if len(reader.pages) == 0:
            raise _fail(path, "{path} has no pages: re-export it, or add the text as a .txt")
        return reader
    except IngestError:
        raise
    except DependencyError as e:  # AES encryption needs the cryptography package
        raise _fail(path, "{path} cannot be decrypted ({reason}): install that, or save an unprotected copy", e) from e
    except OSError as e:
        raise _fail(path, "{path} cannot be read ({reason}): check the path and its permissions", e) from e
    except Exception as e:  # pypdf raises many kinds on a damaged file; KeyboardInterrupt is not an Exception
        raise _fail(path, "{path} is damaged or not a readable PDF ({reason}): re-export it, or add the .txt", e) from e


def _page_lines(page: Any) -> list[_Line]:
    lines: list[_Line] = []
    parts: list[str] = []
    pos: list[float] = []

    def flush() -> None:
        if "".join(parts).strip() and pos:
            lines.append(_Line("".join(parts).rstrip(), *pos))
        parts.clear()
        pos.clear()

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        for i, part in enumerate(text.split("\n")):
            if i:
                flush()
            if part.strip() and not pos:  # the matrices are those where this piece of text starts
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                pos.extend((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                            (size or 10.0) * (scale or 1.0)))
            if pos or part.strip():
                parts.append(part)

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Page numbers, and lines that repeat at the top or bottom of most pages (the running title)."""

    def edges(lines: list[_Line]) -> list[_Line]:
        by_y = sorted(lines, key=lambda ln: -ln.y)  # stream order need not be reading order
        return by_y[:_EDGE_LINES] + by_y[_EDGE_LINES:][-_EDGE_LINES:]

    def key(ln: _Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))

    counts = Counter(k for lines in pages for k in {key(ln) for ln in edges(lines)})
    texted = sum(1 for lines in pages if lines)
    running = {k for k, n in counts.items() if texted >= 2 and n >= max(2, math.ceil(0.6 * texted))}
    out = []
    for lines in pages:
        drop: set[int] = set()
        seen: set[str] = set()  # once per page: a title under a running title of the same words stays
        for ln in edges(lines):
            if _PAGE_NUMBER_RE.match(ln.text.strip()) or (key(ln) in running and key(ln) not in seen):
                drop.add(id(ln))
                seen.add(key(ln))
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


def _opens_paragraph(prev: str, line: str) -> bool:
    if SECTION_LABEL_RE.match(line) or _OPENER_RE.match(line) or _HEADING_LINE_RE.match(line):
        return True
    return prev.endswith(TERMINAL) and bool(ITEM_MARKER_RE.match(line) or STRUCTURE_START_RE.match(line))


def pdf_to_text(path: Path) -> str:
    reader = _open(path)
    pages: list[list[_Line]] = []
    for number, page in enumerate(reader.pages, 1):
        try:
            pages.append(_page_lines(page))
        except Exception as e:
            what = f"{{path}} page {number} is damaged ({{reason}}): re-export it, or add the .txt"
            raise _fail(path, what, e) from e
    pages = _drop_furniture(pages)
    body = [ln for lines in pages for ln in lines]
    if not body:
        raise _fail(path, "{path} has no text layer (a scan?): run OCR first or add the .txt")

    margin: dict[int, float] = {}  # each page's own left margin: facing pages may have mirrored margins
    page_of: dict[int, int] = {}
    for number, lines in enumerate(pages):
        lefts = Counter(round(ln.left) for ln in lines)
        margin.update((id(ln), min([x for x, n in lefts.items() if n >= 2] or lefts)) for ln in lines)
        page_of.update((id(ln), number) for ln in lines)
    widths = sorted(ln.right - margin[id(ln)] for ln in body)
    width = widths[int(0.9 * (len(widths) - 1))]  # most lines of a guideline are full, so this is the text width
    steps = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:]) if 0 < a.y - b.y < 3 * a.size]
    pitch = median(steps) if steps else 0.0

    def new_paragraph(a: _Line, b: _Line) -> bool:
        if re.search(r"[A-Za-z0-9]$", a.text) and re.match(r"[a-z]", b.text.strip()):
            return False  # "…300m" + "m硅片": a wrap inside a token or before its unit never ends a paragraph
        indented = b.left - margin[id(b)] > 0.8 * b.size  # a first-line indent, or a centred title
        # the next line's first word would have fitted after this one (not so for a line a page break cut)
        word = _WORD_RE.match(b.text.strip())
        short = a.right - margin[id(a)] + _ems(word.group(0) if word else "") * b.size < width - a.size
        gap = page_of[id(a)] == page_of[id(b)] and pitch > 0 and a.y - b.y > 1.5 * pitch
        return indented or short or gap or _opens_paragraph(a.text.strip(), b.text.strip())

    # A PDF line wrap means nothing, so a paragraph becomes one line as in the .txt sources (the parser would also
    # split a keyword list at a wrap); a page break inside a paragraph is just another wrap.
    out: list[str] = []
    for i, ln in enumerate(body):
        line = ln.text.strip()
        if i:
            if new_paragraph(body[i - 1], ln):
                out.append("\n\n")
            elif wrapped_at_space(body[i - 1].text.strip(), line):
                out.append(" ")  # an English word, or a number and its unit, wrapped at a space
        out.append(line)
    return "".join(out) + "\n"
