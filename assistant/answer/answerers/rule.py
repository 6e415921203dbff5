"""Rules: the preamble sentences that bind every direction (参与单位数, 实施周期, 国（境）外合作单位, 经费 …).

A rule question is answered from the preamble or refused — never with some direction's metrics. The lead line quotes
the clause that answers (with a yes/no verdict when asked); then each edition's sentence; then how the editions differ,
only when the quoted clauses do. When no sentence answers but one is close, the refusal quotes it as the closest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer import thresholds as T
from assistant.answer.clauses import (
    ASKS_LIMIT_RE, ASKS_TOTAL_RE, CALL_TOTAL_RE, COUNTRIES_RE, LIMIT_RE, NO_LIMIT_RE, PERMITS_RE, TOTAL_RE, WHICH_COUNTRY_RE,
    clauses, has_figure, has_unit, names_either, names_kind, windows,
)
from assistant.answer.compose import Draft, Kit, sentences
from assistant.answer.job import Job
from assistant.answer.terms import Terms
from assistant.answer.understand import GENERIC_WORDS
from assistant.answer.verdict import asks_exists, asks_without, decide, proposed_number, requires, states_floor, states_number
from assistant.core.types import Direction, DirectionField, Item, RulePassage, Span
from index.lexical import normalise


# what a limit or a total is called: a question is about the thing limited, which the rule must name too
_LIMIT_WORDS = "上限 下限 不超过 不少于 不低于 最多 最少 至多 至少 限制 总共 一共 总计 总数"


@dataclass
class RulePick:
    edition: str
    coverage: float
    core: float  # coverage of the question without its limit words ("单项经费上限" → 单项经费)
    passage: RulePassage
    sentence: Item
    clause: Span

    @property
    def key(self) -> str:
        return normalise(self.clause.text).replace(" ", "")


def _rank_coverage(kit: Kit, job: Job, text: str, variants: list[Terms]) -> tuple[float, Terms]:
    """Worked out once per sentence text for a question: editions repeat their rules word for word."""
    key = (text, tuple(variants))
    if key not in job.memo:
        job.memo[key] = max(((kit.rule_coverage(t, text), t) for t in variants), key=lambda x: x[0])
    return job.memo[key]


def rank(kit: Kit, job: Job, edition: str, variants: list[Terms]) -> list[RulePick]:
    """Rule sentences of one edition, best first. Dense hits on rule chunks lift the sentences they hold (a question
    in other words still lands on its rule) without changing the coverage, which stays the honest measure."""
    q = job.query
    spans = [(h.chunk.start, h.chunk.end) for h in (job.retrieval.rules[:2] if job.retrieval else [])
             if h.chunk.edition == edition]
    picks = []
    for p in kit.doc(edition).preamble:
        for it in sentences(p):
            # ranked by rarity among the rules ("中方" tells rule sentences apart, "申报" does not); the coverage kept
            # for deciding whether it answers is the corpus-wide one the thresholds were set on
            rank_cov, terms = _rank_coverage(kit, job, it.text, variants)
            lift = T.RULE_DENSE_LIFT if any(a <= it.start and it.end <= b for a, b in spans) else 0.0
            unit = 0.1 if q.asked_unit and has_unit(it.text, q.asked_unit) else 0.0
            # the lift scales with what the sentence shares with the question: a dense hit lifts a sentence about
            # it past a near-equal one, not a sentence about something else past one that names it
            picks.append((rank_cov * (1 + lift) + unit, terms, RulePick(edition, 0.0, 0.0, p, it, it)))
    picks.sort(key=lambda x: (-x[0], x[2].sentence.start))
    for n, (_, terms, pick) in enumerate(picks[:3]):  # only the leading sentences are quoted, the first leads
        text = pick.sentence.text
        pick.coverage = max(kit.coverage(t, text) for t in variants)
        pick.core = max(kit.coverage(t.minus(_LIMIT_WORDS), text) if t.minus(_LIMIT_WORDS) else pick.coverage
                        for t in variants)
        if n == 0 or answers(pick, job):  # the lead of each that may answer
            pick.clause = max(windows(pick.sentence) or [pick.sentence], key=lambda c: _lead_score(kit, q, terms, c))
            if ASKS_LIMIT_RE.search(q.norm):
                pick.clause = _run_on_to(pick.sentence, pick.clause,
                                         lambda t: bool(LIMIT_RE.search(t) or PERMITS_RE.search(t)))
            elif q.count or q.asked_unit:
                pick.clause = _run_on_to(pick.sentence, pick.clause, has_figure)
    return [p for _, _, p in picks]


def _run_on_to(sentence: Item, clause: Span, states) -> Span:
    """A quantity (or limit) asked of a clause without one: the lead runs on to the sentence's next clause stating it
    ("在同一研究方向下，当出现…的情况时，可同时支持 2 项"), so the lead line carries the answer, still a literal slice."""
    if states(clause.text):
        return clause
    later = [c for c in clauses(sentence) if c.start >= clause.end and states(c.text)]
    if not later:
        return clause
    end = later[0].end
    return Span(start=clause.start, end=end, text=sentence.text[clause.start - sentence.start:end - sentence.start])


def _lead_score(kit: Kit, q, terms: Terms, c: Span) -> float:
    """The lead clause: what the question names, with the figure it asks for; one clause beats two when as good."""
    quantity = q.count or bool(q.asked_unit)
    return (kit.rule_coverage(terms, c.text)
            + (0.2 if q.asked_unit and has_unit(c.text, q.asked_unit) else 0)
            + (0.15 if quantity and has_figure(c.text) else 0)
            + (0.1 if ASKS_LIMIT_RE.search(q.norm) and LIMIT_RE.search(c.text) else 0)
            + (0.1 if ASKS_LIMIT_RE.search(q.norm) and NO_LIMIT_RE.search(c.text) else 0)  # "最多几家" → "不设上限"
            + (0.15 if asks_without(q.norm) and requires(c.text) else 0)  # "可以不找外方吗" → "须有 1 个…"
            - (0.05 if "，" in c.text or "," in c.text else 0))


def answers(pick: RulePick, job: Job) -> bool:
    q = job.query
    if q.answer_type:  # a date, a person, an address: no rule sentence states one
        return False
    if len(re.findall(r"[\u3400-\u9fff]", q.rule_topic_text)) < 2:
        return False  # one character ("年") is found in any sentence; it identifies no rule
    if q.asked_unit and not has_unit(pick.sentence.text, q.asked_unit):
        return False  # "每个项目多少经费" is not answered by "每个方向支持 1~2 项"
    if ASKS_LIMIT_RE.search(q.norm) and not LIMIT_RE.search(pick.clause.text) and not (
            PERMITS_RE.search(pick.clause.text) and pick.core >= T.RULE_PLAINLY_ABOUT):
        return False  # "单个项目经费上限" is not answered by "国拨经费概算约 3 亿元" (a total, not a limit)
    if ASKS_TOTAL_RE.search(q.norm) and not TOTAL_RE.search(pick.sentence.text):
        return False  # "总共支持多少个项目" is not answered by "每个方向拟支持 1~2 项" (per direction, not a total)
    if (job.directions or _PER_ONE_RE.search(q.norm)) and CALL_TOTAL_RE.search(pick.clause.text):
        return False  # "这个方向/单个项目国拨经费多少" is not answered by the whole call's "国拨经费概算约 3 亿元"
    share = _SHARE_OF_RE.search(q.norm)
    if share and not _ASKING_CHARS.intersection(share.group(1)) and share.group(1) not in _SOME \
            and share.group(1) not in pick.sentence.text:
        return False  # "出资比例多少" is not answered by "论文…发表在我国科技期刊上的比例": a share of something else
    if any(asks.search(q.norm) and not said.search(pick.sentence.text) for asks, said in _WHO):
        return False  # "同一个单位能同时申报两个方向吗" is not answered by "同一研究方向…可同时支持 2 项"
    if _ASKS_LEAST_RE.search(q.norm) and not (_STATES_LEAST_RE.search(pick.sentence.text) and (
            "中方" in pick.sentence.text or not _CHINESE_SIDE_ONLY_RE.search(q.norm))):
        return False  # "中方单位最少要几家": not "不超过 10 家" (a most), nor "须有 1 个国（境）外…" (the other side)
    if _CHINESE_SIDE_ONLY_RE.search(q.norm) and not asks_without(q.norm) and \
            _OTHER_SIDE_RE.search(pick.clause.text) and "中方" not in pick.clause.text:
        return False  # "中方单位数量有限制吗" is not answered by "国（境）外参与单位数量不限": the other side's (but
        # "国内单位自己单独申报" is, by "须有 1 个国（境）外合作单位")
    if not names_kind(q.required, pick.sentence.text):
        return False  # "外方必须是电力企业吗" is not answered by "须有 1 个国（境）外合作单位": it names no such kind
    if not names_either(q.alternatives, pick.sentence.text):
        return False  # "项目评审是线上还是线下" is not answered by "…评审结果前两位评价相近…": it names neither
    if WHICH_COUNTRY_RE.search(q.norm) and not COUNTRIES_RE.search(pick.sentence.text):
        return False  # "外方要找哪个国家的" is not answered by "须有 1 个国（境）外合作单位": it names none
    if not _names_something_asked(job, pick):
        return False  # "申报要交哪些材料" is not answered by "项目统一按…申报": only the words every rule uses
    return pick.coverage >= T.MIN_RULE_COVERAGE and pick.core >= T.MIN_RULE_CORE_COVERAGE


def _names_something_asked(job: Job, pick: RulePick) -> bool:
    """The sentence shares a word with what is asked beyond the words every rule is written in, or nothing beyond
    those words is asked (in some wording of the question)."""
    text = normalise(pick.sentence.text).replace(" ", "")
    for terms in rule_terms(job):
        specific = [r for r in terms.runs if len(r) >= 2 and r not in GENERIC_WORDS]
        if not specific or any(r[i:i + 2] in text for r in specific for i in range(len(r) - 1)):
            return True
    return False


_SHARE_OF_RE = re.compile(r"([\u4e00-\u9fff]{2})的?(?:比例|占比|比重)")
_ASKING_CHARS = set("有啥么多少什求个的要是吗呢怎几")  # "有啥比例要求" names no share
_SOME = {"一定", "某种", "一些", "相当", "固定"}  # "一定比例": nor does a share left open
_ASKS_LEAST_RE = re.compile(r"最少|至少|起码|下限|\bat least\b|minimum", re.I)
_STATES_LEAST_RE = re.compile(r"不少于|不低于|至少|须有|需有|≥|以上|下限")
_OTHER_SIDE_RE = re.compile(r"国（境）外|国\(境\)外|国境外|外方")
_CHINESE_SIDE_ONLY_RE = re.compile(r"^(?!.*(?:外方|国外|境外|海外|外国|foreign|overseas))"
                                   r".*(?:中方|国内单位|chinese (?:institution|partner|side|unit|organi))", re.I)
# who a rule question is about (an institution, a person): a sentence that names neither binds neither
_WHO = [(re.compile(r"负责人|牵头人|(?<![整每这那各])个人(?!工)|同一人|\bpi\b"), re.compile(r"负责人|牵头人|个人")),
        (re.compile(r"(?:同一|一)个?单位|一家单位"), re.compile(r"单位")),
        # "可以同时申报两个项目吗": an applicant's several applications, which "可同时支持 2 项" (funding) does not rule on
        (re.compile(r"(?:同时|重复|多头)申报|申报[^，,。？?]{0,3}(?:两|二|2|多|几)个?(?:项目|方向)"),
         re.compile(r"(?:同时|重复|多头)申报|限项")),
        # "一个单位最多牵头几个项目": leading a project is a role no preamble sentence names
        (re.compile(r"牵头[^，,。？?]{0,6}(?:几|多少)个?项目?"), re.compile(r"牵头"))]


def rule_terms(job: Job) -> list[Terms]:
    """What a rule question is about, keeping the words rules are written in (研究内容, 项目, 申报 …), in each of the
    equivalent wordings (实施周期 / 执行期 / 实施年限)."""
    texts = job.query.rule_variants or [job.query.rule_topic_text]
    if job.query.yesno:  # "想拉12家单位，可以吗": the amount proposed is checked against the rule, not looked for in it
        texts = [_PROPOSED_RE.sub(r" \1 ", t) for t in texts]
    if not job.query.count:
        return [Terms.of(t) for t in texts]
    # beside the count asked, a numeral names nothing ("同一研究方向" would win on "一个方向一般支持几项"'s 一)
    return [Terms.of(t).without_numerals() for t in texts]


# (its unit stays: "能不能超过3年" is about years, which tells the duration clause from the one counting units)
_PROPOSED_RE = re.compile(r"(?:\d+(?:\.\d+)?|[两三四五六七八九十]{1,3}(?=\s*家))\s*([家个项年篇名人次岁月天]?)")


def best(kit: Kit, job: Job) -> dict[str, RulePick]:
    """Each edition's best rule sentence: the first of the leading ones that answers, else the leading one."""
    return {ed: _answering(ranked, job) for ed, ranked in ranked_by_edition(kit, job).items()}


