"""Counts and lists of domains, directions and categories come from the parsed model, cited heading by heading."""

from answer_checks import cited, grounded


def test_counts_of_an_edition(assistant):
    doc = next(d for d in assistant.documents if d.edition.label == "2022")
    a = grounded(assistant, assistant.ask("2022年度的指南一共有几个领域、多少个方向？"))
    assert f"{len(doc.domains)} 个领域" in a.answer and f"{len(doc.directions)} 个指南方向" in a.answer
    assert all(dom.name in a.answer for dom in doc.domains)


def test_directions_of_a_domain_and_of_a_category(assistant):
    new = next(d for d in assistant.documents if d.edition.label == "新版")
    a = grounded(assistant, assistant.ask("新版人工智能领域下面有哪些方向？"))
    assert cited(a) == {("新版", d.number) for d in new.directions if d.domain_name == "人工智能"}
    b = grounded(assistant, assistant.ask("新版哪些方向是基础研究类？"))
    assert cited(b) == {("新版", d.number) for d in new.directions if d.category == "基础研究类"}


def test_directions_on_a_topic(assistant):
    a = grounded(assistant, assistant.ask("跟氢能有关的方向有哪些？"))
    assert {("2022", "4.1"), ("2022", "4.2"), ("2022", "4.3")} <= cited(a)


def test_domains_called_loosely(assistant):
    new = next(d for d in assistant.documents if d.edition.label == "新版")
    a = grounded(assistant, assistant.ask("新版农业这个领域有几个方向？"))  # one part of 农业与粮食安全
    assert cited(a) == {("新版", d.number) for d in new.directions if d.domain_number == "1"}
    b = grounded(assistant, assistant.ask("2022版储能那块有几个方向"))  # the end of 先进储能技术合作
    assert cited(b) == {("2022", n) for n in ("3.1", "3.2", "3.3", "3.4")}
    c = grounded(assistant, assistant.ask("新版极地那块的方向给我列一下"))
    assert cited(c) == {("新版", d.number) for d in new.directions if d.domain_number == "8"}
    d = grounded(assistant, assistant.ask("新版里跟阿尔茨海默病有关的方向有哪几个？"))
    assert {("新版", "6.3"), ("新版", "6.4")} <= cited(d)


def test_directions_about_a_topic_or_a_domain_are_all_listed(assistant):
    a = grounded(assistant, assistant.ask("新版里跟南极有关的方向"))
    assert {("新版", n) for n in ("8.2", "8.3", "8.4", "8.5")} <= cited(a)
    b = grounded(assistant, assistant.ask("2022版里跟新能源汽车有关的方向"))  # a domain: all its directions
    assert {("2022", n) for n in ("5.1", "5.2", "5.3", "5.4")} <= cited(b)
    c = grounded(assistant, assistant.ask("有没有区块链相关的方向"))  # 区块 of an oil field is not 区块链
    assert not c.answerable
    d = grounded(assistant, assistant.ask("How many directions are under the polar domain in the new draft?"))
    assert "6" in d.answer and all(x.direction is None or x.direction.startswith("8.") for x in d.citations)


def test_the_categories_themselves_with_counts_and_an_edition_that_has_none(assistant):
    new = next(d for d in assistant.documents if d.edition.label == "新版")
    a = grounded(assistant, assistant.ask("新版指南的方向一共分成哪几类？"))
    for category in {d.category for d in new.directions}:
        n = len([d for d in new.directions if d.category == category])
        assert f"{category}：{n} 个方向" in a.answer
    b = grounded(assistant, assistant.ask("2022年度指南给方向标注类别了吗？"))
    assert b.answerable and b.verdict == "no" and "没有标注类别" in b.answer
    c = grounded(assistant, assistant.ask("Which categories does the newer draft use for its directions?"))
    assert c.answerable and "基础研究类" in c.answer and "directions, e.g." in c.answer
    d = grounded(assistant, assistant.ask("太赫兹激光器那个方向属于什么类别？"))  # one direction's category
    assert cited(d) == {("新版", "5.7")}


