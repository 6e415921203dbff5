"""The live index, loaded once: documents, chunks, the Chroma store and the lexical index over the same chunks.

Loading verifies the build against its manifest and leases it: a rebuild never deletes a build this process still
has open. The lease goes (and Chroma's files are released) when the LoadedIndex is garbage-collected, i.e. after
the last request that used it has finished.
"""

from __future__ import annotations

import json
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.errors import IndexNotReady
from assistant.core.settings import Settings
from assistant.core.types import Chunk, Direction, Document
from index.build import (REBUILD_HINT, BuildInfo, chroma_server, current_build, locate, read_info, release_lease,
                         take_lease, verify_build)
from index.embed import Embedder, make_embedder
from index.lexical import LexicalIndex
from index.store import VectorStore


@dataclass
class LoadedIndex:
    info: BuildInfo
    documents: list[Document]
    chunks: list[Chunk]
    embedder: Embedder
    vectors: VectorStore
    lexical: LexicalIndex
    glossary: dict[str, str] = field(default_factory=dict)  # English → Chinese terms, for English questions
    synonyms: dict[str, str] = field(default_factory=dict)  # everyday Chinese → the guidelines' terms
    equivalents: tuple[tuple[str, ...], ...] = ()  # words guidelines use for the same thing
    path: Path | None = None  # the build folder
    by_id: dict[str, Chunk] = field(init=False)
    position: dict[str, int] = field(init=False)
    directions: dict[str, Direction] = field(init=False)  # "edition:number" → Direction
    document: dict[str, Document] = field(init=False)  # edition id → Document

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.chunks}
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        self.directions = {d.key: d for doc in self.documents for d in doc.directions}
        self.document = {doc.edition.id: doc for doc in self.documents}


def _release(lease: Path | None, vectors: VectorStore) -> None:
    vectors.close()
    release_lease(lease)


def load_index(settings: Settings, embedder: Embedder | None = None) -> LoadedIndex:
    build = current_build(settings.index_dir)
    if build is None:
        raise IndexNotReady(f"no index in {settings.index_dir}: run `python -m assistant index` to build it")
    info = read_info(build)
    embedder = embedder or make_embedder(settings.embedder, settings.embed_threads, settings.embed_max_tokens)
    if info.embedder != embedder.name:
        raise IndexNotReady(f"the index was built with {info.embedder}, settings ask for {embedder.name}: "
                            "run `python -m assistant index` to rebuild")
    lease = take_lease(build)
    vectors = None
    try:
        vectors = VectorStore(locate(build, info, chroma_server(settings)), embedder)
        verify_build(build, vectors)
        docs = [Document.model_validate(d) for d in json.loads((build / "documents.json").read_text(encoding="utf-8"))]
        with (build / "chunks.jsonl").open(encoding="utf-8") as f:
            chunks = [Chunk.model_validate_json(line) for line in f if line.strip()]
    except Exception as e:
        if vectors is not None:
            vectors.close()
        release_lease(lease)
        if isinstance(e, IndexNotReady):
            raise
        if not info.collection and not os.access(build / "chroma", os.W_OK):
            raise IndexNotReady(f"the index in {build} is read-only, and Chroma writes to its store even to read it: "
                                "give the server write access to ASSISTANT_DATA_DIR") from None
        raise IndexNotReady(f"index build {build.name} cannot be loaded ({type(e).__name__}): {REBUILD_HINT}") from None
    from assistant.answer.lexicon import load_glossary, load_synonyms

    synonyms, equivalents = load_synonyms(settings.corpus_dir / "synonyms_zh.tsv")
    index = LoadedIndex(info=info, documents=docs, chunks=chunks, embedder=embedder, vectors=vectors,
                        lexical=LexicalIndex([c.text for c in chunks]),
                        glossary=load_glossary(settings.corpus_dir / "glossary_en_zh.tsv"), synonyms=synonyms,
                        equivalents=equivalents, path=build)
    weakref.finalize(index, _release, lease, vectors)
    return index
