"""A Job: one question, understood and placed in its conversation, ready for the answerer chosen for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.answer.retrieve import Retrieval
from assistant.answer.terms import Terms
from assistant.answer.understand import Query
from assistant.core.types import Direction

Answerer = Literal["rule", "direction", "structure", "recommend", "lookup", "refuse"]


@dataclass
class Job:
    query: Query
    editions: list[str]  # edition ids the answer may come from (the UI's filter wins over anything else)
    lang: Literal["zh", "en"]
    terms: Terms  # what the answer must contain: the question's topic (or the carried one, for a follow-up)
    directions: list[Direction] = field(default_factory=list)  # the directions it is about, once known
    followup: bool = False  # the directions were carried over from the conversation
    ambiguous: bool = False  # a bare number that several editions have
    missing: list[str] = field(default_factory=list)  # numbers asked for that the editions do not have
    retrieval: Retrieval | None = None
    part_retrievals: list[Retrieval] = field(default_factory=list)  # English: each part of a two-part question
    answerer: Answerer = "refuse"
    why: str = ""  # how the route was chosen, for the log and the eval's failure report
    # the rule sentences ranked for this question, by (editions, excluded words, retrieval): routing and answering
    # both need them, and ranking every preamble sentence is the costliest step once there are many editions
    rule_ranks: dict = field(default_factory=dict, repr=False, compare=False)
    # what is worked out once per question from a text that editions repeat word for word (a rule sentence's
    # coverage, what is asked of a direction): copies of an edition cost nothing more
    memo: dict = field(default_factory=dict, repr=False, compare=False)
