"""The parser on the real corpus: counts, titles (joined ones too), categories, keywords, items, offsets."""

import pytest

from index.corpus import load_documents


@pytest.fixture(scope="module")
def docs(settings):
    return {d.edition.label: d for d in load_documents(settings.corpus_dir)}


def direction(docs, label, number):
    return next(d for d in docs[label].directions if d.number == number)


def test_direction_counts_match_what_each_preamble_declares(docs):
    assert len(docs["新版"].directions) == 55
    assert len(docs["2022"].directions) == 39
    assert len(docs["新版"].domains) == 8 and len(docs["2022"].domains) == 10
    assert [a.message for d in docs.values() for a in d.anomalies] == []


def test_every_direction_has_research_and_metrics_and_numbers_in_order(docs):
    for doc in docs.values():
        for dom in doc.domains:
            assert [d.number for d in dom.directions] == [f"{dom.number}.{i}" for i in range(1, len(dom.directions) + 1)]
            for d in dom.directions:
                assert d.section("研究内容") and d.metrics, d.number


@pytest.mark.parametrize("label,number,title,category", [
    ("新版", "4.8", "AI 驱动下微电网集群支撑高比例新能源大电网稳定运行国际合作研究", "应用示范类"),  # title split in two headings
    ("新版", "8.2", "南极大气—海冰—海洋系统联合观测与海冰快速变化合作研究", "基础研究类"),  # stray space
    ("新版", "4.10", "面向“一带一路”国家的 AI 智能气象预报应用示范", "应用示范类"),
    ("新版", "2.5", "液体活检用于胆道恶性肿瘤精准医疗的临床合作研究", "共性关键技术类"),  # 关键共性技术类 normalised
    ("新版", "2.3", "医用同位素 Ac-225 生产关键技术及 Ac-225 类创新核药联合研发", "共性关键技术类"),  # bold heading
    ("2022", "6.4", "“双高”工业集聚区低碳零碳技术比较与应用联合研究", None),  # heading ran into 研究内容
    ("2022", "4.1", "基于安全储氢的氢储能与分布式多能源系统合作研发", None),
])
def test_titles_and_categories(docs, label, number, title, category):
    d = direction(docs, label, number)
    assert (d.title, d.category) == (title, category)


def test_raw_category_is_kept(docs):
    assert direction(docs, "新版", "2.5").category_raw == "关键共性技术类"
    assert direction(docs, "新版", "5.10").category == "应用示范类"


def test_keywords_including_one_broken_into_a_heading_and_one_across_a_page(docs):
    assert direction(docs, "新版", "4.3").keywords == ["神经微分方程", "大模型", "吸引子", "长时记忆", "国际合作"]
    assert "大规模仿真平台" in direction(docs, "新版", "4.1").keywords
    assert direction(docs, "新版", "8.1").keywords[:3] == ["北极气—冰—海—冻土多圈层耦合", "冻土退化", "碳氮温室气体与污染物释放"]
    assert direction(docs, "2022", "1.1").keywords == []


@pytest.mark.parametrize("label,number,items", [
    ("新版", "1.1", 3), ("新版", "1.5", 6), ("新版", "5.3", 6), ("新版", "3.6", 5),
    ("2022", "9.1", 6), ("2022", "9.4", 3), ("2022", "4.2", 10), ("2022", "1.1", 3),
])
def test_metric_item_counts(docs, label, number, items):
    assert len(direction(docs, label, number).metrics.items) == items


def test_technical_metrics_label_is_kept_raw(docs):
    s = direction(docs, "新版", "3.6").metrics
    assert (s.name, s.raw_name) == ("考核指标", "技术指标")


def test_item_split_by_a_page_break_is_one_item(docs):
    item = direction(docs, "新版", "1.5").metrics.items[1]
    assert "联防联控技术体系 ≥3 套" in item.text


def test_no_heading_leaks_into_bodies_and_offsets_are_exact(docs):
    for doc in docs.values():
        names = {f"{dom.number}.{dom.name}" for dom in doc.domains}
        for d in doc.directions:
            assert doc.text[d.title_span.start:d.title_span.end] == d.title
            for s in d.sections:
                assert doc.text[s.start:s.end] == s.text
                assert "##" not in s.text and "**" not in s.text and "$" not in s.text
                assert not any(n in s.text for n in names), (d.number, s.name)
                for it in s.items:
                    assert doc.text[it.start:it.end] == it.text


def test_preamble_rules_are_passages(docs):
    new = " ".join(p.text for p in docs["新版"].preamble)
    old = " ".join(p.text for p in docs["2022"].preamble)
    assert "实施周期一般不超过 3 年" in new and "实施周期不超过 3 年" in old
    assert "不低于 50%" in new and "50%" not in old
