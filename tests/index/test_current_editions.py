"""The two corpus editions parse exactly as they did before layout detection: a compact golden of every direction
(number, title, category, section names, item counts, first and last item offsets), the preamble and domains, a
sha256 of the clean text and of the chunks. Regenerate only for an intended change:
`python -c "import sys; sys.path.insert(0, 'tests/index'); import test_current_editions as t; t.write()"`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from assistant.core.types import Document
from index.chunk import chunk_document
from index.corpus import load_documents
from index.tokens import count_tokens

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden" / "current_editions.json"
CHUNK_CHARS = 320


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def compact(doc: Document) -> dict:
    chunks = chunk_document(doc, CHUNK_CHARS, count_tokens)
    return {
        "text_sha256": _sha(doc.text),
        "chunks_sha256": _sha(json.dumps([(c.id, c.kind, c.section, c.item, c.start, c.end, c.text) for c in chunks],
                                         ensure_ascii=False)),
        "chunks": len(chunks),
        "anomalies": [a.message for a in doc.anomalies],
        "preamble": [[p.heading, p.start, p.end] for p in doc.preamble],
        "domains": [[dom.number, dom.name, [dom.intro.start, dom.intro.end] if dom.intro else None]
                    for dom in doc.domains],
        "directions": [
            {"number": d.number, "title": d.title, "category": d.category, "category_raw": d.category_raw,
             "domain": d.domain_number, "span": [d.start, d.end], "title_span": [d.title_span.start, d.title_span.end],
             "keywords": d.keywords,
             "sections": [[s.name, s.raw_name, s.start, s.end, len(s.items),
                           [s.items[0].start, s.items[0].end, s.items[-1].start, s.items[-1].end] if s.items else None]
                          for s in d.sections]}
            for d in doc.directions],
    }


def current() -> dict:
    return {doc.edition.label: compact(doc) for doc in load_documents(ROOT / "corpus")}


def write() -> None:
    """One line per direction, so a diff shows which direction changed."""
    lines = []
    for label, doc in current().items():
        head = {k: v for k, v in doc.items() if k != "directions"}
        rows = ",\n".join("  " + json.dumps(d, ensure_ascii=False) for d in doc["directions"])
        lines.append(f' {json.dumps(label, ensure_ascii=False)}: {json.dumps(head, ensure_ascii=False)[:-1]}, '
                     f'"directions": [\n{rows}\n ]}}')
    GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def parsed() -> dict:
    return current()


@pytest.mark.parametrize("label", ["新版", "2022"])
def test_edition_parses_as_before(parsed, label):
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))[label]
    got = parsed[label]
    assert [d["number"] for d in got["directions"]] == [d["number"] for d in want["directions"]]
    for g, w in zip(got["directions"], want["directions"]):
        assert g == w, g["number"]
    assert got == want
