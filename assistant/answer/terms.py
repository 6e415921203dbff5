"""How much of what a question is about does a text contain? The answerability signal behind every answer.

A question is reduced to runs of Chinese characters and ASCII words. A character counts as found when a bigram it
belongs to occurs in the text, so the junk bigrams that span two words of the question ("单位一起" → "位一") cost
nothing, while a word the text lacks ("截止日期") leaves all its characters unfound. Characters weigh by their rarity
in the corpus: finding "的" says little, finding "锂" a lot.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from index.lexical import normalise, tokenize

_NUMERAL_RE = re.compile(r"[一二两三四五六七八九十]+|\d+")
_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.\-][a-z0-9]+)*")


# "氨、氢燃料" lists 氨 and 氢, which an asker writes 氨氢 ("氨氢发动机"): the pair across the list's comma is the
# text's too
_LISTED_PAIR_RE = re.compile(r"([\u4e00-\u9fff])、(?=([\u4e00-\u9fff]))")


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    return frozenset(tokenize(text)) | {a + b for a, b in _LISTED_PAIR_RE.findall(text)}


class TermWeights:
    """IDF over the chunks; a token the corpus never uses weighs most."""

    def __init__(self, texts: list[str]) -> None:
        df: dict[str, int] = {}
        for t in texts:
            for tok in token_set(t):
                df[tok] = df.get(tok, 0) + 1
        self.n = len(texts)
        self.df = df
        self._idf: dict[str, float] = {}

    def __call__(self, token: str) -> float:
        w = self._idf.get(token)
        if w is None:  # a hot path: coverage weighs every character of a question against every passage
            w = self._idf[token] = math.log((self.n + 1) / (self.df.get(token, 0) + 0.5))
        return w


@dataclass(frozen=True)
class Terms:
    runs: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Terms:
        return cls(tuple(_RUN_RE.findall(normalise(text))))

    def __bool__(self) -> bool:
        return bool(self.runs)

    def _found(self, run: str, have: frozenset[str]) -> list[bool]:
        if run.isascii():
            return [run in have]
        if len(run) == 1:
            return [run in have]
        pairs = [run[i: i + 2] in have for i in range(len(run) - 1)]
        return [(i > 0 and pairs[i - 1]) or (i < len(pairs) and pairs[i]) for i in range(len(run))]

    def specific_share(self, text: str, weight: TermWeights) -> float:
        """The share of the terms' weight that `text` has as whole words (bigrams) rather than stray characters:
        "一 人 同时 限" is all in many passages, one character at a time, which names nothing."""
        have = token_set(text)
        total = got = 0.0
        for run in self.runs:
            units = [run] if run.isascii() else list(run)
            in_words = [run in have] if run.isascii() or len(run) == 1 else self._found(run, have)
            for unit, found in zip(units, in_words):
                total += weight(unit)
                got += weight(unit) if found and (run.isascii() or len(run) > 1) else 0.0
        return got / total if total else 0.0

    def holds_longest(self, flat_text: str, common: frozenset[str] = frozenset()) -> float:
        """The share of the character pairs of the longest Chinese run (four characters or more) that `flat_text`
        (normalised, no spaces) has: 1.0 when there is no such run. A thing named as a whole ("小型模块化核反应堆")
        is not held by a text that has its characters scattered."""
        runs = [r for r in self.runs if len(r) >= 4 and not r.isascii()]
        if not runs:
            return 1.0
        topic = max(runs, key=len)
        pairs = [topic[i:i + 2] for i in range(len(topic) - 1)]
        pairs = [p for p in pairs if p not in common] or pairs  # "区块链技术": 技术 is everywhere, 块链 nowhere
        return sum(p in flat_text for p in pairs) / len(pairs)

    def without_numerals(self) -> Terms:
        """The terms without runs that only count: "一个单位", "一个方向一般支持几项" name nothing by their 一."""
        return Terms(tuple(r for r in self.runs if not _NUMERAL_RE.fullmatch(r)))

    def minus(self, text: str) -> Terms:
        """The terms with whatever `text` covers removed (e.g. the words of a direction's title)."""
        have = token_set(text)
        out: list[str] = []
        for run in self.runs:
            found = self._found(run, have)
            if run.isascii():
                out += [] if found[0] else [run]
                continue
            out += [p for p in re.split(r"\x00+", "".join("\x00" if f else c for c, f in zip(run, found))) if p]
        return Terms(tuple(out))

    def coverage(self, text: str, weight: TermWeights | None = None, by_word: bool = False,
                 partial: float = 0.0, partial_in: str | None = None) -> float:
        """`by_word`: a character weighs as much as the rarest bigram it is part of in the question ("中方" is rare as
        a word though 中 and 方 are common characters), which tells apart passages that all share common words.
        `partial`: the share of its weight a character earns when the text has it, but in another word ("外部电源"
        against "外接电源", "连续用" against "连续使用"); `partial_in`: only a character of that text earns it."""
        units, total, keys, chars = _compiled(self, weight, by_word)
        if not total:
            return 0.0
        have = token_set(text)
        loose = have if partial_in is None else token_set(partial_in)
        if have.isdisjoint(keys) and not (partial and not loose.isdisjoint(chars)):
            return 0.0  # most passages share nothing with a question: one set test instead of a walk over its terms
        got = 0.0
        for weight_i, keys, unit in units:
            if any(k in have for k in keys):
                got += weight_i
            elif partial and unit in loose:
                got += weight_i * partial
        return got / total

    def _units(self, weight: TermWeights | None, by_word: bool) -> list[tuple[float, tuple[str, ...], str]]:
        """(weight, the tokens any of which finds it, the unit itself) for each character or ASCII word: see
        `_found` — a character of a longer run is found through either bigram it belongs to."""
        w = weight or (lambda _t: 1.0)
        out = []
        for run in self.runs:
            if run.isascii() or len(run) == 1:
                out.append((w(run), (run,), run))
                continue
            for i, ch in enumerate(run):
                pairs = tuple(run[j: j + 2] for j in (i - 1, i) if 0 <= j and j + 2 <= len(run))
                weight_i = w(ch)
                if by_word:
                    weight_i = max([weight_i] + [w(p) for p in pairs])
                out.append((weight_i, pairs, ch))
        return out


_COMPILED: dict[tuple[Terms, int, bool], tuple] = {}


def _compiled(terms: Terms, weight: TermWeights | None, by_word: bool) -> tuple[list, float, frozenset, frozenset]:
    """A question's terms are weighed against hundreds of passages: weigh them once per weighting. Keyed by the
    weighting's identity; `TermWeights` objects live as long as their index, and the cache is bounded."""
    key = (terms, id(weight), by_word)
    hit = _COMPILED.get(key)
    if hit is None or hit[-1] is not weight:
        units = terms._units(weight, by_word)
        hit = _COMPILED[key] = (units, sum(u[0] for u in units), frozenset(k for u in units for k in u[1]),
                                frozenset(u[2] for u in units), weight)
        while len(_COMPILED) > 4096:
            _COMPILED.pop(next(iter(_COMPILED)), None)
    return hit[:4]
