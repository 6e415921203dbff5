"""Pure scoring for `assistant eval`: eval pairs, one answer → PairResult, many results → metrics. No I/O here.

Metrics (each a share in [0, 1], or None when nothing was eligible):
- direction_accuracy: answerable pairs with expected_directions whose cited (edition, number) set covers them all;
- top_direction: the first cited direction is one of the expected ones;
- citation_precision: mean share of a pair's cited directions that are expected (informational: lists are long);
- fact_recall: facts (over answerable pairs) with at least one variant in the answer text, after `fact_norm`;
- refusal_precision / refusal_recall: positive class = refused (`answer.answerable is False`);
- ambiguity: ambiguous pairs whose citations cover both editions' expected directions.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.core.errors import ConfigError
from assistant.core.types import Answer
from index.clean import clean_inline

SHARE_METRICS = ("direction_accuracy", "top_direction", "citation_precision", "fact_recall", "refusal_precision",
                 "refusal_recall", "ambiguity", "verdict_accuracy", "turn_accuracy", "pass_rate")


class PairsError(ConfigError):
    """The eval pairs file cannot be used."""


class ExpectedDirection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    edition: str  # edition label, as in citations ("新版", "2022")
    number: str


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str


class EvalPair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    history: list[Turn] = Field(default_factory=list)
    category: str = Field(min_length=1)
    edition: Literal["新版", "2022", "both", "none"]
    expected_directions: list[ExpectedDirection] = Field(default_factory=list)
    facts: list[list[str]] = Field(default_factory=list)  # each fact: acceptable variants
    answerable: bool
    ambiguous: bool = False
    match: Literal["all", "any"] = "all"  # "any": one expected direction is enough (a recommendation)
    verdict: Literal["yes", "no"] | None = None  # a yes/no question: the answer's verdict must be this
    split: Literal["ci", "full", "holdout", "blind"]  # holdout/blind: written apart from the code, never tuned on
    kind: str = ""  # a conversation turn: first / followup / switch_rule / switch_direction / switch_oos / …
    conversation: str = ""  # the conversation id a turn belongs to; its history is the product's own earlier replies
    turn: int = 0
    note: str = ""  # why a blind pair's label was corrected after its first run (evals/README.md)

    @field_validator("facts")
    @classmethod
    def _variants(cls, facts: list[list[str]]) -> list[list[str]]:
        for i, fact in enumerate(facts):
            if not fact or not all(isinstance(v, str) and fact_norm(v) for v in fact):
                raise ValueError(f"fact {i + 1} needs at least one non-empty variant string")
        return facts

    @model_validator(mode="after")
    def _consistent(self) -> EvalPair:
        if not self.answerable and (self.expected_directions or self.facts):
            raise ValueError("an unanswerable pair has no expected_directions and no facts")
        if self.ambiguous and len({d.edition for d in self.expected_directions}) < 2:
            raise ValueError("an ambiguous pair lists expected directions of both editions")
        return self

    def history_dicts(self) -> list[dict]:
        return [t.model_dump() for t in self.history]


class ConversationTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    expected_directions: list[ExpectedDirection] = Field(default_factory=list)
    facts: list[list[str]] = Field(default_factory=list)
    answerable: bool
    ambiguous: bool = False
    match: Literal["all", "any"] = "all"
    verdict: Literal["yes", "no"] | None = None
    edition: Literal["新版", "2022", "both", "none"] = "none"


class Conversation(BaseModel):
    """Turns asked one after another; each turn is scored like a pair, with the earlier turns as its history."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    category: Literal["conversation"]
    split: Literal["ci", "full", "holdout", "blind"]
    turns: list[ConversationTurn] = Field(min_length=2)

    def pairs(self) -> list[EvalPair]:
        return [EvalPair(id=f"{self.id}.{i}", category=f"conv_{t.kind}", split=self.split, conversation=self.id,
                         turn=i, **t.model_dump(exclude={"kind"}), kind=t.kind)
                for i, t in enumerate(self.turns, 1)]


def _parse_line(data: object) -> list[EvalPair]:
    if isinstance(data, dict) and "turns" in data:
        return Conversation.model_validate(data).pairs()
    return [EvalPair.model_validate(data)]


