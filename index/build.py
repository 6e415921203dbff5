"""Build the index: parse → chunk → embed (cached) → a new Chroma store + chunk file → switch CURRENT atomically.

Layout under `<data_dir>/index/`:
    CURRENT                    name of the live build folder (replaced with os.replace: readers never see half a build)
    builds/<id>/chroma/        Chroma persistent store
    builds/<id>/chunks.jsonl   every chunk with its metadata
    builds/<id>/documents.json the parsed documents (offsets point into their clean text)
    builds/<id>/build.json     embedder, fingerprint, counts, timings
    cache/<embedder>.npz       vectors by text hash: unchanged chunks are never embedded again

A failed or interrupted build leaves a `tmp-*` folder behind and CURRENT untouched; the next build removes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path

import numpy as np
from pydantic import BaseModel
from tqdm import tqdm

from assistant.core.settings import Settings
from assistant.core.types import Chunk, Document
from index.chunk import chunk_document
from index.corpus import load_documents, load_manifest, sha256
from index.embed import Embedder, make_embedder
from index.store import write_collection
from index.tokens import count_tokens

_CODE = ("clean.py", "pdf.py", "layout.py", "sections.py", "items.py", "identity.py", "parse.py", "chunk.py")
KEEP_BUILDS = 2


class BuildInfo(BaseModel):
    id: str
    embedder: str
    fingerprint: str
    chunks: int
    directions: int
    embedded: int  # chunks embedded in this build (the rest came from the cache)
    seconds: float
    created: float


def fingerprint(settings: Settings, embedder_name: str) -> str:
    h = hashlib.sha256()
    h.update(f"{embedder_name}|{settings.chunk_chars}".encode())
    manifest = load_manifest(settings.corpus_dir)
    h.update((settings.corpus_dir / "manifest.json").read_bytes())
    for e in manifest.editions:
        h.update(sha256(settings.corpus_dir / e.source).encode())
    here = Path(__file__).parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def current_build(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    path = index_dir / "builds" / name
    return path if (path / "build.json").exists() else None


def read_info(build: Path) -> BuildInfo:
    return BuildInfo.model_validate_json((build / "build.json").read_text())


class _VectorCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self.vectors = {k: data[k] for k in data.files}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, **self.vectors)
        os.replace(tmp, self.path)


def _embed(chunks: list[Chunk], embedder: Embedder, cache: _VectorCache, progress: bool) -> tuple[np.ndarray, int]:
    missing = [c for c in chunks if cache.key(c.text) not in cache.vectors]
    batch = 16
    bar = tqdm(total=len(missing), desc=f"embedding ({embedder.name})", unit="chunk", disable=not progress)
    try:
        for i in range(0, len(missing), batch):
            part = missing[i: i + batch]
            for c, v in zip(part, embedder.embed_documents([c.text for c in part])):
                cache.vectors[cache.key(c.text)] = v
            bar.update(len(part))
            if (i // batch) % 20 == 19:
                cache.save()  # an interrupted cold build keeps most of its work
    finally:
        bar.close()
        if missing:
            cache.save()
    return np.stack([cache.vectors[cache.key(c.text)] for c in chunks]), len(missing)


def _write_jsonl(path: Path, rows: list[BaseModel]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(r.model_dump_json() + "\n")


def build_index(settings: Settings, embedder: Embedder | None = None, progress: bool = True,
                force: bool = False) -> BuildInfo:
    """Build (or confirm) the index for the current corpus. Returns the live build's info."""
    started = time.perf_counter()
    index_dir = settings.index_dir
    embedder = embedder or make_embedder(settings.embedder, settings.embed_threads)
    fp = fingerprint(settings, embedder.name)
    live = current_build(index_dir)
    if live and not force:
        info = read_info(live)
        if info.fingerprint == fp:
            return info

    docs: list[Document] = load_documents(settings.corpus_dir)
    chunks = [c for d in docs for c in chunk_document(d, settings.chunk_chars, count_tokens)]
    cache = _VectorCache(index_dir / "cache" / f"{embedder.name}.npz")
    vectors, embedded = _embed(chunks, embedder, cache, progress)

    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    for stale in builds.glob("tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    # never reuse a folder name: a Chroma client in this process may still hold the old one open
    build_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{fp[:8]}-{uuid.uuid4().hex[:6]}"
    tmp = builds / f"tmp-{build_id}-{os.getpid()}"
    tmp.mkdir()
    write_collection(tmp / "chroma", embedder, chunks, vectors)
    _write_jsonl(tmp / "chunks.jsonl", chunks)
    (tmp / "documents.json").write_text(
        json.dumps([d.model_dump() for d in docs], ensure_ascii=False), encoding="utf-8")
    info = BuildInfo(id=build_id, embedder=embedder.name, fingerprint=fp, chunks=len(chunks),
                     directions=sum(len(d.directions) for d in docs), embedded=embedded,
                     seconds=round(time.perf_counter() - started, 2), created=time.time())
    (tmp / "build.json").write_text(info.model_dump_json(indent=2))
    os.replace(tmp, builds / build_id)
    pointer = index_dir / "CURRENT.tmp"
    pointer.write_text(build_id)
    os.replace(pointer, index_dir / "CURRENT")
    _prune(builds, keep=build_id)
    return info


def _prune(builds: Path, keep: str) -> None:
    """Keep the live build and the one before it (a server may still be reading it)."""
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("tmp-")), key=lambda p: p.name)
    for old in [p for p in done if p.name != keep][:-(KEEP_BUILDS - 1) or None]:
        shutil.rmtree(old, ignore_errors=True)
