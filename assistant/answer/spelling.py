"""Small typos of the guidelines' own terms ("申保" → 申报, "考合指标" → 考核指标, "量子级连" → 量子级联).

A stretch of the question that the corpus never contains, but that differs by one character from a term the corpus
uses (a keyword, a domain name, a section label), is read as that term. Only same-length substitutions: an asker's
extra or missing character is left to the coverage measure, which tolerates it.
"""

from __future__ import annotations

import re

from assistant.core.types import Document

_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]{3,}")
# two-character terms are not corrected: one character off, half of every question would match one ("个题" → 课题);
# the few common two-character slips ("申保") are entries in corpus/synonyms_zh.tsv instead
MIN_TERM, MAX_TERM = 3, 8
_FUNCTION_CHARS = set("个几多少的了是有在和与要哪啥么呢吗吧这那些每各该其把被对从向给也都还就才")


class Speller:
    def __init__(self, documents: list[Document]) -> None:
        self._text = "\n".join(doc.text for doc in documents)
        terms: set[str] = set()
        for doc in documents:  # whole words only: fragments of titles would "correct" across word boundaries
            terms.update(dom.name for dom in doc.domains)
            for d in doc.directions:
                terms.update(d.keywords)
                terms.update(s.raw_name for s in d.sections)
        self._masked: dict[str, str | None] = {}
        for term in terms:
            if not MIN_TERM <= len(term) <= MAX_TERM or not _CJK_RUN_RE.fullmatch(term):
                continue
            for i in range(len(term)):
                key = term[:i] + "?" + term[i + 1:]
                # two terms one character apart: the typo is ambiguous, leave it
                self._masked[key] = None if self._masked.get(key, term) != term else term

    def correct(self, text: str) -> str:
        return _CJK_RUN_RE.sub(lambda m: self._run(m.group(0)), text)

    def _run(self, run: str) -> str:
        out = run
        for n in range(MAX_TERM, MIN_TERM - 1, -1):
            i = 0
            while i + n <= len(out):
                window = out[i:i + n]
                fix = self._fix(window, out[i - 1:i], out[i + n:i + n + 1])
                if fix and window not in self._text:  # a stretch the corpus has is not a typo
                    out = out[:i] + fix + out[i + n:]
                    i += n
                else:
                    i += 1
        return out

    def _fix(self, window: str, before: str, after: str) -> str | None:
        """The one term the window is a typo of. An edge character that forms a corpus word with its outer neighbour
        belongs to that word ("激光器|工作温度"), so it is not the typo."""
        found = set()
        for i in range(len(window)):
            if window[i] in _FUNCTION_CHARS:
                continue  # "几个行业" is not a typo of 银行业: a measure or question word is what the asker meant
            term = self._masked.get(window[:i] + "?" + window[i + 1:])
            if term is None:
                continue
            if (i == 0 and before and before + window[0] in self._text) or \
                    (i == len(window) - 1 and after and window[-1] + after in self._text):
                continue
            found.add(term)
        return found.pop() if len(found) == 1 else None
