"""Scale benchmark: corpora 1×, 10× and 100× today's, made of renamed copies of the real editions.

    python bench/scale.py                 # 1, 10, 100
    python bench/scale.py --factors 10

Copy k of an edition has its own id, label and name and no aliases (questions that name 新版 or 2022 still mean the
originals); its text is the original's, so its chunks repeat and the vector cache serves them. That is why embedding
is measured apart: a cold build of 1× with an empty cache gives the embedder's throughput in chunks/s, and the larger
builds then take every vector from that cache. Each size builds in a process of its own and is then loaded and
asked in another, so the builder's and a server's peak RSS are that size's.
Printed, not asserted; state the load average with any figure you quote.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_corpus(dest: Path, copies: int) -> None:
    """`copies` renamed copies of every real edition (copy 0 is the original), sharing the source files."""
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    dest.mkdir(parents=True)
    for name in os.listdir(ROOT / "corpus"):
        if name != "manifest.json" and (ROOT / "corpus" / name).is_file():
            shutil.copy(ROOT / "corpus" / name, dest / name)
    editions = []
    for k in range(copies):
        for e in manifest["editions"]:
            editions.append(e if k == 0 else {
                **e, "id": f"{e['id']}-c{k}", "label": f"{e['label']}副本{k}", "aliases": [], "year": None,
                "title": f"{e['title']}（副本{k}）", "name_zh": f"{e.get('name_zh') or e['label']}副本{k}",
                "name_en": f"{e.get('name_en') or e['label']} copy {k}"})
    (dest / "manifest.json").write_text(json.dumps({"editions": editions}, ensure_ascii=False), encoding="utf-8")


def add_copy(corpus: Path, k: int) -> None:
    """One more renamed edition, as `index add` would add it: the incremental case."""
    path = corpus / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    e = manifest["editions"][0]
    manifest["editions"].append({**e, "id": f"{e['id']}-add{k}", "label": f"{e['label']}新增{k}", "aliases": [],
                                 "year": None, "title": f"{e['title']}（新增{k}）", "name_zh": f"新增{k}"})
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def peak_rss_mb() -> float:
    """This process's peak RSS. Not getrusage: its maxrss survives exec, so a child would report its parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def one(factor: int, cache: Path, questions: int) -> dict:
    from assistant.core.settings import Settings
    from index.build import build_index, current_build

    with tempfile.TemporaryDirectory() as tmp:
        corpus, data = Path(tmp) / "corpus", Path(tmp) / "data"
        make_corpus(corpus, factor)
        shutil.copytree(cache, data / "index" / "cache")
        s = Settings(corpus_dir=corpus, data_dir=data, keep_builds=1)
        t = time.perf_counter()
        info = build_index(s, progress=False)
        build = time.perf_counter() - t
        add_copy(corpus, 1)
        t = time.perf_counter()
        added = build_index(s, progress=False)
        add = time.perf_counter() - t
        served = subprocess.run([sys.executable, __file__, "--serve", str(tmp), "--questions", str(questions)],
                                capture_output=True, text=True, check=True)
        return {"factor": factor, "chunks": added.chunks, "build_s": build, "embedded": info.embedded, "add_s": add,
                "index_mb": size_mb(current_build(s.index_dir)),
                "build_rss_mb": peak_rss_mb(),
                **json.loads(served.stdout.strip().splitlines()[-1])}


def serve(tmp: Path, questions: int) -> dict:
    """What a server process costs at this size: load, answer latency, peak RSS (a process of its own)."""
    from assistant.answer.pipeline import Assistant
    from assistant.core.settings import Settings

    s = Settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data")
    t = time.perf_counter()
    assistant = Assistant.from_settings(s)
    load = time.perf_counter() - t
    asks = [json.loads(x)["question"] for x in (ROOT / "evals" / "pairs.jsonl").read_text(encoding="utf-8")
            .splitlines() if x and not json.loads(x).get("history")][:questions]
    for q in asks[:5]:
        assistant.ask(q)
    lat = []
    for q in asks:
        t = time.perf_counter()
        assistant.ask(q)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    return {"editions": len(assistant.documents), "load_s": load, "p50": statistics.median(lat),
            "p95": lat[int(len(lat) * 0.95) - 1], "rss_mb": peak_rss_mb(),
            "load": os.getloadavg()[0]}


def embedding_throughput(cache_dir: Path) -> tuple[int, float]:
    """A cold build of today's corpus with an empty cache — and without the vectors the corpus ships, which would
    otherwise seed it (make_corpus copies files only); fills `cache_dir` for the larger sizes."""
    from assistant.core.settings import Settings
    from index.build import build_index

    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(Path(tmp) / "corpus", 1)
        s = Settings(corpus_dir=Path(tmp) / "corpus", data_dir=Path(tmp) / "data")
        t = time.perf_counter()
        info = build_index(s, progress=False)
        seconds = time.perf_counter() - t
        shutil.copytree(s.index_dir / "cache", cache_dir)
    return info.embedded, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--factors", default="1,10,100")
    ap.add_argument("--questions", type=int, default=100, help="eval questions timed at each size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        print(json.dumps(serve(args.serve, args.questions)))
        return
    if args.one:
        print(json.dumps(one(args.one, args.cache, args.questions)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        load0 = os.getloadavg()[0]
        embedded, seconds = embedding_throughput(cache)
        print(f"cold build of today's corpus, empty cache: {seconds:.1f} s, {embedded} chunks embedded "
              f"({embedded / seconds:.1f} chunks/s with everything else in the build), "
              f"load average {load0:.2f} → {os.getloadavg()[0]:.2f}", flush=True)
        print("| size | editions | chunks | build (cached vectors) s | add one edition s | index MB | builder RSS MB | "
              "server load s | answer p50 ms | p95 ms | server RSS MB | load avg |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for factor in (int(f) for f in args.factors.split(",")):
            out = subprocess.run([sys.executable, __file__, "--one", str(factor), "--cache", str(cache),
                                  "--questions", str(args.questions)], capture_output=True, text=True, check=False)
            if out.returncode:
                print(f"| {factor}× | failed: {out.stderr.strip().splitlines()[-1:]} |", flush=True)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"| {factor}× | {r['editions']} | {r['chunks']} | {r['build_s']:.1f} | {r['add_s']:.1f} | "
                  f"{r['index_mb']:.0f} | {r['build_rss_mb']:.0f} | {r['load_s']:.1f} | {r['p50']:.0f} | "
                  f"{r['p95']:.0f} | {r['rss_mb']:.0f} | {r['load']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
