"""The pieces every answerer writes with: a Draft of lines, and a Kit that turns source spans into cited quotes.

No LLM: every line of an answer is a frame from prompts/answer.toml or a literal span of the clean guideline text,
with an inline citation marker such as `[新版 4.7 考核指标(2)]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from assistant.answer import thresholds as T
from assistant.answer.clauses import LIMIT_RE, figures
from assistant.answer.terms import Terms, TermWeights
from assistant.answer.lexicon import Lexicon
from assistant.core.templates import AnswerTemplates
from assistant.core.types import Citation, Direction, Document, Domain, Item, Span, Suggestion
from index.parse import sentence_items
from index.reader import LoadedIndex


@dataclass
class Line:
    text: str
    citations: list[Citation] = field(default_factory=list)
    bullet: bool = False


@dataclass
class Draft:
    """An answer being written. `answerable=False` makes it a refusal; its cited lines are then related quotes shown
    as such ("指南只给出…"), never an answer."""

    lines: list[Line] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    answerable: bool = True
    verdict: Literal["yes", "no"] | None = None
    counts: set[int] = field(default_factory=set)  # numbers the answer derived by counting what it lists

    def add(self, text: str, citations: list[Citation] | None = None, bullet: bool = False) -> None:
        self.lines.append(Line(text, citations or [], bullet))

    def extend(self, other: Draft) -> None:
        self.lines += other.lines
        self.suggestions += [s for s in other.suggestions if s not in self.suggestions]
        self.counts |= other.counts
        self.verdict = self.verdict or other.verdict

    @property
    def citations(self) -> list[Citation]:
        return [c for line in self.lines for c in line.citations]

    def render(self) -> str:
        return "\n".join(("- " if line.bullet else "") + line.text for line in self.lines)


def sentences(span: Span) -> list[Item]:
    return list(_sentences(span.text, span.start))


@lru_cache(maxsize=8192)
def _sentences(text: str, start: int) -> tuple[Item, ...]:
    """Every rule question reads every preamble sentence of every edition in scope: split each passage once."""
    return tuple(sentence_items(text, start))


class Kit:
    """What answerers share: the loaded index, the answer frames, the corpus' term weights."""

    def __init__(self, index: LoadedIndex, templates: AnswerTemplates, weights: TermWeights, lexicon: Lexicon) -> None:
        self.index = index
        self.t = templates
        self.w = weights
        self.lexicon = lexicon
        # rarity among the rules themselves: "申报" is in most rule sentences, "中方" in one (per edition)
        self.rule_w = TermWeights([it.text for doc in index.documents for p in doc.preamble for it in sentences(p)])

    def doc(self, edition_id: str) -> Document:
        return self.index.document[edition_id]

    def edition_name(self, edition_id: str, lang: str) -> str:
        return self.doc(edition_id).edition.display(lang)

    def frame(self, lang: str, name: str, **values: str) -> str:
        return self.t.get(lang, name, **values)

    def coverage(self, terms: Terms, text: str) -> float:
        return terms.coverage(text, self.w)

    def item_coverage(self, terms: Terms, text: str) -> float:
        """Within a direction already chosen, a word the asker says differently still counts for part."""
        return terms.coverage(text, self.w, partial=T.OTHER_WORD_CREDIT)

    def direction_text(self, d: Direction) -> str:
        return self.doc(d.edition).text[d.start:d.end]

    def rule_coverage(self, terms: Terms, text: str) -> float:
        return terms.coverage(text, self.rule_w, by_word=True)

    def english_gloss(self, clause: str) -> str:
        """"printing efficiency: " before a quoted Chinese clause with a figure, for an English reader: the glossary's
        names for the guideline terms the clause contains (the figure itself stays the quoted text)."""
        names = [en for en, zh in self.index.glossary.items()  # "量子" alone names nothing in particular, and
                 if " " not in zh and len(zh) >= 3 and zh in clause and not LIMIT_RE.fullmatch(zh)  # "不超过" no thing
                 and not any(ch.isdigit() for ch in en)]  # "CO2 capture": a digit the quote does not have
        names = sorted(dict.fromkeys(names), key=len, reverse=True)[:2]  # ties in glossary order, the same every run
        return f"{' / '.join(names)}: " if names and figures(clause) else ""

    # ------------------------------------------------------------ citations
    def cite(self, d: Direction | None, edition_id: str, section: str, span: Span, item: int | None) -> Citation:
        label = self.doc(edition_id).edition.label
        where = f"{d.number} {section}" if d else section
        marker = f"[{label} {where}" + (f"({item})" if item else "") + "]"
        return Citation(edition=label, document=edition_id, direction=d.number if d else None,
                        title=d.title if d else None, section=section, item=item, quote=span.text,
                        start=span.start, end=span.end, marker=marker)

    def quote_line(self, draft: Draft, d: Direction | None, edition_id: str, section: str, span: Span,
                   item: int | None, prefix: str = "") -> Citation:
        c = self.cite(d, edition_id, section, span, item)
        draft.add(f"{prefix}{span.text} {c.marker}", [c], bullet=True)
        return c

    def direction_label(self, d: Direction, lang: str) -> str:
        category = f"（{d.category_raw}）" if d.category_raw else ""
        return self.frame(lang, "direction", edition_name=self.edition_name(d.edition, lang), number=d.number,
                          title=d.title, category=category)

    def title_line(self, draft: Draft, d: Direction, note: str = "") -> None:
        c = self.cite(d, d.edition, "标题", d.title_span, None)
        category = f"（{d.category_raw}）" if d.category_raw else ""
        draft.add(f"{d.number} {d.title}{category} · {d.domain_name}{note} {c.marker}", [c], bullet=True)

    def domain_line(self, draft: Draft, edition_id: str, dom: Domain) -> None:
        span = dom.heading or Span(start=0, end=0, text="")
        c = Citation(edition=self.doc(edition_id).edition.label, document=edition_id, direction=None, title=None,
                     section="领域", quote=span.text, start=span.start, end=span.end,
                     marker=f"[{self.doc(edition_id).edition.label} 领域 {dom.number}]")
        draft.add(f"{dom.number}. {dom.name}（{len(dom.directions)} 个方向）{c.marker}", [c], bullet=True)
        draft.counts.add(len(dom.directions))

    def suggestions(self, directions: list[Direction]) -> list[Suggestion]:
        return [Suggestion(edition=self.doc(d.edition).edition.label, direction=d.number, title=d.title)
                for d in directions]
