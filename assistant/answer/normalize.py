"""What a question is made of before it is understood: simplified characters, folded widths, the corpus' own spelling.

Askers paste traditional characters (溫度, 參與單位), full-width forms and small typos of the guidelines' terms. The
question is folded onto the corpus' script here, once, so every later step (coverage, BM25, patterns) sees the same
characters the guidelines use. The shown question is never changed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.lexical import normalise


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # pure Python; its dictionaries ship in the wheel

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Character-level traditional → simplified. Leaves simplified text unchanged (checked on the whole corpus); a
    phrase-level conversion (tw2sp) would rewrite the guidelines' own words (建立 → 创建), so it is not used."""
    return _t2s().convert(text)


def regional_terms(corpus_text: str) -> dict[str, str]:
    """Taiwan terms → the mainland terms the guidelines use (量子位元 → 量子比特, 矽 → 硅), from OpenCC's own phrase
    table, kept only where the guidelines use the mainland term and never the Taiwan one: a phrase conversion of the
    whole question would also rewrite words the guidelines share with Taiwan (建立 → 创建)."""
    from importlib.resources import files

    table = files("opencc") / "dictionary" / "TWPhrasesRev.txt"
    out: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        tw, _, cn = line.partition("\t")
        tw, cn = to_simplified(tw.strip()), to_simplified(cn.split(" ")[0].strip())
        if tw and cn and tw != cn and cn in corpus_text and tw not in corpus_text:
            out[normalise(tw)] = normalise(cn)
    return out


def fold(text: str) -> str:
    """The question as the rest of the answer path reads it: simplified, NFKC, lower-case ASCII, without a help
    desk's relaying words."""
    text = _RELAY_RE.sub("", normalise(to_simplified(text)), count=1)
    text = _FOREIGN_BODY_RE.sub("国外", text)  # "一家德国大学": a foreign partner, as the guidelines call it
    text = _LEAD_IN_RE.sub("", text, count=1) or text
    return _GREETING_RE.sub("", text, count=1) or text


# (only a body counted or joined: "加一家德国大学", "和德国大学"; "外方必须是德国的机构吗" asks about Germany itself)
_FOREIGN_BODY_RE = re.compile(r"(?<=[家个和加跟与同及、，,])(?<![中我本全各多两外跨])[\u4e00-\u9fff]国"
                              r"(?=的?(?:大学|高校|研究所|研究院|研究机构|机构|企业|公司|单位|团队|合作方|伙伴))")


# "客户问：", "来电的老师问能不能…", "对方还想知道…": who asks is not what is asked (a help desk relays callers)
_RELAY_RE = re.compile(r"^\s*(?:(?:帮|替)?(?:客户|用户|来电的?|对方|他|她|老师|领导|同事|申请人|有人|有个?(?:老师|单位))"
                       r"(?:的)?(?:老师|单位|客户)?(?:又|还|也)?(?:问|想问|想了解|想知道|咨询|打听|问问)(?:一下)?"
                       r"|(?:又|还|也)(?:问|想问|想了解|想知道)(?:一下)?|(?:帮|替)?(?:问|咨询|打听)(?:一下|[：:，,]))"
                       r"[：:，,\s]*(?=\S)")
# "热线转一个企业项目经理的问题：…", "我是科研处的，想确认一下：…", "quick question from our partner: …": a lead-in that
# ends in a colon and says a question follows frames the question; it names nothing asked
# "hi，新版一共分了几个领域？", "打扰了，…", "麻烦问下，…": a greeting before the question asks nothing
_GREETING_RE = re.compile(r"^(?:(?:hi|hello|hey|嗨|哈喽|你好|您好|老师好|老师您好|打扰了|打扰一下|不好意思|麻烦问下|麻烦问一下|"
                          r"麻烦|问一下|问下|想确认下|想确认一下|再问个|再问一个|另外问下)\s*[，,!！。~～]\s*)+(?=\S)", re.I)
_LEAD_IN_RE = re.compile(r"^(?:[^：:？?。]{0,30}?(?:问题|问一下|问下|确认一下|请教一下|请教|请问|想问|咨询一下|咨询|你好|您好)"
                         r"|[^:?.]{0,20}?\bquestion(?: from [^:?.]{1,40})?|hi|hello)\s*[：:]\s*(?=\S)", re.I)
