"""'我们做X，报哪个方向？': the directions whose text matches the work, each with the phrase that matches — or an honest
"no direction covers this"."""

from answer_checks import cited, grounded


def test_a_recommendation_names_the_direction_and_the_matching_phrase(assistant):
    a = grounded(assistant, assistant.ask("我们课题组研究深海冷泉的微生物群落，适合报哪个方向？"))
    assert a.answerable and ("新版", "7.1") in cited(a)
    assert "相关表述" in a.answer and any(c.section == "研究内容" for c in a.citations)


def test_work_no_direction_covers_is_said_so(assistant):
    a = assistant.ask("我们团队做甲骨文字形识别，应该报哪个方向？")
    assert not a.answerable and "没有专门针对" in a.answer


def test_the_askers_work_keeps_corpus_words():
    from assistant.answer.answerers.recommend import work_terms
    assert work_terms("做ai天气预报大模型 对口", frozenset({"预报"})).runs == ("ai", "天气预报大模型")  # 报 stays in 预报


def test_a_fit_asked_as_a_suitable_direction_is_a_recommendation(assistant):
    a = assistant.ask("我们研究乡村义务教育公平评估，这个专项有适合我们的方向吗？")
    assert a.intent == "recommend" and not a.answerable  # nothing fits: said so, no direction's content
    b = assistant.ask("我们课题组做燃料电池铂基催化剂和载体，有合适的方向吗？")  # 课题组 is not a rule's 课题
    assert b.intent == "recommend" and ("2022", "4.3") in cited(b)


def test_the_partner_an_asker_works_with_is_not_their_work(assistant):
    for q in ["我们实验室做固态储氢合金，想和德国一个研究所合作，报哪个方向合适？",
              "我们做储氢合金、固态储氢罐，有合适的国际合作方向吗"]:  # 合作方向 is not a rule's 合作方
        a = grounded(assistant, assistant.ask(q))
        assert a.intent == "recommend" and a.answerable and ("2022", "4.1") in cited(a), q


def test_an_askers_broader_word_for_what_a_direction_makes(assistant):
    a = grounded(assistant, assistant.ask("我们研究碳化养护的低碳胶凝材料，和国外大学有合作，能报哪个？"))  # 胶凝材料 ⊃ 水泥
    assert a.answerable and ("2022", "6.2") in cited(a)


def test_asking_whether_the_call_has_a_direction_one_could_apply_to(assistant):
    a = grounded(assistant, assistant.ask("我们是做文物数字化保护的，这个专项里有能报的方向吗？"))  # names no direction
    assert a.intent == "recommend" and not a.answerable


def test_a_company_says_who_it_is_not_what_it_works_on(assistant):
    a = grounded(assistant, assistant.ask("我们是做低碳水泥的企业，可以报哪个？"))
    assert a.answerable and ("2022", "6.2") in cited(a)


def test_work_described_before_the_ask_and_everyday_names(assistant):
    a = grounded(assistant, assistant.ask("研究帕金森早期预警的，2022有合适的方向吗？"))
    assert a.answerable and ("2022", "10.7") in cited(a)
    b = grounded(assistant, assistant.ask("我们做船上碳捕集装置，2022有方向吗？"))  # 船上 is on a 船舶
    assert b.answerable and ("2022", "8.1") in cited(b)
    c = grounded(assistant, assistant.ask("锕225核药那个方向最后要拿什么批件？"))
    assert cited(c) == {("新版", "2.3")} and "IND" in c.answer
