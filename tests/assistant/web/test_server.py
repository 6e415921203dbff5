"""The HTTP edge against a real uvicorn server on 127.0.0.1: every endpoint, auth on/off, bad input → clear JSON."""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from assistant.web.serialize import answer_to_json
from assistant.web.server import background_server, create_app

QUESTION = "新版4.7 的起吊重量要求是多少？"
TOKEN = "test-token-123"
ORIGIN = "https://intranet.example.org"


@pytest.fixture(scope="module")
def base(settings, assistant, db_path):
    app = create_app(settings.model_copy(update={"allowed_origins": [ORIGIN]}), assistant=assistant,
                     feedback_db=db_path)
    with background_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def secured(settings, assistant, tmp_path_factory):
    locked = settings.model_copy(update={"api_token": TOKEN, "ui_username": "staff", "ui_password": "pw"})
    app = create_app(locked, assistant=assistant, feedback_db=tmp_path_factory.mktemp("secured") / "fb.sqlite3")
    with background_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


def _error(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert "Traceback" not in r.text
    message = r.json()["error"]
    assert isinstance(message, str) and len(message) > 10
    return message


def test_healthz_readyz_and_docs(client, assistant):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["index"] == assistant.index.info.id and health["feedback_log"]["ok"]
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200


def test_ask_matches_cli_contract_and_is_logged(client, assistant, db_path):
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    body = r.json()
    expected = answer_to_json(assistant.ask(QUESTION), id=body["id"])
    assert list(body) == list(expected)
    assert body["answer"] == expected["answer"] and body["citations"] == expected["citations"]
    assert "1000kg" in body["answer"] and body["citations"][0]["marker"] in body["answer"]
    with sqlite3.connect(db_path) as db:
        row = db.execute("SELECT question, source, mode FROM answers WHERE id = ?", (body["id"],)).fetchone()
    assert row == (QUESTION, "api", "extractive")


def test_ask_with_history_and_edition(client):
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "[新版 4.7 考核指标(2)]"}]
    r = client.post("/api/ask", json={"question": "研究内容呢？", "history": history, "edition": "新版"})
    assert r.status_code == 200, r.text
    assert "4.7" in r.json()["answer"]
    assert "unknown edition" in _error(client.post("/api/ask", json={"question": QUESTION, "edition": "1999"}), 400)


def test_directions(client):
    rows = client.get("/api/directions").json()
    assert {"edition", "document", "number", "title", "category", "domain"} <= set(rows[0])
    row = next(r for r in rows if r["edition"] == "新版" and r["number"] == "4.7")
    by_label = client.get("/api/directions/新版/4.7").json()
    assert client.get(row["url"]).json() == by_label
    assert by_label["title"] == row["title"] and "1000kg" in by_label["text"]
    metrics = next(s for s in by_label["sections"] if s["name"] == "考核指标")
    assert len(metrics["items"]) >= 2 and by_label["keywords"]
    assert '"start"' not in json.dumps(by_label) and '"end"' not in json.dumps(by_label)  # offsets only when asked
    full = client.get("/api/directions/新版/4.7", params={"offsets": "true"}).json()
    assert by_label["text"][full["sections"][0]["start"] - full["start"]:][:4] == full["sections"][0]["text"][:4]
    assert "no direction" in _error(client.get("/api/directions/新版/99.9"), 404)
    assert "unknown edition" in _error(client.get("/api/directions/nosuch/4.7"), 404)
    assert "no such endpoint" in _error(client.get("/api/nothing"), 404)


def test_feedback(client, db_path):
    answer_id = client.post("/api/ask", json={"question": QUESTION}).json()["id"]
    r = client.post("/api/feedback", json={"id": answer_id, "rating": -1, "comment": "想看完整指标"})
    assert r.status_code == 200 and r.json()["ok"] is True
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT rating, comment FROM feedback WHERE answer_id = ?", (answer_id,)).fetchall() == [
            (-1, "想看完整指标")]
    assert "no answer with id" in _error(client.post("/api/feedback", json={"id": 10**9, "rating": 1}), 404)
    assert "rating" in _error(client.post("/api/feedback", json={"id": answer_id, "rating": 5}), 422)


@pytest.mark.parametrize("payload, status, words", [
    ({"question": ""}, 400, "问题为空"),
    ({"question": " \n\t "}, 400, "问题为空"),
    ({"question": "a" * 100_000}, 400, "问题过长"),
    ({"question": "问" * 100_000}, 413, "too large"),
    ({}, 422, "'question' is required"),
    ({"question": 42}, 422, "valid string"),
    ({"question": QUESTION, "history": "earlier"}, 422, "'history'"),
    ({"question": QUESTION, "history": [{"role": "robot", "content": "x"}]}, 422, "history.0.role"),
    ({"question": QUESTION, "history": [{"role": "user"}]}, 422, "history.0.content"),
    ({"question": QUESTION, "extra": 1}, 422, "unknown field"),
])
def test_bad_questions(client, payload, status, words):
    assert words in _error(client.post("/api/ask", json=payload), status)


def test_bad_bodies(client):
    headers = {"content-type": "application/json"}
    assert "UTF-8" in _error(client.post("/api/ask", content=b'{"question": "\xff\xfe\x00\x81"}', headers=headers), 400)
    assert "not valid JSON" in _error(client.post("/api/ask", content=b"question=hi", headers=headers), 422)
    assert "too large" in _error(client.post("/api/ask", content=b"x" * 300_000, headers=headers), 413)

    def chunked():  # no Content-Length: the size is counted while reading
        for _ in range(40):
            yield b"x" * 10_000

    assert "too large" in _error(client.post("/api/ask", content=chunked(), headers=headers), 413)


