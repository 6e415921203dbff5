"""The naive-RAG baseline the eval compares against: split → embed → Chroma → answer with the top chunk.

Same corpus files and the same embedder as the product, nothing else: `RecursiveCharacterTextSplitter(500, 0)`,
a cosine Chroma collection in memory, top-k by the question alone (history ignored), and the answer is the top
chunk's raw text. Its one citation is the last direction heading (`N.M title`) at or before the chunk's start in the
raw file. It never refuses.
"""

from __future__ import annotations

import re
import time
import uuid
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document as LCDocument
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.core.settings import Settings
from assistant.core.types import Answer, Citation
from index.corpus import load_manifest, read_source
from index.embed import Embedder, make_embedder
from index.store import ChromaEmbeddingFunction
from index.vectors import VectorCache

CHUNK_SIZE = 500
CHUNK_OVERLAP = 0
# "### 1.1 title", "1.1 title", "**4.3 title": a direction heading line of either edition's raw text
HEADING_RE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?[ \t]*(\d{1,2}\.\d{1,2})(?![\d.])[ \t]*(?=[^\s\d%])([^\n]*)$", re.M)


@dataclass(frozen=True)
class Heading:
    start: int
    number: str
    title: str


def direction_headings(raw: str) -> list[Heading]:
    """Direction headings of a raw guideline text, in file order."""
    return [Heading(m.start(), m.group(1), m.group(2).strip(" *#")) for m in HEADING_RE.finditer(raw)]


def heading_at(headings: list[Heading], offset: int) -> Heading | None:
    """The last heading that starts at or before `offset`."""
    i = bisect_right([h.start for h in headings], offset)
    return headings[i - 1] if i else None


class NaiveRAG:
    """`NaiveRAG(settings).ask(question) -> Answer`, scored by the same scorer as the product."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, k: int = 4,
                 cache_dir: Path | None = None) -> None:
        self.embedder = embedder or make_embedder(settings.embedder, settings.embed_threads)
        self.k = k
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                                  add_start_index=True)
        self.chunks: list[LCDocument] = []
        for edition in load_manifest(settings.corpus_dir).editions:
            raw = read_source(settings.corpus_dir, edition)
            headings = direction_headings(raw)
            for doc in splitter.create_documents([raw], metadatas=[{"edition": edition.label,
                                                                   "document": edition.id}]):
                h = heading_at(headings, doc.metadata["start_index"])
                doc.metadata.update(direction=h.number if h else "", title=h.title if h else "")
                self.chunks.append(doc)
        cache = VectorCache(cache_dir / f"baseline-{self.embedder.name}.npz" if cache_dir else None)
        vectors, _ = cache.embed([c.page_content for c in self.chunks], self.embedder)
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self._col = client.create_collection(f"baseline-{uuid.uuid4().hex[:12]}",
                                             embedding_function=ChromaEmbeddingFunction(self.embedder),
                                             metadata={"hnsw:space": "cosine"})
        self._col.add(ids=[str(i) for i in range(len(self.chunks))], documents=[c.page_content for c in self.chunks],
                      metadatas=[c.metadata for c in self.chunks], embeddings=vectors)

    def retrieve(self, question: str) -> list[tuple[LCDocument, float]]:
        """Top-k chunks with their cosine similarity, best first."""
        res = self._col.query(query_embeddings=[self.embedder.embed_query(question)],
                              n_results=min(self.k, len(self.chunks)), include=["distances"])
        return [(self.chunks[int(i)], 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        started = time.perf_counter()
        top, _ = self.retrieve(question)[0]
        meta = top.metadata
        start = int(meta["start_index"])
        number = meta["direction"] or None
        marker = f"[{meta['edition']} {number}]" if number else f"[{meta['edition']}]"
        citation = Citation(edition=meta["edition"], document=meta["document"], direction=number,
                            title=meta["title"] or None, section="", quote=top.page_content, start=start,
                            end=start + len(top.page_content), marker=marker)
        return Answer(question=question, answer=top.page_content, answerable=True, citations=[citation],
                      latency_ms=round((time.perf_counter() - started) * 1000, 2))