def test_a_category_within_a_domain_and_english_domain_lists(assistant):
    new = next(d for d in assistant.documents if d.edition.label == "新版")
    a = grounded(assistant, assistant.ask("新版人工智能领域里哪些是应用示范类？"))
    assert cited(a) == {("新版", d.number) for d in new.directions
                        if d.domain_number == "4" and d.category == "应用示范类"}
    b = grounded(assistant, assistant.ask("What domains does the 2022 edition cover?"))
    assert "10 domains" in b.answer and "氢能技术合作" in b.answer


def test_a_domains_directions_come_with_their_keywords(assistant):
    a = grounded(assistant, assistant.ask("新版矿产资源领域有哪些方向？"))
    assert {c.direction for c in a.citations if c.section == "标题"} == {f"3.{n}" for n in range(1, 7)}
    assert "铜钴矿" in a.answer and any(c.section == "关键词" for c in a.citations)


def test_whether_an_edition_has_categories_at_all(assistant):
    a = assistant.ask("2022版的方向有没有分基础研究类、应用示范类？")
    assert a.answerable and a.verdict == "no" and a.intent == "structure"


def test_a_domains_focus_and_areas_in_english(assistant):
    a = grounded(assistant, assistant.ask("2022版气候变化领域主要聚焦哪些内容？"))
    assert "非二氧化碳温室气体监测与减排" in a.answer  # the domain's own opening line
    b = grounded(assistant, assistant.ask("How many thematic areas does the new draft cover?"))
    assert b.answerable and "8 domains" in b.answer


def test_whether_a_domain_has_a_category_and_a_direction_on_a_topic(assistant):
    a = grounded(assistant, assistant.ask("新版矿产资源领域有没有基础研究类的方向？"))
    assert a.verdict == "yes" and cited(a) == {("新版", "3.4")}
    b = grounded(assistant, assistant.ask("2022版气候变化领域里有没有做甲烷排放监测的方向？"))  # the domain is no topic
    assert b.answerable and ("2022", "9.1") in cited(b)
    c = grounded(assistant, assistant.ask("有没有区块链技术相关的方向？"))  # 区块 of an oil field, 技术 everywhere
    assert not c.answerable


def test_a_domain_listed_or_asked_what_it_focuses_on(assistant):
    a = grounded(assistant, assistant.ask("列一下2022年度生命健康领域的方向"))
    assert {("2022", f"10.{i}") for i in range(1, 9)} <= cited(a)
    b = grounded(assistant, assistant.ask("2022版气候变化领域主要聚焦什么？"))
    assert {("2022", f"9.{i}") for i in range(1, 6)} <= cited(b) and "非二氧化碳温室气体" in b.answer


def test_a_domain_called_by_its_place_a_category_in_a_domain_and_only_these(assistant):
    a = grounded(assistant, assistant.ask("新版第5个领域叫什么？"))
    assert a.answerable and "量子科技" in a.answer and ("新版", "5.1") in cited(a)
    b = grounded(assistant, assistant.ask("2022版的3.x是哪个领域？"))
    assert "先进储能" in b.answer and cited(b) == {("2022", f"3.{i}") for i in range(1, 5)}
    c = grounded(assistant, assistant.ask("新版量子科技里有应用示范类的方向吗？"))
    assert ("新版", "5.10") in cited(c)
    d = grounded(assistant, assistant.ask("2022氢能就这三个方向吗？"))
    assert cited(d) == {("2022", f"4.{i}") for i in range(1, 4)}


