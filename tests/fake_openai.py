"""A scripted OpenAI-compatible HTTP server on 127.0.0.1, for testing the LLM path through a real client and socket.

Each POST /v1/chat/completions takes the next behaviour from a queue: a reply text (or a callable that builds it from
the request), an HTTP status, a non-JSON body, or a delay longer than the client's timeout. Requests are recorded so
tests can assert what the prompt contained. GET /v1/models lists one model. Stream requests get SSE chunks.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "fake-model"


@dataclass
class Behaviour:
    text: str | Callable[[dict[str, Any]], str] | None = None
    status: int = 200
    garbage: bool = False
    delay: float = 0.0


def _completion(text: str) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunk(delta: dict[str, str], finish: str | None = None) -> bytes:
    body = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()


class FakeOpenAI:
    def __init__(self) -> None:
        self.queue: deque[Behaviour] = deque()
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True  # a handler still sleeping in a delay must not block shutdown
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    # ------------------------------------------------------------------ scripting
    def enqueue(self, text: str | Callable[[dict[str, Any]], str]) -> None:
        self.queue.append(Behaviour(text=text))

    def enqueue_status(self, status: int, text: str = "internal error") -> None:
        self.queue.append(Behaviour(text=text, status=status))

    def enqueue_garbage(self) -> None:
        self.queue.append(Behaviour(garbage=True))

    def enqueue_delay(self, seconds: float, text: str = "too late") -> None:
        self.queue.append(Behaviour(text=text, delay=seconds))

    def reset(self) -> None:
        self.queue.clear()
        self.requests.clear()

    def prompt(self, index: int = -1) -> str:
        """All message contents of a recorded request, joined: what the model was shown."""
        return "\n".join(m.get("content", "") for m in self.requests[index]["body"].get("messages", []))

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # ------------------------------------------------------------------ HTTP
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep pytest output clean
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    models = {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "test"}]}
                    self._send(200, json.dumps(models).encode())
                else:
                    self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append({"path": self.path, "body": body})
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._send(404, b'{"error": {"message": "not found"}}')
                b = fake.queue.popleft() if fake.queue else Behaviour(text="no scripted reply", status=500)
                try:
                    self._reply(b, body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            def _reply(self, b: Behaviour, body: dict[str, Any]) -> None:
                if b.delay:
                    time.sleep(b.delay)
                if b.garbage:
                    return self._send(200, b"<html>this is not json", "application/json")
                text = b.text(body) if callable(b.text) else (b.text or "")
                if b.status != 200:
                    return self._send(b.status, json.dumps({"error": {"message": text}}).encode())
                if not body.get("stream"):
                    return self._send(200, json.dumps(_completion(text), ensure_ascii=False).encode())
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()  # HTTP/1.0: the body ends when the connection closes
                self.wfile.write(_chunk({"role": "assistant", "content": ""}))
                for i in range(0, len(text), 8):
                    self.wfile.write(_chunk({"content": text[i:i + 8]}))
                self.wfile.write(_chunk({}, "stop") + b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler
