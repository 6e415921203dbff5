"""`FeedbackStore`: every answered question and every 👍/👎 in one SQLite file, exportable for staff review.

WAL mode so the UI, the API and an export can read/write at once; a connection per call keeps it thread-safe
(uvicorn and Gradio run handlers on worker threads). Only question/answer text is stored — never headers or tokens —
and with `store_text=False` not even that.

The log is a side effect of answering: a full disk or a read-only data dir must never fail an answer. `log` then
returns None, counts the failure and warns once per outage; `rate` raises FeedbackUnavailable (HTTP 503) with why.
"""

from __future__ import annotations

import csv
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from assistant.core.errors import AssistantError
from assistant.core.types import Answer

log = logging.getLogger(__name__)
Source = Literal["ui", "api", "openai"]
Review = Literal["any", "down", "refused"]
_REVIEW = {"any": "(f.rating = -1 OR a.answerable = 0)", "down": "f.rating = -1", "refused": "a.answerable = 0"}
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
CREATE INDEX IF NOT EXISTS answers_ts ON answers(ts);
"""
MAX_COMMENT_CHARS = 4000
DAY_S = 86_400
# a spreadsheet runs a cell that starts with one of these as a formula (CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnknownAnswer(AssistantError):
    """Feedback refers to an answer id that was never logged."""


class FeedbackUnavailable(AssistantError):
    """The feedback database cannot be written (disk full, read-only data dir)."""


class FeedbackStore:
    def __init__(self, path: Path | str, retention_days: int = 0, store_text: bool = True) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self.store_text = store_text
        self.failures = 0  # answers served but not logged
        self.problem: str | None = None  # why the last write failed; None while writes work
        self._ready = False
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        try:
            self._ensure_schema()
        except (sqlite3.Error, OSError) as e:
            self._failed(e)

    def _ensure_schema(self) -> None:
        if self._ready:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
        self._ready = True

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:  # commit on success, roll back on error
                yield db
        finally:
            db.close()

    def _failed(self, e: Exception) -> None:
        with self._lock:
            first = self.problem is None
            self.problem = f"{self.path}: {e}"
        if first:  # once per outage: a full disk would otherwise log on every answer
            log.warning("feedback log not writable (%s): answers are served but not logged", self.problem)

    def _recovered(self) -> None:
        if self.problem is not None:
            with self._lock:
                self.problem = None
            log.warning("feedback log writable again: %s", self.path)

    # ------------------------------------------------------------------ writing
    def log(self, answer: Answer, source: Source) -> int | None:
        """Store one answered question; returns the id clients send back with their rating, or None if it failed."""
        citations = [c.model_dump() for c in answer.citations]
        question, text = (answer.question, answer.answer) if self.store_text else ("", "")
        try:
            self._ensure_schema()
            with self._connect() as db:
                cur = db.execute(
                    "INSERT INTO answers (ts, source, question, answer, citations, mode, answerable, latency_ms) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (time.time(), source, question, text, json.dumps(citations, ensure_ascii=False),
                     answer.mode, int(answer.answerable), float(answer.latency_ms)),
                )
                answer_id = int(cur.lastrowid)
            self._prune_daily()
        except (sqlite3.Error, OSError) as e:
            with self._lock:
                self.failures += 1
            self._failed(e)
            return None
        self._recovered()
        return answer_id

    def rate(self, answer_id: int, rating: int, comment: str = "") -> int:
        """Store a 👍 (+1) or 👎 (-1) with an optional comment; returns the feedback row id."""
        if rating not in (1, -1) or isinstance(rating, bool):
            raise ValueError("rating must be 1 (👍) or -1 (👎)")
        comment = (comment or "").strip()[:MAX_COMMENT_CHARS]
        try:
            self._ensure_schema()
            with self._connect() as db:
                if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                    raise UnknownAnswer(f"no answer with id {answer_id}: send the \"id\" returned by /api/ask")
                cur = db.execute("INSERT INTO feedback (answer_id, rating, comment, ts) VALUES (?, ?, ?, ?)",
                                 (answer_id, rating, comment, time.time()))
                feedback_id = int(cur.lastrowid)
        except (sqlite3.Error, OSError) as e:
            self._failed(e)
            raise FeedbackUnavailable(f"feedback cannot be stored right now ({e}): the server's data directory is "
                                      "full or read-only; please retry later or tell the administrator") from None
        self._recovered()
        return feedback_id

    def prune(self, days: int) -> int:
        """Delete answers older than `days` days with their ratings; returns how many answers went."""
        cutoff = time.time() - days * DAY_S
        try:
            with self._connect() as db:
                old = "SELECT id FROM answers WHERE ts < ?"
                db.execute(f"DELETE FROM feedback WHERE answer_id IN ({old})", (cutoff,))
                return db.execute("DELETE FROM answers WHERE ts < ?", (cutoff,)).rowcount
        except (sqlite3.Error, OSError) as e:
            raise FeedbackUnavailable(f"cannot prune the feedback log {self.path}: {e}") from None

    def _prune_daily(self) -> None:
        if not self.retention_days or time.time() - self._pruned_at < DAY_S:
            return
        self._pruned_at = time.time()
        removed = self.prune(self.retention_days)
        if removed:
            log.info("feedback log: removed %d answers older than %d days", removed, self.retention_days)

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

    def rows(self, since: float | None = None, until: float | None = None, rated_only: bool = False,
             review: Review | None = None, newest_first: bool = False, limit: int | None = None) -> Iterator[dict]:
        """One row per answer, joined with its latest rating (answers without feedback keep empty rating fields).

        since/until: Unix times, answers logged in [since, until). review: only answers whose latest rating is 👎
        ("down"), that were not answered ("refused"), or either ("any"): the help desk's list."""
        where, args = ["1"], []
        if since is not None:
            where.append("a.ts >= ?")
            args.append(since)
        if until is not None:
            where.append("a.ts < ?")
            args.append(until)
        if rated_only:
            where.append("f.rating IS NOT NULL")
        if review is not None:
            where.append(_REVIEW[review])
        query = ("SELECT a.*, f.rating, f.comment, f.ts AS rated_ts FROM answers a LEFT JOIN feedback f "
                 "ON f.id = (SELECT MAX(id) FROM feedback WHERE answer_id = a.id) WHERE " + " AND ".join(where)
                 + " ORDER BY a.id" + (" DESC" if newest_first else "") + (" LIMIT ?" if limit else ""))
        with self._connect() as db:
            for row in db.execute(query, [*args, *([limit] if limit else [])]):
                out = dict(row)
                out["citations"] = json.loads(out["citations"])
                out["answerable"] = bool(out["answerable"])
                yield {k: out.get(k) for k in EXPORT_COLUMNS}

    def counts(self, since: float | None = None, until: float | None = None) -> dict[str, int]:
        """How many answers were logged in [since, until), how many of them are rated 👎 (latest rating), refused."""
        down = refused = answers = 0
        for row in self.rows(since, until):
            answers += 1
            down += row["rating"] == -1
            refused += not row["answerable"]
        return {"answers": answers, "down": down, "refused": refused}

    def export(self, fileobj: IO[str], fmt: str = "csv", rated_only: bool = False, since: float | None = None,
               until: float | None = None, review: Review | None = None) -> int:
        """Write logged answers (with their latest rating) as CSV or JSON lines; returns the row count.

        Times are ISO-8601 in the server's local time zone. CSV starts with a UTF-8 byte-order mark, which Excel
        needs to read it as UTF-8 rather than the system code page."""
        if fmt not in ("csv", "jsonl"):
            raise ValueError('format must be "csv" or "jsonl"')
        n = 0
        writer = csv.DictWriter(fileobj, fieldnames=EXPORT_COLUMNS) if fmt == "csv" else None
        if writer:
            fileobj.write("\ufeff")
            writer.writeheader()
        for row in self.rows(since, until, rated_only=rated_only, review=review):
            row = {**row, "ts": local_iso(row["ts"]), "rated_ts": local_iso(row["rated_ts"])}
            if writer:
                cells = {**row, "citations": json.dumps(row["citations"], ensure_ascii=False)}
                writer.writerow({k: _inert(v) for k, v in cells.items()})
            else:
                fileobj.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n


def local_iso(ts: float | None) -> str | None:
    """A Unix time as ISO-8601 in the local time zone, e.g. 2026-11-30T14:05:09+08:00."""
    return None if ts is None else datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def _inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value
