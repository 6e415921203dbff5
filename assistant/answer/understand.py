"""Query understanding: language, edition hints, direction numbers, domains, categories, intent, salient terms, and
what kind of answer is asked for (a yes/no, a count, a date, a quantity in some unit).

Everything here is generic over the corpus: edition aliases come from the manifest, domain names and categories from
the parsed documents. Nothing is keyed to a particular question. Every pattern runs once over a capped question, so
understanding is linear in the question's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from assistant.answer.clauses import required_kind
from assistant.answer.lexicon import NO_LEXICON, Lexicon, glossary_terms
from assistant.answer.normalize import fold
from assistant.answer.verdict import AMOUNT_RE, CONFIRM_RE, asks_combine
from assistant.core.types import Document
from index.layout import cn_number
from index.lexical import normalise

Intent = Literal["metric", "research", "keywords", "rule", "requirement", "list_domain", "list_category", "lookup",
                 "overview", "structure", "recommend"]
AnswerType = Literal["when", "who", "where", "form", "how", "stats"]
Language = Literal["zh", "en", "mixed"]

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD_RE = re.compile(r"[a-zA-Z]{2,}")
_NUMBER_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*[.．。]\s*(\d{1,2})(?![\d.%])")
_NUMBERED_DIRECTION_RE = re.compile(r"(?:方向|direction|topic)\s*(\d{1,2})\s*[.．]\s*(\d{1,2})(?![\d.%])|"
                                    r"(?<![\d.])(\d{1,2})\s*[.．]\s*(\d{1,2})\s*(?:(?:那个|这个|号)?\s*(?:方向|题|课题|指南方向)|"
                                    # "11.2是哪个方向", "7.4的考核指标"
                                    r"是(?:哪个|什么|啥)|的(?:考核指标|指标|研究内容|关键词|标题|题目))")

# Words that ask, rather than name a topic: removed before measuring whether the guidelines cover a question.
_ASKING_WORDS = """
请问 请 问 一下 下 告诉 我 我们 你 你们 想 知道 了解 帮 帮忙 查 查一下 看看 看 能否 能不能 可以 可不可以 是否 是不是 有没有
什么 啥 哪些 哪个 哪儿 哪里 哪 几个 几家 几 多少 多大 多高 多长 多久 怎么 怎样 如何 为什么 吗 呢 吧 呀 啊 嘛 的 了 着 过 是 有 在
和 与 及 或 还是 以及 要 需要 需 得 应该 应 必须 能 会 都 也 还 又 就 这个 那个 这 那 其 它 它们 该 此 这些 那些 其中 上面 上述 刚才 回到 回头 没找到 找不到 还没找到 没有找到 之间 按照 按
里 里面 中 内 之 对 对于 关于 共 个 项 次 条 分别 怎么样 新版 旧版 老版 版本 年度 版 两版 最新 征求意见稿 这份 文件 那批 这批 那一批 这一批 那期 这期
自己 各自 另外 此外 成果文件 交什么 要交 提交什么 主要 说 说的 所说 提到 提到的 哪些方面 方面 体现 咱们 咱 东西 什么阶段 哪个阶段 哪一步 到哪一步 交付 交付物 产出物 一起 时候 一样 区别 不同 说法 大概 大约 怎么写 写了 写的 两个版本 才能 只 一定 肯定 必然 如果 达标 合格 合规 过关 算数 算达标 做成 弄成 搞成 刚好 正好 恰好 允许 同意 没 持续 包括 包含 涵盖 哪几块 几块 方面 打算 做到 做 搞
跟 有关 相关 涉及 几号 哪一类 哪类 什么类 类别 算 拉 挑 写 够不够 行不行 算不算 满足要求 符合要求 能过 原文 原话 怎么说 很多 好多 许多 好几 若干 硬杠杠 硬杠 硬性 硬指标 死规定 各 话 弄 怎么弄 怎么办 怎么处理 如何处理 找 整 干 一下子
最多 最少 最长 最短 最高 最低 比如 例如 请教 什么样 多少钱 以内 以上 以下 左右 加起来 一块儿 一块 一般 通常 大致 要求 一共 总共 总计 顺便 问下 再问 还想问 麻烦 谢谢 您好 老师 什么程度 程度 咋办 咋 啥样 具体数字 具体数值 款 落到 落在 用到 用在
也行 就行 就够 够了 够吗 够 怎么规定 如何规定 怎样规定 有何规定 有什么规定 啥规定 规则是啥 规则是什么 有什么规则 啥规则 什么规则 规则呢 下面 底下 门槛 出来 上来 最后 这边 那边 这里 那里 这一批 这批 本批次 本批 这一轮 本轮 同一版 同一个版本 同一版本 同版 这一版 这版 该版 本版
""".split()
# …and words every direction and rule uses: no help in telling directions apart, but what a rule question is about
_GENERIC_WORDS = """
方向 编号 序号 指南 项目 申报 规定 具体 内容 情况 问题 说明 考核 指标 kpi 研究 关键词 标题 全称 全名 名称 叫
""".split()
_QUESTION_WORDS = sorted(_ASKING_WORDS + _GENERIC_WORDS, key=len, reverse=True)

_QUESTION_WORD_RE = re.compile("|".join(re.escape(w) for w in _QUESTION_WORDS))
GENERIC_WORDS = frozenset(_GENERIC_WORDS)  # kept whole when a rule question is read ("要求" is not "要" + "求")

# a category named as such: "应用示范类" or "应用示范的方向", not "搞应用示范"
CATEGORY_NAMES = r"(?:基础研究|共性关键技术|关键共性技术|应用示范|示范应用)"  # as the guidelines label directions
_CATEGORY_WORD = rf"(?:{CATEGORY_NAMES}(?:类|的?方向))"

_INTENT_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    ("list_category", re.compile(r"(哪些|列出|列一下|所有|全部|有几个|多少个|哪几个).{0,8}" + _CATEGORY_WORD
                                 + r"|" + _CATEGORY_WORD + r".{0,6}(有哪些|哪些|哪几个|列表)"
                                 r"|which .*(basic research|demonstration|key technolog)|list .*(categor|basic research|demonstration)")),
    ("list_domain", re.compile(r"(领域|方面|板块|那块|下面|里面|里).{0,6}(有哪些|哪些|哪几|几个|多少个|列出|列一下|列举|都有什么|有什么|有啥)"
                               r"|(有哪些|哪几个|有几个|多少个|列出|列一下|列举|所有|全部|都有什么|有什么|都是什么|都是哪些|是哪些|分别是什么).{0,4}(方向|指南方向)"
                               # "列一下2022年度生命健康领域的方向", "气候变化领域主要聚焦什么"
                               r"|(列出|列一下|列举|罗列)[^，。？?]{0,16}方向"
                               r"|(领域|板块)(的?(?:指南)?方向)?(主要|重点)?(聚焦|关注|布局|覆盖|涵盖|包括|包含|研究|做|围绕)了?(些)?(什么|哪些)"
                               # "生命健康领域的方向重点是啥"
                               r"|(领域|板块)(的?(?:指南)?方向)?的?(重点|主要内容|侧重点?|重心)是?(啥|什么|哪些)"
                               # "新能源发电还有别的方向吗": the domain's other directions, once one was discussed
                               r"|(还有|另外还有)(别的|其他|其它|哪些|什么)的?(指南)?方向|(其他|其它|别的)的?(指南)?方向(有哪些|有什么|都有啥|有吗|吗|呢)"
                               r"|list (all |the )?(of the )?directions|which (other )?directions|what (other )?directions|all directions"
                               r"|other directions (?:are )?(?:in|under)")),
    ("keywords", re.compile(r"关键词|关键字|keyword")),
    ("requirement", re.compile(r"有关说明|其他要求|申报要求|特殊的?(要求|说明)|额外的?(要求|说明)|特别的?(要求|说明)|补充说明|注意事项|参加单位|合作(伙伴|方(?![向式案法])|国|国家|国别)|国别|外方|"
                               r"partner countr|special requirement|other requirement|partner requirement|"
                               r"partners? from|several countries|how many countries|foreign partners? (?:enough|needed|required)")),
    ("research", re.compile(r"研究内容|研究什么|做什么|干什么|研究哪些|研究哪几|主要研究|研究重点|研究任务|涵盖(?!.{0,3}(?:多少|几))|包括哪些|"
                            r"research content|what (does|will) .*(study|research|cover)|scope of")),
    # "编号多少，属于什么类": the direction's number and category, not a metric
    ("lookup", re.compile(r"编号|几号|序号|第几个|哪一号|什么类别|什么类(?!型的)|哪一类|哪类|属于哪|标题|全称|全名|名称|叫什么|"
                          r"(?:属于|归在|归到|归入|在)[^，,。？?]{0,4}哪(?:个|一个)领域|"
                          r"which number|what number|full title|what is it called")),
    ("metric", re.compile(r"考核|指标|kpi|多少|数量[？?呢]*$|几[个项套次篇名人家种类条台位批所倍]|达到|不少于|不低于|优于|精度|准确率|效率|"
                          r"要求.{0,4}(多|几)|target|metric|how many|how much|at least|accuracy|deliverable")),
    ("lookup", re.compile(r"哪个方向|哪一个方向|哪个指南|什么方向|哪个项目|属于哪|对应哪|哪条|有没有.{0,16}(?:方向|课题|题目)|"
                          r"有[^，。？?,]{0,12}(?:方向|课题|题目)[吗么嘛][？?]*$|"
                          r"(有关|相关|涉及|关于).{0,6}(方向|项目)|"
                          r"which direction|which topic|is there a direction|any direction")),
]

# Preamble topics: a question about these (and naming no direction) is an eligibility/rule question.
RULE_TERMS = re.compile(
    r"中方|参与单位|参加单位|单位总数|几家单位|实施周期|执行期|周期|年限|几年|多长时间|国\s*[（(]?境[）)]?\s*外|境外|外方单位|"
    r"合作单位|合作协议|(?<!的)课题(?!组)|经费|预算|几家|\d+\s*家单位|一部分|部分研究内容|拨款|亿元|拟支持|支持几|支持多少|几个项目|多少个项目|评审|分两个阶段|两个阶段|支持方式|"
    r"支持\s*[两二2]\s*[项个]|同时支持|"
    r"合著论文|科技期刊|期刊|比例|产学研|二级标题|一级标题|研究内容必须|全部研究内容|(?:覆盖|涵盖|完成|满足|做到|包含|达到|实现|做完)[^，,。？?]{0,6}(?:全部|所有)的?(?:考核)?指标|只(?:做|报|申报|挑|选|完成)[^，,。？?]{0,6}(?:几项|几条|一些|部分|其中)[^，,。？?]{0,4}(?:考核指标|指标|研究内容)|(?:研究内容|考核指标)[^，,。？?]{0,6}(?:挑|选)着?(?:做|报|完成)|领域启动|多少个方向|(?<!第)几个方向|"
    r"指南方向.{0,4}(多少|几)|几个领域|多少个领域|方向数|申报条件|申报要求|资格|门槛|总体目标|国际合作成效|不下设|"
    r"chinese (participating )?(institution|organi[sz]ation|partner|unit)s?|participating institution|foreign partner|"
    r"duration|how long|how many years|budget|funding|sub-?project|journal|co-?authored|eligib|consortium|"
    r"(?:success|approval|acceptance|funding|award) rates?|成功率|通过率|中标率|立项率|命中率|"
    r"\bany rules?\b|\brules? (?:on|for|about|regarding)\b|"
    r"how many projects|fund(?:s|ed|ing)? (?:two|2|several|multiple|more than one) projects|projects? per direction|"
    r"overseas partner|international partner|project (duration|period|term)|implementation (period|duration|time)|"
    r"chinese side|domestic (institution|partner|organi[sz]ation|unit)s?|cooperation agreement|sign (an |a )?agreement|"
    r"(can|does|will|should|may|must) (a|the|our|each|one) (joint )?project (last|run|take)|\bprojects? (last|run)s?\b|"
    r"\bprojects?\b[^,.?]{0,20}\b(?:last|run)s? (?:for )?(?:\d+|one|two|three|four|five|six) (?:years?|months?)\b|"
    r"负责人|牵头|承担单位|申报单位|单独|一家单位|独立申报|外方|国外|外国|海外|合作方(?![向式案法])|立项|配套|间接费|注册|"
    r"企业.{0,12}(?:参与|参加|牵头|申报)|高校院所|只报|只申报|"
    r"合作团队|分工|合作基础|合作方式|合作模式|鼓励|indirect cost|overhead|"
    # the application itself and what the project produces: administration, which only the preamble could settle
    r"申报书|申请书|申报材料|(?:申报|申请)[^，,。？?]{0,4}(?:交|提交|准备)[^，,。？?]{0,4}材料|填报|(?:怎么|如何|怎样|去哪里?|在哪里?|找谁|向谁)(?:申请|办理|报名|登录|预约)|"
    r"(?:哪个|什么|哪一个)(?:平台|系统|网站)[^，,。？?]{0,4}(?:提交|申报|填报|报名|上传)|(?:提交|上传)到哪|中文还是英文|英文还是中文|用什么语言|知识产权.{0,8}(归属|归谁|怎么分|如何分|分配|共享)|"
    r"lead institution|principal investigator|\bpi\b|apply alone|on our own|without a (foreign )?partner|"
    r"only (?:a |some |one )?part of (?:the )?(?:research|tasks|metrics|content|indicators)|only some of the "
    r"(?:research|tasks|metrics|indicators)|pick and choose|"
    r"(foreign|overseas|international|chinese|domestic) (partner|institution|organi[sz]ation|unit|participant|"
    r"collaborator|side|team)s?|project leader|(total|overall) budget|(completed|finished|done) within|"
    r"(how many|number of) (institution|organi[sz]ation|partner|participant)s|the (call|programme|program)\b")

# words every rule uses: a rule question naming nothing else names no direction ("2022版一共打算支持多少个项目")
RULE_WORDS = "支持 项目 申报 单位 经费 合作 参与 周期 实施 立项 评审"

# a length of time asked for is a rule's only when nothing else is discussed ("and how long must the observation last?")
DURATION_ASK_RE = re.compile(r"how long|how many years|(?<![做干])(?:多长时间|多久|几年)")
_ASCII_WORD_RE = re.compile(r"[a-z][a-z0-9\-]{1,}")
# "深海冷泉那个方向", "量子通信卫星方向": a direction called by its topic (not "每个指南方向")
# "3D打印老年食品的题": 题 alone, but not the 题 of 问题/课题/主题/标题/议题/专题
# English: the direction is called by the words of "For the … topic, …" / "… in the … project?"
_EN_NAMED_RE = re.compile(r"^(?:(?:and|also|now|then|so|ok|okay)\s*,?\s+)?(?:for|in|regarding|about|on|concerning|re)\s+(?:the\s+)?(?:\d{4}\s+)?(?P<name>[^,:;?]{8,}?)\s*"
                          r"(?:topic|direction|project)?\s*[,:;]|\b(?:in|of|for|under|at|about|on) the (?:\d{4}\s+)?"
                          r"(?P<name2>(?:(?!\bthe\b)[^,:;?]){6,}?) (?:topic|direction|project)\b|"
                          # "And the grounding-zone direction: …"
                          r"^(?:and|also|now|then|so|ok|okay|what about|how about)\s*,?\s+the\s+"
                          r"(?P<name3>[^,:;?]{6,}?)\s+(?:topic|direction|project)\s*[,:;?]", re.I)
_EN_NOT_A_NAME_RE = re.compile(r"\b(?:guidelines?|draft|edition|version|call|programme|program|research content)\b")
_NAMED_TOPIC_RE = re.compile(r"([\u3400-\u9fffa-z0-9]{3,}?)(?:(?:那个|这个|的)?(?:方向|题目|(?<![问课主标议专结难命])题)|那个)")
# "2022光伏那个的…": two characters standing alone before 那个 (not "量子方向", a field's name)
_NAMED_SHORT_RE = re.compile(r"(?:^|(?<=[\s,，、的]))([\u3400-\u9fff]{2})那个")
# "那个量超融合混合计算平台，要支持多少比特": a long name said first, then what is asked of it
_CALLED_FIRST_RE = re.compile(r"^(?:那个|这个)(?![^，,]*(?:方向|题)[，,])([\u3400-\u9fffa-z0-9]{5,})[，,]")
_LEADING_OR_RE = re.compile(r"^\s*(?:或者|或是|要么|还是说)")
_ALL_OF_RE = re.compile(r"(?:全部|所有|全都)的?(?=(?:考核)?指标|研究内容|关键词|内容)")
_TOPIC_REFERENT_RE = re.compile(r"(?<=[\u3400-\u9fffa-z0-9]{3})(?:那个|这个|的)(?:题目|题)")
_ABOUT_RE = re.compile(r"^.*?(?:关于|有关|涉及|针对)(?=[\u3400-\u9fffa-z0-9]{3})")
_GENERIC_TOPIC_RE = re.compile(r"[哪几每该本此各某]|什么|多少|指南|所有|全部|有关|相关|涉及|关于|同一|其他|别的|任何|"
                               r"基础研究类|共性关键技术类|关键共性技术类|应用示范类|示范应用类")
# "跟阿尔茨海默病有关的方向有哪些": the directions are what is asked for, not one direction called by a name
_DIRECTION_LIST_RE = re.compile(r"(哪些|哪几个?|几个|多少个)[^，。？?,]{0,3}方向|"
                                r"方向(都|一共|总共)?(有|是)?(哪些|哪几个?|几个|多少个)(?:[，,][^，,。？?]{0,8})?[呢吗？?]*$|方向\S{0,3}(列一下|列出|列举)|"
                                r"which directions|what directions")
_WHICH_DOMAINS_RE = re.compile(r"(?:哪些|哪几个)[^，,。？?]{0,4}领域(?!的?方向)|哪个领域[^，,。？?]{0,6}(?:最多|最少)|领域[^，,。？?]{0,6}(?:最多|最少)|"
                               r"\bwhich (?:domain|area|field)s?\b|\bhow many (?:domains|areas|fields)\b", re.I)
_TOPIC_OF_DIRECTIONS_RE = re.compile(r"(?:有关|相关|涉及|关于|用到|用了|结合|基于)[^，。？?,]{0,12}方向|方向[^，。？?,]{0,6}(?:有关|相关|涉及|用到|用了|结合|基于)")
_COMPARE_RE = re.compile(r"两版|两个版本|两份|也有|也要|也是|同样|区别|"
                         r"(?:有|有什么|有何|哪些|哪里|什么|是否)不同|不同(?:吗|之处|点|在哪)|一样吗|相同|差异|变化|对比|比较|"
                         r"\bboth\b|\bdiffer|\bcompare|\bchange")
_BOTH_HAVE_RE = re.compile(r"都有(?!哪|什么|啥|几)")
# A question that points back at what was just discussed ("它的考核指标", "这个方向", "this direction")…
_REFERS_BACK_RE = re.compile(r"它|这个方向|该方向|那个方向|此方向|本方向|这个项目|该项目|那个项目|这一方向|这个题|该题|上述|上面|刚才|"
                             r"其中|这些|那这|那它|\bit\b|\bits\b|this direction|that direction|this one|that one|"
                             r"this project|this topic|that topic|the same direction", re.I)
# …or only continues it ("那2022版的呢", "还有精度呢", "and the accuracy?"): a follow-up only if it names nothing new
_CONTINUES_RE = re.compile(r"^(那|还有|再|另外|以及|我说的是|我指的是|我问的是|我是说|and\b|what about|how about|i mean)|呢[?？]?$",
                           re.I)

_YESNO_RE = re.compile(r"能不能|能否|可不可以|可否|是否|是不是|会不会|需不需要|要不要|用不用|够不够|行不行|算不算|有没有|"
                       r"允许.{0,16}吗|可以.{0,24}吗|能.{0,24}吗|需要.{0,24}吗|必须.{0,24}吗|得.{0,12}吗|要求.{0,24}吗|"
                       r"有.{0,16}(上限|限制|要求|规定)吗|还.{0,6}吗|会.{0,24}吗|是.{0,20}吗|都.{0,16}吗|一样吗|相同吗|一致吗|"
                       r"(可以|行|能|对|是|要|用|够|满足|符合|达标|合格)[^，,。？?不]{0,8}不\s*[？?]?\s*$|"  # "…，可以不？", "能满足要求不"
                       r"(?P<a>[\u4e00-\u9fff])不(?P=a)|"  # "鼓不鼓励", "支不支持"
                       r"吗\s*(?:[？?]|$)|"  # "新版鼓励产学研用一起搞吗", "要提交国际标准提案吗？几项？"
                       r"(?:能|可以|可|行|没问题|算|够|合规|达标|符合|满足|合格)[^，,。？?]{0,4}吧\s*[？?]?\s*$|"  # "…9家单位，能报吧？"
                       r"有[^，,。？?]{1,16}没有?\s*[？?]?\s*$|"  # "…数量有限制没？"
                       r"(^|[,;:]\s*)(can|could|may|must|do|does|is|are|should|will|shall)\s", re.I)
# "跟两个国家合作就够了吗": the count put forward is checked against the text's ("4个以上国家"), not looked for
_PUT_FORWARD_RE = re.compile(r"(?<![\d.同每单某任哪])(?:\d+|[一两二三四五六七八九十]{1,3})\s*(?:个|家)(?=国家|国外|外方|海外|境外|单位|合作)")
_ASKS_WHAT_SAID_RE = re.compile(r"有没有(?:说|讲|提|写|规定)[^，,。？?]{0,10}(?:什么|哪些|哪几|啥)")
# what an answer must contain for such a question: the guidelines state no dates, people or addresses
_ANSWER_TYPES: list[tuple[AnswerType, re.Pattern[str]]] = [
    # how calls went before, or how likely an application is: the guidelines set rules, they keep no statistics
    ("stats", re.compile(r"成功率|通过率|中标率|立项率|命中率|录取率|往年|历年|以往|去年|前几年|历届|"
                         r"(?:success|approval|acceptance|funding|award) rates?|in (?:previous|past|earlier) (?:years|calls|rounds)|"
                         r"last year|historically", re.I)),
    # a template or a format to fill in: the guidelines state requirements, never forms
    ("form", re.compile(r"模板|什么格式|格式要求|哪种格式|预算表|表格|页数|字数|template|which format|what format|"
                        r"page limit|word limit|how many pages|application form", re.I)),
    ("when", re.compile(r"什么时候|何时|哪天|哪一天|几月几[号日]|[几哪]月份?|日期|截止|deadline|\bdate\b|due|"
                        # (a time asked, not "… when we apply")
                        r"^\s*when\b|\bwhen (?:is|are|was|does|do|will|should|can|must|would)\b|\bby when\b", re.I)),
    ("who", re.compile(r"谁|哪位|哪些人(?![群员才口种])|什么人(?![群员才口种])|名单|联系人|负责人是|哪几?家(?!单位)|品牌|厂商|厂家|\bwho\b|\bwhom\b|contact person", re.I)),
    ("where", re.compile(r"网址|网站|链接|(?:申报|填报|提交|报名|网上|登录)[^，,。？?]{0,6}(?:哪个系统|什么系统|系统里)|在哪个(?:系统|平台)|"
                         r"(?:哪个|什么)平台[^，,。？?]{0,4}(?:提交|申报|填报|报名|上传)|地点|哪个城市|哪座城市|[建设放]在哪|[在去到]哪里?(提交|申报|报名|下载|填|登录|注册)|"
                         r"[在去到]哪[里儿]?(开|召开|举行|举办|答辩)|哪里登录|哪里下载|邮箱|电话|"
                         r"where (do|can|should|to) (we |i )?(submit|apply|register|download|send)|website|\burl\b|"
                         r"e-?mail|phone|\bportal\b|where (?:can|do|should) (?:we|i) find", re.I)),
]
# "几家", "多少年", "多少经费": the unit the answer's figure must carry
_ASKED_UNIT_RE = re.compile(r"(?:几|多少)\s*(家|年|项|个|次|篇|人次|人月|人|套|种|亿元|万元|元|名|所|类|批|条|台|件|倍|只|例)")
_UNIT_WORDS = [(re.compile(r"几年|周期多长|how many years", re.I), "年"),
               (re.compile(r"多久|多长时间|(?:时间|时长|周期|期限)[^，,。？?]{0,3}多长|how long", re.I), "时长"),  # "干预要持续多久": 1 个月 answers as 3 年 does
               (re.compile(r"比例|百分之|percentage|share of", re.I), "%"),  # "经费比例是多少" asks a share, not 元
               (re.compile(r"多少钱|多少经费|经费.{0,4}多少|预算.{0,4}多少|出钱|出资|掏钱|how much (money|funding)|budget|"
                           r"contribute (?:money|funds)", re.I), "元")]

# "我们做X，应该报哪个方向？": a direction is asked for the asker's own work
_RECOMMEND_RE = re.compile(
    r"(我|我们|本团队|团队|课题组|实验室|公司|单位|^(?:做|搞|从事)|^(?:研究|研发|开展)[^，,。？?]{2,40}的[，,]|"
    r"\bwe\b|\bour\b|\bi\b).{0,80}"
    r"(报哪|申报哪|报什么|适合哪|适合报|适合我|适合的?方向|对口|合适|对应的?方向|能报|可以报|该报|应该报|选哪|归哪|投哪|沾边|挂钩|搭边|"
    r"(相关|有关|相近|接近)的?方向|能申请|可以申请|"
    r"which direction|which topic|where should|what direction|apply under|fit|suit)", re.I)
# counting or listing the structure itself: domains, directions, categories of an edition
_STRUCTURE_NOUN_RE = re.compile(r"领域|板块|大类|方向|题目|domains?\b|areas?\b|fields?\b|directions?\b|topics?\b", re.I)
_STRUCTURE_ASK_RE = re.compile(r"哪些|有什么|都有|(?:就|只有|只)这[两几一二三四五六七八九十\d]*个|列出|列一下|列举|都列|几个|多少个|多少|几|一共|总共|共有|分别是|"
                               r"how many|which|\blist\b|what are|number of|what (domains|areas|fields|directions|topics)",
                               re.I)
_DOMAIN_NOUN_RE = re.compile(r"领域|板块|大类|那块|这块|domains?\b|areas?\b|fields?\b", re.I)
_CATEGORY_NAME_RE = re.compile(rf"{CATEGORY_NAMES}类?|basic research|demonstration|"
                               r"common key technolog\w*|key technolog\w*", re.I)
_STRUCTURE_FILLER_RE = re.compile(r"(?:就|只有|只)?这?[两几一二三四五六七八九十\d]+个|二级标题|二级|一级|类|属于|包括|包含|含|分成|分|大|下面|下|里|这批|本批次|批次|列|出来|编号|标题|名称|名字|整体|结构|"
                                  r"覆盖|涉及|涵盖|分为|划分|共计|归为|写成|数量|总数|导则|布局|聚焦|重点支持|重点|主要|"
                                  r"集中在|集中|启动|面向|这次|本次|这一批|这一次|"
                                  r"\b(the|new|newer|edition|in|of|are|there|all|what|which|how|many|list|number|does|"
                                  r"do|have|has|guideline|guidelines|it|its|total|about|overall|altogether|and|cover|covers|"
                                  r"include|includes|contain|contains|draft)\b", re.I)
# "方向下面要覆盖哪些内容": what is asked is content or requirements, not the directions themselves
_ASKS_CONTENT_RE = re.compile(r"(?:哪些|什么|哪几)(?:研究)?(?:内容|要求|指标|条件|材料|规定)")
_LIST_ASK_RE = re.compile(r"哪些|哪几|列出|列一下|列举|都列|有几个|多少个|which|list|how many", re.I)
_A_FEW_RE = re.compile(r"(?:其中|只(?:做|报|挑|选|完成))几[项个条家种]")
# "有具体数字吗": a count asked, which only a written number answers (not "一套")
SPECIFIC_NUMBER_RE = re.compile(r"具体(?:的)?(?:数字|数值)|量化")
_COUNT_RE = re.compile(rf"几个|多少个|多少|几|一共|总共|共有|{SPECIFIC_NUMBER_RE.pattern}|how many|number of", re.I)


# "项目评审是线上还是线下？", "单独申报还是联合申报呢": a choice between two things, which ends the question
_EITHER_RE = re.compile(r"([\u4e00-\u9fff]{2,4})还是([\u4e00-\u9fff]{2,6}?)的?(?:呢|[？?，,]|$)")
_NUMERAL_CHARS_RE = re.compile(r"[\d零一二两三四五六七八九十百千万几]")
_ENDS_IN_AMOUNT_RE = re.compile(r"[\d零一二两三四五六七八九十]+\s*个?[年月家项个次篇]$")  # "是两年", "3家"


def _alternatives(norm: str, lexicon: Lexicon) -> tuple[str, ...]:
    """How the guidelines would name either thing offered: its last/first two characters after what the two share
    ("单独申报还是联合申报" → 单独, 联合), and the guidelines' words for the whole of it (单独申报 → 共同参与申报).
    Numbers are left to the number checks ("两年还是三年": the text says "3 年")."""
    m = _EITHER_RE.search(norm)
    if not m or _NUMERAL_CHARS_RE.search(m.group(0)):
        return ()
    a, b = m.group(1), m.group(2)
    while len(a) > 2 and len(b) > 2 and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    return (a[-2:], b[:2], *lexicon.with_synonyms(m.group(1)).split(), *lexicon.with_synonyms(m.group(2)).split())


@dataclass
class Query:
    text: str
    norm: str
    language: Language
    editions: list[str] = field(default_factory=list)  # edition ids the question names
    numbers: list[str] = field(default_factory=list)  # direction numbers it names
    unknown_numbers: list[str] = field(default_factory=list)  # direction numbers it names that no edition has
    domains: list[tuple[str, str]] = field(default_factory=list)  # (edition id, domain number)
    domain_names: list[str] = field(default_factory=list)  # the words that named them
    category: str | None = None
    asks_categories: bool = False  # the categories an edition labels its directions with ("分哪几类")
    other_categories: bool = False  # "有不是基础研究类的吗": the directions outside the category named
    intent: Intent = "overview"
    rule_topic: bool = False
    rule_named: bool = False  # a rule's own words, not just "how long": a follow-up may ask how long a metric lasts
    compare: bool = False  # asks how editions differ: every edition is consulted even when one is named
    plural: bool = False  # "哪些方向…": a lookup may have several answers
    named_topic: str = ""  # "量子通信卫星方向": the words a direction is called by, which must really match one
    refers_back: bool = False  # "它/这个方向": about what was just discussed
    continues: bool = False  # "那…呢/还有…": a continuation, if it names nothing new
    yesno: bool = False
    answer_type: AnswerType | None = None
    asked_unit: str = ""  # the unit a quantity question asks for ("家", "年", "%"), "" when none is named
    required: tuple[str, ...] = ()  # the one kind, place or partner asked to be required ("必须是电力企业吗")
    alternatives: tuple[str, ...] = ()  # "线上还是线下": the answers the asker expects, one of which must be stated
    count: bool = False  # asks how many
    salient: str = ""  # the question minus question words: what it is about
    rule_salient: str = ""  # the same, keeping the words every rule uses (方向, 项目, 申报, 研究内容 …)
    rule_variants: list[str] = field(default_factory=list)  # …and with equivalent words swapped (执行期 ↔ 实施周期)
    asked: str = ""  # the salient words of the clauses that ask, when others only give context ("我们是…团队，…")
    asked_plain: str = ""  # the same without the synonyms: a direction may use the asker's own words ("多长时间")
    plain: str = ""  # the salient words without the everyday → guideline synonyms (a direction may use 合作伙伴 too)
    expanded: str = ""  # text used for lexical search (English glossary terms added)
    spaced: str = ""  # the folded text with hyphens as spaces ("3d-printed" is "3d printed", not a model "3dprinted")
    glossary: str = ""  # the Chinese terms an English question was translated to

    @property
    def topic_variants(self) -> list[str]:
        """The topic with and without synonyms: a direction's text may use the everyday word itself."""
        return [self.topic] + ([self.plain] if self.plain and self.plain != self.topic else [])

    @property
    def rule_topic_text(self) -> str:
        """What a rule question is about, in the guidelines' language ("…sub-projects (课题)?": the glossary's terms and
        the Chinese the asker wrote)."""
        if self.language == "mixed" and (self.yesno or "?" in self.norm):  # asked, not "say the budget is 10亿"
            return " ".join([self.glossary, *re.findall(r"[\u3400-\u9fff]{2,}", self.rule_salient)])
        return self.glossary if self.language == "en" else self.rule_salient

    @property
    def topic(self) -> str:
        """What the question is about, in the guidelines' language: its salient words, or for an English question
        the Chinese terms its words translate to."""
        return self.glossary if self.language == "en" else self.salient

    @property
    def cjk_share(self) -> float:
        cjk = len(_CJK_RE.findall(self.text))
        latin = sum(len(w) for w in _LATIN_WORD_RE.findall(self.text)) / 3  # ~3 letters carry what a hanzi does
        return cjk / (cjk + latin) if cjk + latin else 0.0


