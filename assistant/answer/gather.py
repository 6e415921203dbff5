"""Evidence: hybrid retrieval, and how far to trust it — which directions the guidelines really have for a question."""

from __future__ import annotations

import re

from assistant.answer import thresholds as T
from assistant.answer.compose import sentences
from assistant.answer.retrieve import DirectionHit, Retrieval, Retriever
from assistant.answer.terms import Terms
from assistant.answer.understand import Query
from assistant.core.types import Direction
from index.lexical import normalise, tokenize
from index.reader import LoadedIndex


# a named technology or model: letters and digits together ("6g", "h100", "pm2.5"), a token as the corpus has them
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_MODEL_NAME_RE = re.compile(r"(?=.*\d)(?=.*[a-z])[a-z0-9.\-]{2,12}")
# …but an amount with its unit ("120mm", "4kw") is a figure put forward, named by no text
_AMOUNT_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?(?:mm|cm|km|m|kw|kwh|mw|mwh|ms|s|h|kg|t|hz|khz|mhz|ghz|nm|um|mk|w|v|kv|gb|tb|db)")
_QUANTIFIER_RE = re.compile(r"[每各][一个项家]?个?")  # "每个项目": of every one, naming none


class Gatherer:
    def __init__(self, index: LoadedIndex, top_k: int, rrf_k: int) -> None:
        self.retriever = Retriever(index, top_k, rrf_k)
        self.weights = self.retriever.weights
        self.chars = frozenset("".join(doc.text for doc in index.documents))
        self.flat = {d.key: normalise(self.retriever.direction_text(d)).replace(" ", "")
                     for doc in index.documents for d in doc.directions}  # (the text, without spaces)
        pairs: dict[str, int] = {}
        for text in self.flat.values():
            for p in {text[i:i + 2] for i in range(len(text) - 1)}:
                pairs[p] = pairs.get(p, 0) + 1
        limit = T.COMMON_WORD_SHARE * len(self.flat)
        self.common_pairs = frozenset(p for p, n in pairs.items() if n >= limit)

    def search(self, q: Query, editions: list[str], within: list[Direction] = ()) -> Retrieval:
        return self.retriever.search(q, editions, within)

    def coverage(self, terms: Terms, d: Direction) -> float:
        return terms.coverage(self.retriever.direction_text(d), self.weights)

    def rule_coverage(self, q: Query, editions: list[str]) -> float:
        """How much of a question the best preamble sentence of these editions contains."""
        variants = [Terms.of(v) for v in q.rule_variants or [q.rule_topic_text]]
        texts = {it.text for ed in editions for p in self.retriever.index.document[ed].preamble for it in sentences(p)}
        return max((t.coverage(text, self.weights) for text in texts for t in variants), default=0.0)

    def named_coverage(self, q: Query, d: Direction) -> float | None:
        """How well a direction contains the name the question calls it by ("稀释制冷机那个方向"); None if unnamed.
        Latin words the corpus never uses (the asker's own abbreviation) are no evidence either way."""
        named = Terms(tuple(r for r in Terms.of(q.named_topic).runs if not (r.isascii() and not self.weights.df.get(r))))
        if not named or len("".join(named.runs)) < 2:  # two only when a title word (understand)
            return None
        # a character its title has in another word ("船上…" of "船舶…") counts half: a locative or a short form of
        # the title's word leaves the name's rarest character unfound otherwise (an English name's terms are rough)
        partial = T.OTHER_WORD_CREDIT if q.language == "zh" else 0.0
        return named.coverage(self.retriever.direction_text(d), self.weights, partial=partial, partial_in=d.title)

    def _named_in_title(self, q: Query, d: Direction) -> float:
        """(Not for a name of two characters: "换电" is in the title "氢-电转换电堆" only across two words.)"""
        if len(re.sub(r"\W", "", q.named_topic)) < 3:
            return 0.0
        return Terms.of(q.named_topic).coverage(normalise(d.title), self.weights)

    def holds_topic(self, terms: Terms, d: Direction) -> bool:
        """Does the direction hold the longest thing asked about as a whole, not its characters scattered?"""
        return terms.holds_longest(self.flat[d.key], self.common_pairs) >= T.MIN_TOPIC_PAIRS

    def title_named(self, q: Query, d: Direction) -> bool:
        """Does the question spell out the direction's title ("中国和埃及政府间合作的…")? Then it names that direction."""
        title = Terms.of(d.title)
        return len("".join(title.runs)) >= T.MIN_TITLE_NAMED_CHARS and title.coverage(q.norm, self.weights) >= \
            T.MIN_TITLE_NAMED

    def confident(self, r: Retrieval) -> list[DirectionHit]:
        """Directions the guidelines really have for this question, best first; [] when none is close enough."""
        if not r.directions:
            return []
        top = r.directions[0]
        if top.routed:
            return [d for d in r.directions if d.routed]
        q = r.query
        glossary = self.retriever.index.glossary
        if any(not self.weights.df.get(t) and t not in glossary for t in tokenize(q.spaced or q.norm)
               if _MODEL_NAME_RE.fullmatch(t) and not _AMOUNT_TOKEN_RE.fullmatch(t)):
            return []  # it names a thing ("6g", "h100") the guidelines never mention: nothing here is about it
        if q.language == "en":  # English words cannot be found in Chinese text: trust a clear dense winner
            if q.glossary and not self.retriever.known(q.glossary):
                return []  # it asks about something the guidelines never mention (a deadline, a salary…)
            z_needed = T.MIN_DENSE_Z_EN * (1 if q.glossary else 2)
            ok = r.dense_z >= z_needed or top.coverage >= T.MIN_DIRECTION_COVERAGE
            # "Is there a maximum budget per project": 经费, 亿元 are every project's words, naming none
            ok = ok and (not q.glossary or self._names_one(Terms.of(q.glossary), top.direction))
            named = self.named_coverage(q, top.direction)
            if ok and named is not None and named < T.MIN_NAMED:  # "for the ion-trap … topic": the one that has
                return self._by_name(r) or [top]  # that name (a rough translation: the best match, if named too)
            if ok and named is not None and (best := self._by_name(r)) and (
                    self.named_coverage(q, best[0].direction) or 0.0) >= named + T.EN_NAMED_MARGIN:
                return best  # "the deep-sea microbiome direction": 7.2 has the name whole, 7.1 only "深海"
        else:  # one character ("你好" → "好") cannot identify a direction, however well it is covered
            topic = Terms.of(q.topic)
            text = self.retriever.direction_text(top.direction)
            ok = (top.coverage >= T.MIN_DIRECTION_COVERAGE and len("".join(topic.runs)) >= 2
                  and topic.specific_share(text, self.weights) >= T.MIN_SPECIFIC_SHARE)
            # a topic of one short word ("区块链") is that word: two of its three characters elsewhere ("区块" of an
            # oil field) are not it
            # (four characters may be two words, "电网调频": each found whole is as good)
            run = topic.runs[0] if len(topic.runs) == 1 else ""
            if 3 <= len(run) <= 4 and not run.isascii():
                ok = ok and (run in text or (len(run) == 4 and run[:2] in text and run[2:] in text))
            # …and a one-word topic with a character the guidelines never use ("钠离子电池") is not in them at all
            if len(topic.runs) == 1 and len(topic.runs[0]) <= 6 and any(
                    _CJK_RE.match(c) and c not in self.chars for c in topic.runs[0]):
                ok = False
            if self.named_coverage(q, top.direction) is not None:
                return self._by_name(r)
            # "每个项目要发多少篇论文": what it shares with the best direction many directions have — it asks of all
            ok = ok and self._names_one(topic, top.direction)
        return [top] if ok else []

    def _names_one(self, topic: Terms, d: Direction) -> bool:
        """Does the direction have a word of the topic that few directions have? A run it has whole is that word
        ("国际合作人员互访" is in many); else a pair of its characters is."""
        flat = self.flat[d.key]
        for run in (r for r in topic.runs if len(r) >= 2 and not r.isascii() and not _QUANTIFIER_RE.fullmatch(r)):
            if run in flat:
                if sum(run in t for t in self.flat.values()) < T.COMMON_WORD_SHARE * len(self.flat):
                    return True
            elif any(p in flat and p not in self.common_pairs for p in (run[i:i + 2] for i in range(len(run) - 1))):
                return True
        return False

    def _by_name(self, r: Retrieval) -> list[DirectionHit]:
        """A direction called by name must be the one that has that name, not a neighbour sharing the question's other
        words: the best-named of the leading candidates, if it is named well enough."""
        scored = [(self.named_coverage(r.query, h.direction) or 0.0, h) for h in r.directions[:T.NAMED_CANDIDATES]]
        # of those that contain the name equally well, the one whose title has it ("混合计算平台" of 5.8, not a
        # direction that has 混合, 计算 and 平台 in its text)
        named, hit = max(scored, key=lambda x: (x[0], self._named_in_title(r.query, x[1].direction)))
        if named >= T.MIN_NAMED:
            return [hit]
        top_named, top = scored[0]  # else the best match for the whole question, if named loosely
        return [top] if top_named >= T.MIN_NAMED_LOOSE and top.coverage >= T.MIN_DIRECTION_COVERAGE else []
