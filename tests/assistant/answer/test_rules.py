"""Rule questions in applicants' own words: answered from the preamble with the clause that decides them, a yes or no
where asked, how the editions differ only when they do — or refused, quoting what the guidelines say closest."""

from answer_checks import cited, grounded

from assistant.answer.verdict import decide


def rule_answer(assistant, question):
    a = grounded(assistant, assistant.ask(question))
    assert a.answerable and a.citations and {c.direction for c in a.citations} == {None}, a.answer
    return a


def test_rules_in_everyday_words(assistant):
    a = rule_answer(assistant, "国内合作单位一块儿申报最多能拉几家？")
    assert a.answer.startswith("中方参与单位总数不超过 10 家") and "规定相同" in a.answer
    b = rule_answer(assistant, "一个项目一般做多少年？")
    assert "一般不超过 3 年" in b.answer and "各版表述不同" in b.answer  # 新版 "一般不超过" vs 2022 "不超过"
    c = rule_answer(assistant, "这批指南的国拨经费一共大概多少？")
    assert "3 亿元" in c.answer and "2022年度指南没有这一规定" in c.answer  # only the newer draft states it


def test_yes_no_questions_get_a_verdict_from_the_deciding_clause(assistant):
    cases = [("没有外国合作伙伴，我们单位能自己报吗？", "no"),  # 须有 1 个（或以上）国（境）外合作单位
             ("外方单位可以找6家吗？", "yes"),  # 总数不设上限 / 数量不限
             ("项目期限能定成5年吗？", "no"),  # 不超过 3 年
             ("项目下面可以再分几个课题吗？", "no"),  # 项目不下设课题
             ("Can a project run for two years?", "yes")]
    for question, verdict in cases:
        a = rule_answer(assistant, question)
        assert a.verdict == verdict, (question, a.answer)
        assert a.answer.startswith(("是", "否", "Yes", "No"))


def test_a_rule_the_guidelines_do_not_state_is_refused_with_the_closest_quote(assistant):
    a = grounded(assistant, assistant.ask("单个项目的经费最高能给到多少？"))
    assert not a.answerable and "3 亿元" in a.answer and "最接近的原文" in a.answer  # a total, not a per-project cap
    assert a.verification and a.verification.ok
    b = assistant.ask("申报材料要寄到哪个地址？")
    assert not b.answerable and not b.citations


def test_a_rule_question_never_gets_a_directions_content(assistant):
    for question in ("评审时专家组怎么打分？", "一个人能同时牵头几个项目？"):
        a = assistant.ask(question)
        assert not {d for _, d in cited(a) if d}, (question, a.answer)


def test_two_questions_in_one_are_answered_part_by_part(assistant):
    a = grounded(assistant, assistant.ask("新版5.4的空载最低温度要多少？另外项目实施周期多长？"))
    assert ("新版", "5.4") in cited(a) and "14mK" in a.answer.replace(" ", "") and "3 年" in a.answer


def test_rules_asked_in_other_forms(assistant):
    a = rule_answer(assistant, "新版鼓不鼓励企业参与，搞产学研合作？")  # an A-not-A question
    assert a.verdict == "yes" and "产学研用" in a.answer
    b = rule_answer(assistant, "我们中方想拉12家单位一起申报，可以吗？")  # the amount proposed is not looked for
    assert b.verdict == "no" and "10 家" in b.answer
    c = rule_answer(assistant, "没找到国外合作方，纯国内团队能报吗？")  # a rule, not "which direction should we apply to"
    assert c.verdict == "no"
    d = assistant.ask("一个人最多能同时申报几个项目，有限项要求吗")  # stray characters name no direction
    assert not {n for _, n in cited(d) if n}, d.answer


def test_a_count_asked_of_a_direction_without_notes_comes_from_its_metrics(assistant):
    a = grounded(assistant, assistant.ask("北极冻土退化那个方向，观测数据完整率要多少，合作国家要几个？"))
    assert cited(a) == {("新版", "8.1")} and "90%" in a.answer
    b = assistant.ask("这个方向外方需要出多少钱？", history=[
        {"role": "user", "content": "北极冻土退化那个方向，观测数据完整率要多少？"},
        {"role": "assistant", "content": a.answer}])
    assert not b.answerable


