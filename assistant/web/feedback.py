"""`FeedbackStore`: every answered question and every 👍/👎 in one database, exportable for staff review.

Through SQLAlchemy: a SQLite file by default (WAL mode, so the UI, the API, worker processes and an export can
read/write at once; a connection per call, so a data dir can be remounted read-only under a running server;
synchronous=NORMAL, so a commit is not an fsync that every worker queues behind: an application crash loses no
answer, a power cut may lose the last few logged, and neither corrupts the file), or `ASSISTANT_FEEDBACK_URL=postgresql://…` for servers on more than one
machine (a connection pool that checks a connection before using it, so a restarted database is picked up again).
Only question/answer text is stored — never headers or tokens — and with `store_text=False` not even that.

The log is a side effect of answering: a full disk or a read-only data dir must never fail an answer. `log` then
returns None, counts the failure and warns once per outage; `rate` raises FeedbackUnavailable (HTTP 503) with why.
"""

from __future__ import annotations

import csv
import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from sqlalchemy import (BigInteger, CheckConstraint, Column, Connection, Float, ForeignKey, Index, Integer, MetaData,
                        SmallInteger, Table, Text, create_engine, delete, event, insert, select, text)
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from assistant.core.errors import AssistantError, ConfigError
from assistant.core.types import Answer

log = logging.getLogger(__name__)
Source = Literal["ui", "api", "openai"]
Review = Literal["any", "down", "refused"]
_REVIEW = {"any": "(f.rating = -1 OR a.answerable = 0)", "down": "f.rating = -1", "refused": "a.answerable = 0"}
EXPORT_COLUMNS = ("id", "ts", "source", "question", "answer", "mode", "answerable", "latency_ms", "citations",
                  "rating", "comment", "rated_ts")

# ids as in SQLite's rowid (a signed 64-bit integer), which is what /api/feedback accepts
_ID = BigInteger().with_variant(Integer, "sqlite")
_META = MetaData()
ANSWERS = Table(
    "answers", _META,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("ts", Float, nullable=False),
    Column("source", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),  # JSON list, same shape as /api/ask citations
    Column("mode", Text, nullable=False),
    Column("answerable", Integer, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Index("answers_ts", "ts"),
    sqlite_autoincrement=True,  # ids are never reused after a prune
)
FEEDBACK = Table(
    "feedback", _META,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("answer_id", _ID, ForeignKey("answers.id"), nullable=False),
    Column("rating", SmallInteger, CheckConstraint("rating IN (-1, 1)"), nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("ts", Float, nullable=False),
    Index("feedback_answer", "answer_id"),
    sqlite_autoincrement=True,
)
MAX_COMMENT_CHARS = 4000
DAY_S = 86_400
# a spreadsheet runs a cell that starts with one of these as a formula (CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnknownAnswer(AssistantError):
    """Feedback refers to an answer id that was never logged."""


class FeedbackUnavailable(AssistantError):
    """The feedback database cannot be written (disk full, read-only data dir)."""


def database_url(target: Path | str) -> URL:
    """A file path is a SQLite file; postgresql:// gets the psycopg (3) driver, the one the `postgres` extra has."""
    raw = str(target)
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw)))
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError("ASSISTANT_FEEDBACK_URL is not a database URL: use sqlite:///path/to/feedback.sqlite3 "
                          "or postgresql://user:password@host:5432/db") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 10, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI objects
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    return engine


