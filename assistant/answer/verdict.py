"""Yes or no, as the deciding clause implies: a limit compared with the asker's number, a requirement asked to be
skipped, a prohibition asked to be allowed, "no upper limit" asked about a limit.

The verdict is derived from the clause's own modal words (须/不超过/不设上限/鼓励/可…), never from the question's
phrasing alone; when the clause does not decide the question, there is no verdict and the answer quotes the clause.
"""

from __future__ import annotations

import re
from typing import Literal

Verdict = Literal["yes", "no"]

_CN_NUM = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "single": 1}
_NUM = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十]{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|single)"

# what a clause states
# ("不应低于 50%" is a floor; "低于 3 分钟" a ceiling)
_UPPER_RE = re.compile(rf"(?:不[应得宜]?(?:超过|多于|高于|大于)|(?<![不应得宜])(?:低于|小于)|最多|至多|≤|<|＜|以内)\s*{_NUM}|"
                       rf"{_NUM}\s*\S{{0,2}}以内")
_LOWER_RE = re.compile(rf"(?:不[应得宜]?(?:少于|低于|小于)|(?<![不应得宜])(?:高于|大于|超过)|至少|≥|>|＞|须有|需有)\s*{_NUM}|"
                       rf"{_NUM}\s*\S{{0,3}}[（(]?或?以上")
_RANGE_RE = re.compile(rf"{_NUM}\s*[~～]\s*{_NUM}")  # "1~2 项": both bounds
_NO_LIMIT_RE = re.compile(r"不设上限|数量不限|不限|没有上限|无上限")
_PROHIBITS = "不得|不能|不允许|不予|禁止|不再"
_PROHIBIT_RE = re.compile(rf"不下设|不支持|{_PROHIBITS}")
_REQUIRE_RE = re.compile(r"须|需|必须|应|要求|均需|务必|涵盖")
_PREFERRED_RE = re.compile(r"优先|\bpreferred\b|\bpriority\b|\bprioriti[sz]ed?\b", re.I)
_ENCOURAGE_RE = re.compile(r"鼓励|欢迎")  # not 支持: the preambles use it for funding ("拟支持", "分两个阶段支持")
_MAY_RE = re.compile(r"可同时|可以|可|允许")
_PERMITS_N_RE = re.compile(r"可[\u4e00-\u9fff]{0,6}?\s*(\d+)")  # "可同时支持 2 项": at most what may be
_CONDITIONAL_RE = re.compile(r"若|如果|是否|研判|视情况|原则上|一般")

# what a question asks
# a measured amount ("40%", "120mm", "4分钟"), not part of a name ("3D打印", "Ac-225", "PM2.5"); counts ("10家",
# "两个项目") stay, as the rules are worded with them
AMOUNT_RE = re.compile(r"(?<![a-z\d.\-])(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3}(?=[倍分秒小]))\s*"
                        r"(%|％|个?百分点|mm|cm|km|kw|kwh|mw|ms|μm|nm|hz|khz|mhz|ghz|kg|t|m|s|h|分钟|秒|小时|倍|"
                        r"米|毫米|公里|吨)(?![a-z])")
_ASKS_MORE_RE = re.compile(rf"(?<!不)(?:超过|多于|大于|以上|more than|over|longer than|exceed)\s*{_NUM}|{_NUM}\s*\S{{0,3}}(?:以上|多)",
                           re.I)
# a place the asker keeps to ("只找欧洲的", "全在国内", "只在国内…做示范"), against the places a clause requires
_PLACES = r"国内|我国|国外|海外|境外|欧洲|亚洲|美洲|非洲|大洋洲|东南亚|中东|拉美"
_PLACE_RE = re.compile(_PLACES)
_ONLY_PLACE_RE = re.compile(rf"(?:只|全|都|仅)(?:部)?(?:在|找|是|跟|和|与|选|放在|用|投|投到|发|发到|发在)?的?({_PLACES})")
_ASKS_PERMIT_RE = re.compile(r"可以|可不可以|能不能|能否|能[^，,。？?]{0,12}吗|行不行|行吗|允许|合规|满足|够不够|够吗|"
                             r"\b(?:can|may|allowed|ok|okay)\b", re.I)