def detect_language(text: str) -> Language:
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_WORD_RE.findall(text))
    if cjk == 0 and latin:
        return "en"
    if latin >= 4 and latin * 2 >= cjk:
        return "mixed" if cjk else "en"
    return "zh"


def _edition_names(doc: Document) -> list[str]:
    e = doc.edition
    return sorted({e.label, *e.aliases, *([str(e.year)] if e.year else [])}, key=len, reverse=True)


def _edition_hints(norm: str, docs: list[Document]) -> list[str]:
    """Editions the text names. An edition named by everything another one is named by, and more ("…正式版" names
    the final version; the 专项 name alone both it and its draft), is the one meant."""
    found: dict[str, set[str]] = {}
    compact = norm.replace(" ", "")
    for doc in docs:
        for name in _edition_names(doc):
            n = normalise(name)
            if n.isascii() and n.isalpha():
                hit = re.search(rf"\b{re.escape(n)}\b", norm)
            elif n.isdigit():
                hit = re.search(rf"(?<!\d){re.escape(n)}(?!\d)", norm)
            else:
                hit = n.replace(" ", "") in compact
            if hit:
                found.setdefault(doc.edition.id, set()).add(n.replace(" ", ""))
    return [ed for ed, names in found.items() if not any(names < other for other in found.values())]


