"""One direction's content: the metric, research sentence, keywords or notes the question asks for, quoted verbatim.

A question that names an attribute ("整机重量", "打印效率") is answered by the items that contain it; when none of the
direction's text does, the direction does not state it and the answer says so (a refusal), instead of quoting the
nearest metric as if it answered. The lead line is the clause that carries the figure.
"""

from __future__ import annotations

import re

from assistant.answer import thresholds as T
from assistant.answer.clauses import (
    COUNTED_UNITS, COUNTRIES_RE, MEASURE_UNITS, WHICH_COUNTRY_RE, clauses, has_figure, has_unit, names_either,
    names_kind, unit_aliases,
)
from assistant.answer.compose import Draft, Kit, sentences
from assistant.answer.job import Job
from assistant.answer.lexicon import glossary_terms
from assistant.answer.terms import Terms
from assistant.answer.understand import SPECIFIC_NUMBER_RE, Query, amount_units, salient_text
from assistant.answer.verdict import asks_need, decide, proposed_unit
from assistant.core.types import Direction, Item, Section, Span

# "考核指标都有啥": the whole section; the words before it only name the direction
_WHOLE_LIST_RE = re.compile(r"(考核指标|研究内容|指标)(都|分别|具体|一共|主要)?(有哪些|有啥|有什么|是什么|是啥|包括哪些|包括什么|"
                            r"列一下|列出来)(技术|内容|方面|工作)?[？?。！!\s]*$|"
                            # "考核要形成哪些成果": the metrics, whole
                            r"(形成|产出|交付|拿出)(哪些|什么|啥)(成果|产出|东西)[？?。！!\s]*$|"
                            # "具体要研究哪些技术", "主要研究什么": the research content, whole
                            r"(研究|做|开展)(哪些|哪几项|什么|啥)(技术|内容|工作|方面)?[？?。！!\s]*$")
_EN_WHOLE_LIST_RE = re.compile(r"\b(metrics|targets|indicators|kpis?|deliverables|assessment criteria|"
                               r"research (?:content|contents|tasks|topics)|what (?:does|will) (?:it|the direction) (?:cover|study))\b")
_EN_SPECIFIC_RE = re.compile(r"how (many|much|long|fast|large|big|high|low|far|often)|\b(minimum|maximum|at least|rate|"
                             r"accuracy|efficiency|temperature|power|resolution|precision|number of)\b")
_EN_PARTS_RE = re.compile(r"\band\b|,\s*(what|how|which)|\?.+\?")
_PART_RE = re.compile(r"[？?，,；;、。]|还有|另外|以及|和|与|及|呢|\band\b")
_PARTNER_RE = re.compile(r"国别|合作国|国家(?!标准|级|重点)|一带一路|东盟|中亚|非洲|东南亚|欧洲|国际合作|外方|国外|合作单位|合作伙伴|国际组织")


def split_parts(text: str) -> list[str]:
    return [p.strip() for p in _PART_RE.split(text) if len(p.strip()) >= 2]


# words that say how a figure compares, not what it measures
_FIGURE_WORDS = re.compile(r"不[能应得]?(?:低于|少于|超过|高于|小于|大于)|大于|小于|高于|低于|超过|至少|起码|凑够|凑齐|最多|最少|最高|最低|达到|"
                           r"以内|以上|以下|[降压提减增控]到|控制在|做到|[一二两三四五六七八九十百千万几每单]+[个项套次篇名人家种类条台位批所吨年月天]|"
                           # units an asker spells out where the text has symbols (公斤 / kg, 小时 / h)
                           r"公斤|千克|公里|千米|厘米|毫米|微米|纳米|平方米|立方米|小时|分钟|秒钟|毫秒|千瓦|兆瓦|赫兹|摄氏度|分贝|万元|亿元|"
                           r"提高|提升|降低|下降|减少|增加|要求|规定|标准|多大|多高|多少|多长|多久|上限|下限|范围|"
                           # how far a thing must get ("候选药物要推进到哪个阶段": the item on 候选药物 says)
                           r"推进到|推进至|进行到|走到|(?:哪个|什么|哪一)(?:阶段|程度|地步)")


def attribute(kit: Kit, job: Job, d: Direction) -> Terms:
    """What the question asks of the direction: its topic minus the words of the direction's own title, minus words
    that only compare a figure ("不低于"), minus Latin words the corpus never uses (an asker's own abbreviation,
    "QCL", is no evidence either way — unless a yes/no question asks about just that). Worked out once for a
    direction's text: an edition and its copies repeat it."""
    q = job.query
    key = ("attribute", q.text, q.asked, q.named_topic, job.followup, job.terms, d.title, kit.direction_text(d))
    if key not in job.memo:
        job.memo[key] = _attribute(kit, job, d)
    return job.memo[key]