def test_a_rule_runs_on_in_the_sentences_after_it(assistant):
    a = rule_answer(assistant, "一个方向同时立两个项目的话后面怎么支持")
    assert "分两个阶段支持" in a.answer and "第一阶段完成后" in a.answer  # the sentences that repeat its "2"
    b = rule_answer(assistant, "一个方向立两个项目的话，是一次性全额给钱吗")
    assert b.verdict == "no"  # decided by "分两个阶段支持", a sentence after "可同时支持 2 项"


def test_equivalent_words_and_plain_yes_no_questions(assistant):
    a = rule_answer(assistant, "执行期能做4年吗")  # 执行期 = 实施周期, swapped together
    assert a.verdict == "no" and "3 年" in a.answer and "执行情况" not in a.answer
    b = rule_answer(assistant, "新版鼓励产学研用一起搞吗")  # a question ending in 吗 is a yes/no question
    assert b.verdict == "yes" and "产学研用" in b.answer


def test_application_and_ip_questions_are_administration(assistant):
    for question in ("申报书要用中文写还是英文写？", "项目产生的知识产权中外双方怎么分？"):
        a = grounded(assistant, assistant.ask(question))
        assert not a.answerable and all(c.direction is None for c in a.citations), (question, a.answer)


def test_an_edition_asked_about_that_is_silent_says_so(assistant):
    # "does 2022 have such a rule?": its silence is the answer, no (blind H, O, Q asked so); 新版's rule is shown
    a = grounded(assistant, assistant.ask("2022年度的指南有没有规定中外合著论文发国内期刊的比例"))
    assert a.verdict == "no" and "2022年度指南没有这一规定" in a.answer and "50%" in a.answer


def test_two_rules_asked_at_once_and_doing_without(assistant):
    a = rule_answer(assistant, "2022版周期几年？外方单位有没有数量限制？")
    assert "3 年" in a.answer and "数量不限" in a.answer
    b = rule_answer(assistant, "可以不找国外单位吗")
    assert b.verdict == "no" and "须有 1 个" in b.answer
    c = grounded(assistant, assistant.ask("外方单位能不能分到国拨经费？"))  # "3 亿元" cannot say yes or no
    assert not c.answerable and c.verdict is None


def test_rules_asked_in_english_and_in_a_help_desks_words(assistant):
    a = rule_answer(assistant, "Can the Chinese side bring in more than ten domestic institutions?")
    assert a.verdict == "no" and "10 家" in a.answer
    b = rule_answer(assistant, "Do we have to sign a cooperation agreement with the Chinese applicant?")
    assert b.verdict == "yes" and "合作协议" in b.answer
    c = rule_answer(assistant, "新版：某方向只有我们一家申报，是不是就能直接立项了？")
    assert c.verdict == "no" and "指南编制专家组" in c.answer
    d = rule_answer(assistant, "申报的时候是按一级领域报还是按具体方向报？")
    assert "二级标题" in d.answer


def test_a_rule_decided_case_by_case_and_permitted_amounts(assistant):
    a = rule_answer(assistant, "申报的项目数量不多于拟支持数的方向，还会评审立项吗？")
    assert a.answer.startswith("要看情况") and "审核研判" in a.answer and a.verdict is None
    b = assistant.ask("评审专家组里会不会请外籍专家？")  # 专家组 is there, foreign reviewers are not
    assert not b.answerable
    c = rule_answer(assistant, "一个指南方向最多能立几个项目？")
    assert "可同时支持 2 项" in c.answer.splitlines()[0] or "1~2 项" in c.answer.splitlines()[0]
    d = assistant.ask("同一个人最多能同时申报几个项目？")  # a limit per person is not one per direction
    assert not d.answerable


def test_yes_no_and_rules_in_english_without_the_rules_own_words(assistant):
    a = rule_answer(assistant, "需不需要跟外方签合作协议？")
    assert a.verdict == "yes"  # "需不需要" is not "不需要"
    b = rule_answer(assistant, "Is there a limit on the number of overseas organisations in one project?")
    assert b.verdict == "no" and {c.edition for c in b.citations} == {"新版", "2022"}  # 不设上限 / 数量不限
    c = rule_answer(assistant, "Must the work be finished within 3 years?")
    assert c.verdict == "yes" and "3 年" in c.answer
    d = assistant.ask("What is the overall budget of the 2022 call?")  # only the newer draft states one
    assert not d.answerable and not any(c.direction for c in d.citations)
    e = rule_answer(assistant, "我们一所大学能不能单独申报？")
    assert e.verdict == "no" and "国（境）外" in e.answer


