"""Clauses and figures: the smallest quoted unit that answers ("中方参与单位总数不超过 10 家"), and what it states.

A sentence of the guidelines often carries several rules or metrics separated by "，" or "；". The lead line of an answer
quotes the one clause that answers, with its offsets, so it stays a literal, checkable span of the source.
"""

from __future__ import annotations

import re

from assistant.core.types import Span
from index.lexical import normalise

_CLAUSE_RE = re.compile(r"(?:[^，,；;。：:！？!?\n]|(?<=\d),(?=\d{3}))+")  # "10,000 元" is one number
# a figure: an optional comparator, a number (digits or Chinese numerals), an optional range, and its unit
_CN_DIGITS = "零一二两三四五六七八九十百千万"
FIGURE_RE = re.compile(
    r"(?:[≥≤<>＞＜]=?|不(?:超过|少于|低于|高于|多于|大于|小于)|超过|达到|提升|降低|提高|低于|高于|优于|约)?\s*"
    rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}]+)(?:\s*[~～\-—至到]\s*(?:\d+(?:\.\d+)?|[{_CN_DIGITS}]+))?\s*"
    r"(?:%|‰|[a-zA-Zμ°℃Ω/²³·]+(?:/[a-zA-Z²³]+)?|[\u4e00-\u9fff]{1,2})?")
# a physical quantity asked for in its unit ("多少微米"), and how the guidelines write that unit
MEASURE_UNITS = {"微米": ("μm", "um", "微米"), "纳米": ("nm", "纳米"), "毫米": ("mm", "毫米"), "厘米": ("cm", "厘米"),
                 "公里": ("km", "公里", "千米"), "千米": ("km", "公里", "千米"), "万吨": ("万吨",), "吨": ("吨",),
                 "千克": ("kg", "千克", "公斤"), "公斤": ("kg", "千克", "公斤"), "千瓦": ("kw", "千瓦"), "兆瓦": ("mw", "兆瓦"),
                 "分贝": ("db", "分贝"), "小时": ("h", "小时"), "摄氏度": ("℃", "°c", "摄氏度"),
                 "赫兹": ("hz", "khz", "mhz", "ghz", "赫兹"), "毫秒": ("ms", "毫秒"),
                 # energy apart from power: "容量要多少MWh" is not answered by "100MW"
                 **dict.fromkeys(("兆瓦时", "mwh"), ("mwh", "兆瓦时")), **dict.fromkeys(("千瓦时", "kwh"), ("kwh", "千瓦时")),
                 "mw": ("mw", "兆瓦"), "kw": ("kw", "千瓦"), "wh/kg": ("wh/kg", "瓦时/千克", "瓦时/公斤"), "wh/l": ("wh/l", "瓦时/升")}
_UNIT_ALIASES = {"家": ("家", "个"), "个": ("个", "家", "项"), "项": ("项", "个"), "年": ("年",), "元": ("元", "亿元", "万元"),
                 "%": ("%", "‰", "百分之"), "人": ("人", "名", "位", "例"), "名": ("名", "人", "位"), "只": ("只", "头"), **MEASURE_UNITS}
# units that count one kind of thing (people, animals, papers, machines): no other unit's figure answers them
COUNTED_UNITS = frozenset("人 名 位 只 例 篇 台 套 件".split())


# a range bounds both ways ("拟支持项目数为 1~2 项" answers "最多能批几个")
LIMIT_RE = re.compile(r"不超过|不设上限|不限|以上|不少于|不低于|不高于|不多于|至少|最多|以内|≤|≥|\d\s*[~～]\s*\d")
# what "may" be done is the most allowed ("可同时支持 2 项"), a limit only of what the clause is plainly about
PERMITS_RE = re.compile(r"可[\u4e00-\u9fff]{0,6}\s*\d")
NO_LIMIT_RE = re.compile(r"不设上限|数量不限|不限")
# "能同时申报几个" asks how many are allowed: a limit, as "最多几个" does
ASKS_LIMIT_RE = re.compile(r"最多|最少|最长|最短|最高|最低|最大|最小|上限|下限|限制|至多|至少|封顶|maximum|minimum|\bcap\b|limit|"
                           r"(?:能|可以)(?:同时)?[\u4e00-\u9fff]{0,3}几|"
                           r"at most|at least",
                           re.I)


# "总共支持多少个项目" asks for a total of the whole call, which only a clause stating one answers
ASKS_TOTAL_RE = re.compile(r"总共|一共|总计|合计|总数|总额|in total|overall", re.I)
TOTAL_RE = re.compile(r"共计|总数|概算|合计|总额|约\s*\d")
CALL_TOTAL_RE = re.compile(r"概算|共计|拟支持约")  # what the whole call has, not any one direction


