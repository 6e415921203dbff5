"""Input hygiene for a question: readable text of sane length, and instructions smuggled into it set aside.

A question is data. Text that tries to instruct the assistant ("忽略之前的指令…", "【系统通知：…】") is removed before the
question is understood, so it can neither steer the answer nor dilute what the question is about.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.core.errors import BadQuestion

_INJECTION_WORDS = (r"忽略|无视|ignore|disregard|prompt|系统提示|系统通知|提示词|扮演|pretend|you are now|你现在是|instruction|"
                    r"\bsystem\s*[:：]|\bassistant\s*[:：]|新规则|回答结尾|回答时|所有数字|"
                    r"指令|不再受|不受.{0,8}(约束|限制)|自行估算")
_INJECTION_BRACKET_RE = re.compile(rf"[【\[<（(][^】\]>）)]*(?:{_INJECTION_WORDS})[^】\]>）)]*[】\]>）)]", re.I)
_INJECTION_CLAUSE_RE = re.compile(rf"[^。！？!?\n，,；;]*(?:{_INJECTION_WORDS})[^。！？!?\n，,；;]*[。！？!?\n，,；;]?", re.I)


def check_question(question: object, max_chars: int) -> str:
    if not isinstance(question, str):
        raise BadQuestion("the question must be text")
    q = question.strip()
    if not q:
        raise BadQuestion("问题为空：请输入一个关于申报指南的问题。(The question is empty.)")
    if len(q) > max_chars:
        raise BadQuestion(f"问题过长（{len(q)} 字，上限 {max_chars}）：请只保留要问的内容。(Question too long.)")
    bad = sum(1 for ch in q if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\t"))
    if bad > max(2, len(q) // 20):
        raise BadQuestion("问题包含无法识别的二进制字符：请粘贴纯文本。(The question is not readable text.)")
    return q


def strip_injection(text: str) -> str:
    """The question without its injected instructions; the whole text if nothing else is left."""
    return _INJECTION_CLAUSE_RE.sub(" ", _INJECTION_BRACKET_RE.sub(" ", text)).strip() or text
