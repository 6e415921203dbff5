"""`Assistant.ask(question, history, edition) -> Answer`, one pass:

understand → resolve the conversation → gather evidence → pick the answerer (rule / direction / structure / recommend /
lookup) → compose → verify. Each answerer is a function `answer(job, kit) -> Draft` in assistant/answer/answerers/;
none calls back up this chain. An optional refiner (the LLM stage, assistant/llm/) is handed in from outside: this
package never imports it. The edges (CLI, HTTP API, UI) call only `ask`; it raises AssistantError subclasses for bad
input, nothing else.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Protocol

from assistant.answer import thresholds as T
from assistant.answer.answerers import direction, lookup, recommend, rule, structure
from assistant.answer.clauses import MEASURE_UNITS
from assistant.answer.compose import Draft, Kit, Line
from assistant.answer.conversation import Turn, parse_history
from assistant.answer.gather import Gatherer
from assistant.answer.guard import check_history, check_question, strip_injection
from assistant.answer.job import Job
from assistant.answer.resolve import Resolver
from assistant.answer.spelling import Speller
from assistant.answer.terms import Terms
from assistant.answer.lexicon import Lexicon
from assistant.answer.normalize import regional_terms
from assistant.answer.understand import CATEGORY_NAMES, DURATION_ASK_RE, RULE_WORDS, Query, understand
from assistant.answer.verdict import asks_combine, asks_without, proposed_number
from assistant.answer.verify import verify
from assistant.core.errors import BadQuestion
from assistant.core.settings import Settings
from assistant.core.templates import AnswerTemplates, load_answer_templates
from assistant.core.types import Answer, Verification
from index.reader import LoadedIndex, load_index

UNDERSTOOD_CACHE = 1024
ANSWERERS = {"rule": rule.answer, "direction": direction.answer, "structure": structure.answer,
             "recommend": recommend.answer, "lookup": lookup.answer}
# other funding programmes: questions about them are not about these guidelines
OTHER_PROGRAMMES = re.compile(r"自然科学基金|nsfc|社科基金|社会科学基金|杰青|优青|博士后|863|973|地平线|horizon|erc\b|"
                              r"marie|省级|市级|高新技术企业|专精特新|人才计划|留学基金", re.I)
# a question asking two things ("…要几种探针？另外中方单位最多几家？") is answered part by part
_PART_SPLIT_RE = re.compile(r"(?<=[？?；;。!！])|(?<=[，,\s])(?:另外|此外|还有|顺便问下|顺便问一下)|(?<=[，,])\s*(?=and\b)"
                            # "how many partner countries are required and what completeness rate?"
                            r"|\s(?=and\s+(?:after\s+|at\s+|for\s+|in\s+)?(?:what|how|which|whether|is|are|does|do|must|can|should)\b)", re.I)


_FIGURE_ASKS = r"多少|几|多[大高长久深重快远宽]"  # a figure asked for
_ASK_RE = re.compile(rf"{_FIGURE_ASKS}|哪些|什么|吗")
_FIGURE_ASK_RE = re.compile(rf"{_FIGURE_ASKS}|how (?:many|much|long|large|high|fast)", re.I)
_ASKS_DIRECTION_EXISTS_RE = re.compile(r"(?:有没有|是否有|有无).{0,24}(?:方向|题目|课题)|(?:方向|题目).{0,4}有吗|"
                                       r"is there (?:a|any) (?:direction|topic)|are there (?:any )?(?:directions|topics)",
                                       re.I)
# "矿产资源领域里哪个是基础研究类": which of a domain's directions carry a category named as such
_WHICH_OF_RE = re.compile(rf"(?:哪个|哪一个|哪些|哪几个?|有没有|是否有|有无)[^，,。？?]{{0,6}}{CATEGORY_NAMES}类")
# the edition just discussed, not named again
_SAME_EDITION_RE = re.compile(r"同一版|同一个?版本|同一份|同版|这一版|这版|该版|本版|same (edition|draft|version)|"
                              r"(that|this) (edition|draft|version)", re.I)
_LEADING_LINK_RE = re.compile(r"^(?:另外|此外|还有|顺便问下|顺便问一下|以及|and\b)\s*", re.I)


def _asks_each(part: str) -> list[str]:
    """"一共多少个方向，大概支持多少个项目": clauses that each ask something are parts of their own; "燃烧中碳捕集那个，
    中试要多大等级，捕集成本要压到多少": after a clause that names what they ask about, each with that name."""
    clauses = [c.strip() for c in re.split(r"[，,]", part) if c.strip()]
    if len(clauses) > 2 and not _ASK_RE.search(clauses[0]) and all(_ASK_RE.search(c) for c in clauses[1:]):
        return [f"{clauses[0]}，{c}" for c in clauses[1:]]
    return clauses if len(clauses) > 1 and all(_ASK_RE.search(c) for c in clauses) else [part]


