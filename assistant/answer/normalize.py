"""What a question is made of before it is understood: simplified characters, folded widths, the corpus' own spelling.

Askers paste traditional characters (溫度, 參與單位), full-width forms and small typos of the guidelines' terms. The
question is folded onto the corpus' script here, once, so every later step (coverage, BM25, patterns) sees the same
characters the guidelines use. The shown question is never changed.
"""

from __future__ import annotations

from functools import lru_cache

from index.lexical import normalise


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # pure Python; its dictionaries ship in the wheel

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Character-level traditional → simplified. Leaves simplified text unchanged (checked on the whole corpus); a
    phrase-level conversion (tw2sp) would rewrite the guidelines' own words (建立 → 创建), so it is not used."""
    return _t2s().convert(text)


def fold(text: str) -> str:
    """The question as the rest of the answer path reads it: simplified, NFKC, lower-case ASCII."""
    return normalise(to_simplified(text))
