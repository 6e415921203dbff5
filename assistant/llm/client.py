"""The optional LLM behind a narrow interface: `complete(messages) -> str` (and `stream`), one error type.

The only implementation talks to an OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, a gateway) through
langchain's `ChatOpenAI`. Retries are off: when the endpoint fails, the answer path falls back to the extractive
answer at once instead of making the asker wait for retries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from assistant.core.errors import AssistantError
from assistant.core.settings import Settings

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}

# Local servers (vLLM, Ollama, llama.cpp) accept any key, but the OpenAI client refuses to start without one.
_DUMMY_KEY = "sk-no-key-needed"


class LLMError(AssistantError):
    """The LLM endpoint could not give an answer: timeout, refused connection, 5xx, or a malformed reply."""


@runtime_checkable
class LLM(Protocol):
    def complete(self, messages: list[Message]) -> str: ...


class OpenAICompatibleLLM:
    """`LLM` over any OpenAI-compatible `/v1/chat/completions`, configured from the ASSISTANT_LLM_* settings."""

    def __init__(self, settings: Settings) -> None:
        if not settings.llm_base_url:
            raise LLMError("no LLM endpoint configured: set ASSISTANT_LLM_BASE_URL, e.g. http://localhost:8000/v1")
        from langchain_openai import ChatOpenAI  # imported here: the default (extractive) path never needs it

        self.base_url = settings.llm_base_url
        self.model = settings.llm_model
        self._chat = ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or _DUMMY_KEY,
            timeout=settings.llm_timeout,
            max_tokens=settings.llm_max_tokens,
            temperature=settings.llm_temperature,
            max_retries=0,
            # langchain sends the limit as OpenAI's newer `max_completion_tokens`; Ollama and older llama.cpp / vLLM
            # builds only read `max_tokens`, so send that too or replies run to the server's default length
            extra_body={"max_tokens": settings.llm_max_tokens},
        )

    def _fail(self, e: Exception) -> LLMError:
        detail = str(e).strip().splitlines()[0][:200] if str(e).strip() else ""
        return LLMError(f"LLM endpoint {self.base_url} (model {self.model!r}) failed: {type(e).__name__}"
                        + (f": {detail}" if detail else ""))

    def complete(self, messages: list[Message]) -> str:
        try:
            reply = self._chat.invoke(messages)
        except Exception as e:  # noqa: BLE001 — any failure of the remote side (httpx, openai, a garbled body
            # that breaks response parsing deep inside the client) means the same thing here: fall back
            raise self._fail(e) from e
        content = reply.content
        if not isinstance(content, str) or not content.strip():
            raise LLMError(f"LLM endpoint {self.base_url} returned an empty or non-text reply")
        return content

    def stream(self, messages: list[Message]) -> Iterator[str]:
        """Text pieces as the endpoint sends them; an error mid-stream raises LLMError like `complete`."""
        try:
            for piece in self._chat.stream(messages):
                if isinstance(piece.content, str) and piece.content:
                    yield piece.content
        except Exception as e:  # noqa: BLE001 — see complete()
            raise self._fail(e) from e
