"""The JSON contract of an answer (`ask --json`, `ask --jsonl`, `/api/ask`): other tools depend on its exact shape."""

from __future__ import annotations

from assistant.core.types import Answer


def answer_to_json(answer: Answer, id: object = None) -> dict:
    out: dict = {} if id is None else {"id": id}
    out.update({
        "answer": answer.answer,
        "answerable": answer.answerable,
        "citations": [{"edition": c.edition, "document": c.document, "direction": c.direction, "title": c.title,
                       "section": c.section, "item": c.item, "quote": c.quote, "start": c.start, "end": c.end,
                       "marker": c.marker} for c in answer.citations],
        "suggestions": [s.model_dump() for s in answer.suggestions],
        "intent": answer.intent,
        "language": answer.language,
        "mode": answer.mode,
        "verification": answer.verification.model_dump() if answer.verification else None,
        "latency_ms": answer.latency_ms,
    })
    return out
