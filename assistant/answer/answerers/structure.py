"""The guidelines' own structure, from the parsed model: how many domains and directions an edition has, which they
are, which directions a domain or a category holds. Counts are derived by counting what is listed and cited."""

from __future__ import annotations

import re

from assistant.answer.clauses import clauses
from assistant.answer.compose import Draft, Kit, Line, sentences
from assistant.answer.job import Job
from assistant.core.types import Direction

# what the preamble itself says of its structure: a count, or the domains it names ("拟在碳中和、…等领域启动")
_DECLARED_RE = re.compile(r"共计\s*\d+\s*个|\d+\s*个领域|(?:拟在|围绕|聚焦)[^。；]{0,40}领域")


def answer(job: Job, kit: Kit) -> Draft:
    q, lang = job.query, job.lang
    draft = Draft()
    named = [(ed, dom) for ed, dom in q.domains if ed in job.editions]
    if q.domains and not named:  # "2022版有脑机接口领域吗": another edition has it, the one asked about does not
        draft.answerable = False
        for ed in job.editions:
            draft.add(kit.frame(lang, "domain_missing", edition_name=kit.edition_name(ed, lang),
                                domain=q.domain_names[0]))
        return draft
    if q.asks_categories:
        return _categories(job, kit)
    found = 0
    for ed in job.editions:
        doc = kit.doc(ed)
        if q.category:
            in_domains = [dom for e, dom in named if e == ed]
            found += _category(draft, job, kit, ed, q.category, in_domains)
        elif named:
            for e, number in named:
                if e == ed:
                    dom = next(x for x in doc.domains if x.number == number)
                    _directions(draft, kit, lang, ed, dom.name, dom.directions)
                    if dom.intro:  # "气候变化领域主要聚焦哪些内容": what the domain says it is about
                        kit.quote_line(draft, None, ed, dom.heading.text if dom.heading else dom.name, dom.intro, None)
        else:
            draft.add(kit.frame(lang, "structure_intro", edition_name=kit.edition_name(ed, lang),
                                domains=str(len(doc.domains)), count=str(len(doc.directions))))
            draft.counts |= {len(doc.domains), len(doc.directions)}
            _declared(draft, kit, ed)
            for dom in doc.domains:
                kit.domain_line(draft, ed, dom)
    if q.yesno and q.category and draft.citations:  # "矿产资源领域有没有基础研究类的方向"
        _verdict(draft, kit, lang, "yes" if found else "no")
    draft.answerable = bool(draft.citations)
    return draft


def _verdict(draft: Draft, kit: Kit, lang: str, verdict: str) -> None:
    draft.verdict = verdict
    draft.lines.insert(0, Line(kit.frame(lang, f"short_verdict_{verdict}"), [], False))


def _declared(draft: Draft, kit: Kit, edition: str) -> None:
    """The preamble's own count ("共计 55 个二级指南方向"), quoted, when it states one."""
    for p in kit.doc(edition).preamble:
        for it in sentences(p):
            for c in clauses(it):
                if _DECLARED_RE.search(c.text):
                    kit.quote_line(draft, None, edition, p.heading, c, None)


def _directions(draft: Draft, kit: Kit, lang: str, edition: str, domain: str, directions: list[Direction]) -> None:
    draft.add(kit.frame(lang, "list_domain_intro", edition_name=kit.edition_name(edition, lang), domain=domain,
                        count=str(len(directions))))
    draft.counts.add(len(directions))
    for d in directions:
        kit.title_line(draft, d)
        if (s := d.section("关键词")) is not None:  # what each is about, in its own words
            c = kit.cite(d, d.edition, s.raw_name, s, None)
            draft.add(f"{kit.frame(lang, 'list_keywords')}{s.text} {c.marker}", [c])


def _category(draft: Draft, job: Job, kit: Kit, edition: str, category: str, domains: list[str]) -> int:
    """The directions of a category (within the domains named), listed; how many there are."""
    lang = job.lang
    doc = kit.doc(edition)
    name = kit.edition_name(edition, lang)
    if not any(d.category for d in doc.directions):
        if len(job.editions) == 1 or edition in job.query.editions:
            draft.add(kit.frame(lang, "list_category_none", edition_name=name))
        return 0
    other = job.query.other_categories  # "极地那几个方向里有不是基础研究类的吗"
    hits = [d for d in doc.directions if d.category and (d.category != category if other else d.category == category)
            and (not domains or d.domain_number in domains)]
    draft.add(kit.frame(lang, "list_other_categories_intro" if other else "list_category_intro", edition_name=name,
                        category=category, count=str(len(hits))))
    draft.counts.add(len(hits))
    for d in hits:
        kit.title_line(draft, d)
    return len(hits)


def _categories(job: Job, kit: Kit) -> Draft:
    """Each edition's categories with how many directions each holds (one cited example per category); an edition
    that labels none says so (asked alone, its domains cited as what was read). A yes/no question gets the verdict
    this implies."""
    lang = job.lang
    draft = Draft()
    labelled = {}
    for ed in job.editions:
        doc = kit.doc(ed)
        name = kit.edition_name(ed, lang)
        groups: dict[str, list[Direction]] = {}
        for d in doc.directions:
            if d.category:
                groups.setdefault(d.category, []).append(d)
        labelled[ed] = bool(groups)
        if not groups:
            draft.add(kit.frame(lang, "list_category_none", edition_name=name))
            if len(job.editions) == 1:  # its domains are what was read; beside a labelled edition they add nothing
                for dom in doc.domains:
                    kit.domain_line(draft, ed, dom)
            continue
        draft.add(kit.frame(lang, "categories_intro", edition_name=name, count=str(len(groups))))
        draft.counts.add(len(groups))
        for category, members in groups.items():
            first = members[0]
            c = kit.cite(first, ed, "标题", first.title_span, None)
            draft.add(kit.frame(lang, "category_count", category=category, count=str(len(members)),
                                number=first.number, title=first.title) + f" {c.marker}", [c], bullet=True)
            draft.counts.add(len(members))
    if job.query.yesno:
        asked = [labelled[ed] for ed in job.editions]
        if all(asked) or not any(asked):
            _verdict(draft, kit, lang, "yes" if all(asked) else "no")
    draft.answerable = bool(draft.citations)
    return draft
