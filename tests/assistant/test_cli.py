"""The CLI and the batch contract, run as real subprocesses against the test index."""

import json
import os
import sqlite3
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(settings, *args, stdin=None):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def test_help_lists_commands(settings):
    out = run(settings, "--help").stdout
    for cmd in ("index", "directions", "ask", "eval", "serve", "chat"):
        assert cmd in out


def test_directions_json(settings):
    rows = json.loads(run(settings, "directions", "--json").stdout)
    assert sum(r["edition"] == "新版" for r in rows) == 55 and sum(r["edition"] == "2022" for r in rows) == 39
    r47 = next(r for r in rows if r["edition"] == "新版" and r["number"] == "4.7")
    assert r47["category"] == "共性关键技术类" and r47["items"] == 6 and "研究内容" in r47["sections"]
    assert set(r47) == {"edition", "document", "number", "title", "category", "domain", "sections", "items"}


def test_ask_json_and_jsonl_batch_in_one_process(settings, built_index):
    one = json.loads(run(settings, "ask", "新版4.7 的起吊重量要求是多少？", "--json").stdout)
    assert one["answerable"] and one["citations"][0]["direction"] == "4.7"
    lines = [json.dumps({"id": i, "question": q}, ensure_ascii=False)
             for i, q in enumerate(["中方参与单位最多几家"] * 50 + ["深海领域有哪些方向"] * 49)]
    lines.append("not json")
    res = run(settings, "ask", "--jsonl", "-", stdin="\n".join(lines) + "\n")
    assert res.returncode == 0, res.stderr
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == 100
    assert all({"id", "answer", "answerable", "citations", "suggestions", "latency_ms"} <= set(o) for o in out[:99])
    assert out[0]["citations"][0]["direction"] is None and out[60]["citations"][0]["direction"].startswith("7.")
    assert "error" in out[99]


def test_missing_index_is_a_one_line_error(tmp_path, settings):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path)}
    res = subprocess.run([sys.executable, "-m", "assistant", "ask", "x"], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=120)
    assert res.returncode == 1 and "python -m assistant index" in res.stderr and "Traceback" not in res.stderr


def test_broken_setting_is_a_clear_error(settings):
    env = {**os.environ, "ASSISTANT_TOP_K": "lots"}
    res = subprocess.run([sys.executable, "-m", "assistant", "ask", "x"], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=120)
    assert res.returncode == 1 and "ASSISTANT_TOP_K" in res.stderr and "Traceback" not in res.stderr


def test_index_add_dry_run_prints_the_parse_report_and_refuses_a_wrong_parse(settings, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    layouts = os.path.join(ROOT, "tests", "fixtures", "layouts")
    wrong = tmp_path / "miscounted.txt"
    wrong.write_text(open(os.path.join(layouts, "diagnostic-devices-2023.txt"), encoding="utf-8").read()
                     .replace("共计部署4个指南方向", "共计部署6个指南方向"), encoding="utf-8")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_CORPUS_DIR": str(corpus)}

    def add(*args):
        return subprocess.run([sys.executable, "-m", "assistant", "index", "add", *args], capture_output=True,
                              text=True, cwd=ROOT, env=env, timeout=300)

    ok = add("--dry-run", os.path.join(layouts, "diagnostic-devices-2023.txt"))
    assert ok.returncode == 0, ok.stderr
    assert "levels: 一、 wrapper(总标题) ×2 › 1. direction(方向) ×4" in ok.stdout
    assert "dry run, nothing changed: it would be added as 智能诊疗器械 2023" in ok.stdout
    refused = add(str(wrong))
    assert refused.returncode == 1 and "verdict: looks wrong" in refused.stdout
    assert refused.stderr.strip().count("\n") == 0 and "--force" in refused.stderr
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in settings.corpus_dir.iterdir())
    assert not (tmp_path / "data").exists()


def test_feedback_prune_applies_the_retention_period(tmp_path, settings):
    from assistant.core.types import Answer
    from assistant.web.feedback import FeedbackStore

    data = settings.model_copy(update={"data_dir": tmp_path})
    store = FeedbackStore(data.feedback_db)
    old = store.log(Answer(question="q", answer="a", answerable=False), "api")
    store.log(Answer(question="q2", answer="a2", answerable=False), "api")
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE answers SET ts = ts - 10 * 86400 WHERE id = ?", (old,))
    assert "no retention period" in run(data, "feedback", "prune").stderr
    res = run(data, "feedback", "prune", "--days", "7")
    assert res.returncode == 0 and res.stdout.strip() == "removed 1 answers older than 7 days", res.stderr


def test_feedback_export_for_excel(settings, tmp_path):
    from datetime import date, datetime

    from assistant.core.types import Answer
    from assistant.web.feedback import FeedbackStore

    store = FeedbackStore(settings.feedback_db)
    rated = store.log(Answer(question="中方参与单位最多几家？", answer="10 家", answerable=True), "ui")
    store.log(Answer(question="未评价的问题", answer="…", answerable=True), "ui")
    store.rate(rated, -1, "缺出处")
    out = tmp_path / "fb.csv"
    today = date.today().isoformat()
    res = run(settings, "feedback", "export", "--rated-only", "--since", today, "--until", today, "-o", str(out))
    assert res.returncode == 0 and "exported 1 rows" in res.stderr, res.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,ts,")  # UTF-8 with BOM: Excel opens it as UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "缺出处" in lines[1]
    assert datetime.fromisoformat(lines[1].split(",")[1]).tzinfo is not None
    res = run(settings, "feedback", "export", "--until", "2000-01-01")
    assert res.returncode == 0 and "exported 0 rows" in res.stderr
    bad = run(settings, "feedback", "export", "--since", "yesterday")
    assert bad.returncode == 2 and "'--since'" in bad.stderr and "Traceback" not in bad.stderr
