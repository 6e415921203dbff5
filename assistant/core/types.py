"""The product's nouns: Document → Domain → Direction → Section → Item → Chunk; Answer with Citations.

Every span keeps (start, end) offsets into its Document's clean text, so `doc.text[start:end]` is the span's text
and a quote can be located and highlighted. Ids are stable: edition slug + direction number + section + item.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

SectionName = Literal["研究内容", "考核指标", "技术指标", "关键词", "有关说明", "其他要求"]
METRIC_SECTIONS: tuple[str, ...] = ("考核指标", "技术指标")
Mode = Literal["extractive", "llm", "llm_fallback"]


class Edition(BaseModel):
    """One guideline edition, as described by the corpus manifest."""

    id: str  # slug, e.g. "2022-draft"
    label: str  # short label used in citations, e.g. "2022"
    title: str
    year: int | None = None  # None for the undated newer draft
    status: str = "征求意见稿"
    source: str  # file name inside corpus/
    sha256: str
    aliases: list[str] = Field(default_factory=list)  # words users call it by ("新版", "2022年度")
    name_zh: str = ""  # how answers name it, e.g. "2022年度指南"; defaults to the label
    name_en: str = ""

    def display(self, language: str) -> str:
        return (self.name_en if language == "en" else self.name_zh) or self.label


class Span(BaseModel):
    start: int
    end: int
    text: str


class Item(Span):
    index: int  # 1-based position within its section
    marker: str = ""  # "(1)", "1.", "——", or "" for a sentence of an unmarked paragraph


class Section(Span):
    name: str  # canonical name (see SectionName)
    raw_name: str  # as printed, e.g. "技术指标"
    items: list[Item] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)  # filled for 关键词 only


class Direction(BaseModel):
    edition: str  # edition id
    number: str  # "4.10" stays "4.10"
    title: str
    category: str | None = None  # normalised: 基础研究类 / 共性关键技术类 / 应用示范类
    category_raw: str | None = None
    domain_number: str
    domain_name: str
    start: int
    end: int
    title_span: Span
    sections: list[Section] = Field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.edition}:{self.number}"

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    @property
    def metrics(self) -> Section | None:
        return next((s for s in self.sections if s.name in METRIC_SECTIONS), None)

    @property
    def keywords(self) -> list[str]:
        kw = self.section("关键词")
        return kw.keywords if kw else []


class Domain(BaseModel):
    number: str
    name: str
    heading: Span | None = None  # the heading line as printed, so a list of domains can cite it
    intro: Span | None = None  # 2022 domains open with "指南方向主要聚焦…"
    directions: list[Direction] = Field(default_factory=list)


class RulePassage(Span):
    """A preamble paragraph: the rules that apply to every direction of its edition."""

    index: int
    heading: str  # "一、总体目标和安排" / "二、领域和方向"


class Anomaly(BaseModel):
    where: str
    message: str


class Document(BaseModel):
    edition: Edition
    text: str  # the clean text every offset points into
    preamble: list[RulePassage] = Field(default_factory=list)
    domains: list[Domain] = Field(default_factory=list)
    anomalies: list[Anomaly] = Field(default_factory=list)

    @property
    def directions(self) -> list[Direction]:
        return [d for dom in self.domains for d in dom.directions]


ChunkKind = Literal["header", "section", "item", "rule", "domain"]


class Chunk(BaseModel):
    """A retrievable unit. `text` is what gets embedded (prefixed with its direction); `start:end` is its source span."""

    id: str
    kind: ChunkKind
    text: str
    edition: str
    document: str
    domain: str = ""
    number: str = ""  # direction number, "" for rule/domain chunks
    title: str = ""
    category: str = ""
    section: str = ""
    item: int = 0  # 0 = whole section
    start: int
    end: int
    tokens: int = 0

    def metadata(self) -> dict[str, str | int]:
        return self.model_dump(exclude={"text"})


class Citation(BaseModel):
    edition: str  # short label, e.g. "新版"
    document: str  # edition id
    direction: str | None  # number, None for preamble rules
    title: str | None
    section: str
    item: int | None = None
    quote: str
    start: int  # offsets of the quote in the document's clean text
    end: int
    marker: str  # the inline marker used in the answer, e.g. "[新版 4.7 考核指标(2)]"


class Suggestion(BaseModel):
    edition: str
    direction: str
    title: str


class Verification(BaseModel):
    ok: bool
    problems: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    question: str
    answer: str
    answerable: bool
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    intent: str = ""
    verdict: Literal["yes", "no"] | None = None  # a yes/no question's answer, as the deciding rule implies
    language: str = "zh"
    mode: Mode = "extractive"
    verification: Verification | None = None
    latency_ms: float = 0.0