def test_a_direction_number_no_edition_has_is_said_to_be_missing(assistant):
    a = grounded(assistant, assistant.ask("新版4.12那个方向的考核指标是什么？"))
    assert not a.answerable and "没有 4.12 方向" in a.answer and not a.citations
    b = grounded(assistant, assistant.ask("What does direction 9.8 require?"))
    assert not b.answerable and "no direction 9.8" in b.answer
    c = grounded(assistant, assistant.ask("打印效率要提高1.5倍以上的是哪个方向？"))  # an amount, not a direction
    assert "没有 1.5" not in c.answer


def test_a_missing_number_asked_what_it_is_or_for_its_metrics(assistant):
    a = grounded(assistant, assistant.ask("2022年的12.1是哪个方向？"))
    assert not a.answerable and "没有 12.1 方向" in a.answer
    b = grounded(assistant, assistant.ask("新版9.2的考核指标是什么？"))
    assert not b.answerable and "新版指南中没有 9.2 方向" in b.answer


def test_category_labels_and_what_a_domains_directions_centre_on(assistant):
    a = grounded(assistant, assistant.ask("新版方向的类别标签有哪几种？"))
    assert all(c in a.answer for c in ("基础研究类", "共性关键技术类", "应用示范类"))
    b = grounded(assistant, assistant.ask("2022年气候变化领域的方向主要围绕什么展开？"))
    assert {("2022", f"9.{i}") for i in range(1, 6)} <= cited(b) and "非二氧化碳温室气体" in b.answer


def test_what_a_domain_holds_in_casual_words_and_directions_outside_a_category(assistant):
    a = grounded(assistant, assistant.ask("2022版新能源汽车技术合作下面都有啥？"))
    new_energy = next(dom for d in assistant.documents if d.edition.label == "2022" for dom in d.domains
                      if dom.name == "新能源汽车技术合作")
    assert {("2022", d.number) for d in new_energy.directions} == cited(a)
    b = grounded(assistant, assistant.ask("新版极地领域有哪些方向不是基础研究类的？"))
    assert cited(b) == {("新版", "8.6")} and "不属于基础研究类" in b.answer


def test_which_domain_holds_most_the_domains_an_edition_deploys_in_and_a_domains_focus(assistant):
    a = grounded(assistant, assistant.ask("新版里哪个领域的方向最多？"))  # every domain with its count, to compare
    assert "人工智能（10 个方向）" in a.answer
    b = grounded(assistant, assistant.ask("2022年度主要在哪几个领域部署了方向？"))
    assert "10 个领域" in b.answer and "生命健康" in b.answer
    c = grounded(assistant, assistant.ask("2022年生命健康领域的方向侧重点是什么？"))  # the domain's own account
    assert "常见病精准诊疗" in c.answer


def test_a_domain_by_the_end_of_its_name_by_its_place_and_a_directions_domain_asked(assistant):
    a = grounded(assistant, assistant.ask("2022版储能技术合作下面都有哪些方向"))  # 先进储能技术合作
    assert {n for _, n in cited(a)} == {"3.1", "3.2", "3.3", "3.4"}
    b = grounded(assistant, assistant.ask("新版5开头的那几个方向属于哪个领域？"))
    assert "量子" in b.answer
    c = grounded(assistant, assistant.ask("溢油智能监测那个方向归在新版哪个领域？"))
    assert cited(c) == {("新版", "8.6")} and "极地" in c.answer


def test_a_domain_by_its_place_and_its_directions_asked_for_as_the_others(assistant):
    new = next(d for d in assistant.documents if d.edition.label == "新版")
    a = grounded(assistant, assistant.ask("新版6开头的方向属于哪个领域"))
    assert cited(a) == {("新版", d.number) for d in new.directions if d.domain_number == "6"}
    b = grounded(assistant, assistant.ask("2022氢能技术合作下面都是什么方向"))
    assert cited(b) == {("2022", "4.1"), ("2022", "4.2"), ("2022", "4.3")}
    c = grounded(assistant, assistant.ask("What other directions are in the deep sea domain?"))
    assert cited(c) == {("新版", d.number) for d in new.directions if d.domain_number == "7"}