def _attribute(kit: Kit, job: Job, d: Direction) -> Terms:
    q = job.query
    if q.asked and not job.followup:
        asked = max((Terms.of(q.asked), Terms.of(q.asked_plain)), key=lambda t: kit.coverage(t, kit.direction_text(d)))
    elif q.plain and job.terms == Terms.of(q.topic):  # the synonyms help rules; a direction may use the words asked
        asked = max((job.terms, Terms.of(q.plain)), key=lambda t: kit.coverage(t, kit.direction_text(d)))
    else:
        asked = job.terms
    # "捕集率" of a direction titled "…捕集…": the measure left (率) names nothing alone — the whole word is asked
    terms = Terms(tuple(part for run in asked.runs for part in _minus_title(run, d.title)))
    if q.named_topic and q.language != "en":  # "稀释制冷机那个方向…": the words that name the direction are not what
        # is asked (an English name's rough glossary terms are shared with what is asked: "truck … heavy truck")
        terms = terms.minus(q.named_topic)
    if q.domain_names and q.language != "en":  # "生命健康里炎症…那个方向要发现几个新靶点": nor does the domain it is in
        terms = terms.minus(" ".join(q.domain_names))
    runs = [_FIGURE_WORDS.sub(" ", r) for r in terms.runs]
    if not "".join(runs).strip() and _DELIVERABLE_RE.fullmatch("".join(terms.runs)):
        runs = list(terms.runs)  # "标准方面有什么要求": the standards are what is asked, not a level
    # a yes/no question about a thing the corpus never names ("需要有CNAS资质吗") asks exactly that thing
    kept = [part for r in runs for part in r.split() if q.yesno or not (part.isascii() and not kit.w.df.get(part))]
    return Terms(tuple(kept))


_DELIVERABLE_RE = re.compile(r"(?:国际|国家|行业|团体)?标准")


def _minus_title(run: str, title: str) -> tuple[str, ...]:
    rest = Terms((run,)).minus(title).runs
    measure = len(rest) == 1 and (rest[0] in _MEASURE_SUFFIXES or rest[0] in _MEASURE_NOUNS) and run.endswith(rest[0])
    return (run,) if len(run) > len(rest[0] if rest else "") and measure else rest


# "捕集率", "纯度", "储氢量", "工业示范规模": a measure of the thing the title names
_MEASURE_SUFFIXES = set("率度量值比")
_MEASURE_NOUNS = frozenset("规模 数量 水平 能力 等级 容量".split())
_MEASURE_NAMES = "时间 时长 周期 期限 长度 多久 比例 比重 占比 数值 数字 多少"  # what a unit answers


def rank(kit: Kit, terms: Terms, items: list[Item]) -> list[tuple[float, Item]]:
    return sorted(((kit.item_coverage(terms, it.text), it) for it in items), key=lambda p: (-p[0], p[1].index))


# the measure a figure is asked of: the two characters before "要多少" ("发动机效率要多少" → 效率)
_ASKED_MEASURE_RE = re.compile(r"(?!需要|要求|必须|应该|至少|最少|最多|一共|总共|大概|大约|可以|规定|指标|标准)"
                               r"([\u4e00-\u9fff]{2})的?(?:要求|指标|标准)?(?:要|需要|应该?|得|必须)?(?:达到|做到|是|为|有)?多少")


