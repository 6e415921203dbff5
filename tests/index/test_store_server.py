"""The vector store on a real Chroma server (`chroma run` from the installed package): builds write a collection of
their own and switch atomically, old ones are dropped, and a server restart mid-session gives a clear 503, then
answers again without restarting the app."""

from __future__ import annotations

import shutil
import subprocess

import httpx
import pytest

from assistant.core.errors import IndexNotReady
from assistant.web.server import background_server, create_app
from index.build import build_index, chroma_server, current_build, read_info, verify_build
from index.reader import load_index
from chroma_server import CHROMA, ChromaProcess

pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason=f"no Chroma server executable at {CHROMA}")
QUESTION = "新版4.7 的起吊重量要求是多少？"
TOPIC = "深海冷泉有哪些考核指标？"  # names no direction: only retrieval, dense included, can find it


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    server = ChromaProcess(tmp_path_factory.mktemp("chroma") / "db").start()
    yield server
    server.stop()


@pytest.fixture
def on_server(tmp_path, settings, built_index, chroma):
    """A data dir of the test's own whose builds go to the Chroma server (vectors from the session's cache)."""
    shutil.copytree(settings.index_dir / "cache", tmp_path / "index" / "cache")
    return settings.model_copy(update={"data_dir": tmp_path, "chroma_url": chroma.url, "keep_builds": 1})


def _collections(s) -> set[str]:
    return set(chroma_server(s).collections())


def test_a_build_writes_its_own_collection_and_readers_use_it(on_server, assistant):
    embedder = assistant.index.embedder
    info = build_index(on_server, embedder=embedder, progress=False)
    build = current_build(on_server.index_dir)
    assert info.collection in _collections(on_server) and not (build / "chroma").exists()
    assert verify_build(build, server=chroma_server(on_server)).store == info.store
    index = load_index(on_server, embedder)
    hits = index.vectors.query(embedder.embed_query("输电铁塔无人化组塔"), 5, "joint-rd-draft")
    assert hits and all(cid.startswith("joint-rd-draft:") for cid, _ in hits)


def test_a_rebuild_switches_collections_and_drops_the_old_one(on_server, assistant, tmp_path_factory):
    embedder = assistant.index.embedder
    neighbour = on_server.model_copy(update={"data_dir": tmp_path_factory.mktemp("neighbour")})
    shutil.copytree(on_server.index_dir / "cache", neighbour.index_dir / "cache")
    theirs = build_index(neighbour, embedder=embedder, progress=False)  # another data dir on the same server
    first = build_index(on_server, embedder=embedder, progress=False)
    second = build_index(on_server, embedder=embedder, progress=False, force=True)
    assert second.collection != first.collection and current_build(on_server.index_dir).name == second.id
    names = _collections(on_server)
    assert second.collection in names and first.collection not in names  # pruned with its build folder
    assert theirs.collection in names  # another index's collections are never swept


def test_an_interrupted_build_leaves_the_old_collection_live_and_its_own_is_swept(on_server, assistant, monkeypatch):
    embedder = assistant.index.embedder
    first = build_index(on_server, embedder=embedder, progress=False)
    import index.build as build_mod

    def half_then_boom(*args, **kwargs):
        raise KeyboardInterrupt  # after the collection is written, before the build folder is finished

    monkeypatch.setattr(build_mod, "_write_jsonl", half_then_boom)
    with pytest.raises(KeyboardInterrupt):
        build_index(on_server, embedder=embedder, progress=False, force=True)
    assert current_build(on_server.index_dir).name == first.id
    assert load_index(on_server, embedder).vectors.count() == first.chunks
    monkeypatch.undo()
    gone = subprocess.Popen(["true"])
    gone.wait()  # the interrupted build's folder as a killed build process leaves it: its owner is dead
    for tmp in (on_server.index_dir / "builds").glob("tmp-*"):
        tmp.rename(tmp.with_name(f"{tmp.name.rsplit('-', 1)[0]}-{gone.pid}"))
    ours = first.collection.rsplit("--", 1)[0]  # this data dir's namespace; other tests share the server
    half = {n for n in _collections(on_server) if n.startswith(ours)} - {first.collection}
    assert len(half) == 1  # the interrupted build's collection, complete or not, is not the live one
    third = build_index(on_server, embedder=embedder, progress=False, force=True)
    assert _collections(on_server) & (half | {first.collection}) == set()
    assert read_info(current_build(on_server.index_dir)).collection == third.collection


def test_a_build_on_a_server_needs_that_server_to_load(on_server, assistant):
    build_index(on_server, embedder=assistant.index.embedder, progress=False)
    with pytest.raises(IndexNotReady) as e:
        load_index(on_server.model_copy(update={"chroma_url": None}), assistant.index.embedder)
    assert "ASSISTANT_CHROMA_URL" in str(e.value) and "\n" not in str(e.value)


def test_server_restart_mid_session_gives_a_clear_503_then_recovers(on_server, assistant, chroma):
    build_index(on_server, embedder=assistant.index.embedder, progress=False)
    with background_server(create_app(on_server, ui=False)) as url, httpx.Client(base_url=url, timeout=60) as c:
        assert c.post("/api/ask", json={"question": QUESTION}).status_code == 200
        chroma.stop()
        try:
            down = c.post("/api/ask", json={"question": TOPIC})
            assert down.status_code == 503
            message = down.json()["error"]
            assert chroma.url in message and "does not answer" in message and "Traceback" not in down.text
            ready = c.get("/readyz")
            assert ready.status_code == 503 and chroma.url in " ".join(ready.json()["problems"])
        finally:
            chroma.start()  # same folder, same port: the server comes back with its collections
        back = c.post("/api/ask", json={"question": TOPIC})
        assert back.status_code == 200 and back.json()["citations"]
        assert c.get("/readyz").status_code == 200
