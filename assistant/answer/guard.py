"""Input hygiene for a question and its history: readable text of bounded size, injected instructions set aside.

A question is data. Text that tries to instruct the assistant ("忽略之前的指令…", "【系统通知：…】") is removed before the
question is understood, so it can neither steer the answer nor dilute what the question is about. Every step here
is linear in the input: the limits below are what keeps one request's cost bounded (bench/worst_case.py).
"""

from __future__ import annotations

import re
import unicodedata

from assistant.core.errors import BadQuestion

_INJECTION_RE = re.compile(r"忽略|无视|ignore|disregard|prompt|系统提示|系统通知|提示词|扮演|pretend|you are now|你现在是|"
                           r"instruction|\bsystem\s*[:：]|\bassistant\s*[:：]|新规则|回答结尾|回答时|所有数字|"
                           # "指令" alone is a word of the guidelines' own ("决策指令生成时间"): only an order to obey counts
                           r"(以下|下面|新的?|按照?|遵守|执行|服从)的?指令|指令\s*[:：]|不再受|不受.{0,8}(约束|限制)|自行估算",
                           re.I)
_OPENERS_RE = re.compile(r"[【\[<（(]")
_CLOSERS_SPLIT_RE = re.compile(r"([】\]>）)])")
_CLAUSE_SPLIT_RE = re.compile(r"([。！？!?\n，,；;])")


def _readable(text: str, zh: str, en: str) -> None:
    # a lone UTF-16 surrogate ("\ud800" in JSON) cannot be encoded as UTF-8: it would fail the log and the reply
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise BadQuestion(zh=f"{zh}包含无效字符（孤立的 UTF-16 代理项）：请粘贴纯文本。",
                          en=f"{en} contains a lone UTF-16 surrogate; send plain text.")
    bad = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co") and ch not in "\n\t"))
    if bad > max(2, len(text) // 20):
        raise BadQuestion(zh=f"{zh}包含无法识别的二进制字符：请粘贴纯文本。", en=f"{en} is not readable text; send plain text.")


_INVISIBLE_RE = re.compile(r"[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]+")


def check_question(question: object, max_chars: int) -> str:
    if not isinstance(question, str):
        raise BadQuestion("the question must be text")
    q = question.strip()
    if not _INVISIBLE_RE.sub("", q):  # (zero-width and other invisible characters alone are nothing asked)
        raise BadQuestion(zh="问题为空：请输入一个关于申报指南的问题。",
                          en="The question is empty: type a question about the guidelines.")
    if len(q) > max_chars:
        raise BadQuestion(zh=f"问题过长（{len(q)} 字，上限 {max_chars}）：请只保留要问的内容。",
                          en=f"The question is too long ({len(q)} characters, at most {max_chars}): keep only what you ask.")
    _readable(q, "问题", "The question")
    return q


def check_history(history: object, max_turn_chars: int, max_total_chars: int, max_turns: int) -> list[dict]:
    """The turns a follow-up may use: the last `max_turns` user/assistant turns, oldest dropped until the total fits.

    A user turn over `max_turn_chars`, or any turn that is not text, is refused (BadQuestion): a clear error beats
    an answer built on half a message. An assistant turn over it is cut instead: clients send the assistant's own
    long answers back, and only the directions it names at the start matter for a follow-up. Turns with another
    role or shape are skipped, as the API has always done.
    """
    if history is None:
        return []
    if not isinstance(history, list):
        raise BadQuestion("history must be a list of {\"role\": \"user\"|\"assistant\", \"content\": \"…\"}")
    turns = [t for t in history if isinstance(t, dict) and t.get("role") in ("user", "assistant")]
    turns = turns[-max_turns:] if max_turns else []
    for n, turn in enumerate(turns, 1):
        content = turn.get("content")
        if not isinstance(content, str):
            raise BadQuestion(f"history turn {n} has no text content: send {{\"role\", \"content\": \"…\"}}")
        if len(content) > max_turn_chars and turn["role"] == "user":
            raise BadQuestion(zh=f"历史对话第 {n} 条过长（{len(content)} 字，上限 {max_turn_chars}）：只需发送最近几轮对话。",
                              en=f"History turn {n} is too long; send only the recent turns.")
        _readable(content, f"历史对话第 {n} 条", f"History turn {n}")
    kept = [{"role": t["role"], "content": t["content"][:max_turn_chars]} for t in turns]
    total = sum(len(t["content"]) for t in kept)
    while kept and total > max_total_chars:
        total -= len(kept.pop(0)["content"])
    return kept


def strip_injection(text: str) -> str:
    """The question without its injected instructions; the whole text if nothing else is left.

    Removes any bracketed segment, then any clause (up to its punctuation), that contains an instruction word.
    Split first and search each piece: one regex with `[^…]*` around the words would be quadratic in the length.
    """
    pieces = _CLOSERS_SPLIT_RE.split(text)  # [text, closer, text, closer, …, text]
    kept: list[str] = []
    for i in range(0, len(pieces), 2):
        piece, closer = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        opener = _OPENERS_RE.search(piece)
        if closer and opener and _INJECTION_RE.search(piece, opener.start()):
            kept.append(piece[:opener.start()] + " ")
        else:
            kept.append(piece + closer)
    clauses = _CLAUSE_SPLIT_RE.split("".join(kept))
    out = []
    for i in range(0, len(clauses), 2):
        clause, stop = clauses[i], clauses[i + 1] if i + 1 < len(clauses) else ""
        out.append(" " if _INJECTION_RE.search(clause) else clause + stop)
    return "".join(out).strip() or text
