"""ASGI guard in front of everything: bearer token, request-size and body-time limits, UTF-8 bodies, security headers.

Runs before FastAPI or Gradio parse anything, so an oversized, slow or binary body is refused without being decoded,
and a missing token never reaches a handler. Token-protected: /api/*, /v1/*. Not token-protected: /healthz, /readyz,
/docs, /openapi.json and the UI with the few /gradio_api/ routes its page calls (it has its own optional login).
Every other /gradio_api/ route — Gradio's programmatic API (info, call, run), uploads, run history — is refused for
everyone: the page never uses them, and they would answer questions without the token.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_PREFIXES = ("/api/", "/v1/")
UTF8_PREFIXES = ("/api/", "/v1/")
# what the UI page calls (seen from headless Chromium: ask, stream, rate, browse, log in)
GRADIO_PAGE_ROUTES = tuple(f"/gradio_api/{r}" for r in ("queue/", "heartbeat/", "cancel", "reset", "file=", "file/",
                                                         "startup-events", "app_id", "login_check", "user", "token"))
JSON_PREFIXES = ("/api/", "/v1/", "/healthz", "/readyz", "/openapi.json")
# Gradio's page needs inline scripts and styles and evaluates its `js=` snippets; the Swagger page at /docs loads
# from a CDN (it works only where that CDN is reachable). JSON needs nothing at all.
_UI_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
              "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'")
_DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
                "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
                "object-src 'none'; base-uri 'self'")
_JSON_POLICY = "default-src 'none'"


def error_body(path: str, message: str, kind: str = "invalid_request_error") -> dict:
    """`{"error": "..."}` for /api/*; OpenAI's `{"error": {"message", "type"}}` for /v1/* (what its clients parse)."""
    # a lone surrogate echoed from the request (a field name, say) could not be encoded as UTF-8
    message = message.encode("utf-8", "replace").decode("utf-8")
    if path.startswith("/v1/"):
        return {"error": {"message": message, "type": kind, "code": None, "param": None}}
    return {"error": message}


class HttpGuard:
    def __init__(self, app: ASGIApp, *, api_token: str | None, max_request_bytes: int,
                 frame_ancestors: list[str], body_timeout_s: float = 15.0) -> None:
        self.app = app
        self.token = api_token or None
        self.max_bytes = max_request_bytes
        self.body_timeout_s = body_timeout_s
        ancestors = "frame-ancestors " + " ".join(["'self'", *frame_ancestors])
        self.policies = {kind: f"{policy}; {ancestors}".encode()
                         for kind, policy in (("ui", _UI_POLICY), ("docs", _DOCS_POLICY), ("json", _JSON_POLICY))}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = re.sub(r"/{2,}", "/", scope.get("path", ""))  # "//gradio_api/…" must not slip past the checks
        send = self._with_headers(send, path)
        if scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)  # CORS preflight carries no token by design
            return
        if path.startswith("/gradio_api/") and not path.startswith(GRADIO_PAGE_ROUTES):
            await _reply(send, 404, error_body(path, f"{path} is not offered by this server: ask through /api/ask or "
                                                     "/v1/chat/completions (see /docs)"))
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.token and path.startswith(TOKEN_PREFIXES) and not self._authorized(headers.get("authorization", "")):
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
        try:
            body, ok = await asyncio.wait_for(self._read(receive), self.body_timeout_s)
        except TimeoutError:
            await _reply(send, 408, error_body(path, f"the request body did not arrive within "
                                                     f"{self.body_timeout_s:g} s: send it at once"))
            return
        if not ok:
            await _reply(send, 413, too_big)
            return
        if path.startswith(UTF8_PREFIXES):
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

    def _with_headers(self, send: Send, path: str) -> Send:
        kind = "json" if path.startswith(JSON_PREFIXES) else "docs" if path.startswith("/docs") else "ui"
        policy = self.policies[kind]

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"x-frame-options", b"content-security-policy")]
                headers += [(b"content-security-policy", policy), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
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