def test_a_restated_rule_is_confirmed_and_a_person_rule_is_not_invented(assistant):
    a = rule_answer(assistant, "实施周期不超过3年，对吧？")
    assert a.verdict == "yes"
    b = assistant.ask("Can the principal investigator be employed abroad?")  # no rule on who leads
    assert not b.answerable


def test_a_rule_named_in_other_words_a_per_project_amount_and_being_over_a_limit(assistant):
    a = rule_answer(assistant, "新版对中外双方团队的分工有没有要求？")
    assert "分工明确" in a.answer
    b = assistant.ask("每个项目单独能分到多少国拨经费？")  # only the call's total is stated
    assert not b.answerable
    c = rule_answer(assistant, "中方单位我们找了12家，是不是超过了？")
    assert c.verdict == "yes"


def test_a_rule_must_name_who_it_binds(assistant):
    # "可同时支持 2 项" is about one direction's projects, not about one institution or one person
    for q in ["同一个单位能同时申报两个方向吗？", "一个项目负责人能同时申报几个项目？"]:
        a = grounded(assistant, assistant.ask(q))
        assert not a.answerable, q


def test_an_edition_silent_on_an_asked_rule_answers_no(assistant):
    a = grounded(assistant, assistant.ask("2022版有没有要求合著论文要发在国内期刊？"))
    assert a.answerable and a.verdict == "no" and {c.edition for c in a.citations} == {"新版"}
    b = grounded(assistant, assistant.ask("2022版有没有规定中外合著论文要多少比例发在国内科技期刊上？"))
    assert not b.answerable  # a figure asked of the silent edition is not there


def test_totals_and_shares(assistant):
    a = grounded(assistant, assistant.ask("新版指南一共拟支持多少个项目？"))
    assert a.answerable and "55 个项目" in a.answer
    b = grounded(assistant, assistant.ask("2022版一共打算支持多少个项目？"))
    assert not b.answerable and not any(c.direction for c in b.citations)  # never a direction's metric
    c = grounded(assistant, assistant.ask("新版的中外合著论文是不是必须全部发在国内期刊上？"))
    assert c.verdict == "no" and "50%" in c.answer
    d = grounded(assistant, assistant.ask("只找一家国外大学合作可以吗？"))
    assert d.verdict == "yes"


def test_money_asked_of_a_rule_that_names_none_is_not_answered(assistant):
    a = assistant.ask("外方合作单位需要出钱吗？")  # "须有 1 个国（境）外合作单位" says nothing of who pays
    assert not a.answerable and a.verdict is None


def test_claims_of_a_tighter_bound_and_roles_no_rule_names(assistant):
    a = grounded(assistant, assistant.ask("每个方向是不是只能支持一个项目？"))
    assert a.verdict == "no" and "1~2 项" in a.answer  # "只能 1" against "1~2 项"
    b = grounded(assistant, assistant.ask("中方这边能不能拉12家单位一起申报？"))
    assert b.verdict == "no" and "10 家" in b.answer
    c = assistant.ask("一个单位最多可以牵头申报几个项目")  # no sentence limits what one institution leads
    assert not c.answerable and not any(x.direction for x in c.citations)
    d = grounded(assistant, assistant.ask("牵头单位加上国内参与单位，一共最多能拉几家？"))
    assert d.answerable and "10 家" in d.answer


def test_rules_asked_in_everyday_words(assistant):
    a = grounded(assistant, assistant.ask("新版一个方向一般支持几项？"))
    assert "1~2 项" in a.answer.splitlines()[0]  # not "同一研究方向…可同时支持 2 项" for its 一
    b = grounded(assistant, assistant.ask("新版这批大概要立多少个项目？"))
    assert "55 个项目" in b.answer
    c = grounded(assistant, assistant.ask("2022年度的方向是不是也得涵盖全部研究内容和考核指标？"))
    assert c.verdict == "yes"


def test_a_share_of_something_no_rule_names_is_not_another_share(assistant):
    a = assistant.ask("外方合作单位需要出资吗？出资比例多少？")
    assert not a.answerable and "50%" not in a.answer  # the papers' share is no share of funding
    b = grounded(assistant, assistant.ask("中外合著论文发国内期刊的比例要多少"))
    assert "50%" in b.answer