def load_pairs(path: Path, split: str = "all") -> list[EvalPair]:
    """Pairs of `split` ("all", "ci" or "full"), conversations expanded into their turns (in order); a malformed line
    raises PairsError naming the line."""
    if not path.exists():
        raise PairsError(f"no eval pairs at {path}: create it (see evals/README.md for the schema)")
    pairs: list[EvalPair] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            parsed = _parse_line(json.loads(line))
        except json.JSONDecodeError as e:
            raise PairsError(f"{path}:{n}: not valid JSON ({e.msg} at column {e.colno})") from None
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "pair"
            raise PairsError(f"{path}:{n}: {where}: {err['msg']} (see evals/README.md for the schema)") from None
        for pair in parsed:
            if pair.id in seen:
                raise PairsError(f"{path}:{n}: duplicate id {pair.id!r} (first on line {seen[pair.id]})")
            seen[pair.id] = n
            pairs.append(pair)
    if split not in ("all", "ci", "full"):
        raise PairsError(f'unknown split {split!r}: use "all", "ci" or "full"')
    return [p for p in pairs if split == "all" or p.split == split]


# ---------------------------------------------------------------- matching
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))  # "0.25–1.5MHz" is "0.25-1.5MHz"


def fact_norm(text: str) -> str:
    """LaTeX → text, NFKC (width, superscripts), one hyphen for the dashes of a range, no whitespace, lower case.
    `≥` and `不少于` stay different."""
    s = unicodedata.normalize("NFKC", clean_inline(text)).translate(_DASHES)
    return "".join(s.split()).lower()


def fact_found(fact: Iterable[str], answer_text: str) -> bool:
    norm = fact_norm(answer_text)
    return any(fact_norm(v) in norm for v in fact)


def cited_directions(answer: Answer) -> list[tuple[str, str]]:
    """(edition label, direction number) of the citations, in order, without repeats; rule citations skipped."""
    out: list[tuple[str, str]] = []
    for c in answer.citations:
        key = (c.edition, c.direction)
        if c.direction and key not in out:
            out.append(key)  # type: ignore[arg-type]
    return out


def covers(cited: Iterable[tuple[str, str]], expected: Iterable[ExpectedDirection], match: str = "all") -> bool:
    have = set(cited)
    hits = [(d.edition, d.number) in have for d in expected]
    return any(hits) if match == "any" else all(hits)


# ---------------------------------------------------------------- one pair
class PairResult(BaseModel):
    id: str
    question: str
    category: str
    edition: str
    split: str
    expected: list[str]  # "新版 4.7"
    cited: list[str]
    refused: bool
    should_refuse: bool
    direction_ok: bool | None = None  # None = not scored for this pair
    top_ok: bool | None = None
    precision: float | None = None  # share of cited directions that are expected (a list of everything is low)
    facts_found: list[bool] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)  # first variant of each missed fact
    ambiguity_ok: bool | None = None
    verdict_ok: bool | None = None
    conversation: str = ""
    kind: str = ""
    verification_failed: bool = False
    mode: str = "extractive"
    latency_ms: float = 0.0
    answer: str = ""
    reasons: list[str] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.reasons)

    @property
    def confidently_wrong(self) -> bool:
        """Answered, yet with a wrong direction or a missing figure (an answered out-of-scope question is counted
        apart, as oos_answered)."""
        return not self.refused and not self.should_refuse and (self.direction_ok is False or bool(self.missing_facts))


def _label(edition: str, number: str) -> str:
    return f"{edition} {number}"


def score_pair(pair: EvalPair, answer: Answer) -> PairResult:
    cited = cited_directions(answer)
    refused = not answer.answerable
    r = PairResult(id=pair.id, question=pair.question, category=pair.category, edition=pair.edition,
                   split=pair.split, expected=[_label(d.edition, d.number) for d in pair.expected_directions],
                   cited=[_label(*c) for c in cited], refused=refused, should_refuse=not pair.answerable,
                   verification_failed=answer.verification is not None and not answer.verification.ok,
                   conversation=pair.conversation, kind=pair.kind,
                   mode=answer.mode, latency_ms=answer.latency_ms, answer=answer.answer)
    if refused != r.should_refuse:
        r.reasons.append("refused an answerable question" if refused else "answered an unanswerable question")
    if pair.answerable and pair.expected_directions:
        r.direction_ok = covers(cited, pair.expected_directions, pair.match)
        expected = {(d.edition, d.number) for d in pair.expected_directions}
        r.top_ok = bool(cited) and cited[0] in expected
        r.precision = round(sum(c in expected for c in cited) / len(cited), 4) if cited else 0.0
        if not r.direction_ok:
            r.reasons.append("cites " + (", ".join(r.cited) or "no direction") + "; expected " + ", ".join(r.expected))
    if pair.answerable:
        r.facts_found = [fact_found(f, answer.answer) for f in pair.facts]
        r.missing_facts = [f[0] for f, ok in zip(pair.facts, r.facts_found) if not ok]
        if r.missing_facts:
            r.reasons.append("missing facts: " + " | ".join(r.missing_facts))
    if pair.ambiguous:
        r.ambiguity_ok = covers(cited, pair.expected_directions)
        if not r.ambiguity_ok:
            r.reasons.append("ambiguous number not answered for both editions")
    if pair.verdict and pair.answerable:
        r.verdict_ok = answer.verdict == pair.verdict
        if not r.verdict_ok:
            r.reasons.append(f"verdict {answer.verdict or 'missing'}; expected {pair.verdict}")
    if r.verification_failed:
        r.reasons.append("verification failed: " + "; ".join(answer.verification.problems)[:200])  # type: ignore
    return r


