"""The answer path's own check: quotes are literal source text and every number said is in something cited."""

from __future__ import annotations

import re
import unicodedata

from assistant.core.types import Citation, Verification
from index.reader import LoadedIndex

_MARKER_RE = re.compile(r"\[[^\[\]]{1,80}\]")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    return set(_NUMBER_RE.findall(unicodedata.normalize("NFKC", text)))


def strip_markers(text: str, citations: list[Citation]) -> str:
    for c in citations:
        text = text.replace(c.marker, " ")
    return text


def verify(answer: str, citations: list[Citation], index: LoadedIndex, allowed_text: str = "",
           counts: set[int] | None = None) -> Verification:
    """`allowed_text`: what the answer may repeat besides quotes (cited titles/numbers, the asker's own words).
    `counts`: numbers the answer derived by counting the parsed structure ("8 个领域", "（7 个方向）"): they are
    computed, not quoted, and allowed as such."""
    problems: list[str] = []
    for c in citations:
        doc = index.document.get(c.document)
        if doc is None or doc.text[c.start:c.end] != c.quote:
            problems.append(f"quote for {c.marker} is not the source text at {c.start}:{c.end}")
        elif c.marker not in answer:
            problems.append(f"citation {c.marker} is not referenced in the answer")
    support = " ".join([c.quote for c in citations] + [c.title or "" for c in citations]
                       + [c.direction or "" for c in citations] + [c.edition for c in citations] + [allowed_text])
    derived = {str(n) for n in counts or ()}
    unsupported = numbers_in(strip_markers(answer, citations)) - numbers_in(support) - derived
    if unsupported:
        problems.append(f"numbers not in any cited span: {sorted(unsupported)}")
    return Verification(ok=not problems, problems=problems)
