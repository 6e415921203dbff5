"""`FeedbackStore`: every answered question and every 👍/👎 in one SQLite file, exportable for staff review.

WAL mode so the UI, the API and an export can read/write at once; a connection per call keeps it thread-safe
(uvicorn and Gradio run handlers on worker threads). Only question/answer text is stored — never headers or tokens.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Literal

from assistant.core.errors import AssistantError
from assistant.core.types import Answer

Source = Literal["ui", "api", "openai"]
EXPORT_COLUMNS = ("id", "ts", "source", "question", "answer", "mode", "answerable", "latency_ms", "citations",
                  "rating", "comment", "rated_ts")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    source TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,          -- JSON list, same shape as /api/ask citations
    mode TEXT NOT NULL,
    answerable INTEGER NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    ts REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
"""
MAX_COMMENT_CHARS = 4000


class UnknownAnswer(AssistantError):
    """Feedback refers to an answer id that was never logged."""


class FeedbackStore:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:  # commit on success, roll back on error
                yield db
        finally:
            db.close()

    # ------------------------------------------------------------------ writing
    def log(self, answer: Answer, source: Source) -> int:
        """Store one answered question; returns the id clients send back with their rating."""
        citations = [c.model_dump() for c in answer.citations]
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO answers (ts, source, question, answer, citations, mode, answerable, latency_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), source, answer.question, answer.answer, json.dumps(citations, ensure_ascii=False),
                 answer.mode, int(answer.answerable), float(answer.latency_ms)),
            )
            return int(cur.lastrowid)

    def rate(self, answer_id: int, rating: int, comment: str = "") -> int:
        """Store a 👍 (+1) or 👎 (-1) with an optional comment; returns the feedback row id."""
        if rating not in (1, -1):
            raise ValueError("rating must be 1 (👍) or -1 (👎)")
        comment = (comment or "").strip()[:MAX_COMMENT_CHARS]
        with self._connect() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                raise UnknownAnswer(f"no answer with id {answer_id}: send the \"id\" returned by /api/ask")
            cur = db.execute("INSERT INTO feedback (answer_id, rating, comment, ts) VALUES (?, ?, ?, ?)",
                             (answer_id, rating, comment, time.time()))
            return int(cur.lastrowid)

    # ------------------------------------------------------------------ reading
    def answer(self, answer_id: int) -> dict | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM answers WHERE id = ?", (answer_id,)).fetchone()
        return dict(row) if row else None

    def feedback(self, answer_id: int | None = None) -> list[dict]:
        query, args = "SELECT * FROM feedback", ()
        if answer_id is not None:
            query, args = query + " WHERE answer_id = ?", (answer_id,)
        with self._connect() as db:
            return [dict(r) for r in db.execute(query + " ORDER BY id", args)]

    def rows(self) -> Iterator[dict]:
        """One row per answer, joined with its latest rating (answers without feedback keep empty rating fields)."""
        with self._connect() as db:
            cur = db.execute(
                "SELECT a.*, f.rating, f.comment, f.ts AS rated_ts FROM answers a LEFT JOIN feedback f "
                "ON f.id = (SELECT MAX(id) FROM feedback WHERE answer_id = a.id) ORDER BY a.id")
            for row in cur:
                out = dict(row)
                out["citations"] = json.loads(out["citations"])
                out["answerable"] = bool(out["answerable"])
                yield {k: out.get(k) for k in EXPORT_COLUMNS}

    def export(self, fileobj: IO[str], fmt: str = "csv") -> int:
        """Write every logged answer (with its latest rating) as CSV or JSON lines; returns the row count."""
        if fmt not in ("csv", "jsonl"):
            raise ValueError('format must be "csv" or "jsonl"')
        n = 0
        writer = csv.DictWriter(fileobj, fieldnames=EXPORT_COLUMNS) if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for row in self.rows():
            if writer:
                writer.writerow({**row, "citations": json.dumps(row["citations"], ensure_ascii=False)})
            else:
                fileobj.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