# ---------------------------------------------------------------- many pairs
def _share(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def refusal_scores(refused: list[bool], should_refuse: list[bool]) -> tuple[float | None, float | None]:
    """(precision, recall) with refusal as the positive class; None when the denominator is 0."""
    tp = sum(1 for p, t in zip(refused, should_refuse) if p and t)
    predicted, actual = sum(refused), sum(should_refuse)
    return (round(tp / predicted, 4) if predicted else None, round(tp / actual, 4) if actual else None)


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 2) if values else None


def aggregate(results: list[PairResult]) -> dict:
    precision, recall = refusal_scores([r.refused for r in results], [r.should_refuse for r in results])
    latencies = [r.latency_ms for r in results]
    facts = [ok for r in results for ok in r.facts_found]
    return {
        "n": len(results),
        "direction_accuracy": _share([r.direction_ok for r in results if r.direction_ok is not None]),
        "top_direction": _share([r.top_ok for r in results if r.top_ok is not None]),
        "citation_precision": _mean([r.precision for r in results if r.precision is not None]),
        "fact_recall": _share(facts),
        "refusal_precision": precision,
        "refusal_recall": recall,
        "refusal_agreement": _share([r.refused == r.should_refuse for r in results]),
        "ambiguity": _share([r.ambiguity_ok for r in results if r.ambiguity_ok is not None]),
        "verdict_accuracy": _share([r.verdict_ok for r in results if r.verdict_ok is not None]),
        "turn_accuracy": _share([not r.failed for r in results if r.conversation]),
        "pass_rate": _share([not r.failed for r in results]),
        "confidently_wrong": _share([r.confidently_wrong for r in results]),
        "oos_answered": sum(r.should_refuse and not r.refused for r in results),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "verification_failures": sum(r.verification_failed for r in results),
        "llm_fallback_share": _share([r.mode == "llm_fallback" or r.verification_failed for r in results]),
        "failed_pairs": sum(r.failed for r in results),
        "scored": {"directions": sum(r.direction_ok is not None for r in results), "facts": len(facts),
                   "should_refuse": sum(r.should_refuse for r in results),
                   "ambiguous": sum(r.ambiguity_ok is not None for r in results)},
    }


def breakdown(results: list[PairResult], key: str) -> dict[str, dict]:
    groups: dict[str, list[PairResult]] = {}
    for r in results:
        groups.setdefault(getattr(r, key), []).append(r)
    return {k: aggregate(v) for k, v in sorted(groups.items())}


def ratio(ours: float | None, baseline: float | None) -> float | None:
    if ours is None or baseline is None or baseline == 0:
        return None
    return round(ours / baseline, 2)


# ---------------------------------------------------------------- thresholds
MAX_METRICS = ("latency_p95_ms", "latency_p50_ms", "verification_failures", "llm_fallback_share", "confidently_wrong",
               "oos_answered")


class Check(BaseModel):
    metric: str
    kind: Literal["min", "max"]
    threshold: float
    value: float | None
    ok: bool


def check_thresholds(metrics: dict, limits: dict[str, float]) -> list[Check]:
    """A `min` metric must be ≥ its limit, a `max` one ≤; a metric with nothing to score (None) passes."""
    checks = []
    for metric, limit in limits.items():
        if metric not in SHARE_METRICS and metric not in MAX_METRICS:
            raise ConfigError(f"unknown threshold {metric!r}: use one of {', '.join(SHARE_METRICS + MAX_METRICS)}")
        kind: Literal["min", "max"] = "max" if metric in MAX_METRICS else "min"
        value = metrics.get(metric)
        ok = value is None or (value >= limit if kind == "min" else value <= limit)
        checks.append(Check(metric=metric, kind=kind, threshold=float(limit), value=value, ok=ok))
    return checks