class FeedbackStore:
    def __init__(self, path: Path | str, retention_days: int = 0, store_text: bool = True) -> None:
        """`path`: a SQLite file, or a database URL (ASSISTANT_FEEDBACK_URL)."""
        self.url = database_url(path)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self.path = Path(self.url.database) if self.sqlite else None  # the SQLite file
        self.where = str(self.path) if self.sqlite else self.url.render_as_string(hide_password=True)
        self._engine = _engine(self.url)
        self.retention_days = retention_days
        self.store_text = store_text
        self.failures = 0  # answers served but not logged
        self.problem: str | None = None  # why the last write failed; None while writes work
        self._ready = False
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        try:
            self._ensure_schema()
        except (SQLAlchemyError, OSError) as e:
            self._failed(e)

    def _ensure_schema(self) -> None:
        if self._ready:
            return
        if self.sqlite:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._engine.connect() as db:
                db.exec_driver_sql("PRAGMA journal_mode=WAL")
        with self._connect() as db:
            _META.create_all(db, checkfirst=True)
        self._ready = True

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        with self._engine.begin() as db:  # commit on success, roll back on error
            yield db

    def _failed(self, e: Exception) -> None:
        reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]  # the driver's words, not SQLAlchemy's
        with self._lock:
            first = self.problem is None
            self.problem = f"{self.where}: {reason}"
        if first:  # once per outage: a full disk would otherwise log on every answer
            log.warning("feedback log not writable (%s): answers are served but not logged", self.problem)

    def _recovered(self) -> None:
        if self.problem is not None:
            with self._lock:
                self.problem = None
            log.warning("feedback log writable again: %s", self.where)

    # ------------------------------------------------------------------ writing
    def log(self, answer: Answer, source: Source) -> int | None:
        """Store one answered question; returns the id clients send back with their rating, or None if it failed."""
        citations = [c.model_dump() for c in answer.citations]
        question, text = (answer.question, answer.answer) if self.store_text else ("", "")
        try:
            self._ensure_schema()
            with self._connect() as db:
                answer_id = int(db.execute(insert(ANSWERS).values(
                    ts=time.time(), source=source, question=question, answer=text,
                    citations=json.dumps(citations, ensure_ascii=False), mode=answer.mode,
                    answerable=int(answer.answerable), latency_ms=float(answer.latency_ms),
                )).inserted_primary_key[0])
            self._prune_daily()
        except (SQLAlchemyError, OSError) as e:
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
                if db.execute(select(ANSWERS.c.id).where(ANSWERS.c.id == answer_id)).first() is None:
                    raise UnknownAnswer(f"no answer with id {answer_id}: send the \"id\" returned by /api/ask")
                feedback_id = int(db.execute(insert(FEEDBACK).values(
                    answer_id=answer_id, rating=rating, comment=comment, ts=time.time())).inserted_primary_key[0])
        except (SQLAlchemyError, OSError) as e:
            self._failed(e)
            where = "the server's data directory is full or read-only" if self.sqlite else "the database is down"
            raise FeedbackUnavailable(f"feedback cannot be stored right now ({self.problem}): {where}; please "
                                      "retry later or tell the administrator") from None
        self._recovered()
        return feedback_id

    def prune(self, days: int) -> int:
        """Delete answers older than `days` days with their ratings; returns how many answers went."""
        cutoff = time.time() - days * DAY_S
        try:
            with self._connect() as db:
                old = select(ANSWERS.c.id).where(ANSWERS.c.ts < cutoff)
                db.execute(delete(FEEDBACK).where(FEEDBACK.c.answer_id.in_(old)))
                return db.execute(delete(ANSWERS).where(ANSWERS.c.ts < cutoff)).rowcount
        except (SQLAlchemyError, OSError) as e:
            raise FeedbackUnavailable(f"cannot prune the feedback log {self.where}: {e}") from None

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
            row = db.execute(select(ANSWERS).where(ANSWERS.c.id == answer_id)).mappings().first()
        return dict(row) if row else None

    def feedback(self, answer_id: int | None = None) -> list[dict]:
        query = select(FEEDBACK).order_by(FEEDBACK.c.id)
        if answer_id is not None:
            query = query.where(FEEDBACK.c.answer_id == answer_id)
        with self._connect() as db:
            return [dict(r) for r in db.execute(query).mappings()]

    def rows(self, since: float | None = None, until: float | None = None, rated_only: bool = False,
             review: Review | None = None, newest_first: bool = False, limit: int | None = None) -> Iterator[dict]:
        """One row per answer, joined with its latest rating (answers without feedback keep empty rating fields).

        since/until: Unix times, answers logged in [since, until). review: only answers whose latest rating is 👎
        ("down"), that were not answered ("refused"), or either ("any"): the help desk's list."""
        where, args = ["1 = 1"], {}
        if since is not None:
            where.append("a.ts >= :since")
            args["since"] = since
        if until is not None:
            where.append("a.ts < :until")
            args["until"] = until
        if rated_only:
            where.append("f.rating IS NOT NULL")
        if review is not None:
            where.append(_REVIEW[review])
        if limit:
            args["limit"] = limit
        query = text("SELECT a.*, f.rating, f.comment, f.ts AS rated_ts FROM answers a LEFT JOIN feedback f "
                     "ON f.id = (SELECT MAX(id) FROM feedback WHERE answer_id = a.id) WHERE " + " AND ".join(where)
                     + " ORDER BY a.id" + (" DESC" if newest_first else "") + (" LIMIT :limit" if limit else ""))
        with self._connect() as db:
            for row in db.execute(query, args).mappings():
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
