"""Conversations as the chat sends them: follow-ups continue the discussed direction, questions that stand on their own
(a rule, another direction, something the guidelines do not cover) are answered on their own; the edition filter holds
on every turn."""

from answer_checks import cited, grounded, turn


def ask(assistant, question, history, edition=None):
    a = grounded(assistant, assistant.ask(question, history=history, edition=edition))
    return a, turn(history, question, a)


def test_a_conversation_that_switches_topic(assistant):
    a, h = ask(assistant, "新版里大冷量稀释制冷机那个方向的考核指标有哪些？", [])
    assert ("新版", "5.4") in cited(a)
    b, h = ask(assistant, "空载最低温度要做到多少？", h)  # a true follow-up: no topic of its own
    assert cited(b) == {("新版", "5.4")} and "14mK" in b.answer.replace(" ", "")
    c, h = ask(assistant, "国内参与单位加起来最多可以有几家？", h)  # a rule: answered from the preamble
    assert c.answerable and {x.direction for x in c.citations} == {None} and "10 家" in c.answer
    assert "沿用上文" not in c.answer
    d, h = ask(assistant, "申请书的提交截止日期是哪天？", h)  # not in the guidelines, whatever came before
    assert not d.answerable and not d.citations
    e, h = ask(assistant, "水声通信组网那个方向的通信速率要求呢？", h)  # another direction, named by topic
    assert ("新版", "7.3") in cited(e) and ("新版", "5.4") not in cited(e)
    f, _ = ask(assistant, "它的关键词呢？", h)  # "it" is the direction just discussed
    assert cited(f) == {("新版", "7.3")} and f.citations[0].section == "关键词"


def test_a_followup_keeps_what_was_asked(assistant):
    a, h = ask(assistant, "2022版3.2的考核指标是什么？", [])
    assert cited(a) == {("2022", "3.2")}
    b, _ = ask(assistant, "那新版的3.2呢？", h)  # the same question, of another direction
    assert cited(b) == {("新版", "3.2")} and {c.section for c in b.citations} == {"考核指标"}


def test_that_for_the_other_edition_after_a_rule(assistant):
    a, h = ask(assistant, "新版的项目实施周期是多长？", [])
    assert {c.edition for c in a.citations} == {"新版"}
    b, _ = ask(assistant, "那2022版的呢？", h)
    assert b.answerable and {c.edition for c in b.citations} == {"2022"} and "3 年" in b.answer


def test_the_edition_filter_holds_on_every_turn(assistant):
    a, h = ask(assistant, "新版1.1的研究内容是什么？", [])
    assert cited(a) == {("新版", "1.1")}
    b, _ = ask(assistant, "它的考核指标呢？", h, edition="2022")  # the UI's filter wins over the history
    assert cited(b) == {("2022", "1.1")}


def test_an_english_followup(assistant):
    a, h = ask(assistant, "What are the metrics of direction 4.7 in the newer draft?", [])
    assert ("新版", "4.7") in cited(a)
    b, _ = ask(assistant, "And what about its keywords?", h)
    assert cited(b) == {("新版", "4.7")} and b.citations[0].section == "关键词"


def test_short_followups_stay_with_the_discussed_direction(assistant):
    a, h = ask(assistant, "2022光伏耐候性那个，户外光伏标准电池短路电流校准不确定度要多少？", [])
    assert cited(a) == {("2022", "2.1")}
    b, _ = ask(assistant, "还有什么特别说明吗？", h)  # a word or two left: no other direction is named
    assert cited(b) == {("2022", "2.1")} and "第三方公共检测机构" in b.answer
    c, h = ask(assistant, "多模态神经调控那个，认知评分要提高多少", [])
    d, _ = ask(assistant, "在多长时间内", h)  # a length of time alone: of the direction, not the project's 实施周期
    assert ("新版", "6.7") in cited(d) and "实施周期" not in d.answer


def test_a_corrected_edition_carries_the_number(assistant):
    a, h = ask(assistant, "1.3方向的研究内容是什么？", [])
    b, _ = ask(assistant, "我说的是2022那版的，考核指标有啥", h)
    assert cited(b) == {("2022", "1.3")} and b.citations[0].section.startswith("考核指标")