_DOMAIN_CALLED_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:这个|那个)?(?:领域|板块|那块|这块|方面)")


# a domain called by its place: "第9个领域", "6.x 是哪个领域", "domain 3"
_DOMAIN_PLACE_RE = re.compile(r"第\s*([1-9]\d?|[一二三四五六七八九十]{1,3})\s*个?(?:领域|板块|大类|大块|块)|"
                              r"(?<![\d.])([1-9]\d?)\s*(?:开头|打头)的?(?:那几个|那些|几个)?(?:方向)?|"
                              r"(?<![\d.])([1-9]\d?)\s*\.\s*(?:x|\*|几|[xX]{2})(?![a-z])|\bdomain\s+([1-9]\d?)\b")


def _domain_hints(norm: str, docs: list[Document]) -> tuple[list[tuple[str, str]], list[str]]:
    """(edition id, domain number) of every domain the text names, and the names it was called by."""
    hits, called = [], []
    called_by = _DOMAIN_CALLED_RE.findall(norm)
    places = {str(int(n) if n.isdigit() else cn_number(n)) for m in _DOMAIN_PLACE_RE.findall(norm) for n in m if n}
    for doc in docs:
        for dom in doc.domains:
            if dom.number in places:
                hits.append((doc.edition.id, dom.number))
                called.append(dom.name)
                continue
            names, core, parts = _domain_names(dom.name)
            found = sorted((n for n in names if n in norm), key=len, reverse=True)
            # "储能技术合作下面有啥": the end of its whole name, with two characters of its core at least
            whole = normalise(dom.name)
            if whole != core and whole.startswith(core):
                found += [whole[i:] for i in range(len(core) - 1) if whole[i:] in norm]
            # "储能领域" names 先进储能技术合作: the words just before 领域, when they end the domain's core name
            # "农业这个领域" names 农业与粮食安全: one of the parts its name joins with 与/和/及
            # "量子那个领域" names 量子科技: the start of its core name
            found += [x[i:] for x in called_by for i in range(len(x) - 1)
                      if core.endswith(x[i:]) or x[i:] in parts or core.startswith(x[i:])]
            if found:
                hits.append((doc.edition.id, dom.number))
                called.append(found[0])
    return hits, called


