"""Section labels: synonyms, labels run onto the line before, quantities of a direction's own rules."""

import pytest

from index.sections import SECTION_LABEL_RE, canonical, quantity, split_fused


@pytest.mark.parametrize("raw,name", [
    ("主要研究内容", "研究内容"), ("领域方向", "研究内容"), ("考核指标与预期成果", "考核指标"), ("预期成果", "考核指标"),
    ("技术指标", "考核指标"), ("实施年限", "实施周期"), ("执行期", "实施周期"), ("共拟支持经费", "经费"),
    ("申报要求", "其他要求"), ("有关说明", "有关说明"), ("研究目标", "研究目标"), ("合作方式", "合作方式"),
])
def test_synonyms(raw, name):
    assert canonical(raw) == name
    assert raw == "合作方式" or SECTION_LABEL_RE.match(f"{raw}：正文").group(1) == raw


def test_labels_run_onto_a_line_are_cut():
    assert split_fused("实施年限：不超过4年拟支持项目数：1~2项") == ["实施年限：不超过4年", "拟支持项目数：1~2项"]
    assert split_fused("共拟支持经费：不超过1200万元。其他要求：无") == ["共拟支持经费：不超过1200万元。", "其他要求：无"]
    # a long-valued label only after a full stop: "……的研究内容：" inside a sentence is not a label
    assert split_fused("开展上述研究内容：包括两方面") == ["开展上述研究内容：包括两方面"]


@pytest.mark.parametrize("text,expected", [
    ("不超过4年", (None, 4, "年")), ("1~2项", (1, 2, "项")), ("不少于3家", (3, None, "家")),
    ("共拟支持经费不超过1200万元", (None, 1200, "万元")), ("3年", (3, 3, "年")), ("由企业牵头", (None, None, "")),
])
def test_quantities(text, expected):
    assert quantity(text) == expected
