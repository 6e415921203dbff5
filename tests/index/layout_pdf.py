"""A layout fixture printed as an A4 guideline PDF the way official documents are set: 16 pt text of about 28
characters a line, first-line indents, headings flush left that wrap onto a second line, a two-line centred title,
a two-line running header and "— N —" page numbers. Lines break between any two characters, as a CJK line breaker
does, so a wrap can fall inside "300mm"; the text width is chosen so that one does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfgen

SIZE = 16  # pt: 三号, the body size of official documents
LINE = 10.0  # mm
MARGINS = (28.0, 37.0)  # left, top (mm); the right margin is chosen, the bottom one leaves room for the page number
HEADER = ("国家重点研发计划", "“纳米前沿材料”重点专项2018年度项目申报指南")
_HEADING_RE = re.compile(r"^(?:\d{1,2}\s*[.．]\s*\d{0,2}\s*\S|[一二三四五六七八九十]+、|附件)")
_NO_LINE_START = set("，。；：、）》”！？")
_widths: dict[str, float] = {}


def _width(pdf, ch: str) -> float:
    if ch not in _widths:
        pdf.set_font("cjk" if ord(ch) in pdf.fonts["cjk"].cmap else "latin", size=SIZE)
        _widths[ch] = pdf.get_string_width(ch)
        pdf.set_font("cjk", size=SIZE)
    return _widths[ch]


def _wrap(pdf, text: str, first: float, width: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for ch in text:
        w = _width(pdf, ch)
        if line and ch not in _NO_LINE_START and used + w > (width if lines else first):
            lines.append(line)
            line, used = "", 0.0
        line, used = line + ch, used + w
    return [*lines, line] if line else lines


def _indent(paragraph: str) -> float:
    return 0.0 if _HEADING_RE.match(paragraph) else 2 * SIZE * 25.4 / 72


def _text_width(pdf, paragraphs: list[str], cut: str) -> float:
    """The widest text width (155–160 mm) at which some line ends with `cut`: "…300m" | "m…"."""
    for tenth in range(1600, 1550, -1):
        width = tenth / 10
        for p in paragraphs:
            if cut in p and any(ln.endswith(cut) for ln in _wrap(pdf, p, width - _indent(p), width)):
                return width
    raise AssertionError(f"no text width puts a line break inside {cut!r}")


def layout_pdf(path: Path, text: str, title_lines: int = 2, cut: str = "300m") -> Path:
    """`text`: one paragraph a line (blank lines between, as the fixtures are); its first paragraph after "附件…" and
    the next `title_lines - 1` are the centred title."""
    pdfgen.fonts_or_skip()
    from fpdf import FPDF

    class _A4(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            for line in HEADER:
                self.cell(0, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)
            self.set_font("cjk", size=SIZE)

        def footer(self) -> None:
            self.set_y(-25)
            self.set_font("cjk", size=14)
            self.cell(0, 8, f"— {self.page_no()} —", align="C")

    pdf = _A4(format="A4")
    pdf.add_font("cjk", fname=str(pdfgen.CJK_FONT))
    pdf.add_font("latin", fname=str(pdfgen.LATIN_FONT))
    pdf.set_fallback_fonts(["latin"])
    pdf.set_font("cjk", size=SIZE)
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    width = _text_width(pdf, paragraphs, cut)
    pdf.set_margins(MARGINS[0], MARGINS[1], pdf.w - MARGINS[0] - width)
    pdf.set_auto_page_break(True, margin=35)
    pdf.add_page()
    first_title = 1 if paragraphs[0].startswith("附件") else 0
    for i, p in enumerate(paragraphs):
        if first_title <= i < first_title + title_lines:
            pdf.set_font("cjk", size=22)
            pdf.cell(0, 12, p, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("cjk", size=SIZE)
            continue
        indent = _indent(p)
        for n, line in enumerate(_wrap(pdf, p, width - indent, width)):
            pdf.set_x(pdf.l_margin + (indent if n == 0 else 0))
            pdf.cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