_ASKS_LIMIT_RE = re.compile(r"上限|限制|封顶|最多|\bcap\b|\blimit", re.I)
_ASKS_WITHOUT_RE = re.compile(r"(?<!找)不找|(?<!拉)不拉|(?<!带)不带|(?<!请)不请|不邀请|不纳入|(?<!有)没有|没找到|(?<!用)不用|(?<!需)不需要|(?<!签)不签|没签|未签|不(?:和|跟|与|同)[^，,。？?]{1,8}签|单独|独自|自己|只有我们|仅|只做|只想做|只打算做|只准备做|只报|只申报|一部分|部分|挑着|只挑|少做|少报|砍掉|去掉|"
                              r"不涵盖|without|alone|only part|part of|on our own|by ourselves|skip|not need|"
                              r"\bno (?:\w+ ){0,2}(?:partners?|institutions?|units?|collaborators?)\b|\bonly (?:chinese|domestic)\b",
                              re.I)
# "不能只挑一部分做吧": doing without, ruled out by the asker themself (not "能不能只挑")
_RULED_OUT_RE = re.compile(r"(?<![能可许准])(?:不能|不可以|不许|不准|不得|不允许)[^，,。？?；;]*|\b(?:can(?:no|')t|must not)\b[^,.?;]*", re.I)
_ASKS_EXISTS_RE = re.compile(r"有没有.{0,16}(要求|规定|说法)|是否有.{0,16}(要求|规定)|有.{0,12}(要求|规定)吗|"
                             r"is there (any|a) (rule|requirement)|does it (say|require)", re.I)
_ASKS_CERTAIN_RE = re.compile(r"一定|肯定|必然|必定|就不|直接|自动|保证|确保|\balways\b|definitely|certainly|automatically|"
                              r"guaranteed?|for sure", re.I)
# "50%是硬杠杠吗" against "原则上不低于 50%": how strict, not whether the amount is met
_ASKS_STRICT_RE = re.compile(r"硬杠杠|硬杠|硬性|硬指标|死规定|强制|没有商量|严格执行|\bstrict(?:ly)?\b|\bhard (?:rule|limit)", re.I)
# "是一次性把钱给足吗" against "分两个阶段支持": all at once, where the rule stages it
_ASKS_AT_ONCE_RE = re.compile(r"一次性|一次给|一次拨|一下子|全程|all at once|in one go|lump", re.I)
_STAGED_RE = re.compile(r"分\s*[两二三几多]?\s*个?阶段|分期|分批")
# "两个方向合在一起报一个项目吗" against "项目统一按指南二级标题的研究任务申报": one heading, one project
_ASKS_COMBINE_RE = re.compile(r"合在一起|合起来|合并|打包|捆绑|一起报|一起申报|合成一个|整体申报|一级领域|整个领域|不按二级|"
                              r"combine|merge|bundle|join(?:ing)? (?:two|several)|whole (?:domain|area|field)",
                              re.I)
