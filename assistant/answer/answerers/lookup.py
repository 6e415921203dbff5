"""Which direction is about X: the titles of the directions that really contain the question's topic."""

from __future__ import annotations

from assistant.answer import thresholds as T
from assistant.answer.compose import Draft, Kit
from assistant.answer.job import Job


def answer(job: Job, kit: Kit) -> Draft:
    draft = Draft()
    draft.add(kit.frame(job.lang, "lookup_intro"))
    for d in job.directions:
        kit.title_line(draft, d)
    return draft


def close_directions(job: Job) -> list:
    """The directions a lookup lists: every one about the topic for "哪些方向…", else the clear winners."""
    r = job.retrieval
    assert r is not None and r.directions
    top = r.directions[0]
    if job.query.plural and (job.lang != "en" or job.query.glossary):
        return [d.direction for d in r.directions[:T.LOOKUP_MAX] if d.coverage >= top.coverage - 0.05]
    return [d.direction for d in r.directions[:3] if d.score >= top.score * T.LOOKUP_CLOSE_RATIO
            and (job.lang == "en" or d.coverage >= T.MIN_DIRECTION_COVERAGE)] or [top.direction]