# two directions named at once, each asked the same: "帕金森和遗传免疫性皮肤病那两个方向，各自要揭示几个新机制",
# "低碳冶金和低碳水泥，碳排放分别要降多少", "稀释制冷机的最低温度和太赫兹激光器的最高工作温度分别要求多少"
_TWO_NAMED_RE = re.compile(r"(?P<a>[^，,。？?；;]+?)(?:和|与|跟|以及|、)(?P<b>[^，,。？?；;和与跟、]+?)"
                           r"(?:(?:那|这)(?:两|2)个(?:方向|题目|项目)?|(?:两|2)个(?:方向|题目))")
# "稀释制冷机最低温度和太赫兹激光器最高工作温度分别是多少": without a comma, the second name runs up to 分别
_TWO_EACH_WHOLE_RE = re.compile(r"^(?P<a>[^，,。？?；;]+?)(?:和|与|跟|以及|、)(?P<b>[^，,。？?；;和与跟、]{3,})"
                                r"(?P<rest>(?:分别|各自|各要|各)[^，,。？?；;]*[？?]?)$")
# "燃烧中碳捕集那个的捕集成本要求，和二氧化碳驱油封存那个的埋存率要求，分别是多少": two clauses, then what each asks
_TWO_CLAUSES_EACH_RE = re.compile(r"^(?P<a>[^，,。？?；;]+?)[，,]\s*(?:和|与|跟|以及|还有)(?P<b>[^，,。？?；;]{3,}?)[，,]\s*"
                                  r"(?P<rest>(?:分别|各自|各)[^，,。？?；;]*[？?]?)$")
_TWO_EACH_RE = re.compile(r"^(?P<a>[^，,。？?；;]+?)(?:和|与|跟|以及|、)(?P<b>[^，,。？?；;和与跟、]{3,}?)"
                          r"(?P<rest>[，,]?[^，,。？?；;]*?(?:分别|各自|各要|各)[^。？?]*[？?]?)$")


# "2022版船舶的两个方向，各自要求跟几个国家合作": a group named by a word its directions' titles share
_GROUP_EACH_RE = re.compile(r"(?P<name>[\u4e00-\u9fffa-z0-9]{2,12}?)(?:的|那|这)(?P<n>两|二|2|三|3)个(?:方向|题目|项目)[，,]?\s*"
                            r"(?P<rest>[^。？?]*?(?:各自|分别|各)[^。？?]*[？?]?)$")
_GROUP_SIZES = {"两": 2, "二": 2, "2": 2, "三": 3, "3": 3}


def _each_named(text: str) -> list[tuple[str, str]]:
    """The question once per direction named, with the words that name it."""
    m = _TWO_NAMED_RE.search(text)
    if m:
        return [(text[:m.start()] + m.group(name) + "那个方向" + text[m.end():], m.group(name)) for name in ("a", "b")]
    m = _TWO_EACH_WHOLE_RE.search(text.strip()) or _TWO_EACH_RE.search(text.strip()) or \
        _TWO_CLAUSES_EACH_RE.search(text.strip())
    if m and len(re.sub(r"[^\u4e00-\u9fff]", "", m.group("a"))) >= 3:
        return [(m.group(name) + m.group("rest"), m.group(name)) for name in ("a", "b")]
    return []


def _names_nothing(q: Query) -> bool:
    """"…？比例多少？": a part too short to stand alone is read with the rest of the question ("周期几年？" asks a
    rule's length of time: it stands)."""
    named = _UNIT_WORDS_RE.sub("", q.rule_salient)  # "要达到多少毫米" names a unit, not a thing
    # ("要不要下设课题" leaves 设课题: three characters of a rule's words stand)
    return len(re.findall(r"[\u3400-\u9fff]", named)) <= (2 if q.rule_named else 3) and not q.numbers \
        and q.intent != "structure" \
        and not (q.rule_named and DURATION_ASK_RE.search(q.norm))