def test_words_that_only_look_like_a_comparison_or_a_time(assistant):
    a = grounded(assistant, assistant.ask("项目下面能不能再分几个课题分给不同单位？"))  # 不同单位 compares nothing
    assert a.verdict == "no"
    b = grounded(assistant, assistant.ask("Do we need at least one foreign partner when we apply?"))  # no date asked
    assert b.answerable and b.verdict == "yes"
    assert not assistant.ask("When will the call close?").answerable


def test_a_foreign_body_named_by_its_country_is_a_foreign_partner(assistant):
    a = grounded(assistant, assistant.ask("我们一家中国单位加一家德国大学，这样能报吗？"))
    assert a.intent != "recommend" and a.verdict == "yes"  # the partner rule, not a direction that fits
    b = grounded(assistant, assistant.ask("每个方向是不是只会支持一个项目？"))
    assert b.verdict == "no"


def test_covering_every_metric_and_combining_directions(assistant):
    a = rule_answer(assistant, "是否每个方向都必须完成指南列出的全部考核指标？")  # a rule, though worded as metrics
    assert a.verdict == "yes" and "全部研究内容和考核指标" in a.answer
    b = rule_answer(assistant, "可以把两个二级方向合在一起报一个项目吗？")  # one heading, one project
    assert b.verdict == "no" and "二级标题" in b.answer
    c = grounded(assistant, assistant.ask("新版4.7的全部考核指标"))  # a direction's list, not the rule
    assert len({x.item for x in c.citations if x.section == "考核指标"}) >= 5


def test_a_rule_sentence_sharing_only_the_words_every_rule_uses_answers_nothing(assistant):
    a = grounded(assistant, assistant.ask("2022版申报要交哪些材料？"))  # 申报 alone is in "项目统一按…申报"
    assert not a.answerable and "统一按" not in a.answer


def test_two_rules_asked_at_once_each_answered(assistant):
    a = grounded(assistant, assistant.ask("两版在实施周期和外方单位数量上分别是怎么规定的？"))
    assert "不超过 3 年" in a.answer and "不设上限" in a.answer and "数量不限" in a.answer


def test_without_a_foreign_partner_and_a_whole_domain_and_what_is_encouraged(assistant):
    a = rule_answer(assistant, "没找到国外合作方，纯国内团队能报吗？")  # the count that decides, not 合作基础
    assert a.verdict == "no" and "须有 1 个（或以上）" in a.answer.split("\n")[0]
    b = rule_answer(assistant, "新版能不能不按二级标题报，直接按一级领域整体申报？")
    assert b.verdict == "no" and "二级标题" in b.answer
    c = rule_answer(assistant, "新版指南鼓励什么样的合作方式？")  # answered by the second-ranked sentence
    assert "产学研用" in c.answer.split("\n")[0]


def test_is_it_required_to_show_international_results(assistant):
    a = rule_answer(assistant, "项目是不是要在国际合作成效上有体现，比如国际专利、国际会议这些？")  # 是不是要 asks a need
    assert a.verdict == "yes" and "国际合作成效" in a.answer


def test_doing_without_an_agreement_or_with_part_of_the_metrics(assistant):
    a = rule_answer(assistant, "新版项目可以不和外方签合作协议吗？")  # "不和…签" proposes doing without it
    assert a.verdict == "no" and "签订合作协议" in a.answer
    b = rule_answer(assistant, "是否可以只完成部分考核指标？")
    assert b.verdict == "no" and "全部研究内容和考核指标" in b.answer.split("\n")[0]


def test_a_particular_kind_asked_to_be_required_that_no_rule_names(assistant):
    a = grounded(assistant, assistant.ask("外方合作单位必须是电力企业吗？"))  # no rule names 电力企业
    assert not a.answerable
    b = rule_answer(assistant, "是不是一定要在国内期刊发表？")  # 国内期刊 is the guidelines' 我国科技期刊
    assert b.verdict == "no"
    c = grounded(assistant, assistant.ask("这种项目一个能拿多少国拨经费？"))  # the call's total is not one project's
    assert not c.answerable


def test_a_share_left_open_and_a_number_said_as_two_numerals(assistant):
    a = grounded(assistant, assistant.ask("2022版有没有要求中外合著论文一定比例发在我国期刊？"))  # 一定比例: any share
    assert a.verdict == "no" and "不低于 50%" in a.answer  # 2022 is silent; what 新版 says is shown
    b = rule_answer(assistant, "国外合作单位拉五六家可以吗？")  # 五六家: up to six, against no upper limit
    assert b.verdict == "yes"
    c = rule_answer(assistant, "按新版要求，我们和国外伙伴之间需要签合作协议吗？")
    assert c.verdict == "yes" and "签订合作协议" in c.answer


