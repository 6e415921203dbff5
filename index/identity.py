"""An edition's identity from its own title line: 专项 name, year, batch, status; a label and aliases from them.

The title is the line naming the 指南 near the top ("附件2" above it is not), joined with the line before it when a
long title was broken after "重点专项".
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from index.clean import Block

_HEAD_BLOCKS = 12  # the title is among the first paragraphs
_SENTENCE_RE = re.compile(r"[，,。；;！？]")
_PROGRAMME_RE = re.compile(r"[“\"「『]\s*([^”\"」』]{2,30}?)\s*[”\"」』]\s*(?:重点专项|重大项目|专项)")
_BARE_PROGRAMME_RE = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:重点专项|重大项目)")
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_BATCH_RE = re.compile(r"第\s*([一二三四五六七八九十\d]{1,3})\s*批")
DRAFT, FINAL = "征求意见稿", "正式"


class Identity(BaseModel):
    title: str = ""
    programme: str = ""
    year: int | None = None
    batch: str = ""  # "第一批"
    status: str = FINAL

    @property
    def label(self) -> str:
        """"先进结构材料与工艺 2024", "… 2024 第二批", "… 2024（征求意见稿）"; "" without a 专项 name."""
        if not self.programme:
            return ""
        base = " ".join(x for x in (self.programme, str(self.year or ""), self.batch) if x)
        return base + ("（征求意见稿）" if self.status == DRAFT else "")

    @property
    def aliases(self) -> list[str]:
        """Words a question may name this edition by (the year is matched on its own by the answer path)."""
        if not self.programme:
            return []
        names = [self.programme]
        if self.year:
            names += [f"{self.programme}{self.year}", f"{self.year}年度{self.programme}"]
        if self.status == FINAL:
            names += ["正式版", "正式稿"]
        return names

    @property
    def name_zh(self) -> str:
        if not self.programme:
            return ""
        year = f"{self.year}年度" if self.year else ""
        return f"「{self.programme}」{year}{self.batch}指南" + ("（征求意见稿）" if self.status == DRAFT else "")

    @property
    def name_en(self) -> str:
        if not self.programme:
            return ""
        return " ".join(x for x in (self.programme, str(self.year or ""), self.batch, "guideline") if x) + (
            " (draft)" if self.status == DRAFT else "")


def title_line(blocks: list[Block]) -> str:
    head = [b.text for b in blocks[:_HEAD_BLOCKS]]
    for i, text in enumerate(head):
        if "指南" in text and not _SENTENCE_RE.search(text) and len(text) <= 100:
            before = head[i - 1] if i else ""
            if "专项" in before and "指南" not in before and not _SENTENCE_RE.search(before):
                return f"{before}{text}"
            return text
    return ""


def identify(blocks: list[Block]) -> Identity:
    title = title_line(blocks)
    m = _PROGRAMME_RE.search(title) or _BARE_PROGRAMME_RE.search(title)
    year = _YEAR_RE.search(title)
    batch = _BATCH_RE.search(title)
    return Identity(title=title, programme=m.group(1).strip() if m else "", year=int(year.group(1)) if year else None,
                    batch=f"第{batch.group(1)}批" if batch else "", status=DRAFT if "征求意见" in title else FINAL)
