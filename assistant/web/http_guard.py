"""ASGI guard in front of /api/* and /v1/*: bearer token, request-size limit, UTF-8 body, iframe/CSP header.

Runs before FastAPI parses anything, so an oversized or binary body is refused without being decoded, and a
missing token never reaches a handler. /healthz, /docs and the UI are not guarded by the token (the UI has its
own optional login).
"""

from __future__ import annotations

import hmac
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

GUARDED_PREFIXES = ("/api/", "/v1/")


def error_body(path: str, message: str, kind: str = "invalid_request_error") -> dict:
    """`{"error": "..."}` for /api/*; OpenAI's `{"error": {"message", "type"}}` for /v1/* (what its clients parse)."""
    if path.startswith("/v1/"):
        return {"error": {"message": message, "type": kind, "code": None, "param": None}}
    return {"error": message}


class HttpGuard:
    def __init__(self, app: ASGIApp, *, api_token: str | None, max_request_bytes: int,
                 frame_ancestors: list[str]) -> None:
        self.app = app
        self.token = api_token or None
        self.max_bytes = max_request_bytes
        self.csp = ("frame-ancestors " + " ".join(["'self'", *frame_ancestors])).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        path: str = scope.get("path", "")
        if not path.startswith(GUARDED_PREFIXES) or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)  # CORS preflight carries no token by design
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.token and not self._authorized(headers.get("authorization", "")):
            await _reply(send, 401, error_body(path, "missing or wrong API token: send the header "
                                                     "'Authorization: Bearer <ASSISTANT_API_TOKEN>'",
                                               "authentication_error"),
                         [(b"www-authenticate", b"Bearer")])
            return
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        too_big = error_body(path, f"request body too large: the limit is {self.max_bytes} bytes; "
                                   "send a shorter question or fewer history turns")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _reply(send, 413, too_big)
            return
        body, ok = await self._read(receive)
        if not ok:
            await _reply(send, 413, too_big)
            return
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            await _reply(send, 400, error_body(path, "the request body is not UTF-8 text: send JSON encoded as "
                                                     "UTF-8, e.g. {\"question\": \"新版4.7 的起吊重量要求是多少？\"}"))
            return
        await self.app(scope, _replay(body, receive), send)

    def _authorized(self, header: str) -> bool:
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())

    async def _read(self, receive: Receive) -> tuple[bytes, bool]:
        """The whole body, or (partial, False) once it passes the limit (a lying Content-Length cannot bypass it)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks), True
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return b"", False
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), True

    def _with_headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-frame-options"]
                headers.append((b"content-security-policy", self.csp))
                message = {**message, "headers": headers}
            await send(message)

        return wrapped


def _replay(body: bytes, upstream: Receive) -> Receive:
    """Hand the buffered body over once, then pass through (so streaming responses still see a real disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await upstream()

    return receive


async def _reply(send: Send, status: int, payload: dict, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})