def _answering(ranked: list[RulePick], job: Job) -> RulePick:
    # "一共拟支持多少个项目" is answered by "拟支持约 55 个项目", not by "每个方向拟支持 1~2 项", which ranks first;
    # "指南鼓励什么样的合作方式" by "鼓励产学研用合作", not by "…完成指南中明确的…", whose rarer words lead
    fitting = [p for p in ranked[:3] if answers(p, job)]
    # "拟支持的项目数是不是大概55个" is checked against "拟支持约 55 个项目", which states that amount, not "1~2 项"
    n = proposed_number(job.query.norm) if job.query.yesno and not job.query.compare else None  # (not "两个版本")
    stating = [p for p in fitting if states_number(normalise(p.sentence.text), n, job.query.norm)] if n is not None else []
    # "没有国外合作单位能报吗" is decided by "须有 1 个（或以上）国（境）外合作单位", not by "应与…具有良好的合作基础"
    floors = [p for p in fitting if states_floor(normalise(p.sentence.text))] \
        if job.query.yesno and asks_without(job.query.norm) else []
    return (stating or floors or fitting or ranked)[0]


def ranked_by_edition(kit: Kit, job: Job, exclude: str = "") -> dict[str, list[RulePick]]:
    key = (tuple(job.editions), exclude, id(job.retrieval), job.query.text)
    if key not in job.rule_ranks:
        variants = [t.minus(exclude) for t in rule_terms(job)] if exclude else rule_terms(job)
        job.rule_ranks[key] = {ed: ranked for ed in job.editions if (ranked := rank(kit, job, ed, variants))}
    return job.rule_ranks[key]