@lru_cache(maxsize=4096)
def _domain_names(name: str) -> tuple[tuple[str, ...], str, frozenset[str]]:
    """The names a domain goes by (whole, without 合作, before its bracket, inside it), its core name, and the parts
    that name joins with 与/和/及: the same for every question, so worked out once per domain."""
    core = re.sub(r"(技术合作|领域合作|合作)$", "", normalise(name))
    names = {normalise(name), core, re.split(r"[(（]", core)[0], *re.findall(r"[(（]([^()（）]+)[)）]", core)}
    parts = frozenset(p for p in re.split(r"[与和及、（）()]", core) if len(p) >= 2)
    return tuple(n for n in names if len(n) >= 2), core, parts


_NOT_CATEGORY_RE = re.compile(r"(?:不是|不属于|不算|非|除了)(?:基础研究|共性关键技术|关键共性技术|应用示范|示范应用)|"
                              r"\bnot (?:a |an |of )?(?:the )?(?:basic research|common key|key (?:common )?technolog|"
                              r"(?:applied |application )?demonstration)", re.I)


def _category(norm: str) -> str | None:
    if "基础研究" in norm or "basic research" in norm:
        return "基础研究类"
    if re.search(r"共性关键技术|关键共性技术|common key tech|key (common )?technolog", norm):
        return "共性关键技术类"
    # "demonstration" alone is what many metrics ask about ("the cluster demonstration"), not the category
    if re.search(r"应用示范|示范应用|demonstration[- ](?:category|class|type|directions?|topics?)|"
                 r"(?:applied|application) demonstration", norm):
        return "应用示范类"
    return None


