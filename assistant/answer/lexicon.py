"""The words a question is read with, as corpus data: English → the guidelines' Chinese terms
(corpus/glossary_en_zh.tsv), everyday Chinese → the guidelines' words (corpus/synonyms_zh.tsv), words guidelines use
interchangeably, the corpus' common bigrams, and a speller for typos of its terms. Loaded once, checked at load."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.errors import ConfigError
from index.lexical import normalise

Glossary = dict[str, str]  # English term → the guidelines' Chinese terms (corpus/glossary_en_zh.tsv)


@dataclass(frozen=True)
class Lexicon:
    """The words a question is read with: English → Chinese terms (corpus/glossary_en_zh.tsv), everyday Chinese → the
    guidelines' terms (corpus/synonyms_zh.tsv), and the corpus' common character bigrams."""

    glossary: Glossary = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    vocab: frozenset[str] = frozenset()
    spell: Callable[[str], str] | None = None  # typos of the guidelines' terms → the terms (assistant/answer/spelling)
    equivalents: tuple[tuple[str, ...], ...] = ()  # words guidelines use for the same thing (实施周期/执行期/实施年限)

    def __post_init__(self) -> None:
        keys = sorted(self.synonyms, key=len, reverse=True)
        # a Latin key is a whole word ("rct" is not the "rct" of "arctic"); a Chinese one is found anywhere
        pattern = "|".join(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])" if k[:1].isascii() and k[-1:].isascii()
                           else re.escape(k) for k in keys)
        object.__setattr__(self, "_synonym_re", re.compile(pattern) if keys else None)

    def variants(self, text: str) -> list[str]:
        """The text, and the text with each equivalent word swapped for the others ("执行期" for "实施周期")."""
        out = [text]
        for group in self.equivalents:
            used = [w for w in group if w in text]
            if used:  # all of them swapped at once: "执行期 实施周期" (a synonym added the second) is one word twice
                said = re.compile("|".join(map(re.escape, sorted(used, key=len, reverse=True))))
                out += [said.sub(other, v) for v in list(out) for other in group]
        return list(dict.fromkeys(out))

    def with_synonyms(self, text: str) -> str:
        pattern = self._synonym_re  # type: ignore[attr-defined]
        return pattern.sub(lambda m: " " + self.synonyms[m.group(0)] + " ", text) if pattern else text


NO_LEXICON = Lexicon()


def load_synonyms(path: Path) -> tuple[dict[str, str], tuple[tuple[str, ...], ...]]:
    """corpus/synonyms_zh.tsv: `everyday<TAB>guideline words` lines, and `a|b|c` lines naming words guidelines use
    interchangeably."""
    if not path.exists():
        return {}, ()
    lines = path.read_text(encoding="utf-8").splitlines()
    groups = tuple(tuple(w.strip() for w in line.split("|") if w.strip()) for line in lines
                   if "|" in line and "\t" not in line and not line.startswith("#"))
    mapping = load_glossary(path, skip=lambda line: "|" in line and "\t" not in line)
    return mapping, groups


def load_glossary(path: Path, skip: Callable[[str], bool] = lambda _line: False) -> Glossary:
    """Blank lines and # comments skipped; a line without a tab is a mistake worth stopping for."""
    if not path.exists():
        return {}
    out: Glossary = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or skip(line):
            continue
        en, sep, zh = line.partition("\t")
        if not sep or not en.strip() or not zh.strip():
            raise ConfigError(f"{path}:{n}: expected 'english<TAB>中文', got {line!r}")
        out[normalise(en.strip())] = normalise(zh.strip())
    return out


def glossary_terms(norm: str, glossary: Glossary) -> str:
    extra = [zh for pattern, zh in _patterns(glossary) if pattern.search(norm)]
    return " ".join(extra)


_compiled: dict[int, tuple[Glossary, list[tuple[re.Pattern[str], str]]]] = {}


def _patterns(glossary: Glossary) -> list[tuple[re.Pattern[str], str]]:
    """Each entry's pattern, compiled once per glossary: a thousand entries outnumber re's own cache, and compiling
    them on every question cost an English question ~100 ms. Whole words for short entries ("cap" is not "capacity"),
    word starts for stems ("agricultur")."""
    cached = _compiled.get(id(glossary))
    if cached is None or cached[0] is not glossary or len(cached[1]) != len(glossary):
        cached = _compiled[id(glossary)] = (glossary, [
            (re.compile(rf"\b{re.escape(en)}" + (r"\b" if len(en) < 5 else "")), zh) for en, zh in glossary.items()])
    return cached[1]
