"""The vector store: Chroma, cosine space, vectors precomputed by our Embedder.

Two places a build's vectors can live, behind one `VectorStore`:
- embedded (default): a Chroma persistent store inside the build folder, one collection per embedder;
- a Chroma server (`ASSISTANT_CHROMA_URL`): one collection per build (named by index/build.py).
Either way a reader only opens a collection that is complete: the build folder that names it is written after it
(and CURRENT switched after that), so switching builds is as atomic as the os.replace of CURRENT.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.core.errors import IndexNotReady
from assistant.core.types import Chunk
from index.embed import Embedder

_PAGE = 2000  # rows per read when hashing a store: bounds memory at 100× the corpus
# HNSW search is approximate: with 100 copies of every text (bench/scale.py) 100 of 77,000 vectors did not find
# themselves, every one of the 770 at 1× did; a damaged index misses most of them
_PROBE_MISSES = 0.01


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Always passed to Chroma: without it Chroma falls back to a default model that downloads at first use."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._embedder.embed_query(t) for t in input]

    @staticmethod
    def name() -> str:
        return "shenbao-assistant"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self._embedder.name, "spec": self._embedder.spec}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(_LazyEmbedder(config["spec"], config["embedder"]))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


class _LazyEmbedder:
    """What Chroma rebuilds from a stored config: the model loads only if Chroma ever embeds with it."""

    def __init__(self, spec: str, name: str) -> None:
        self.spec, self.name = spec, name
        self._model: Embedder | None = None

    def _get(self) -> Embedder:
        if self._model is None:
            from index.embed import make_embedder

            self._model = make_embedder(self.spec)
        return self._model

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._get().embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._get().embed_query(text)


def lazy_embedder(name: str) -> Embedder:
    """Names the collection of an embedder without loading its model (for verifying a store)."""
    return _LazyEmbedder("", name)  # type: ignore[return-value]


def collection_name(embedder_name: str) -> str:
    return "chunks-" + re.sub(r"[^A-Za-z0-9._-]", "-", embedder_name)[:50]


@dataclass(frozen=True)
class ChromaServer:
    """A Chroma server (`chroma run`, the chromadb/chroma image); `token` is sent as a bearer token."""

    url: str
    token: str | None = None

    def client(self) -> chromadb.ClientAPI:
        parts = urlsplit(self.url)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else None
        with self.answering():
            return chromadb.HttpClient(host=parts.hostname or "localhost",
                                       port=parts.port or (443 if parts.scheme == "https" else 80),
                                       ssl=parts.scheme == "https", headers=headers,
                                       settings=ChromaSettings(anonymized_telemetry=False))

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Whatever a lost connection throws becomes one line that says what to do; answers resume once the server
        is back, because every request opens its connection anew if the old one died."""
        try:
            yield
        except IndexNotReady:
            raise
        except NotFoundError as e:
            raise IndexNotReady(f"the Chroma server at {self.url} no longer has this index ({e}): run "
                                "`python -m assistant index --force` to rebuild it there") from None
        except Exception as e:  # noqa: BLE001 - httpx, chromadb and OS errors alike: the server is not answering
            raise IndexNotReady(f"the Chroma server at {self.url} does not answer ({type(e).__name__}): start it, "
                                "or fix ASSISTANT_CHROMA_URL / ASSISTANT_CHROMA_TOKEN; answers resume by themselves "
                                "once it is back") from None

    def collections(self) -> list[str]:
        with self.answering():
            return [c.name for c in self.client().list_collections()]

    def drop(self, name: str) -> None:
        with self.answering():
            self.client().delete_collection(name)


@dataclass(frozen=True)
class StoreLocation:
    """Where one build's vectors live: `path` (its own persistent store) or `server`, never both."""

    collection: str
    path: Path | None = None
    server: ChromaServer | None = None

    def client(self) -> chromadb.ClientAPI:
        if self.server is not None:
            return self.server.client()
        return chromadb.PersistentClient(path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False))

    @contextmanager
    def answering(self) -> Iterator[None]:
        if self.server is None:
            yield
        else:
            with self.server.answering():
                yield


