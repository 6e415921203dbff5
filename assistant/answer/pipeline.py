"""`Assistant.ask(question, history) -> Answer`: understand, resolve follow-ups, retrieve, compose, verify.

The edges (CLI, HTTP API, UI) call only this; it raises AssistantError subclasses for bad input, nothing else.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from assistant.answer.compose import Composer, Draft
from assistant.answer.conversation import is_elliptical, mentioned_directions, parse_history
from assistant.core.errors import BadQuestion
from assistant.answer.verify import verify
from assistant.answer.understand import Query, understand
from assistant.answer.guard import check_history, check_question, strip_injection
from assistant.answer.retrieve import DirectionHit, Retrieval, Retriever
from assistant.core.settings import Settings
from assistant.core.templates import AnswerTemplates, load_answer_templates
from assistant.answer.terms import Terms
from assistant.core.types import Answer, Direction, Verification
from index.reader import LoadedIndex, load_index

# Calibrated on evals/pairs.jsonl, checked on evals/holdout.jsonl (evals/README.md): how much of what a question is
# about must be found in the passage that answers it. Below these the answer is "not in the guidelines".
MIN_DIRECTION_COVERAGE = 0.5
MIN_RULE_COVERAGE = 0.6  # a question with no rule words must match a rule sentence well
MIN_RULE_TOPIC_COVERAGE = 0.4  # one that names a rule topic (单位, 周期, 经费…) less so
RULE_MARGIN = 0.15
LOOKUP_CLOSE_RATIO = 0.85
CONTENT_INTENTS = ("metric", "research", "keywords", "requirement")
MIN_NAMED = 0.7
MIN_NAMED_ALONE = 0.9
MAX_CONTEXT_DIRECTIONS = 12
LOOKUP_MAX = 6
# other funding programmes: questions about them are not about these guidelines
OTHER_PROGRAMMES = re.compile(r"自然科学基金|nsfc|社科基金|社会科学基金|杰青|优青|博士后|863|973|地平线|horizon|erc\b|"
                              r"marie|省级|市级|高新技术企业|专精特新|人才计划|留学基金", re.I)
@dataclass
class Plan:
    """What the question resolved to before composing."""

    query: Query
    editions: list[str]
    context: list[Direction]  # directions carried over from the conversation
    followup: bool


class Assistant:
    def __init__(self, settings: Settings, index: LoadedIndex, templates: AnswerTemplates) -> None:
        self.settings = settings
        self.index = index
        self.templates = templates
        self.retriever = Retriever(index, settings.top_k, settings.rrf_k)
        self.composer = Composer(index, templates, self.retriever.weights)
        # both set by assistant.llm.answer.attach_llm when ASSISTANT_LLM_BASE_URL is configured
        self.llm = None
        self.llm_prompts = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Assistant:
        settings = settings or Settings()
        templates = load_answer_templates()
        assistant = cls(settings, load_index(settings), templates)
        if settings.llm_enabled:
            from assistant.llm.answer import attach_llm

            attach_llm(assistant)
        return assistant

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
        return understand(text, self.index.documents, self.index.glossary)

    # ------------------------------------------------------------------ public
    def ask(self, question: str, history: list[dict] | None = None, edition: str | None = None) -> Answer:
        started = time.perf_counter()
        history = check_history(history, self.settings.max_history_turn_chars, self.settings.max_history_chars,
                                self.settings.max_history_turns)
        text = check_question(question, self.settings.max_question_chars)
        edition_id = self.edition_id(edition)
        plan = self.plan(text, history, edition_id)
        if self.llm is not None and history and not plan.followup and self.settings.llm_condense:
            from assistant.llm.answer import condense

            # the rule-based resolver found no antecedent; let the LLM restate the question on its own
            standalone = condense(self, history, text)
            if standalone != text:
                plan = self.plan(standalone, None, edition_id)
        answer = self.answer(plan)
        if self.llm is not None:
            from assistant.llm.answer import llm_answer

            answer = llm_answer(self, plan, answer)
        answer.question = text
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return answer

    def plan(self, text: str, history: list[dict] | None, edition: str | None) -> Plan:
        asked = strip_injection(text)
        q = self.understand(asked)  # an injected instruction is not part of what is asked
        all_eds = [d.edition.id for d in self.index.documents]
        editions = [edition] if edition else (q.editions if q.editions and not q.compare else all_eds)
        turns = parse_history(history, self.settings.max_history_turns)
        context: list[Direction] = []
        followup = False
        if turns and not q.numbers and not q.domains and (q.anaphora or is_elliptical(q.salient)):
            context = self.context_from(turns, editions)
            followup = bool(context)
            if followup and q.intent == "overview" and is_elliptical(q.salient):  # "那2022版的呢": ask it again
                prev = next((t.content for t in reversed(turns) if t.role == "user"), "")
                prev_intent = self.understand(prev).intent if prev else q.intent
                q.intent = prev_intent if prev_intent in CONTENT_INTENTS else q.intent
        if followup and q.editions:  # "那2022版的呢": the same numbers in the edition now named
            moved = [self.index.directions.get(f"{ed}:{d.number}") for d in context for ed in q.editions]
            context = [d for d in moved if d] or context
        if len(context) > 1:  # "其中哪个是做稀释制冷机的？": keep the ones the question is about
            terms = Terms.of(q.topic)
            scored = [(terms.coverage(self.retriever.direction_text(d), self.retriever.weights), d) for d in context]
            best = max(c for c, _ in scored)
            if terms and best >= MIN_DIRECTION_COVERAGE:
                context = [d for c, d in scored if c >= best - 0.05]
        return Plan(q, editions, context, followup)

    def context_from(self, turns, editions: list[str]) -> list[Direction]:
        """The directions of the latest exchange that had any: those the assistant turn names (`[新版 4.7 …]`,
        "2022 3.2") together with those its user turn asked about (a number, a domain, or a confident match)."""
        found: list[Direction] = []
        for turn in reversed(turns):
            if turn.role == "assistant":
                found += [self.index.directions[k] for k in mentioned_directions(turn.content, self.index.documents)]
                continue
            found += self.asked_about(turn.content, editions)
            if found:
                break
        unique = {d.key: d for d in reversed(found)}  # first mention wins
        return list(reversed(unique.values()))[:MAX_CONTEXT_DIRECTIONS]

    def asked_about(self, text: str, editions: list[str]) -> list[Direction]:
        q = self.understand(text)
        eds = q.editions or editions
        if q.numbers:
            return [d for d in (self.index.directions.get(f"{ed}:{n}") for n in q.numbers for ed in eds) if d]
        if q.domains and q.intent in ("list_domain", "list_category"):
            return [d for ed, dom in q.domains if ed in eds for d in self.index.document[ed].directions
                    if d.domain_number == dom]
        top = self.confident(self.retriever.search(q, eds))
        return [top[0].direction] if top else []

    # ------------------------------------------------------------------ answering
    def confident(self, r: Retrieval) -> list[DirectionHit]:
        """Directions the guidelines really have for this question, best first; [] when none is close enough."""
        if not r.directions:
            return []
        top = r.directions[0]
        if top.routed:
            return [d for d in r.directions if d.routed]
        q = r.query
        if q.language == "en":  # English words cannot be found in Chinese text: trust a clear dense winner
            if q.glossary and not self.retriever.known(q.glossary):
                return []  # it asks about something the guidelines never mention (a deadline, a salary…)
            # none of its words is guideline vocabulary: only a very clear dense winner will do
            z_needed = self.settings.min_dense_z * (1 if q.glossary else 2)
            ok = r.dense_z >= z_needed or top.coverage >= MIN_DIRECTION_COVERAGE
        else:  # one character ("你好" → "好") cannot identify a direction, however well it is covered
            ok = top.coverage >= MIN_DIRECTION_COVERAGE and len("".join(Terms.of(q.topic).runs)) >= 2
            named = self.named_coverage(q, top.direction)
            if named is not None:  # a direction called by name must be that direction, not a neighbour sharing a
                ok = named >= MIN_NAMED if ok else named >= MIN_NAMED_ALONE  # word; said clearly, chatter around it is fine
        return [top] if ok else []

    def named_coverage(self, q: Query, d: Direction) -> float | None:
        named = Terms.of(q.named_topic)
        if not named or len("".join(named.runs)) < 3:
            return None
        return named.coverage(self.retriever.direction_text(d), self.retriever.weights)

    def answer(self, plan: Plan) -> Answer:
        q = plan.query
        lang = "en" if q.language == "en" else "zh"
        draft = Draft()
        answerable = self.compose(plan, draft, lang)
        if not answerable or not draft.citations:
            return self.refusal(plan, draft, lang)
        text = self.render(draft)
        allowed = " ".join([q.text] + [d.direction for d in draft.suggestions]
                           + [f"{doc.edition.label} {doc.edition.display(lang)}" for doc in self.index.documents])
        check = verify(text, draft.citations, self.index, allowed_text=allowed)
        if not check.ok:  # never show an answer that fails its own grounding check
            return self.refusal(plan, Draft(), lang, check_problems=check.problems)
        return Answer(question=q.text, answer=text, answerable=True, citations=draft.citations,
                      suggestions=draft.suggestions, intent=q.intent, language=q.language, verification=check)

    def compose(self, plan: Plan, draft: Draft, lang: str) -> bool:
        q, editions, c = plan.query, plan.editions, self.composer
        if OTHER_PROGRAMMES.search(q.norm) and not q.numbers:
            return False
        if q.intent == "list_domain" and q.domains:
            for ed, dom in q.domains:
                if ed in editions:
                    c.list_domain(draft, ed, dom, lang)
            return bool(draft.citations)
        if q.intent == "list_category" and q.category:
            labelled = [ed for ed in editions if any(d.category for d in self.index.document[ed].directions)]
            for ed in labelled or editions:
                c.list_category(draft, ed, q.category, lang, [dom for e, dom in q.domains if e == ed])
            return bool(draft.citations)
        if plan.context:
            if plan.followup:
                names = "、".join(f"{self.index.document[d.edition].edition.label} {d.number}" for d in plan.context)
                draft.add(self.templates.get(lang, "followup_note", directions=names))
            for d in plan.context:
                self.direction_answer(draft, q, d, lang)
            return True
        if q.numbers:
            return self.numbered(plan, draft, lang)
        r = self.retriever.search(q, editions)
        top = self.confident(r)
        # English: only the glossary's Chinese terms can be matched against the Chinese rules
        rule_terms = Terms.of(q.topic)
        rule_cov = self.rule_coverage(editions, rule_terms)
        direction_cov = top[0].coverage if top else 0.0
        named = self.named_coverage(q, top[0].direction) if top else None
        if named is not None and named >= MIN_NAMED_ALONE:
            use_rules = False  # "X方向对合作伙伴有什么要求": asked of a direction it names, not of the rules
        elif q.rule_topic:  # rules bind every direction: prefer them when they answer about as well
            use_rules = rule_cov >= max(MIN_RULE_TOPIC_COVERAGE, direction_cov - RULE_MARGIN)
        else:
            use_rules = rule_cov >= MIN_RULE_COVERAGE and rule_cov > direction_cov
        if use_rules:
            return c.rules(draft, editions, rule_terms, lang, preferred=r.rules[:2])
        if not top:
            draft.suggestions = c.suggestions([d.direction for d in r.directions[: self.settings.max_suggestions]])
            return False
        if q.intent == "lookup" or (q.intent == "list_domain" and q.plural):  # "跟X有关的方向有哪些"
            best = top[0].score
            if q.plural and q.language != "en":  # every direction that really is about it
                close = [d.direction for d in r.directions[:LOOKUP_MAX] if d.coverage >= top[0].coverage - 0.05]
            else:
                close = [d.direction for d in r.directions[:3] if d.score >= best * LOOKUP_CLOSE_RATIO and
                         (q.language == "en" or d.coverage >= MIN_DIRECTION_COVERAGE)]
            c.lookup(draft, close or [top[0].direction], lang)
            return True
        self.direction_answer(draft, q, top[0].direction, lang, r)
        return True

    def rule_coverage(self, editions: list[str], terms: Terms) -> float:
        best = 0.0
        for ed in editions:
            chosen = self.composer.best_rules(ed, terms)
            if chosen:
                best = max(best, chosen[0][0])
        return best

    def numbered(self, plan: Plan, draft: Draft, lang: str) -> bool:
        q = plan.query
        found = [(n, self.index.directions.get(f"{ed}:{n}")) for n in q.numbers for ed in plan.editions]
        directions = [d for _, d in found if d]
        in_domain = [d for d in directions if (d.edition, d.domain_number) in q.domains]
        directions = in_domain or directions  # "CCUS 1.2": the domain says which edition's 1.2
        if not directions:
            for n, _ in found[:1]:
                ed = self.index.document[plan.editions[0]].edition
                draft.add(self.templates.get(lang, "missing_direction", edition_name=ed.display(lang), number=n))
            return False
        if len({d.edition for d in directions}) > 1 and not q.editions and not in_domain:
            draft.add(self.templates.get(lang, "ambiguous", number=directions[0].number))
        for d in directions:
            self.direction_answer(draft, q, d, lang)
        return True

    def direction_answer(self, draft: Draft, q: Query, d: Direction, lang: str, r: Retrieval | None = None) -> None:
        if lang == "en" and q.intent in ("metric", "overview") and not self.composer.item_terms(q, d):
            r = r or self.retriever.search(q, [d.edition])
            dense = {h.chunk.item: h.dense for h in r.hits
                     if h.chunk.kind == "item" and h.chunk.number == d.number and h.chunk.edition == d.edition}
            self.composer.metric(draft, q, d, lang, dense)
            return
        handler = {
            "metric": self.composer.metric, "research": self.composer.research, "keywords": self.composer.keywords,
            "requirement": self.composer.requirement, "lookup": self.composer.overview,
        }.get(q.intent, self.composer.overview)
        if q.intent == "lookup":
            self.composer.lookup(draft, [d], lang)
            return
        handler(draft, q, d, lang)

    def refusal(self, plan: Plan, draft: Draft, lang: str, check_problems: list[str] | None = None) -> Answer:
        q = plan.query
        lines = [line.text for line in draft.lines if not line.citations]
        lines.append(self.templates.get(lang, "refusal"))
        if draft.suggestions:
            lines.append(self.templates.get(lang, "refusal_suggest"))
            lines += [f"- {s.edition} {s.direction} {s.title}" for s in draft.suggestions]
        verification = Verification(ok=False, problems=check_problems) if check_problems else None
        return Answer(question=q.text, answer="\n".join(lines), answerable=False, citations=[],
                      suggestions=draft.suggestions, intent=q.intent, language=q.language,
                      verification=verification)

    @staticmethod
    def render(draft: Draft) -> str:
        return "\n".join(("- " if line.bullet else "") + line.text for line in draft.lines)
