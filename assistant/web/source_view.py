"""HTML for reading a direction (or a preamble rule) with a cited span highlighted by `<mark>`.

Offsets come from the citation, so the highlight is exactly the quoted text; everything is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from assistant.core.types import Citation, Direction, Document

CONTEXT_CHARS = 400  # shown around a citation that belongs to no parsed passage


def _marked(doc: Document, start: int, end: int, hl: tuple[int, int] | None) -> str:
    """doc.text[start:end], escaped, with the overlap of `hl` wrapped in <mark>."""
    if hl is None or hl[1] <= start or hl[0] >= end:
        return escape(doc.text[start:end])
    a, b = max(start, hl[0]), min(end, hl[1])
    return (escape(doc.text[start:a]) + '<mark class="cited">' + escape(doc.text[a:b]) + "</mark>"
            + escape(doc.text[b:end]))


def direction_html(doc: Document, d: Direction, highlight: tuple[int, int] | None = None) -> str:
    meta = " · ".join(x for x in (doc.edition.label, f"{d.domain_number}. {d.domain_name}", d.category or "") if x)
    parts = [f'<div class="source-view" data-direction="{escape(d.key)}">',
             f'<div class="source-head"><div class="source-meta">{escape(meta)}</div>',
             f'<h3 class="source-title">{escape(d.number)} '
             f'{_marked(doc, d.title_span.start, d.title_span.end, highlight)}</h3></div>']
    for s in d.sections:
        body = _marked(doc, s.start, s.end, highlight)
        parts.append(f'<h4>{escape(s.raw_name)}</h4><div class="source-text">{body}</div>')
    if not d.sections:  # an unparsed direction still reads in full
        parts.append(f'<div class="source-text">{_marked(doc, d.start, d.end, highlight)}</div>')
    parts.append("</div>")
    return "".join(parts)


def locate(doc: Document, c: Citation) -> Citation | None:
    """The citation with offsets that point at its quote in `doc`: as given, or found again after a rebuild moved
    the text (a conversation kept in a browser outlives the index it was answered from); None if it is gone."""
    if 0 <= c.start < c.end <= len(doc.text) and doc.text[c.start:c.end] == c.quote:
        return c
    at = doc.text.find(c.quote) if c.quote.strip() else -1
    return c.model_copy(update={"start": at, "end": at + len(c.quote)}) if at >= 0 else None


def citation_html(documents: dict[str, Document], directions: dict[str, Direction], c: Citation) -> str:
    doc = documents.get(c.document)
    if doc is None:
        return f"<p>找不到文档 {escape(c.document)}。</p>"
    hl = (c.start, c.end)
    header = f'<div class="source-marker">{escape(c.marker)}</div>'
    d = directions.get(f"{c.document}:{c.direction}") if c.direction else None
    if d is not None:
        return header + direction_html(doc, d, hl)
    rule = next((p for p in doc.preamble if p.start <= c.start < p.end), None)
    if rule:
        start, end = rule.start, rule.end
    else:
        start, end = max(0, c.start - CONTEXT_CHARS), min(len(doc.text), c.end + CONTEXT_CHARS)
    title = f"{doc.edition.label} · {rule.heading}" if rule else f"{doc.edition.label} · {c.section}"
    return (header + f'<div class="source-view"><h3 class="source-title">{escape(title)}</h3>'
            f'<div class="source-text">{_marked(doc, start, end, hl)}</div></div>')
