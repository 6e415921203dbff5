"""The guard in front of the app, over loopback with a token and the UI mounted: what is public, what is not,
security headers, and bodies that are too slow."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlparse

import httpx
import pytest

from assistant.web.server import background_server, create_app

TOKEN = "guard-token-456"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def base(settings, assistant, tmp_path_factory):
    locked = settings.model_copy(update={"api_token": TOKEN, "idle_timeout_s": 1.0})
    app = create_app(locked, assistant=assistant, feedback_db=tmp_path_factory.mktemp("guard") / "fb.sqlite3")
    with background_server(app) as url:
        yield url


@pytest.mark.parametrize("method, path", [
    ("POST", "/gradio_api/call/ask"), ("POST", "/gradio_api/call/v2/ask"), ("GET", "/gradio_api/info"),
    ("POST", "/gradio_api/run/ask"), ("POST", "/gradio_api/api/ask"), ("GET", "/gradio_api/openapi.json"),
    ("POST", "/gradio_api/upload"), ("POST", "//gradio_api/call/ask"), ("POST", "/gradio_api/%63all/ask"),
])
def test_gradio_programmatic_api_and_uploads_are_closed_even_with_the_token(base, method, path):
    for headers in ({}, AUTH):
        r = httpx.request(method, base + path, json={"data": ["新版4.7 的起吊重量要求是多少？", [], "全部"]},
                          headers=headers, timeout=30)
        assert r.status_code == 404 and "not offered" in r.json()["error"], (path, r.text)


def test_what_stays_public_with_a_token(base):
    with httpx.Client(base_url=base, timeout=30) as c:
        assert c.get("/").status_code == 200 and c.get("/config").status_code == 200  # the UI (no UI login set)
        assert c.get("/healthz").status_code == 200 and c.get("/readyz").status_code == 200
        assert c.get("/openapi.json").status_code == 200
        assert c.post("/api/ask", json={"question": "hi"}).status_code == 401
        assert c.get("/v1/models").status_code == 401
        assert c.get("/v1/models", headers=AUTH).status_code == 200


def test_security_headers(base):
    with httpx.Client(base_url=base, timeout=30) as c:
        for path, policy in (("/", "script-src 'self' 'unsafe-inline'"), ("/healthz", "default-src 'none'"),
                             ("/api/directions", "default-src 'none'"), ("/docs", "cdn.jsdelivr.net")):
            headers = c.get(path, headers=AUTH).headers
            assert policy in headers["content-security-policy"], path
            assert headers["content-security-policy"].endswith("frame-ancestors 'self'")
            assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
            assert "x-frame-options" not in headers


def test_ui_routes_have_the_same_body_limit(base, settings):
    big = {"data": ["问" * settings.max_request_bytes, [], "全部"], "fn_index": 0, "session_hash": "x"}
    r = httpx.post(base + "/gradio_api/queue/join", json=big, timeout=30)
    assert r.status_code == 413 and "too large" in r.json()["error"]


def _connect(base: str) -> socket.socket:
    url = urlparse(base)
    return socket.create_connection((url.hostname, url.port), timeout=10)


def test_a_body_that_trickles_in_gets_408(base):
    with _connect(base) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 100\r\n\r\n{\"question\"")
        started = time.monotonic()
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 408") and b"did not arrive" in reply
    assert time.monotonic() - started < 5
