"""Sentence-level check of an LLM reply against the numbered passages it was given.

A reply passes when every factual sentence cites at least one passage id that was provided, and every number it says
(with its unit: "1000kg", "50%", "3 年") occurs in one of the passages that sentence cites. Ids are then rewritten to
the product's citation markers. In strip mode a failing sentence is removed instead of failing the whole reply.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.core.types import Citation

_ID_GROUP_RE = re.compile(r"\s*\[\s*(C\d+(?:\s*[,，、;；]\s*C\d+)*)\s*\]")  # [C1], [C1, C3], [C1、C3]
# A sentence ends at 。！？；; a newline, or a "." before a space (not the one in "4.7"); ids after the end belong to it.
_SENTENCE_RE = re.compile(r"(?:[^。！？!?；;\n.]|\.(?!\s|$))+[。！？!?；;.]*(?:\s*\[[^\[\]\n]{1,40}\])*"
                          r"|[。！？!?；;.]+(?:\s*\[[^\[\]\n]{1,40}\])*")
# bullets and list numbering ("- ", "1. ", "1、", "（1）", "## "): layout, not numbers the answer states
_LIST_RE = re.compile(r"^\s*(?:(?:[-*•·]|\d{1,2}\.|#{1,6})\s+|(?:\d{1,2}[、)）]|[(（]\d{1,2}[)）])\s*)")
_MARKUP_RE = re.compile(r"\*\*|__|`")
_CJK_UNITS = ("个月 年度 年 月 周 天 日 小时 分钟 秒 项 篇 次 家 个 种 层 比特 千瓦时 万千瓦 千瓦 兆瓦 瓦 万元 亿元 元 倍 人次 人 "
              "套 台 件 份 条 千米 公里 米 厘米 毫米 吨 千克 公斤 克 度 级 所 国 部 座 亩 公顷 平方米 立方米 户 批 类 款 名 位 例 "
              "册 门 颗 路 处 万 亿").split()
_LATIN_UNITS = ("kWh MWh GWh N·m kN MPa GPa kPa Pa kV mV V mA A kW MW GW mW W GHz MHz kHz Hz km cm mm μm um nm m "
                "kg mg g t ms μs ns s min h TB GB MB KB Tbps Gbps Mbps bit dBm dB °C ppm K L mL").split()
_UNIT = "|".join(re.escape(u) for u in sorted(_CJK_UNITS, key=len, reverse=True))
_LATIN = "|".join(re.escape(u) for u in sorted(_LATIN_UNITS, key=len, reverse=True))
_NUMBER_RE = re.compile(rf"(?<![\d.])\d+(?:\.\d+)?(?:%|‰|(?:{_LATIN})(?![A-Za-z])|{_UNIT})?")
_NOT_COVERED_RE = re.compile(r"(指南|文件|上下文|材料|资料)[^。]{0,12}(没有|未|并未|不)[^。]{0,4}(涉及|提及|提到|说明|规定|覆盖|包括|给出)"
                             r"|not (?:cover|mention|specify|say|state)|no information", re.I)
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def normalise(text: str) -> str:
    """NFKC (full-width digits, ％, ℃), no space between a number and its unit, no thousands commas:
    "1,000 kg" and "１０００kg" both become "1000kg". Spaces between two numbers stay, so "M24 100" is not "24100"."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"(?<=\d)\s+(?=[^\s\d])", "", text)


def numbers(text: str) -> list[str]:
    return _NUMBER_RE.findall(normalise(text))


def number_in(token: str, support: str) -> bool:
    tail = r"(?![A-Za-z])" if token[-1].isalpha() and token[-1].isascii() else r"(?!\d|\.\d)"
    return re.search(rf"(?<![\d.]){re.escape(token)}{tail}", support) is not None


@dataclass
class Passage:
    """One numbered context passage: the id the model cites and the real citation it stands for."""

    id: str  # "C3"
    citation: Citation  # quote == the document's clean text at start:end
    about: str = ""  # edition names, direction number, title: what the model may repeat besides the quote

    def header(self) -> str:
        c = self.citation
        where = c.marker.strip("[]") + (f" «{c.title}»" if c.title else "")
        return f"[{self.id}] ({where})"

    def render(self) -> str:
        return f"{self.header()}\n{self.citation.quote}"

    def support(self) -> str:
        return normalise(" ".join([self.citation.quote, self.citation.marker, self.about]))


