"""The eval scorer on tiny made-up inputs, and the ci split against evals/thresholds.toml."""

from __future__ import annotations

import json

import pytest

from assistant.evals.baseline import NaiveRAG, direction_headings, heading_at
from assistant.core.errors import ConfigError
from assistant.evals.score import (
    EvalPair, PairsError, aggregate, check_thresholds, cited_directions, covers, fact_found, fact_norm, load_pairs,
    refusal_scores, score_pair,
)
from assistant.evals.run import PAIRS_PATH, THRESHOLDS_PATH, load_thresholds, run_eval, run_pairs
from assistant.core.types import Answer, Citation


def cite(edition: str, number: str | None, section: str = "考核指标") -> Citation:
    return Citation(edition=edition, document="doc", direction=number, title=None, section=section, quote="q",
                    start=0, end=1, marker=f"[{edition} {number}]")


def pair(**kw) -> EvalPair:
    base = {"id": "p1", "question": "问题", "category": "metric", "edition": "新版",
            "expected_directions": [{"edition": "新版", "number": "4.7"}], "facts": [["≥50%"]],
            "answerable": True, "split": "ci"}
    return EvalPair.model_validate(base | kw)


# ---------------------------------------------------------------- facts
@pytest.mark.parametrize("raw, norm", [
    (r"$\geq 50\%$", "≥50%"),
    ("≥ 50 %", "≥50%"),
    ("５０％", "50%"),  # full width
    ("1 000 kg", "1000kg"),
    ("ＩＭＯ Tier III", "imotieriii"),
    ("10 m²", "10m2"),  # superscript folded
    (r"$^{18}\text{F}$", "18f"),
    ("3～5%", "3~5%"),
    ("0.25–1.5MHz", "0.25-1.5mhz"),  # an en dash in a range is the hyphen a label types
])
def test_fact_norm(raw, norm):
    assert fact_norm(raw) == norm


def test_fact_found_matches_latex_and_spacing_variants():
    assert fact_found(["≥50%"], r"打印效率提高 $\geq 50\%$ 以上")
    assert fact_found(["1000kg", "1000 kg"], "起吊重量不低于 1 000 kg")
    assert fact_found(["400N·m"], "拧紧力矩 400 N·m")


def test_fact_found_keeps_comparison_words_apart():
    assert not fact_found(["≥50%"], "效率提高不少于50%")
    assert not fact_found(["不少于3个"], "≥3个")
    assert not fact_found(["2000份"], "收集 200 份")


# ---------------------------------------------------------------- directions
def test_cited_directions_in_order_without_rules_or_repeats():
    a = Answer(question="q", answer="a", answerable=True,
               citations=[cite("新版", None, "二、领域和方向"), cite("2022", "1.1"), cite("新版", "1.1"),
                          cite("2022", "1.1")])
    assert cited_directions(a) == [("2022", "1.1"), ("新版", "1.1")]


def test_covers_needs_every_expected_direction():
    p = pair(expected_directions=[{"edition": "新版", "number": "1.1"}, {"edition": "2022", "number": "1.1"}])
    assert covers([("新版", "1.1"), ("2022", "1.1"), ("2022", "1.2")], p.expected_directions)
    assert not covers([("新版", "1.1")], p.expected_directions)
    assert not covers([("2022", "1.1"), ("新版", "11")], p.expected_directions)


def test_score_pair_right_answer():
    a = Answer(question="q", answer="起吊效率 $\\geq 50\\%$", answerable=True,
               citations=[cite("新版", "4.7"), cite("新版", "4.8")])
    r = score_pair(pair(), a)
    assert (r.direction_ok, r.top_ok, r.precision, r.facts_found, r.failed) == (True, True, 0.5, [True], False)


def test_score_pair_wrong_top_and_missing_fact():
    a = Answer(question="q", answer="不少于50%", answerable=True, citations=[cite("2022", "4.7"), cite("新版", "4.7")])
    r = score_pair(pair(), a)
    assert r.direction_ok and not r.top_ok
    assert r.facts_found == [False] and r.missing_facts == ["≥50%"] and r.failed


def test_score_pair_refusal_of_answerable_pair_fails_everything():
    r = score_pair(pair(), Answer(question="q", answer="指南中没有找到", answerable=False))
    assert r.refused and not r.should_refuse
    assert r.direction_ok is False and r.top_ok is False and r.facts_found == [False]
    assert any("refused" in reason for reason in r.reasons)


