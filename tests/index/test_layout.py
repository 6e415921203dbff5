"""Heading markers and the choice of the direction level."""

import pytest

from index.clean import split_blocks
from index.layout import cn_number, direction_scheme, marker


@pytest.mark.parametrize("text,scheme,number,heading,tail", [
    ("1.1.1 流域洪水智能预报模型（基础研究类）", "1.1.1", "1.1.1", "流域洪水智能预报模型（基础研究类）", ""),
    ("4．10 面向一带一路的预报", "1.1", "4.10", "面向一带一路的预报", ""),
    ("6.4 “双高”工业集聚区联合研究 研究内容：", "1.1", "6.4", "“双高”工业集聚区联合研究 ", "研究内容："),
    ("12. 中国和埃及政府间合作", "1.", "12", "中国和埃及政府间合作", ""),
    ("十二、申报要求", "一、", "十二", "申报要求", ""),
    ("（三）海洋能利用装备", "（一）", "三", "海洋能利用装备", ""),
    ("方向2：轻质合金", "方向1", "2", "轻质合金", ""),
])
def test_markers(text, scheme, number, heading, tail):
    m = marker(text)
    assert m is not None and (m.scheme.name, m.number, m.heading, m.tail) == (scheme, number, heading, tail)


@pytest.mark.parametrize("text", ["2022 年度指南", "1.1 研究内容：开展研究", "1.5%的提升", "3.14159", "一是加强合作"])
def test_not_headings(text):
    assert marker(text) is None


def test_items_are_not_title_like_and_numbers_read_as_numbers():
    assert not marker("2. 主从控制延时≤50 ms，完成动物实验不少于20例；").title_like
    assert marker("3. 申请发明专利不少于5项").title_like  # a title by its shape: the parser's context decides
    assert [cn_number(s) for s in ("一", "十", "十二", "二十三")] == [1, 10, 12, 23]


def test_the_direction_level_is_the_one_that_owns_the_labels():
    text = ("一、总体要求\n\n规则。\n\n二、指南方向\n\n1. 材料\n\n1.1 高温合金\n\n研究内容：甲。\n\n考核指标：\n\n"
            "1. 指标一；\n\n2. 指标二。\n\n1.2 轻质合金\n\n## 研究\n\n研究内容：乙。\n")
    assert direction_scheme(split_blocks(text)).name == "1.1"
    assert direction_scheme(split_blocks("会议纪要\n\n没有任何指南方向。\n")) is None
