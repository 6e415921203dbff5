"""Closed-loop load on /api/ask over loopback: throughput and latency at several client counts and worker counts.

    python bench/load.py                         # starts `serve --workers 1`, then 2; clients 1, 5, 20, 50
    python bench/load.py --workers 2 --clients 20 --seconds 20
    python bench/load.py --url http://127.0.0.1:7860   # a server already running (loopback only)

Each client keeps one connection and sends the next question as soon as the answer is in (closed loop), cycling
through the eval questions. Before the levels, every question is asked --warm-rounds times over new connections, so
the figures are for questions asked before (each worker's query-vector cache holds them; a help desk's case);
--warm-rounds 0 measures with cold caches. Bounded: at most 200 clients and 300 s a level, and only loopback addresses, so it can
never load someone else's server. The generator runs on the same cores as the server: its own share (a few %) is in
every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_CLIENTS, MAX_SECONDS = 200, 300


def questions() -> list[str]:
    rows = [json.loads(x) for x in (ROOT / "evals" / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if x]
    return [r["question"] for r in rows if not r.get("history")]


async def _ask(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, question: str) -> int:
    """One request on an open keep-alive connection; the reply's status."""
    body = json.dumps({"question": question}, ensure_ascii=False).encode()
    head = (f"POST /api/ask HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    writer.write(head + body)
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _client(host: str, port: int, asks: list[str], start: int, until: float, out: list[float],
                  errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.perf_counter() < until:
            t = time.perf_counter()
            status = await _ask(reader, writer, host, asks[i % len(asks)])
            i += 1
            out.append((time.perf_counter() - t) * 1000)
            if status != 200:
                errors.append(str(status))
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
        errors.append(type(e).__name__)
    finally:
        writer.close()


async def level(url: str, clients: int, seconds: float) -> dict:
    parts = urlsplit(url)
    asks = questions()
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(parts.hostname, parts.port or 80, asks, k * 7, until, latencies, errors)
                           for k in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")  # noqa: E731
    return {"clients": clients, "requests": len(latencies), "errors": len(errors),
            "rps": len(latencies) / elapsed, "p50": statistics.median(latencies) if latencies else float("nan"),
            "p95": pick(0.95), "load": os.getloadavg()[0]}


async def warm(url: str, rounds: int) -> None:
    """Every question `rounds` times, each over a new connection: the kernel spreads connections over the workers
    at random, so with two workers a question misses a given worker's query cache with odds 2^-rounds. Without this,
    a second worker's first lap of embeddings (~25 ms each) lands in the level measured."""
    parts = urlsplit(url)
    gate = asyncio.Semaphore(8)

    async def once(question: str) -> None:
        async with gate:
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
            try:
                await _ask(reader, writer, parts.hostname, question)
            finally:
                writer.close()

    await asyncio.gather(*(once(q) for q in questions() * rounds))


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        sys.exit(f"refusing to load {host}: this generator only targets loopback (127.0.0.1, localhost, ::1)")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, embed_threads: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "ASSISTANT_EMBED_THREADS": str(embed_threads)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--workers", str(workers), "--port",
                             str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(url + "/readyz", timeout=5).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    sys.exit("the server did not become ready (is the index built? `python -m assistant index`)")


def run(url: str, clients: list[int], seconds: float, label: str, warm_rounds: int) -> list[dict]:
    started = time.perf_counter()
    asyncio.run(warm(url, warm_rounds))
    print(f"(warm-up: every question {warm_rounds}× over new connections, {time.perf_counter() - started:.0f} s)",
          flush=True)
    rows = []
    for n in clients:
        row = {"workers": label, **asyncio.run(level(url, n, seconds))}
        rows.append(row)
        print(f"| {row['workers']} | {n} | {row['rps']:.1f} | {row['p50']:.0f} | {row['p95']:.0f} | "
              f"{row['requests']} | {row['errors']} | {row['load']:.2f} |", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server on loopback (default: start one per --workers value)")
    ap.add_argument("--workers", default="1,2", help="worker counts to start, e.g. 1,2")
    ap.add_argument("--clients", default="1,5,20,50", help="concurrent clients per level")
    ap.add_argument("--seconds", type=float, default=20, help="length of each level")
    ap.add_argument("--warm-rounds", type=int, default=6,
                    help="times each question is asked before measuring (0: measure with cold query caches)")
    ap.add_argument("--embed-threads", type=int, default=0,
                    help="ASSISTANT_EMBED_THREADS for started servers (0: cores / workers)")
    args = ap.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    if max(clients) > MAX_CLIENTS or args.seconds > MAX_SECONDS or min(clients) < 1:
        sys.exit(f"bounded: 1..{MAX_CLIENTS} clients, at most {MAX_SECONDS} s a level")
    print(f"cores {os.cpu_count()}, load average at start {os.getloadavg()[0]:.2f}, {args.seconds:.0f} s a level")
    print("| workers | clients | answers/s | p50 ms | p95 ms | answers | errors | load avg (1 min) |")
    print("|---|---|---|---|---|---|---|---|")
    if args.url:
        _check_loopback(args.url)
        run(args.url, clients, args.seconds, "?", args.warm_rounds)
        return
    for workers in [int(w) for w in args.workers.split(",")]:
        threads = args.embed_threads or max(1, (os.cpu_count() or 1) // workers)
        proc, url = start_server(workers, threads)
        try:
            run(url, clients, args.seconds, f"{workers} (embed threads {threads})", args.warm_rounds)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)


if __name__ == "__main__":
    main()