def test_headers_allow_intranet_iframe_and_cors(client):
    for path in ("/", "/api/directions", "/healthz"):
        assert client.get(path).headers["content-security-policy"].endswith(f"; frame-ancestors 'self' {ORIGIN}")
    pre = client.options("/api/ask", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "authorization,content-type"})
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == ORIGIN
    r = client.get("/api/directions", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_sse_stream_over_httpx(client):
    payload = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
    with client.stream("POST", "/v1/chat/completions", json=payload) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line[len("data: "):] for line in r.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert "1000kg" in text and chunks[-1]["citations"][0]["marker"] in text


def test_token_required_when_configured(secured):
    with httpx.Client(base_url=secured, timeout=60) as c:
        assert c.get("/healthz").status_code == 200
        assert "Bearer" in _error(c.post("/api/ask", json={"question": QUESTION}), 401)
        assert _error(c.get("/api/directions", headers={"Authorization": "Bearer wrong"}), 401)
        assert c.get("/v1/models").status_code == 401
        ok = c.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["answerable"] is True
        assert c.get("/v1/models", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_ui_login_when_configured(secured, base):
    with httpx.Client(base_url=secured, timeout=60) as c:
        assert c.get("/config").status_code == 401
        assert c.post("/login", data={"username": "staff", "password": "nope"}).status_code >= 400
        assert c.post("/login", data={"username": "staff", "password": "pw"}).status_code == 200
        assert c.get("/config").status_code == 200
    assert httpx.get(base + "/config", timeout=60).status_code == 200


def test_source_view_marks_the_quote_and_escapes(assistant):
    from html import escape

    from assistant.web.source_view import citation_html

    docs = {d.edition.id: d for d in assistant.documents}
    for q in (QUESTION, "项目实施周期一般是几年？"):  # a direction citation and a preamble-rule citation
        c = assistant.ask(q).citations[0]
        html = citation_html(docs, assistant.index.directions, c)
        marked = html.split('<mark class="cited">')[1].split("</mark>")[0]
        assert marked == escape(c.quote)
    c = assistant.ask(QUESTION).citations[0].model_copy(update={"marker": "<script>x</script>"})
    assert "<script>" not in citation_html(docs, assistant.index.directions, c)


RAW = {"content-type": "application/json"}


@pytest.mark.parametrize("path, body, status, words", [
    ("/api/ask", rb'{"question": "\ud800"}', 400, "surrogate"),
    ("/api/ask", rb'{"question": "\u65b0\u7248 4.7 \udfff?"}', 400, "surrogate"),
    ("/api/ask", rb'{"question": "ok", "history": [{"role": "user", "content": "\ud800"}]}', 400, "turn 1"),
    ("/api/ask", rb'{"question": "ok", "\ud800": 1}', 422, "invalid request"),
    ("/api/ask", rb'{"question": "ok", "edition": "\ud800"}', 400, "unknown edition"),
    ("/v1/chat/completions", rb'{"messages": [{"role": "user", "content": "\ud800"}]}', 400, "surrogate"),
    ("/v1/chat/completions", rb'{"messages": [{"role": "assistant", "content": "\ud800"}, '
                             rb'{"role": "user", "content": "ok?"}]}', 400, "turn 1"),
    ("/api/feedback", b'{"id": 9223372036854775808, "rating": 1}', 422, "less than or equal"),
    ("/api/feedback", b'{"id": 99999999999999999999999, "rating": 1}', 422, "'id'"),
    ("/api/feedback", b'{"id": true, "rating": 1}', 422, "'id'"),
    ("/api/feedback", b'{"id": 1, "rating": true}', 422, "not true/false"),
    ("/api/feedback", b'{"id": "01", "rating": 1}', 422, "'id'"),
    ("/api/feedback", b'{"id": "1e3", "rating": 1}', 422, "'id'"),
    ("/api/feedback", b'{"id": "99999999999999999999999", "rating": 1}', 422, "less than or equal"),
    ("/api/feedback", b'{"id": 0, "rating": 1}', 422, "'id'"),
])
def test_input_edges_get_a_4xx_that_says_why(client, path, body, status, words):
    r = client.post(path, content=body, headers=RAW)
    message = r.json()["error"] if path.startswith("/api/") else r.json()["error"]["message"]
    assert r.status_code == status and words in message, r.text


def test_history_limits(client, settings):
    turn = {"role": "user", "content": "x" * (settings.max_history_turn_chars + 1)}
    assert "过长" in _error(client.post("/api/ask", json={"question": QUESTION, "history": [turn]}), 400)
    many = [{"role": "user", "content": "深海"}] * (settings.max_history_turns * 3)
    assert client.post("/api/ask", json={"question": QUESTION, "history": many}).status_code == 200


def test_a_wrong_method_or_content_type_says_what_to_send(client):
    r = client.get("/api/ask")
    assert "takes POST" in _error(r, 405) and r.headers["allow"] == "POST"
    body = json.dumps({"question": QUESTION}, ensure_ascii=False).encode()
    r = client.post("/api/ask", content=body, headers={"Content-Type": "text/plain"})
    assert "Content-Type: application/json" in _error(r, 415)
