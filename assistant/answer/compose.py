"""The default answer path: pick the items, sentences or rule passages that answer the question and quote them verbatim.

No LLM: every line of an answer is a frame from prompts/answer.toml or a literal span of the clean guideline text,
with an inline citation marker such as `[新版 4.7 考核指标(2)]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.understand import Query, salient_text
from assistant.core.templates import AnswerTemplates
from assistant.answer.terms import Terms, TermWeights
from assistant.core.types import (
    Citation,
    Direction,
    Document,
    Item,
    RulePassage,
    Span,
    Suggestion,
)
from index.lexical import normalise
from index.parse import sentence_items
from index.reader import LoadedIndex

GENERIC_ITEM_SCORE = 0.34  # below this best-item coverage, a metric question is answered with the whole list
CLOSE_ITEM_RATIO = 0.6  # items scoring within this ratio of the best are quoted too
MAX_PRECISE_ITEMS = 4
RESEARCH_QUOTE_CHARS = 900
_PARTNER_RE = re.compile(r"国别|合作国|国家|一带一路|东盟|中亚|非洲|东南亚|欧洲|国际合作|外方|国外|合作单位|合作伙伴|国际组织")


@dataclass
class Line:
    text: str
    citations: list[Citation] = field(default_factory=list)
    bullet: bool = False


@dataclass
class Draft:
    lines: list[Line] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    def add(self, text: str, citations: list[Citation] | None = None, bullet: bool = False) -> None:
        self.lines.append(Line(text, citations or [], bullet))

    @property
    def citations(self) -> list[Citation]:
        return [c for line in self.lines for c in line.citations]


_PART_RE = re.compile(r"[？?，,；;、。]|还有|另外|以及|和|与|及|呢")


def split_parts(text: str) -> list[str]:
    return [p.strip() for p in _PART_RE.split(text) if len(p.strip()) >= 2]


def sentences(span: Span) -> list[Item]:
    return sentence_items(span.text, span.start)


class Composer:
    def __init__(self, index: LoadedIndex, templates: AnswerTemplates, weights: TermWeights) -> None:
        self.index = index
        self.t = templates
        self.w = weights

    # ------------------------------------------------------------ citations
    def _doc(self, edition_id: str) -> Document:
        return self.index.document[edition_id]

    def cite(self, d: Direction | None, edition_id: str, section: str, span: Span, item: int | None) -> Citation:
        doc = self._doc(edition_id)
        label = doc.edition.label
        where = f"{d.number} {section}" if d else section
        marker = f"[{label} {where}" + (f"({item})" if item else "") + "]"
        return Citation(edition=label, document=edition_id, direction=d.number if d else None,
                        title=d.title if d else None, section=section, item=item, quote=span.text,
                        start=span.start, end=span.end, marker=marker)

    def quote_line(self, draft: Draft, d: Direction | None, edition_id: str, section: str, span: Span,
                   item: int | None) -> None:
        c = self.cite(d, edition_id, section, span, item)
        draft.add(f"{span.text} {c.marker}", [c], bullet=True)

    def direction_label(self, d: Direction, lang: str) -> str:
        doc = self._doc(d.edition)
        category = f"（{d.category_raw}）" if d.category_raw else ""
        return self.t.get(lang, "direction", edition_name=doc.edition.display(lang), number=d.number, title=d.title,
                          category=category)

    # ------------------------------------------------------------ item choice
    @staticmethod
    def item_terms(q: Query, d: Direction) -> Terms:
        return Terms.of(q.topic).minus(d.title)

    def rank(self, terms: Terms, items: list[Item]) -> list[tuple[float, Item]]:
        return sorted(((terms.coverage(it.text, self.w), it) for it in items), key=lambda p: (-p[0], p[1].index))

    def choose(self, terms: Terms, items: list[Item], dense: dict[int, float] | None = None) -> tuple[list[Item], bool]:
        """The items that answer a precise question (best first), or all items in order and precise=False.
        `dense` (item index → similarity) ranks items for a question whose words cannot match the Chinese text."""
        if dense:
            best = max(dense.values())
            picked = [it for it in items if dense.get(it.index, 0.0) >= best - 0.01]
            return sorted(picked, key=lambda it: -dense[it.index])[:2], True
        ranked = self.rank(terms, items)
        if not ranked or ranked[0][0] < GENERIC_ITEM_SCORE:
            return items, False
        best = ranked[0][0]
        return [it for s, it in ranked[:MAX_PRECISE_ITEMS] if s >= best * CLOSE_ITEM_RATIO], True

    def choose_parts(self, q: Query, d: Direction, items: list[Item],
                     dense: dict[int, float] | None = None) -> tuple[list[Item], bool]:
        """A question may ask several things ("数据量要多少？新物种要鉴定几种？"): the best items for each part."""
        chosen, precise = self.choose(self.item_terms(q, d), items, dense)
        if not precise or dense or q.language == "en":
            return chosen, precise
        for part in split_parts(q.norm):
            terms = Terms.of(salient_text(part)).minus(d.title)
            ranked = self.rank(terms, items)
            if terms and ranked and ranked[0][0] >= GENERIC_ITEM_SCORE and ranked[0][1] not in chosen:
                chosen.append(ranked[0][1])
        return chosen, True

    # ------------------------------------------------------------ intents
    def metric(self, draft: Draft, q: Query, d: Direction, lang: str, dense: dict[int, float] | None = None) -> None:
        s = d.metrics
        if s is None:
            return self.overview(draft, q, d, lang)
        items, precise = self.choose_parts(q, d, s.items, dense)
        intro = "metric_precise_intro" if precise else "metric_intro"
        draft.add(self.t.get(lang, intro, direction=self.direction_label(d, lang)))
        for it in items:
            self.quote_line(draft, d, d.edition, s.raw_name, it, it.index)

    def research(self, draft: Draft, q: Query, d: Direction, lang: str) -> None:
        s = d.section("研究内容")
        if s is None:
            return self.overview(draft, q, d, lang)
        draft.add(self.t.get(lang, "research_intro", direction=self.direction_label(d, lang)))
        items, precise = self.choose_parts(q, d, s.items)
        used = 0
        for it in sorted(items, key=lambda i: i.index) if not precise else items:
            if used and used + len(it.text) > RESEARCH_QUOTE_CHARS:
                break
            used += len(it.text)
            self.quote_line(draft, d, d.edition, s.raw_name, it, it.index)

    def keywords(self, draft: Draft, q: Query, d: Direction, lang: str) -> None:
        s = d.section("关键词")
        label = self.direction_label(d, lang)
        if s is None:  # say so, and cite the direction the statement is about
            draft.add(self.t.get(lang, "no_keywords", direction=label))
            self.title_line(draft, d)
            return
        draft.add(self.t.get(lang, "keywords_intro", direction=label))
        self.quote_line(draft, d, d.edition, s.raw_name, s, None)

    def requirement(self, draft: Draft, q: Query, d: Direction, lang: str) -> None:
        label = self.direction_label(d, lang)
        notes = [s for s in d.sections if s.name in ("有关说明", "其他要求")]
        if notes:
            draft.add(self.t.get(lang, "requirement_intro", direction=label))
            for s in notes:
                self.quote_line(draft, d, d.edition, s.raw_name, s, None)
            return
        found = [(s, it) for s in d.sections if s.name != "关键词" for it in sentences(s) if _PARTNER_RE.search(it.text)]
        terms = self.item_terms(q, d)
        found.sort(key=lambda p: -terms.coverage(p[1].text, self.w))
        draft.add(self.t.get(lang, "requirement_none", direction=label))
        for s, it in found[:3]:
            self.quote_line(draft, d, d.edition, s.raw_name, it, None)

    def overview(self, draft: Draft, q: Query, d: Direction, lang: str) -> None:
        """No clear intent: the best-matching sentences of the direction, whatever their section."""
        terms = self.item_terms(q, d)
        pool = [(s, it) for s in d.sections if s.name != "关键词" for it in s.items]
        ranked = sorted(pool, key=lambda p: (-terms.coverage(p[1].text, self.w), p[1].start))
        draft.add(self.t.get(lang, "overview_intro", direction=self.direction_label(d, lang)))
        for s, it in ranked[:3]:
            self.quote_line(draft, d, d.edition, s.raw_name, it, it.index)

    def lookup(self, draft: Draft, directions: list[Direction], lang: str) -> None:
        draft.add(self.t.get(lang, "lookup_intro"))
        for d in directions:
            self.title_line(draft, d)

    def title_line(self, draft: Draft, d: Direction) -> None:
        c = self.cite(d, d.edition, "标题", d.title_span, None)
        category = f"（{d.category_raw}）" if d.category_raw else ""
        draft.add(f"{d.number} {d.title}{category} · {d.domain_name} {c.marker}", [c], bullet=True)

    def list_domain(self, draft: Draft, edition_id: str, domain_number: str, lang: str) -> None:
        doc = self._doc(edition_id)
        dom = next(x for x in doc.domains if x.number == domain_number)
        draft.add(self.t.get(lang, "list_domain_intro", edition_name=doc.edition.display(lang), domain=dom.name))
        for d in dom.directions:
            self.title_line(draft, d)

    def list_category(self, draft: Draft, edition_id: str, category: str, lang: str,
                      domains: list[str] | None = None) -> None:
        """Directions of one category, within the named domains when the question names some."""
        doc = self._doc(edition_id)
        name = doc.edition.display(lang)
        hits = [d for d in doc.directions if d.category == category and (not domains or d.domain_number in domains)]
        if not any(d.category for d in doc.directions):
            draft.add(self.t.get(lang, "list_category_none", edition_name=name))
            return
        draft.add(self.t.get(lang, "list_category_intro", edition_name=name, category=category))
        for d in hits:
            self.title_line(draft, d)

    # ------------------------------------------------------------ rules
    def rule_sentences(self, edition_id: str) -> list[tuple[RulePassage, Item]]:
        return [(p, it) for p in self._doc(edition_id).preamble for it in sentences(p)]

    def best_rules(self, edition_id: str, terms: Terms,
                   preferred: list | None = None) -> list[tuple[float, RulePassage, Item]]:
        """Best rule sentences as (coverage, passage, sentence). `preferred` retrieval hits (rule chunks) lift the
        sentences they contain in the ranking only, so a question phrased in other words still lands on its rule
        while the coverage returned stays an honest measure of how much of the question the sentence answers."""
        spans = [(h.chunk.start, h.chunk.end) for h in preferred or [] if h.chunk.edition == edition_id]

        def lift(it: Item) -> float:
            return 0.3 if any(a <= it.start and it.end <= b for a, b in spans) else 0.0

        scored = [(terms.coverage(it.text, self.w), lift(it), p, it) for p, it in self.rule_sentences(edition_id)]
        scored.sort(key=lambda x: (-(x[0] + x[1]), x[3].start))
        if not scored or scored[0][0] + scored[0][1] <= 0:
            return []
        best = scored[0][0] + scored[0][1]
        return [(c, p, it) for c, lf, p, it in scored[:3] if c + lf >= best * 0.75]

    def rules(self, draft: Draft, editions: list[str], terms: Terms, lang: str,
              preferred: list | None = None) -> bool:
        quoted: dict[str, list[str]] = {}
        for ed in editions:
            chosen = self.best_rules(ed, terms, preferred)
            if not chosen:
                continue
            draft.add(self.t.get(lang, "rule_intro", edition_name=self._doc(ed).edition.display(lang)))
            for _, p, it in sorted(chosen, key=lambda x: x[2].start):
                self.quote_line(draft, None, ed, p.heading, it, None)
            quoted[ed] = [normalise(it.text) for _, _, it in chosen]
        if len(quoted) > 1:
            texts = list(quoted.values())
            same = all(t == texts[0] for t in texts[1:])
            draft.add(self.t.get(lang, "rule_same" if same else "rule_differs"))
        return bool(quoted)

    def suggestions(self, directions: list[Direction]) -> list[Suggestion]:
        return [Suggestion(edition=self._doc(d.edition).edition.label, direction=d.number, title=d.title)
                for d in directions]