# what a question says when it asks for one of a direction's own rules (index/sections.py names the fields)
FIELD_QUESTIONS: dict[str, re.Pattern[str]] = {
    "实施周期": re.compile(r"实施周期|执行期|实施年限|周期|年限|几年|多久|多长时间|how long|duration", re.I),
    "拟支持项目数": re.compile(r"拟支持项目数|项目数|支持几项|支持多少|几个项目|几项|how many projects", re.I),
    "经费": re.compile(r"经费|资助|多少钱|预算|funding|budget", re.I),
    "参与单位": re.compile(r"参与单位|参加单位|单位总数|几家|participating", re.I),
    "合作协议": re.compile(r"合作协议|协定|agreement", re.I),
}


def own_fields(job: Job) -> list[tuple[Direction, DirectionField]]:
    """The directions' own rules the question asks about ("这个方向的实施周期"): they override the preamble's."""
    asked = {name for name, pat in FIELD_QUESTIONS.items() if pat.search(job.query.norm)}
    return [(d, f) for d in job.directions for f in d.fields if f.name in asked]


def answer(job: Job, kit: Kit) -> Draft:
    lang = job.lang
    draft = Draft()
    for d, f in own_fields(job):  # a direction's own rule first; the preamble's follows, as the general rule
        section = next((s.raw_name for s in d.sections if s.start <= f.start < s.end), f.raw_name)
        c = kit.cite(d, d.edition, section, f, None)
        said = decide(job.query.norm, normalise(f.text)) if job.query.yesno else None
        if said and draft.verdict is None:  # "参加单位里是不是必须有第三方检测机构": its own rule decides
            draft.verdict = said
            draft.add(kit.frame(lang, f"short_verdict_{said}"))
        draft.add(kit.frame(lang, "field_lead", direction=kit.direction_label(d, lang)) + f"{f.text} {c.marker}", [c])
    if not draft.lines:
        return _preamble(job, kit)
    # the general rule that a direction's own one overrides is its own edition's, found by what is asked of the
    # direction (its 实施周期), not by the words that name it
    own = replace(job, editions=list(dict.fromkeys(d.edition for d in job.directions)))
    general = _preamble(own, kit, exclude=" ".join(d.title for d in job.directions) + job.query.named_topic)
    if general.answerable and general.citations:
        draft.add(kit.frame(lang, "field_overrides"))
        draft.extend(general)
    return draft


