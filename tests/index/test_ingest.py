"""`index add`: a good PDF becomes a new edition in the index; a bad file, a dry run or a parse that looks wrong
changes nothing; identity comes from the title line."""

import json
import shutil
from pathlib import Path

import pytest

import pdfgen
from assistant.core.errors import IngestError
from index.build import build_index, current_build
from index.ingest import ParseRefused, add_edition
from index.reader import load_index

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


@pytest.fixture
def private(tmp_path, settings, built_index):
    """A copy of the corpus and a data dir that shares the session's vector cache (vectors are keyed by text, so a
    chunk embedded by one test is never embedded again by another)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    data = tmp_path / "data"
    (data / "index").mkdir(parents=True)
    (data / "index" / "cache").symlink_to(settings.index_dir / "cache")
    s = settings.model_copy(update={"corpus_dir": corpus, "data_dir": data})
    build_index(s, progress=False)
    return s


def test_bad_files_are_refused_and_nothing_changes(private, settings, tmp_path):
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
    assert sorted(p.name for p in private.corpus_dir.iterdir()) == sorted(p.name for p in settings.corpus_dir.iterdir())


def test_a_generated_pdf_becomes_a_searchable_edition(private, tmp_path):
    pdfgen.fonts_or_skip()
    pdf = pdfgen.guideline_pdf(tmp_path / "test-guideline.pdf")
    added = add_edition(private, pdf, label="测试版", year=2026)
    edition, info = added.edition, added.info
    assert info.directions == 94 + 3 and added.report.ok
    entry = json.loads((private.corpus_dir / "manifest.json").read_text())["editions"][-1]
    assert entry["label"] == "测试版" and entry["source"] == "test-guideline.pdf" and len(entry["sha256"]) == 64
    idx = load_index(private)
    assert {d.number for d in idx.document[edition.id].directions} == {"1.1", "1.2", "1.3"}
    with pytest.raises(IngestError, match="exists already"):
        add_edition(private, pdf)


def _unchanged(settings):
    return (settings.corpus_dir / "manifest.json").read_text(), sorted(p.name for p in settings.corpus_dir.iterdir()), \
        current_build(settings.index_dir)


def test_a_dry_run_reports_and_changes_nothing(private):
    before = _unchanged(private)
    added = add_edition(private, LAYOUTS / "water-security-2022-2.txt", dry_run=True)
    assert added.info is None and added.report.ok and added.report.parsed == 5
    assert added.edition.label == "智慧水利与水安全 2022 第二批" and added.edition.batch == "第二批"
    assert _unchanged(private) == before


def test_a_parse_that_looks_wrong_is_refused_with_its_report_unless_forced(private, tmp_path):
    wrong = tmp_path / "nano-miscounted.txt"  # the preamble declares 5 directions, the file has 4
    wrong.write_text((LAYOUTS / "nano-frontier-2018.txt").read_text().replace("共部署4个研究方向", "共部署5个研究方向"),
                     encoding="utf-8")
    before = _unchanged(private)
    with pytest.raises(ParseRefused) as refused:
        add_edition(private, wrong)
    message = str(refused.value)
    assert "\n" not in message and "declares 5 directions, 4 parsed" in message and "--force" in message
    assert "verdict: looks wrong" in refused.value.report.render()
    assert _unchanged(private) == before
    forced = add_edition(private, wrong, force=True)
    assert forced.info.directions == 94 + 4 and not forced.report.ok


def test_identity_from_the_title_line_goes_into_the_manifest(private):
    dry = add_edition(private, LAYOUTS / "intergovernmental-2023-1.txt", dry_run=True)
    added = add_edition(private, LAYOUTS / "intergovernmental-2023-1.txt")
    assert added.report.render() == dry.report.render()  # the same report after the real add
    entry = json.loads((private.corpus_dir / "manifest.json").read_text())["editions"][-1]
    assert {k: entry[k] for k in ("label", "year", "status", "programme", "batch", "source")} == {
        "label": "政府间国际科技创新合作 2023 第一批", "year": 2023, "status": "正式",
        "programme": "政府间国际科技创新合作", "batch": "第一批", "source": "intergovernmental-2023-1.txt"}
    assert entry["aliases"][:2] == ["政府间国际科技创新合作", "政府间国际科技创新合作2023"]
    assert entry["title"] == "“政府间国际科技创新合作”重点专项2023年度第一批项目申报指南"
    with pytest.raises(IngestError, match="is taken: pass --label"):
        add_edition(private, _renamed(LAYOUTS / "intergovernmental-2023-1.txt", private.data_dir / "copy.txt"))


def _renamed(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest
