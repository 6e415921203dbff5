"""The JSON contracts other tools depend on: an answer (`ask --json`, `ask --jsonl`, `/api/ask`, the extra fields of
`/v1`), and the one error shape of each API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.core.types import Answer

# offsets into the clean text: what a highlighter needs, noise to anyone reading a direction
OFFSET_KEYS = frozenset({"start", "end"})


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
        "verdict": answer.verdict,
        "language": answer.language,
        "mode": answer.mode,
        "verification": answer.verification.model_dump() if answer.verification else None,
        "latency_ms": answer.latency_ms,
    })
    return out


def without_offsets(value: object) -> object:
    """`value` with every `start`/`end` key dropped, at any depth."""
    if isinstance(value, dict):
        return {k: without_offsets(v) for k, v in value.items() if k not in OFFSET_KEYS}
    if isinstance(value, list):
        return [without_offsets(v) for v in value]
    return value


class ApiError(BaseModel):
    """Every /api/* error (and /healthz, /readyz): one sentence that says what to fix."""

    error: str = Field(examples=["问题为空：请输入一个关于申报指南的问题。(The question is empty.)"])


class OpenAIErrorBody(BaseModel):
    message: str
    type: str = Field(examples=["invalid_request_error", "authentication_error", "not_found_error", "server_error"])
    code: str | None = None
    param: str | None = None


class OpenAIError(BaseModel):
    """Every /v1/* error, in the shape OpenAI clients parse."""

    error: OpenAIErrorBody


def error_responses(model: type[BaseModel]) -> dict[int | str, dict]:
    """The statuses an endpoint may answer with an error, for the OpenAPI document."""
    meaning = {400: "bad input: empty, too long or unreadable question, unknown edition",
               401: "the API token is missing or wrong", 404: "unknown direction, edition, answer id or endpoint",
               413: "request body too large", 422: "the JSON does not have the documented shape",
               503: "the index or the feedback log is unavailable"}
    return {status: {"model": model, "description": text} for status, text in meaning.items()}
