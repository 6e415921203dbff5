"""A full disk and a read-only data dir, on a real tmpfs: answers keep coming, feedback says why it cannot be kept,
and a server that cannot open its index says so in one line. Needs root and `mount` (CI runs as root); skipped
with the reason otherwise."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant.web.server import background_server, create_app

ROOT = Path(__file__).resolve().parents[3]
QUESTION = "新版4.7 的起吊重量要求是多少？"


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no `mount` command: a full disk cannot be simulated here")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs to fill ({mounted.stderr.strip() or 'mount failed'}): "
                    "a full disk cannot be simulated here without root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


def fill(path: Path) -> Path:
    filler = path / "filler"
    with filler.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as e:
            assert e.errno == errno.ENOSPC
    return filler


def test_a_full_then_read_only_disk_never_fails_an_answer(tmp_path, settings, assistant):
    with tmpfs(tmp_path / "disk", "1m") as disk:
        app = create_app(settings, assistant=assistant, feedback_db=disk / "fb.sqlite3", ui=False)
        with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
            logged = c.post("/api/ask", json={"question": QUESTION}).json()["id"]
            assert isinstance(logged, int)

            filler = fill(disk)
            for _ in range(3):
                r = c.post("/api/ask", json={"question": QUESTION})
                assert r.status_code == 200 and r.json()["id"] is None and "1000kg" in r.json()["answer"]
            v1 = c.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]})
            assert v1.status_code == 200 and v1.json()["id"].startswith("chatcmpl-")  # not logged: no answer id
            rated = c.post("/api/feedback", json={"id": logged, "rating": 1})
            assert rated.status_code == 503 and "full or read-only" in rated.json()["error"]
            health = c.get("/healthz").json()["feedback_log"]
            assert not health["ok"] and health["unlogged_answers"] == 4 and "fb.sqlite3" in health["problem"]

            filler.unlink()  # space again: logging resumes by itself
            assert isinstance(c.post("/api/ask", json={"question": QUESTION}).json()["id"], int)
            assert c.post("/api/feedback", json={"id": logged, "rating": 1}).status_code == 200

            remount_read_only(disk)
            r = c.post("/api/ask", json={"question": QUESTION})
            assert r.status_code == 200 and r.json()["id"] is None
            assert c.post("/api/feedback", json={"id": logged, "rating": -1}).status_code == 503


def test_a_read_only_feedback_dir_at_start_is_one_warning(tmp_path, settings, assistant, caplog):
    with tmpfs(tmp_path / "ro", "64k") as ro:
        remount_read_only(ro)
        with caplog.at_level("WARNING"):
            app = create_app(settings, assistant=assistant, feedback_db=ro / "fb.sqlite3", ui=False)
        assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
            f"feedback log not writable ({ro / 'fb.sqlite3'}: unable to open database file): "
            "answers are served but not logged"]
        with background_server(app) as url:
            assert httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).status_code == 200


def test_serving_a_read_only_data_dir_stops_with_one_line(tmp_path, settings, built_index):
    with tmpfs(tmp_path / "data", "64m") as data:
        shutil.copytree(settings.index_dir, data / "index", ignore=shutil.ignore_patterns("leases", "cache"))
        remount_read_only(data)
        env = {"ASSISTANT_DATA_DIR": str(data), "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
               "PATH": "/usr/bin:/bin"}
        run = subprocess.run([sys.executable, "-m", "assistant", "serve", "--port", "0"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().count("\n") == 0 and "read-only" in run.stderr and "Traceback" not in run.stderr
