"""The live index, loaded once: documents, chunks, the Chroma store and the lexical index over the same chunks."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from assistant.core.errors import IndexNotReady
from assistant.core.settings import Settings
from assistant.core.types import Chunk, Direction, Document
from index.build import BuildInfo, current_build, read_info
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
    by_id: dict[str, Chunk] = field(init=False)
    position: dict[str, int] = field(init=False)
    directions: dict[str, Direction] = field(init=False)  # "edition:number" → Direction
    document: dict[str, Document] = field(init=False)  # edition id → Document

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.chunks}
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        self.directions = {d.key: d for doc in self.documents for d in doc.directions}
        self.document = {doc.edition.id: doc for doc in self.documents}


def load_index(settings: Settings, embedder: Embedder | None = None) -> LoadedIndex:
    build = current_build(settings.index_dir)
    if build is None:
        raise IndexNotReady(f"no index in {settings.index_dir}: run `python -m assistant index` to build it")
    info = read_info(build)
    embedder = embedder or make_embedder(settings.embedder, settings.embed_threads)
    if info.embedder != embedder.name:
        raise IndexNotReady(f"the index was built with {info.embedder}, settings ask for {embedder.name}: "
                            "run `python -m assistant index` to rebuild")
    docs = [Document.model_validate(d) for d in json.loads((build / "documents.json").read_text(encoding="utf-8"))]
    with (build / "chunks.jsonl").open(encoding="utf-8") as f:
        chunks = [Chunk.model_validate_json(line) for line in f if line.strip()]
    from assistant.answer.understand import load_glossary, load_synonyms

    synonyms, equivalents = load_synonyms(settings.corpus_dir / "synonyms_zh.tsv")
    return LoadedIndex(info=info, documents=docs, chunks=chunks, embedder=embedder,
                       vectors=VectorStore(build / "chroma", embedder), lexical=LexicalIndex([c.text for c in chunks]),
                       glossary=load_glossary(settings.corpus_dir / "glossary_en_zh.tsv"), synonyms=synonyms,
                       equivalents=equivalents)
