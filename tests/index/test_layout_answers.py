"""Each layout fixture, added with `index add` (the real path) to a copy of the corpus, answers through
`Assistant.ask`: a rule question, a metric question, a question naming the edition by its 专项 name, and a question
two editions could answer (plus what the layout adds: a block after the directions, a direction's own rule).

One index per layout, built in a temp dir; they share the session index's vector cache, so only the fixture's own
chunks are embedded, once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.core.types import Answer
from index.ingest import add_edition

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"
NEW, OLD = "新版", "2022"
DRAFT, FINAL = "先进结构材料与工艺 2024（征求意见稿）", "先进结构材料与工艺 2024"
NANO, DEVICES, WATER = "纳米前沿材料 2018", "智能诊疗器械 2023", "智慧水利与水安全 2022 第二批"
PARTNER, VARIANTS, MARINE = "政府间国际科技创新合作 2023 第一批", "高端功能器件 2025（征求意见稿）", "海洋工程装备 2019"

LAYOUT_FILES = {
    "unheaded-young-scientists": ["structural-materials-2024-draft.txt"],
    "final-of-a-draft": ["structural-materials-2024-draft.txt", "structural-materials-2024-final.txt"],
    "2016-2019-fields": ["nano-frontier-2018.txt"],
    "single-level": ["diagnostic-devices-2023.txt"],
    "three-level": ["water-security-2022-2.txt"],
    "partner-countries": ["intergovernmental-2023-1.txt"],
    "variant-sections": ["functional-devices-2025.txt"],
    "parenthesised-parents": ["marine-equipment-2019.txt"],
    "pdf": ["nano-frontier-2018.pdf"],  # printed at test time from the .txt
}


@dataclass
class Case:
    layout: str
    kind: str  # rule / metric / named / two-editions / …
    question: str
    says: list[str]  # literal text the answer must contain
    cites: set[str]  # edition labels it must cite
    only: bool = False  # …and no other edition
    direction: str | None = None  # a direction number it must cite

    @property
    def param(self):
        return pytest.param(self, id=f"{self.layout}-{self.kind}")


CASES = [
    # 2021+ layout: rules in unheaded preamble paragraphs, a 青年科学家项目 block after the directions
    Case("unheaded-young-scientists", "rule", "基础研究类项目的项目参与单位总数不超过几家？", ["不超过6家"], {DRAFT}),
    Case("unheaded-young-scientists", "metric", "超高强韧钢的组织设计与强韧化机理方向的抗拉强度要求是多少？",
         ["≥2000 MPa"], {DRAFT}, direction="1.1"),
    Case("unheaded-young-scientists", "named", "先进结构材料与工艺2024年度指南的实施周期是多久？", ["不超过4年"], {DRAFT},
         only=True),
    Case("unheaded-young-scientists", "two-editions", "项目参与单位总数不超过几家？", ["不超过 10 家", "不超过6家"],
         {NEW, OLD, DRAFT}),
    Case("unheaded-young-scientists", "block-after", "青年科学家项目负责人年龄要求是什么？", ["1989年1月1日"], {DRAFT}),
    Case("unheaded-young-scientists", "own-rule", "大型钛合金构件激光增材制造方向的实施周期是多久？",
         ["本方向实施周期不超过3年"], {DRAFT}, direction="1.2"),
    Case("unheaded-young-scientists", "own-rule-overrides", "大型钛合金构件激光增材制造方向的实施周期是多久？",
         ["本方向实施周期不超过3年", "实施周期不超过4年"], {DRAFT}, direction="1.2"),
    # the final (正式) version of that draft, with changed figures, added next to it
    Case("final-of-a-draft", "rule", "基础研究类项目参与单位总数不超过几家？", ["不超过5家", "不超过6家"], {DRAFT, FINAL}),
    Case("final-of-a-draft", "metric", "超高强韧钢的组织设计与强韧化机理方向的抗拉强度要求是多少？", ["≥2100 MPa"],
         {FINAL}, direction="1.1"),
    Case("final-of-a-draft", "metric-in-both", "超高强韧钢的组织设计与强韧化机理方向的抗拉强度要求是多少？",
         ["≥2100 MPa", "≥2000 MPa"], {DRAFT, FINAL}),
    Case("final-of-a-draft", "named", "先进结构材料与工艺正式版指南中青年科学家项目拟支持几项？", ["拟支持4项"], {FINAL},
         only=True),
    Case("final-of-a-draft", "two-editions", "先进结构材料与工艺专项的实施周期不超过几年？",
         ["实施周期不超过4年", "实施周期不超过3年"], {DRAFT, FINAL}),
    # 2016–2019: 实施年限 / 拟支持项目数 per direction, one line fusing both
    Case("2016-2019-fields", "rule", "一般项目下设课题数原则上不超过几个？", ["不超过4个"], {NANO}),
    Case("2016-2019-fields", "rule-执行期", "项目执行期一般为几年？", ["项目执行期一般为5年"], {NANO}),
    Case("2016-2019-fields", "metric", "纳米晶硅光伏电池产业化示范的电池量产转换效率要求是多少？", ["≥25%"], {NANO},
         direction="2.2"),
    Case("2016-2019-fields", "named", "纳米前沿材料专项中纳米药物递送系统规模化制备技术方向的考核指标是什么？",
         ["批产能力≥10 kg"], {NANO}, only=True, direction="1.2"),
    Case("2016-2019-fields", "own-field", "纳米前沿材料专项中纳米药物递送系统规模化制备技术方向的实施年限是多久？",
         ["不超过4年"], {NANO}, only=True, direction="1.2"),
    Case("2016-2019-fields", "two-editions", "项目下设课题数有什么要求？", ["不超过4个", "项目不下设课题"], {NANO, NEW}),
    # single-level directions "1. 标题（基础研究类）"
    Case("single-level", "rule", "智能诊疗器械专项项目参与单位总数不超过几家？", ["不超过8家"], {DEVICES}, only=True),
    Case("single-level", "metric", "手术机器人力反馈控制技术的力觉反馈精度要求是多少？", ["≤0.1 N"], {DEVICES},
         direction="1"),
    Case("single-level", "named", "智能诊疗器械2023年度指南中可穿戴心电监测芯片的房颤识别准确率要求？", ["≥95%"],
         {DEVICES}, only=True, direction="2"),
    Case("single-level", "two-editions", "实施周期不超过几年？", ["实施周期不超过3年", "实施周期不超过 3 年"],
         {DEVICES, OLD}),
    # three-level numbers 1.1.1
    Case("three-level", "rule", "项目下设课题数不超过几个？", ["项目下设课题数不超过5个"], {WATER}),
    Case("three-level", "metric", "流域洪水智能预报模型的洪水预见期要求是多少？", ["≥72 h"], {WATER}, direction="1.1.1"),
    Case("three-level", "named", "智慧水利与水安全专项中城市内涝实时预警平台的预警发布时间要求是多少？", ["≤10 min"],
         {WATER}, only=True, direction="1.1.2"),
    Case("three-level", "two-editions", "每个方向拟支持项目数为几项？", ["每个方向拟支持项目数为1~2项"], {WATER, NEW}),
    Case("three-level", "structure", "干旱监测评估有哪些指南方向？", ["农业干旱多源遥感监测技术"], {WATER}),
    # partner-country blocks (政府间合作)
    Case("partner-countries", "rule", "政府间国际科技创新合作专项中方参与单位总数不超过几家？", ["不超过5家"], {PARTNER},
         only=True),
    Case("partner-countries", "block", "中国和希腊政府间合作的合作协议是什么？",
         ["《中华人民共和国政府和希腊共和国政府科学技术合作协定》"], {PARTNER}, direction="4"),
    Case("partner-countries", "named", "政府间国际科技创新合作专项中，中国和泰国政府间合作对泰方合作单位有什么要求？",
         ["泰方合作单位须为高校或公立科研机构"], {PARTNER}, only=True, direction="2"),
    Case("partner-countries", "metric", "中国和匈牙利政府间合作拟支持项目数是多少？", ["不超过2项"], {PARTNER},
         direction="3"),
    Case("partner-countries", "named-field", "政府间国际科技创新合作专项中，中国和埃及政府间合作共拟支持经费是多少？",
         ["不超过900万元"], {PARTNER}, only=True, direction="5"),
    Case("partner-countries", "two-editions", "中方参与单位总数不超过几家？", ["不超过 10 家", "不超过5家"],
         {NEW, OLD, PARTNER}),
    Case("partner-countries", "own-rule-overrides", "中国和埃及政府间合作的中方参与单位总数不超过几家？",
         ["不超过3家", "不超过5家"], {PARTNER}, direction="5"),
    # variant section names (研究目标, 主要研究内容, 考核指标与预期成果, 技术指标, 预期成果, 申报要求)
    Case("variant-sections", "rule", "高端功能器件专项项目参与单位总数不超过几家？", ["不超过7家"], {VARIANTS}, only=True),
    Case("variant-sections", "metric", "车规级碳化硅功率模块封装技术的功率循环寿命要求是多少？", ["≥20万次"], {VARIANTS},
         direction="1.2"),
    Case("variant-sections", "metric-from-预期成果", "氧化镓功率器件的击穿电压要求是多少？", ["≥3000 V"], {VARIANTS},
         direction="1.1"),
    Case("variant-sections", "named", "高端功能器件2025年度指南中MEMS惯性传感器芯片方向有什么其他要求？",
         ["牵头单位须具备MEMS芯片量产经验"], {VARIANTS}, only=True, direction="2.1"),
    Case("variant-sections", "named-申报要求", "高端功能器件2025年度指南中MEMS惯性传感器芯片方向有什么申报要求？",
         ["牵头单位须具备MEMS芯片量产经验"], {VARIANTS}, only=True, direction="2.1"),
    Case("variant-sections", "research-from-主要研究内容", "车规级碳化硅功率模块封装技术主要研究什么？",
         ["银烧结互连"], {VARIANTS}, direction="1.2"),
    Case("variant-sections", "two-editions", "申报项目须涵盖哪些研究内容和考核指标？",
         ["全部研究目标和考核指标", "全部研究内容和考核指标"], {VARIANTS, NEW}),
    # （一） parents, 1. directions, 执行期 fields, a 申报要求 block after the directions
    Case("parenthesised-parents", "rule", "一般项目下设课题数原则上不超过几个？", ["不超过5个"], {MARINE}),
    Case("parenthesised-parents", "rule-执行期", "项目执行期一般为几年？", ["项目执行期一般为3~5年"], {MARINE}),
    Case("parenthesised-parents", "metric", "全海深自主潜水器的续航里程要求是多少？", ["≥100 km"], {MARINE},
         direction="1"),
    Case("parenthesised-parents", "named", "海洋工程装备2019年度指南中深海原位传感器的甲烷检测下限是多少？",
         ["≤1 nmol/L"], {MARINE}, only=True, direction="2"),
    Case("parenthesised-parents", "own-field", "海洋工程装备专项中兆瓦级潮流能发电机组的执行期是多久？", ["不超过5年"],
         {MARINE}, only=True, direction="3"),
    Case("parenthesised-parents", "two-editions", "项目参与单位总数不超过几家？", ["不超过10家", "不超过 10 家"],
         {MARINE, NEW}),
    Case("parenthesised-parents", "block-after", "项目负责人应具有什么职称？", ["高级职称"], {MARINE}),
    # the 2016–2019 layout as an A4 PDF: two-line title and headings, running header, "— N —", a wrap inside 300mm
    Case("pdf", "rule", "一般项目下设课题数原则上不超过几个？", ["不超过4个"], {NANO}),
    Case("pdf", "metric", "纳米晶硅光伏电池产业化示范的硅片碎片率要求是多少？", ["300mm硅片碎片率≤0.5%"], {NANO},
         direction="2.2"),
    Case("pdf", "named", "纳米前沿材料专项中肿瘤早期诊断用多模态纳米探针方向能检出多大的肿瘤病灶？", ["≤2 mm"], {NANO},
         only=True, direction="1.1"),
    Case("pdf", "two-editions", "项目下设课题数有什么要求？", ["不超过4个", "项目不下设课题"], {NANO, NEW}),
]


@pytest.fixture(scope="module")
def assistants(tmp_path_factory, settings, built_index):
    """Layout name → an Assistant over the corpus plus that layout's files, built on first use."""
    import layout_pdf

    from assistant.answer.pipeline import Assistant

    root = tmp_path_factory.mktemp("layouts")
    pdf = layout_pdf.layout_pdf(root / "nano-frontier-2018.pdf", (LAYOUTS / "nano-frontier-2018.txt").read_text())
    built: dict[str, Assistant] = {}

    def get(layout: str) -> Assistant:
        if layout not in built:
            corpus, data = root / layout / "corpus", root / layout / "data"
            shutil.copytree(settings.corpus_dir, corpus, ignore=shutil.ignore_patterns("*.pdf"))
            (data / "index").mkdir(parents=True)
            (data / "index" / "cache").symlink_to(settings.index_dir / "cache")
            s = settings.model_copy(update={"corpus_dir": corpus, "data_dir": data})
            for name in LAYOUT_FILES[layout]:
                add_edition(s, pdf if name.endswith(".pdf") else LAYOUTS / name)
            built[layout] = Assistant.from_settings(s)
        return built[layout]

    return get


def _check(case: Case, answer: Answer) -> None:
    assert answer.answerable, answer.answer
    for text in case.says:
        assert text in answer.answer, (text, answer.answer)
    cited = {c.edition for c in answer.citations}
    assert case.cites <= cited, (cited, answer.answer)
    if case.only:
        assert cited == case.cites, answer.answer
    if case.direction:
        assert any(c.direction == case.direction and c.edition in case.cites for c in answer.citations), answer.answer


@pytest.mark.parametrize("case", [c.param for c in CASES])
def test_layout_answers(assistants, case: Case) -> None:
    _check(case, assistants(case.layout).ask(case.question))