def _preamble(job: Job, kit: Kit, exclude: str = "") -> Draft:
    q, lang = job.query, job.lang
    ranked = ranked_by_edition(kit, job, exclude)
    picks = {ed: _answering(r, job) for ed, r in ranked.items()}
    answered = {ed: p for ed, p in picks.items() if answers(p, job)}
    best = max(answered.values(), key=lambda p: p.coverage, default=None)
    # an edition whose best sentence is far weaker than another's, or is about something else, does not say it: it
    # is silent, not different ("实施周期不超过 3 年" and "实施周期一般不超过 3 年" are one rule in two wordings)
    answered = {ed: p for ed, p in answered.items() if p is best or (
        p.coverage >= best.coverage - T.RULE_EDITION_MARGIN
        and _same_rule(kit, best.clause.text, p.clause.text))}
    draft = Draft()
    if not answered:
        return _elsewhere(job, kit) or related(job, kit, picks)
    rest = {ed: _runs_on(p) for ed, p in answered.items()}  # the sentences that carry on each edition's rule
    verdicts = {ed: decide(q.norm, _with_rest(p.clause.text, rest[ed]))
                or decide(q.norm, _with_rest(p.sentence.text, rest[ed])) for ed, p in answered.items()}
    if q.yesno:
        draft.verdict = _compared(job, answered) if q.compare else _one(verdicts)
        depends = draft.verdict is None and any(_DEPENDS_RE.search(_with_rest(p.sentence.text, rest[ed]))
                                                and p.core >= T.RULE_PLAINLY_ABOUT for ed, p in answered.items())
        if draft.verdict is None and not q.compare and not depends:
            # "外方单位能不能分到国拨经费？" against "国拨经费概算约 3 亿元": a clause that cannot say yes or no does not
            # answer a yes/no question — it is the closest the guidelines come
            return related(job, kit, picks)
    else:
        depends = False
    # "报的项目不多还会立项吗" against "…将组织专家组审核研判是否开展项目评审立项": the rule is that it is decided case
    # by case — the answer, said as such
    lead = kit.frame(lang, f"verdict_{draft.verdict or 'depends'}") if draft.verdict or depends else ""
    cites = [kit.cite(None, p.edition, p.passage.heading, p.clause, None) for p in answered.values()]
    quotes = "；".join(dict.fromkeys(c.quote for c in cites))  # the same clause in two editions is said once
    gloss = kit.english_gloss(quotes) if lang == "en" else ""
    draft.add(f"{lead}{gloss}{quotes} " + " ".join(c.marker for c in cites), cites)
    for ed, p in answered.items():
        draft.add(kit.frame(lang, "rule_intro", edition_name=kit.edition_name(ed, lang)))
        # a rule often runs on in the next sentence ("…可同时支持 2 项。2 个项目将采取分两个阶段支持的方式。")
        close = [r for r in ranked[ed][:3] if r is not p and r.coverage >= max(T.MIN_RULE_COVERAGE, p.coverage * T.RULE_CLOSE_RATIO)]
        quoted = {r.sentence.start: r.sentence for r in [p, *close]}
        quoted.update({it.start: it for it in rest[ed]})
        for start in sorted(quoted):
            kit.quote_line(draft, None, ed, p.passage.heading, quoted[start], None)
    _differences(draft, job, kit, answered)
    return draft