def test_an_english_followup_asking_how_long_is_not_a_rule(assistant):
    a, h = ask(assistant, "For the Antarctic sea ice topic in the newer draft, how many countries must join the "
                          "fast-ice observation?", [])
    b, _ = ask(assistant, "And how long must the in-situ observation last?", h)
    assert cited(b) == {("新版", "8.2")}


def test_a_question_of_a_few_words_leaves_only_for_a_direction_it_names(assistant):
    a, h = ask(assistant, "甲烷星地监测那个方向要核算哪些经济体的甲烷排放？", [])
    assert cited(a) == {("2022", "9.1")}
    b, h = ask(assistant, "时间范围是哪几年", h)  # "几年" alone: of the direction, and no other direction is named
    assert cited(b) == {("2022", "9.1")} and "2010-2021" in b.answer
    c, h = ask(assistant, "这个方向的关键词是什么", h)
    d, _ = ask(assistant, "那城市温室气体和大气污染物协同控制那个，1平方公里核查时间要多久", h)
    # another direction with an ask of its own: the previous question's "关键词" is not carried over
    assert cited(d) == {("2022", "9.5")} and d.answerable and "关键词" not in d.answer


def test_english_followups_pick_the_discussed_directions_items(assistant):
    a, h = ask(assistant, "Arctic shipping low-sulfur fuel oil spill project: what oil spill recognition accuracy is "
                          "required from high-res remote sensing?", [])
    assert cited(a) == {("新版", "8.6")}
    b, h = ask(assistant, "and the false recognition rate?", h)
    assert cited(b) == {("新版", "8.6")} and "≤5%" in b.answer.replace(" ", "")
    c, h = ask(assistant, "How long must the spill dispersion model forecast window be?", h)  # not 实施周期
    assert cited(c) == {("新版", "8.6")} and "72" in c.answer and "实施周期" not in c.answer
    d, _ = ask(assistant, "How long can the project last?", h)  # a rule named in English is still a rule
    assert d.answerable and {x.direction for x in d.citations} == {None} and "3 年" in d.answer


def test_an_english_yes_no_question_about_what_the_direction_lacks_is_refused(assistant):
    a, h = ask(assistant, "Which direction in the 2022 guideline is about offshore wind turbine blades?", [])
    b, _ = ask(assistant, "Is there a budget ceiling for this direction?", h)
    assert not b.answerable and not b.verdict


def test_short_followups_of_their_own_and_another_directions_number(assistant):
    a, h = ask(assistant, "电动汽车空气动力学那个，风阻系数要求多少？", [])
    b, _ = ask(assistant, "要落到几款车型上", h)  # a few words, no rule, no other direction: of 5.4
    assert cited(b) == {("2022", "5.4")} and "3种电动汽车车型" in b.answer.replace(" ", "")
    c, h = ask(assistant, "2022版1.1是什么方向", [])
    d, h = ask(assistant, "捕集成本要控制在多少", h)
    e, _ = ask(assistant, "那新版的1.1呢？", h)  # 新版 1.1 has no 捕集成本: its metrics, not "not stated"
    assert e.answerable and cited(e) == {("新版", "1.1")} and e.citations[0].section.startswith("考核指标")


def test_money_asked_of_a_direction_is_not_stated_and_not_a_structure_question(assistant):
    a, h = ask(assistant, "量子增强空间引力波那个，星载激光器输出功率要多少", [])
    b, _ = ask(assistant, "这个方向最多给多少钱", h)
    assert not b.answerable and "55 个" not in b.answer


def test_naming_the_domain_of_the_discussed_direction_continues_it(assistant):
    a, h = ask(assistant, "脑机接口大模型那个方向，情绪解码精度要多少？", [])
    assert cited(a) == {("新版", "6.1")} and "≥85%" in a.answer.split("\n")[0]  # the lead states the figure asked
    b, _ = ask(assistant, "脑机接口系统的大模型参数量呢？", h)  # 脑机接口 is 6.1's domain, not a new topic
    assert cited(b) == {("新版", "6.1")} and "10 亿" in b.answer