_PARTICLES = set("的了吗呢吧啊呀嘛着过要")  # never part of a term, whatever bigram they sit in


def drop_words(s: str, words: re.Pattern[str], vocab: frozenset[str], keep: frozenset[str] = frozenset()) -> str:
    """`words` out (question words, an asker's own words); a one-character one stays where it is part of a corpus
    word ("中" in 中方, "应" in 应用, "报" in 预报) — a word with a neighbour that is not itself one of them ("最多能"
    keeps nothing: 多能 is not what is asked)."""
    matches = [m for m in words.finditer(s) if m.group(0) not in keep]
    asked = {i for m in matches for i in range(*m.span())}

    def part_of_word(a: int) -> bool:
        return any(0 <= j < len(s) and j not in asked and (s[min(a, j)] + s[max(a, j)]) in vocab for j in (a - 1, a + 1))

    out, last = [], 0
    for m in matches:
        keep = len(m.group(0)) == 1 and m.group(0) not in _PARTICLES and part_of_word(m.start())
        out += [s[last:m.start()], m.group(0) if keep else " "]
        last = m.end()
    return "".join(out) + s[last:]


_LEADING_TO_RE = re.compile(r"(?:^|(?<=[，,。；;：:\s]))对(?![于应比接外象话方称照待])")
# "鼓不鼓励" asks about 鼓励; "行不行？" ends the question and asks only (it names nothing)
_A_NOT_A_RE = re.compile(r"([\u4e00-\u9fff])不\1(?![\u4e00-\u9fff])|([\u4e00-\u9fff])不(?=\2)")
# "能做4年吗", "延长到五年": a project's duration, however it is asked
_DURATION_RE = re.compile(r"(?:做|干|搞|持续|执行|延长|延|拖|定成|定为)(?:到|至|满)?\s*(?:\d+|[一二三四五六七八九十两]+)\s*个?年(?!度)|"
                          r"(?:\d+|[一二三四五六七八九十两]+)\s*个?年半?\s*内?\s*(?:做完|完成|结题|干完|搞定|弄完)")


