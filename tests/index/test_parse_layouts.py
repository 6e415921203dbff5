"""Each layout fixture (tests/fixtures/layouts/) parses without loss: levels, directions per parent, sections with
their raw labels, fields, rule passages before/between/after the directions, identity from the title line."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.types import Document, Edition
from index.clean import split_blocks
from index.identity import identify
from index.parse import parse_text
from index.report import parse_report

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


def parse(name: str) -> Document:
    raw = (LAYOUTS / name).read_text(encoding="utf-8")
    edition = Edition(id=Path(name).stem, label=identify(split_blocks(raw)).label, title="", source=name, sha256="")
    return parse_text(raw, edition)


def direction(doc: Document, number: str):
    return next(d for d in doc.directions if d.number == number)


def levels(doc: Document) -> list[tuple[str, str, int]]:
    return [(lv.scheme, lv.role, lv.headings) for lv in doc.levels]


def rule_text(doc: Document, placement: str = "preamble") -> str:
    return "".join(p.text for p in doc.preamble if p.placement == placement)


def test_nothing_is_lost_in_any_fixture():
    """Every line of every fixture is in the clean text, every sentence in a passage, a domain or a direction; the
    parse report finds nothing wrong and sets aside only title lines and headings."""
    for path in sorted(LAYOUTS.glob("*.txt")):
        doc = parse(path.name)
        report = parse_report(doc, path.name)
        assert report.ok and doc.anomalies == [], (path.name, report.problems, doc.anomalies)
        squashed = doc.text.replace("\n", "")
        for line in filter(str.strip, path.read_text(encoding="utf-8").splitlines()):
            assert line.strip() in squashed, (path.name, line)
        for line in report.set_aside:
            assert len(line) <= 60 and not line.endswith("。"), (path.name, line)  # a heading, never a sentence
        for d in doc.directions:
            assert doc.text[d.title_span.start:d.title_span.end] == d.title
            for s in d.sections:
                assert doc.text[s.start:s.end] == s.text and all(doc.text[i.start:i.end] == i.text for i in s.items)
            for f in d.fields:
                assert doc.text[f.start:f.end] == f.text


def test_2021_unheaded_preamble_with_a_young_scientist_block():
    doc = parse("structural-materials-2024-draft.txt")
    assert levels(doc) == [("1.", "parent", 2), ("1.1", "direction", 5), ("block", "block", 1)]
    assert [d.number for d in doc.directions] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert doc.declared_directions == 5
    preamble = [p for p in doc.preamble if p.placement == "preamble"]
    assert len(preamble) == 6 and {p.heading for p in preamble} == {"前言"}
    assert "项目参与单位总数不超过6家" in rule_text(doc) and "实施周期不超过4年" in rule_text(doc)
    assert "附件2" not in rule_text(doc)  # the title lines are not rules
    young = [p for p in doc.preamble if p.placement == "after"]
    assert [p.heading for p in young] == ["青年科学家项目"] and "1989年1月1日" in young[0].text
    note = direction(doc, "1.2").field("实施周期")
    assert note is not None and note.text == "本方向实施周期不超过3年。" and (note.low, note.high, note.unit) == (None, 3, "年")
    assert direction(doc, "2.3").field("拟支持项目数").high == 1
    assert direction(doc, "1.1").parents == [("1", "高性能金属结构材料")]


def test_2016_2019_layout_with_period_and_project_count_per_direction():
    doc = parse("nano-frontier-2018.txt")
    assert levels(doc) == [("1.", "parent", 2), ("1.1", "direction", 4)]
    d = direction(doc, "1.2")
    # "实施年限：不超过4年拟支持项目数：1项" was one line: now two sections and two fields, nothing in 考核指标
    assert [(s.name, s.raw_name, s.text) for s in d.sections[2:4]] == [
        ("实施周期", "实施年限", "不超过4年"), ("拟支持项目数", "拟支持项目数", "1项")]
    assert "实施年限" not in d.metrics.text
    assert [(f.name, f.low, f.high, f.unit) for f in d.fields[:2]] == [("实施周期", None, 4, "年"),
                                                                        ("拟支持项目数", 1, 1, "项")]
    assert direction(doc, "1.1").field("拟支持项目数").text == "拟支持项目数：1~2项"
    assert (direction(doc, "1.1").category, direction(doc, "1.1").category_raw) == ("基础研究类", "基础前沿类")
    assert direction(doc, "2.2").category == "应用示范类"
    assert "项目执行期一般为5年" in rule_text(doc)


def test_single_level_directions_with_numbered_items_inside():
    doc = parse("diagnostic-devices-2023.txt")
    assert levels(doc) == [("一、", "wrapper", 2), ("1.", "direction", 4)]
    assert [(d.number, d.title, d.category) for d in doc.directions] == [
        ("1", "手术机器人力反馈控制技术", "共性关键技术类"), ("2", "可穿戴心电监测芯片设计", "基础研究类"),
        ("3", "智能超声影像辅助诊断系统", "共性关键技术类"), ("4", "县域医院智能诊疗设备应用示范", "应用示范类")]
    # "1. 研制…；" … "3. 申请发明专利不少于5项" are the items of direction 1, not directions
    assert [i.marker for i in direction(doc, "1").metrics.items] == ["1.", "2.", "3."]
    assert [(dom.number, dom.name) for dom in doc.domains] == [("", "")]  # no level above the directions
    assert {p.heading for p in doc.preamble} == {"一、总体要求"}


def test_three_level_numbers_with_both_parents_kept():
    doc = parse("water-security-2022-2.txt")
    assert levels(doc) == [("1.", "parent", 2), ("1.1", "parent", 3), ("1.1.1", "direction", 5)]
    assert [d.number for d in doc.directions] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    d = direction(doc, "1.2.1")
    assert d.parents == [("1", "流域水旱灾害防御"), ("1.2", "干旱监测评估")]
    assert (d.domain_number, d.domain_name) == ("1.2", "干旱监测评估")
    dom = next(x for x in doc.domains if x.number == "1.2")
    assert dom.parents == [("1", "流域水旱灾害防御")] and dom.intro.text.startswith("本任务面向西北干旱区")
    assert doc.text[dom.heading.start:dom.heading.end] == "1.2 干旱监测评估"
    assert doc.edition.batch == "第二批"


def test_partner_country_blocks_are_directions_with_fields():
    doc = parse("intergovernmental-2023-1.txt")
    assert levels(doc) == [("一、", "parent", 4), ("1.", "direction", 5)]
    assert [(dom.number, dom.name, len(dom.directions)) for dom in doc.domains] == [
        ("一", "亚洲", 2), ("二", "欧洲", 2), ("三", "非洲", 1)]
    thai = direction(doc, "2")
    assert [s.raw_name for s in thai.sections] == ["合作协议", "领域方向", "拟支持项目数", "共拟支持经费", "其他要求"]
    assert [i.text for i in thai.section("研究内容").items] == ["热带农业", "传统医药", "数字经济"]  # not directions
    assert (thai.field("经费").high, thai.field("经费").unit) == (900, "万元")
    assert thai.field("合作协议").text.startswith("合作协议：《中华人民共和国政府和泰王国政府")
    egypt = direction(doc, "5")
    assert egypt.field("参与单位").high == 3  # its own rule, against the preamble's 5
    after = [p for p in doc.preamble if p.placement == "after"]
    assert [p.heading for p in after] == ["四、申报说明"]


def test_variant_section_labels_map_to_canonical_names_and_keep_their_own():
    doc = parse("functional-devices-2025.txt")
    assert [(s.name, s.raw_name) for s in direction(doc, "1.1").sections] == [
        ("研究目标", "研究目标"), ("研究内容", "主要研究内容"), ("考核指标", "考核指标与预期成果")]
    d = direction(doc, "1.2")
    assert [(s.name, s.raw_name) for s in d.sections] == [
        ("正文", "正文"), ("研究内容", "主要研究内容"), ("考核指标", "技术指标"), ("考核指标", "预期成果")]
    assert d.sections[0].text.startswith("本方向面向新能源汽车")  # text under no label is a section of its own
    assert [(s.name, s.raw_name) for s in direction(doc, "2.1").sections] == [
        ("合作方式", "合作方式"), ("研究内容", "研究内容"), ("考核指标", "考核指标"), ("其他要求", "申报要求")]


def test_cn_parenthesised_parents_with_execution_period():
    doc = parse("marine-equipment-2019.txt")
    assert levels(doc) == [("一、", "wrapper", 3), ("（一）", "parent", 2), ("1.", "direction", 4)]
    assert [(d.number, d.domain_name) for d in doc.directions] == [
        ("1", "深海探测装备"), ("2", "深海探测装备"), ("3", "海洋能利用装备"), ("4", "海洋能利用装备")]
    assert [(f.raw_name, f.high) for f in direction(doc, "2").fields] == [("执行期", 4), ("拟支持项目数", 2)]
    assert [p.heading for p in doc.preamble if p.placement == "after"] == ["三、申报要求"]


def test_final_version_differs_from_its_draft_in_figures_not_structure():
    draft, final = parse("structural-materials-2024-draft.txt"), parse("structural-materials-2024-final.txt")
    assert [d.number for d in draft.directions] == [d.number for d in final.directions]
    assert (draft.edition.label, final.edition.label) == ("先进结构材料与工艺 2024（征求意见稿）", "先进结构材料与工艺 2024")
    assert "实施周期不超过4年" in rule_text(draft) and "实施周期不超过3年" in rule_text(final)
    assert "≥2100 MPa" in direction(final, "1.1").metrics.text and "≥2000 MPa" in direction(draft, "1.1").metrics.text


@pytest.mark.parametrize("text,numbers,roles", [
    # 方向N directions under 一、 groups
    ("一、材料\n\n方向1 高温合金（基础研究类）\n\n研究内容：研究。\n\n考核指标：指标。\n\n"
     "方向2 轻质合金\n\n研究内容：研究。\n\n考核指标：指标。\n\n二、能源\n\n方向3 储能\n\n研究内容：研究。\n\n考核指标：指标。\n",
     ["1", "2", "3"], [("一、", "parent", 2), ("方向1", "direction", 3)]),
    # a number printed twice: reported, kept citable
    ("前言：说明。\n\n1. 领域\n\n1.1 高温合金\n\n研究内容：研究。\n\n1.1 轻质合金\n\n研究内容：研究。\n",
     ["1.1", "1.1#2"], [("1.", "parent", 1), ("1.1", "direction", 2)]),
])
def test_other_numbering_schemes(text, numbers, roles):
    doc = parse_text(text, Edition(id="t", label="t", title="", source="t.txt", sha256=""))
    assert [d.number for d in doc.directions] == numbers
    assert levels(doc) == roles


def test_text_between_directions_is_kept_as_rule_passages():
    text = ("项目实施周期不超过3年。\n\n1. 材料\n\n本领域部署2个任务。\n\n1.1 合金\n\n1.1.1 高温合金设计\n\n研究内容：甲。\n\n"
            "青年科学家项目\n\n青年科学家项目参与单位总数不超过3家。\n\n2. 能源\n\n2.1 储能\n\n2.1.1 固态电池\n\n研究内容：乙。\n")
    doc = parse_text(text, Edition(id="t", label="t", title="", source="t.txt", sha256=""))
    assert [(p.heading, p.placement, p.text) for p in doc.preamble] == [
        ("前言", "preamble", "项目实施周期不超过3年。"), ("1. 材料", "between", "本领域部署2个任务。"),
        ("青年科学家项目", "between", "青年科学家项目参与单位总数不超过3家。")]
    assert [d.parents for d in doc.directions] == [[("1", "材料"), ("1.1", "合金")], [("2", "能源"), ("2.1", "储能")]]
