"""`index add`: a good PDF becomes a new edition in the index; a bad file changes nothing."""

import json
import shutil

import pytest

import pdfgen
from assistant.core.errors import IngestError
from index.build import build_index, current_build
from index.ingest import add_edition
from index.reader import load_index


@pytest.fixture
def private(tmp_path, settings, built_index):
    """A copy of the corpus and a data dir that reuses the session's vector cache."""
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    data = tmp_path / "data"
    shutil.copytree(settings.index_dir / "cache", data / "index" / "cache")
    s = settings.model_copy(update={"corpus_dir": corpus, "data_dir": data})
    build_index(s, progress=False)
    return s


def test_bad_files_are_refused_and_nothing_changes(private, tmp_path):
    manifest = (private.corpus_dir / "manifest.json").read_text()
    live = current_build(private.index_dir)
    junk = tmp_path / "broken.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    for bad in (junk, pdfgen.empty_pdf(tmp_path / "empty.pdf"), tmp_path / "missing.pdf"):
        with pytest.raises(IngestError) as err:
            add_edition(private, bad)
        assert "\n" not in str(err.value)
    no_directions = tmp_path / "notes.txt"
    no_directions.write_text("会议纪要\n\n没有任何指南方向。\n", encoding="utf-8")
    with pytest.raises(IngestError, match="no guideline directions"):
        add_edition(private, no_directions)
    assert (private.corpus_dir / "manifest.json").read_text() == manifest
    assert current_build(private.index_dir) == live
    assert sorted(p.name for p in private.corpus_dir.iterdir()) == sorted(
        ["manifest.json", "joint-rd-draft.txt", "2022-draft.txt", "glossary_en_zh.tsv", "synonyms_zh.tsv"])


def test_a_generated_pdf_becomes_a_searchable_edition(private, tmp_path):
    pdfgen.fonts_or_skip()
    pdf = pdfgen.guideline_pdf(tmp_path / "test-guideline.pdf")
    edition, info = add_edition(private, pdf, label="测试版", year=2026)
    assert info.directions == 94 + 3
    entry = json.loads((private.corpus_dir / "manifest.json").read_text())["editions"][-1]
    assert entry["label"] == "测试版" and entry["source"] == "test-guideline.pdf" and len(entry["sha256"]) == 64
    idx = load_index(private)
    assert {d.number for d in idx.document[edition.id].directions} == {"1.1", "1.2", "1.3"}
    with pytest.raises(IngestError, match="exists already"):
        add_edition(private, pdf)
