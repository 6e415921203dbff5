"""The feedback store on a real PostgreSQL (a throwaway cluster from the Debian packages): the same behaviours as on
SQLite, plus a database restart mid-session — answers keep coming, ratings get a 503, then both work again."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import httpx
import pytest
from postgres_server import PostgresProcess, why_not
from sqlalchemy import update

from assistant.web.feedback import ANSWERS, FeedbackStore, FeedbackUnavailable
from assistant.web.server import background_server, create_app

# the backend-agnostic behaviours, run again here against the `store` fixture below
from test_feedback import (_answer, test_concurrent_writers, test_csv_cells_that_a_spreadsheet_would_run_are_neutralised,  # noqa: F401
                           test_export_csv_and_jsonl, test_log_and_rate_roundtrip, test_rate_rejects_bad_input,
                           test_rating_must_be_a_number_not_a_bool)

pytestmark = pytest.mark.skipif(why_not() is not None, reason=f"PostgreSQL: {why_not()}")
QUESTION = "新版4.7 的起吊重量要求是多少？"


@pytest.fixture(scope="module")
def postgres():
    folder = Path(tempfile.mkdtemp(prefix="assistant-pg-"))  # not under pytest's root-only temp dir: the server
    server = PostgresProcess(folder).init().start()          # runs as the postgres user
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def store(postgres, request):
    """A database of the test's own on the module's cluster."""
    import psycopg

    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    with psycopg.connect(postgres.url, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return FeedbackStore(postgres.url.rsplit("/", 1)[0] + "/" + name)


def test_the_url_gets_the_installed_driver_and_hides_the_password():
    s = FeedbackStore("postgresql://user:secret@127.0.0.1:1/none")
    assert s.url.drivername == "postgresql+psycopg" and "secret" not in s.where and s.path is None


def test_prune_on_postgres(store):
    old, new = store.log(_answer(), "api"), store.log(_answer(), "api")
    store.rate(old, 1)
    with store._engine.begin() as db:
        db.execute(update(ANSWERS).where(ANSWERS.c.id == old).values(ts=ANSWERS.c.ts - 40 * 86400))
    assert store.prune(30) == 1
    assert store.answer(old) is None and store.feedback(old) == [] and store.answer(new) is not None


def test_a_database_restart_mid_session(postgres, settings, assistant):
    with background_server(create_app(settings.model_copy(update={"feedback_url": postgres.url}),
                                      assistant=assistant, ui=False)) as url, \
            httpx.Client(base_url=url, timeout=60) as c:
        first = c.post("/api/ask", json={"question": QUESTION}).json()["id"]
        assert isinstance(first, int)
        postgres.stop()
        try:
            down = c.post("/api/ask", json={"question": QUESTION})
            assert down.status_code == 200 and down.json()["id"] is None  # the answer is never lost
            rating = c.post("/api/feedback", json={"id": first, "rating": 1})
            assert rating.status_code == 503 and "the database is down" in rating.json()["error"]
            health = c.get("/healthz").json()["feedback_log"]
            assert health["ok"] is False and health["unlogged_answers"] == 1 and "secret" not in str(health)
        finally:
            postgres.start()
        back = c.post("/api/ask", json={"question": QUESTION}).json()["id"]
        assert isinstance(back, int) and back > first
        assert c.post("/api/feedback", json={"id": back, "rating": -1}).status_code == 200
        assert c.get("/healthz").json()["feedback_log"]["ok"] is True


def test_without_a_database_the_store_says_so(tmp_path):
    with pytest.raises(FeedbackUnavailable, match="the database is down"):
        FeedbackStore("postgresql://nobody@127.0.0.1:9/none").rate(1, 1)