@dataclass
class CheckResult:
    ok: bool
    text: str  # the reply with ids rewritten to citation markers (failing sentences removed in strip mode)
    citations: list[Citation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_connective(body: str) -> bool:
    """"考核指标如下：", "In short:" — a sentence that states nothing and so needs no citation."""
    visible = re.sub(r"[\W_]+", "", body)
    if not visible:
        return True
    size = len(_CJK_RE.findall(body)) + len(re.findall(r"[A-Za-z]+", body))
    return size <= 6 or (body.rstrip().endswith((":", "：")) and size <= 20)


def _short(s: str) -> str:
    s = " ".join(s.split())
    return f"«{s[:60]}…»" if len(s) > 60 else f"«{s}»"


def check_sentence(sentence: str, by_id: dict[str, Passage]) -> tuple[list[str], list[str], list[str], bool]:
    """(valid ids, fatal problems, notes about dropped ids, is a claim) for one sentence."""
    ids = [i for g in _ID_GROUP_RE.findall(sentence) for i in re.split(r"\s*[,，、;；]\s*", g)]
    valid = list(dict.fromkeys(i for i in ids if i in by_id))
    notes = [f"unknown passage id [{i}] dropped from {_short(sentence)}" for i in dict.fromkeys(ids) if i not in by_id]
    body = _MARKUP_RE.sub("", _ID_GROUP_RE.sub(" ", sentence)).strip()
    said = numbers(body)
    # "新版 4.7 的考核指标如下：" only names what the passages are about: a lead-in, not a claim to cite
    names = normalise(" ".join(p.about + " " + p.citation.marker for p in by_id.values()))
    lead_in = is_connective(body) and all(number_in(n, names) for n in said)
    claim = not lead_in and (bool(said) or not _NOT_COVERED_RE.search(body))
    fatal: list[str] = []
    if claim and not valid:
        fatal.append(f"uncited claim {_short(body)}")
    supports = [by_id[i].support() for i in valid]
    for n in [] if lead_in else dict.fromkeys(said):
        if not any(number_in(n, s) for s in supports):
            where = f"the cited passage(s) {', '.join(valid)}" if valid else "any cited passage"
            fatal.append(f"number {n} is not in {where}: {_short(body)}")
    return valid, fatal, notes, claim


def _rewrite(sentence: str, by_id: dict[str, Passage]) -> str:
    def markers(m: re.Match[str]) -> str:
        ids = [i for i in re.split(r"\s*[,，、;；]\s*", m.group(1)) if i in by_id]
        found = "".join(dict.fromkeys(by_id[i].citation.marker for i in ids))
        return f" {found}" if found else ""

    return _ID_GROUP_RE.sub(markers, sentence)


def check_reply(reply: str, passages: list[Passage], strip: bool = False) -> CheckResult:
    by_id = {p.id: p for p in passages}
    problems: list[str] = []
    used: dict[str, Citation] = {}
    lines: list[str] = []
    failed = False
    claims = 0
    for raw in reply.splitlines():
        m = _LIST_RE.match(raw)
        # any list marker becomes "- " like the extractive answers: "1." would be a number no passage supports
        prefix = "" if not m or m.group(0).strip().startswith("#") else "- "
        kept: list[str] = []
        for sentence in _SENTENCE_RE.findall(raw[m.end() if m else 0:]):
            if not sentence.strip():
                continue
            valid, fatal, notes, claim = check_sentence(sentence, by_id)
            problems += fatal + notes
            if fatal or (notes and not strip):
                failed = True
                if strip:
                    continue
            kept.append(_rewrite(sentence, by_id))
            used.update((i, by_id[i].citation) for i in valid)
            claims += claim
        if kept:
            lines.append(prefix + "".join(kept).strip())
    if claims == 0:
        problems.append("the reply has no cited factual sentence" + (" left after stripping" if failed else ""))
    ok = claims > 0 and (strip or not failed)
    citations = list({c.marker + f"@{c.start}": c for c in used.values()}.values())
    return CheckResult(ok=ok, text="\n".join(lines).strip(), citations=citations, problems=problems)
