"""Real PDFs made at test time with fpdf2, shaped like the official guideline PDFs (running header, `— N —` footer,
first-line indents, a metric item cut by a page break), so `index.pdf` is tested against pypdf, not a mock.

Droid Sans Fallback has no Latin glyphs, so DejaVu Sans draws digits, `≥`, `%` and `kg` (fpdf2 fallback font).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

TITLE = "“测试专项”联合研发项目申报指南（征求意见稿）"
RULE = ("项目不下设课题，中方参与单位总数不超过 10 家，实施周期一般不超过 3 年。申报项目时须有 1 个（或以上）国（境）外"
        "合作单位共同参与申报，项目形成的中外合著论文中发表在我国科技期刊的比例≥50%。")
SCOPE = "本批次指南拟在测试领域启动一批指南任务，共计 3 个二级指南方向。拟支持约 3 个项目，国拨经费概算约 3000 万元人民币。"
# item (2) of direction 1.2 is printed with a forced page break after its first line, which has no clause
# punctuation: cut off by a blank line, the parser would take that line for a heading and never rejoin it
SPLIT_HEAD = "研制面向矿山与港口复杂工况的重载作业机器人样机 1 台并完成"
SPLIT_TAIL = "能耗较现有同类装备降低≥30%"
DIRECTIONS: list[dict] = [
    {"number": "1.1", "title": "储能材料界面调控技术合作研究", "category": "基础研究类",
     "content": "针对新型储能材料界面稳定性差的问题，联合开展界面结构表征与调控机理研究，建立材料性能预测模型。",
     "metrics": ["揭示 2~3 种界面失效机制，材料循环寿命提升≥50%；",
                 "建立储能材料性能数据库 1 个，收录数据不少于 1000 条；",
                 "中外联合发表高水平论文不少于 4 篇，国际合作人员互访不少于 10 人次。"],
     "keywords": ["储能材料", "界面调控", "国际合作"]},
    {"number": "1.2", "title": "重载作业机器人关键技术合作研究", "category": "共性关键技术类",
     "content": "面向矿山与港口重载作业需求，联合研发重载机器人驱动、感知与协同控制技术，开展典型场景验证。",
     "metrics": ["突破重载关节一体化驱动技术，关节输出扭矩不低于 5000 N·m；",
                 f"{SPLIT_HEAD}典型场景验证，额定载荷不低于 1000 kg，重复定位精度优于 0.5 mm，在粉尘与振动等复杂工况下连续无故障"
                 f"运行时间不少于 500 h，{SPLIT_TAIL}；",
                 "申请国际专利不少于 2 项，召开国际研讨会 1~2 次。"],
     "keywords": ["重载机器人", "协同控制", "复杂工况"]},
    {"number": "1.3", "title": "智能电网柔性调控示范应用合作研究", "category": "应用示范类",
     "content": "围绕高比例新能源接入，联合开展柔性调控装备研制与示范应用，形成可推广的技术方案。",
     "metrics": ["研制柔性调控装备 2 套，调节响应时间≤100 ms；",
                 "建成示范工程 1 项，新能源消纳率提升≥15%；",
                 "形成国际标准提案 1 项，培养青年科技人才不少于 5 名。"],
     "keywords": ["智能电网", "柔性调控", "示范应用"]},
]

_SIZE = 11  # pt
_LINE = 6.0  # mm
_INDENT = 2 * _SIZE * 25.4 / 72  # two full-width characters, as official documents indent a paragraph
_TOKEN_RE = re.compile(r"[A-Za-z0-9.%~≥≤±·/-]+|\s|.")  # a Latin run is never cut by a wrap, as Word does not
_NO_LINE_START = set("，。；：、）》”！？")  # Chinese typesetting hangs these at the end of the line instead


def fonts_or_skip() -> None:
    missing = [str(p) for p in (CJK_FONT, LATIN_FONT) if not p.exists()]
    if missing:
        pytest.skip(f"missing font {', '.join(missing)}: run scripts/system-deps.sh (fonts-droid-fallback, "
                    "fonts-dejavu-core)")


def _new_pdf(running_title: str | None, page_label: str = "— {n} —"):
    from fpdf import FPDF

    class _Guideline(FPDF):
        def header(self) -> None:
            if running_title:
                self.set_font("cjk", size=9)
                self.cell(0, 6, running_title, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)
                self.set_font("cjk", size=_SIZE)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, page_label.replace("{n}", str(self.page_no())), align="C")  # fpdf2 fills in {nb}

    pdf = _Guideline(format=(148, 210))
    pdf.add_font("cjk", fname=str(CJK_FONT))
    pdf.add_font("latin", fname=str(LATIN_FONT))
    pdf.set_fallback_fonts(["latin"])
    pdf.set_font("cjk", size=_SIZE)
    pdf.set_auto_page_break(True, margin=20)
    return pdf


_char_widths: dict[str, float] = {}


def _width(pdf, text: str) -> float:
    if len(text) == 1 and text in _char_widths:
        return _char_widths[text]
    missing = set(text) - _char_widths.keys()
    for ch in missing:
        pdf.set_font("cjk" if ord(ch) in pdf.fonts["cjk"].cmap else "latin", size=_SIZE)
        _char_widths[ch] = pdf.get_string_width(ch)
    if missing:
        pdf.set_font("cjk", size=_SIZE)
    return sum(_char_widths[ch] for ch in text)


def _wrap(pdf, text: str, first_width: float, width: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for token in _TOKEN_RE.findall(text):
        w = _width(pdf, token)
        if line and token not in _NO_LINE_START and used + w > (width if lines else first_width):
            lines.append(line.rstrip())
            line, used = token.lstrip(), _width(pdf, token.lstrip())
        else:
            line, used = line + token, used + w
    return [*lines, line] if line else lines


def _paragraph(pdf, text: str, indent: bool = True, break_after_line: int | None = None) -> None:
    body = pdf.w - pdf.l_margin - pdf.r_margin
    lines = _wrap(pdf, text, body - (_INDENT if indent else 0), body)
    for i, line in enumerate(lines):
        pdf.set_x(pdf.l_margin + (_INDENT if indent and i == 0 else 0))
        pdf.cell(0, _LINE, line, new_x="LMARGIN", new_y="NEXT")
        if break_after_line == i + 1 and i + 1 < len(lines):
            pdf.add_page()


def guideline_pdf(path: Path, footer: str = "— {n} —") -> Path:
    """A three-direction guideline whose metric item 1.2 (2) runs over a page break; `footer` numbers the pages."""
    fonts_or_skip()
    pdf = _new_pdf(TITLE, footer)
    pdf.add_page()
    pdf.set_font("cjk", size=14)
    pdf.cell(0, 10, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=_SIZE)
    pdf.ln(3)
    _paragraph(pdf, "一、总体目标和安排", indent=False)
    _paragraph(pdf, RULE)
    _paragraph(pdf, "二、领域和方向", indent=False)
    _paragraph(pdf, SCOPE)
    _paragraph(pdf, "1.测试领域", indent=False)
    for d in DIRECTIONS:
        _paragraph(pdf, f"{d['number']} {d['title']}（{d['category']}）", indent=False)
        _paragraph(pdf, f"研究内容：{d['content']}")
        _paragraph(pdf, "考核指标：")
        for i, metric in enumerate(d["metrics"], 1):
            cut = 1 if metric.startswith(SPLIT_HEAD) else None
            _paragraph(pdf, f"({i}) {metric}", break_after_line=cut)
        _paragraph(pdf, "关键词：" + "；".join(d["keywords"]))
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path, user_password: str | None = "secret") -> Path:
    """RC4, which pypdf decrypts without extra packages; with no user password anyone may open it."""
    fonts_or_skip()
    pdf = _new_pdf(TITLE)
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    _paragraph(pdf, RULE)
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    """What a scan looks like to a text extractor: marks on the page, no text operators."""
    from fpdf import FPDF

    pdf = FPDF(format=(148, 210))
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(20, 30, 100, 60, style="F")
    pdf.output(str(path))
    return path


def empty_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    with path.open("wb") as f:
        PdfWriter().write(f)
    return path


_HEADING_LIKE_RE = re.compile(r"^(?:\d{1,2}\s*[.．]\s*\d{0,2}\s*\S|[一二三四五六七八九十]+、)[^，,；;：:。]*$")


def text_pdf(path: Path, text: str, title: str) -> Path:
    """Any clean guideline text (one paragraph a line) printed as a guideline PDF: headings flush left, other
    paragraphs indented, the title running over every page."""
    fonts_or_skip()
    pdf = _new_pdf(title)
    pdf.add_page()
    for paragraph in filter(None, text.split("\n")):
        _paragraph(pdf, paragraph, indent=not _HEADING_LIKE_RE.match(paragraph))
    pdf.output(str(path))
    return path
