"""Clean text → Document → Domain → Direction → Section → Item, with offsets into the document's clean text.

The parser decides, block by block, what each paragraph is (preamble rule, domain heading, direction title or its
broken-off continuation, section label, section body) and emits the clean text as it goes, so every span it records
is exactly `doc.text[start:end]`. Anything it cannot place is reported as an Anomaly, never dropped silently.
"""

from __future__ import annotations

import re

from assistant.core.types import (
    Anomaly,
    Direction,
    Document,
    Domain,
    Edition,
    Item,
    RulePassage,
    Section,
    Span,
)
from index.clean import ITEM_MARKER_RE, SECTION_LABEL_RE, TERMINAL, Block, split_blocks

CATEGORIES = {
    "基础研究类": "基础研究类",
    "共性关键技术类": "共性关键技术类",
    "关键共性技术类": "共性关键技术类",
    "应用示范类": "应用示范类",
    "示范应用类": "应用示范类",
}
_CATEGORY_RE = re.compile(r"[（(]\s*([^（）()]{2,12}类)\s*[）)]?\s*$")
_DOMAIN_RE = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?!\d)([^。；;，,]{2,40})$")
_DIRECTION_RE = re.compile(r"^(\d{1,2})\s*[.．]\s*(\d{1,2})(?!\d)\s*(.+)$")
_PREAMBLE_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(.+)$")
_INLINE_LABEL_RE = re.compile(r"(研究内容|考核指标|技术指标)\s*[：:]")
_DECLARED_COUNT_RE = re.compile(r"共计\s*(\d+)\s*个[^，。]*?指南方向")
_SENTENCE_RE = re.compile(r"[^。；;\n]+[。；;]?")
_INLINE_MARKER_RE = re.compile(r"(?:(?<=^)|(?<=[。；;：:]))\s*(?:[(（](\d{1,2})[)）]|(\d{1,2})[.．、](?![\d%]))")

CANONICAL_SECTION = {"技术指标": "考核指标"}


