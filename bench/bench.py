"""Speed and memory figures (printed, not asserted): index build cold/warm, model load, per-question latency."""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer.pipeline import Assistant  # noqa: E402
from assistant.core.settings import Settings  # noqa: E402
from index.build import build_index  # noqa: E402


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp))
        t = time.perf_counter()
        info = build_index(s, progress=False)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        build_index(s, progress=False)
        warm = time.perf_counter() - t
        t = time.perf_counter()
        build_index(s, progress=False, force=True)
        cached = time.perf_counter() - t
        live = s.index_dir / "builds" / info.id
        t = time.perf_counter()
        a = Assistant.from_settings(s)
        load = time.perf_counter() - t
        pairs = [json.loads(x) for x in (ROOT / "evals" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
        for p in pairs[:5]:
            a.ask(p["question"], history=p.get("history"))  # warm caches
        lat = []
        for p in pairs:
            t = time.perf_counter()
            a.ask(p["question"], history=p.get("history"))
            lat.append((time.perf_counter() - t) * 1000)
        lat.sort()
        print(f"chunks                 {info.chunks}")
        print(f"build cold             {cold:.1f} s  (embedder {info.embedder})")
        print(f"build warm (no change) {warm * 1000:.0f} ms")
        print(f"rebuild, vectors cached {cached:.1f} s")
        print(f"index size on disk     {dir_size(live) / 1e6:.1f} MB (+ vector cache {dir_size(s.index_dir / 'cache') / 1e6:.1f} MB)")
        print(f"assistant load         {load:.2f} s")
        print(f"questions              {len(lat)}")
        print(f"latency p50            {statistics.median(lat):.1f} ms")
        print(f"latency p95            {lat[int(len(lat) * 0.95) - 1]:.1f} ms")
        print(f"peak memory (RSS)      {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
