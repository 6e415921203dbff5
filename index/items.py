"""Items of a section: marked paragraphs, inline-marked runs ("1.…；2.…") or sentences; keywords; title + category."""

from __future__ import annotations

import re

from assistant.core.types import Item
from index.clean import ITEM_MARKER_RE
from index.sections import SECTION_LABEL_RE

CATEGORIES = {
    "基础研究类": "基础研究类",
    "基础前沿类": "基础研究类",
    "基础前沿研究类": "基础研究类",
    "共性关键技术类": "共性关键技术类",
    "关键共性技术类": "共性关键技术类",
    "重大共性关键技术类": "共性关键技术类",
    "应用示范类": "应用示范类",
    "示范应用类": "应用示范类",
    "典型应用示范类": "应用示范类",
}
_CATEGORY_RE = re.compile(r"[（(]\s*([^（）()]{2,12}类)\s*[）)]?\s*$")
_SENTENCE_RE = re.compile(r"[^。；;\n]+[。；;]?")
_INLINE_MARKER_RE = re.compile(r"(?:(?<=^)|(?<=[。；;：:]))\s*(?:[(（](\d{1,2})[)）]|(\d{1,2})[.．、](?![\d%]))")


def split_title(text: str) -> tuple[str, str | None, str | None]:
    """"标题（关键共性技术类）" → ("标题", "共性关键技术类", "关键共性技术类")."""
    m = _CATEGORY_RE.search(text)
    if not m:
        return text.strip(), None, None
    raw = m.group(1).strip()
    return text[: m.start()].strip(), CATEGORIES.get(raw.replace(" ", ""), raw), raw


def split_items(text: str, offset: int) -> list[Item]:
    """Items of a section body: paragraphs opened by a marker; markers run inline ("1.…；2.…"); else sentences."""
    items: list[Item] = []
    paragraphs = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    marked = [p for p in paragraphs if ITEM_MARKER_RE.match(p[1])]
    if marked:
        for pstart, ptext in paragraphs:
            m = ITEM_MARKER_RE.match(ptext)
            inline = _inline_marked(ptext, offset + pstart, len(items)) if m else []
            if inline:
                items.extend(inline)
            elif m:
                body_start = pstart + m.end()
                items.append(Item(index=len(items) + 1, marker=m.group(0).strip(), start=offset + body_start,
                                  end=offset + pstart + len(ptext), text=ptext[m.end():]))
            elif items:  # an unmarked paragraph continues the previous item
                last = items[-1]
                end = offset + pstart + len(ptext)
                items[-1] = last.model_copy(update={"end": end, "text": text[last.start - offset: end - offset]})
            else:
                items.extend(sentence_items(ptext, offset + pstart, len(items)))
        return items
    for pstart, ptext in paragraphs:
        inline = _inline_marked(ptext, offset + pstart, len(items))
        items.extend(inline or sentence_items(ptext, offset + pstart, len(items)))
    return items


def _inline_marked(ptext: str, offset: int, base: int) -> list[Item]:
    hits = list(_INLINE_MARKER_RE.finditer(ptext))
    numbers = [int(m.group(1) or m.group(2)) for m in hits]
    if len(hits) < 2 or numbers != list(range(1, len(hits) + 1)) or hits[0].start() > 0:
        return []
    items = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(ptext)
        body = ptext[m.end():end]
        items.append(Item(index=base + i + 1, marker=m.group(0).strip(), start=offset + m.end(),
                          end=offset + m.end() + len(body), text=body))
    return items


def sentence_items(ptext: str, offset: int, base: int = 0) -> list[Item]:
    """Sentences and ；-clauses of a text as Items whose offsets are `offset` + their position in it."""
    items = []
    for m in _SENTENCE_RE.finditer(ptext):
        s = m.group(0)
        lead = len(s) - len(s.lstrip())
        body = s.strip()
        if len(body) < 2:
            continue
        start = offset + m.start() + lead
        items.append(Item(index=base + len(items) + 1, start=start, end=start + len(body), text=body))
    return items


def keywords(lines: list[str]) -> list[str]:
    """Keywords split on ；/;/、 and on hard line breaks (a page break inside a word was already joined)."""
    words: list[str] = []
    for line in lines:
        line = SECTION_LABEL_RE.sub("", line)
        words.extend(w.strip(" ，,。") for w in re.split(r"[；;、]", line))
    return [w for w in words if w]
