"""Documents → retrievable chunks, each tied to one direction (or rule passage) and its exact source span.

A direction yields a header chunk (number, title, category, domain, keywords), one chunk per metric item (the unit
a precise question asks about) and chunks of a few hundred characters over its other sections. Every chunk's text is
prefixed with its direction's number and title, so a chunk retrieved alone still says where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.core.types import METRIC_SECTIONS, Chunk, Direction, Document, Item, Section
from index.parse import sentence_items

TokenCounter = Callable[[str], int]


def _group(items: list[Item], limit: int) -> Iterable[list[Item]]:
    group: list[Item] = []
    size = 0
    for it in items:
        if group and size + len(it.text) > limit:
            yield group
            group, size = [], 0
        group.append(it)
        size += len(it.text)
    if group:
        yield group


def _domain(number: str, name: str) -> str:
    return ".".join(x for x in (number, name) if x)


def _direction_chunks(doc: Document, d: Direction, limit: int) -> Iterable[Chunk]:
    base = dict(edition=doc.edition.id, document=doc.edition.id, domain=_domain(d.domain_number, d.domain_name),
                number=d.number, title=d.title, category=d.category or "")
    prefix = f"{d.number} {d.title}"
    header = f"{prefix}（{d.category_raw}）" if d.category_raw else prefix
    kw = d.keywords
    where = " / ".join(name for _, name in d.parents) or d.domain_name  # "流域水旱灾害防御 / 洪水预报预警"
    header_text = header + (f" 领域：{where}" if where else "") + (f" 关键词：{'；'.join(kw)}" if kw else "")
    yield Chunk(id=f"{d.edition}:{d.number}:header", kind="header", text=header_text, section="标题",
                start=d.title_span.start, end=d.title_span.end, **base)
    for s in d.sections:
        yield from _section_chunks(d, s, prefix, limit, base)


def _section_chunks(d: Direction, s: Section, prefix: str, limit: int, base: dict) -> Iterable[Chunk]:
    if s.name == "关键词":
        yield Chunk(id=f"{d.edition}:{d.number}:关键词:0", kind="section", text=f"{prefix} 关键词：{s.text}",
                    section=s.raw_name, start=s.start, end=s.end, **base)
        return
    if s.name in METRIC_SECTIONS:
        for it in s.items:
            yield Chunk(id=f"{d.edition}:{d.number}:{s.raw_name}:{it.index}", kind="item", item=it.index,
                        text=f"{prefix} {s.raw_name}：{it.text}", section=s.raw_name, start=it.start, end=it.end,
                        **base)
        return
    for group in _group(s.items, limit):
        first, last = group[0], group[-1]
        text = "".join(i.text for i in group)
        yield Chunk(id=f"{d.edition}:{d.number}:{s.raw_name}:{first.index}-{last.index}", kind="section",
                    item=first.index, text=f"{prefix} {s.raw_name}：{text}", section=s.raw_name,
                    start=first.start, end=last.end, **base)


def chunk_document(doc: Document, limit: int, count_tokens: TokenCounter) -> list[Chunk]:
    chunks: list[Chunk] = []
    ed = doc.edition.id
    for p in doc.preamble:
        for group in _group(sentence_items(p.text, p.start), limit):
            first, last = group[0], group[-1]
            chunks.append(Chunk(id=f"{ed}:rule:{p.index}:{first.index}", kind="rule", text=doc.text[first.start:last.end],
                                edition=ed, document=ed, section=p.heading, item=p.index,
                                start=first.start, end=last.end))
    for dom in doc.domains:
        if dom.intro:
            where = _domain(dom.number, dom.name)
            chunks.append(Chunk(id=f"{ed}:domain:{dom.number}", kind="domain", text=f"{where} {dom.intro.text}",
                                edition=ed, document=ed, domain=where, section="领域说明",
                                start=dom.intro.start, end=dom.intro.end))
        for d in dom.directions:
            chunks.extend(_direction_chunks(doc, d, limit))
    seen: dict[str, int] = {}
    for c in chunks:
        c.tokens = count_tokens(c.text)
        seen[c.id] = seen.get(c.id, 0) + 1
        if seen[c.id] > 1:  # a label printed twice in one direction: both are kept, the second one numbered
            c.id = f"{c.id}~{seen[c.id]}"
    return chunks
