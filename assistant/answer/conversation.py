"""Follow-ups resolve against the history passed in (stateless API): the directions of the most recent turn."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.types import Document

CJK_RE = re.compile(r"[\u3400-\u9fff]")
_MENTION_RE = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2})(?![\d.])")


@dataclass
class Turn:
    role: str
    content: str


def parse_history(history: list[dict] | None, max_turns: int) -> list[Turn]:
    turns = []
    for h in (history or [])[-max_turns:] if max_turns else []:
        if isinstance(h, dict) and isinstance(h.get("content"), str) and h.get("role") in ("user", "assistant"):
            turns.append(Turn(h["role"], h["content"]))
    return turns


def mentioned_directions(text: str, docs: list[Document]) -> list[str]:
    """Direction keys an assistant turn talked about: `[新版 4.7 …]` markers, "2022 3.2", or a bare number + its title."""
    keys: list[str] = []
    by_label = {doc.edition.label: doc for doc in docs}
    for m in _MENTION_RE.finditer(text):
        number = m.group(1)
        before = text[max(0, m.start() - 24): m.start()].rstrip()
        # "[新版 4.7 …", "2022 3.2": the label right before the number (a "2022 年" earlier in a quote is not one)
        labelled = [doc for label, doc in by_label.items() if before.endswith(label)]
        candidates = labelled or [doc for doc in docs
                                  if any(d.number == number and d.title[:6] in text for d in doc.directions)]
        for doc in candidates:
            key = f"{doc.edition.id}:{number}"
            if any(d.key == key for d in doc.directions) and key not in keys:
                keys.append(key)
    return keys


def is_elliptical(salient: str) -> bool:
    """A question that names no topic of its own ("要培养多少研究生？" after a direction was discussed)."""
    return len(CJK_RE.findall(salient)) <= 6 and len(re.findall(r"[a-z]{3,}", salient)) <= 3