def test_a_least_asked_of_the_chinese_side_which_only_has_a_most(assistant):
    a = grounded(assistant, assistant.ask("中方单位最少要几家？"))  # "不超过 10 家" is a most; "须有 1 个" is the other side
    assert not a.answerable
    b = rule_answer(assistant, "国外合作单位最少几家？")
    assert "须有 1 个（或以上）" in b.answer


def test_a_proposed_duration_keeps_its_unit_and_not_signed_is_without(assistant):
    a = rule_answer(assistant, "2022版的项目能不能超过3年？")  # 年 tells the duration clause from the 10 家 one
    assert a.verdict == "no" and "实施周期不超过 3 年" in a.answer.split("\n")[0]
    b = rule_answer(assistant, "我们和外方还没签合作协议，按新版能报吗？")
    assert b.verdict == "no"
    c = rule_answer(assistant, "我们中方想拉12家单位一起申报，可以吗？")
    assert c.verdict == "no" and "不超过 10 家" in c.answer.split("\n")[0]


def test_which_platform_to_submit_on_is_not_in_the_guidelines(assistant):
    a = grounded(assistant, assistant.ask("申报系统网址是什么？在哪个平台提交？"))  # not 5.6's 算力平台, not 合作平台建设
    assert not a.answerable and not cited(a)


def test_how_a_rule_is_set_and_both_editions_asked_at_once(assistant):
    a = rule_answer(assistant, "新版对国（境）外合作单位数量怎么规定的？至少几个？")  # 怎么规定 asks; 数量 is 总数
    assert "须有 1 个（或以上）" in a.answer
    b = rule_answer(assistant, "外方单位的数量，两个版本分别是怎么规定的？")
    assert "不设上限" in b.answer and "数量不限" in b.answer
    c = grounded(assistant, assistant.ask("新版和2022版是不是都要求50%的合著论文发在国内期刊？"))  # 2022 is silent
    assert c.verdict == "no"
    d = rule_answer(assistant, "新版鼓励企业、高校、用户单位一起合作申报吗？")  # 产学研用
    assert d.verdict == "yes" and "产学研用" in d.answer


def test_rules_said_otherwise_and_part_of_the_metrics_after_a_direction(assistant):
    a = rule_answer(assistant, "新版提倡什么样的合作组织方式？")  # 提倡 is the guidelines' 鼓励
    assert "产学研用" in a.answer
    b = rule_answer(assistant, "Can we apply with only Chinese institutions and no foreign partner?")
    assert b.verdict == "no"
    first = "孤独症脑机接口那个方向，诊断敏感性要求？"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).answer}]
    c = grounded(assistant, assistant.ask("我们能不能只做其中几项考核指标？", history=history))  # 几项: a few, not how many
    assert c.verdict == "no" and "全部研究内容和考核指标" in c.answer and not any(n for _, n in cited(c))
    first = "What are the targets for the elderly functional food 3D printing direction?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).answer}]
    d = grounded(assistant, assistant.ask("Is there any rule on where the joint papers should be published?",
                                          history=history))
    assert "50%" in d.answer and not any(n for _, n in cited(d))


def test_both_said_of_the_two_partners_and_one_side_asked(assistant):
    a = rule_answer(assistant, "新版是否要求合作双方团队都有技术优势？")  # 都有 of the two teams, not of two editions
    assert a.verdict == "yes"
    b = rule_answer(assistant, "新版是不是必须和国外单位签合作协议？")  # the partner named is the one the rule names
    assert b.verdict == "yes" and "签订合作协议" in b.answer
    c = rule_answer(assistant, "两版都有中方单位数量限制吗？")  # not the foreign side's "数量不限"
    assert c.verdict == "yes" and "不超过 10 家" in c.answer and "数量不限" not in c.answer.splitlines()[0]


