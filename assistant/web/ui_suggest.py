"""Questions to ask next, built from data: never a question string written for one direction.

After an answer: the cited direction's sections the answer did not quote, the directions a list answer named, and
the same question for an edition the answer did not cite. After a refusal: the related directions the answer
suggested. Each candidate is asked before it is offered, and kept only if the guidelines answer it (and, for one
about a direction, the answer cites that direction): a suggestion never leads to a refusal.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass

from assistant.answer.pipeline import Assistant
from assistant.core.errors import AssistantError
from assistant.web.ui_strings import UiStrings

TRIES_PER_SUGGESTION = 2  # candidates asked per suggestion wanted: bounds what one request costs


@dataclass(frozen=True)
class NextQuestion:
    label: str  # what the chip shows
    question: str  # what clicking it asks
    edition: str  # the edition label it is asked with
    direction: str | None = None  # "document:number" its answer must cite, if it is about one direction


@dataclass(frozen=True)
class Asked:
    """What the browser says about the answer it shows (untrusted: every key is looked up in the index)."""

    question: str
    history: list[dict]
    edition: str | None
    answerable: bool
    cited: list[tuple[str, str | None, str]]  # (document, direction number or None, section)
    related: list[tuple[str, str]]  # refusal suggestions: (edition label, direction number)


def candidates(assistant: Assistant, s: UiStrings, asked: Asked) -> list[NextQuestion]:
    docs = {d.edition.id: d for d in assistant.documents}
    by_label = {d.edition.label: d for d in assistant.documents}
    lang = s.language
    out: list[NextQuestion] = []

    def about(doc_id: str, number: str) -> NextQuestion | None:
        d = assistant.index.directions.get(f"{doc_id}:{number}")
        if d is None:
            return None
        label = docs[doc_id].edition.label
        return NextQuestion(f"{label} {d.number} {d.title}", s.get("overview_question", edition=label, number=number),
                            label, d.key)

    if not asked.answerable:
        for label, number in asked.related:
            if label in by_label and (q := about(by_label[label].edition.id, number)):
                out.append(q)
        return out
    cited = [(doc, n, sec) for doc, n, sec in asked.cited
             if doc in docs and (n is None or f"{doc}:{n}" in assistant.index.directions)]
    directions = list(dict.fromkeys((doc, n) for doc, n, _ in cited if n))
    if len(directions) == 1:
        doc_id, number = directions[0]
        d = assistant.index.directions[f"{doc_id}:{number}"]
        quoted = {section for doc, n, section in cited if (doc, n) == (doc_id, number)}
        label = docs[doc_id].edition.label
        for sec in d.sections:
            if sec.name not in quoted and sec.raw_name not in quoted and sec.name != "正文":
                text = s.get("section_question", edition=label, number=number,
                             section=s.sections.get(sec.name, sec.raw_name))
                out.append(NextQuestion(text, text, label, d.key))
    else:
        out += [q for doc_id, number in directions if (q := about(doc_id, number))]
    cited_editions = {doc for doc, _, _ in cited}
    if len(cited_editions) == 1:
        for doc in assistant.documents:
            if doc.edition.id not in cited_editions:
                out.append(NextQuestion(s.get("other_edition", edition=doc.edition.display(lang)), asked.question,
                                        doc.edition.label))
    return out


def next_questions(assistant: Assistant, s: UiStrings, asked: Asked, limit: int) -> list[dict]:
    """Up to `limit` suggestions the guidelines answer, in the order `candidates` gives them."""
    # the answer decides nothing here: an LLM stage would only cost time (answerability is decided without it)
    checker = copy.copy(assistant)
    checker.refiner = None
    kept: list[dict] = []
    for q in candidates(assistant, s, asked)[: limit * TRIES_PER_SUGGESTION]:
        if len(kept) == limit:
            break
        history = asked.history if q.direction is None else []
        try:
            a = checker.ask(q.question, history=history, edition=q.edition)
        except AssistantError:
            continue
        cites = {f"{c.document}:{c.direction}" for c in a.citations}
        if a.answerable and (q.direction is None or q.direction in cites):
            kept.append({k: v for k, v in asdict(q).items() if k != "direction"})
    return kept