def test_score_pair_ambiguity_needs_both_editions():
    p = pair(ambiguous=True, category="ambiguous", edition="both",
             expected_directions=[{"edition": "新版", "number": "1.1"}, {"edition": "2022", "number": "1.1"}])
    one = score_pair(p, Answer(question="q", answer="≥50%", answerable=True, citations=[cite("新版", "1.1")]))
    both = score_pair(p, Answer(question="q", answer="≥50%", answerable=True,
                                citations=[cite("新版", "1.1"), cite("2022", "1.1")]))
    assert one.ambiguity_ok is False and both.ambiguity_ok is True


# ---------------------------------------------------------------- refusal and aggregates
def test_refusal_precision_recall():
    # refused:        T  T  F  F  T
    # should refuse:  T  F  T  F  T   → tp 2, predicted 3, actual 3
    assert refusal_scores([True, True, False, False, True], [True, False, True, False, True]) == (0.6667, 0.6667)
    assert refusal_scores([True, False], [True, True]) == (1.0, 0.5)
    assert refusal_scores([False, False], [True, False]) == (None, 0.0)
    assert refusal_scores([False], [False]) == (None, None)


def test_aggregate_on_made_up_results():
    oos = pair(id="oos", answerable=False, expected_directions=[], facts=[], category="out_of_scope")
    results = [
        score_pair(pair(id="a"), Answer(question="q", answer="≥50%", answerable=True, citations=[cite("新版", "4.7")])),
        score_pair(pair(id="b", facts=[["≥50%"], ["1套"]]),
                   Answer(question="q", answer="≥50%", answerable=True, citations=[cite("新版", "4.6")])),
        score_pair(oos, Answer(question="q", answer="没有", answerable=False, latency_ms=10)),
        score_pair(pair(id="c"), Answer(question="q", answer="没有", answerable=False, latency_ms=30)),
    ]
    m = aggregate(results)
    assert m["direction_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert m["fact_recall"] == pytest.approx(2 / 4)
    assert (m["refusal_precision"], m["refusal_recall"]) == (0.5, 1.0)
    assert m["ambiguity"] is None and m["failed_pairs"] == 2


def test_thresholds_min_and_max():
    checks = {c.metric: c.ok for c in check_thresholds(
        {"fact_recall": 0.8, "direction_accuracy": 0.9, "latency_p95_ms": 50.0, "refusal_precision": None},
        {"fact_recall": 0.85, "direction_accuracy": 0.9, "latency_p95_ms": 40, "refusal_precision": 0.5})}
    assert checks == {"fact_recall": False, "direction_accuracy": True, "latency_p95_ms": False,
                      "refusal_precision": True}
    with pytest.raises(ConfigError, match="unknown threshold"):
        check_thresholds({}, {"fact_recal": 0.5})


def test_thresholds_file_has_every_split():
    for section in ("ci", "full", "all"):
        limits = load_thresholds(THRESHOLDS_PATH, section)
        assert {"direction_accuracy", "fact_recall", "refusal_precision", "refusal_recall", "ambiguity",
                "latency_p95_ms"} <= set(limits)
        check_thresholds({}, limits)  # every key is a known metric


# ---------------------------------------------------------------- pairs file
def test_load_pairs_names_the_bad_line(tmp_path):
    good = pair().model_dump()
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(PairsError, match=r"pairs.jsonl:2: not valid JSON"):
        load_pairs(path)
    path.write_text(json.dumps(good) + "\n" + json.dumps(good | {"id": "p2", "edition": "旧版"}) + "\n")
    with pytest.raises(PairsError, match=r":2: edition"):
        load_pairs(path)
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(good) + "\n")
    with pytest.raises(PairsError, match=r":3: duplicate id 'p1' \(first on line 1\)"):
        load_pairs(path)
    path.write_text(json.dumps(good | {"answerable": False}) + "\n")
    with pytest.raises(PairsError, match="unanswerable"):
        load_pairs(path)


def test_the_real_pairs_file_loads():
    pairs = load_pairs(PAIRS_PATH)
    ci = load_pairs(PAIRS_PATH, "ci")
    assert len(pairs) >= 200 and 0 < len(ci) < len(pairs)


# ---------------------------------------------------------------- baseline citation
def test_baseline_heading_is_the_last_one_before_the_chunk():
    raw = "## 一、领域\n### 1.1 甲方向（基础研究类）\n研究内容：提高 1.5 倍\n1.2 乙方向\n考核指标：≥50%\n"
    heads = direction_headings(raw)
    assert [(h.number, h.title) for h in heads] == [("1.1", "甲方向（基础研究类）"), ("1.2", "乙方向")]
    assert heading_at(heads, 0) is None
    assert heading_at(heads, raw.index("提高")).number == "1.1"
    assert heading_at(heads, raw.index("1.2")).number == "1.2"
    assert heading_at(heads, raw.index("≥50%")).number == "1.2"