_ONE_HEADING_RE = re.compile(r"统一按|二级标题")
# "只能有一家", "最多只能3家", "上限是5个": the asker states an upper bound…
_UPPER_CLAIM = r"只能|最多|至多|(?<!能)不能超过|上限是"  # (not "能不能超过", which asks)
_CLAIMS_ONLY_RE = re.compile(rf"{_UPPER_CLAIM}|only (one|1|two|2)|at most", re.I)
# "是不是只能支持一个项目": the asker's number is claimed to be the only one allowed
_CLAIMS_SOLE_RE = re.compile(r"只能|只会|只可以|只允许|只支持|only", re.I)
_ALLOWS_EXCEPTION_RE = re.compile(r"原则上|一般|通常")  # "原则上只支持1个": the asker allows the exception
# …or any bound with its number, rather than proposes a number
_CLAIMS_BOUND_RE = re.compile(rf"(?:{_UPPER_CLAIM}|上限|不超过|最少|至少)\s*\S{{0,2}}?\s*(?:\d|[一二两三四五六七八九十])")
_ASKS_ALL_RE = re.compile(r"全部|所有|全都|一律|百分之百|100\s*%|\ball\b|every one", re.I)
_ASKS_OVER_RE = re.compile(r"超了|超过了|超标|超出了?|超限|多了|太多|too many|over the limit|exceed", re.I)
# "…，对吧": the asker restates something and asks whether it holds (understand reads it as a yes/no question)
CONFIRM_RE = re.compile(r"对吧|是吧|没错吧|对不对|是这样吗|is that right|is that correct|right\s*\?\s*$", re.I)
_ASKS_NEED_RE = re.compile(r"需要|需不需要|要不要|必须|是不是得|是不是也得|是不是要|是不是也要|也要|也得|都得|还得|得不得|是否要|是否须|是否需|都要|"
                           r"还要|要求|要[^，,。？?]{1,12}吗|need|must|require|have to",
                           re.I)


def _value(token: str) -> float | None:
    token = token.lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if token in _EN_NUM:
        return float(_EN_NUM[token])
    if all(c in _CN_NUM for c in token):
        if token == "十":
            return 10.0
        if token.startswith("十"):
            return 10.0 + _CN_NUM[token[1]]
        if len(token) == 2 and token[1] == "十":
            return _CN_NUM[token[0]] * 10.0
        if len(token) == 3 and token[1] == "十":
            return _CN_NUM[token[0]] * 10.0 + _CN_NUM[token[2]]
        if len(token) == 2:  # "五六家": five or six, so up to six
            return float(max(_CN_NUM[token[0]], _CN_NUM[token[1]]))
        return float(_CN_NUM[token[0]]) if len(token) == 1 else None
    return None


def _first(pattern: re.Pattern[str], text: str) -> float | None:
    m = pattern.search(text)
    if not m:
        return None
    return next((v for g in m.groups() if g and (v := _value(g)) is not None), None)


# "同一个方向", "零碳燃料": a numeral that is part of a word, not a count
_NOT_A_QUANTITY_RE = re.compile(r"[同每统单唯逐]一|第[一二三四五六七八九十]|[一二三四]级|[一二三四五六]氧化|零(?=[\u4e00-\u9fff])(?![个家项年次篇名人种款台套条元])")
_YEAR_RE = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])(?!\s*(?i:kwh?|mw|mm|cm|km|kg|hz|%|[次个家项台套吨米元倍]))\s*(?:年度|年|版|edition)?|(?<![\d.])[12]\d\s*(?:年度|年版|版|年(?=那|这|的|[^\u4e00-\u9fff]))|\d{1,2}\.\d{1,2}")  # an edition's year, a direction


def _numbers(text: str) -> set[float]:
    text = _NOT_A_QUANTITY_RE.sub(" ", _YEAR_RE.sub(" ", text))
    return {v for m in re.finditer(_NUM, text, re.I) if (v := _value(m.group(1))) is not None}


_MANY_RE = re.compile(r"很多|好多|许多|好几|若干|多家|不少|(?<!how )\bmany\b|\bseveral\b|\ba lot of\b|\blots of\b", re.I)
_MANY = 99.0
_AND_A_HALF_RE = re.compile(rf"{_NUM}\s*(个?年|个月|天)半")
_EACH_ONE_RE = re.compile(r"\s*(?:个|家|项)?\s*(?:指南方向|方向|项目|单位|人)")


