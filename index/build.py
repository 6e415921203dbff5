"""Build the index: parse → chunk → embed (cached) → a new Chroma store + chunk file → switch CURRENT atomically.

Layout under `<data_dir>/index/`:
    CURRENT                    name of the live build folder (replaced with os.replace: readers never see half a build)
    builds/<id>/chroma/        Chroma persistent store (on a Chroma server instead: collection chunks-<embedder>--<id>)
    builds/<id>/chunks.jsonl   every chunk with its metadata
    builds/<id>/documents.json the parsed documents (offsets point into their clean text)
    builds/<id>/build.json     embedder, fingerprint, counts, timings, checksums of the files above
    builds/<id>/leases/<pid>-* one per process that has the build open (its host inside): pruning never deletes a
                               leased build
    cache/<embedder>.npz       vectors by text hash: unchanged chunks are never embedded again

`<corpus>/vectors/<embedder>.npz`, when present, seeds that cache: the vectors of the corpus as shipped (written by
`python -m assistant index seed-vectors`), so a fresh clone embeds only the chunks that changed since.
    NAMESPACE                  (Chroma server only) names this index's collections apart from other data dirs':
                               chunks-<embedder>--<namespace>--<build id>

A failed or interrupted build leaves a `tmp-*` folder behind and CURRENT untouched; the next build removes it.
Builds are verified when loaded (`verify_build`): a changed or damaged file stops loading with a one-line reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import socket
import time
import uuid
from pathlib import Path

from pydantic import BaseModel

from assistant.core.errors import IndexNotReady
from assistant.core.settings import Settings
from assistant.core.types import Document
from index.chunk import chunk_document
from index.corpus import load_documents, load_manifest, sha256
from index.embed import Embedder, make_embedder
from index.store import ChromaServer, StoreLocation, VectorStore, collection_name, lazy_embedder, write_collection
from index.tokens import count_tokens
from index.vectors import VectorCache

log = logging.getLogger(__name__)
_CODE = ("clean.py", "pdf.py", "layout.py", "sections.py", "items.py", "identity.py", "parse.py", "chunk.py")
# the build folder's layout: part of the fingerprint, so a build made before checksums existed is rebuilt
FORMAT = 2
REBUILD_HINT = "run `python -m assistant index --force` to rebuild it"


class BuildInfo(BaseModel):
    id: str
    embedder: str
    fingerprint: str
    chunks: int
    directions: int
    embedded: int  # chunks embedded in this build (the rest came from the cache)
    seconds: float
    created: float
    files: dict[str, str] = {}  # sha256 of every file outside chroma/, by path in the build folder
    store: str = ""  # VectorStore.digest(): Chroma rewrites its own files on open, so its content is hashed
    collection: str = ""  # the build's collection on a Chroma server; "" = the persistent store in chroma/


def chroma_server(settings: Settings) -> ChromaServer | None:
    return ChromaServer(settings.chroma_url, settings.chroma_token) if settings.chroma_url else None


def fingerprint(settings: Settings, embedder_name: str) -> str:
    h = hashlib.sha256()
    h.update(f"{FORMAT}|{embedder_name}|{settings.chunk_chars}".encode())
    if settings.chroma_url:  # vectors on another server are not this build's: moving there rebuilds
        h.update(f"|{settings.chroma_url}".encode())
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
    try:
        return BuildInfo.model_validate_json((build / "build.json").read_text())
    except (OSError, ValueError) as e:
        raise IndexNotReady(f"index build {build.name} has no readable build.json ({type(e).__name__}): "
                            f"{REBUILD_HINT}") from None


def locate(build: Path, info: BuildInfo, server: ChromaServer | None) -> StoreLocation:
    """Where the build's vectors are, as its manifest says; IndexNotReady when that server is not configured."""
    if not info.collection:
        return StoreLocation(collection_name(info.embedder), path=build / "chroma")
    if server is None:
        raise IndexNotReady(f"index build {build.name} keeps its vectors on a Chroma server: set ASSISTANT_CHROMA_URL "
                            "to it, or run `python -m assistant index --force` to build an embedded index")
    return StoreLocation(info.collection, server=server)


def verify_build(build: Path, store: VectorStore | None = None, server: ChromaServer | None = None) -> BuildInfo:
    """The build's info once every file matches its checksum and the store its digest; else IndexNotReady."""
    info = read_info(build)
    if not info.files or not info.store:
        raise IndexNotReady(f"index build {build.name} was made by an older version without checksums: "
                            "run `python -m assistant index` to rebuild it")
    for rel, expected in info.files.items():
        path = build / rel
        if not path.is_file():
            raise IndexNotReady(f"index build {build.name} is damaged: {rel} is missing: {REBUILD_HINT}")
        if sha256(path) != expected:
            raise IndexNotReady(f"index build {build.name} is damaged: {rel} does not match its checksum "
                                f"(edited or corrupted): {REBUILD_HINT}")
    opened = store is None
    try:
        store = store or VectorStore(locate(build, info, server), lazy_embedder(info.embedder))
        digest = store.digest()
    except IndexNotReady:
        raise
    except Exception as e:  # noqa: BLE001 - whatever a damaged store throws, the user needs the same one line
        raise IndexNotReady(f"index build {build.name} is damaged: its vector store cannot be read "
                            f"({type(e).__name__}): {REBUILD_HINT}") from None
    finally:
        if opened and store is not None:
            store.close()
    if digest != info.store:
        raise IndexNotReady(f"index build {build.name} is damaged: its vector store does not match the build "
                            f"manifest: {REBUILD_HINT}")
    return info


