"""Connections that send nothing, or a request head a byte at a time, are closed after the idle timeout."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlparse

import pytest

from assistant.web.server import background_server, create_app


@pytest.fixture(scope="module")
def address(settings, assistant, db_path):
    app = create_app(settings.model_copy(update={"idle_timeout_s": 1.0}), assistant=assistant, feedback_db=db_path,
                     ui=False)
    with background_server(app) as url:
        parsed = urlparse(url)
        yield parsed.hostname, parsed.port


def _closed_after(sock: socket.socket, drip: bytes = b"") -> float:
    """Seconds until the server closes the connection (recv returns b"" or the peer resets it)."""
    started = time.monotonic()
    sock.settimeout(0.3)
    for byte in drip:
        sock.sendall(bytes([byte]))
        try:
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except TimeoutError:
            pass
    sock.settimeout(10)
    try:
        while sock.recv(1024):
            pass
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_a_connection_that_sends_nothing_is_closed(address):
    with socket.create_connection(address, timeout=10) as sock:
        assert _closed_after(sock) < 5


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(address):
    with socket.create_connection(address, timeout=10) as sock:
        waited = _closed_after(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40)
    assert waited < 5  # 0.3 s per byte would take 20 s


def test_a_prompt_client_is_served_and_kept_alive_between_requests(address):
    with socket.create_connection(address, timeout=10) as sock:
        for _ in range(2):
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
