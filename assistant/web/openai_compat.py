"""OpenAI-compatible `/v1/models` and `/v1/chat/completions`, so chat front-ends and SDKs can use the assistant.

The last user message is the question and earlier user/assistant messages are the history. System (and developer,
tool) messages are dropped: the assistant's behaviour is fixed, a client cannot re-instruct it. The reply content is
the grounded answer with its inline citation markers. The completion's `id` is the answer's log id (as a string, as
OpenAI ids are), the one to rate through /api/feedback; "chatcmpl-…" when the log could not be written. Beside
`choices`, the reply carries the rest of the /api/ask object: `citations`, `answerable`, `suggestions`,
`verification`, `language`, `latency_ms`, … (on the last chunk when streaming).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.core.errors import BadQuestion
from assistant.web.serialize import OpenAIError, answer_to_json, error_responses
from index.tokens import count_tokens

MODEL_ID = "shenbao-assistant"
CREATED = 1_735_689_600  # fixed: the model does not change between restarts

router = APIRouter(prefix="/v1", tags=["openai"], responses=error_responses(OpenAIError))


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: str
    content: str | list[dict] | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, max_tokens, … are accepted and ignored
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = Field(None, description="include_usage: a last chunk with `usage`.")
    edition: str | None = Field(None, description='Extension: only this edition ("新版", "2022" or an id).')


@router.get("/models")
def models() -> dict:
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": CREATED,
                                        "owned_by": "shenbao-assistant"}]}


@router.post("/chat/completions", response_model=None)
def chat_completions(req: ChatRequest, request: Request) -> dict | StreamingResponse:
    question, history = split_messages(req.messages)
    answer = request.app.state.live.get().ask(question, history=history, edition=req.edition)
    answer_id = request.app.state.store.log(answer, "openai")
    completion_id = str(answer_id) if answer_id is not None else f"chatcmpl-{uuid.uuid4().hex}"
    extra = {k: v for k, v in answer_to_json(answer).items() if k != "answer"}
    usage = _usage([question, *(t["content"] for t in history)], answer.answer)
    if req.stream:
        include_usage = bool(req.stream_options and req.stream_options.include_usage)
        return StreamingResponse(_stream(completion_id, answer.answer, extra, usage if include_usage else None),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return {
        "id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": usage,
        **extra,
    }


def _usage(prompt: list[str], completion: str) -> dict:
    """Token counts as OpenAI's cl100k tokenizer counts them (no model reads the prompt: for clients' bookkeeping)."""
    p, c = sum(count_tokens(x) for x in prompt), count_tokens(completion)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def text_of(content: str | list[dict] | None) -> str:
    """Message content as text: a plain string, or the text parts of a multi-part content list."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "\n".join(str(p.get("text", "")) for p in content if p.get("type") in ("text", "input_text"))


def split_messages(messages: list[ChatMessage]) -> tuple[str, list[dict]]:
    if messages[-1].role != "user":
        raise BadQuestion("the last message must have role \"user\": it is the question to answer")
    question = text_of(messages[-1].content)
    history = [{"role": m.role, "content": text_of(m.content)} for m in messages[:-1]
               if m.role in ("user", "assistant")]
    return question, history


def _stream(completion_id: str, text: str, extra: dict, usage: dict | None) -> Iterator[str]:
    """The answer line by line as chat.completion.chunk events; citations ride on the final chunk, and with
    `stream_options.include_usage` a last chunk with no choices carries the usage (as OpenAI sends it)."""
    created = int(time.time())

    def event(**fields) -> str:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                **fields}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    def chunk(delta: dict, finish: str | None = None, **more) -> str:
        return event(choices=[{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **more)

    yield chunk({"role": "assistant", "content": ""})
    for piece in text.splitlines(keepends=True):
        yield chunk({"content": piece})
    yield chunk({}, "stop", **extra)
    if usage is not None:
        yield event(choices=[], usage=usage)
    yield "data: [DONE]\n\n"
