""""我们做X，应该报哪个方向？": up to three directions, each with the phrase of its text that matches X; when none
really covers X, the answer says so and names the nearest ones as suggestions only."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import thresholds as T
from assistant.answer.clauses import clauses
from assistant.answer.compose import Draft, Kit
from assistant.answer.job import Job
from assistant.answer.lexicon import glossary_terms
from assistant.answer.terms import Terms
from assistant.answer.understand import drop_words
from assistant.core.types import Direction


# who asks and how they ask it, not what they work on ("我们团队…报哪个好")
_ASKER_RE = re.compile(r"申报|报|合适|适合|对口|沾边|搭边|挂钩|相关|有关|相近|接近|好|团队|课题组|课题|实验室|公司|企业|医院|设计院|研究所|"
                       r"研究院|单位|最|用|一直|在做|做|搞|从事|开展|是|"
                       # …nor whom they work with ("想和德国一个研究所合作")
                       r"合作|国际|国外|外方|[\u4e00-\u9fff]国(?![家际内产])|大学|高校|院校|机构|"
                       r"\b(we|our|us|work|on|build|make|which|direction|apply|under|should)\b")


def work_terms(salient: str, vocab: frozenset[str]) -> Terms:
    """What the asker works on: the salient words without the asking ones, and without the characters those leave
    alone."""
    runs = Terms.of(drop_words(salient, _ASKER_RE, vocab)).runs
    longer = tuple(r for r in runs if len(r) > 1)
    return Terms(longer or runs)

def answer(job: Job, kit: Kit) -> Draft:
    r = job.retrieval
    draft = Draft()
    # in the guidelines' words and in the asker's own ("国外大学" is their partner, not 国（境）外合作单位)
    q = job.query
    texts = dict.fromkeys([q.salient, q.plain or q.salient])
    works = [job.terms] if job.lang == "en" else [work_terms(t, kit.lexicon.vocab) for t in texts]
    work = works[0]
    # "冠心病的AI辅助诊断": a Latin word the guidelines also write in Chinese (AI / 人工智能) counts in either
    spelled = Terms.of(" ".join((glossary_terms(r, kit.lexicon.glossary).split() or [r])[0] if r.isascii() else r
                                for r in work.runs))
    scored = sorted(((max(kit.coverage(w, kit.direction_text(h.direction)) for w in (*works, spelled)), h.direction)
                     for h in (r.directions if r else [])[: T.RECOMMEND_MAX * 4]), key=lambda x: -x[0])
    fits = [(c, d) for c, d in scored if c >= T.RECOMMEND_MIN_COVERAGE]
    fits = [(c, d) for c, d in fits if c >= fits[0][0] - 0.15][: T.RECOMMEND_MAX] if fits else []
    if not fits:  # say so; the nearest ones, if any come close, with the phrase that is close
        draft.answerable = False
        draft.add(kit.frame(job.lang, "recommend_none"))
        nearest = [d for c, d in scored[: T.RECOMMEND_MAX] if c >= T.RECOMMEND_NEAREST_COVERAGE]
        if nearest:
            draft.add(kit.frame(job.lang, "recommend_nearest"))
            for d in nearest:
                _why(draft, replace(job, terms=work), kit, d)
        return draft
    draft.add(kit.frame(job.lang, "recommend_intro"))
    for _, d in fits:
        _why(draft, replace(job, terms=work), kit, d)
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
