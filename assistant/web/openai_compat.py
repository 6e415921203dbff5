"""OpenAI-compatible `/v1/models` and `/v1/chat/completions`, so chat front-ends and SDKs can use the assistant.

The last user message is the question and earlier user/assistant messages are the history. System (and developer,
tool) messages are dropped: the assistant's behaviour is fixed, a client cannot re-instruct it. The reply content is
the grounded answer with its inline citation markers; a top-level `citations` list carries the same objects as
/api/ask, and `answer_id` is the id to rate through /api/feedback (null when the log could not be written).
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
from assistant.web.serialize import answer_to_json

MODEL_ID = "shenbao-assistant"
CREATED = 1_735_689_600  # fixed: the model does not change between restarts

router = APIRouter(prefix="/v1", tags=["openai"])


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: str
    content: str | list[dict] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, max_tokens, … are accepted and ignored
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
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
    payload = answer_to_json(answer)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    extra = {"citations": payload["citations"], "answer_id": answer_id, "answerable": payload["answerable"],
             "mode": payload["mode"]}
    if req.stream:
        return StreamingResponse(_stream(completion_id, answer.answer, extra), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return {
        "id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": len(question), "completion_tokens": len(answer.answer),
                  "total_tokens": len(question) + len(answer.answer)},
        **extra,
    }


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


def _stream(completion_id: str, text: str, extra: dict) -> Iterator[str]:
    """The answer line by line as chat.completion.chunk events; citations ride on the final chunk."""
    created = int(time.time())

    def chunk(delta: dict, finish: str | None = None, **more) -> str:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **more}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in text.splitlines(keepends=True):
        yield chunk({"content": piece})
    yield chunk({}, "stop", **extra)
    yield "data: [DONE]\n\n"