# "我们一家高校能单独报吗": the asker, described; no rule or direction is about one university
_ASKER_RE = re.compile(r"(?:我们|咱们|我)?(?:一家|单家|一所)(?:高校|大学|企业|公司|医院|研究所|院所|学校)")


_FINAL_ME_RE = re.compile(r"(?<![什怎那这多要])么(?=\s*[？?]?\s*$)")
_FINAL_NOT_RE = re.compile(r"不\s*[？?]?\s*$")


def amount_units(norm: str) -> list[str]:
    """The units of the measured amounts a question puts forward ("4分钟" → 分钟, "45%" → %)."""
    return list(dict.fromkeys(m.group(1).replace("％", "%") for m in AMOUNT_RE.finditer(norm)))


def salient_text(norm: str, lexicon: Lexicon = NO_LEXICON, keep: frozenset[str] = frozenset()) -> str:
    # "两年半做完行不行": a length proposed is the implementation period's; the amount is checked, not looked for
    s = lexicon.with_synonyms(_DURATION_RE.sub(" 实施周期 ", _ASKER_RE.sub(" ", norm)))
    s = _A_NOT_A_RE.sub(" ", s)  # (after the synonyms, which may name the phrase whole)
    s = _FINAL_NOT_RE.sub(" ", s)  # "…能满足要求不？": the 不 that ends a question asks
    s = _LEADING_TO_RE.sub(" ", s)  # "对合作国家数量有要求吗": a clause's leading 对 is a preposition
    s = drop_words(s, _QUESTION_WORD_RE, lexicon.vocab, keep)
    s = _NUMBER_RE.sub(" ", s)
    s = re.sub(r"[^\w\u3400-\u9fff%.]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


_CLAUSE_SPLIT_RE = re.compile(r"[，,。；;！!？?\n]+")
_ASKS_RE = re.compile(r"多少|几|吗|呢|什么|哪|如何|怎么|怎样|是否|能否|可否|要求|多[长高大快深宽重久]")


def _asked_clauses(topic: str, lexicon: Lexicon) -> str:
    """"老师您好，我们是食品学院的团队，…打印效率要提高多少？": the clauses that ask; "" when every clause asks (or
    none does), so the whole question is what is asked."""
    parts = [p for p in _CLAUSE_SPLIT_RE.split(topic) if p.strip()]
    asking = [p for p in parts if _ASKS_RE.search(p)]
    asked = salient_text(" ".join(asking), lexicon) if asking and len(asking) < len(parts) else ""
    # "…对农药减量有没有具体指标？要减多少？": one character ("减") names nothing; the rest says what
    return asked if len(re.sub(r"\W", "", asked)) >= 2 else ""


# "研究对象是哪些人": a population studied, which a direction's text names, not a person to contact
_POPULATION_RE = re.compile(r"对象|人群|患者|病人|受试|群体|样本|队列")


def _answer_type(norm: str) -> AnswerType | None:
    kind = next((kind for kind, pat in _ANSWER_TYPES if pat.search(norm)), None)
    return None if kind == "who" and _POPULATION_RE.search(norm) else kind


# "专家组怎么打分", "费用怎么报销": how something is done that the guidelines never name, not what they ask for
_HOW_DONE_RE = re.compile(r"(?:怎么|如何|怎样)([\u4e00-\u9fff]{2})")
_SAYING_VERBS = set("写说给弄办算做搞定讲")  # "怎么写的", "怎么给的": how the guidelines put it


def _unknown_procedure(norm: str, vocab: frozenset[str], documents: list[Document]) -> AnswerType | None:
    m = _HOW_DONE_RE.search(norm)
    if not m or not vocab:
        return None
    verb = m.group(1)
    if verb in _QUESTION_WORDS or verb[0] in _SAYING_VERBS:
        return None
    # "中期检查怎么安排": a step of the project the guidelines never name, nor its kind (检查) among their rules,
    # however common the verb (not "中期评估", whose kind the rules name: "…进行评估")
    step = _HOW_DONE_STEP_RE.search(_HOW_ADVERBS_RE.sub("", norm[:m.start()]))
    if step and not any(step.group(1) in doc.text or any(step.group(1)[-2:] in p.text for p in doc.preamble)
                        for doc in documents):
        return "how"
    if verb in vocab:
        return None
    return None if any(verb in doc.text for doc in documents) else "how"  # (rare words: "怎么安排")


_HOW_ADVERBS_RE = re.compile(r"(?:一般|通常|具体|到底|究竟|大概|应该|应当|需要|又|要|该|是)+$")
_HOW_DONE_STEP_RE = re.compile(r"((?:(?![这那我你它他的了要是就还都也])[\u4e00-\u9fff]){2}(?:检查|评审|验收|答辩|审计|考核|评估|公示|审批|审核))$")


# a paper to hand in ("外方单位出具推荐信吗"): one the guidelines never name is a form they do not ask for
_PAPER_ASKED_RE = re.compile(r"(?:出具|开具|提供|提交|附上)((?:(?![几多少什么哪些个项份一二两三四五六七八九十])[\u4e00-\u9fff]){2,4}?)"
                             r"(?:吗|呢|[？?，,]|$)")


def _unknown_paper(norm: str, documents: list[Document]) -> AnswerType | None:
    m = _PAPER_ASKED_RE.search(norm)
    return "form" if m and not any(m.group(1) in doc.text for doc in documents) else None


def _asked_unit(norm: str) -> str:
    m = _ASKED_UNIT_RE.search(norm)
    if m:
        return m.group(1)
    return next((unit for pat, unit in _UNIT_WORDS if pat.search(norm)), "")


def _content_intent(q: Query) -> Intent:
    """What a question about one direction asks of it (a direction called by its topic is never a structure list)."""
    intent = next((intent for intent, pat in _INTENT_PATTERNS if pat.search(q.norm)), "overview")
    return "metric" if intent in ("list_domain", "list_category") else intent


# "新版的方向分哪几类", "2022版有没有分基础研究类、共性关键技术类这些类别": the categories themselves, not one
# direction's ("属于什么类") nor one category's directions ("哪些方向是基础研究类")
_ASKS_CATEGORIES_RE = re.compile(r"分(?:成|为)?(?:哪几|哪些|几)(?:类|种类型)|(?:这些|哪些|几种|几个|多少)(?:类别|分类)|"
                                 r"(?:类别|分类|类型)(?:标签|标注)?(?:一共|总共|都)?(?:有|分|是)?(?:哪几|哪些|几|什么)种?|"
                                 r"(?:有没有|是否|有无|标注|标了|标明)(?:分)?[^，,。？?]{0,24}(?:类别|分类)|"
                                 r"(?:有没有|是否|有无)分(?:成|为)?[^，,。？?]{0,24}类|"
                                 r"what categories|which categories|how many categories|categor(?:y|ies) (?:label|system)")


def _intent(q: Query, topic: str, lexicon: Lexicon) -> Intent:
    norm = q.norm
    if _RECOMMEND_RE.search(norm) and not q.numbers and not (q.yesno and q.rule_topic):
        return "recommend"  # "纯国内团队能报吗" asks a rule, not where to apply
    q.asks_categories = bool(_ASKS_CATEGORIES_RE.search(norm)) and not q.numbers and "属于" not in norm
    if q.asks_categories or (q.domains and not q.numbers and _DOMAIN_PLACE_RE.search(norm)) or (
            not q.domains and not q.numbers and _WHICH_DOMAINS_RE.search(norm)):
        # ("哪个领域方向最多", "主要在哪几个大的领域部署": the domains, each with how many directions it holds)
        return "structure"  # (a domain called by its place is asked for what it is: "第9个领域是什么")
    intent: Intent = next((intent for intent, pat in _INTENT_PATTERNS if pat.search(norm)), "overview")
    if intent == "list_category" and not q.category:
        intent = "list_domain"
    if intent == "list_domain" and not q.domains and q.category:
        intent = "list_category"
    # "这个方向最多给多少钱" asks of the direction just discussed, not how many directions there are
    if not q.numbers and not (q.refers_back and q.language == "zh") and q.asked_unit != "元" and \
            _STRUCTURE_NOUN_RE.search(norm) and _STRUCTURE_ASK_RE.search(norm) and not _ASKS_CONTENT_RE.search(norm):
        # nothing left once the edition, domain, category and structure words go: it asks about the structure (in
        # English, of the glossary's terms: "under the polar domain" is 极地 and nothing else)
        english = q.language == "en" and re.search(r"\b(directions|domains|topics|areas|fields)\b", norm)
        rest = _CATEGORY_NAME_RE.sub(" ", q.glossary if english else topic)
        for name in q.domain_names:
            rest = rest.replace(name, " ")
        if english and q.domain_names:  # "the AI domain": a word the text also uses ("AI") names the domain here
            rest = re.sub(r"\b[a-z]+\b", " ", rest)
        rest = _DOMAIN_NOUN_RE.sub(" ", _STRUCTURE_NOUN_RE.sub(" ", rest))
        rest = _STRUCTURE_FILLER_RE.sub(" ", salient_text(rest, lexicon))
        if len(re.sub(r"[\s的]", "", rest)) <= 1 or (q.category and _LIST_ASK_RE.search(norm)):
            return "structure"
    if intent in ("metric", "overview") and not q.numbers and _DIRECTION_LIST_RE.search(norm):
        return "lookup"  # "跟X有关的方向有哪几个": directions are asked for, not a figure
    return intent


def _in_chinese(word: str, glossary: dict[str, str]) -> str:
    """An English word inside a Chinese question, in the text's terms — unless the text itself uses the word ("AI",
    "TMS", "DICE" are written so in the guidelines; "人工智能" would send "AI气象预报" to the AI domain)."""
    terms = glossary_terms(word, glossary)
    return word if not terms or word in terms.split() else terms


def understand(text: str, docs: list[Document], lexicon: Lexicon = NO_LEXICON) -> Query:
    norm = fold(text)
    if lexicon.spell:
        norm = lexicon.spell(norm)
    norm = _FINAL_ME_RE.sub("吗", norm)  # "…有限制么": 么 ending a question is 吗
    numbers = [f"{a}.{b}" for a, b in _NUMBER_RE.findall(norm)]
    q = Query(text=text, norm=norm, language=detect_language(text))
    q.editions = _edition_hints(norm, docs)
    # "2022" names an edition, not direction 20.22; keep only numbers some edition has
    known = {d.number for doc in docs for d in doc.directions}
    q.numbers = list(dict.fromkeys(n for n in numbers if n in known))
    # "4.11那个方向" when no edition has a 4.11: a direction asked for that is not there (not "1.5倍", "2.5万")
    named_numbers = (".".join(g for g in m.groups() if g) for m in _NUMBERED_DIRECTION_RE.finditer(norm))
    # ("新版9.1是什么方向": a number only the other edition has is not there either)
    named = {d.number for doc in docs if not q.editions or doc.edition.id in q.editions for d in doc.directions}
    q.unknown_numbers = [n for n in named_numbers if n not in named]
    if q.editions and q.unknown_numbers:
        q.numbers = [n for n in q.numbers if n not in q.unknown_numbers]
    glossary = lexicon.glossary
    # a hyphen joins words a glossary entry spells apart ("3d-printed", "high-specific-energy"); folding drops it
    q.spaced = fold(text.replace("-", " ")) if "-" in text else norm
    q.glossary = glossary_terms(f"{norm} {q.spaced}", glossary) if q.language != "zh" else ""
    q.expanded = f"{norm} {q.glossary}".strip()
    q.domains, q.domain_names = _domain_hints(q.expanded, docs)
    if q.editions and q.domains and all(ed not in q.editions for ed, _ in q.domains) and "领域" not in norm \
            and _TOPIC_OF_DIRECTIONS_RE.search(norm):
        q.domains, q.domain_names = [], []  # "2022版里跟人工智能有关的方向": another edition's domain, a topic here
    q.category = _category(norm)
    q.other_categories = bool(q.category and _NOT_CATEGORY_RE.search(norm))
    q.refers_back = bool(_REFERS_BACK_RE.search(norm))
    q.continues = bool(_CONTINUES_RE.search(norm.strip()))
    q.rule_topic = bool(RULE_TERMS.search(norm) or RULE_TERMS.search(lexicon.with_synonyms(norm))
                        or _DURATION_RE.search(norm))
    q.rule_named = q.rule_topic and bool(RULE_TERMS.search(lexicon.with_synonyms(DURATION_ASK_RE.sub(" ", norm)))
                                         or _DURATION_RE.search(norm))
    # "两版都有吗", "新版和2022版是不是都要求…": asked of both editions at once (not "新版…双方团队都有…")
    q.compare = bool(_COMPARE_RE.search(norm)) or (
        len(q.editions) > 1 and "都" in norm) or (not q.editions and bool(_BOTH_HAVE_RE.search(norm)))
    # "跟南极有关的方向": every direction about it, as "哪些方向" asks
    q.plural = bool(re.search(r"哪些|哪几|有几个|都有|[有相]关的?方向|which directions|what directions|\bany\b", norm))
    # ("有没有说项目要突出什么导向" asks what is said)
    q.yesno = bool(_YESNO_RE.search(norm) or CONFIRM_RE.search(norm)) and not _ASKS_WHAT_SAID_RE.search(norm)
    q.answer_type = _answer_type(norm) or _unknown_procedure(norm, lexicon.vocab, docs) or _unknown_paper(norm, docs)
    asking = _A_FEW_RE.sub(" ", norm)  # "只做其中几项": a few of them, not how many
    q.asked_unit = _asked_unit(asking)
    if kind := required_kind(norm):  # "必须是电力企业吗": as asked, and in the guidelines' words
        q.required = (kind, *lexicon.with_synonyms(kind).split())
    q.count = bool(_COUNT_RE.search(asking))
    q.alternatives = _alternatives(norm, lexicon)
    # the edition's own name ("2022年…") says which document, not what the question is about
    topic = norm
    for doc in docs:
        for name in _edition_names(doc):
            topic = topic.replace(normalise(name), " ")
    if q.language != "en":  # "锗硅自旋qubit的fidelity": the glossary turns the English words into the text's terms
        topic = _ASCII_WORD_RE.sub(lambda m: _in_chinese(m.group(0), glossary), topic)
    # "液体活检…的题要制定几项指南": the word calling it a direction is nothing asked of it
    words = _TOPIC_REFERENT_RE.sub(" ", _LEADING_OR_RE.sub(" ", topic))  # "或者参数量降低多少也行": 或者 asks nothing
    if q.numbers or q.refers_back:  # "4.7的全部考核指标" asks for the list, not for something called 全部
        words = _ALL_OF_RE.sub(" ", words)
    if q.yesno:  # "打印效率提升40%能达标吗": the amount put forward is checked against the text, not looked for
        words = _PUT_FORWARD_RE.sub(" ", AMOUNT_RE.sub(" ", words))
    q.salient = salient_text(words, lexicon)
    q.plain = salient_text(words, replace(lexicon, synonyms={})) if q.language != "en" else ""
    q.asked = _asked_clauses(words, lexicon) if q.language != "en" else ""
    q.asked_plain = _asked_clauses(words, replace(lexicon, synonyms={})) if q.asked else ""
    q.rule_salient = salient_text(words, lexicon, GENERIC_WORDS)
    q.rule_variants = lexicon.variants(q.rule_topic_text)
    if either := _EITHER_RE.search(words):
        # "国外单位是一起申报还是后面再加进来": a rule may say the one thing offered in a term, not the other, told in
        # a phrase of the asker's own; of two amounts ("两年还是三年"), neither (the text writes "3 年": the number
        # checks compare them). Two terms ("归中方还是外方") are both what is asked.
        a, b = either.groups()
        kept = [""] if _ENDS_IN_AMOUNT_RE.search(a) and _ENDS_IN_AMOUNT_RE.search(b) else \
            [x for x, dropped in ((a, b), (b, a)) if len(dropped) >= 5]
        q.rule_variants += [v for alt in kept
                            for v in lexicon.variants(salient_text(words.replace(either.group(0), alt), lexicon, GENERIC_WORDS))]
    if q.yesno and asks_combine(norm):  # "把整个领域打包成一个项目报": how directions are applied for, in the rule's words
        q.rule_variants.append("二级标题 研究任务 申报")
    # a domain ("极地领域的方向") is not a direction's name
    # "关于机场跑道的那个方向": the words after 关于 are the name
    called = [_ABOUT_RE.sub("", n) for n in _NAMED_TOPIC_RE.findall(topic)] or _NAMED_SHORT_RE.findall(topic.strip())
    called += _CALLED_FIRST_RE.findall(topic.strip())
    # (…nor is its category: "耕地…那个基础研究题" is called 耕地…, not 基础研究)
    named = [salient_text(n, lexicon) for n in called if not _GENERIC_TOPIC_RE.search(n)
             and "领域" not in n and not any(n in name for name in q.domain_names) and not _DOMAIN_PLACE_RE.search(n)
             and not re.fullmatch(rf"{CATEGORY_NAMES}", n)]
    for name in q.domain_names:  # "极地那块的方向": a domain and a filler word are no direction's name
        # (…and a joining word left at an end names nothing: "大模型加脑机接口" → "大模型")
        named = [_DOMAIN_NOUN_RE.sub("", n.replace(name, "")).strip(" 加和与及跟同") for n in named]
    # a name of two characters only when it is a word of some title ("棉花那个方向"): "这个那个" names nothing
    named = [n for n in named if len(re.sub(r"[^\u3400-\u9fffa-z0-9]", "", n)) >= 3 or (
        len(n) == 2 and any(n in d.title for doc in docs for d in doc.directions))]
    q.named_topic = named[-1] if named and not _DIRECTION_LIST_RE.search(norm) else ""
    if q.language == "en" and not q.rule_topic and (m := _EN_NAMED_RE.search(q.spaced)):  # "for the ion-trap … topic,"
        name = m.group("name") or m.group("name2") or m.group("name3")
        if not _EN_NOT_A_NAME_RE.search(name):
            q.named_topic = glossary_terms(name, glossary)
            q.asked = glossary_terms(q.spaced.replace(name, " "), glossary)  # what is asked of it, in the other words
    if _FITS_RE.search(q.named_topic) or (called and _FITS_RE.search(called[-1])):  # "有适合我们的方向吗",
        # "这个专项里有能报的方向吗" name no direction: they ask where to apply
        q.named_topic = ""
    q.intent = _intent(q, topic, lexicon) if not q.named_topic or q.numbers else _content_intent(q)
    if q.intent == "overview" and q.yesno and AMOUNT_RE.search(norm):
        q.intent = "metric"  # "换一次电4分钟能满足要求不": a measured amount put forward is held against a figure
    return q


_FITS_RE = re.compile(r"适合|合适|对口|能报|可以报|该报|报哪")
