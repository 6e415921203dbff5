"""The Chroma persistent store: one collection per embedder, cosine space, vectors precomputed by our Embedder."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings

from assistant.core.types import Chunk
from index.embed import Embedder


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


def collection_name(embedder: Embedder) -> str:
    return "chunks-" + re.sub(r"[^A-Za-z0-9._-]", "-", embedder.name)[:50]


def _client(path: Path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def _metadata(c: Chunk) -> dict[str, str | int]:
    return {k: v for k, v in c.metadata().items() if v is not None}


def write_collection(path: Path, embedder: Embedder, chunks: list[Chunk], vectors: np.ndarray) -> None:
    with _client(path) as client:
        col = client.get_or_create_collection(
            collection_name(embedder), embedding_function=ChromaEmbeddingFunction(embedder),
            metadata={"hnsw:space": "cosine"},
        )
        for i in range(0, len(chunks), 500):
            part = chunks[i: i + 500]
            col.add(ids=[c.id for c in part], documents=[c.text for c in part],
                    metadatas=[_metadata(c) for c in part], embeddings=vectors[i: i + 500])


def lazy_embedder(name: str) -> Embedder:
    """Names the collection of an embedder without loading its model (for verifying a store)."""
    return _LazyEmbedder("", name)  # type: ignore[return-value]


class VectorStore:
    """Read side of the store: nearest chunks to a query vector, optionally within one edition."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        self.path = path
        self._client = _client(path)
        self._col = self._client.get_collection(collection_name(embedder),
                                                embedding_function=ChromaEmbeddingFunction(embedder))
        self._size = self._col.count()  # a build's store never changes: counted once, not on every query

    def close(self) -> None:
        """Release Chroma's files (a replaced build can then be deleted without holding its disk space)."""
        self._client.close()

    def count(self) -> int:
        return self._col.count()

    def digest(self) -> str:
        """A hash of what the store holds (ids, texts, metadata, vectors), after a probe of its vector index.

        Chroma rewrites its own files whenever a client opens them, so their bytes cannot be checksummed; what
        they hold can. SQLite's integrity check covers the pages a read of the content skips (indexes, free
        pages); the probe (each stored vector must find itself) reaches the vector index, wherever it lives.
        """
        with closing(sqlite3.connect(f"file:{self.path / 'chroma.sqlite3'}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"chroma.sqlite3 failed its integrity check: {verdict}")
        got = self._col.get(include=["documents", "embeddings", "metadatas"])
        order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
        h = hashlib.sha256()
        for i in order:
            h.update(json.dumps([got["ids"][i], got["documents"][i], got["metadatas"][i]], ensure_ascii=False,
                                sort_keys=True).encode())
            h.update(np.asarray(got["embeddings"][i], dtype=np.float32).tobytes())
        if order:  # every stored vector must find itself (or a twin) at distance 0: ~0.15 s for 770 chunks
            found = self._col.query(query_embeddings=got["embeddings"], n_results=1, include=["distances"])
            if any(not d or d[0] > 1e-4 for d in found["distances"]):
                return "vector index probe failed"
        return h.hexdigest()

    def query(self, vector: np.ndarray, k: int, edition: str | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) pairs, best first."""
        res = self._col.query(query_embeddings=[vector], n_results=min(k, self._size),
                              where={"edition": edition} if edition else None, include=["distances"])
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(res["ids"][0], res["distances"][0])]
