"""The parse report: what it shows, and when a parse looks wrong."""

from pathlib import Path

import pytest

from assistant.core.types import Edition
from index.parse import parse_text
from index.report import parse_report

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"
EDITION = Edition(id="t", label="t", title="", source="t.txt", sha256="")


def report_of(text: str):
    return parse_report(parse_text(text, EDITION), "t.txt")


def test_the_report_shows_levels_parents_sections_rules_and_counts():
    report = report_of((LAYOUTS / "nano-frontier-2018.txt").read_text(encoding="utf-8"))
    text = report.render()
    assert report.ok and "verdict: looks right" in text
    assert "levels: 1. parent(上级) ×2 › 1.1 direction(方向) ×4" in text
    assert "    1 纳米生物医学: 2" in text and "    2 纳米能源材料: 2" in text
    assert "directions: 4 parsed, 4 declared" in text
    assert ("    1.2 纳米药物递送系统规模化制备技术 [共性关键技术类]: 研究内容(1) 考核指标(2) 实施年限(1) 拟支持项目数(1) "
            "有关说明(1) · 实施周期: 不超过4年; 拟支持项目数: 1项") in text
    assert "rule sentences: 8 in the preamble" in text
    assert report.set_aside == ["附件1", "“纳米前沿材料”重点专项2018年度项目申报指南"]  # a title wrapped in the .txt


@pytest.mark.parametrize("text,problem", [
    ("说明：本批次共计 3 个指南方向。\n\n1. 领域\n\n1.1 高温合金\n\n研究内容：甲。\n\n1.2 轻质合金\n\n研究内容：乙。\n",
     "the preamble declares 3 directions, 2 parsed"),
    ("说明：规则。\n\n1. 领域\n\n1.1 高温合金\n\n研究内容：甲。\n\n1.2 轻质合金\n\n1.3 陶瓷材料\n\n研究内容：乙。\n",
     "directions without any section: 1.2"),
    ("说明：规则。\n\n1. 领域\n\n1.1 高温合金\n\n研究内容：甲。\n\n1.1 轻质合金\n\n研究内容：乙。\n",
     "direction numbers printed twice: 1.1#2"),
    ("1. 领域\n\n1.1 高温合金\n\n研究内容：甲。\n", "no rule sentence before the directions"),
    ("会议纪要\n\n没有任何指南方向。\n", "no guideline directions"),
])
def test_a_parse_that_looks_wrong_says_why(text, problem):
    report = report_of(text)
    assert not report.ok and any(p.startswith(problem) for p in report.problems), report.problems
    assert f"verdict: looks wrong: {report.problems[0]}" in report.render()
