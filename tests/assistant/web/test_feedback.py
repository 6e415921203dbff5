"""FeedbackStore: logging, rating, export, WAL mode, concurrent writers."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import time
from datetime import datetime

import pytest

from assistant.web.feedback import FeedbackStore, FeedbackUnavailable, UnknownAnswer
from assistant.core.types import Answer, Citation


def _answer(question: str = "新版4.7 的起吊重量要求是多少？") -> Answer:
    cite = Citation(edition="新版", document="joint-rd-draft", direction="4.7", title="组塔", section="考核指标", item=2,
                    quote="起吊重量不低于 1000kg", start=10, end=25, marker="[新版 4.7 考核指标(2)]")
    return Answer(question=question, answer="起吊重量不低于 1000kg [新版 4.7 考核指标(2)]", answerable=True,
                  citations=[cite], mode="extractive", latency_ms=3.5)


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "sub" / "fb.sqlite3")


def test_log_and_rate_roundtrip(store):
    answer_id = store.log(_answer(), "api")
    row = store.answer(answer_id)
    assert row["question"] == "新版4.7 的起吊重量要求是多少？" and row["source"] == "api"
    assert json.loads(row["citations"])[0]["marker"] == "[新版 4.7 考核指标(2)]"
    assert row["mode"] == "extractive" and row["answerable"] == 1 and row["latency_ms"] == 3.5
    store.rate(answer_id, 1, "  很准确  ")
    store.rate(answer_id, -1, "")
    ratings = store.feedback(answer_id)
    assert [(f["rating"], f["comment"]) for f in ratings] == [(1, "很准确"), (-1, "")]


def test_wal_mode_without_a_sync_per_answer(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store._connect() as db:  # 1 = NORMAL: WAL commits are not fsynced one by one (workers share the file)
        assert db.exec_driver_sql("PRAGMA synchronous").scalar() == 1


def test_rate_rejects_bad_input(store):
    with pytest.raises(UnknownAnswer, match="no answer with id 42"):
        store.rate(42, 1)
    answer_id = store.log(_answer(), "ui")
    with pytest.raises(ValueError, match="rating must be"):
        store.rate(answer_id, 5)


def test_export_csv_and_jsonl(store):
    first = store.log(_answer(), "ui")
    store.log(_answer("项目实施周期一般是几年？"), "openai")
    store.rate(first, -1, "缺少指标")
    buf = io.StringIO()
    assert store.export(buf, "csv") == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["rating"] == "-1" and rows[0]["comment"] == "缺少指标" and rows[1]["rating"] == ""
    assert json.loads(rows[0]["citations"])[0]["quote"] == "起吊重量不低于 1000kg"
    buf = io.StringIO()
    assert store.export(buf, "jsonl") == 2
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert lines[1]["source"] == "openai" and lines[1]["answerable"] is True and lines[1]["rating"] is None
    with pytest.raises(ValueError):
        store.export(io.StringIO(), "xml")


def test_concurrent_writers(store):
    def work():
        for _ in range(20):
            store.rate(store.log(_answer(), "api"), 1)

    threads = [threading.Thread(target=work) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.export(io.StringIO(), "jsonl") == 100
    assert len(store.feedback()) == 100


def test_a_log_that_cannot_be_written_never_fails_the_answer(tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # the database would live under a file: no directory can be made there
    with caplog.at_level("WARNING", logger="assistant.web.feedback"):
        store = FeedbackStore(blocker / "fb.sqlite3")
        assert store.log(_answer(), "api") is None and store.log(_answer(), "ui") is None
    assert store.failures == 2 and "fb.sqlite3" in store.problem
    assert len(caplog.records) == 1 and "answers are served but not logged" in caplog.records[0].getMessage()
    with pytest.raises(FeedbackUnavailable, match="retry later"):
        store.rate(1, 1)
    blocker.unlink()  # the disk is back: the next answer is logged again
    answer_id = store.log(_answer(), "api")
    assert isinstance(answer_id, int) and store.problem is None and store.rate(answer_id, 1) >= 1


def test_rating_must_be_a_number_not_a_bool(store):
    answer_id = store.log(_answer(), "api")
    with pytest.raises(ValueError, match="rating must be"):
        store.rate(answer_id, True)


def test_prune_removes_old_answers_with_their_ratings(store):
    old, new = store.log(_answer(), "api"), store.log(_answer(), "api")
    store.rate(old, 1)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE answers SET ts = ts - 40 * 86400 WHERE id = ?", (old,))
    assert store.prune(30) == 1
    assert store.answer(old) is None and store.feedback(old) == [] and store.answer(new) is not None


def test_retention_is_applied_when_logging(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3", retention_days=30)
    old = store.log(_answer(), "api")
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE answers SET ts = ts - 40 * 86400 WHERE id = ?", (old,))
    FeedbackStore(store.path, retention_days=30).log(_answer(), "api")  # a new server prunes at its first answer
    assert store.answer(old) is None


def test_text_is_not_stored_when_switched_off(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3", store_text=False)
    row = store.answer(store.log(_answer(), "api"))
    assert row["question"] == "" and row["answer"] == "" and row["mode"] == "extractive"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(store):
    answer_id = store.log(_answer('=HYPERLINK("http://evil.example","x")'), "api")
    store.rate(answer_id, -1, "@SUM(A1)")
    store.log(_answer("-1+1"), "api")
    buf = io.StringIO()
    store.export(buf, "csv")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["question"].startswith("'=HYPERLINK") and rows[0]["comment"] == "'@SUM(A1)"
    assert rows[1]["question"] == "'-1+1" and rows[0]["rating"] == "-1"  # numbers stay numbers
    buf = io.StringIO()
    store.export(buf, "jsonl")
    assert json.loads(buf.getvalue().splitlines()[0])["question"].startswith("=HYPERLINK")  # JSON is data, untouched


def test_export_for_excel_local_iso_times_and_rated_only(store):
    rated = store.log(_answer(), "ui")
    store.log(_answer("项目实施周期一般是几年？"), "api")
    store.rate(rated, 1, "好")
    buf = io.StringIO()
    assert store.export(buf, "csv", rated_only=True) == 1
    text = buf.getvalue()
    assert text.startswith("\ufeffid,ts,")  # the byte-order mark Excel needs to read UTF-8
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    stamp = datetime.fromisoformat(row["ts"])
    assert stamp.tzinfo is not None and abs(stamp.timestamp() - time.time()) < 60
    assert stamp.utcoffset() == datetime.now().astimezone().utcoffset() and row["rated_ts"] >= row["ts"]
    buf = io.StringIO()
    assert store.export(buf, "jsonl") == 2
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert lines[1]["rated_ts"] is None and datetime.fromisoformat(lines[1]["ts"]).tzinfo is not None


def test_the_review_list_and_counts(store):
    liked, disliked, refused, plain = (store.log(_answer(q), "ui") for q in ("a?", "b?", "c?", "d?"))
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE answers SET answerable = 0 WHERE id = ?", (refused,))
        db.execute("UPDATE answers SET ts = ts - 86400 * 10 WHERE id = ?", (plain,))  # ten days ago
    store.rate(liked, 1)
    store.rate(disliked, 1)
    store.rate(disliked, -1, "缺单位")  # the latest rating counts
    review = list(store.rows(review="any", newest_first=True))
    assert [r["id"] for r in review] == [refused, disliked] and review[1]["comment"] == "缺单位"
    assert [r["id"] for r in store.rows(review="down")] == [disliked]
    assert [r["id"] for r in store.rows(review="refused")] == [refused]
    assert store.counts() == {"answers": 4, "down": 1, "refused": 1}
    week_ago = time.time() - 7 * 86400
    assert [r["id"] for r in store.rows(since=week_ago)] == [liked, disliked, refused]
    assert [r["id"] for r in store.rows(until=week_ago)] == [plain]
    assert [r["id"] for r in store.rows(newest_first=True, limit=2)] == [plain, refused]