def take_lease(build: Path) -> Path | None:
    """Mark the build as in use by this process; None where the data dir cannot be written (nothing prunes then
    either, unless another user runs a build)."""
    lease = build / "leases" / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        lease.parent.mkdir(exist_ok=True)
        lease.write_text(socket.gethostname())  # a shared data dir: pids of other hosts cannot be checked
    except OSError as e:
        log.debug("no lease on %s: %s", build.name, e)
        return None
    return lease


def release_lease(lease: Path | None) -> None:
    if lease is not None:
        lease.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, but alive
    return True


def _in_use(build: Path) -> bool:
    """A lease whose process is alive; leases of killed processes (kill -9 leaves them) do not count. A lease taken
    on another host (a data dir shared by containers) counts: its process cannot be checked from here."""
    leases = build / "leases"
    if not leases.is_dir():
        return False
    return any(_held(p) for p in leases.iterdir() if p.name.split("-", 1)[0].isdigit())


def _held(lease: Path) -> bool:
    try:
        host = lease.read_text().strip()
    except OSError:
        return False
    return (host not in ("", socket.gethostname())) or _alive(int(lease.name.split("-", 1)[0]))


def seed_path(settings: Settings, embedder_name: str) -> Path:
    return settings.corpus_dir / "vectors" / f"{embedder_name}.npz"


def write_seed(settings: Settings) -> tuple[int, Path]:
    """Ship the live build's vectors of the corpus' current chunks with it (only those: a stale entry would be dead
    weight). Returns how many were written, and where."""
    build = current_build(settings.index_dir)
    if build is None:
        raise IndexNotReady(f"no index in {settings.index_dir}: run `python -m assistant index` first")
    name = read_info(build).embedder
    cache = VectorCache(settings.index_dir / "cache" / f"{name}.npz")
    docs = load_documents(settings.corpus_dir)
    keys = {cache.key(c.text) for d in docs for c in chunk_document(d, settings.chunk_chars, count_tokens)}
    if not keys <= cache.vectors.keys():
        raise IndexNotReady(f"the vector cache lacks some chunks of the corpus: {REBUILD_HINT}")
    seed = VectorCache(seed_path(settings, name))
    seed.vectors = {k: cache.vectors[k] for k in sorted(keys)}
    seed.save()
    return len(keys), seed.path


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
    cache = VectorCache(index_dir / "cache" / f"{embedder.name}.npz", seed_path(settings, embedder.name))
    vectors, embedded = cache.embed([c.text for c in chunks], embedder, progress)

    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    for stale in builds.glob("tmp-*"):
        owner = stale.name.rsplit("-", 1)[-1]
        if not (owner.isdigit() and _alive(int(owner))):  # another build still running in parallel keeps its own
            shutil.rmtree(stale, ignore_errors=True)
    # never reuse a folder name: a Chroma client in this process may still hold the old one open
    build_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{fp[:8]}-{uuid.uuid4().hex[:6]}"
    tmp = builds / f"tmp-{build_id}-{os.getpid()}"
    tmp.mkdir()  # before any server collection: a collection without a build folder is an orphan (_sweep)
    server = chroma_server(settings)
    where = (StoreLocation(f"{_server_prefix(index_dir, embedder.name)}{build_id}", server=server) if server
             else StoreLocation(collection_name(embedder.name), path=tmp / "chroma"))
    write_collection(where, embedder, chunks, vectors)
    _write_jsonl(tmp / "chunks.jsonl", chunks)
    (tmp / "documents.json").write_text(
        json.dumps([d.model_dump() for d in docs], ensure_ascii=False), encoding="utf-8")
    store = VectorStore(where, embedder)
    try:
        digest = store.digest()
    finally:
        store.close()
    info = BuildInfo(id=build_id, embedder=embedder.name, fingerprint=fp, chunks=len(chunks),
                     directions=sum(len(d.directions) for d in docs), embedded=embedded,
                     seconds=round(time.perf_counter() - started, 2), created=time.time(),
                     files={rel: sha256(tmp / rel) for rel in ("chunks.jsonl", "documents.json")}, store=digest,
                     collection=where.collection if server else "")
    (tmp / "build.json").write_text(info.model_dump_json(indent=2))
    os.replace(tmp, builds / build_id)
    pointer = index_dir / f"CURRENT.{os.getpid()}.tmp"
    pointer.write_text(build_id)
    os.replace(pointer, index_dir / "CURRENT")
    prune_builds(builds, keep=settings.keep_builds)
    if server:
        _sweep(server, builds, _server_prefix(index_dir, embedder.name))
    return info


def prune_builds(builds: Path, keep: int) -> list[str]:
    """Delete finished builds beyond the newest `keep`, except CURRENT and those a live process has leased;
    returns the ids deleted."""
    live = current_build(builds.parent)
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("tmp-")), key=lambda p: p.name)
    removed = []
    for old in done[:-keep]:
        if old != live and not _in_use(old):
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    return removed


def _server_prefix(index_dir: Path, embedder_name: str) -> str:
    """What this index's collections on a shared Chroma server start with; other data dirs' never do."""
    path = index_dir / "NAMESPACE"
    if not path.exists():
        tmp = index_dir / f"NAMESPACE.{os.getpid()}.tmp"
        tmp.write_text(uuid.uuid4().hex[:10])
        os.replace(tmp, path)
    return f"{collection_name(embedder_name)}--{path.read_text().strip()}--"


def _sweep(server: ChromaServer, builds: Path, prefix: str) -> list[str]:
    """Drop this index's server collections whose build folder is gone (pruned, or an interrupted build's)."""
    folders = {p.name for p in builds.iterdir()}
    dropped = []
    for name in server.collections():
        build_id = name[len(prefix):] if name.startswith(prefix) else None
        if build_id and build_id not in folders and not any(f.startswith(f"tmp-{build_id}-") for f in folders):
            server.drop(name)
            dropped.append(name)
    return dropped
