"""The conversation: does this question stand on its own, or continue what was just discussed?

It continues only when it depends on the last exchange ("它/这个方向/那…呢/and the accuracy?") and names no topic of
its own, or when the direction just discussed answers it at least as well as anything else does. A question that names
a rule, another direction or topic, the structure, or the asker's own work stands on its own. The edition filter
applies to every turn: a carried direction outside it is moved to the same number in the allowed edition, or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.answer import thresholds as T
from assistant.answer.clauses import ASKS_TOTAL_RE
from assistant.answer.conversation import CJK_RE, Turn, is_elliptical, mentioned_directions
from assistant.answer.gather import Gatherer
from assistant.answer.terms import Terms
from assistant.answer.understand import RULE_WORDS, Query
from assistant.core.types import Direction
from index.reader import LoadedIndex

CONTENT_INTENTS = ("metric", "research", "keywords", "requirement")
# a unit alone names nothing: "项目周期最长几年" is 实施周期 and how many 年
_UNIT_ONLY_RE = re.compile(r"[年月天家项个次名人位]")
# "…那个方向呢，也有同样要求？": words that point back at what was asked before ask nothing new
_SAME_ASK_RE = re.compile(r"同样|一样|相同|类似|同类|也|还|要求|规定")
# a question asking whether there is a(nother) direction about something names a new topic, whatever follows
# (English: its words cannot be measured against the text, so a switch is taken from the question's form)
_ASKS_ANOTHER_RE = re.compile(r"\bis there (?:also |another )?(?:a |an |any )?(?:[\w–-]+ ){0,6}?(?:direction|topic)\b", re.I)
# "这两个都是应用示范类的吗" after one direction and then another: both of them
_BOTH_RE = re.compile(r"[这那](?:两|俩)个?|两个(?:方向)?都|两者|\bboth\b", re.I)
_DOMAIN_SAID_RE = re.compile(r"领域|板块|domain|area|field", re.I)


@dataclass
class Resolution:
    directions: list[Direction] = field(default_factory=list)  # carried from the conversation
    followup: bool = False
    intent: str | None = None  # the previous question's intent, for "那2022版的呢"
    terms: Terms | None = None  # the previous question's topic, looked for again in the new directions
    restate: str = ""  # "那2022版的呢" after a rule question: that question again, for the edition now named
    why: str = "standalone"


class Resolver:
    def __init__(self, index: LoadedIndex, gather: Gatherer, understand: Callable[[str], Query]) -> None:
        self.index = index
        self.gather = gather
        self.understand = understand

    def resolve(self, q: Query, turns: list[Turn], editions: list[str]) -> Resolution:
        if not turns:
            return Resolution()
        prev_user = next((t.content for t in reversed(turns) if t.role == "user"), "")
        prev = self.understand(prev_user) if prev_user else None
        carried = Resolution(intent=prev.intent if prev and prev.intent in CONTENT_INTENTS else None,
                             terms=Terms.of(prev.topic) if prev else None)
        bare = is_elliptical(q.salient) and q.intent in ("overview", *CONTENT_INTENTS)
        # "那2022版的5.3呢" / "那稀释制冷机那个呢": the direction is new, what is asked of it may be carried — when the
        # question asks nothing of its own ("那X那个，核查时间要多久" asks for a time, not the previous keywords)
        keeps = q.continues and q.intent == "overview" and not self._asks_own(q)
        if q.numbers:
            return self._keep(carried, "numbered") if keeps else Resolution()
        # "新版总共打算支持多少个项目？" after a direction: a rule asked of an edition named, or a total, with nothing
        # pointing back, is about the call
        if q.rule_named and not (q.refers_back or q.continues) and (q.editions or ASKS_TOTAL_RE.search(q.norm)):
            return Resolution(why="a rule of the call")
        context = self.context_from(turns, editions, want=2 if _BOTH_RE.search(q.norm) else 1)
        # "脑机接口系统的大模型参数量呢" after 6.1: naming the domain the discussed direction is in is no new topic
        other_domain = q.domains and not q.refers_back and not any((d.edition, d.domain_number) in q.domains
                                                                   for d in context)
        # "And the accuracy of the AI prediction models?": a word that could name a domain, not said as one, in a
        # question that carries on
        other_domain = other_domain and not (q.continues and not _DOMAIN_SAID_RE.search(q.norm))
        if q.intent in ("structure", "recommend") or q.named_topic or other_domain:
            return self._keep(carried, "own topic") if keeps else Resolution(why="own topic")
        if prev is not None and prev.intent == "structure" and q.plural and not q.salient and not q.editions:
            # "都有哪些？" after "新版一共几个领域？": that list, asked for
            return Resolution(restate=f"{prev_user} {q.text}", why="the previous structure question, listed")
        thread = self._rule_thread(turns) if bare else ""
        if q.editions and q.continues and thread:
            return Resolution(restate=thread, why="the previous rule question, for the edition named")
        if q.editions and q.continues and bare and not q.refers_back:  # "那2022版的呢": same numbers, edition named
            moved = [self.index.directions.get(f"{ed}:{d.number}") for d in context for ed in q.editions]
            context = [d for d in moved if d]
            return self._followup(carried, context, "same number, other edition") if context else Resolution()
        if thread and not q.rule_named and (q.yesno or q.continues) and \
                len(CJK_RE.findall(q.salient)) <= T.RULE_FOLLOWUP_CHARS:
            # "有上限吗？" after "国外合作单位至少几个？": asked of the rule just discussed (whatever direction was
            # discussed before it: the thread stops at an answer that named one)
            return Resolution(restate=f"{thread} {q.text}", why="asked of the rule just discussed")
        if not context:
            return Resolution(why="nothing to continue")
        if _ASKS_ANOTHER_RE.search(q.norm):  # "Is there also a direction on …? How many qubits must it support?"
            return Resolution(why="asks for another direction")  # (its "it" is the one asked for)
        if q.refers_back or not q.salient:
            return self._followup(carried, self._narrow(q, context), "refers back")
        cov_prev = max(self.gather.coverage(Terms.of(t), d) for d in context for t in q.topic_variants)
        # English words the glossary cannot translate vanish from the rule's measure: "how long must the spill
        # dispersion model forecast window be" would be all 实施周期; in English only a named rule counts
        rule_cov = (self.gather.rule_coverage(q, editions) if q.rule_topic and (
            q.rule_named or not (q.continues or bare or q.language == "en")) else 0.0)
        # (a tie goes to the rule when the question names nothing but the words every rule uses and points back to
        # nothing: "一个方向一般支持几个项目", not "标准立项几项" — nor "对合作伙伴有啥要求", which a direction may
        # state of its own: "须有两个以上国家的合作伙伴参与")
        if rule_cov >= T.FOLLOWUP_RULE_COVERAGE and (rule_cov > cov_prev or (
                rule_cov == cov_prev and q.rule_named and not q.refers_back and q.intent != "requirement"
                and not [r for r in Terms.of(q.salient).minus(RULE_WORDS).without_numerals().runs
                         if not _UNIT_ONLY_RE.fullmatch(r)])):
            return Resolution(why="rule")  # "中方单位最多几家？" after a direction: about the rules, not the direction
        r = self.gather.search(q, editions)
        if q.language == "en":  # English words cannot be measured against the Chinese text: only a plain winner
            own = self.gather.confident(r) if r.dense_z >= T.FOLLOWUP_SWITCH_DENSE_Z else []
        else:  # and an attribute many directions share ("论文", "国际专利") names none of them
            own = [] if self._generic(q, r) else self.gather.confident(r)
        # "还有什么特别说明吗？": a word or two left after a continuing question names no direction of its own
        names_one = not (q.continues and len(re.sub(r"[^\u3400-\u9fff]", "", q.salient)) <= 2)
        # an elliptical question ("时间范围是哪几年") leaves only for a direction it names: its words in that
        # direction's title or keywords, not just somewhere in its text
        if names_one and own and own[0].direction not in context and own[0].coverage >= max(
                cov_prev + T.FOLLOWUP_MARGIN, T.FOLLOWUP_SWITCH_COVERAGE) and (
                not bare or self._names(q, own[0].direction)):
            return Resolution(why="another direction fits better")
        # English that did not plainly switch ("how long must each station observe?") and names no rule, date or
        # place asks more of the direction just discussed
        # (one naming a rule no sentence holds — "what indirect cost rate is allowed?" — is answered on its own)
        if q.language == "en" and ((not own and not q.rule_named) or (
                own and q.continues and (not self._names(q, own[0].direction) or cov_prev >= own[0].coverage)) or (
                # ("And the accuracy of the AI prediction models?" of a direction that has them as well as 4.5)
                own and not q.rule_named and not q.answer_type and not self._names(q, own[0].direction))):
            return self._followup(carried, self._narrow(q, context), "an English question naming no other direction")
        # "在多长时间内": a length of time with nothing else named is asked of what was just discussed
        # …and so is a question of a few words that names no rule and no other direction ("还要出标准吗",
        # "要落到几款车型上") unless a rule sentence holds it; a date, a person or an address is never a direction's
        if cov_prev >= T.FOLLOWUP_MIN_COVERAGE or (bare and (q.continues or (q.rule_topic and not q.rule_named))) or (
                bare and not q.rule_topic and not q.answer_type
                and self.gather.rule_coverage(q, editions) < T.FOLLOWUP_RULE_COVERAGE):
            return self._followup(carried, self._narrow(q, context), "the discussed direction answers it")
        return Resolution(why="not about the discussed direction")

    def _rule_thread(self, turns: list[Turn]) -> str:
        """The rule question being discussed, with the follow-ups asked of it since ("新版国外合作单位至少几个？
        有上限吗？"); "" when the latest questions were not about a rule of the call."""
        asked: list[str] = []
        for turn in reversed(turns):
            if turn.role == "assistant":
                if mentioned_directions(turn.content, self.index.documents):
                    return ""  # a direction was being discussed, not a rule
                continue
            asked.insert(0, turn.content)
            q = self.understand(turn.content)
            if q.numbers or q.named_topic or len(asked) > T.RULE_THREAD_TURNS:
                return ""
            if q.rule_topic:
                return " ".join(asked)
        return ""

    @staticmethod
    def _asks_own(q: Query) -> bool:
        """Words left once the direction's name goes: the question asks something of its own."""
        rest = Terms.of(q.salient).minus(q.named_topic) if q.named_topic else Terms.of(q.salient)
        return len(_SAME_ASK_RE.sub("", re.sub(r"[^\u3400-\u9fff]", "", "".join(rest.runs)))) >= 2

    def _names(self, q: Query, d: Direction) -> bool:
        header = " ".join([d.title, *d.keywords])
        return Terms.of(q.topic).coverage(header, self.gather.weights) >= T.FOLLOWUP_NAMES

    @staticmethod
    def _generic(q: Query, r) -> bool:
        covering = [h for h in r.directions[:T.GENERIC_CANDIDATES] if h.coverage >= T.FOLLOWUP_SWITCH_COVERAGE]
        return len(covering) >= T.GENERIC_DIRECTIONS

    @staticmethod
    def _keep(carried: Resolution, why: str) -> Resolution:
        return Resolution(intent=carried.intent, terms=carried.terms, why=why)

    @staticmethod
    def _followup(base: Resolution, context: list[Direction], why: str) -> Resolution:
        """Continue with these directions; the previous question's intent is kept for a question without one, but not
        its topic ("起吊重量呢？" asks for 起吊重量, not for what was asked before)."""
        return Resolution(directions=context, followup=bool(context), intent=base.intent, why=why)

    def _narrow(self, q: Query, context: list[Direction]) -> list[Direction]:
        """"其中哪个是做稀释制冷机的？": of several carried directions, keep the ones the question is about."""
        terms = Terms.of(q.topic)
        if len(context) < 2 or not terms:
            return context
        scored = [(self.gather.coverage(terms, d), d) for d in context]
        best = max(c for c, _ in scored)
        return [d for c, d in scored if c >= best - 0.05] if best >= T.MIN_DIRECTION_COVERAGE else context

    def context_from(self, turns: list[Turn], editions: list[str], want: int = 1) -> list[Direction]:
        """The directions of the latest exchange that had any: those the assistant turn names (`[新版 4.7 …]`,
        "2022 3.2") together with those its user turn asked about (a number, a domain, or a confident match), kept
        to the editions allowed. "这两个都是…": the latest exchanges that name two."""
        found: list[Direction] = []
        answered = False  # the user turn was answered, and that answer named no direction: it was about none
        for turn in reversed(turns):
            if turn.role == "assistant":
                found += [self.index.directions[k] for k in mentioned_directions(turn.content, self.index.documents)]
                answered = True
                continue
            if not found and not answered:  # a history of questions only (an API client): what they asked about
                found += self.asked_about(turn.content, editions)
            answered = False
            if len({d.key for d in found}) >= want:
                break
        allowed = []
        for d in found:
            moved = d if d.edition in editions else next(
                (m for ed in editions if (m := self.index.directions.get(f"{ed}:{d.number}"))), None)
            if moved and moved not in allowed:
                allowed.append(moved)
        return allowed[:T.MAX_CONTEXT_DIRECTIONS]

    def asked_about(self, text: str, editions: list[str]) -> list[Direction]:
        q = self.understand(text)
        eds = q.editions or editions
        if q.numbers:
            return [d for d in (self.index.directions.get(f"{ed}:{n}") for n in q.numbers for ed in eds) if d]
        top = self.gather.confident(self.gather.search(q, eds))
        return [top[0].direction] if top else []
