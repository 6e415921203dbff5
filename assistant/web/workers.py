"""`serve --workers N`: N processes answer on one port, so one machine uses all its cores.

Each worker loads its own Assistant from the same index (read-only; each leases the build it serves and moves to a
rebuild by itself, assistant/web/live.py) and writes to the same feedback store. Settings reach the workers through
the environment (ASSISTANT_*), exactly as the parent read them. /metrics adds up every worker's counts through
prometheus-client's multiprocess files, in a folder of this run's own.

The chat UI keeps each conversation's event queue in the process that took it, so it needs one process or sticky
sessions in front; the JSON and OpenAI-compatible APIs are stateless.
"""

from __future__ import annotations

import os
import tempfile

from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from assistant.core.settings import Settings


def create_worker_app() -> FastAPI:
    """Runs in each worker process."""
    from assistant.web.server import create_app

    return create_app(Settings())


def serve_workers(settings: Settings, host: str, port: int) -> None:
    from assistant.web.server import uvicorn_config

    with tempfile.TemporaryDirectory(prefix="assistant-metrics-") as shared:
        # read by prometheus-client when a worker imports it, so it must be set before they start
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
        config = uvicorn_config(f"{__name__}:create_worker_app", settings, host, port, "info", factory=True,
                                workers=settings.workers)
        Multiprocess(config, sockets=[config.bind_socket()]).run()