def _asked_number(question: str) -> tuple[float | None, bool]:
    """The number the asker proposes, and whether they ask for more than it ("超过10家", "longer than three years").
    Years and direction numbers name an edition or a direction, not a quantity, nor does "同一个方向"; "一半" is 50 (%)."""
    question = _YEAR_RE.sub(" ", question.replace("一半", "50%").replace("半数", "50%"))
    question = _NOT_A_QUANTITY_RE.sub(" ", question)
    question = _AND_A_HALF_RE.sub(lambda m: f"{_value(m.group(1)) + 0.5:g}{m.group(2)}"  # "两年半" is 2.5 years
                                  if _value(m.group(1)) is not None else m.group(0), question)
    more = _first(_ASKS_MORE_RE, question)
    if more is not None:
        return more, True
    if _MANY_RE.search(question) and not re.search(_NUM, _MANY_RE.sub(" ", question), re.I):
        return _MANY, False  # "外方单位可以拉很多家吗": more than any small cap
    found = [(v, m) for m in re.finditer(_NUM, question, re.I) if (v := _value(m.group(1))) is not None]
    measured = {m.start() for m in AMOUNT_RE.finditer(question)}
    found.sort(key=lambda p: p[1].start() not in measured)  # "换一次电4分钟": the amount measured is the one put forward
    if len(found) > 1 and found[0][0] == 1 and _EACH_ONE_RE.match(question, found[0][1].end()):
        found = found[1:]  # "一个方向会不会支持3个项目": the 3 is proposed, "一个方向" says of each
    return (found[0][0], False) if found else (None, False)


# the act a rule rules out: "项目不下设课题" → 下设, "不得重复申报" → 重复
_FORBIDS_RE = re.compile(rf"不(下设)|(?:{_PROHIBITS})([\u4e00-\u9fff]{{2}})")
_A_NOT_A_RE = re.compile(r"([\u4e00-\u9fff])不\1")  # "能不能", "可不可以": asking, not negating


def _proposes_forbidden(question: str, clause: str) -> bool:
    """"能不能一个项目下设几个课题" against "项目不下设课题": the act the question proposes is the one ruled out,
    whatever numbers come with it (not "项目是不下设课题的吧", which restates the rule)."""
    m = _FORBIDS_RE.search(clause)
    act = m and (m.group(1) or m.group(2))
    return bool(act) and act in question and not re.search(r"不\S?" + act, _A_NOT_A_RE.sub(" ", question)) \
        and not asks_without(question)


_ABOUT_RE = re.compile(r"约\s*(\d+(?:\.\d+)?)\s*(个|项|家|亿|万|年)")


def _about(question: str, clause: str) -> float | None:
    """The amount a clause puts at about N ("约 55 个项目"), in the unit of the number the question puts forward."""
    units = set(re.findall(r"\d+(?:\.\d+)?\s*多?\s*(个|项|家|亿|万|年)", question))
    return next((float(m.group(1)) for m in _ABOUT_RE.finditer(clause) if m.group(2) in units), None)


