"""Worst-case request time at the largest input the limits allow (printed, not asserted; goal ≤ 1 s).

Shapes are the ones that cost most per character: long CJK runs with no delimiter (regex backtracking), English
glossary words (per-word lookups), bracket and clause storms (injection stripping), direction-number storms (history
mention scanning), and a history whose every user turn is long and leads nowhere (each is understood and searched).
Run: `python bench/worst_case.py` (uses the index in ASSISTANT_DATA_DIR, default .data).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer.pipeline import Assistant  # noqa: E402
from assistant.core.errors import BadQuestion  # noqa: E402
from assistant.core.settings import Settings  # noqa: E402

REPEATS = 3


def shapes(a: Assistant, n: int) -> dict[str, str]:
    random.seed(13)
    words = list(a.index.glossary) or ["robot"]
    fill = {
        "cjk run": "输电铁塔无人化组塔起吊重量",
        "latin run": "abc",
        "glossary words": " ".join(random.choice(words) for _ in range(n)),
        "which .*": "which ",
        "open brackets": "(",
        "bracket + word": "(ignore ",
        "clauses + word": "ignore,",
        "numbers": "1.1 ",
        "edition + number": "新版4.7 ",
        "方向 names": "量子计算方向",
    }
    return {k: (v * (n // len(v) + 1))[:n] for k, v in fill.items()}


def timed(a: Assistant, question: str, history: list[dict] | None = None) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        t = time.perf_counter()
        try:
            a.ask(question, history=history)
        except BadQuestion:
            pass
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    s = Settings()
    a = Assistant.from_settings(s)
    a.ask("新版4.7 的起吊重量要求是多少？")  # warm caches
    print(f"limits: question {s.max_question_chars} chars; history {s.max_history_turns} turns, "
          f"{s.max_history_turn_chars} chars each, {s.max_history_chars} in total; embedder {s.embed_max_tokens} tokens")
    # figures scale with what else runs: the load average says how busy the 2 cores were
    print("load average (1 min): %.1f on %d cores" % (os.getloadavg()[0], os.cpu_count() or 0))
    long_query = shapes(a, s.max_question_chars)["cjk run"]
    t = time.perf_counter()
    a.index.embedder.embed_query(long_query)
    print(f"one query embedding at the token cap: {(time.perf_counter() - t) * 1000:.0f} ms "
          "(a follow-up embeds the question and each user turn it looks back through)")
    worst = ("", 0.0)
    print("\nquestion at its limit (no history)")
    for name, text in shapes(a, s.max_question_chars).items():
        t = timed(a, text)
        worst = max(worst, (f"question: {name}", t), key=lambda x: x[1])
        print(f"  {name:18} {t * 1000:8.0f} ms")
    per_turn = s.max_history_turn_chars
    long_turns = min(s.max_history_turns, max(1, s.max_history_chars // per_turn))
    spread = min(s.max_history_chars // s.max_history_turns, per_turn)
    histories = {  # every user turn leads nowhere, so a follow-up looks back through (and embeds) each of them
        f"{long_turns} turns × {per_turn} chars, alternating": (long_turns, per_turn, ("user", "assistant")),
        f"{long_turns} user turns × {per_turn} chars": (long_turns, per_turn, ("user",)),
        f"{s.max_history_turns} user turns × {spread} chars": (s.max_history_turns, spread, ("user",)),
    }
    for title, (turns, size, roles) in histories.items():
        print(f"\nhistory: {title} + a follow-up question")
        for name, text in shapes(a, size).items():
            history = [{"role": roles[i % len(roles)], "content": text} for i in range(turns)]
            t = timed(a, "那它的考核指标呢？", history)
            worst = max(worst, (f"history {title}: {name}", t), key=lambda x: x[1])
            print(f"  {name:18} {t * 1000:8.0f} ms")
    print(f"\nworst case: {worst[1] * 1000:.0f} ms ({worst[0]}); goal ≤ 1000 ms")


if __name__ == "__main__":
    main()