def choose(kit: Kit, job: Job, d: Direction, items: list[Item]) -> tuple[list[Item], float]:
    """The items that answer (best first) and how much of what is asked they contain together; all items and 0.0 when
    the question asks for the whole list. Each part of a several-part question ("数据量要多少？新物种要鉴定几种？")
    gets its own best item."""
    terms = attribute(kit, job, d)
    if _WHOLE_LIST_RE.search(job.query.norm) if job.lang != "en" else (
            _EN_WHOLE_LIST_RE.search(job.query.norm) and not _EN_SPECIFIC_RE.search(job.query.norm)):
        return items, 0.0  # "What are the metrics of …?", "海上风电超长叶片 考核指标有哪些"
    if job.lang == "en" and not job.query.rule_named and _dense(job, d):  # "the funding cap": its words, not nearness
        return ([], 0.0) if _unstated_en(kit, job, d) else (choose_dense(kit, job, d, items), 1.0)
    ranked = rank(kit, terms, items)
    head = _ASKED_MEASURE_RE.search(job.query.norm) if job.lang == "zh" else None
    if head and ranked and head.group(1) not in ranked[0][1].text:
        # "氨氢燃料船用发动机效率要多少": the item stating 效率 with a figure, not the one naming the engine best
        stating = [p for p in ranked if head.group(1) in p[1].text and has_figure(p[1].text)]
        ranked = stating + [p for p in ranked if p not in stating]
    proposed = amount_units(job.query.norm) if job.query.yesno else []
    units = proposed or (["时长"] if job.query.asked_unit == "时长" else [])
    stating = [p for p in ranked if any(has_unit(p[1].text, u) for u in units)]
    if stating and len(stating) < len(ranked) and (ranked[0][0] < T.MIN_ATTRIBUTE_COVERAGE or (
            proposed and ranked[0] not in stating)):  # ("2000kW的发动机上验证": the item stating kW, not the 样机 one)
        # "换一次电4分钟能满足要求不", "干预时间要多长": the item stating an amount in the unit put forward or asked
        # for; the words naming the measure (时间, 时长) are answered by the amount
        best = stating[0][1]
        named = Terms((*terms.minus(_MEASURE_NAMES).runs, *(u for u in units if u in best.text)))
        covered = kit.item_coverage(named, best.text) if "".join(named.runs) else 1.0
        # (the one item stating an amount in that unit is the one asked about, however the asker names it)
        return [best], max(covered, T.MIN_ATTRIBUTE_COVERAGE) if len(stating) == 1 else covered
    if not ranked or ranked[0][0] < T.GENERIC_ITEM_SCORE:
        # nothing asked beyond the direction ("考核指标是什么？"): the whole list; something asked that no item has: none
        return (items, 0.0) if len("".join(terms.runs)) < 2 else ([], ranked[0][0] if ranked else 0.0)
    best = ranked[0][0]
    chosen = [it for s, it in ranked[:T.MAX_PRECISE_ITEMS] if s >= best * T.CLOSE_ITEM_RATIO]
    if job.lang != "en":
        for part in split_parts(job.query.norm):
            said = Terms.of(salient_text(part, kit.lexicon))
            part_terms = said.minus(d.title)
            if len("".join(part_terms.runs)) == 1:  # "新装备" of "…水泥制备与应用关键技术装备…": 新 alone is no part
                part_terms = said
            top = rank(kit, part_terms, items)
            if part_terms and top and top[0][0] >= T.MIN_ATTRIBUTE_COVERAGE and top[0][1] not in chosen:
                chosen.append(top[0][1])
    return chosen, kit.item_coverage(terms, " ".join(it.text for it in chosen))


_EN_HOW_MANY_RE = re.compile(r"how many ([a-z][a-z-]+)")
_COUNT_WORDS = r"(?:[个家项台套次种名人所座处]|人次)?\s*(?:以上|及以上|或以上)?\s*(?:的)?"


def choose_dense(kit: Kit, job: Job, d: Direction, items: list[Item]) -> list[Item]:
    """English: the items nearest the question by the dense side (the glossary's Chinese terms break ties). A question
    asking two things ("…, and …") gets one more."""
    dense = _dense(job, d)
    terms = attribute(kit, job, d)
    score = {it.index: dense.get(it.index, 0.0) + T.EN_GLOSSARY_WEIGHT * kit.coverage(terms, it.text) for it in items}
    top = max(score.values())
    wanted = 3 if _EN_PARTS_RE.search(job.query.norm) else 2
    close = [it for it in items if score[it.index] >= top - T.EN_DENSE_CLOSE]
    # an item holding a whole term the question asks for ("drag coefficient" → 空气阻力系数), which other items lack,
    # leads: the dense side ranks by the direction's theme, the term is what is asked
    # (a term the title covers only part of counts whole: "acoustic modems" → 水声通信机 of "高速水声通信…", where
    # 认知损伤 of "…认知功能损伤…" is the title's own)
    whole = {r for r in (*terms.runs, *job.terms.runs)
             if len(r) >= 3 and not r.isascii() and Terms((r,)).minus(d.title).runs}
    exact = {it.index: sum(1 for r in whole if r in it.text) for it in items}
    most = max(exact.values())
    if most and list(exact.values()).count(most) < len(items):
        close += [it for it in items if exact[it.index] == most and it not in close]
    # "How many airports …?": an item counting airports ("20 个以上机场") is what is asked, whatever else is near
    counted = [t for m in _EN_HOW_MANY_RE.finditer(job.query.norm)
               for t in glossary_terms(m.group(1), kit.lexicon.glossary).split() if not t.isascii()]
    counts = {it.index for it in items if any(re.search(rf"\d\s*{_COUNT_WORDS}{re.escape(t)}", it.text) for t in counted)}
    if counts and len(counts) < len(items):
        close += [it for it in items if it.index in counts and it not in close]
    chosen = sorted(close, key=lambda it: (it.index not in counts, -exact[it.index], -score[it.index]))[:wanted]
    for r in job.part_retrievals:  # each part of "…, and …?" adds the item nearest to it
        part = {h.chunk.item: h.dense for h in r.hits
                if h.chunk.kind == "item" and h.chunk.number == d.number and h.chunk.edition == d.edition}
        asked = Terms(tuple(p for run in Terms.of(r.query.glossary).runs for p in _minus_title(run, d.title)))
        best = max(items, key=lambda it: part.get(it.index, 0.0) + T.EN_GLOSSARY_WEIGHT * kit.coverage(asked, it.text))
        if part and best not in chosen:
            chosen.append(best)
    return chosen


