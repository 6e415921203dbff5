""""我们做X，应该报哪个方向？": up to three directions, each with the phrase of its text that matches X; when none
really covers X, the answer says so and names the nearest ones as suggestions only."""

from __future__ import annotations

from assistant.answer import thresholds as T
from assistant.answer.clauses import clauses
from assistant.answer.compose import Draft, Kit
from assistant.answer.job import Job
from assistant.core.types import Direction


def answer(job: Job, kit: Kit) -> Draft:
    r = job.retrieval
    draft = Draft()
    hits = r.directions if r else []
    fits = [h for h in hits[: T.RECOMMEND_MAX * 3] if h.coverage >= T.RECOMMEND_MIN_COVERAGE]
    fits = [h for h in fits if h.coverage >= fits[0].coverage - 0.15][: T.RECOMMEND_MAX] if fits else []
    if not fits:
        draft.answerable = False
        draft.add(kit.frame(job.lang, "recommend_none"))
        draft.suggestions = kit.suggestions([h.direction for h in hits[: T.RECOMMEND_MAX]
                                             if h.coverage >= T.SUGGESTION_MIN_COVERAGE])
        return draft
    draft.add(kit.frame(job.lang, "recommend_intro"))
    for h in fits:
        _why(draft, job, kit, h.direction)
    return draft


def _why(draft: Draft, job: Job, kit: Kit, d: Direction) -> None:
    """The direction's title, then the sentence of its research content (or any section) that matches the work."""
    kit.title_line(draft, d)
    pool = [(s, it) for s in d.sections if s.name != "关键词" for it in s.items]
    if not pool:
        return
    # the research content says what a direction is about; another section only if it matches clearly better
    s, it = max(pool, key=lambda p: kit.coverage(job.terms, p[1].text) + (0.2 if p[0].name == "研究内容" else 0.0))
    phrase = max(clauses(it), key=lambda c: kit.coverage(job.terms, c.text), default=it)
    c = kit.cite(d, d.edition, s.raw_name, phrase, it.index)
    draft.add(f"{kit.frame(job.lang, 'recommend_because')}{phrase.text} {c.marker}", [c])
