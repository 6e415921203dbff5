"""Heading levels: the numbering schemes a document uses, and which of them is the direction level.

No numbering scheme is assumed. A heading is a short line opened by a marker (一、 / （一） / 1. / 1.1 / 1.1.1 / 方向1)
or one of a few unnumbered block names (青年科学家项目, 申报要求: `index.clean.BLOCK_NAME_RE`). The direction level is
the scheme whose headings own the section labels (研究内容：, 考核指标：, 合作协议：…); schemes above it are parents or
wrappers, decided once the parser knows which headings hold directions (see `index.parse`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from index.clean import ITEM_MARKER_RE, TERMINAL, Block
from index.sections import SECTION_LABEL_RE

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def cn_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23."""
    if "十" not in s:
        return _CN_DIGITS.get(s, 0)
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + _CN_DIGITS.get(ones, 0)


@dataclass(frozen=True)
class Scheme:
    name: str  # how the level is shown in the parse report
    rank: int  # lower = higher in the document's hierarchy
    pattern: re.Pattern[str]
    depth: int = 0  # 1, 2, 3 for hierarchical arabic numbers (1. / 1.1 / 1.1.1), else 0


_CN = "一二三四五六七八九十"
SCHEMES: tuple[Scheme, ...] = (  # deepest first: "1.1.1" must not be read as "1.1"
    Scheme("1.1.1", 4, re.compile(r"^(\d{1,2}\s*[.．]\s*\d{1,2}\s*[.．]\s*\d{1,2})(?![\d%])\s*(.+)$"), 3),
    Scheme("1.1", 3, re.compile(r"^(\d{1,2}\s*[.．]\s*\d{1,2})(?![\d%]|\s*[.．]\s*\d)\s*(.+)$"), 2),
    Scheme("方向1", 5, re.compile(rf"^(?:方向|专题)\s*([{_CN}\d]{{1,3}})\s*[：:、.．]?\s*(.+)$")),
    Scheme("1.", 2, re.compile(r"^(\d{1,2})\s*[.．、]\s*(?![\d%])(.+)$"), 1),
    Scheme("（一）", 1, re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*(.+)$")),
    Scheme("一、", 0, re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*(.+)$")),
)
BY_NAME = {s.name: s for s in SCHEMES}
_INLINE_LABEL_RE = re.compile(SECTION_LABEL_RE.pattern.lstrip("^"))
_CLAUSE_RE = re.compile(r"[。；;！？!?]")
MAX_TITLE = 80
MAX_CONTINUATION = 60


@dataclass(frozen=True)
class Marker:
    scheme: Scheme
    number: str  # normalised: "1.1", "一"
    rest: str  # the text after the marker, inline section label included
    heading: str  # the rest up to an inline section label ("6.4 …联合研究 研究内容：" → "…联合研究 ")
    tail: str  # the inline section label and what follows it

    @property
    def value(self) -> int:
        """The last component as a number, for sequence checks."""
        last = re.split(r"[.．]", self.number)[-1]
        return int(last) if last.isdigit() else cn_number(last)

    @property
    def prefix(self) -> str:
        """"1.2" for "1.2.3"; "" for a non-hierarchical marker."""
        return self.number.rpartition(".")[0]

    @property
    def title_like(self) -> bool:
        """A heading's words: short, no full stop, not ending in a clause mark (an item ends "…；")."""
        h = self.heading.strip()
        return 2 <= len(h) <= MAX_TITLE and not _CLAUSE_RE.search(h) and not h.endswith(("：", ":", "，", ","))


def marker(text: str) -> Marker | None:
    for scheme in SCHEMES:
        m = scheme.pattern.match(text)
        if m:
            number = re.sub(r"\s+", "", m.group(1)).replace("．", ".")
            rest = m.group(2)
            label = _INLINE_LABEL_RE.search(rest)
            cut = label.start() if label and label.start() > 0 else len(rest)
            if SECTION_LABEL_RE.match(rest):
                return None  # "1.1 研究内容：" is a label under a number, not a heading
            return Marker(scheme, number, rest, rest[:cut], rest[cut:])
    return None


def continuation_like(b: Block) -> bool:
    """A broken-off rest of a heading ("## 运行国际合作研究（示范应用类）"): short and unfinished."""
    return len(b.text) <= MAX_CONTINUATION and (b.heading or not b.text.endswith(TERMINAL))


def owns_label(blocks: list[Block], i: int, m: Marker) -> bool:
    """The heading at `i` is followed by a section label, maybe after a broken-off rest of its title."""
    if m.tail:
        return True
    for b in blocks[i + 1: i + 4]:
        if SECTION_LABEL_RE.match(b.text):
            return True
        if marker(b.text) or not continuation_like(b):
            return False
    return False


def direction_scheme(blocks: list[Block]) -> Scheme | None:
    """The scheme whose headings most often own section labels; on a tie the deeper one."""
    owners: Counter[str] = Counter()
    for i, b in enumerate(blocks):
        m = marker(b.text)
        if m and m.title_like and owns_label(blocks, i, m):
            owners[m.scheme.name] += 1
    if not owners:
        return None
    best = max(owners.items(), key=lambda kv: (kv[1], BY_NAME[kv[0]].rank))
    return BY_NAME[best[0]]


def item_number(text: str) -> tuple[str, int] | None:
    """("dot", 3) for "3. …" / "3、…", ("paren", 3) for "(3) …": a section's own item numbering."""
    m = ITEM_MARKER_RE.match(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    return ("paren", int(m.group(1))) if m.group(1) else ("dot", int(m.group(2)))
