"""Worst-case request time at the largest input the limits allow (printed, not asserted; goal ≤ 1 s).

Shapes are the ones that cost most per character: long CJK runs with no delimiter (regex backtracking), English
glossary words (per-word lookups), bracket and clause storms (injection stripping), direction-number storms (history
mention scanning), and a history whose every user turn is long and leads nowhere (each is understood and searched).
Run: `python bench/worst_case.py` (uses the index in ASSISTANT_DATA_DIR, default .data).
"""

from __future__ import annotations

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
    worst = ("", 0.0)
    print("\nquestion at its limit (no history)")
    for name, text in shapes(a, s.max_question_chars).items():
        t = timed(a, text)
        worst = max(worst, (f"question: {name}", t), key=lambda x: x[1])
        print(f"  {name:18} {t * 1000:8.0f} ms")
    turns = min(s.max_history_turns, max(1, s.max_history_chars // s.max_history_turn_chars))
    print(f"\nhistory at its limit ({turns} turns × {s.max_history_turn_chars} chars) + a follow-up question")
    for name, text in shapes(a, s.max_history_turn_chars).items():
        history = [{"role": "user" if i % 2 == 0 else "assistant", "content": text} for i in range(turns)]
        t = timed(a, "那它的考核指标呢？", history)
        worst = max(worst, (f"history: {name}", t), key=lambda x: x[1])
        print(f"  {name:18} {t * 1000:8.0f} ms")
    short = max(1, min(s.max_history_turns, s.max_history_chars // 40))
    history = [{"role": "user", "content": f"随便问问第{i}个问题好不好呀朋友们"} for i in range(short)]
    t = timed(a, "那它的考核指标呢？", history)
    worst = max(worst, ("history: many short dead-end user turns", t), key=lambda x: x[1])
    print(f"  {short} short dead-end user turns {t * 1000:8.0f} ms")
    print(f"\nworst case: {worst[1] * 1000:.0f} ms ({worst[0]}); goal ≤ 1000 ms")


if __name__ == "__main__":
    main()