def _unstated_en(kit: Kit, job: Job, d: Direction) -> bool:
    """"Is there a budget ceiling for this direction?": an English yes/no question is not answered by the nearest item
    when nothing of what it asks for (as the glossary gives it) is anywhere in the direction: the glossary's words are
    a rough translation, so only their complete absence counts."""
    terms = attribute(kit, job, d)
    return job.query.yesno and bool(terms) and max(
        (kit.item_coverage(terms, it.text) for _, it in _content_pool(d)), default=0.0) == 0.0


def _dense(job: Job, d: Direction) -> dict[int, float]:
    """English words cannot be found in Chinese text: rank a direction's metric items by the dense side instead."""
    if job.retrieval is None:
        return {}
    return {h.chunk.item: h.dense for h in job.retrieval.hits
            if h.chunk.kind == "item" and h.chunk.number == d.number and h.chunk.edition == d.edition}


def lead_clause(kit: Kit, terms: Terms, item: Item) -> Item | None:
    """The clause of an item that carries the answer's figure ("打印效率提升 ≥50%"), when the item has several."""
    parts = [c for c in clauses(item) if has_figure(c.text)]
    if len(parts) < 2:
        return None
    best = max(parts, key=lambda c: kit.item_coverage(terms, c.text))
    return Item(index=item.index, start=best.start, end=best.end, text=best.text)


def _content_pool(d: Direction) -> list[tuple[Section, Item]]:
    return [(s, it) for s in d.sections if s.name != "关键词" for it in s.items]


