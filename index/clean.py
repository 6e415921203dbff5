"""Turn the conversion's markup into readable text without touching the wording.

`clean_inline` rewrites LaTeX math, HTML sub/sup and bold markers; `split_blocks` turns raw text into paragraphs,
joining hard-wrapped lines and paragraphs that a page break cut in the middle of a sentence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from index.sections import SECTION_LABEL_RE

_SUP = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP_OK = set("0123456789+-−=()n")
_SUB_OK = set("0123456789+-=()")

_LATEX_SYMBOLS = {
    r"\geqslant": "≥", r"\leqslant": "≤", r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤",
    r"\times": "×", r"\cdot": "·", r"\pm": "±", r"\mp": "∓", r"\sim": "~", r"\approx": "≈",
    r"\neq": "≠", r"\ne": "≠", r"\circ": "°", r"\degree": "°", r"\%": "%", r"\rightarrow": "→",
    r"\to": "→", r"\leftarrow": "←", r"\infty": "∞", r"\mu": "μ", r"\alpha": "α", r"\beta": "β",
    r"\gamma": "γ", r"\delta": "δ", r"\Delta": "Δ", r"\lambda": "λ", r"\sigma": "σ", r"\pi": "π",
    r"\theta": "θ", r"\Omega": "Ω", r"\omega": "ω", r"\eta": "η", r"\rho": "ρ", r"\tau": "τ",
    r"\phi": "φ", r"\varphi": "φ", r"\epsilon": "ε", r"\varepsilon": "ε", r"\kappa": "κ",
    r"\lt": "<", r"\gt": ">", r"\&": "&", r"\_": "_", r"\#": "#", r"\$": "$",
}
_LATEX_SYMBOL_RE = re.compile(
    "|".join(re.escape(k) + (r"(?![A-Za-z])" if k[-1].isalpha() else "") for k in
             sorted(_LATEX_SYMBOLS, key=len, reverse=True))
)
_TEXT_CMD_RE = re.compile(r"\\(?:text|mathrm|mathbf|mathit|rm|operatorname|textrm|mbox)\s*\{([^{}]*)\}")
_SCRIPT_RE = re.compile(r"([\^_])\s*(\{([^{}]*)\}|[^\s{}\\(])")
_SPACING_RE = re.compile(r"\\[,;:! ]|\\quad|\\qquad|\\left|\\right|~")
_MATH_RE = re.compile(r"\$\$?(.+?)\$?\$", re.S)
_TAG_SCRIPT_RE = re.compile(r"<(sub|sup)>(.*?)</\1>", re.I | re.S)
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
_BOLD_RE = re.compile(r"\*\*|__")

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。；：、！？（）《》“”‘’【】—…「」『』"
_SPACE_AROUND_PUNCT_RE = re.compile(rf"[ \t]*([{CJK_PUNCT}])[ \t]*")
_SPACE_BETWEEN_CJK_RE = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])")


def _script(kind: str, body: str) -> str:
    body = body.strip()
    table, ok = (_SUP, _SUP_OK) if kind == "^" else (_SUB, _SUB_OK)
    if body and all(c in ok for c in body):
        return body.translate(table)
    if kind == "^" and body in ("\\circ", "°", "o"):
        return "°"
    return f"{kind}({body})" if len(body) > 1 else f"{kind}{body}"


def latex_to_text(math: str) -> str:
    """`\\geq 50\\%` → `≥50%`, `^{18}\\text{F}` → `¹⁸F`, `\\text{Ra}^{2+}` → `Ra²⁺`."""
    s = math.replace("^{\\circ}", "°").replace("^\\circ", "°")
    s = _LATEX_SYMBOL_RE.sub(lambda m: _LATEX_SYMBOLS[m.group(0)], s)  # before \text{} unwraps: "\mu\text{s}"
    s = _TEXT_CMD_RE.sub(lambda m: m.group(1).strip(), s)
    s = _SPACING_RE.sub(" ", s)
    s = s.replace("\\frac", "")  # rare; keep numerator/denominator readable below
    prev = None
    while prev != s:  # innermost scripts first
        prev = s
        s = _SCRIPT_RE.sub(lambda m: _script(m.group(1), m.group(3) if m.group(3) is not None else m.group(2)), s)
    s = re.sub(r"\\([A-Za-z]+)", r"\1", s)  # unknown command: keep its name rather than lose it
    s = s.replace("{", "").replace("}", "")
    return re.sub(r"\s+", "", s)


def clean_inline(s: str) -> str:
    s = html.unescape(s)
    s = _TAG_SCRIPT_RE.sub(lambda m: _script("^" if m.group(1).lower() == "sup" else "_", _TAG_RE.sub("", m.group(2))), s)
    s = _TAG_RE.sub("", s)
    s = _MATH_RE.sub(lambda m: f" {latex_to_text(m.group(1))} ", s)
    s = _LATEX_SYMBOL_RE.sub(lambda m: _LATEX_SYMBOLS[m.group(0)], s)  # stray commands outside $…$
    s = _BOLD_RE.sub("", s)
    s = s.replace("\u3000", " ").replace("\xa0", " ")
    s = re.sub(r"[ \t]+", " ", s)
    s = re.sub(r" (?=[)\],;%])|(?<=[(\[@]) ", "", s)
    s = _SPACE_AROUND_PUNCT_RE.sub(r"\1", s)
    s = _SPACE_BETWEEN_CJK_RE.sub("", s)
    return s.strip()


# ---------------------------------------------------------------- blocks

_HEADING_RE = re.compile(r"^\s*#{1,6}\s*")
_BULLET_RE = re.compile(r"^\s*[-*•]\s+(?=\S)")
ITEM_MARKER_RE = re.compile(r"^(?:[(（]\s*(\d{1,2})\s*[)）]|(\d{1,2})\s*[.．、](?![\d%])|——?(?!\s*\d+\s*—)|[①-⑳])\s*")
STRUCTURE_START_RE = re.compile(r"^(?:\d{1,2}\s*[.．、]\s*\d{0,2}|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|方向\s*\d)")
# unnumbered headings of a block outside every direction
BLOCK_NAME_RE = re.compile(r"^(?:青年科学家项目|申报要求|申报条件|申报说明|其他事项|其他说明|附则|形式审查条件要求|组织实施)$")
TERMINAL = tuple("。；;！？!?：:”」』")


@dataclass
class Block:
    text: str
    heading: bool = False  # marked up as a heading (#, or a line in bold) in the conversion
    lines: list[str] = field(default_factory=list)  # the block's cleaned source lines (hard wraps kept)


_LATIN_RUN_END_RE = re.compile(r"[A-Za-z0-9.,%~≥≤±·/_-]+$")
_UNITS = frozenset("mm cm km nm μm um kg mg kW MW GW kWh MWh Wh MPa GPa kPa kV Hz kHz MHz GHz mS ms ns min dB ppm "
                   "mol nmol mL".split())


def wrapped_at_space(a: str, b: str) -> bool:
    """Was there a space where this line wrapped? Only between two Latin/number runs, and only when the run before
    the wrap stands apart from what precedes it ("the data" + "sharing", "不低于 1000" + "kg"). A run glued to Chinese
    text ("直径300m" + "m"), a number cut in two, or a unit cut in two ("≤2 m" + "m") was cut inside a token by a line
    breaker that breaks anywhere."""
    if not (a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum()):
        return False
    if a[-1].isdigit() and b[0].isdigit():
        return False
    left, right = re.search(r"[A-Za-zμ]+$", a), re.match(r"[A-Za-z]+", b)
    if left and right and left.group(0) + right.group(0) in _UNITS:
        return False
    run = _LATIN_RUN_END_RE.search(a)
    return run is not None and (run.start() == 0 or a[run.start() - 1] in " \t")


def _join(a: str, b: str) -> str:
    if wrapped_at_space(a, b):
        return a + " " + b
    return clean_inline(a + b) if a and b else a + b


def _starts_structure(text: str) -> bool:
    return bool(ITEM_MARKER_RE.match(text) or SECTION_LABEL_RE.match(text) or STRUCTURE_START_RE.match(text)
                or BLOCK_NAME_RE.match(text))


def split_blocks(raw: str) -> list[Block]:
    """Paragraphs of clean text. Hard-wrapped lines are joined; a paragraph that ends mid-sentence is joined to the
    next one when that one does not open a new structure (a page break cut it)."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            text = ""
            for line in para:
                text = _join(text, line)
            blocks.append(Block(text=text, lines=list(para)))
            para.clear()

    for raw_line in raw.splitlines():
        if not raw_line.strip():
            flush()
            continue
        is_heading = bool(_HEADING_RE.match(raw_line))
        stripped = _HEADING_RE.sub("", raw_line)
        bold_line = stripped.strip().startswith("**") and stripped.strip().endswith("**")
        line = clean_inline(_BULLET_RE.sub("", stripped))
        if not line:
            continue
        if is_heading or bold_line:
            flush()
            blocks.append(Block(text=line, heading=True, lines=[line]))
            continue
        if para and _starts_structure(line):
            flush()
        para.append(line)
    flush()
    return _rejoin_page_breaks(blocks)


_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}\s*[.．]\s*(\d{1,2})?\s*[^，,；;：:。]{2,60}$")


def looks_like_heading(b: Block) -> bool:
    """A short or numbered line with no clause punctuation ("9. 气候变化领域合作", "一、总体目标和安排"): a heading
    the conversion left unmarked, so a paragraph after it is not its continuation."""
    if re.match(r"[(（]\s*\d{1,2}\s*[)）]", b.text) and not b.heading:
        return False  # "(2) …并完成典" cut by a page break is an item, not a heading
    short_plain = len(b.text) <= 40 and not re.search(r"[，,；;：:。]", b.text)
    return b.heading or short_plain or bool(_NUMBERED_HEADING_RE.match(b.text))


def _rejoin_page_breaks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not looks_like_heading(prev)
            and not b.heading
            and not prev.text.endswith(TERMINAL)
            and not _starts_structure(b.text)
        ):
            prev.text = _join(prev.text, b.text)
            # a page break cuts mid-word ("大" + "规模仿真平台"): the two lines are one line, unlike a hard wrap
            prev.lines[-1:] = [_join(prev.lines[-1], b.lines[0]), *b.lines[1:]]
            continue
        out.append(b)
    return out