_UNIT_WORDS_RE = re.compile("|".join(sorted(MEASURE_UNITS, key=len, reverse=True)) + "|达到|达")


class Refiner(Protocol):
    """The optional LLM stage: restates follow-ups and rewrites a checked extractive answer (assistant/llm/)."""

    def condense(self, history: list[dict] | None, question: str) -> str: ...

    def refine(self, job: Job, extractive: Answer) -> Answer: ...


class Assistant:
    def __init__(self, settings: Settings, index: LoadedIndex, templates: AnswerTemplates,
                 refiner: Refiner | None = None) -> None:
        self.settings = settings
        self.index = index
        self.templates = templates
        self.gather = Gatherer(index, settings.top_k, settings.rrf_k)
        self.retriever = self.gather.retriever
        # a one-character question word stays where it is part of a corpus word ("中" in 中方)
        vocab = frozenset(t for t, n in self.gather.weights.df.items() if len(t) == 2 and n >= 3)
        regional = regional_terms("\n".join(doc.text for doc in index.documents))
        self.lexicon = Lexicon(index.glossary, {**regional, **index.synonyms}, vocab, Speller(index.documents).correct,
                               index.equivalents)
        self.kit = Kit(index, templates, self.gather.weights, self.lexicon)
        self._understood: dict[str, Query] = {}
        self.resolver = Resolver(index, self.gather, self.understand)
        self.refiner = refiner
        self._titled: dict[str, list] = {}  # title → its directions in every edition, for _with_twins
        for doc in index.documents:
            for d in doc.directions:
                self._titled.setdefault(d.title, []).append(d)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, refiner: Refiner | None = None) -> Assistant:
        settings = settings or Settings()
        return cls(settings, load_index(settings), load_answer_templates(), refiner)

    @property
    def documents(self):
        return self.index.documents

    def edition_id(self, name: str | None) -> str | None:
        """An edition filter given as id or label ("2022-draft" / "2022" / "新版")."""
        if not name:
            return None
        for doc in self.index.documents:
            if name in (doc.edition.id, doc.edition.label):
                return doc.edition.id
        raise BadQuestion(f"unknown edition {name!r}: use one of "
                          + ", ".join(f"{d.edition.label} ({d.edition.id})" for d in self.index.documents))

    def understand(self, text: str) -> Query:
        """Understood once per text (a conversation re-reads its earlier questions); each caller gets its own copy,
        since planning may adjust a query's intent."""
        q = self._understood.get(text)
        if q is None:
            q = self._understood[text] = understand(text, self.index.documents, self.lexicon)
            while len(self._understood) > UNDERSTOOD_CACHE:
                self._understood.pop(next(iter(self._understood)), None)
        return replace(q)

    # ------------------------------------------------------------------ public
    def ask(self, question: str, history: list[dict] | None = None, edition: str | None = None) -> Answer:
        started = time.perf_counter()
        history = check_history(history, self.settings.max_history_turn_chars, self.settings.max_history_chars,
                                self.settings.max_history_turns)
        text = check_question(question, self.settings.max_question_chars)
        edition_id = self.edition_id(edition)
        turns = parse_history(history, self.settings.max_history_turns)
        jobs = self.plan_parts(text, turns, edition_id)
        if self.refiner is not None and turns and not any(j.followup for j in jobs) and self.settings.llm_condense:
            standalone = self.refiner.condense(history, text)  # the rules found nothing to continue: ask the LLM
            if standalone != text:
                jobs = self.plan_parts(standalone, [], edition_id)
        answer = self.answer(jobs, asked=text)
        if edition_id and (not answer.answerable or self._may_be_elsewhere(jobs)):
            wide = self.plan_parts(text, turns, None)  # the same question without the filter, planned once
            if answer.answerable and self._better_elsewhere(jobs[0], wide):
                answer = self.refusal(jobs[0], Draft(answerable=False))  # (the edition filtered to has it not)
            if not answer.answerable:
                self._note_elsewhere(answer, wide, text, edition_id, jobs[0].lang)
        if self.refiner is not None and len(jobs) == 1:
            answer = self.refiner.refine(jobs[0], answer)
        answer.question = text
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return answer

    @staticmethod
    def _may_be_elsewhere(jobs: list[Job]) -> bool:
        """A direction found by its words alone, which another edition's direction may match far better."""
        job = jobs[0]
        return len(jobs) == 1 and job.answerer == "direction" and not job.followup and not job.query.numbers \
            and bool(job.retrieval and job.retrieval.directions)

    @staticmethod
    def _better_elsewhere(job: Job, wide: list[Job]) -> bool:
        """Under an edition filter, another edition's direction matches far better: the asker means that one
        ("AI新药研发那个方向" filtered to 新版 is 2022's 10.6, not 新版 2.3)."""
        if len(wide) > 1 or not wide[0].retrieval or not wide[0].retrieval.directions:
            return False
        mine, best = job.retrieval.directions[0], wide[0].retrieval.directions[0]
        return best.direction.edition not in job.editions and best.coverage - mine.coverage >= T.FILTER_MISMATCH

    def _note_elsewhere(self, answer: Answer, wide: list[Job], text: str, edition_id: str, lang: str) -> None:
        """A refusal under an edition filter says when another edition answers the question: the asker may have
        picked the wrong one (the answer itself stays unshown: it is not the edition asked about)."""
        other = self.answer(wide, asked=text)
        found = {c.edition for c in other.citations} if other.answerable else set()
        others = [d.edition for d in self.index.documents if d.edition.id != edition_id and d.edition.label in found]
        if others:
            names = "、".join(ed.display(lang) for ed in others)
            answer.answer += "\n" + self.kit.frame(lang, "other_edition_answers", edition_name=names)

    # ------------------------------------------------------------------ planning
    def plan_parts(self, text: str, turns: list[Turn], edition: str | None) -> list[Job]:
        """One job, or one per part when the parts need different answerers or directions."""
        text = strip_injection(text)  # an injected instruction is not part of what is asked
        whole = self.plan(text, turns, edition)
        parts = [_LEADING_LINK_RE.sub("", p.strip(" ，,")) for p in _PART_SPLIT_RE.split(text)
                 if len(re.sub(r"\W", "", p or "")) >= 4]
        parts = [c for p in parts for c in _asks_each(p)]
        if whole.answerer not in ("structure", "recommend") and (each := self._each_direction(text, turns, edition,
                                                                                               whole)):
            return each
        if whole.answerer == "rule" and (rules := self._each_rule(text, turns, edition, whole)):
            return rules
        if len(parts) < 2 or whole.answerer in ("structure", "recommend"):
            return [whole]
        if whole.lang == "en" and whole.answerer == "direction" and (rules := {
                p: job for p in parts[1:] if self.understand(p).rule_named
                and (job := self.plan(p, [], edition, whole.editions)).answerer == "rule"}):
            # "What edge AI compute does … need, and how long can a project last?": a rule asked after a direction's
            # figure is a question of its own (asking nothing of the conversation); the rest is read together
            first = self.plan(" ".join(p for p in parts if p not in rules), turns, edition, whole.editions)
            if first.answerer == "direction":  # (not "Is there a maximum budget per project, and what share…")
                return [first, *rules.values()]
        if whole.lang == "en":  # an English part alone loses what the other part named; each part's own dense
            whole.part_retrievals = [self.gather.search(self.understand(p), whole.editions) for p in parts]
            # retrieval picks the items it asks for (answerers/direction.py choose_dense) — but "Which direction
            # covers X, and what Y must it reach?" asks Y of the direction found, as a part of its own
            # (the direction is the one the first part describes, not what the figure's words lean to)
            asks = [p for p in parts[1:] if (u := self.understand(p)).intent in ("metric", "overview")
                    and not u.rule_topic] if whole.answerer == "lookup" else []
            if asks:
                found = self.plan(parts[0], [], edition, whole.editions)  # "which direction…" stands alone
                if found.answerer == "lookup" and found.directions:
                    job = self.plan(asks[0], turns, edition, whole.editions)
                    job.directions = found.directions[:1]
                    self._to_directions(job, "a later part of the question")
                    return [found, job]
            return [whole]
        if any(_names_nothing(self.understand(p)) for p in parts):
            return [whole]  # "…能看到吗？都有哪些专家？": a part that names nothing is read with the rest
        jobs: list[Job] = []
        talk = list(turns)
        # "新版一共…，大概支持…": both parts are about 新版 — an edition named carries on to later parts, not back to
        # earlier ones ("燃烧中碳捕集的燃尽度？另外新版每个方向支持几个项目？")
        named = None
        for part in parts:
            named = self.understand(part).editions or named
            job = self.plan(part, talk, edition, named)
            if jobs and jobs[-1].directions and self._continues_part(job, jobs[-1].directions):
                job.directions, job.followup = jobs[-1].directions, False  # "…？电池缺陷查准率要多少？"
                self._to_directions(job, "a later part of the question")
            jobs.append(job)
            names = " ".join(f"[{self.index.document[d.edition].edition.label} {d.number}]" for d in job.directions)
            talk = talk + [Turn("user", part), Turn("assistant", names)]
        # two rules asked at once ("周期几年？外方单位有没有数量限制？") are two questions, as two directions are
        same = {(j.answerer, j.query.intent, tuple(d.key for d in j.directions),
                 j.terms.runs if j.answerer in ("rule", "direction") else ()) for j in jobs}
        return [whole] if len(same) == 1 else jobs  # parts that would be answered alike are one question

    def _each_rule(self, text: str, turns: list[Turn], edition: str | None, whole: Job) -> list[Job]:
        """"两版在实施周期和外方单位数量上分别是怎么规定的": two rules asked at once, one job each."""
        named = whole.editions if whole.query.editions else None
        jobs = [self.plan(p, turns, edition, named) for p, _ in _each_named(text)]
        if len(jobs) == 2 and all(j.answerer == "rule" for j in jobs) and jobs[0].terms.runs != jobs[1].terms.runs:
            return jobs
        return []

    def _each_direction(self, text: str, turns: list[Turn], edition: str | None, whole: Job) -> list[Job]:
        """Two directions asked the same thing at once: one job each — when the parts land on different directions
        and the whole question's direction does not itself hold both ("捕集率和发动机功率分别是多少" of one)."""
        parts = _each_named(text)
        if not parts:
            return self._each_of_group(text, edition, whole)
        named = whole.editions if whole.query.editions else None
        jobs = [self.plan(p, turns, edition, named) for p, _ in parts]
        keys = {tuple(d.key for d in j.directions) for j in jobs}
        if not all(j.directions for j in jobs) or len(keys) < 2:
            return []
        # …unless the whole question's direction holds each name as well as the part's own direction does (when the
        # asker does not say "这两个方向" themselves)
        def holds(name: str, directions: list) -> float:
            return max(self.gather.coverage(Terms.of(self.understand(name).salient), d) for d in directions)
        if whole.directions and not _TWO_NAMED_RE.search(text) and all(holds(name, whole.directions) >= holds(name, j.directions) - T.PART_NAME_MARGIN
                                    for (_, name), j in zip(parts, jobs)):
            return []
        return jobs

    def _each_of_group(self, text: str, edition: str | None, whole: Job) -> list[Job]:
        """"船舶的两个方向，各自要求…": the directions whose titles carry the name, when there are as many as said —
        one job each."""
        m = _GROUP_EACH_RE.search(text)
        if not m:
            return []
        name = Terms.of(self.understand(m.group("name")).salient)
        found = [d for ed in whole.editions for d in self.index.document[ed].directions
                 if name.runs and name.coverage(d.title, self.gather.weights) >= T.MIN_TITLE_NAMED]
        if len(found) != _GROUP_SIZES[m.group("n")]:
            return []
        jobs = []
        for d in found:
            job = self.plan(m.group("rest"), [], edition, [d.edition])
            job.directions, job.followup, job.missing = [d], False, []
            self._to_directions(job, "one of the directions named as a group")
            jobs.append(job)
        return jobs

    def _continues_part(self, job: Job, previous: list) -> bool:
        """A later part of a question that names no direction, number, edition or rule of its own asks more of the
        direction the earlier part named — unless it found another direction that covers it better."""
        q = job.query
        if q.numbers or q.named_topic or q.rule_topic or q.domains or q.editions:
            return False
        if job.answerer not in ("direction", "refuse"):
            return False
        terms = Terms.of(q.topic)
        mine = max((self.gather.coverage(terms, d) for d in job.directions), default=0.0)
        return max(self.gather.coverage(terms, d) for d in previous) >= mine - T.FOLLOWUP_MARGIN

    def plan(self, text: str, turns: list[Turn], edition: str | None, named: list[str] | None = None) -> Job:
        """`named`: the editions the rest of the question named, for a part that names none."""
        q = self.understand(text)
        all_eds = [d.edition.id for d in self.index.documents]
        editions = [edition] if edition else (q.editions if q.editions and not q.compare else named or all_eds)
        if not edition and not q.editions and turns and _SAME_EDITION_RE.search(q.norm):  # "那同一版的1.2呢"
            editions = list(dict.fromkeys(d.edition for d in self.resolver.context_from(turns, editions))) or editions
        elif not edition and not q.editions and turns and q.numbers:
            # "4.2 的考核指标" after 2022's 氢能 directions were listed: the 4.2 of that list
            listed = {d.edition for d in self.resolver.context_from(turns, editions) if d.number in q.numbers}
            editions = sorted(listed) if len(listed) == 1 else editions
        res = self.resolver.resolve(q, turns, editions)
        if res.restate:  # the previous question again, in the editions this one names
            again = self.plan(res.restate, [], edition)
            if q.editions or edition:  # "那2022版的呢": the editions named now; else those of the question restated
                again.editions = editions
            self.route(again)
            return again
        # "那2022版的呢" after a metric question asks for metrics again; "每个站观测数据时间要多长" after the partner
        # countries asks a figure of its own, not the notes on partners
        if res.intent and q.intent == "overview" and not (res.intent == "requirement" and q.salient
                                                           and _FIGURE_ASK_RE.search(q.norm)):
            q.intent = res.intent
        carried = bool(res.terms) and not Terms.of(q.topic)
        terms = res.terms if carried else Terms.of(q.topic)
        job = Job(query=q, editions=editions, lang="en" if q.language == "en" else "zh", terms=terms,
                  directions=res.directions, followup=res.followup, why=res.why)
        self.route(job)
        if carried and job.answerer == "direction" and not any(
                self.gather.coverage(terms.minus(d.title), d) >= T.MIN_ATTRIBUTE_COVERAGE for d in job.directions):
            job.terms = Terms(())  # "那新版的1.1呢" after 捕集成本: 1.1 has none; what it has of the kind asked
        return job

    def route(self, job: Job) -> None:
        q = job.query
        if OTHER_PROGRAMMES.search(q.norm) and not q.numbers:
            return self._to(job, "refuse", "another funding programme")
        if q.unknown_numbers and not q.numbers:  # "新版4.11那个方向…": no edition has it
            job.missing = q.unknown_numbers
            return self._to(job, "refuse", "no such direction")
        if (q.numbers or q.domains) and q.yesno and asks_combine(q.norm) and self._rule_answers(job):
            # "能不能把4.1到4.3一起报", "把整个人工智能领域打包成一个项目": how directions are applied for is a rule,
            # whichever numbers or domain it names
            return self._to(job, "rule", "directions combined")
        # "矿产资源领域里哪个方向属于基础研究类": a category within a domain filters the structure, however asked
        if (q.intent in ("list_category", "list_domain") or (q.intent == "lookup" and q.plural)) and (
                q.category or q.domains) or (q.category and q.domains and not q.numbers and _WHICH_OF_RE.search(q.norm)):
            q.intent = "structure"  # "哪些方向属于应用示范类", "深海领域有哪些方向": read off the parsed structure
        if q.intent in ("structure", "recommend"):
            if q.intent == "recommend":
                job.retrieval = self.gather.search(q, job.editions)
            return self._to(job, q.intent, q.intent)
        if job.directions:  # carried from the conversation
            if job.lang == "en":  # English items are chosen by the dense side, which needs the retrieval
                job.retrieval = self.gather.search(q, job.editions, job.directions)
            # "能不能只报其中铝灰那一块": doing without part of it is a rule's question, whatever part is named
            if q.rule_topic and q.rule_named and self._rule_answers(job) and (
                    not self._direction_answers(job) or (q.yesno and asks_without(q.norm))):
                return self._to(job, "rule", "a rule, asked about the discussed direction")
            return self._to_directions(job, job.why)
        if q.numbers:
            return self._numbered(job)
        job.retrieval = r = self.gather.search(q, job.editions)
        top = self.gather.confident(r)
        if top and (self.gather.named_coverage(q, top[0].direction) is not None
                    or self.gather.title_named(q, top[0].direction)):
            job.directions = self._with_twins(job, top[0].direction)  # called by its name: about that direction
            return self._to_directions(job, "named direction")
        if q.rule_topic:  # a rule question never gets a direction's content — unless a direction plainly is the answer
            # …by what it names beyond the words every rule uses ("2022版一共打算支持多少个项目" names nothing)
            # (and by more than one short word: "一个单位最多牵头几个项目" is not 4.9's "牵头或参与制定…标准")
            named = [Terms.of(t).minus(RULE_WORDS).without_numerals() for t in q.topic_variants]
            covered = max((self.gather.coverage(n, top[0].direction) for n in named if len("".join(n.runs)) > 2),
                          default=0.0) if top else 0.0
            # English "how long …" names no rule: a direction the question plainly is about answers it (and
            # refuses what it does not state: "the total budget of the 2022 call")
            plainly = top and (covered >= T.DIRECTION_OVER_RULE or (job.lang == "en" and r.dense_z >= T.MIN_DENSE_Z_EN))
            if (self._rule_answers(job) and (q.rule_named or job.lang != "en")) or not plainly:
                return self._to(job, "rule", "rule topic")
        elif max((p.coverage for p in rule.best(self.kit, job).values()), default=0.0) >= max(
                T.MIN_RULE_COVERAGE, top[0].coverage if top else 0.0) and self._rule_answers(job):
            return self._to(job, "rule", "a rule sentence covers it best")
        if not top:
            return self._to(job, "refuse", "no direction covers it")
        if q.intent == "lookup" or (q.intent == "list_domain" and q.plural):
            # "有没有小型模块化核反应堆相关的方向": 模块 and 反应 here and there are not that topic (nor is a domain
            # named with it: "气候变化领域里有没有做甲烷排放监测的方向")
            if job.lang == "zh" and _ASKS_DIRECTION_EXISTS_RE.search(q.norm) and not self.gather.holds_topic(
                    job.terms.minus(" ".join(q.domain_names) + " 领域"), top[0].direction):
                return self._to(job, "refuse", "no direction holds the topic")
            job.directions = lookup.close_directions(job)
            return self._to(job, "lookup", "which direction")
        job.directions = self._with_twins(job, top[0].direction)
        return self._to_directions(job, "best direction")

    def _to_directions(self, job: Job, why: str) -> None:
        """A question about directions: their content, or their own rule (实施周期, 经费 …) when it asks for one."""
        self._to(job, "rule" if rule.own_fields(job) else "direction", why)

    def _with_twins(self, job: Job, d):
        """The direction, and the same-titled direction of other editions allowed (a draft and its final version):
        a question that names it by title and no edition is about each of them."""
        if job.query.editions:
            return [d]
        twins = [x for x in self._titled.get(d.title, []) if x.edition != d.edition and x.edition in job.editions]
        return [d, *twins]

    def _rule_answers(self, job: Job) -> bool:
        return any(rule.answers(p, job) for p in rule.best(self.kit, job).values())

    def _direction_answers(self, job: Job) -> bool:
        variants = [job.terms] + [Terms.of(t) for t in job.query.topic_variants[1:]]
        return any(self.gather.coverage(t.minus(d.title), d) >= T.MIN_ATTRIBUTE_COVERAGE
                   for d in job.directions for t in variants)

    def _numbered(self, job: Job) -> None:
        q = job.query
        found = [(n, self.index.directions.get(f"{ed}:{n}")) for n in q.numbers for ed in job.editions]
        directions = [d for _, d in found if d]
        in_domain = [d for d in directions if (d.edition, d.domain_number) in q.domains]
        job.directions = in_domain or directions  # "CCUS 1.2": the domain says which edition's 1.2
        job.missing = [n for n in q.numbers if not any(d.number == n for d in job.directions)]
        job.ambiguous = len({d.edition for d in job.directions}) > 1 and not q.editions and not in_domain
        job.retrieval = self.gather.search(q, job.editions, job.directions) if job.lang == "en" else None
        if job.directions:
            return self._to_directions(job, "numbered")
        self._to(job, "refuse", "numbered")

    @staticmethod
    def _to(job: Job, answerer: str, why: str) -> None:
        job.answerer = answerer  # type: ignore[assignment]
        job.why = why

    # ------------------------------------------------------------------ answering
    def answer(self, jobs: list[Job], asked: str = "") -> Answer:
        if len(jobs) == 1:
            return self.finish(jobs[0], self._draft(jobs[0]), asked)
        draft = Draft(answerable=False)
        for job in jobs:  # part by part; a part the guidelines do not answer says so and the rest still stands
            part = self._draft(job)
            if part.answerable and part.citations:
                proposes = part.verdict and job.query.yesno and proposed_number(job.query.norm) is not None
                draft.extend(part)
                draft.answerable = True
                if proposes:  # "有上限吗？我们想拉5个可以吗？": each part says its own; the one putting an amount
                    draft.verdict = part.verdict  # forward is the decision asked for
            else:
                draft.add(self.kit.frame(job.lang, "part_refused", part=job.query.text.strip(" ？?。")))
        return self.finish(jobs[0], draft, asked)

    def _draft(self, job: Job) -> Draft:
        if job.answerer == "refuse":
            return self._refuse(job)
        draft = ANSWERERS[job.answerer](job, self.kit)
        if draft.answerable and draft.citations and draft.verdict is None and job.query.yesno \
                and (job.answerer in ("lookup", "structure") or job.query.intent == "lookup") \
                and _ASKS_DIRECTION_EXISTS_RE.search(job.query.norm):
            draft.verdict = "yes"  # "有没有做南极冰下钻探的方向？": the directions found are the yes
            draft.lines.insert(0, Line(self.kit.frame(job.lang, "short_verdict_yes"), [], False))
        if not draft.answerable and job.answerer == "direction" and job.query.rule_named:
            return rule.answer(job, self.kit)  # the direction does not say it: the rules that bind it (or the closest)
        if not draft.answerable and not draft.suggestions and not draft.citations and job.retrieval \
                and not job.directions and job.answerer != "rule":  # a rule or a direction asked about has no
        # related directions, and a refusal that already quotes the nearest text needs no more
            draft.suggestions = self._related(job)
        return draft

    def _refuse(self, job: Job) -> Draft:
        draft = Draft(answerable=False)
        for n in job.missing:  # each edition asked about that lacks it
            for ed in (self.index.document[e].edition for e in job.editions):
                if f"{ed.id}:{n}" not in self.index.directions:
                    draft.add(self.kit.frame(job.lang, "missing_direction", edition_name=ed.display(job.lang), number=n))
        if job.retrieval:
            draft.suggestions = self._related(job)
        return draft

    def _related(self, job: Job) -> list:
        """Suggestions for a refusal: only directions that are really about something the question names."""
        hits = job.retrieval.directions if job.retrieval else []
        return self.kit.suggestions([h.direction for h in hits[: self.settings.max_suggestions]
                                     if h.coverage >= T.SUGGESTION_MIN_COVERAGE])

    def finish(self, job: Job, draft: Draft, asked: str = "") -> Answer:
        """`asked`: the whole question; the answer may repeat its words (a part it names)."""
        q = job.query
        if not draft.answerable or not draft.citations:
            return self.refusal(job, draft)
        text = draft.render()
        allowed = " ".join([q.text, asked] + [f"{doc.edition.label} {doc.edition.display(job.lang)}"
                                       for doc in self.index.documents])
        check = verify(text, draft.citations, self.index, allowed_text=allowed, counts=draft.counts)
        if not check.ok:  # never show an answer that fails its own grounding check
            return self.refusal(job, Draft(answerable=False), check_problems=check.problems)
        return Answer(question=q.text, answer=text, answerable=True, citations=draft.citations,
                      suggestions=draft.suggestions, intent=q.intent, verdict=draft.verdict, language=q.language,
                      verification=check)

    def refusal(self, job: Job, draft: Draft, check_problems: list[str] | None = None) -> Answer:
        """Not answered. Related quotes the answerer found stay, cited and checked, under a line that says they are
        only related; then the refusal and, if any, related directions."""
        q, lang = job.query, job.lang
        shown = Draft(lines=list(draft.lines))
        shown.add(self.kit.frame(lang, "refusal"))
        text = shown.render()
        if draft.suggestions:
            text += "\n" + self.kit.frame(lang, "refusal_suggest") + "\n" + "\n".join(
                f"- {s.edition} {s.direction} {s.title}" for s in draft.suggestions)
        citations = draft.citations
        verification = Verification(ok=False, problems=check_problems) if check_problems else None
        if citations:
            allowed = " ".join([q.text] + [f"{s.edition} {s.direction} {s.title}" for s in draft.suggestions])
            verification = verify(text, citations, self.index, allowed_text=allowed)
            if not verification.ok:
                return self.refusal(job, Draft(answerable=False), check_problems=verification.problems)
        return Answer(question=q.text, answer=text, answerable=False, citations=citations,
                      suggestions=draft.suggestions, intent=q.intent, language=q.language, verification=verification)
