"""Optional LLM answer mode: the model rewrites the extractive answer's evidence into prose, then is checked.

Flow: the extractive answer decides *whether* to answer (a refusal stays a refusal); its citations plus further
retrieved chunks of the same directions become numbered passages [C1]..[Cn]; the model must cite them; every sentence
and number is checked against the passages it cites (assistant.llm.check); ids become the product's citation markers
and grounding.verify runs on the result. Anything wrong → the extractive answer, marked mode "llm_fallback".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.compose import Kit
from assistant.answer.conversation import parse_history
from assistant.answer.gather import Gatherer
from assistant.answer.job import Job
from assistant.core.errors import ConfigError
from assistant.answer.verify import verify
from assistant.llm.client import LLM, LLMError, Message, OpenAICompatibleLLM
from assistant.llm.check import Passage, check_reply
from assistant.core.templates import PROMPTS_DIR, check
from assistant.core.settings import Settings
from assistant.core.types import Answer, Chunk, Citation, Span, Verification
from index.reader import LoadedIndex
from index.tokens import count_tokens, truncate_tokens

if TYPE_CHECKING:
    from assistant.answer.pipeline import Assistant

# The variables each LLM prompt must use (and may only use); checked when the LLM is attached, not mid-answer.
LLM_PROMPT_VARIABLES: dict[str, set[str]] = {
    "llm_system": set(),
    "llm_answer": {"question", "context", "language"},
    "llm_condense": {"history", "question"},
}
# Shown above the extractive answer when the endpoint fails, so the asker knows why the answer is quotes only.
UNAVAILABLE_NOTE = {"zh": "（LLM 服务不可用，以下为原文摘录答案）",
                    "en": "(The LLM service is unavailable; showing the answer quoted from the guidelines.)"}
_THINK_RE = re.compile(r"<think>.*?</think>", re.S)  # reasoning models (Qwen3, DeepSeek-R1) may emit these


@dataclass(frozen=True)
class LLMPrompts:
    system: str
    answer: str
    condense: str


def load_llm_prompts(folder: Path = PROMPTS_DIR) -> LLMPrompts:
    texts: dict[str, str] = {}
    for name, needed in LLM_PROMPT_VARIABLES.items():
        path = folder / f"{name}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot read LLM prompt {path}: {e}; restore it (see prompts/ in the repository)") from e
        try:
            check(name, text, needed, required=needed)
        except ValueError as e:  # a stray "{" or "}": str.format would fail on every answer
            raise ConfigError(f"LLM prompt {path} is not a valid template ({e}); write literal braces as {{{{ }}}}") from e
        texts[name] = text.strip()
    return LLMPrompts(texts["llm_system"], texts["llm_answer"], texts["llm_condense"])


class LLMRefiner:
    """The pipeline's optional last stage (assistant.answer.pipeline.Refiner): it sees the extractive answer and the
    evidence the pipeline gathered, never the pipeline itself."""

    def __init__(self, settings: Settings, index: LoadedIndex, kit: Kit, gather: Gatherer, llm: LLM,
                 prompts: LLMPrompts) -> None:
        self.settings, self.index, self.kit, self.gather = settings, index, kit, gather
        self.llm, self.prompts = llm, prompts

    def refine(self, job: Job, extractive: Answer) -> Answer:
        return llm_answer(self, job, extractive)

    def condense(self, history: list[dict] | None, question: str) -> str:
        return condense(self, history, question)


def attach_llm(assistant: Assistant, llm: LLM | None = None, prompts_dir: Path = PROMPTS_DIR) -> LLMRefiner:
    """Turn on LLM mode: prompts are loaded and checked first, so a broken prompt stops start-up."""
    prompts = load_llm_prompts(prompts_dir)
    refiner = LLMRefiner(assistant.settings, assistant.index, assistant.kit, assistant.gather,
                         llm or OpenAICompatibleLLM(assistant.settings), prompts)
    assistant.refiner = refiner
    return refiner


# ---------------------------------------------------------------------------------------------------- context
def chunk_citation(r: LLMRefiner, chunk: Chunk) -> Citation:
    """A chunk as a citation whose quote is its source span (the chunk text itself carries an embedding prefix)."""
    doc = r.index.document[chunk.edition]
    d = r.index.directions.get(f"{chunk.edition}:{chunk.number}") if chunk.number else None
    span = Span(start=chunk.start, end=chunk.end, text=doc.text[chunk.start:chunk.end])
    return r.kit.cite(d, chunk.edition, chunk.section, span, chunk.item if chunk.kind == "item" else None)


def _passage(r: LLMRefiner, pid: str, c: Citation) -> Passage:
    doc = r.index.document[c.document]
    names = {c.edition, doc.edition.display("zh"), doc.edition.display("en")}
    return Passage(id=pid, citation=c, about=" ".join(sorted(names | {c.direction or "", c.title or ""})))


def _fit(c: Citation, header: str, budget: int) -> Citation | None:
    """The first passage alone exceeds the budget: keep a prefix of its quote, so it stays literal source text."""
    keep = truncate_tokens(c.quote, max(budget - count_tokens(header) - 2, 0))
    while keep and not c.quote.startswith(keep):  # a cut inside a multi-byte character decodes to U+FFFD
        keep = keep[:-1]
    return c.model_copy(update={"quote": keep, "end": c.start + len(keep)}) if keep else None


def build_context(r: LLMRefiner, job: Job, extractive: Answer) -> list[Passage]:
    """Passages C1..Cn: the extractive citations first, then retrieved chunks of the same directions (or of the same
    editions' rules, for a rule answer), skipping spans already inside a passage, packed to llm_context_tokens."""
    wanted = {(c.document, c.direction) for c in extractive.citations}
    candidates = list(extractive.citations)
    for hit in r.gather.search(job.query, job.editions).hits:
        ch = hit.chunk
        if (ch.edition, ch.number or None) in wanted and (ch.number or ch.kind == "rule"):
            candidates.append(chunk_citation(r, ch))
    budget, used = r.settings.llm_context_tokens, 0
    passages: list[Passage] = []
    for c in candidates:
        if any(p.citation.document == c.document and p.citation.start <= c.start and c.end <= p.citation.end
               for p in passages):
            continue
        p = _passage(r, f"C{len(passages) + 1}", c)
        cost = count_tokens(p.render()) + 1
        if used + cost > budget:
            if passages:
                continue  # a smaller passage further down may still fit
            fitted = _fit(c, p.header(), budget)
            if fitted is None:
                continue
            p = _passage(r, p.id, fitted)
            cost = count_tokens(p.render()) + 1
        passages.append(p)
        used += cost
    return passages


def render_context(passages: list[Passage]) -> str:
    return "\n\n".join(p.render() for p in passages)


# ---------------------------------------------------------------------------------------------------- answer
def fallback(extractive: Answer, problems: list[str], note: str | None = None) -> Answer:
    text = f"{note}\n{extractive.answer}" if note else extractive.answer
    return extractive.model_copy(update={"answer": text, "mode": "llm_fallback",
                                         "verification": Verification(ok=False, problems=problems)})


def answer_messages(r: LLMRefiner, job: Job, passages: list[Passage]) -> list[Message]:
    prompts = r.prompts
    language = "English" if job.query.language == "en" else "Chinese (中文)"
    user = prompts.answer.format(question=job.query.text, context=render_context(passages), language=language)
    return [{"role": "system", "content": prompts.system}, {"role": "user", "content": user}]


def llm_answer(r: LLMRefiner, job: Job, extractive: Answer) -> Answer:
    if not extractive.answerable or not extractive.citations:
        return extractive  # the extractive path decided there is nothing to answer: the LLM may not overrule it
    try:
        passages = build_context(r, job, extractive)
        reply = r.llm.complete(answer_messages(r, job, passages))
    except LLMError as e:
        return fallback(extractive, [f"llm unavailable: {e}"], UNAVAILABLE_NOTE[job.lang])
    reply = _THINK_RE.sub("", reply).strip()
    result = check_reply(reply, passages, strip=r.settings.llm_on_fail == "strip")
    if not result.ok:
        return fallback(extractive, result.problems)
    names = " ".join(p.about for p in passages)
    grounded = verify(result.text, result.citations, r.index, allowed_text=names)
    if not grounded.ok:
        return fallback(extractive, result.problems + grounded.problems)
    problems = result.problems  # in strip mode: what was removed, for the log; the shown text passed every check
    return extractive.model_copy(update={"answer": result.text, "citations": result.citations, "mode": "llm",
                                         "verification": Verification(ok=True, problems=problems)})


# ---------------------------------------------------------------------------------------------------- condense
def condense(r: LLMRefiner, history: list[dict] | None, question: str) -> str:
    """A follow-up rewritten to stand alone (LLM mode, settings.llm_condense); the question itself on any failure."""
    turns = parse_history(history, r.settings.max_history_turns)
    if not r.settings.llm_condense or not turns:
        return question
    lines: list[str] = []
    budget = r.settings.llm_context_tokens // 2
    for t in reversed(turns):  # the most recent turns matter most; older ones are dropped first
        line = f"{t.role}: {t.content.strip()}"
        budget -= count_tokens(line)
        if budget < 0 and lines:
            break
        lines.insert(0, truncate_tokens(line, max(budget, 200)) if budget < 0 else line)
    prompt = r.prompts.condense.format(history="\n".join(lines), question=question)
    try:
        out = _THINK_RE.sub("", r.llm.complete([{"role": "user", "content": prompt}]))
    except LLMError:
        return question
    line = next((s.strip() for s in out.splitlines() if s.strip()), "")
    return line if 0 < len(line) <= r.settings.max_question_chars else question