class _Emitter:
    """Accumulates the clean text; every emit returns the offsets of what it wrote."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def emit(self, text: str, join: bool = False) -> tuple[int, int]:
        if not join and self.pos:
            self.parts.append("\n")
            self.pos += 1
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _split_title(text: str) -> tuple[str, str | None, str | None]:
    m = _CATEGORY_RE.search(text)
    if not m:
        return text.strip(), None, None
    raw = m.group(1).strip()
    return text[: m.start()].strip(), CATEGORIES.get(raw.replace(" ", ""), raw), raw


def split_items(text: str, offset: int) -> list[Item]:
    """Items of a section body: paragraphs opened by a marker; markers run inline ("1.…；2.…"); else sentences."""
    items: list[Item] = []
    paragraphs = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    marked = [p for p in paragraphs if ITEM_MARKER_RE.match(p[1])]
    if marked:
        for pstart, ptext in paragraphs:
            m = ITEM_MARKER_RE.match(ptext)
            inline = _inline_marked(ptext, offset + pstart, len(items)) if m else []
            if inline:
                items.extend(inline)
            elif m:
                body_start = pstart + m.end()
                items.append(Item(index=len(items) + 1, marker=m.group(0).strip(), start=offset + body_start,
                                  end=offset + pstart + len(ptext), text=ptext[m.end():]))
            elif items:  # an unmarked paragraph continues the previous item
                last = items[-1]
                end = offset + pstart + len(ptext)
                items[-1] = last.model_copy(update={"end": end, "text": text[last.start - offset: end - offset]})
            else:
                items.extend(sentence_items(ptext, offset + pstart, len(items)))
        return items
    for pstart, ptext in paragraphs:
        inline = _inline_marked(ptext, offset + pstart, len(items))
        items.extend(inline or sentence_items(ptext, offset + pstart, len(items)))
    return items


def _inline_marked(ptext: str, offset: int, base: int) -> list[Item]:
    hits = list(_INLINE_MARKER_RE.finditer(ptext))
    numbers = [int(m.group(1) or m.group(2)) for m in hits]
    if len(hits) < 2 or numbers != list(range(1, len(hits) + 1)) or hits[0].start() > 0:
        return []
    items = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(ptext)
        body = ptext[m.end():end]
        items.append(Item(index=base + i + 1, marker=m.group(0).strip(), start=offset + m.end(),
                          end=offset + m.end() + len(body), text=body))
    return items


def sentence_items(ptext: str, offset: int, base: int = 0) -> list[Item]:
    """Sentences and ；-clauses of a text as Items whose offsets are `offset` + their position in it."""
    items = []
    for m in _SENTENCE_RE.finditer(ptext):
        s = m.group(0)
        lead = len(s) - len(s.lstrip())
        body = s.strip()
        if len(body) < 2:
            continue
        start = offset + m.start() + lead
        items.append(Item(index=base + len(items) + 1, start=start, end=start + len(body), text=body))
    return items


def _keywords(lines: list[str]) -> list[str]:
    """Keywords split on ；/;/、 and on hard line breaks (a page break inside a word was already joined)."""
    words: list[str] = []
    for line in lines:
        line = SECTION_LABEL_RE.sub("", line)
        words.extend(w.strip(" ，,。") for w in re.split(r"[；;、]", line))
    return [w for w in words if w]


class _Parser:
    def __init__(self, edition: Edition, blocks: list[Block]) -> None:
        self.edition = edition
        self.blocks = blocks
        self.out = _Emitter()
        self.doc = Document(edition=edition, text="")
        self.domain: Domain | None = None
        self.direction: Direction | None = None
        self.section: dict | None = None  # the open section: name, raw, start, end, lines
        self.title_open = False  # direction title may still continue (broken heading)
        self.preamble_heading = ""

    # -- helpers
    def anomaly(self, message: str) -> None:
        where = f"{self.direction.number}" if self.direction else (self.domain.number if self.domain else "preamble")
        self.doc.anomalies.append(Anomaly(where=f"{self.edition.label} {where}", message=message))

    def close_section(self) -> None:
        s, d = self.section, self.direction
        self.section = None
        if not s or not d:
            return
        start = s["body_start"] if s["body_start"] is not None else s["end"]
        text = self.out.text[start: s["end"]]
        name = CANONICAL_SECTION.get(s["raw"], s["raw"])
        section = Section(name=name, raw_name=s["raw"], start=start, end=s["end"], text=text)
        if name == "关键词":
            section.keywords = _keywords(s["lines"])
        else:
            section.items = split_items(text, start)
        if not text.strip():
            self.anomaly(f"empty section {s['raw']}")
        d.sections.append(section)
        d.end = s["end"]

    def close_direction(self) -> None:
        self.close_section()
        d = self.direction
        if d:
            names = {s.name for s in d.sections}
            for need in ("研究内容", "考核指标"):
                if need not in names:
                    self.anomaly(f"direction has no {need} section")
        self.direction = None
        self.title_open = False

    def next_domain_number(self) -> int:
        return int(self.domain.number) + 1 if self.domain else 1

    # -- block kinds
    def is_domain(self, b: Block) -> re.Match | None:
        m = _DOMAIN_RE.match(b.text)
        if m and int(m.group(1)) == self.next_domain_number() and not b.text.endswith(TERMINAL):
            return m
        return None

    def is_direction(self, b: Block) -> re.Match | None:
        m = _DIRECTION_RE.match(b.text)
        if m and self.domain and m.group(1) == self.domain.number and not SECTION_LABEL_RE.match(m.group(3)):
            return m
        return None

    def run(self) -> Document:
        for b in self.blocks:
            if m := self.is_domain(b):
                self.start_domain(m, b)
            elif m := self.is_direction(b):
                self.start_direction(m)
            elif self.domain is None:
                self.preamble(b)
            elif self.direction is None:
                self.domain_intro(b)
            else:
                self.direction_body(b)
        self.close_direction()
        self.doc.text = self.out.text
        self.check_counts()
        return self.doc

    def preamble(self, b: Block) -> None:
        if m := _PREAMBLE_HEADING_RE.match(b.text):
            self.out.emit(b.text)
            self.preamble_heading = b.text
            del m
            return
        if not self.preamble_heading:  # 附件 / the document title
            self.out.emit(b.text)
            return
        start, end = self.out.emit(b.text)
        self.doc.preamble.append(RulePassage(index=len(self.doc.preamble) + 1, heading=self.preamble_heading,
                                             start=start, end=end, text=b.text))

    def start_domain(self, m: re.Match, b: Block) -> None:
        self.close_direction()
        start, end = self.out.emit(b.text)
        self.domain = Domain(number=m.group(1), name=m.group(2).strip(), heading=Span(start=start, end=end, text=b.text))
        self.doc.domains.append(self.domain)

    def domain_intro(self, b: Block) -> None:
        start, end = self.out.emit(b.text)
        assert self.domain is not None
        if self.domain.intro is None:
            self.domain.intro = Span(start=start, end=end, text=b.text)
        else:
            self.domain.intro = Span(start=self.domain.intro.start, end=end, text=self.out.text[self.domain.intro.start:end])

    def start_direction(self, m: re.Match) -> None:
        self.close_direction()
        assert self.domain is not None
        rest = m.group(3)
        label = _INLINE_LABEL_RE.search(rest)  # "6.4 …联合研究 研究内容：" — the heading ran into its section
        heading, tail = (rest[: label.start()], rest[label.start():]) if label else (rest, "")
        number = f"{m.group(1)}.{m.group(2)}"
        expected = f"{self.domain.number}.{len(self.domain.directions) + 1}"
        start, end = self.out.emit(f"{number} {heading.strip()}")
        title, category, raw = _split_title(heading)
        tstart = start + len(number) + 1
        self.direction = Direction(
            edition=self.edition.id, number=number, title=title, category=category, category_raw=raw,
            domain_number=self.domain.number, domain_name=self.domain.name, start=start, end=end,
            title_span=Span(start=tstart, end=tstart + len(title), text=title),
        )
        if number != expected:
            self.anomaly(f"direction number {number} out of order (expected {expected})")
        self.domain.directions.append(self.direction)
        self.title_open = category is None
        if tail:
            self.direction_body(Block(text=tail, lines=[tail]))

    def continue_title(self, b: Block) -> None:
        d = self.direction
        assert d is not None
        _, end = self.out.emit(b.text, join=True)
        full = self.out.text[d.start:end]
        title, category, raw = _split_title(full[len(d.number) + 1:])
        tstart = d.title_span.start
        d.title, d.category, d.category_raw, d.end = title, category, raw, end
        d.title_span = Span(start=tstart, end=tstart + len(title), text=title)
        self.title_open = category is None

    def direction_body(self, b: Block) -> None:
        d = self.direction
        assert d is not None
        label = SECTION_LABEL_RE.match(b.text)
        if label:
            self.title_open = False
            self.close_section()
            raw = label.group(1)
            lstart, lend = self.out.emit(b.text[: label.end()].rstrip())
            body = b.text[label.end():]
            self.section = {"raw": raw, "body_start": None, "end": lend, "lines": list(b.lines)}
            if body:
                bstart, bend = self.out.emit(body, join=True)
                self.section.update(body_start=bstart, end=bend)
            return
        if self.section is None:
            if self.title_open and (b.heading or not b.text.endswith(TERMINAL)) and len(b.text) <= 60:
                self.continue_title(b)
            else:
                self.anomaly(f"text before any section: {b.text[:30]!r}")
                self.out.emit(b.text)
            return
        # a heading-marked fragment after the keywords (e.g. "## 国际合作") is the rest of the keyword list
        join = self.section["raw"] == "关键词" and b.heading and self.out.text.endswith(("；", ";"))
        if b.heading and not join:
            self.anomaly(f"heading inside section {self.section['raw']}: {b.text[:30]!r}")
        bstart, bend = self.out.emit(b.text, join=join)
        if self.section["body_start"] is None:
            self.section["body_start"] = bstart
        self.section["end"] = bend
        self.section["lines"].extend(b.lines)

    def check_counts(self) -> None:
        pre = "\n".join(p.text for p in self.doc.preamble)
        m = _DECLARED_COUNT_RE.search(pre)
        n = len(self.doc.directions)
        if m and int(m.group(1)) != n:
            self.doc.anomalies.append(Anomaly(where=self.edition.label,
                                              message=f"preamble declares {m.group(1)} directions, parsed {n}"))
        if not self.doc.preamble:
            self.doc.anomalies.append(Anomaly(where=self.edition.label, message="no preamble rules found"))


def parse_text(raw: str, edition: Edition) -> Document:
    return _Parser(edition, split_blocks(raw)).run()