def test_a_rule_of_the_call_after_a_direction_stands_alone(assistant):
    a, h = ask(assistant, "国际金融银行业抗量子迁移那个方向有哪些指标", [])
    assert cited(a) == {("新版", "5.10")}
    b, _ = ask(assistant, "新版总共打算支持多少个项目？", h)
    assert {c.direction for c in b.citations} == {None} and "55 个项目" in b.answer and "沿用上文" not in b.answer


def test_the_same_edition_follows_the_conversation(assistant):
    a, h = ask(assistant, "2022版燃烧中碳捕集那个方向捕集率要多少", [])
    assert cited(a) == {("2022", "1.1")}
    b, _ = ask(assistant, "那同一版的1.2呢？", h)  # not both editions' 1.2
    assert cited(b) == {("2022", "1.2")} and {c.section for c in b.citations} == {"考核指标"}


def test_a_list_asked_after_a_count_of_the_structure_lists_it(assistant):
    first = "新版一共几个领域？"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).answer}]
    a = assistant.ask("都有哪些？", history=history)
    assert a.answerable and a.intent == "structure" and "极地" in a.answer
    assert "2022" not in {c.edition for c in a.citations}  # the edition of the question listed


def test_asking_whether_there_is_another_direction_leaves_the_one_discussed(assistant):
    first = "What base temperature must the new dilution refrigerator reach?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).answer}]
    a = grounded(assistant, assistant.ask("Is there also a direction on quantum–supercomputing hybrid platforms? "
                                          "How many qubits must it support?", history=history))
    assert ("新版", "5.8") in cited(a) and ("新版", "5.4") not in cited(a)  # "it" is the direction asked for


def test_years_asked_of_the_direction_discussed(assistant):
    first = "甲烷星地监测那个，要核算全球前多少个经济体的甲烷排放？"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).answer}]
    a = grounded(assistant, assistant.ask("覆盖哪些年份？", history=history))  # 年份 → the text's "2010-2021 年"
    assert a.answerable and "2010-2021" in a.answer


def test_an_administrative_question_after_a_direction_stands_on_its_own(assistant):
    _, h = ask(assistant, "2022版蓝碳那个方向要识别多少个关键脆弱带？", [])
    a, h = ask(assistant, "2022版申报要交哪些材料？", h)
    assert not a.answerable and not cited(a)
    _, h = ask(assistant, "新版有哪些方向属于应用示范类？", h)
    b, _ = ask(assistant, "新版申报时必须覆盖全部考核指标吗？", h)  # a rule, not the listed directions' content
    assert b.verdict == "yes" and {c.direction for c in b.citations} == {None}


def test_an_english_follow_up_naming_the_directions_own_word(assistant):
    _, h = ask(assistant, "Does the 2022 call allow a project to be split into sub-projects (课题)?", [])
    _, h = ask(assistant, "In the 2022 call, what carbon-intensity reduction is required for the low-carbon "
                          "metallurgy direction?", h)
    a, _ = ask(assistant, "And how much should coking coal use drop?", h)  # coking coal → 焦煤, which 6.1 has
    assert cited(a) == {("2022", "6.1")} and "5%" in a.answer


def test_a_rule_asked_in_words_a_direction_also_uses_is_the_calls(assistant):
    _, h = ask(assistant, "AI大模型指导药物生物合成那个，分子库描述的反应数量要多少？", [])
    a, h = ask(assistant, "一个方向一般支持几个项目？", h)  # 4.6 has 一 and 支持 too: nothing of its own is named
    assert {c.direction for c in a.citations} == {None} and "1~2 项" in a.answer
    b, _ = ask(assistant, "外方合作单位有没有指定要找哪个国家的？", h)  # no rule names a country
    assert not b.answerable


def test_an_english_which_direction_and_figure_question_after_another_direction(assistant):
    _, h = ask(assistant, "For the microsurgical robot direction, what recognition accuracy is required for surgical "
                          "instruments?", [])
    a, _ = ask(assistant, "Which direction deals with transcranial focused ultrasound for Alzheimer's, and what Aβ/Tau "
                          "clearance improvement is required in animal models?", h)
    assert cited(a) == {("新版", "6.4")} and "≥ 40%" in a.answer


