"""Section labels: the synonym table, the label patterns, and a direction's own rules (fields) as data.

Guidelines name the same section differently across years ("主要研究内容", "考核指标与预期成果", "实施年限"/"执行期").
A label maps to one canonical name and keeps its printed form. Fields are the labelled lines that state a direction's
own rule (实施周期, 拟支持项目数, 经费, 有关说明, 合作协议), plus sentences of its notes that state one (those also
give 参与单位).
"""

from __future__ import annotations

import re

from assistant.core.types import DirectionField, Section

# printed label → canonical section name
LABELS: dict[str, str] = {
    "研究内容": "研究内容", "主要研究内容": "研究内容", "领域方向": "研究内容",
    "研究目标": "研究目标",
    "考核指标": "考核指标", "技术指标": "考核指标", "考核指标与预期成果": "考核指标", "考核指标及预期成果": "考核指标",
    "预期成果": "考核指标", "主要考核指标": "考核指标",
    "关键词": "关键词",
    "实施周期": "实施周期", "实施年限": "实施周期", "执行期": "实施周期", "项目执行期": "实施周期", "执行期限": "实施周期",
    "拟支持项目数": "拟支持项目数", "拟支持项目数量": "拟支持项目数", "支持项目数": "拟支持项目数",
    "经费": "经费", "共拟支持经费": "经费", "拟支持经费": "经费", "国拨经费": "经费", "支持经费": "经费", "资助强度": "经费",
    "有关说明": "有关说明", "其他说明": "有关说明",
    "其他要求": "其他要求", "申报要求": "其他要求",
    "合作协议": "合作协议", "合作协定": "合作协议",
}
# the canonical sections that are a direction's own rule, and the field each becomes
FIELD_OF: dict[str, str] = {"实施周期": "实施周期", "拟支持项目数": "拟支持项目数", "经费": "经费",
                            "有关说明": "有关说明", "其他要求": "有关说明", "合作协议": "合作协议"}
UNLABELLED = "正文"  # text of a direction outside any labelled section

_ALTERNATIVES = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
SECTION_LABEL_RE = re.compile(rf"^({_ALTERNATIVES})\s*[：:]\s*")
_ANY_LABEL_RE = re.compile(rf"({_ALTERNATIVES})\s*[：:]")
# labels whose value is short enough to be run onto the line before it ("实施年限：不超过4年拟支持项目数：1~2项")
_SHORT_VALUED = {"实施周期", "拟支持项目数", "经费"}
_COUNTED = _SHORT_VALUED | {"参与单位"}  # fields whose first quantity is worth keeping as numbers
# an unknown label opening a direction's text: "支持方式：…"
UNKNOWN_LABEL_RE = re.compile(r"^([\u4e00-\u9fff]{2,8})\s*[：:]\s*")

# sentences of a direction's notes that state one of its rules
_FIELD_SENTENCE_RE: list[tuple[str, re.Pattern[str]]] = [
    ("实施周期", re.compile(r"实施周期|执行期|实施年限")),
    ("拟支持项目数", re.compile(r"拟支持(?:项目数|\s*\d[\d~～\-—至\s]*项)|支持项目数")),
    ("经费", re.compile(r"经费")),
    ("参与单位", re.compile(r"(?:参与|参加)单位")),
]
_NUMBER = r"(\d+(?:\.\d+)?)"
_QUANTITY_RE = re.compile(rf"{_NUMBER}\s*(?:[~～\-—至到]\s*{_NUMBER})?\s*(个月|年|项|个|家|万元|亿元|名)")
_AT_MOST_RE = re.compile(r"(不超过|不多于|不高于|最多|以内|原则上不超过)\s*$")
_AT_LEAST_RE = re.compile(r"(不少于|不低于|至少|以上)\s*$")


def canonical(raw: str) -> str:
    return LABELS.get(raw, raw)


def split_fused(text: str) -> list[str]:
    """A paragraph cut where a label was run into it: "实施年限：不超过4年拟支持项目数：1~2项" → two paragraphs.
    A short-valued field label is cut wherever it stands; any other label only after a full stop."""
    cuts = [m.start() for m in _ANY_LABEL_RE.finditer(text) if m.start() > 0 and (
        LABELS[m.group(1)] in _SHORT_VALUED or text[m.start() - 1] in "。；;")]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return [p for p in parts if p]


def quantity(text: str) -> tuple[float | None, float | None, str]:
    """The first quantity a rule states: "不超过4年" → (None, 4, "年"); "1~2项" → (1, 2, "项")."""
    m = _QUANTITY_RE.search(text)
    if not m:
        return None, None, ""
    a = float(m.group(1))
    b = float(m.group(2)) if m.group(2) else None
    before = text[: m.start()]
    if b is not None:
        return a, b, m.group(3)
    if _AT_MOST_RE.search(before):
        return None, a, m.group(3)
    if _AT_LEAST_RE.search(before) or text[m.end():].startswith("以上"):
        return a, None, m.group(3)
    return a, a, m.group(3)


def _field(name: str, raw: str, start: int, text: str) -> DirectionField:
    low, high, unit = quantity(text) if name in _COUNTED else (None, None, "")
    return DirectionField(name=name, raw_name=raw, start=start, end=start + len(text), text=text, low=low, high=high,
                          unit=unit)


def fields_of(section: Section, label_start: int, doc_text: str) -> list[DirectionField]:
    """The fields a section states: the whole labelled line for a field section; for notes, also each sentence that
    states a period, a project count or funding."""
    out: list[DirectionField] = []
    field = FIELD_OF.get(section.name)
    if field is None:
        return out
    out.append(_field(field, section.raw_name, label_start, doc_text[label_start: section.end]))
    if field == "有关说明":
        for it in section.items:
            for name, pattern in _FIELD_SENTENCE_RE:
                if m := pattern.search(it.text):
                    out.append(_field(name, m.group(0), it.start, it.text))
    return out
