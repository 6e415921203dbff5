"""The parse report `index add` prints: what the layout detection found, and whether the parse looks wrong.

It shows the levels, directions per parent, sections per direction, rule sentences, declared vs parsed direction
counts and the lines set aside (neither a rule, a domain nor a direction). A parse that looks wrong is one with a
declared count that does not match, a direction without any section, a number printed twice, or no rule sentence.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from assistant.core.types import Direction, Document, Edition
from index.items import sentence_items

_LEVEL_ROLE_ZH = {"direction": "方向", "parent": "上级", "wrapper": "总标题", "block": "独立段落"}
_SET_ASIDE_SHOWN = 8


class DirectionRow(BaseModel):
    number: str
    title: str
    category: str | None
    sections: list[str]  # "考核指标(3)", "实施年限(1)"
    fields: list[str]  # "实施周期: 不超过5年"


class ParseReport(BaseModel):
    source: str
    edition: Edition
    levels: list[str]  # "1. parent ×2"
    per_parent: list[tuple[str, int]]  # ("1 纳米生物医学", 2)
    directions: list[DirectionRow]
    rule_sentences: int  # in the preamble
    block_sentences: dict[str, int]  # heading → sentences, for blocks between or after the directions
    declared: int | None
    parsed: int
    set_aside: list[str]  # lines neither a rule, a domain nor a direction (附件, the title, headings)
    anomalies: list[str]
    problems: list[str]  # why the parse looks wrong; empty when it looks right

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self) -> str:
        e = self.edition
        ident = " · ".join(x for x in (e.programme, str(e.year or ""), e.batch, e.status) if x)
        lines = [f"parse report: {self.source}",
                 f"  edition: {e.label} ({e.id}){' — ' + ident if ident else ''}",
                 f"  title: {e.title or '(none found)'}",
                 f"  levels: {' › '.join(self.levels) or '(no headings)'}",
                 "  directions per parent:"]
        lines += [f"    {name or '(no parent)'}: {n}" for name, n in self.per_parent] or ["    (none)"]
        declared = "not declared" if self.declared is None else f"{self.declared} declared"
        lines.append(f"  directions: {self.parsed} parsed, {declared}")
        lines.append("  sections per direction:")
        for d in self.directions:
            cat = f" [{d.category}]" if d.category else ""
            fields = f" · {'; '.join(d.fields)}" if d.fields else ""
            lines.append(f"    {d.number} {d.title}{cat}: {' '.join(d.sections) or '(no section)'}{fields}")
        blocks = ", ".join(f"{h} {n}" for h, n in self.block_sentences.items())
        blocks = f"; blocks: {blocks}" if blocks else ""
        lines.append(f"  rule sentences: {self.rule_sentences} in the preamble{blocks}")
        shown = [f"“{t[:40]}”" for t in self.set_aside[:_SET_ASIDE_SHOWN]]
        more = f" and {len(self.set_aside) - _SET_ASIDE_SHOWN} more" if len(self.set_aside) > _SET_ASIDE_SHOWN else ""
        lines.append(f"  not assigned (headings, title lines): {', '.join(shown) + more if shown else 'nothing'}")
        lines.append(f"  anomalies: {'; '.join(self.anomalies) if self.anomalies else 'none'}")
        lines.append(f"  verdict: {'looks right' if self.ok else 'looks wrong: ' + '; '.join(self.problems)}")
        return "\n".join(lines)


def _row(d: Direction) -> DirectionRow:
    return DirectionRow(number=d.number, title=d.title, category=d.category,
                        sections=[f"{s.raw_name}({len(s.items) or len(s.keywords)})" for s in d.sections],
                        fields=[f"{f.name}: {f.text.split('：', 1)[-1][:30]}" for f in d.fields if f.name != "有关说明"])


def _set_aside(doc: Document) -> list[str]:
    """Lines of the clean text that no rule passage, domain or direction covers and that head nothing found."""
    covered = [(p.start, p.end) for p in doc.preamble] + [(d.start, d.end) for d in doc.directions]
    for dom in doc.domains:
        covered += [(s.start, s.end) for s in (dom.heading, dom.intro) if s is not None]
    headings = {p.heading for p in doc.preamble}
    parent_names = {name for d in doc.directions for _, name in d.parents}
    out, pos = [], 0
    for line in doc.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or line in headings or any(a < end and start < b for a, b in covered):
            continue
        if any(name and line.endswith(name) for name in parent_names):
            continue
        out.append(line)
    return out


def problems_of(doc: Document) -> list[str]:
    out = []
    n = len(doc.directions)
    if n == 0:
        out.append("no guideline directions (a heading like '1.1 标题' followed by '研究内容：')")
    if doc.declared_directions is not None and doc.declared_directions != n:
        out.append(f"the preamble declares {doc.declared_directions} directions, {n} parsed")
    empty = [d.number for d in doc.directions if not d.sections]
    if empty:
        out.append(f"directions without any section: {', '.join(empty[:5])}")
    twice = [d.number for d in doc.directions if "#" in d.number]
    if twice:
        out.append(f"direction numbers printed twice: {', '.join(twice[:5])}")
    if not any(p.placement == "preamble" for p in doc.preamble):
        out.append("no rule sentence before the directions")
    return out


def parse_report(doc: Document, source: str) -> ParseReport:
    per_parent = Counter(" ".join(x for x in (d.domain_number, d.domain_name) if x) for d in doc.directions)
    blocks: Counter[str] = Counter()
    for p in doc.preamble:
        if p.placement != "preamble":
            blocks[p.heading] += len(sentence_items(p.text, p.start))
    return ParseReport(
        source=source, edition=doc.edition,
        levels=[f"{lv.scheme} {lv.role}({_LEVEL_ROLE_ZH[lv.role]}) ×{lv.headings}" for lv in doc.levels],
        per_parent=list(per_parent.items()), directions=[_row(d) for d in doc.directions],
        rule_sentences=sum(len(sentence_items(p.text, p.start)) for p in doc.preamble if p.placement == "preamble"),
        block_sentences=dict(blocks), declared=doc.declared_directions, parsed=len(doc.directions),
        set_aside=_set_aside(doc), anomalies=[f"{a.where}: {a.message}" for a in doc.anomalies],
        problems=problems_of(doc))