def test_a_span_of_years_asked_of_the_direction_discussed(assistant):
    _, h = ask(assistant, "甲烷排放星地监测那个，要核算哪些经济体的排放？", [])
    a, _ = ask(assistant, "核算的时间段是哪几年？", h)  # 时间段 → the text's "2010-2021 年"
    assert a.answerable and "2010-2021" in a.answer


def test_which_satellite_asked_of_a_direction_that_names_none(assistant):
    _, h = ask(assistant, "甲烷排放星地监测那个，要核算哪些经济体的排放？", [])
    a, _ = ask(assistant, "这个方向指定用哪颗卫星的数据了吗？", h)
    assert not a.answerable


def test_an_english_structure_question_after_a_direction_and_a_count_of_mice(assistant):
    _, h = ask(assistant, "稀释制冷机那个方向的最低温度要多少", [])
    a, _ = ask(assistant, "How many second-level directions does the new edition have in total?", h)
    assert "55 directions" in a.answer and ("新版", "5.4") not in cited(a)
    _, h = ask(assistant, "经颅聚焦超声那个方向研究什么", [])
    b, _ = ask(assistant, "动物实验要做多少只小鼠？", h)  # 5 × FAD小鼠 is a model, not a count
    assert not b.answerable


def test_an_english_follow_up_naming_what_could_be_a_domain_stays(assistant):
    _, h = ask(assistant, "What does the deep-sea microbiome direction require for the strain collection?", [])
    a, _ = ask(assistant, "And the accuracy of the AI prediction models?", h)  # 7.2's "AI 预测模型", not the AI domain
    assert cited(a) == {("新版", "7.2")} and "80%" in a.answer


def test_followups_asking_yes_and_how_many_two_things_and_whether_to_pick_and_choose(assistant):
    a, h = ask(assistant, "2022年度锂电池储能安全评价那个方向，要评几种储能系统？", [])
    assert cited(a) == {("2022", "3.4")}
    b, _ = ask(assistant, "要提交国际标准提案吗？几项？", h)  # a yes/no part before a count is still asked
    assert b.verdict == "yes" and "1 项" in b.answer and cited(b) == {("2022", "3.4")}
    c, h = ask(assistant, "2022的低碳水泥那个，碳化固碳能力要多少？", [])
    d, _ = ask(assistant, "新产品、新装备各几项？", h)  # 装备 is in the title, 新装备 is what is asked
    assert "新产品2项" in d.answer and "新装备2项" in d.answer
    e, h = ask(assistant, "2022电动汽车高比能电池那个方向，释放物自燃点火温度要多少？", [])
    f, _ = ask(assistant, "申报的时候研究内容能挑着做吗？", h)  # a rule of every direction, not 5.3's content
    assert f.verdict == "no" and "全部研究内容和考核指标" in f.answer
    assert {x.direction for x in f.citations} == {None}


def test_the_projects_duration_after_a_direction_with_a_storage_period_is_the_rule(assistant):
    a, h = ask(assistant, "新版矿山安全监测预警那个方向，监测数据存储周期要多久？", [])
    assert cited(a) == {("新版", "3.2")}
    b, _ = ask(assistant, "项目周期最长几年？", h)  # 周期 and 年 are in 3.2's "存储周期", 实施周期 is not
    assert {x.direction for x in b.citations} == {None} and "3 年" in b.answer


def test_an_english_switch_that_opens_with_and_names_its_direction(assistant):
    a, h = ask(assistant, "What's the maximum number of Chinese participating institutions per project?", [])
    b, h = ask(assistant, "And in the direction on quantum algorithms for the energy industry, what two-qubit gate "
                          "fidelity is needed?", h)
    assert cited(b) == {("新版", "5.6")} and "98%" in b.answer