def test_a_rule_ruling_out_the_act_proposed_and_a_choice_it_never_names(assistant):
    # the rule forbids what is proposed, whatever count comes with it ("一个项目" is no proposal of one)
    a = rule_answer(assistant, "能不能一个项目下设几个课题分给合作单位？")
    assert a.verdict == "no" and "不下设课题" in a.answer
    # either of two things asked: a rule naming neither does not answer it …
    b = grounded(assistant, assistant.ask("项目评审是线上还是线下？"))
    assert not b.answerable
    # … the guidelines' words for one of them do ("单独申报" is what 共同参与申报 rules on)
    c = rule_answer(assistant, "项目是单独申报还是联合申报？")
    assert "共同参与申报" in c.answer
    # English: a duration proposed is the implementation period's question
    d = rule_answer(assistant, "Is a project allowed to run for four years under the 2022 guideline?")
    assert d.verdict == "no" and "3 年" in d.answer


def test_a_proposed_amount_is_checked_against_the_sentence_stating_it(assistant):
    a = rule_answer(assistant, "新版拟支持的项目数是不是大概55个？")  # not against "每个指南方向…1~2 项"
    assert a.verdict == "yes" and "55 个项目" in a.answer.split("\n")[0]
    b = rule_answer(assistant, "两个版本对实施周期的说法一样吗？")  # 两个 counts editions, not an amount proposed
    assert b.verdict == "no"


def test_of_two_yes_no_parts_the_one_putting_an_amount_forward_decides(assistant):
    a = rule_answer(assistant, "外方合作单位数量有上限吗？我们想拉5个国外单位可以吗？")
    assert a.verdict == "yes" and "不设上限" in a.answer  # each part still says its own ("否" to a cap)
    b = rule_answer(assistant, "Is it allowed to apply for only part of the research tasks listed under a direction?")
    assert b.verdict == "no" and "全部研究内容" in b.answer


def test_a_length_proposed_a_certainty_asked_and_a_rate_never_given(assistant):
    a = rule_answer(assistant, "项目一年半做完行不行？")  # "一年半" is 1.5 years, the asked length, not a topic
    assert a.verdict == "yes" and "3 年" in a.answer
    b = rule_answer(assistant, "项目三年半做完可以吗？")
    assert b.verdict == "no"
    c = rule_answer(assistant, "2022版是不是每个方向肯定支持两项？")  # "1~2 项" makes no amount certain
    assert c.verdict == "no" and "原则为 1 项" in c.answer
    assert not assistant.ask("What funding does a single project get?").answerable  # a total is no project's share
    assert not assistant.ask("这个专项的立项成功率大概多少？").answerable


def test_a_tag_question_and_asking_whether_a_number_may_be_exceeded(assistant):
    a = rule_answer(assistant, "我们中方一共8家单位，能报吧？")
    assert a.verdict == "yes" and "10 家" in a.answer
    b = rule_answer(assistant, "中方正好10家，这样算合规吗？")
    assert b.verdict == "yes"
    c = rule_answer(assistant, "2022版国（境）外参与单位能不能超过6家？")  # asks; "不能超过" is no claim here
    assert c.verdict == "yes" and "数量不限" in c.answer


def test_applying_twice_statistics_a_short_edition_name_and_a_trailing_mei(assistant):
    # "可同时支持 2 项" is about funding two projects in a direction, not an applicant applying for two
    a = grounded(assistant, assistant.ask("我们能同时申报两个项目吗？"))
    assert a.verdict != "yes" and not a.answerable
    assert not assistant.ask("What is the usual success rate of applications?").answerable
    assert not assistant.ask("What budget does that project get?").answerable
    b = rule_answer(assistant, "22版对外方单位数量有限制没？")  # 22版 is 2022, not 22 units; "有…没" asks
    assert b.verdict == "no" and "数量不限" in b.answer and {c.edition for c in b.citations} == {"2022"}


def test_a_greeting_a_short_year_a_cap_asked_after_a_count_and_english_journals(assistant):
    a = grounded(assistant, assistant.ask("hi，2022版一共有几个领域？"))  # the greeting asks nothing
    assert a.answerable and "10 个领域" in a.answer
    b = rule_answer(assistant, "22年那版中方单位9家，可以吗？")  # 22年 names the edition, not 22 units
    assert b.verdict == "yes"
    c = rule_answer(assistant, "我们找了4家国外大学，新版国外合作单位数量有上限吗？")  # a cap asked: there is none
    assert c.verdict == "no" and "不设上限" in c.answer and "10 家" not in c.answer.split("\n")[0]
    d = rule_answer(assistant, "What share of jointly authored papers must go to Chinese journals in the newer "
                               "guidelines?")
    assert "50%" in d.answer


