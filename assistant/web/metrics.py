"""`GET /metrics` in Prometheus text format: requests, latency, answers, refusals, LLM fallbacks, unlogged answers and
the index build each process serves.

Metrics live in a registry of the app's own (tests build many apps in one process). Under `serve --workers N` every
worker writes its values to files in PROMETHEUS_MULTIPROC_DIR (set by the parent before the workers start, which is
when prometheus-client decides) and a scrape, whichever worker takes it, adds up all of them.
"""

from __future__ import annotations

import atexit
import os
import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.core.types import Answer
from assistant.web.feedback import FeedbackStore, Source
from assistant.web.live import LiveAssistant

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _shared() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("assistant_http_requests", "HTTP requests by method, route and status",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("assistant_http_request_duration_seconds", "Time to the last byte of a response",
                                 ["route"], buckets=_LATENCY_BUCKETS, registry=r)
        self.answers = Counter("assistant_answers", "Answers served, by where they were asked and answer mode",
                               ["source", "mode"], registry=r)
        self.refusals = Counter("assistant_refusals", "Answers saying the guidelines do not cover the question",
                                ["source"], registry=r)
        self.llm_fallbacks = Counter("assistant_llm_fallbacks",
                                     "LLM answers replaced by the extractive one (failed a check, or no reply)",
                                     ["source"], registry=r)
        self.unlogged = Counter("assistant_unlogged_answers", "Answers served that the feedback log could not store",
                                registry=r)
        self.index = Gauge("assistant_index_build", "1 for the index build a server process answers from",
                           ["build"], multiprocess_mode="livemax", registry=r)
        self._build: str | None = None
        if _shared():  # a worker that exits stops counting in the index gauge
            atexit.register(multiprocess.mark_process_dead, os.getpid())

    def serving(self, build: str) -> None:
        if build != self._build:
            if self._build is not None:
                self.index.labels(build=self._build).set(0)
            self.index.labels(build=build).set(1)
            self._build = build

    def answered(self, answer: Answer, source: Source, logged: bool) -> None:
        self.answers.labels(source=source, mode=answer.mode).inc()
        if not answer.answerable:
            self.refusals.labels(source=source).inc()
        if answer.mode == "llm_fallback":
            self.llm_fallbacks.labels(source=source).inc()
        if not logged:
            self.unlogged.inc()

    def exposition(self) -> bytes:
        if not _shared():
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged)
        return generate_latest(merged)


class MeteredLog:
    """The answer log with counters on it: every answer served (API, OpenAI endpoint, UI) is logged through here."""

    def __init__(self, store: FeedbackStore, metrics: Metrics) -> None:
        self._store, self._metrics = store, metrics

    def log(self, answer: Answer, source: Source) -> int | None:
        answer_id = self._store.log(answer, source)
        self._metrics.answered(answer, source, logged=answer_id is not None)
        return answer_id

    def __getattr__(self, name: str) -> Any:  # rate, problem, failures, …: the store's own
        return getattr(self._store, name)


class MetricsMiddleware:
    """Counts every HTTP request by route template (never the raw path: ids in paths would explode the series)."""

    def __init__(self, app: ASGIApp, metrics: Metrics, live: LiveAssistant) -> None:
        self.app, self.metrics, self.live = app, metrics, live

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self.metrics.serving(self.live.get().index.info.id)
            route = _route(scope)
            self.metrics.requests.labels(method=scope["method"], route=route, status=str(status)).inc()
            self.metrics.latency.labels(route=route).observe(time.perf_counter() - started)


def _route(scope: Scope) -> str:
    route = scope.get("route")  # set by the router on the scope every middleware shares
    if isinstance(route, Mount):
        return "ui"  # the Gradio app and its assets
    return getattr(route, "path_format", "other")  # "other": answered before routing (guard, unknown)


def add_metrics_route(app: FastAPI, live: LiveAssistant, metrics: Metrics) -> None:
    metrics.serving(live.get().index.info.id)

    @app.get("/metrics", tags=["meta"], response_class=Response)
    def prometheus() -> Response:
        """Prometheus text format; needs no token, like the probes (counts only, never questions)."""
        metrics.serving(live.get().index.info.id)
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