def clauses(span: Span) -> list[Span]:
    """The clauses of a sentence (split at ，；。：), as spans of the same text."""
    out = []
    for m in _CLAUSE_RE.finditer(span.text):
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        body = m.group(0).strip()
        if len(body) >= 2:
            start = span.start + m.start() + lead
            out.append(Span(start=start, end=start + len(body), text=body))
    return out


def windows(span: Span) -> list[Span]:
    """Single clauses and pairs of neighbouring ones ("项目形成的中外合著论文中，发表在…比例原则上不低于 50%"), each a
    literal slice of the span: the lead line may need the clause that names the subject and the one with the figure."""
    parts = clauses(span)
    pairs = [Span(start=a.start, end=b.end, text=span.text[a.start - span.start:b.end - span.start])
             for a, b in zip(parts, parts[1:])]
    return parts + pairs


def has_figure(text: str) -> bool:
    return bool(re.search(rf"\d|[{_CN_DIGITS}]+\s*[个项家年次套篇名人种类]", text))


def unit_aliases(unit: str) -> tuple[str, ...]:
    return _UNIT_ALIASES.get(unit, (unit,))


def has_unit(text: str, unit: str) -> bool:
    """Does the text state a number in this unit ("10 家", "3 年", "1~2 项", "3 亿元", "50%")?"""
    if not unit:
        return True
    if unit == "时长":  # a length of time, in whatever unit
        return any(has_unit(text, u) for u in ("年", "个月", "周", "天", "小时", "分钟"))
    if unit == "年":  # a duration ("3 年"), not a date ("2022 年度")
        return bool(re.search(rf"(?<!\d)(?:\d{{1,2}}|[{_CN_DIGITS}]+)\s*(?:[~～\-—]\s*\d{{1,2}}\s*)?个?年(?!度)", text))
    for u in unit_aliases(unit):
        latin = u[-1:].isascii() and u[-1:].isalpha()  # "5 mm", "30kW" in any case, but not the "h" of "5 hPa"
        if re.search(rf"(?:\d|[{_CN_DIGITS}])\s*(?:[~～\-—]\s*(?:\d|[{_CN_DIGITS}])+\s*)?(?:个|项)?\s*{re.escape(u)}"
                     + ("(?![a-z])" if latin else ""), text, re.I if latin else 0):
            return True
    return False


def figures(text: str) -> list[str]:
    """The figures a clause states, verbatim ("≥50%", "不超过 10 家", "1~2 项")."""
    found = [m.group(0).strip() for m in FIGURE_RE.finditer(text)]
    return [f for f in found if re.search(r"\d", f)]


# which country is asked for ("外方要找哪个国家的")…
WHICH_COUNTRY_RE = re.compile(r"(?:哪个|哪些|哪几个|哪一个)国家(?!标准|级|重点|实验室|政策)|哪国|which countr", re.I)
# how the guidelines name partner countries: by group or region ("一带一路", "东盟", "中亚"), never one by name;
# "多国", "合作国" say there are some, not which
COUNTRIES_RE = re.compile(r"一带一路|东盟|[亚非欧美澳]洲|东南亚|中亚|中东|地中海")


# "外方必须是电力企业吗", "海试必须在南海做吗", "必须和联合国机构合作吗": one particular kind, place or partner is
# asked to be required; a text that never names it does not require it
_MUST_BE_RE = re.compile(r"(?:必须|一定要|一定得|只能|非得)(?:是|在|和|跟|与|同|由|用)(?P<kind>[\u4e00-\u9fff]{2,10}?)"
                         r"(?:的|做|开展|进行|合作|参与|签|联合|共同|一起|吗|呢|[？?，,]|$)")


def required_kind(norm: str) -> str:
    m = _MUST_BE_RE.search(norm)
    return m.group("kind") if m else ""


def names_kind(spellings: tuple[str, ...], text: str) -> bool:
    """Does the text name the kind asked, in the asker's word or in the guidelines' words for it (every one of
    them: "国内期刊" → "我国科技期刊")? Nothing asked: yes."""
    if not spellings:
        return True
    flat = normalise(text).replace(" ", "")
    return spellings[0] in flat or (len(spellings) > 1 and all(w in flat for w in spellings[1:]))


def names_either(alternatives: tuple[str, ...], text: str) -> bool:
    """"线上还是线下": does the text name one of the things offered? Nothing offered: yes."""
    flat = normalise(text).replace(" ", "")
    return not alternatives or any(a in flat for a in alternatives)
