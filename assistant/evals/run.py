"""`python -m assistant eval`: run evals/pairs.jsonl through the assistant (and the naive baseline), score, report.

Writes report.md, report.json and failures.md to the out folder, prints a compact table (or the JSON), and returns
False when a threshold of evals/thresholds.toml is missed. Scoring itself lives in `assistant.evals.score`.
"""

from __future__ import annotations

import json
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from assistant.core.errors import BadQuestion, ConfigError
from assistant.evals.score import (
    SHARE_METRICS, Check, EvalPair, PairResult, aggregate, breakdown, check_thresholds, load_pairs, ratio, score_pair,
)
from assistant.core.settings import ROOT, Settings
from assistant.core.types import Answer

PAIRS_PATH = ROOT / "evals" / "pairs.jsonl"
THRESHOLDS_PATH = ROOT / "evals" / "thresholds.toml"
HEADLINE = SHARE_METRICS + ("confidently_wrong", "oos_answered", "latency_p50_ms", "latency_p95_ms",
                             "verification_failures", "llm_fallback_share")
ANSWER_PREVIEW = 300


class Responder(Protocol):
    def ask(self, question: str, history: list[dict] | None = None) -> Answer: ...


def run_pairs(responder: Responder, pairs: list[EvalPair]) -> list[PairResult]:
    """Ask every pair (with its history) and score the answer; a rejected question counts as a refusal.
    A conversation's turns get the responder's own earlier replies as history, as in the chat."""
    results = []
    talk: dict[str, list[dict]] = {}
    for pair in pairs:
        history = talk.setdefault(pair.conversation, []) if pair.conversation else pair.history_dicts()
        try:
            answer = responder.ask(pair.question, history=list(history))
        except BadQuestion as e:
            answer = Answer(question=pair.question, answer=str(e), answerable=False)
        if pair.conversation:
            history += [{"role": "user", "content": pair.question}, {"role": "assistant", "content": answer.answer}]
        results.append(score_pair(pair, answer))
    return results