def decide(question: str, clause: str) -> Verdict | None:
    """The verdict `clause` implies for the yes/no `question` (both normalised), or None when it does not decide."""
    if _proposes_forbidden(question, clause):
        return "no"
    if _ASKS_STRICT_RE.search(question) and _CONDITIONAL_RE.search(clause):
        return "no"  # "原则上": a rule that allows exceptions is no hard one
    asked, more = _asked_number(question)
    upper, lower = _first(_UPPER_RE, clause), _first(_LOWER_RE, clause)
    span = _RANGE_RE.search(clause)
    if span and upper is None and lower is None:
        lower, upper = _value(span.group(1)), _value(span.group(2))
    # (one is no proposal: "in one project", "一个项目")
    if _NO_LIMIT_RE.search(clause) and asked is not None and asked > 1 and not _CLAIMS_BOUND_RE.search(question) \
            and (_ASKS_PERMIT_RE.search(question) or not _ASKS_LIMIT_RE.search(question)):
        return "yes"  # "外方找5家可以吗，有没有上限" against "数量不限": the number proposed is allowed (but "找了3家，
        # 有上限吗" asks for a cap, which there is not)
    if _NO_LIMIT_RE.search(clause) and _ASKS_LIMIT_RE.search(question) and not more:
        return "no"  # "国外参与单位最多只能3家？" against "数量不限": the bound asked about does not exist
    if _ASKS_AT_ONCE_RE.search(question) and _STAGED_RE.search(clause):
        return "no"
    if _ASKS_COMBINE_RE.search(question) and _ONE_HEADING_RE.search(clause):
        return "no"
    if _ONE_HEADING_RE.search(clause) and re.search(r"二级标题|二级方向|二级", question):
        return "yes"  # "是不是按二级标题申报": the asker restates the rule
    required = bool(_REQUIRE_RE.search(clause)) or lower is not None
    if required and asks_without(question):
        return "no"  # "不找外方能报吗" against "须有 1 个国（境）外合作单位": the number asked is not the one limited
    if _CLAIMS_ONLY_RE.search(question) and lower is not None and upper is None and "以上" in clause:
        return "no"  # "外方单位是不是只能有一家" against "须有 1 个（或以上）": one is the least, not the most
    if _ASKS_ALL_RE.search(question) and lower is not None and lower < 100 and "%" in clause:
        return "no"  # "是不是必须全部发在国内期刊" against "比例原则上不低于 50%": a share, not all
    if (asked is not None and not more and _CLAIMS_SOLE_RE.search(question) and _MAY_RE.search(clause)
            and not _ALLOWS_EXCEPTION_RE.search(question)
            and any(n > asked for n in _numbers(clause))):
        return "no"  # "是不是只会支持一个项目" against "可同时支持 2 项": more is allowed
    permits = _PERMITS_N_RE.search(clause)
    if permits and asked is not None and upper is None and lower is None and not (more and asked < float(permits.group(1))):
        # "能不能支持3个项目" against "可同时支持 2 项" (and "80多个" is over it)
        return "no" if asked > float(permits.group(1)) or (more and asked >= float(permits.group(1))) else "yes"
    only = _ONLY_PLACE_RE.search(question)
    if only and any(p != only.group(1) and p not in only.group(1) for p in _PLACE_RE.findall(clause)):
        return "no"  # "合作单位只找欧洲的可以吗" against "来自亚洲、欧洲、美洲", "全在国内" against "至少一家海外单位"
    if _ASKS_CERTAIN_RE.search(question) and span and asked is not None and \
            _value(span.group(1)) != _value(span.group(2)):
        return "no"  # "是不是一定支持两项" against "1~2 项": a range makes no amount certain
    if asked is not None and (upper is not None or lower is not None):
        if upper is not None and asked < upper and not more and _CLAIMS_SOLE_RE.search(question):
            return "no"  # "每个方向是不是只能支持一个项目" against "1~2 项": more is allowed
        if upper is not None:
            over = asked >= upper if more else asked > upper
            if _ASKS_OVER_RE.search(question):  # "拉了11家，是不是超了": yes, it is over
                return "yes" if over else "no"
            return "no" if over else "yes"
        return "yes" if asked >= lower else "no"  # type: ignore[operator]
    if asked is not None and not more and asked in _numbers(clause):
        return "yes"  # "国拨经费是不是3个亿左右？" against "概算约 3 亿元": the amount the rule states
    about = _about(question, clause)
    if asked is not None and about is not None:  # "会不会支持100多个项目" against "拟支持约 55 个项目"
        return "yes" if not more and abs(asked - about) <= 0.15 * about else "no"
    if _NO_LIMIT_RE.search(clause):
        return "no" if _ASKS_LIMIT_RE.search(question) and not more else "yes"
    if upper is not None and _ASKS_LIMIT_RE.search(question):
        return "yes"  # "有上限吗" → 不超过 N
    if _ASKS_EXISTS_RE.search(question):
        return "yes"  # "有没有…的要求": the deciding clause is one
    if _ASKS_CERTAIN_RE.search(question) and _CONDITIONAL_RE.search(clause):
        return "no"  # "是不是一定…" against a rule that depends on a condition
    said = _PROHIBIT_RE.search(clause) or _REQUIRE_RE.search(clause)
    if said and CONFIRM_RE.search(question) and said.group(0) in question:
        return "yes"  # "项目是不下设课题的，对吧" against "项目不下设课题": the asker restates the rule
    if _PROHIBIT_RE.search(clause):
        return "yes" if asks_without(question) else "no"
    if _PREFERRED_RE.search(question) and _PREFERRED_RE.search(clause) and not asks_without(question):
        return "yes"  # "有…资质的平台会优先吗" against "具备…资质的平台优先"
    if required:
        return "yes" if _ASKS_NEED_RE.search(question) else None
    if _ENCOURAGE_RE.search(clause) or _MAY_RE.search(clause):
        return "no" if asks_without(question) and _ASKS_NEED_RE.search(question) else "yes"
    return None