def _runs_on(pick: RulePick) -> list[Item]:
    """The sentences right after the rule's that carry on with its figure ("…可同时支持 2 项。2 个项目将采取分两个阶段
    支持的方式。第一阶段完成后将对 2 个项目…"): the rest of the same rule, whatever words they use."""
    said = set(_DIGITS_RE.findall(pick.sentence.text))
    following = [it for it in sentences(pick.passage) if it.start >= pick.sentence.end]
    out = []
    for it in following[:T.RULE_RUNS_ON]:
        if not said & set(_DIGITS_RE.findall(it.text)):
            break
        out.append(it)
    return out


_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
_PER_ONE_RE = re.compile(r"单个|每个项目|每项|每一个项目|一个项目|项目一个|一个能拿|单项|单独一个|"
                         r"(?:每个|各个|这几个|那几个|这些|那些)方向|各是多少|分别是多少|各多少|各有多少|"
                         r"per (?:individual )?project|(?:each|every|one|a single|an individual|that|this) (?:individual |single )?project",
                         re.I)
_DEPENDS_RE = re.compile(r"是否|研判|视情况|根据.{0,12}(结果|情况)确定")


def _with_rest(text: str, rest: list[Item]) -> str:
    """A clause and the rest of its rule: "是一次性给钱吗" is decided by "分两个阶段支持", a sentence later."""
    return "".join([text, *(it.text for it in rest)])


