"""Loading a build: verified against its manifest (one-line reasons), leased while in use, released after."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys

import pytest

from assistant.core.errors import IndexNotReady
from index.build import current_build
from index.reader import load_index

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path, settings, built_index, assistant):
    """A private copy of the session's index, free to damage; reuses the session's embedder."""
    shutil.copytree(settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns("leases"))
    return settings.model_copy(update={"data_dir": tmp_path}), assistant.index.embedder


def _one_line(e: pytest.ExceptionInfo) -> str:
    message = str(e.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_an_intact_copy_loads(copy):
    s, embedder = copy
    assert load_index(s, embedder).vectors.count() > 700


def test_an_edited_documents_file_is_refused(copy):
    s, embedder = copy
    docs = current_build(s.index_dir) / "documents.json"
    text = docs.read_text(encoding="utf-8")
    assert "1000kg" in text
    docs.write_text(text.replace("1000kg", "9000kg", 1), encoding="utf-8")
    with pytest.raises(IndexNotReady) as e:
        load_index(s, embedder)
    assert "documents.json does not match its checksum" in _one_line(e) and "index --force" in str(e.value)


def test_a_missing_chunk_file_is_refused(copy):
    s, embedder = copy
    (current_build(s.index_dir) / "chunks.jsonl").unlink()
    with pytest.raises(IndexNotReady) as e:
        load_index(s, embedder)
    assert "chunks.jsonl is missing" in _one_line(e)


def test_a_corrupted_store_is_refused_at_load_not_later(copy):
    s, embedder = copy
    sqlite = current_build(s.index_dir) / "chroma" / "chroma.sqlite3"
    data = bytearray(sqlite.read_bytes())
    middle = len(data) // 2
    data[middle: middle + 4096] = b"\xa5" * 4096
    sqlite.write_bytes(bytes(data))
    with pytest.raises(IndexNotReady) as e:
        load_index(s, embedder)
    assert "vector store" in _one_line(e)


def test_verify_command_reports_in_one_line(copy):
    s, _ = copy
    env = {"ASSISTANT_DATA_DIR": str(s.data_dir), "ASSISTANT_CORPUS_DIR": str(s.corpus_dir), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([sys.executable, "-m", "assistant", "index", "verify"], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and "match the build manifest" in ok.stdout, ok.stderr
    (current_build(s.index_dir) / "documents.json").write_text("[]", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "assistant", "index", "verify"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and bad.stderr.strip().count("\n") == 0
    assert "documents.json does not match its checksum" in bad.stderr and "Traceback" not in bad.stderr


def test_a_loaded_build_is_leased_until_released(copy):
    s, embedder = copy
    index = load_index(s, embedder)
    leases = index.path / "leases"
    assert len(list(leases.iterdir())) == 1
    del index
    gc.collect()
    assert list(leases.iterdir()) == []
