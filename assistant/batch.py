"""`ask --jsonl`: one process, models loaded once, one JSON line out per line in; a bad line never stops the batch."""

from __future__ import annotations

import json
from typing import IO

from assistant.answer.pipeline import Assistant
from assistant.core.errors import BadQuestion
from assistant.web.serialize import answer_to_json


def run_batch(assistant: Assistant, lines: IO[str], out: IO[str], edition: str | None = None) -> int:
    n = 0
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        n += 1
        try:
            row = json.loads(raw)
            if not isinstance(row, dict):
                raise BadQuestion("each line must be a JSON object with a 'question'")
            history = row.get("history") or []
            if not isinstance(history, list):
                raise BadQuestion("'history' must be a list of {role, content}")
            answer = assistant.ask(row.get("question"), history=history, edition=row.get("edition") or edition)
            result = answer_to_json(answer, row.get("id"))
        except (json.JSONDecodeError, BadQuestion) as e:
            result = {"id": row.get("id") if isinstance(locals().get("row"), dict) else None,
                      "error": f"line {lineno}: {e}", "answerable": False, "citations": []}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return n
