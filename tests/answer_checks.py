"""Invariants every answer must keep, shared by the answer-path tests."""

from __future__ import annotations

import re
import unicodedata


def grounded(assistant, answer):
    """Every quote is the source text at its offsets and is referenced; every number said is in a cited quote, title
    or number, the question, a suggestion — or is a count the answer derived from the parsed structure (then the
    answer's own verification, which knows the counts, must have passed)."""
    for c in answer.citations:
        assert assistant.index.document[c.document].text[c.start:c.end] == c.quote
        assert c.marker in answer.answer
    body = answer.answer
    for c in answer.citations:
        body = body.replace(c.marker, " ")
    support = unicodedata.normalize("NFKC", " ".join(
        [c.quote for c in answer.citations] + [f"{c.title} {c.direction} {c.edition}" for c in answer.citations]
        + [answer.question] + [f"{s.edition} {s.direction} {s.title}" for s in answer.suggestions]
        + [d.edition.display("zh") + d.edition.display("en") for d in assistant.documents]))
    groups = [doc.directions for doc in assistant.documents] + [dom.directions for doc in assistant.documents
                                                                  for dom in doc.domains]
    counts = {str(len(doc.domains)) for doc in assistant.documents} | {
        str(len([d for d in g if d.category == c])) for g in groups for c in {d.category for d in g}} | {
        str(len(g)) for g in groups} | {str(len({d.category for d in doc.directions if d.category}))
                                         for doc in assistant.documents}
    for n in re.findall(r"\d+(?:\.\d+)?", unicodedata.normalize("NFKC", body)):
        assert n in support or (n in counts and answer.verification and answer.verification.ok), \
            f"{n} not supported in {answer.answer!r}"
    return answer


def cited(answer):
    return {(c.edition, c.direction) for c in answer.citations}


def turn(history: list[dict], question: str, answer) -> list[dict]:
    """The history after one more exchange, as the chat UI sends it."""
    return history + [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