def _not_stated(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    """A refusal that names (and cites) the direction it looked in."""
    draft.answerable = False
    c = kit.cite(d, d.edition, "标题", d.title_span, None)
    draft.add(kit.frame(job.lang, "not_stated", direction=kit.direction_label(d, job.lang)) + f" {c.marker}", [c])


# "地波雷达观测网是怎么布置的": how a thing is made or laid out, which the direction describes if it has the thing
_HOW_SUBJECT_RE = re.compile(r"([\u4e00-\u9fff]{3,10}?)(?:是|要|该|应该|需要|会)?(?:怎么|如何|怎样)")


def _describes(norm: str, d: Direction, text: str) -> bool:
    """Does the direction's content (not its title) have the thing asked how of, or the last three characters of it
    ("观测网" of "…观测网络")? "经费怎么报销" names a thing no direction describes."""
    m = _HOW_SUBJECT_RE.search(norm)
    if not m:
        return False
    content = text.replace(d.title, "")
    subject = m.group(1)
    return any(subject[i:] in content for i in range(len(subject) - 2))


def answer_one(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    q = job.query
    text = kit.direction_text(d)
    asked_type = None if q.answer_type == "how" and _describes(q.norm, d, text) else q.answer_type
    if asked_type or _names_only_the_kind(q.norm, text) or (  # a date, a person, an address; a named one of a
            WHICH_COUNTRY_RE.search(q.norm) and not COUNTRIES_RE.search(text)) or (  # kind it leaves open; countries
            not names_kind(q.required, text)) or (  # "海试必须在南海做吗" of a direction that names no 南海
            not names_either(q.alternatives, text)):  # "样本用国内的还是国外的" of a direction naming neither
        return _not_stated(job, kit, d, draft)  # asked of a direction that names none ("临床研究要在哪些国家做")
    if _WHICH_PLACE_RE.search(q.norm) and (placed := [p for p in _content_pool(d) if COUNTRIES_RE.search(p[1].text)]):
        return _quote_best(job, kit, d, placed, draft)  # "需要哪些地区的合作单位": 亚洲、欧洲、美洲, as it names them
    if q.category and _ASKS_CATEGORY_RE.search(q.norm) and _uncategorised(kit, d):
        return _not_stated(job, kit, d, draft)  # "2022年度的1.1属于基础研究类还是…": that edition has no categories
    handler = {"keywords": keywords, "requirement": requirement, "research": research,
               "lookup": title}.get(q.intent)
    # "合作国家要几个？" of a direction without notes: a count its metrics state, like any other figure; failing that,
    # its cooperation sentences
    if q.intent == "requirement" and (q.count or q.asked_unit) and not _notes(d) and q.asked_unit != "元":
        trial = Draft()
        _figures(job, kit, d, trial)
        return draft.extend(trial) if trial.answerable else requirement(job, kit, d, draft)
    if handler:
        return handler(job, kit, d, draft)
    _figures(job, kit, d, draft)


_WHICH_PLACE_RE = re.compile(r"(?:哪些|哪几个|哪个|什么)(?:地区|区域|大洲|洲)|哪里的(?:合作|单位|伙伴)|which (?:regions?|continents?)",
                             re.I)
_ASKS_CATEGORY_RE = re.compile(r"类|categor|class", re.I)  # "属于…类", not "集群应用示范要多少个单元"


def _uncategorised(kit: Kit, d: Direction) -> bool:
    return not any(x.category for x in kit.doc(d.edition).directions)


# "指定用哪个国产深度学习框架吗", "必须在哪几个东南亚国家布点": which particular one is asked for…
_WHICH_NAMED_RE = re.compile(r"(?:指定|规定|限定|必须|要求)[^，,。？?]{0,6}?(?:哪个|哪些|哪几个|哪家|哪几家|哪一个|哪一家|哪种|哪一种|哪几种|哪款|哪一款|哪颗|哪台|哪座|哪条)"
                             r"(?P<kind>[\u4e00-\u9fff]{2,12})")
# …which a direction names only by listing them ("如…", "包括…", "（…）", "：…")
_LISTS_RE = re.compile(r"^[^，,。；;]{0,6}?(?:如|包括|例如|比如|：|:|（|\()")


def _names_only_the_kind(norm: str, text: str) -> bool:
    """The question asks which particular one of a kind, and the direction names the kind without naming any."""
    m = _WHICH_NAMED_RE.search(norm)
    if not m:
        return False
    kind = next((m.group("kind")[:n] for n in range(len(m.group("kind")), 1, -1) if m.group("kind")[:n] in text), "")
    if not kind:
        return False
    return not any(_LISTS_RE.search(text[i + len(kind):i + len(kind) + 12]) or text[max(0, i - 1):i] == "如"
                   or re.search(r"等$|[a-z0-9]\s*[\u4e00-\u9fff]{0,2}$", text[max(0, i - 8):i], re.I)  # "GB/T20518-2018 证书和 X.509 国际证书"
                   for i in (x.start() for x in re.finditer(re.escape(kind), text)))


def _figures(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    """The metric items that answer, else the best sentences anywhere in the direction, else "not stated"."""
    q = job.query
    s = d.metrics
    strict = _asks_specific(job)
    # "这个方向最多给多少钱", "打印精度要达到多少微米": no amount in that unit anywhere in it
    measure = _MEASURE_ASK_RE.search(q.norm)
    # ("要几年建成" asks a length in years; "核算哪几年" asks which years, a date range)
    years = q.asked_unit == "年" and _HOW_MANY_YEARS_RE.search(q.norm)
    unit = "元" if q.asked_unit == "元" else "年" if years else measure.group(1) if measure else ""
    if unit and not any(has_unit(it.text, unit) for _, it in _content_pool(d)):
        return _not_stated(job, kit, d, draft)
    # "电芯成本有什么指标": a cost the direction never names is not stated, whatever else it shares
    text = kit.direction_text(d)

    if job.lang == "zh" and any(len(r) >= 2 and r[-2:] in _MEASURE_HEADS and r[-2:] not in text
                                and not any(has_unit(text, u) for u in _MEASURE_HEADS[r[-2:]])
                                for r in attribute(kit, job, d).runs):
        return _not_stated(job, kit, d, draft)
    if q.intent in ("metric", "requirement") and s is not None:
        items, cov = choose(kit, job, d, s.items)
        if items and (cov == 0.0 or cov >= T.MIN_ATTRIBUTE_COVERAGE or (not strict and cov >= T.GENERIC_ITEM_SCORE)):
            if cov and (q.count or q.asked_unit) and not any(has_figure(it.text) for it in items):
                return _not_stated(job, kit, d, draft)  # "动物实验做多少例" of "开展…动物实验验证": no number
            if cov and (SPECIFIC_NUMBER_RE.search(q.norm) or _ASKS_FIGURE_RE.search(q.norm)) and \
                    not any(re.search(r"\d", it.text) for it in items):
                return _not_stated(job, kit, d, draft)  # "准确率有具体数字吗" of "构建一套…准确的…系统"
            if not _counts_them(job, items):
                return _not_stated(job, kit, d, draft)  # "入组多少病人" of "随机对照临床试验 1 项": no one counted
            if cov and q.asked_unit == "%" and not _states_share(kit, job, d, items):
                return _not_stated(job, kit, d, draft)  # "氢气比例要多少" of "富氢气体喷吹新技术2-3项": no share
            if not _at_condition(q, items):
                return _not_stated(job, kit, d, draft)  # "20mK下的制冷功率" of "100mK 制冷功率不小于 3000μW"
            return _quote_items(job, kit, d, s, items, precise=cov > 0, draft=draft)
    # not among the metrics, or no clear intent: the best sentences anywhere in the direction
    terms = attribute(kit, job, d)
    ranked = sorted(_content_pool(d), key=lambda p: (-kit.item_coverage(terms, p[1].text), p[1].start))
    top = kit.item_coverage(terms, " ".join(it.text for _, it in ranked[:2])) if ranked else 0.0
    if job.lang == "en" and q.intent == "overview" and s is not None and not q.rule_named and _dense(job, d):
        if not _unstated_en(kit, job, d):
            return _quote_items(job, kit, d, s, choose_dense(kit, job, d, s.items), precise=True, draft=draft)
    if not _counts_them(job, [it for _, it in ranked[:2]]):
        return _not_stated(job, kit, d, draft)  # "培训多少名当地技术人员" of "开展面向当地技术人员的培训"
    heads = {r[-2:] for r in job.terms.runs if len(r) >= 4 and r[-2:] in _MEASURE_HEADS}
    if strict and heads and not any(h in c.text and has_figure(c.text)
                                    for _, it in ranked[:2] for c in clauses(it) for h in heads):
        return _not_stated(job, kit, d, draft)  # "储氢系统成本有什么要求" of "低成本大容量…材料": no cost stated
    if len("".join(terms.runs)) >= 2 and (top < T.MIN_ATTRIBUTE_COVERAGE if strict else (
            _HOW_MUCH_RE.search(q.norm) and top < T.GENERIC_ITEM_SCORE)):
        return _not_stated(job, kit, d, draft)
    _quote_best(job, kit, d, ranked, draft)


def _states_share(kit: Kit, job: Job, d: Direction, items: list[Item]) -> bool:
    """The clause that best matches what is asked states a share (the "5%以上" of another clause is not it), or the
    items state a ratio ("1:5 万比例尺", "8吨…生产1吨…")."""
    terms = attribute(kit, job, d)
    ranked = sorted((c for it in items for c in clauses(it)), key=lambda c: -kit.item_coverage(terms, c.text))
    return bool(ranked) and has_unit(ranked[0].text, "%") or any(_RATIO_RE.search(it.text) for it in items)


_RATIO_RE = re.compile(r"\d\s*[:：∶]\s*\d|比例|比值|占比|\d\s*(?:吨|千克|kg|升)[^，。；]{0,16}\d\s*(?:吨|千克|kg|升)", re.I)


# "20mK下的制冷功率要多少": a condition the asker sets, which a figure stated at another condition does not answer
_CONDITION_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:[a-zμ℃°]+|米|摄氏度)\s*(?:条件|工况)?(?:下|时)")


def _at_condition(q: Query, items: list[Item]) -> bool:
    return q.yesno or all(any(re.search(rf"(?<![\d.]){re.escape(n)}(?![\d.])", it.text) for it in items)
                          for n in _CONDITION_RE.findall(q.norm))


# people counted ("入组多少病人"), which only a number of people (例, 人, 名) answers
_COUNTS_PEOPLE_RE = re.compile(r"(?:多少|几)(?:个|名|位)?(?:病人|患者|病例|受试者|志愿者)|入组多少|入组几")


# "诊断准确率要达到多少": a figure asked, which an item stating no number does not give ("构建一套…准确的…系统")
_ASKS_FIGURE_RE = re.compile(r"多少|多高|多大|多小|多低")


def _counts_them(job: Job, items: list[Item]) -> bool:
    """A count of people, animals or papers ("多少只小鼠") is answered only by an item that counts in that unit, or
    counts that noun ("5 万以上峰值人群"); a count of places ("在几个一带一路国家推广") only by an item counting them."""
    q = job.query
    unit = "人" if _COUNTS_PEOPLE_RE.search(q.norm) else q.asked_unit if q.asked_unit in COUNTED_UNITS else ""
    if unit and not any(_COUNTED[unit].search(it.text) for it in items):
        return False
    place = _COUNTS_PLACES_RE.search(q.norm)
    if not place:
        return True
    # ("合作研究国别不少于 3 个", "不少于50家不同层级医疗机构")
    noun = {"国家": "国家|国别", "医院": "医院|医疗机构"}.get(place.group(1), place.group(1))
    number = r"(?:\d\s*(?:个|家|座|所)?|[一二两三四五六七八九十]+\s*个)"
    counted = r"(?:\d+\s*(?:个|家|座|所)|[一二两三四五六七八九十]+\s*个)"  # after the noun: "中心不少于 2000 人" counts people
    return any(re.search(rf"{number}\s*(?:以上|及以上|或以上)?\s*[^，。；\d]{{0,8}}?(?:{noun})|(?:{noun})[^，。；]{{0,8}}?{counted}",
                         it.text) for it in items)


_COUNTS_PLACES_RE = re.compile(r"(?:几|多少)(?:个|家|所)?(?:[“\"]?一带一路[”\"]?|沿线|海外|国外|外国)?的?(国家|地区|城市|省份|机场|港口|中心|医院)")


_COUNTED = {u: re.compile(r"\d\s*[万千百]?\s*(?:以上|以下|余)?\s*[\u4e00-\u9fff]{0,3}?(?:"
                          + "|".join(map(re.escape, unit_aliases(u))) + ")") for u in COUNTED_UNITS}


# a measure and the units that state it without its name ("3000kW 的船用发动机"): "发动机功率", "最大工作水深"
_MEASURE_HEADS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("成本 价格 费用 造价 售价".split(), ()), "功率": ("千瓦", "兆瓦", "W"),
    **dict.fromkeys("水深 深度".split(), ("米", "m")), "重量": ("千克", "公斤", "kg", "吨", "克"),
    "面积": ("平方米", "平方公里", "m2", "m²", "km2", "km²", "公顷", "亩"),
    **dict.fromkeys("风速 流速 车速 航速".split(), ("m/s", "km/h", "米/秒", "节"))}
_HOW_MANY_YEARS_RE = re.compile(r"(?<!哪)几年|多少年")
_MEASURE_ASK_RE = re.compile(r"多少\s*(" + "|".join(sorted(MEASURE_UNITS, key=len, reverse=True)) + ")")


def _asks_specific(job: Job) -> bool:
    """A question after a figure or a stated requirement: answering it with a near miss would be confidently wrong.
    "打算选哪些海区做？" asks for a description, where the closest sentences are what the asker wants."""
    q = job.query
    return q.intent == "metric" or q.count or bool(q.asked_unit) or q.yesno or "要求" in q.norm or q.rule_named


# "要建多大规模的队列": a size asked of something the direction never mentions is not stated; sentences that barely
# touch it are no answer ("中试规模多大" still gets the pilot-test sentence, which holds its scale)
_HOW_MUCH_RE = re.compile(r"多大|多高|多长|多重|多快|多深|多宽|多远|how (big|large|high|long|much|fast|deep|far)", re.I)


def _quote_items(job: Job, kit: Kit, d: Direction, s: Section, items: list[Item], precise: bool,
                 draft: Draft) -> None:
    lang = job.lang
    terms = attribute(kit, job, d)
    q = job.query
    if precise and (q.count or q.asked_unit or _HOW_MUCH_RE.search(q.norm)):  # "情绪解码精度要多少": the lead is an
        items = sorted(items, key=lambda it: not has_figure(it.text))  # item that states a figure
    if precise:
        lead = lead_clause(kit, terms, items[0]) or items[0]
        c = kit.cite(d, d.edition, s.raw_name, lead, lead.index)
        head = kit.english_gloss(lead.text) if lang == "en" else ""
        draft.add(kit.frame(lang, "metric_lead", direction=kit.direction_label(d, lang),
                            clause=f"{head}{lead.text}") + f" {c.marker}", [c])
        if len(items) == 1 and lead.text == items[0].text:
            return
    draft.add(kit.frame(lang, "metric_precise_intro" if precise else "metric_intro",
                        direction=kit.direction_label(d, lang)))
    for it in items:
        kit.quote_line(draft, d, d.edition, s.raw_name, it, it.index)


def research(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    s = d.section("研究内容")
    if s is None:
        return overview(job, kit, d, draft)
    items, best = choose(kit, job, d, s.items)
    if not items:  # what is asked is not in the research content: the best sentences anywhere in the direction
        return overview(job, kit, d, draft)
    draft.add(kit.frame(job.lang, "research_intro", direction=kit.direction_label(d, job.lang)))
    used = 0
    for it in items if best else sorted(items, key=lambda i: i.index):
        if used and used + len(it.text) > T.RESEARCH_QUOTE_CHARS:
            break
        used += len(it.text)
        kit.quote_line(draft, d, d.edition, s.raw_name, it, it.index)


def _decide(job: Job, kit: Kit, quote: str) -> str | None:
    """The verdict of the clause that is about what is asked, when it decides ("…须在1个南极考察季内完成" of "one
    Antarctic season?", not the "不低于300m" before it); else of the whole quote."""
    parts = clauses(Span(start=0, end=len(quote), text=quote))
    unit = proposed_unit(job.query.norm) if len(parts) > 1 else None
    if unit and (stating := [c for c in parts if re.search(rf"\d\s*{re.escape(unit)}", c.text, re.I)]):
        parts = stating  # "循环寿命做到8000次" against the clause counting 次, not the one in 瓦时/千克 before it
    if len(parts) > 1 and job.terms:
        best = max(parts, key=lambda c: kit.item_coverage(job.terms, c.text))
        if kit.item_coverage(job.terms, best.text) > 0 and (verdict := decide(job.query.norm, best.text)):
            return verdict
    if len(parts) == 1 and unit and (verdict := decide(job.query.norm, parts[0].text)):
        return verdict
    return decide(job.query.norm, quote)


def overview(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    terms = attribute(kit, job, d)
    _quote_best(job, kit, d, sorted(_content_pool(d), key=lambda p: (-kit.item_coverage(terms, p[1].text), p[1].start)),
                draft)


def _quote_best(job: Job, kit: Kit, d: Direction, ranked: list[tuple[Section, Item]], draft: Draft) -> None:
    draft.add(kit.frame(job.lang, "overview_intro", direction=kit.direction_label(d, job.lang)))
    for sec, it in ranked[:3]:
        kit.quote_line(draft, d, d.edition, sec.raw_name, it, it.index)


def title(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    """"X那个方向是几号、属于哪一类？": its number, title, category and domain."""
    kit.title_line(draft, d)


def keywords(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    s = d.section("关键词")
    label = kit.direction_label(d, job.lang)
    if s is None:  # not listed: a refusal that says so (citing the direction it is about), not words from elsewhere
        draft.answerable = False
        c = kit.cite(d, d.edition, "标题", d.title_span, None)
        draft.add(kit.frame(job.lang, "no_keywords", direction=label) + f" {c.marker}", [c])
        return
    draft.add(kit.frame(job.lang, "keywords_intro", direction=label))
    kit.quote_line(draft, d, d.edition, s.raw_name, s, None)


def _notes(d: Direction) -> list[Section]:
    return [s for s in d.sections if s.name in ("有关说明", "其他要求")]


def requirement(job: Job, kit: Kit, d: Direction, draft: Draft) -> None:
    label = kit.direction_label(d, job.lang)
    notes = _notes(d)
    terms = attribute(kit, job, d)
    if notes:
        draft.add(kit.frame(job.lang, "requirement_intro", direction=label))
        for s in notes:
            kit.quote_line(draft, d, d.edition, s.raw_name, s, None)
        # "合作单位要来自哪些地区": asked of a requirement its metrics state ("来自亚洲、欧洲、美洲的合作单位")
        # "检测机构需要有CNAS资质吗": a yes/no question about a thing the guidelines never name is not settled by them
        if job.query.yesno and any(r.isascii() and not kit.w.df.get(r) for r in terms.runs):
            draft.answerable = False
        if terms and kit.item_coverage(terms, " ".join(s.text for s in notes)) < T.MIN_ATTRIBUTE_COVERAGE:
            score, s, it = max(((kit.item_coverage(terms, it.text), s, it) for s, it in _content_pool(d)
                                if s not in notes), key=lambda x: x[0], default=(0.0, None, None))
            if score >= T.MIN_ATTRIBUTE_COVERAGE:
                kit.quote_line(draft, d, d.edition, s.raw_name, it, it.index)
        return
    if job.query.asked_unit == "元":  # "外方需要出多少钱": money no cooperation sentence states
        return _not_stated(job, kit, d, draft)
    found = [(s, it) for s in d.sections if s.name != "关键词" for it in sentences(s) if _PARTNER_RE.search(it.text)]
    found.sort(key=lambda p: -kit.item_coverage(terms, p[1].text))
    draft.add(kit.frame(job.lang, "requirement_none", direction=label))
    for s, it in found[:3]:
        kit.quote_line(draft, d, d.edition, s.raw_name, it, None)
    # "外方必须是德国的机构吗", "有没有指定必须和哪个国家合作": a condition its cooperation sentences do not state is not
    # settled by them
    quoted = " ".join(it.text for _, it in found[:3])
    if job.query.yesno and kit.item_coverage(terms, quoted) < T.GENERIC_ITEM_SCORE:
        draft.answerable = False


def answer(job: Job, kit: Kit) -> Draft:
    body = Draft()
    answered = []
    for d in job.directions:
        part = Draft()
        answer_one(job, kit, d, part)
        body.extend(part)
        answered.append(part.answerable)
    draft = Draft()
    if job.followup:
        names = "、".join(f"{kit.doc(d.edition).edition.label} {d.number}" for d in job.directions)
        draft.add(kit.frame(job.lang, "followup_note", directions=names))
    if job.ambiguous:
        draft.add(kit.frame(job.lang, "ambiguous", number=job.directions[0].number))
    draft.answerable = any(answered)  # of several directions, one that answers is an answer
    q = job.query
    if q.yesno and q.category and not any(_uncategorised(kit, d) for d in job.directions):
        # "X那个是示范应用类吗", "这两个都是应用示范类的吗": their titles say
        draft.verdict = "yes" if all(d.category == q.category for d in job.directions) else "no"
        draft.add(kit.frame(job.lang, f"short_verdict_{draft.verdict}"))
        for d in job.directions:
            kit.title_line(draft, d)
        draft.answerable = True
        return draft
    if job.query.yesno and draft.answerable and body.citations:
        # "有没有对检测机构的要求？": the quoted clause decides, as a rule's does (assistant/answer/verdict.py)
        lead = body.citations[0]
        # "它要不要提交国际标准提案": what a metric states is what the project must deliver
        # ("2000kW的发动机上验证可以吗": the item the lead clause comes from may state the amount after it)
        whole = next((c.quote for c in body.citations[1:3] if lead.quote in c.quote), lead.quote)
        draft.verdict = _decide(job, kit, whole if proposed_unit(q.norm) else lead.quote) or (
            "yes" if lead.section == "考核指标" and asks_need(job.query.norm) else None)
        if draft.verdict:
            draft.add(kit.frame(job.lang, f"short_verdict_{draft.verdict}"))
    draft.extend(body)
    return draft