def load_thresholds(path: Path, section: str) -> dict[str, float]:
    """The limits of one section ("ci", "full", "all", or "llm-<split>"); {} when the section is absent."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} is not valid TOML: {e}") from None
    limits = data.get(section, {})
    bad = [k for k, v in limits.items() if not isinstance(v, int | float) or isinstance(v, bool)]
    if bad:
        raise ConfigError(f"{path} [{section}]: {', '.join(bad)} must be numbers")
    return dict(limits)


def build_report(split: str, mode: str, ours: list[PairResult], base: list[PairResult] | None,
                 checks: list[Check], section: str) -> dict:
    m_ours = aggregate(ours)
    m_base = aggregate(base) if base is not None else None

    def side_by_side(key: str) -> dict:
        o = breakdown(ours, key)
        b = breakdown(base, key) if base is not None else {}
        return {g: {"ours": o[g], "baseline": b.get(g)} for g in o}

    return {
        "split": split,
        "mode": mode,
        "pairs": len(ours),
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "ours": m_ours,
        "baseline": m_base,
        "ratio": {k: ratio(m_ours.get(k), m_base.get(k)) for k in HEADLINE} if m_base else None,
        "by_category": side_by_side("category"),
        "by_edition": side_by_side("edition"),
        "thresholds": {"section": section, "ok": all(c.ok for c in checks),
                       "checks": [c.model_dump() for c in checks]},
        "results": {"ours": [_row(r) for r in ours], "baseline": [_row(r) for r in base] if base else None},
    }


def _row(r: PairResult) -> dict:
    row = r.model_dump()
    row["answer"] = r.answer[:ANSWER_PREVIEW]
    return row


# ---------------------------------------------------------------- rendering
def _fmt(v: object) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}" if v <= 1 else f"{v:.1f}"
    return str(v)


def _fmt_ratio(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2f}×"


def render_table(report: dict) -> str:
    checks = {c["metric"]: c for c in report["thresholds"]["checks"]}
    base = report["baseline"] or {}
    lines = [f"eval split={report['split']} mode={report['mode']} pairs={report['pairs']}",
             f"{'metric':<22}{'ours':>9}{'baseline':>10}{'ratio':>9}  threshold"]
    for k in HEADLINE:
        c = checks.get(k)
        limit = f"{'≥' if c['kind'] == 'min' else '≤'}{_fmt(c['threshold'])} {'ok' if c['ok'] else 'MISSED'}" if c \
            else ""
        r = (report["ratio"] or {}).get(k)
        lines.append(f"{k:<22}{_fmt(report['ours'][k]):>9}{_fmt(base.get(k)):>10}{_fmt_ratio(r):>9}  {limit}")
    lines.append(f"failed pairs: {report['ours']['failed_pairs']} of {report['pairs']}")
    return "\n".join(lines)


def _table(rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    return out + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def render_markdown(report: dict) -> str:
    base = report["baseline"] or {}
    checks = {c["metric"]: c for c in report["thresholds"]["checks"]}
    rows = [["metric", "ours", "baseline", "ratio", "threshold"]]
    for k in HEADLINE:
        c = checks.get(k)
        limit = f"{'≥' if c['kind'] == 'min' else '≤'} {_fmt(c['threshold'])} {'✅' if c['ok'] else '❌'}" if c else ""
        r = (report["ratio"] or {}).get(k)
        rows.append([k, _fmt(report["ours"][k]), _fmt(base.get(k)), _fmt_ratio(r), limit])
    s = report["ours"]["scored"]
    out = [f"# Eval report — split `{report['split']}`, mode `{report['mode']}`", "",
           f"{report['pairs']} pairs, {report['created']}. Scored: {s['directions']} direction pairs, {s['facts']} "
           f"facts, {s['should_refuse']} should-refuse pairs, {s['ambiguous']} ambiguous pairs. "
           f"Thresholds `[{report['thresholds']['section']}]`: "
           f"{'all met' if report['thresholds']['ok'] else 'MISSED'}.", "", *_table(rows), "",
           f"Failed pairs (ours): {report['ours']['failed_pairs']} — see failures.md.", ""]
    cols = ("pass_rate", "direction_accuracy", "top_direction", "fact_recall", "refusal_agreement",
            "confidently_wrong")
    for title, key in (("By category", "by_category"), ("By edition", "by_edition")):
        rows = [["group", "n"] + [f"{c} (ours / base)" for c in cols]]
        for g, v in report[key].items():
            b = v["baseline"] or {}
            rows.append([g, str(v["ours"]["n"])] + [f"{_fmt(v['ours'][c])} / {_fmt(b.get(c))}" for c in cols])
        out += [f"## {title}", "", *_table(rows), ""]
    out += ["## Reading this", "",
            "- direction_accuracy: answerable pairs with expected directions whose citations cover all of them; "
            "top_direction: the first cited direction is expected; citation_precision: mean share of cited directions "
            "that are expected (a list of every direction covers everything but scores low here).",
            "- fact_recall: share of facts with a variant in the answer text (NFKC, LaTeX → text, no spaces, "
            "lower case).",
            "- refusal precision/recall: positive class = refused; refusal_agreement = refused exactly when it "
            "should.",
            "- ambiguity: a bare number that exists in both editions is answered for both.",
            "- baseline: 500-char chunks, same embedder, top chunk as the answer, never refuses.", ""]
    return "\n".join(out)


def render_failures(results: list[PairResult], pairs: dict[str, EvalPair]) -> str:
    failed = [r for r in results if r.failed]
    out = [f"# Failures — {len(failed)} of {len(results)} pairs", ""]
    for r in failed:
        p = pairs[r.id]
        expected = ", ".join(r.expected) or "(no direction)"
        facts = " · ".join(" / ".join(f) for f in p.facts) or "—"
        out += [f"## {r.id} ({r.category}, {r.edition})", "",
                f"- question: {r.question}"]
        if p.history:
            out.append("- history: " + " ⏎ ".join(f"{t.role}: {t.content[:80]}" for t in p.history))
        out += [f"- expected: {'refusal' if r.should_refuse else expected}; facts: {facts}",
                f"- got: {'refused' if r.refused else 'answered'}; cites: {', '.join(r.cited) or 'none'}; "
                f"{r.latency_ms:.0f} ms",
                *[f"- ✗ {reason}" for reason in r.reasons],
                "", "```", r.answer[:ANSWER_PREVIEW], "```", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- the command
def run_eval(settings: Settings, split: str = "all", as_json: bool = False, llm: bool = False,
             baseline: bool = True, out_dir: Path = Path("evals/reports"), pairs_path: Path = PAIRS_PATH,
             thresholds_path: Path = THRESHOLDS_PATH, echo: Callable[[str], None] = print,
             section: str | None = None) -> bool:
    """Run, report, check thresholds; True when every threshold is met. `section` names the thresholds.toml section
    (default: the split; another pairs file such as evals/holdout.jsonl is checked against its own, if any)."""
    from assistant.factory import create_assistant

    pairs = load_pairs(pairs_path, split)
    if not pairs:
        raise ConfigError(f"no pairs in split {split!r} of {pairs_path}")
    if llm and not settings.llm_enabled:
        raise ConfigError("eval --llm needs an LLM endpoint: set ASSISTANT_LLM_BASE_URL (and ASSISTANT_LLM_MODEL)")
    if not llm:
        settings = settings.model_copy(update={"llm_base_url": None})  # extractive, whatever the shell says
    assistant = create_assistant(settings)
    ours = run_pairs(assistant, pairs)
    base = None
    if baseline:
        from assistant.evals.baseline import NaiveRAG

        print("baseline: splitting and embedding the corpus (cached after the first run)…", file=sys.stderr)
        rag = NaiveRAG(settings, embedder=assistant.index.embedder, cache_dir=settings.data_dir / "eval")
        base = run_pairs(rag, pairs)
    mode = "llm" if llm else "extractive"
    base_section = section or split
    section = f"llm-{base_section}" if llm and load_thresholds(thresholds_path, f"llm-{base_section}") else base_section
    checks = check_thresholds(aggregate(ours), load_thresholds(thresholds_path, section))
    report = build_report(split, mode, ours, base, checks, section)

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "report.md").write_text(render_markdown(report), encoding="utf-8")
    (out_dir / "failures.md").write_text(render_failures(ours, {p.id: p for p in pairs}), encoding="utf-8")

    echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else render_table(report))
    missed = [c for c in checks if not c.ok]
    for c in missed:
        print(f"threshold missed [{section}]: {c.metric} = {_fmt(c.value)}, needs "
              f"{'≥' if c.kind == 'min' else '≤'} {_fmt(c.threshold)}", file=sys.stderr)
    if not as_json:
        echo(f"reports: {out_dir / 'report.md'}, {out_dir / 'failures.md'}")
    return not missed