def proposed_number(question: str) -> float | None:
    """The amount a yes/no question puts forward ("是不是大概55个" → 55), if any."""
    return _asked_number(question)[0]


_COUNTS = "家项所台套种"  # units of things counted, one for another


def proposed_unit(question: str) -> str | None:
    """The unit of the amount a question puts forward ("循环寿命做到8000次" → 次), if it names one."""
    n = proposed_number(question)
    return next((m.group(2) for m in re.finditer(rf"{_NUM}\s*(?:个)?\s*([家项年次篇名人所台套种倍%]|[a-z]+|万[a-z]*)", question, re.I)
                 if _value(m.group(1)) == n), None) if n is not None else None


def states_number(text: str, n: float, question: str = "") -> bool:
    """Does the (normalised) text state that amount — in the unit the question puts it in, when it names one ("找了3家"
    is not the "3 年" of a sentence on the Chinese side)?"""
    if n not in _numbers(text):
        return False
    unit = next((m.group(2) for m in re.finditer(rf"{_NUM}\s*(?:个)?\s*([家项年次篇名人所台套种倍%])", question, re.I)
                 if _value(m.group(1)) == n), None)
    if unit is None:
        return True
    units = _COUNTS if unit in _COUNTS else unit  # (two 家 applying are two 项 funded)
    return any(_value(m.group(1)) == n for m in re.finditer(rf"{_NUM}\s*(?:个)?\s*(?:[（(][^）)]{{0,6}}[）)])?\s*[{units}]",
                                                            text, re.I))


def asks_combine(question: str) -> bool:
    """"把4.1到4.3打包报", "整个领域一起申报": several directions in one application (not "和两家外方一起报")."""
    return bool(_COMBINES_DIRECTIONS_RE.search(question))


_COMBINES_DIRECTIONS_RE = re.compile(r"合在一起|合起来|合并|打包|捆绑|合成一个|整体申报|一级领域|一级标题|整个领域|不按二级|"
                                     r"\d\s*[.．]\s*\d+\s*(?:到|至|和|与|跟|、|-|~)\s*\d\s*[.．]\s*\d+[^，,。？?]{0,6}一起|"
                                     r"combine|merge|bundle|whole (?:domain|area|field)", re.I)


def states_floor(text: str) -> bool:
    """Does the (normalised) text state a least amount ("须有 1 个（或以上）", "不少于 2 项")?"""
    return bool(_LOWER_RE.search(text))


def asks_exists(question: str) -> bool:
    """"有没有…的要求": asks whether a rule exists (an edition's silence is its answer: no)."""
    return bool(_ASKS_EXISTS_RE.search(question))


def asks_without(question: str) -> bool:
    """"可以不找国外单位吗": the question proposes doing without something (not "不能只挑一部分做吧")."""
    return bool(_ASKS_WITHOUT_RE.search(_RULED_OUT_RE.sub(" ", question)))


def asks_need(question: str) -> bool:
    """"要不要…", "是否需要…": asks whether something is required."""
    return bool(_ASKS_NEED_RE.search(question)) and not asks_without(question)


def requires(clause: str) -> bool:
    return bool(_REQUIRE_RE.search(clause))
