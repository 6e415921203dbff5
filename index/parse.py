"""Clean text → Document → Domain → Direction → Section → Item, with offsets into the document's clean text.

The parser walks the paragraphs once, deciding what each is (a heading of some level, a direction heading or its
broken-off rest, a section label, section text, a rule sentence) and emits the clean text as it goes, so every span it
records is exactly `doc.text[start:end]`. Which level holds the directions comes from `index.layout`; whether a level
above them is a parent or only a wrapper is decided at the end, when it is known which headings hold directions.
Nothing is dropped: text outside every direction becomes rule passages, text outside a known section a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.types import (
    Anomaly,
    Direction,
    Document,
    Domain,
    Edition,
    Level,
    RulePassage,
    Section,
    Span,
)
from index.clean import BLOCK_NAME_RE, TERMINAL, Block, split_blocks
from index.identity import identify
from index.items import keywords, sentence_items, split_items, split_title
from index.layout import (
    BY_NAME,
    Marker,
    Scheme,
    continuation_like,
    direction_scheme,
    item_number,
    marker,
    owns_label,
)
from index.sections import SECTION_LABEL_RE, UNKNOWN_LABEL_RE, UNLABELLED, canonical, fields_of, split_fused

__all__ = ["parse_text", "sentence_items"]  # the answer path splits rule passages with the same sentence splitter

_DECLARED_COUNT_RES = (
    re.compile(r"共计\s*(\d+)\s*个[^，。]*?指南方向"),
    re.compile(r"(?:共|部署)\s*(\d+)\s*个(?:[一二三]级|末级)?(?:指南|研究)?方向"),
)
_PARENT_CLAUSE_RE = re.compile(r"[，,。；;：:]")
_SENTENCE_MARK_RE = re.compile(r"[，,。；;：:！？]")
MAX_PARENT_NAME = 40
UNHEADED = "前言"  # the heading of rule passages printed under no heading
_RULE_SECTIONS = ("研究内容", "考核指标")  # a direction lacking one that most directions have is worth a look


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


@dataclass(eq=False)
class _Node:
    """A heading above the direction level, or an unnumbered block heading, with the text before its first child."""

    scheme: str  # a Scheme name, or "block"
    rank: int
    number: str
    name: str
    span: Span  # the heading line as printed
    intro: list[tuple[int, int]] = field(default_factory=list)
    directions: int = 0


@dataclass
class _Open:
    """The section being read: its label, where its body starts and ends, its source lines."""

    raw: str
    label_start: int
    end: int
    body_start: int | None = None
    lines: list[str] = field(default_factory=list)
    last_item: tuple[str, int] | None = None


class _Parser:
    def __init__(self, edition: Edition, blocks: list[Block]) -> None:
        self.edition = edition
        self.blocks = blocks
        self.scheme: Scheme | None = direction_scheme(blocks)
        self.out = _Emitter()
        self.doc = Document(edition=edition, text="")
        self.stack: list[_Node] = []
        self.nodes: list[_Node] = []
        self.front: list[tuple[int, int]] = []  # rule paragraphs before any heading
        self.placed: list[tuple[Direction, list[_Node]]] = []  # each direction with the headings above it
        self.last: dict[str, int] = {}  # last number taken per scheme (and hierarchical prefix)
        self.fresh: set[str] = set()  # schemes whose numbering may restart: a higher heading came since
        self.direction: Direction | None = None
        self.section: _Open | None = None
        self.title_open = False  # direction title may still continue (broken heading)

    # -- helpers
    def anomaly(self, message: str) -> None:
        where = self.direction.number if self.direction else (self.stack[-1].number if self.stack else "preamble")
        self.doc.anomalies.append(Anomaly(where=f"{self.edition.label} {where}", message=message))

    def open_parent(self, depth: int) -> _Node | None:
        return next((n for n in reversed(self.stack) if n.scheme in BY_NAME and BY_NAME[n.scheme].depth == depth), None)

    # -- what a paragraph is
    def is_direction(self, i: int, m: Marker) -> bool:
        if m.scheme is not self.scheme:
            return False
        if m.scheme.depth >= 2:  # "1.2" under "1.", "1.1.2" under "1.1"
            parent = self.open_parent(m.scheme.depth - 1)
            if parent is not None:
                return m.prefix == parent.number
            return m.title_like and not any(_depth(n.scheme) == m.scheme.depth - 1 for n in self.nodes)
        continues_items = bool(self.section and m.scheme.depth == 1 and self.section.last_item == ("dot", m.value - 1))
        return m.title_like and owns_label(self.blocks, i, m) and not continues_items

    def is_parent(self, b: Block, m: Marker) -> bool:
        if self.scheme is None or m.scheme.rank >= self.scheme.rank or m.tail:
            return False
        name = m.heading.strip()
        if not 2 <= len(name) <= MAX_PARENT_NAME or _PARENT_CLAUSE_RE.search(name) or b.text.endswith(TERMINAL):
            return False
        if m.scheme.depth >= 2:
            parent = self.open_parent(m.scheme.depth - 1)
            if parent is None or m.prefix != parent.number:
                return False
        key = f"{m.scheme.name}:{m.prefix}"
        return m.value == self.last.get(key, 0) + 1 or (m.value == 1 and (key not in self.last or key in self.fresh))

    # -- the walk
    def run(self) -> Document:
        for i, b in enumerate(self.blocks):
            m = marker(b.text)
            if m and self.is_direction(i, m):
                self.start_direction(m, b)
            elif m and self.is_parent(b, m):
                self.start_node(m.scheme.name, m.scheme.rank, m.number, m.heading.strip(), b)
                key = f"{m.scheme.name}:{m.prefix}"
                self.last[key] = m.value
                self.fresh.discard(key)
            elif BLOCK_NAME_RE.match(b.text) and self.scheme is not None:
                self.start_node("block", -1, "", b.text, b)
            elif self.direction is not None:
                for part in split_fused(b.text) if not b.heading else [b.text]:
                    lines = b.lines if part == b.text else [part]
                    self.direction_body(Block(text=part, heading=b.heading, lines=lines))
            elif self.stack:
                self.stack[-1].intro.append(self.out.emit(b.text))
            else:
                span = self.out.emit(b.text)
                if _SENTENCE_MARK_RE.search(b.text):  # a sentence, not 附件 or the title
                    self.front.append(span)
        self.close_direction()
        self.doc.text = self.out.text
        self.finish()
        return self.doc

    def start_node(self, scheme: str, rank: int, number: str, name: str, b: Block) -> None:
        self.close_direction()
        start, end = self.out.emit(b.text)
        while self.stack and (rank < 0 or self.stack[-1].rank >= rank):
            self.stack.pop()
        node = _Node(scheme, rank, number, name, Span(start=start, end=end, text=b.text))
        self.stack.append(node)
        self.nodes.append(node)
        self.fresh.update(k for k in self.last if _rank(k) > rank)

    def start_direction(self, m: Marker, b: Block) -> None:
        self.close_direction()
        heading = m.heading
        if m.scheme.depth >= 2:  # "1.1未来…" is written "1.1 未来…", as the citations print it
            text = f"{m.number} {heading.strip()}"
            offset = len(m.number) + 1
        else:
            text = b.text[: len(b.text) - len(m.tail)].rstrip()
            offset = len(b.text) - len(m.rest)
        start, end = self.out.emit(text)
        title, category, raw = split_title(text[offset:])
        tstart = start + offset
        number = self.unique(m.number)
        self.direction = Direction(
            edition=self.edition.id, number=number, title=title, category=category, category_raw=raw,
            domain_number="", domain_name="", start=start, end=end,
            title_span=Span(start=tstart, end=tstart + len(title), text=title),
        )
        self.check_order(m)
        for node in self.stack:
            node.directions += 1
        self.placed.append((self.direction, list(self.stack)))
        self.title_open = category is None
        if m.tail:
            self.direction_body(Block(text=m.tail, lines=[m.tail]))

    def unique(self, number: str) -> str:
        """A number printed twice stays citable: its second direction is "N#2"."""
        taken = {d.number for d, _ in self.placed}
        if number not in taken:
            return number
        k = 2
        while f"{number}#{k}" in taken:
            k += 1
        self.doc.anomalies.append(Anomaly(where=f"{self.edition.label} {number}",
                                          message=f"direction number {number} appears again: kept as {number}#{k}"))
        return f"{number}#{k}"

    def check_order(self, m: Marker) -> None:
        d = self.direction
        assert d is not None
        siblings = [x for x, nodes in self.placed if nodes == self.stack]
        if m.scheme.depth >= 2:
            expected = f"{m.prefix}.{len(siblings) + 1}"
        elif siblings and siblings[-1].number.isdigit():
            expected = str(int(siblings[-1].number) + 1)
        else:
            return
        if m.number != expected and not d.number.count("#"):
            self.anomaly(f"direction number {m.number} out of order (expected {expected})")

    def continue_title(self, b: Block) -> None:
        d = self.direction
        assert d is not None
        _, end = self.out.emit(b.text, join=True)
        tstart = d.title_span.start
        title, category, raw = split_title(self.out.text[tstart:end])
        d.title, d.category, d.category_raw, d.end = title, category, raw, end
        d.title_span = Span(start=tstart, end=tstart + len(title), text=title)
        self.title_open = category is None

    def open_section(self, raw: str, b: Block, label_end: int) -> None:
        self.title_open = False
        self.close_section()
        lstart, lend = self.out.emit(b.text[:label_end].rstrip())
        self.section = _Open(raw=raw, label_start=lstart, end=lend, lines=list(b.lines))
        body = b.text[label_end:]
        if body:
            bstart, bend = self.out.emit(body, join=True)
            self.section.body_start, self.section.end = bstart, bend
            self.section.last_item = item_number(body)

    def direction_body(self, b: Block) -> None:
        if label := SECTION_LABEL_RE.match(b.text):
            self.open_section(label.group(1), b, label.end())
            return
        if self.section is None:
            unknown = UNKNOWN_LABEL_RE.match(b.text)
            if unknown:  # "支持方式：…" opening a direction: a section under its own name
                self.open_section(unknown.group(1), b, unknown.end())
            elif self.title_open and continuation_like(b):
                self.continue_title(b)
            else:  # text under the heading but under no label: a section of its own
                self.title_open = False
                start, end = self.out.emit(b.text)
                self.section = _Open(raw=UNLABELLED, label_start=start, end=end, body_start=start, lines=list(b.lines),
                                     last_item=item_number(b.text))
            return
        s = self.section
        # a heading-marked fragment after the keywords (e.g. "## 国际合作") is the rest of the keyword list
        join = canonical(s.raw) == "关键词" and b.heading and self.out.text.endswith(("；", ";"))
        if b.heading and not join:
            self.anomaly(f"heading inside section {s.raw}: {b.text[:30]!r}")
        bstart, bend = self.out.emit(b.text, join=join)
        if s.body_start is None:
            s.body_start = bstart
        s.end = bend
        s.lines.extend(b.lines)
        s.last_item = item_number(b.text) or s.last_item

    def close_section(self) -> None:
        s, d = self.section, self.direction
        self.section = None
        if not s or not d:
            return
        start = s.body_start if s.body_start is not None else s.end
        text = self.out.text[start: s.end]
        name = canonical(s.raw)
        section = Section(name=name, raw_name=s.raw, start=start, end=s.end, text=text)
        if name == "关键词":
            section.keywords = keywords(s.lines)
        else:
            section.items = split_items(text, start)
        if not text.strip():
            self.anomaly(f"empty section {s.raw}")
        d.sections.append(section)
        d.fields.extend(fields_of(section, s.label_start, self.out.text))
        d.end = s.end

    def close_direction(self) -> None:
        self.close_section()
        if self.direction is not None and not self.direction.sections:
            self.anomaly("direction has no sections")
        self.direction = None
        self.title_open = False

    # -- after the walk: levels, domains, rule passages, checks
    def finish(self) -> None:
        roles = self.roles()
        parents = {id(d): [n for n in nodes if roles.get(n.scheme) == "parent"] for d, nodes in self.placed}
        domain_nodes = {id(p[-1]) for p in parents.values() if p}
        # (start, end, heading, the text of a parent: among the directions even before the first one)
        passages: list[tuple[int, int, str, bool]] = [(a, b, UNHEADED, False) for a, b in self.front]
        for node in self.nodes:  # the text of every heading that is not a domain is a rule passage under it
            if id(node) not in domain_nodes:
                among = roles.get(node.scheme) == "parent" and node.directions > 0
                passages += [(a, b, node.span.text, among) for a, b in node.intro]
        last: _Node | None = None
        for d, _ in self.placed:
            above = parents[id(d)]
            node = above[-1] if above else None
            if not self.doc.domains or node is not last:  # directions under no parent share one nameless domain
                self.doc.domains.append(self.domain(node, above[:-1]))
                last = node
            d.parents = [(n.number, n.name) for n in above]
            d.domain_number, d.domain_name = self.doc.domains[-1].number, self.doc.domains[-1].name
            self.doc.domains[-1].directions.append(d)
        self.set_passages(passages)
        self.check()
        self.doc.levels = [Level(scheme=name, role=role, headings=sum(1 for n in self.nodes if n.scheme == name))
                           for name, role in roles.items()]
        if self.scheme is not None:
            self.doc.levels.append(Level(scheme=self.scheme.name, role="direction", headings=len(self.placed)))
        self.doc.levels.sort(key=lambda lv: (lv.role == "block", _rank(lv.scheme)))

    def roles(self) -> dict[str, str]:
        """A level is a parent when it divides the directions (or its numbers prefix theirs: "1." above "1.1"), a
        wrapper when one heading holds them all ("二、领域和方向") or none; unnumbered block headings are blocks."""
        out: dict[str, str] = {}
        for scheme in dict.fromkeys(n.scheme for n in self.nodes):
            if scheme == "block":
                out[scheme] = "block"
                continue
            holding = [n for n in self.nodes if n.scheme == scheme and n.directions]
            prefixes = self.scheme is not None and 0 < _depth(scheme) < self.scheme.depth
            out[scheme] = "parent" if len(holding) >= 2 or (holding and prefixes) else "wrapper"
        return out

    def domain(self, node: _Node | None, above: list[_Node]) -> Domain:
        if node is None:
            return Domain(number="", name="")
        dom = Domain(number=node.number, name=node.name, heading=node.span,
                     parents=[(n.number, n.name) for n in above])
        if node.intro:
            start, end = node.intro[0][0], node.intro[-1][1]
            dom.intro = Span(start=start, end=end, text=self.out.text[start:end])
        return dom

    def set_passages(self, passages: list[tuple[int, int, str, bool]]) -> None:
        first = min((d.start for d, _ in self.placed), default=len(self.doc.text) + 1)
        end = max((d.end for d, _ in self.placed), default=len(self.doc.text) + 1)
        for i, (a, b, heading, among) in enumerate(sorted(passages), 1):
            placement = "between" if among else "preamble" if a < first else "after" if a >= end else "between"
            self.doc.preamble.append(RulePassage(index=i, heading=heading, start=a, end=b, text=self.doc.text[a:b],
                                                 placement=placement))

    def check(self) -> None:
        directions = [d for d, _ in self.placed]
        rules = "\n".join(p.text for p in self.doc.preamble if p.placement == "preamble")
        for pattern in _DECLARED_COUNT_RES:
            if m := pattern.search(rules):
                self.doc.declared_directions = int(m.group(1))
                break
        n = len(directions)
        declared = self.doc.declared_directions
        if declared is not None and declared != n:
            self.doc.anomalies.append(Anomaly(where=self.edition.label,
                                              message=f"preamble declares {declared} directions, parsed {n}"))
        for need in _RULE_SECTIONS:  # relative to the layout: a partner-country block has no 考核指标 at all
            having = sum(1 for d in directions if d.section(need))
            if having * 2 >= n:
                for d in directions:
                    if d.sections and not d.section(need):
                        self.doc.anomalies.append(Anomaly(where=f"{self.edition.label} {d.number}",
                                                          message=f"direction has no {need} section"))
        if not any(p.placement == "preamble" for p in self.doc.preamble):
            self.doc.anomalies.append(Anomaly(where=self.edition.label, message="no preamble rules found"))


def _depth(scheme: str) -> int:
    return BY_NAME[scheme].depth if scheme in BY_NAME else 0


def _rank(scheme_or_key: str) -> int:
    name = scheme_or_key.split(":")[0]
    return BY_NAME[name].rank if name in BY_NAME else -1


def parse_text(raw: str, edition: Edition) -> Document:
    blocks = split_blocks(raw)
    ident = identify(blocks)
    found = {k: v for k, v in (("programme", ident.programme), ("batch", ident.batch)) if v and not getattr(edition, k)}
    return _Parser(edition.model_copy(update=found) if found else edition, blocks).run()
