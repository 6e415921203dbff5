"""`serve --workers N`: N processes answer on one port, so one machine uses all its cores.

Each worker loads its own Assistant from the same index (read-only; each leases the build it serves and moves to a
rebuild by itself, assistant/web/live.py) and writes to the same feedback store. Settings reach the workers through
the environment (ASSISTANT_*), exactly as the parent read them. /metrics adds up every worker's counts through
prometheus-client's multiprocess files, in a folder of this run's own.

Each worker listens on a socket of its own (SO_REUSEPORT), so the kernel spreads new connections over the workers.
One listening socket shared by all of them was measured to hand 19 of 20 keep-alive connections to one worker: the
first worker woken drains the whole accept queue, and the other one idles.

The chat UI keeps each conversation's event queue in the process that took it, so it needs one process or sticky
sessions in front; the JSON and OpenAI-compatible APIs are stateless.
"""

from __future__ import annotations

import os
import socket
import tempfile

from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from assistant.core.errors import ConfigError
from assistant.core.settings import Settings


def create_worker_app() -> FastAPI:
    """Runs in each worker process."""
    from assistant.web.server import create_app

    return create_app(Settings())


def _reuseport_socket(family: socket.AddressFamily, address: tuple) -> socket.socket:
    sock = socket.socket(family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    return sock


def _listening_socket(family: socket.AddressFamily, address: tuple, backlog: int) -> socket.socket:
    sock = _reuseport_socket(family, address)
    sock.listen(backlog)
    return sock


class _OwnSocket:
    """What the parent hands every worker: unpickled in the worker (uvicorn spawns them), it becomes that worker's own
    listening socket, so a worker that uvicorn restarts gets a fresh one too."""

    def __init__(self, family: socket.AddressFamily, address: tuple, backlog: int) -> None:
        self.args = (family, address, backlog)

    def __reduce__(self) -> tuple:
        return _listening_socket, self.args


def serve_workers(settings: Settings, host: str, port: int) -> None:
    from assistant.web.server import uvicorn_config

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # bound, never listening: it receives no connection, but a port taken by another program fails here, in one
    # place, and port 0 becomes one real port that every worker then shares
    try:
        held = _reuseport_socket(family, (host, port))
    except OSError as e:
        raise ConfigError(f"cannot listen on {host}:{port} ({e.strerror}): stop what uses that port or choose "
                          "another one (--port, ASSISTANT_PORT)") from e
    with held, tempfile.TemporaryDirectory(prefix="assistant-metrics-") as shared:
        address = held.getsockname()
        # read by prometheus-client when a worker imports it, so it must be set before they start
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
        config = uvicorn_config(f"{__name__}:create_worker_app", settings, host, address[1], "info", factory=True,
                                workers=settings.workers)
        Multiprocess(config, sockets=[_OwnSocket(family, address, config.backlog)]).run()
