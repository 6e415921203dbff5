"""BM25 over CJK character unigrams + bigrams and ASCII words: as good as a word segmenter here, and needs none."""

from __future__ import annotations

import re
import unicodedata

import bm25s
import numpy as np

_TOKEN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.\-][a-z0-9]+)*")


_INNER_BRACKET_RE = re.compile(r"(?<=[\u3400-\u9fff])[()](?=[\u3400-\u9fff])|(?<=[a-z0-9])-(?=[a-z0-9])")


def normalise(text: str) -> str:
    """NFKC folds full-width forms, ¹⁸F → 18F, H₂S → H2S; lower-case for ASCII; "国(境)外" → "国境外"; "Ac-225" →
    "ac225" (askers drop the hyphen)."""
    return _INNER_BRACKET_RE.sub("", unicodedata.normalize("NFKC", text).lower())


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for run in _TOKEN_RE.findall(normalise(text)):
        if run[0].isascii():
            tokens.append(run)
            continue
        tokens.extend(run)
        tokens.extend(run[i: i + 2] for i in range(len(run) - 1))
    return tokens


class LexicalIndex:
    def __init__(self, texts: list[str]) -> None:
        self._bm25 = bm25s.BM25()
        self._size = len(texts)
        # each text's tokens become an int32 array as soon as they are made: a list of token strings for every chunk
        # of a 100× corpus (~30 million small strings) took more memory at start-up than the whole loaded index
        vocab: dict[str, int] = {}
        ids = [np.fromiter((vocab.setdefault(tok, len(vocab)) for tok in tokenize(t) or ["∅"]), dtype=np.int32)
               for t in texts]
        self._bm25.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed text, in index order."""
        tokens = tokenize(query)
        if not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