def test_a_floor_a_ceiling_and_tags_that_ask_whether_something_is_met(assistant):
    assert decide("发动机有效效率能做到48%，够吗", "发动机有效效率不应低于50%") == "no"  # 不应低于: a floor
    assert decide("单次换电要5分钟，能满足要求不", "单次换电时间低于3分钟") == "no"  # 低于: a ceiling
    assert decide("单次换一次电2分钟，能满足要求不", "单次换电时间低于3分钟") == "yes"  # (the 一 of 一次 is no amount)
    a = rule_answer(assistant, "中方一共10家，符合要求吧？")
    assert a.verdict == "yes" and "10 家" in a.answer


def test_doing_part_of_it_a_duration_in_other_words_and_a_batch_named_by_its_year(assistant):
    a = rule_answer(assistant, "我们只打算做一半的研究内容，行吗？")
    assert a.verdict == "no" and "全部研究内容" in a.answer
    b = rule_answer(assistant, "2022年的專案可以延到五年嗎？")  # 專案 is 项目; 延到五年, the implementation period
    assert b.verdict == "no" and "不超过 3 年" in b.answer
    c = rule_answer(assistant, "2022那批对国外单位的数量有限制吗？")  # 那批 names the edition, nothing asked
    assert c.verdict == "no" and "数量不限" in c.answer


def test_doing_without_a_partner_is_decided_by_the_least_required(assistant):
    a = rule_answer(assistant, "我们没有国外合作单位，只有国内的团队，可以报吗？")
    assert a.verdict == "no" and "须有 1 个（或以上）" in a.answer.split("\n")[0]


def test_several_directions_in_one_application_is_a_rule_whatever_numbers_it_names(assistant):
    a = rule_answer(assistant, "能不能把3.1到3.3一起报，按一级标题整体申报？")
    assert a.verdict == "no" and "二级标题" in a.answer


def test_many_put_forward_a_share_kept_abroad_and_how_strict_a_rule_in_principle_is(assistant):
    assert decide("外方单位能拉很多家吗", "国（境）外参与单位数量不限") == "yes"
    assert decide("中方能拉好多家单位吗", "中方参与单位总数不超过 10 家") == "no"
    assert decide("is there a cap on how many foreign partners", "国（境）外合作单位总数不设上限") == "no"  # how many asks
    assert decide("合著论文全发国外期刊可以吗", "发表在我国科技期刊上的比例原则上不低于 50%") == "no"
    assert decide("这个50%是硬性规定吗", "发表在我国科技期刊上的比例原则上不低于 50%") == "no"  # 原则上
    a = rule_answer(assistant, "能不能把整个量子科技领域打包成一个项目来报？")  # 整个 is not 个人; 一级 no amount
    assert a.verdict == "no" and "二级标题" in a.answer


def test_a_year_like_amount_a_chemical_name_and_a_question_ending_in_me(assistant):
    assert decide("样机放在2000kW的发动机上验证可以吗", "在不低于3000kW的船用发动机上进行验证") == "no"  # 2000kW, no year
    assert decide("二氧化碳捕集那个只跟一个国家合作行吗", "同2个以上国家或国际组织开展合作") == "no"  # 二氧化 is no 2
    a = rule_answer(assistant, "2022年的国外参与单位数量有没有限制么")  # 么 asks as 吗 does
    assert a.verdict == "no" and "数量不限" in a.answer


def test_a_choice_between_two_things_an_amount_about_n_and_what_is_said(assistant):
    a = rule_answer(assistant, "外方单位是一起申报还是立项后再加入？")  # each thing offered, apart: 共同参与申报
    assert a.answerable and "共同参与申报" in a.answer
    b = rule_answer(assistant, "实施周期是两年还是三年")  # two numbers: the number checks, not the words, compare
    assert b.answerable and "不超过 3 年" in b.answer
    assert decide("新版会不会支持100多个项目", "拟支持约 55 个项目") == "no"
    assert decide("是不是支持50个左右项目", "拟支持约 55 个项目") == "yes"
    assert decide("会不会支持80多个项目", "可同时支持 2 个项目") == "no"  # 80多 is over 2
    c = rule_answer(assistant, "新版有没有说项目要坚持什么导向")  # what is said, not whether
    assert c.verdict is None and "目标导向和问题导向" in c.answer
    d = rule_answer(assistant, "项目下面可不可以再设课题，规则是啥")  # 下面 and 规则是啥 ask nothing
    assert d.verdict == "no" and "不下设课题" in d.answer