def _same_rule(kit: Kit, a: str, b: str) -> bool:
    """Do two editions' clauses state one rule (in their own words)? One must contain most of the other."""
    return max(kit.coverage(Terms.of(a), b), kit.coverage(Terms.of(b), a)) >= T.RULE_SAME_TOPIC


_SAME_RE = re.compile(r"一样|相同|一致|同样|same|identical", re.I)


def _compared(job: Job, answered: dict[str, RulePick]) -> str | None:
    """"两版都有吗 / 一样吗": yes when every edition consulted states it (the same way, if asked so), no otherwise."""
    if len(job.editions) < 2:
        return None
    if any(ed not in answered for ed in job.editions):
        return "no"
    if _SAME_RE.search(job.query.norm):
        return "yes" if len({p.key for p in answered.values()}) == 1 else "no"
    return "yes"


def _one(verdicts: dict) -> str | None:
    found = {v for v in verdicts.values() if v}
    return found.pop() if len(found) == 1 else None


def _differences(draft: Draft, job: Job, kit: Kit, answered: dict[str, RulePick]) -> None:
    """Say how the editions differ only when they do: different clauses, or an edition that is silent."""
    lang = job.lang
    consulted = [ed for ed in job.editions if len(job.editions) > 1]
    if len(consulted) < 2:
        return
    silent = [ed for ed in consulted if ed not in answered]
    if len(answered) > 1:
        keys = {p.key for p in answered.values()}
        if len(keys) == 1:
            draft.add(kit.frame(lang, "rule_same"))
        else:
            parts = "；".join(kit.frame(lang, "rule_version", edition_name=kit.edition_name(ed, lang),
                                        clause=p.clause.text) for ed, p in answered.items())
            draft.add(kit.frame(lang, "rule_differs", versions=parts))
    for ed in silent:
        draft.add(kit.frame(lang, "rule_silent", edition_name=kit.edition_name(ed, lang)))


def _elsewhere(job: Job, kit: Kit) -> Draft | None:
    """"2022年度的指南有没有规定X": the edition named is silent (a refusal: the guidelines asked about do not say);
    what the other edition says shows what X is."""
    q = job.query
    others = [doc.edition.id for doc in kit.index.documents if doc.edition.id not in job.editions]
    if not (q.yesno and q.editions and others):
        return None
    wider = replace(job, editions=others, rule_ranks={})
    found = {ed: r[0] for ed, r in ranked_by_edition(kit, wider).items() if answers(r[0], wider)}
    if not found:
        return None
    # not in the edition asked about: "有没有…的要求" is answered no; anything else is refused, with what is close
    draft = Draft(answerable=False)
    if asks_exists(q.norm) and not q.count:  # "…要多少比例" asks a figure the edition lacks
        draft = Draft(verdict="no")
        draft.add(kit.frame(job.lang, "short_verdict_no"))
    for ed in job.editions:
        draft.add(kit.frame(job.lang, "rule_silent", edition_name=kit.edition_name(ed, job.lang)))
    for ed, p in found.items():
        draft.add(kit.frame(job.lang, "rule_intro", edition_name=kit.edition_name(ed, job.lang)))
        kit.quote_line(draft, None, ed, p.passage.heading, p.sentence, None)
    return draft


def related(job: Job, kit: Kit, picks: dict[str, RulePick]) -> Draft:
    """Not answered: a refusal, quoting what the guidelines say closest to it (it may be what the asker needs)."""
    draft = Draft(answerable=False)
    close = [p for p in picks.values() if p.coverage >= T.RULE_RELATED_COVERAGE and not job.query.answer_type
             and _names_something_asked(job, p)]
    if close:
        draft.add(kit.frame(job.lang, "rule_related"))
        for p in close:
            kit.quote_line(draft, None, p.edition, p.passage.heading, p.sentence, None)
    return draft
