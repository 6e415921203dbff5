"""One port for everything: JSON API (/api/*), OpenAI-compatible endpoint (/v1/*), health, docs and the Gradio UI (/).

Every error leaves as JSON that says how to fix the request; never a stack trace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer.pipeline import Assistant
from assistant.factory import create_assistant
from assistant.core.errors import AssistantError, BadQuestion, IndexNotReady
from assistant.web.feedback import FeedbackStore, UnknownAnswer
from assistant.web.http_guard import HttpGuard, error_body
from assistant.web.serialize import answer_to_json
from assistant.core.settings import Settings
from assistant.core.types import Direction, Document

log = logging.getLogger(__name__)
ASK_EXAMPLE = '{"question": "新版4.7 的起吊重量要求是多少？", "history": [{"role": "user", "content": "…"}]}'


class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant"]
    content: str


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"question": "新版4.7 的起吊重量要求是多少？"}]})
    question: str = Field(description="The question, plain text.")
    history: list[Turn] | None = Field(None, description="Earlier turns, oldest first, for follow-up questions.")
    edition: str | None = Field(None, description='Only this edition: label ("新版", "2022") or id.')


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int = Field(description='The "id" returned by /api/ask.')
    rating: Literal[1, -1] = Field(description="1 = 👍 helpful, -1 = 👎 not helpful.")
    comment: str = Field("", max_length=4000)


def create_app(settings: Settings, assistant: Assistant | None = None,
               feedback_db: Path | str | None = None, ui: bool = True) -> FastAPI:
    assistant = assistant or create_assistant(settings)
    store = FeedbackStore(feedback_db or settings.feedback_db)
    app = FastAPI(title="申报指南助手 API", version="1.0",
                  description="Grounded answers over the 战略性科技创新合作 application guidelines, with citations.")
    app.state.assistant, app.state.store, app.state.settings = assistant, store, settings
    _install_error_handlers(app)
    _add_api_routes(app, assistant, store)
    _add_editions_route(app, assistant)
    from assistant.web.openai_compat import router as openai_router

    app.include_router(openai_router)
    _add_not_found_routes(app)
    if ui:
        _mount_ui(app, assistant, store, settings)
    # added last = outermost: CORS answers preflights before the guard checks tokens
    app.add_middleware(HttpGuard, api_token=settings.api_token, max_request_bytes=settings.max_request_bytes,
                       frame_ancestors=settings.allowed_origins)
    if settings.allowed_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    return app


def _add_api_routes(app: FastAPI, assistant: Assistant, store: FeedbackStore) -> None:
    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict:
        return {"status": "ok", "index": assistant.index.info.id, "documents": len(assistant.documents),
                "directions": len(assistant.index.directions)}

    @app.post("/api/ask", tags=["api"])
    def ask(req: AskRequest) -> dict:
        """Answer one question; the reply is `ask --json` plus `id` (send it back to /api/feedback)."""
        history = [t.model_dump() for t in req.history or []]
        answer = assistant.ask(req.question, history=history, edition=req.edition)
        return answer_to_json(answer, id=store.log(answer, "api"))

    @app.get("/api/directions", tags=["api"])
    def directions() -> list[dict]:
        return [direction_row(doc, d) for doc in assistant.documents for d in doc.directions]

    @app.get("/api/directions/{edition}/{number}", tags=["api"])
    def direction(edition: str, number: str) -> dict:
        doc, d = find_direction(assistant, edition, number)
        return {**direction_row(doc, d), **d.model_dump(exclude={"edition", "number", "title", "category"}),
                "keywords": d.keywords, "text": doc.text[d.start:d.end]}

    @app.post("/api/feedback", tags=["api"])
    def feedback(req: FeedbackRequest) -> dict:
        return {"ok": True, "feedback_id": store.rate(req.id, req.rating, req.comment)}


def _add_editions_route(app: FastAPI, assistant: Assistant) -> None:
    @app.get("/api/editions", tags=["api"])
    def editions() -> list[dict]:
        """Every edition in the index: identity (label, aliases, 专项, year, batch, status) and what was parsed."""
        chunks = Counter(c.edition for c in assistant.index.chunks)
        return [{**doc.edition.model_dump(exclude={"sha256"}), "directions": len(doc.directions),
                 "domains": len(doc.domains), "rule_passages": len(doc.preamble), "chunks": chunks[doc.edition.id],
                 "declared_directions": doc.declared_directions, "anomalies": len(doc.anomalies)}
                for doc in assistant.documents]


def _add_not_found_routes(app: FastAPI) -> None:
    """Unknown /api and /v1 paths answer in JSON here instead of falling through to the UI mounted at /."""

    @app.api_route("/api/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    @app.api_route("/v1/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    def unknown(request: Request) -> None:
        raise StarletteHTTPException(404)


def direction_row(doc: Document, d: Direction) -> dict:
    return {"edition": doc.edition.label, "document": doc.edition.id, "number": d.number, "title": d.title,
            "category": d.category, "domain": f"{d.domain_number}.{d.domain_name}",
            "url": f"/api/directions/{doc.edition.id}/{d.number}"}


class NotFound(AssistantError):
    """A direction or edition that does not exist."""


def find_direction(assistant: Assistant, edition: str, number: str) -> tuple[Document, Direction]:
    try:
        edition_id = assistant.edition_id(edition)
    except BadQuestion as e:
        raise NotFound(str(e)) from None
    d = assistant.index.directions.get(f"{edition_id}:{number}")
    if d is None:
        raise NotFound(f"edition {edition!r} has no direction {number!r}: GET /api/directions lists them all")
    return assistant.index.document[edition_id], d


def _install_error_handlers(app: FastAPI) -> None:
    def reply(request: Request, status: int, message: str, kind: str = "invalid_request_error") -> JSONResponse:
        return JSONResponse(error_body(request.url.path, message, kind), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(_describe(e) for e in exc.errors()[:5])
        hint = f" Example: {ASK_EXAMPLE}" if request.url.path == "/api/ask" else ""
        return reply(request, 422, f"invalid request: {problems}.{hint}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail) if exc.status_code != 404 else f"no such endpoint {request.url.path}: see /docs"
        if exc.status_code == 400 and "parsing the body" in message:
            message = "the request body is not valid JSON: send e.g. " + ASK_EXAMPLE
        return reply(request, exc.status_code, message)

    @app.exception_handler(NotFound)
    @app.exception_handler(UnknownAnswer)
    async def not_found(request: Request, exc: AssistantError) -> JSONResponse:
        return reply(request, 404, str(exc), "not_found_error")

    @app.exception_handler(IndexNotReady)
    async def not_ready(request: Request, exc: IndexNotReady) -> JSONResponse:
        return reply(request, 503, str(exc), "server_error")

    @app.exception_handler(AssistantError)
    async def bad_input(request: Request, exc: AssistantError) -> JSONResponse:
        return reply(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return reply(request, 500, "internal error: the request could not be answered; please retry or report it",
                     "server_error")


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
    if error.get("type") == "json_invalid":
        return "the body is not valid JSON"
    if error.get("type") == "missing":
        return f"field '{where}' is required"
    if error.get("type") == "extra_forbidden":
        return f"unknown field '{where}'"
    return f"field '{where}': {error.get('msg', 'invalid value')}"


def _mount_ui(app: FastAPI, assistant: Assistant, store: FeedbackStore, settings: Settings) -> None:
    import gradio as gr

    from assistant.web.ui import UI_CSS, UI_HEAD, UI_THEME, build_ui

    auth = (settings.ui_username, settings.ui_password) if settings.ui_username else None
    gr.mount_gradio_app(app, build_ui(assistant, store, settings), path="/", auth=auth,
                        auth_message="申报指南助手：请登录 / Please sign in", css=UI_CSS, head=UI_HEAD, theme=UI_THEME,
                        footer_links=["api"], ssr_mode=False)


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the app with uvicorn until interrupted (`python -m assistant serve`)."""
    app = create_app(settings)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run `app` on a free loopback port in a thread; yields its base URL and stops it on exit (tests, demos)."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True, name="assistant-server")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
