"""Wiring: the extractive pipeline, plus the LLM stage when an endpoint is configured. The edges build the assistant
here, so the answer package never needs to know the LLM package exists."""

from __future__ import annotations

from assistant.answer.pipeline import Assistant
from assistant.core.settings import Settings


def create_assistant(settings: Settings | None = None) -> Assistant:
    settings = settings or Settings()
    assistant = Assistant.from_settings(settings)
    if settings.llm_enabled:
        from assistant.llm.answer import attach_llm  # langchain-openai is imported only in LLM mode

        attach_llm(assistant)
    return assistant