# ---------------------------------------------------------------- the ci split, end to end
@pytest.fixture(scope="session")
def baseline_rag(settings, assistant, pytestconfig):
    # the baseline's chunk vectors are cached in .pytest_cache: a cold run embeds ~170 chunks once
    return NaiveRAG(settings, embedder=assistant.index.embedder, cache_dir=pytestconfig.cache.mkdir("eval-baseline"))


def test_ci_split_meets_thresholds_and_beats_the_baseline(assistant, baseline_rag):
    pairs = load_pairs(PAIRS_PATH, "ci")
    ours = aggregate(run_pairs(assistant, pairs))
    base = aggregate(run_pairs(baseline_rag, pairs))
    missed = [f"{c.metric}={c.value} needs {c.kind} {c.threshold}"
              for c in check_thresholds(ours, load_thresholds(THRESHOLDS_PATH, "ci")) if not c.ok]
    assert not missed, missed
    assert base["refusal_recall"] == 0.0  # the baseline never refuses
    assert ours["direction_accuracy"] > base["direction_accuracy"]
    assert ours["fact_recall"] > base["fact_recall"]


@pytest.mark.parametrize("name, size", [("holdout", 60), ("blind_a", 350), ("blind_b", 320), ("blind_c", 310),
                                        ("blind_d", 310), ("blind_e", 310), ("blind_f", 310), ("blind_g", 400),
                                        ("blind_h", 340), ("blind_i", 350), ("blind_j", 380), ("blind_k", 385),
                                        ("blind_l", 360), ("blind_m", 355), ("blind_n", 380), ("blind_o", 365),
                                        ("blind_p", 370), ("blind_q", 355), ("blind_r", 380), ("blind_s", 380),
                                        ("blind_t", 310), ("blind_u", 295), ("blind_v", 355),
                                        ("blind_w", 400), ("blind_x", 350), ("blind_y", 340),
                                        ("blind_z", 355), ("blind_aa", 350), ("blind_ac", 400),
                                        ("blind_ab", 380), ("blind_ad", 400), ("blind_ae", 380),
                                        ("blind_af", 340), ("blind_ag", 375), ("blind_ah", 405),
                                        ("blind_ai", 400), ("blind_aj", 350), ("blind_ak", 380),
                                        ("blind_al", 385), ("blind_am", 350),
                                        ("blind_an", 365), ("blind_ao", 360),
                                        ("blind_ap", 550), ("blind_aq", 560),
                                        ("blind_ar", 565), ("blind_as", 550),
                                        ("blind_at", 540), ("blind_au", 565),
                                        ("blind_av", 565), ("blind_aw", 550)])
def test_pairs_written_apart_meet_their_thresholds(assistant, name, size):
    """Files written by authors who never saw the code (evals/README.md), each against its own thresholds section."""
    pairs = load_pairs(PAIRS_PATH.with_name(f"{name}.jsonl"))
    assert len(pairs) >= size
    limits = load_thresholds(THRESHOLDS_PATH, name)
    assert limits, f"thresholds.toml has no [{name}] section"
    ours = aggregate(run_pairs(assistant, pairs))
    missed = [f"{c.metric}={c.value} needs {c.kind} {c.threshold}" for c in check_thresholds(ours, limits) if not c.ok]
    assert not missed, missed


def test_run_eval_writes_reports_and_fails_below_thresholds(settings, built_index, tmp_path, capsys):
    lines = [l for l in PAIRS_PATH.read_text(encoding="utf-8").splitlines() if '"split": "ci"' in l][:3]
    pairs_path = tmp_path / "pairs.jsonl"
    pairs_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    strict = tmp_path / "thresholds.toml"
    strict.write_text("[ci]\nfact_recall = 1.01\nlatency_p95_ms = 1e9\n", encoding="utf-8")
    ok = run_eval(settings, split="ci", baseline=False, out_dir=tmp_path / "out", pairs_path=pairs_path,
                  thresholds_path=strict)
    assert ok is False
    assert "threshold missed [ci]: fact_recall" in capsys.readouterr().err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["pairs"] == 3 and report["baseline"] is None and not report["thresholds"]["ok"]
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8").startswith("# Eval report")
    assert (tmp_path / "out" / "failures.md").exists()
