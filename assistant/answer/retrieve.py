"""Hybrid retrieval: dense (Chroma) + BM25 fused by reciprocal rank, rolled up from chunks to directions.

The lexical weight follows the question's script: BM25 over Chinese characters helps Chinese questions a lot and drags
English questions down (measured, see shared/OFFLINE.md), so an English question is ranked by the dense side alone.
A direction number in the question routes straight to that direction in every edition allowed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.understand import Query
from assistant.core.types import Chunk, Direction
from assistant.answer.terms import Terms, TermWeights
from index.lexical import normalise, tokenize
from index.reader import LoadedIndex


@dataclass
class Hit:
    chunk: Chunk
    score: float
    dense: float = 0.0
    lexical: float = 0.0


@dataclass
class DirectionHit:
    direction: Direction
    score: float
    dense: float = 0.0
    coverage: float = 0.0
    routed: bool = False  # named by number in the question
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Retrieval:
    query: Query
    editions: list[str]
    hits: list[Hit]
    directions: list[DirectionHit]
    rules: list[Hit]
    dense_z: float  # how far the best dense match stands above the rest (in std devs): flat = nothing fits


COVERAGE_WEIGHT = 2.0  # in units of a first-rank RRF vote
QUERY_CACHE = 512  # query vectors kept (oldest dropped first)


def _z(scores: list[float]) -> float:
    if len(scores) < 3:
        return 0.0
    s = np.sort(np.asarray(scores))[::-1]
    rest = s[1:]
    return float((s[0] - rest.mean()) / (rest.std() + 1e-6))


class Retriever:
    def __init__(self, index: LoadedIndex, top_k: int = 40, rrf_k: int = 60) -> None:
        self.index = index
        self.top_k = top_k
        self.rrf_k = rrf_k
        self._vectors: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()
        self._edition_of = np.array([c.edition for c in index.chunks])
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self.weights = TermWeights([c.text for c in index.chunks])
        self._direction_text = {
            key: normalise(index.document[d.edition].text[d.start:d.end]) for key, d in index.directions.items()
        }

    def known(self, text: str) -> bool:
        """Does the corpus use any of these terms at all?"""
        return any(all(self.weights.df.get(t) for t in tokenize(run)) for run in Terms.of(text).runs)

    def direction_text(self, d: Direction) -> str:
        return self._direction_text[d.key]

    def _vector(self, text: str) -> np.ndarray:
        """A conversation re-reads its earlier questions and a two-part question is also read whole: embed each text
        once (the embedder is the slowest step by far)."""
        vec = self._vectors.get(text)
        if vec is None:
            vec = self.index.embedder.embed_query(text)
            with self._cache_lock:  # server threads share the cache
                self._vectors[text] = vec
                while len(self._vectors) > QUERY_CACHE:
                    self._vectors.pop(next(iter(self._vectors)))
        return vec

    def _dense(self, query: Query, editions: list[str]) -> dict[str, float]:
        vec = self._vector(query.text)
        out: dict[str, float] = {}
        for ed in editions if len(editions) == 1 else [None]:
            for cid, sim in self.index.vectors.query(vec, self.top_k, ed):
                out[cid] = sim
        return {cid: s for cid, s in out.items() if self.index.by_id[cid].edition in editions}

    def _lexical(self, query: Query, editions: list[str]) -> dict[str, float]:
        scores = self.index.lexical.scores(query.glossary if query.language == "en" else query.expanded)
        scores = np.where(self._in_editions(editions), scores, 0.0)
        top = np.argsort(-scores)[: self.top_k]
        return {self.index.chunks[i].id: float(scores[i]) for i in top if scores[i] > 0}

    def _in_editions(self, editions: list[str]) -> np.ndarray:
        key = tuple(sorted(editions))
        mask = self._masks.get(key)
        if mask is None:  # a handful of edition scopes recur: one mask each, not a scan of every chunk per question
            mask = self._masks[key] = np.isin(self._edition_of, editions)
            while len(self._masks) > 64:
                self._masks.pop(next(iter(self._masks)), None)
        return mask

    def search(self, query: Query, editions: list[str], within: list[Direction] = ()) -> Retrieval:
        """`within`: directions already chosen (a follow-up, a number), whose every chunk gets its dense score — an
        English question's item is picked by it, and a short question's nearest chunks may all lie elsewhere."""
        dense = self._dense(query, editions)
        for d in within:
            for cid, sim in self.index.vectors.query(self._vector(query.text), self.top_k, d.edition, d.number):
                dense.setdefault(cid, sim)
        lexical = self._lexical(query, editions)
        # English: BM25 over the glossary's Chinese terms only, and at half weight: they are a rough translation
        w_lex = (0.5 if query.glossary else 0.0) if query.language == "en" else query.cjk_share
        fused: dict[str, float] = {}
        for weight, ranked in ((1.0, dense), (w_lex, lexical)):
            for rank, cid in enumerate(sorted(ranked, key=ranked.__getitem__, reverse=True)):
                fused[cid] = fused.get(cid, 0.0) + weight / (self.rrf_k + rank)
        hits = [Hit(self.index.by_id[cid], s, dense.get(cid, 0.0), lexical.get(cid, 0.0))
                for cid, s in sorted(fused.items(), key=lambda kv: -kv[1])]
        return Retrieval(query=query, editions=editions, hits=hits, directions=self._roll_up(query, hits, editions),
                         rules=[h for h in hits if h.chunk.kind == "rule"],
                         dense_z=_z(list(dense.values())))

    def _roll_up(self, query: Query, hits: list[Hit], editions: list[str]) -> list[DirectionHit]:
        by_key: dict[str, DirectionHit] = {}
        for h in hits:
            if not h.chunk.number:
                continue
            key = f"{h.chunk.edition}:{h.chunk.number}"
            dh = by_key.get(key)
            if dh is None:
                dh = by_key[key] = DirectionHit(self.index.directions[key], 0.0)
            dh.score = max(dh.score, h.score)
            dh.dense = max(dh.dense, h.dense)
            dh.hits.append(h)
        for number in query.numbers:
            for ed in editions:
                d = self.index.directions.get(f"{ed}:{number}")
                if d:
                    dh = by_key.setdefault(d.key, DirectionHit(d, 0.0))
                    dh.routed = True
                    dh.score += 1.0
        terms = Terms.of(query.topic)
        for dh in by_key.values():
            dh.coverage = terms.coverage(self.direction_text(dh.direction), self.weights)
            # a direction that contains what the question is about outranks one that merely ranks well
            dh.score += COVERAGE_WEIGHT / self.rrf_k * dh.coverage
        return sorted(by_key.values(), key=lambda dh: -dh.score)
