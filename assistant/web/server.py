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
from typing import Annotated, Literal

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer.pipeline import Assistant
from assistant.factory import create_assistant
from assistant.core.errors import AssistantError, BadQuestion, IndexNotReady
from assistant.core.settings import Settings
from assistant.core.types import Direction, Document
from assistant.web.feedback import FeedbackStore, FeedbackUnavailable, UnknownAnswer
from assistant.web.http_guard import HttpGuard, error_body
from assistant.web.idle import HeadTimeoutH11Protocol
from assistant.web.live import LiveAssistant
from assistant.web.logs import log_config
from assistant.web.metrics import MeteredLog, Metrics, MetricsMiddleware, add_metrics_route
from assistant.web.serialize import ApiError, answer_to_json, error_responses, without_offsets
from assistant.web.staff import add_staff_routes

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


# strict: JSON `true` is not the number 1; the id is an SQLite rowid (a signed 64-bit integer)
AnswerId = Annotated[int, Field(strict=True, ge=1, le=2**63 - 1)]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: AnswerId = Field(description='The "id" returned by /api/ask, or by /v1/chat/completions (where it is the '
                                     'same number as a string, as OpenAI ids are strings).')
    rating: Literal[1, -1] = Field(description="1 = 👍 helpful, -1 = 👎 not helpful.")
    comment: str = Field("", max_length=4000)

    @field_validator("id", mode="before")
    @classmethod
    def _v1_id(cls, v: object) -> object:
        return int(v) if isinstance(v, str) and v.isascii() and v.isdigit() and not v.startswith("0") else v

    @field_validator("rating", mode="before")
    @classmethod
    def _number_not_bool(cls, v: object) -> object:
        if isinstance(v, bool):  # true == 1 in Python; in this API it is a mistake
            raise ValueError("rating must be the number 1 or -1, not true/false")
        return v


def create_app(settings: Settings, assistant: Assistant | None = None,
               feedback_db: Path | str | None = None, ui: bool = True) -> FastAPI:
    """The whole server. `assistant` is the one to start with; a rebuild of the index replaces it (LiveAssistant)."""
    live = LiveAssistant(settings.index_dir, lambda: create_assistant(settings), assistant)
    metrics = Metrics()
    store = MeteredLog(FeedbackStore(feedback_db or settings.feedback_db, settings.feedback_retention_days,
                                     settings.feedback_store_text), metrics)
    app = FastAPI(title="申报指南助手 API", version="1.0", responses=error_responses(ApiError),
                  description="Grounded answers over the 战略性科技创新合作 application guidelines, with citations.")
    app.state.live, app.state.store, app.state.settings = live, store, settings
    _install_error_handlers(app)
    _add_api_routes(app, live, store)
    _add_editions_route(app, live)
    from assistant.web.openai_compat import router as openai_router

    app.include_router(openai_router)
    _add_not_found_routes(app)
    # before the UI, whose mount at "/" would take /staff and /metrics
    add_staff_routes(app, store, settings)
    add_metrics_route(app, live, metrics)
    if ui:
        _mount_ui(app, live, store, settings)
    # added last = outermost: CORS answers preflights before the guard checks tokens
    app.add_middleware(HttpGuard, api_token=settings.api_token, max_request_bytes=settings.max_request_bytes,
                       frame_ancestors=settings.allowed_origins, body_timeout_s=settings.idle_timeout_s)
    if settings.allowed_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(MetricsMiddleware, metrics=metrics, live=live)  # outermost: counts what the guard refuses
    return app


def _add_api_routes(app: FastAPI, live: LiveAssistant, store: FeedbackStore) -> None:
    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict:
        """Liveness: always 200 while the process answers; `status` is "degraded" when /readyz would fail."""
        ready, details = live.health()
        return {"status": "ok" if ready else "degraded", **details, "feedback_log": _log_status(store)}

    @app.get("/readyz", tags=["meta"], responses={503: {"description": "the index is missing or broken"}})
    def readyz() -> JSONResponse:
        """Readiness: 200 when the live index answers; 503 with `problems` when it is broken or a rebuild failed."""
        ready, details = live.health()
        return JSONResponse({"status": "ready" if ready else "unavailable", **details,
                             "feedback_log": _log_status(store)}, status_code=200 if ready else 503)

    @app.post("/api/ask", tags=["api"])
    def ask(req: AskRequest) -> dict:
        """Answer one question; the reply is `ask --json` plus `id` (send it back to /api/feedback; null when the
        log could not be written)."""
        history = [t.model_dump() for t in req.history or []]
        answer = live.get().ask(req.question, history=history, edition=req.edition)
        return {"id": store.log(answer, "api"), **answer_to_json(answer)}

    @app.get("/api/directions", tags=["api"])
    def directions() -> list[dict]:
        assistant = live.get()
        return [direction_row(doc, d) for doc in assistant.documents for d in doc.directions]

    @app.get("/api/directions/{edition}/{number}", tags=["api"])
    def direction(edition: str, number: str, offsets: bool = Query(
            False, description="Include `start`/`end` character offsets into the edition's clean text.")) -> dict:
        doc, d = find_direction(live.get(), edition, number)
        body = {**direction_row(doc, d), **d.model_dump(exclude={"edition", "number", "title", "category"}),
                "keywords": d.keywords, "text": doc.text[d.start:d.end]}
        return body if offsets else without_offsets(body)

    @app.post("/api/feedback", tags=["api"], responses={503: {"description": "the feedback log cannot be written"}})
    def feedback(req: FeedbackRequest) -> dict:
        return {"ok": True, "feedback_id": store.rate(req.id, req.rating, req.comment)}


