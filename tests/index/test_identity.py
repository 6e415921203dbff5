"""Edition identity from the title line."""

import pytest

from index.clean import split_blocks
from index.identity import identify


@pytest.mark.parametrize("head,title,programme,year,batch,status,label", [
    ("附件2\n\n“先进结构材料与工艺”重点专项2024年度项目申报指南（征求意见稿）\n\n为落实……。\n",
     "“先进结构材料与工艺”重点专项2024年度项目申报指南（征求意见稿）", "先进结构材料与工艺", 2024, "", "征求意见稿",
     "先进结构材料与工艺 2024（征求意见稿）"),
    ("附件1\n\n“纳米前沿材料”重点专项\n\n2018年度项目申报指南\n\n纳米科技是……。\n",
     "“纳米前沿材料”重点专项2018年度项目申报指南", "纳米前沿材料", 2018, "", "正式", "纳米前沿材料 2018"),
    ("“政府间国际科技创新合作”重点专项 2023 年度第一批项目申报指南\n",
     "“政府间国际科技创新合作”重点专项 2023 年度第一批项目申报指南", "政府间国际科技创新合作", 2023, "第一批", "正式",
     "政府间国际科技创新合作 2023 第一批"),
    ("## 附件\n\n# “战略性科技创新合作”重点专项 联合研发项目申报指南 (征求意见稿)\n",
     "“战略性科技创新合作”重点专项联合研发项目申报指南 (征求意见稿)", "战略性科技创新合作", None, "", "征求意见稿",
     "战略性科技创新合作（征求意见稿）"),
    ("会议纪要\n\n没有任何指南。\n", "", "", None, "", "正式", ""),
])
def test_identity(head, title, programme, year, batch, status, label):
    ident = identify(split_blocks(head))
    assert (ident.title, ident.programme, ident.year, ident.batch, ident.status, ident.label) == (
        title, programme, year, batch, status, label)


def test_aliases_name_the_programme_and_a_final_version():
    final = identify(split_blocks("“纳米前沿材料”重点专项2018年度项目申报指南\n"))
    assert final.aliases == ["纳米前沿材料", "纳米前沿材料2018", "2018年度纳米前沿材料", "正式版", "正式稿"]
    assert final.name_zh == "「纳米前沿材料」2018年度指南"
    draft = identify(split_blocks("“纳米前沿材料”重点专项2018年度项目申报指南（征求意见稿）\n"))
    assert "正式版" not in draft.aliases and draft.name_en == "纳米前沿材料 2018 guideline (draft)"