def test_a_short_followup_of_a_rule_asks_of_that_rule_in_the_edition_named(assistant):
    a, h = ask(assistant, "2022版国外单位至少要几家？", [])
    b, h = ask(assistant, "有上限吗？", h)  # of the foreign partners just discussed, not the Chinese side's 10 家
    assert b.verdict == "no" and "数量不限" in b.answer and "10 家" not in b.answer
    c, h = ask(assistant, "那新版呢？", h)
    assert c.verdict == "no" and "不设上限" in c.answer and {x.edition for x in c.citations} == {"新版"}
    # …also when a direction was discussed before the rule
    g, h2 = ask(assistant, "无人机组塔那个方向，起吊重量要多少？", [])
    g, h2 = ask(assistant, "顺便问下，国外合作单位至少几个？", h2)
    g, _ = ask(assistant, "有上限吗？", h2)
    assert g.verdict == "no" and "10 家" not in g.answer.split("\n")[0]
    # …but a direction discussed in between is no rule's thread
    d, h = ask(assistant, "新版抗量子迁移那个方向要支持几种应用场景？", [])
    e, h = ask(assistant, "研讨会要开几次？", h)
    f, _ = ask(assistant, "新版的实施周期呢？", h)
    assert {x.direction for x in f.citations} == {None} and "3 年" in f.answer


def test_a_figure_asked_after_the_partner_countries_is_a_figure(assistant):
    a, h = ask(assistant, "北极冻土那个方向，合作研究国别要几个？", [])
    b, _ = ask(assistant, "每个站的观测数据时间要多长？", h)  # not 8.1's partner sentences again
    assert cited(b) == {("新版", "8.1")} and "不少于 1 年" in b.answer


def test_an_english_switch_opening_with_and_the_x_direction(assistant):
    a, h = ask(assistant, "What is the minimum seismic detection depth in the Larsemann Hills subglacial direction?", [])
    b, _ = ask(assistant, "And the dilution refrigerator direction: what minimum temperature must it reach?", h)
    assert cited(b) == {("新版", "5.4")} and "14mK" in b.answer.replace(" ", "")


def test_a_bare_direction_number_after_a_list_is_the_listed_editions(assistant):
    a, h = ask(assistant, "2022版氢能领域有哪些方向？", [])
    b, h = ask(assistant, "4.3的考核指标是什么？", h)  # 2022's 4.3 just listed, not 新版 4.3 too
    assert cited(b) == {("2022", "4.3")}
    c, _ = ask(assistant, "往年每个方向平均有几家申报？", h)  # how calls went: the guidelines keep no statistics
    assert not c.answerable


def test_a_length_asked_both_directions_discussed_and_the_standards_asked_of_one(assistant):
    a, h = ask(assistant, "无创脑机接口早筛那个方向，要对多少例高风险人群做干预？", [])
    b, h = ask(assistant, "干预的时间要多长？", h)  # 时间…多长: a length of time, "不少于1个月"
    assert cited(b) == {("新版", "6.3")} and "1个月" in b.answer.replace(" ", "")
    c, h = ask(assistant, "多模态神经调控那个，治疗成本降多少？", h)
    d, h = ask(assistant, "这两个方向都是应用示范类吗？", h)  # both, not the last one alone
    assert d.verdict == "yes" and cited(d) == {("新版", "6.3"), ("新版", "6.7")}
    e, h = ask(assistant, "数据中心不间断电源支撑电网那个方向，快速调频响应时间要多少？", h)
    f, _ = ask(assistant, "标准方面呢，有什么要求？", h)  # the standards are what is asked
    assert cited(f) == {("2022", "3.3")} and "至少 2 项标准" in f.answer


def test_the_other_directions_of_a_domain_and_a_long_name_said_first(assistant):
    a, h = ask(assistant, "2022年的光伏耐候性，可靠性评估误差要多少", [])
    assert cited(a) == {("2022", "2.1")}
    b, _ = ask(assistant, "2022新能源发电还有别的方向吗？", h)  # the domain's directions, not 2.1 again
    assert cited(b) == {("2022", "2.1"), ("2022", "2.2"), ("2022", "2.3")}
    c, h = ask(assistant, "新版5.2量子编译那个，批量编译吞吐量要多少？", [])
    d, h = ask(assistant, "那个量超融合混合计算平台，要支持多少比特", h)  # a new direction named first
    assert cited(d) == {("新版", "5.8")} and "200" in d.answer
    a, h = ask(assistant, "神经微分方程那个，性能要提升多少", [])
    e, _ = ask(assistant, "或者参数量降低多少也行？", h)  # 或者 and 也行 ask nothing
    assert cited(e) == {("新版", "4.3")} and "10%" in e.answer