def _add_editions_route(app: FastAPI, live: LiveAssistant) -> None:
    @app.get("/api/editions", tags=["api"])
    def editions() -> list[dict]:
        """Every edition in the index: identity (label, aliases, 专项, year, batch, status) and what was parsed."""
        assistant = live.get()
        chunks = Counter(c.edition for c in assistant.index.chunks)
        return [{**doc.edition.model_dump(exclude={"sha256"}), "directions": len(doc.directions),
                 "domains": len(doc.domains), "rule_passages": len(doc.preamble), "chunks": chunks[doc.edition.id],
                 "declared_directions": doc.declared_directions, "anomalies": len(doc.anomalies)}
                for doc in assistant.documents]


def _log_status(store: FeedbackStore) -> dict:
    return {"ok": store.problem is None, "unlogged_answers": store.failures, "problem": store.problem}


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
        if "json" not in request.headers.get("content-type", ""):  # a JSON text sent as text/plain or a form
            return reply(request, 415, f"send the body as JSON with the header Content-Type: application/json.{hint}")
        return reply(request, 422, f"invalid request: {problems}.{hint}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail) if exc.status_code != 404 else f"no such endpoint {request.url.path}: see /docs"
        allowed = sorted({m for r in app.routes if getattr(r, "path", None) == request.url.path
                          for m in getattr(r, "methods", None) or ()} - {"HEAD"})
        if exc.status_code in (404, 405) and allowed and request.method not in allowed:  # "GET /api/ask"
            return JSONResponse(error_body(request.url.path, f"{request.url.path} takes {' or '.join(allowed)}, not "
                                           f"{request.method}: see /docs", "invalid_request_error"),
                                status_code=405, headers={"Allow": ", ".join(allowed)})
        if exc.status_code == 400 and "parsing the body" in message:
            message = "the request body is not valid JSON: send e.g. " + ASK_EXAMPLE
        return reply(request, exc.status_code, message)

    @app.exception_handler(NotFound)
    @app.exception_handler(UnknownAnswer)
    async def not_found(request: Request, exc: AssistantError) -> JSONResponse:
        return reply(request, 404, str(exc), "not_found_error")

    @app.exception_handler(IndexNotReady)
    @app.exception_handler(FeedbackUnavailable)
    async def not_ready(request: Request, exc: AssistantError) -> JSONResponse:
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


def _mount_ui(app: FastAPI, live: LiveAssistant, store: FeedbackStore, settings: Settings) -> None:
    import gradio as gr

    from assistant.web.ui import UI_CSS, UI_HEAD, UI_THEME, build_ui

    auth = (settings.ui_username, settings.ui_password) if settings.ui_username else None
    # no "use via API" link: the UI's events are private (ui.py), so Gradio's named API has nothing to offer
    gr.mount_gradio_app(app, build_ui(live, store, settings), path="/", auth=auth,
                        auth_message="申报指南助手：请登录 / Please sign in", css=UI_CSS, head=UI_HEAD, theme=UI_THEME,
                        footer_links=[], ssr_mode=False, run_history=False)


def uvicorn_config(app: FastAPI | str, settings: Settings, host: str, port: int, log_level: str,
                   **more: object) -> uvicorn.Config:
    """On SIGTERM uvicorn stops accepting and gives the requests running `shutdown_timeout_s` to finish."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on", http=HeadTimeoutH11Protocol,
                          timeout_keep_alive=max(1, round(settings.idle_timeout_s)),
                          timeout_graceful_shutdown=settings.shutdown_timeout_s,
                          log_config=log_config(settings.log_format), **more)


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the app with uvicorn until interrupted (`python -m assistant serve`); `workers` > 1: workers.py."""
    host, port = host or settings.host, port or settings.port
    if settings.workers > 1:
        from assistant.web.workers import serve_workers

        serve_workers(settings, host, port)
        return
    uvicorn.Server(uvicorn_config(create_app(settings), settings, host, port, "info")).run()


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run `app` on a free loopback port in a thread; yields its base URL and stops it on exit (tests, demos)."""
    server = uvicorn.Server(uvicorn_config(app, app.state.settings, host, port, "warning"))
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