def _metadata(c: Chunk) -> dict[str, str | int]:
    return {k: v for k, v in c.metadata().items() if v is not None}


def write_collection(where: StoreLocation, embedder: Embedder, chunks: list[Chunk], vectors: np.ndarray) -> None:
    client = where.client()
    try:
        with where.answering():
            col = client.create_collection(where.collection, embedding_function=ChromaEmbeddingFunction(embedder),
                                           metadata={"hnsw:space": "cosine"})
            for i in range(0, len(chunks), 500):
                part = chunks[i: i + 500]
                col.add(ids=[c.id for c in part], documents=[c.text for c in part],
                        metadatas=[_metadata(c) for c in part], embeddings=vectors[i: i + 500])
    finally:
        _close(client)


def _close(client: chromadb.ClientAPI) -> None:
    close = getattr(client, "close", None)  # a persistent client holds its files until closed
    if close is not None:
        close()


class VectorStore:
    """Read side of the store: nearest chunks to a query vector, optionally within one edition.

    A build's collection never changes once written, so its size is read once."""

    def __init__(self, where: StoreLocation, embedder: Embedder) -> None:
        self.where = where
        self._client = where.client()
        with where.answering():
            self._col = self._client.get_collection(where.collection,
                                                    embedding_function=ChromaEmbeddingFunction(embedder))
            self._size = self._col.count()

    def close(self) -> None:
        """Release Chroma's files (a replaced build can then be deleted without holding its disk space)."""
        _close(self._client)

    def count(self) -> int:
        """Asks the store (a health probe); `query` uses the size read at opening."""
        with self.where.answering():
            return self._col.count()

    def digest(self) -> str:
        """A hash of what the store holds (ids, texts, metadata, vectors), after a probe of its vector index.

        Chroma rewrites its own files whenever a client opens them, so their bytes cannot be checksummed; what
        they hold can. SQLite's integrity check covers the pages a read of the content skips (indexes, free
        pages); the probe (stored vectors must find themselves) reaches the vector index, wherever it lives.
        Rows are read a page at a time in id order, so memory stays flat however large the store is.
        Raises IndexNotReady when the probe fails.
        """
        if self.where.path is not None:
            _integrity_check(self.where.path / "chroma.sqlite3")
        h = hashlib.sha256()
        misses = 0
        with self.where.answering():
            ids = sorted(self._col.get(include=[])["ids"])
            for i in range(0, len(ids), _PAGE):
                got = self._col.get(ids=ids[i: i + _PAGE], include=["documents", "embeddings", "metadatas"])
                order = sorted(range(len(got["ids"])), key=lambda j: got["ids"][j])
                for j in order:
                    h.update(json.dumps([got["ids"][j], got["documents"][j], got["metadatas"][j]],
                                        ensure_ascii=False, sort_keys=True).encode())
                    h.update(np.asarray(got["embeddings"][j], dtype=np.float32).tobytes())
                # each stored vector should find itself (or a twin) at distance 0: ~0.15 s for 770 chunks
                found = self._col.query(query_embeddings=got["embeddings"], n_results=1, include=["distances"])
                misses += sum(1 for d in found["distances"] if not d or d[0] > 1e-4)
        if misses > _PROBE_MISSES * len(ids):
            raise IndexNotReady(f"the vector index of {self.where.collection} does not find {misses} of its "
                                f"{len(ids)} vectors: it is damaged; run `python -m assistant index --force`")
        return h.hexdigest()

    def query(self, vector: np.ndarray, k: int, edition: str | None = None,
              number: str | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) pairs, best first; within one edition, or one direction of it."""
        where = {"$and": [{"edition": edition}, {"number": number}]} if edition and number else (
            {"edition": edition} if edition else None)
        with self.where.answering():
            res = self._col.query(query_embeddings=[vector], n_results=min(k, self._size), where=where,
                                  include=["distances"])
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(res["ids"][0], res["distances"][0])]


def _integrity_check(sqlite_file: Path) -> None:
    with closing(sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"chroma.sqlite3 failed its integrity check: {verdict}")
