"""/metrics over loopback: requests by route template, latency, answers, refusals, unlogged answers, the index build."""

from __future__ import annotations

import re
import shutil

import httpx
import pytest

from assistant.web.server import background_server, create_app
from index.build import build_index

QUESTION = "新版4.7 的起吊重量要求是多少？"
OUT_OF_SCOPE = "今天北京的天气怎么样？"


@pytest.fixture
def private(tmp_path, settings, built_index, assistant):
    shutil.copytree(settings.index_dir / "cache", tmp_path / "index" / "cache")
    s = settings.model_copy(update={"data_dir": tmp_path, "api_token": "secret"})
    build_index(s, embedder=assistant.index.embedder, progress=False)
    return s


def _value(text: str, name: str, **labels: str) -> float:
    """One sample of the exposition; 0 when the series does not exist yet."""
    for line in text.splitlines():
        m = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if m and all(f'{k}="{v}"' in (m.group(1) or "") for k, v in labels.items()):
            return float(m.group(2))
    return 0.0


def test_requests_answers_refusals_and_the_index_are_counted(private, assistant):
    auth = {"Authorization": "Bearer secret"}
    with background_server(create_app(private, assistant=assistant, ui=False)) as url, \
            httpx.Client(base_url=url, timeout=60) as c:
        assert c.post("/api/ask", json={"question": QUESTION}, headers=auth).status_code == 200
        assert c.post("/api/ask", json={"question": OUT_OF_SCOPE}, headers=auth).json()["answerable"] is False
        assert c.get("/api/directions/2022/3.2", headers=auth).status_code == 200
        assert c.get("/api/directions/2022/3.2").status_code == 401  # refused by the guard, counted all the same
        scrape = c.get("/metrics")  # no token: like the probes
        assert scrape.status_code == 200 and scrape.headers["content-type"].startswith("text/plain")
        text = scrape.text
        assert _value(text, "assistant_http_requests_total", route="/api/ask", status="200") == 2
        # by route template: ids in paths never become series of their own
        assert _value(text, "assistant_http_requests_total", route="/api/directions/{edition}/{number}",
                      status="200") == 1
        assert "2022/3.2" not in text
        assert _value(text, "assistant_http_requests_total", route="other", status="401") == 1
        assert _value(text, "assistant_http_request_duration_seconds_count", route="/api/ask") == 2
        assert _value(text, "assistant_answers_total", source="api", mode="extractive") == 2
        assert _value(text, "assistant_refusals_total", source="api") == 1
        assert _value(text, "assistant_index_build", build=assistant.index.info.id) == 1


def test_the_index_gauge_follows_a_rebuild(private, assistant):
    with background_server(create_app(private, ui=False)) as url, httpx.Client(base_url=url, timeout=60) as c:
        first = c.get("/healthz").json()["index"]
        second = build_index(private, embedder=assistant.index.embedder, progress=False, force=True).id
        text = c.get("/metrics").text
        assert _value(text, "assistant_index_build", build=second) == 1
        assert _value(text, "assistant_index_build", build=first) == 0


def test_answers_the_log_could_not_store_are_counted(private, assistant, tmp_path):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the database folder should be")
    app = create_app(private, assistant=assistant, feedback_db=blocked / "feedback.sqlite3", ui=False)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        answer = c.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer secret"})
        assert answer.status_code == 200 and answer.json()["id"] is None
        assert _value(c.get("/metrics").text, "assistant_unlogged_answers_total") == 1
