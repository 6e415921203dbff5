"""PDF ingestion end to end: fpdf2 writes a real guideline PDF, pypdf reads it back, `parse_text` parses the text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pdfgen  # tests/ is on sys.path through tests/conftest.py, as for fake_openai
import pytest

from assistant.core.errors import IngestError
from assistant.core.types import Document, Edition
from index.parse import parse_text
from index.pdf import pdf_to_text

EDITION = Edition(id="test-pdf", label="测试", title="t", source="x.pdf", sha256="0")
PAGE_NUMBER = re.compile(r"^\s*(?:[-—]\s*\d+\s*[-—]|\d+|第\s*\d+\s*页|\d+\s*/\s*\d+)\s*$", re.M)


def squash(s: str) -> str:
    return re.sub(r"\s", "", s)  # a hard wrap at a space loses the space ("不少于 10" + "人次")


def _squashed_sections(doc: Document) -> list[list[str]]:
    """Per direction: research content, each metric item, the keyword line."""
    return [[squash(d.section("研究内容").text), *(squash(i.text) for i in d.metrics.items),
             squash(d.section("关键词").text)] for d in doc.directions]


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pdfgen.guideline_pdf(tmp_path_factory.mktemp("pdf") / "guideline.pdf")


@pytest.fixture(scope="module")
def text(pdf_path: Path) -> str:
    return pdf_to_text(pdf_path)


@pytest.fixture(scope="module")
def doc(text: str) -> Document:
    return parse_text(text, EDITION)


def test_the_generated_pdf_has_the_traps_it_is_meant_to_have(pdf_path: Path) -> None:
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(pdf_path).pages]
    assert len(pages) >= 2
    assert all(pdfgen.TITLE in p and f"— {n} —" in p for n, p in enumerate(pages, 1))
    head = [i for i, p in enumerate(pages) if squash(pdfgen.SPLIT_HEAD) in squash(p)]
    tail = [i for i, p in enumerate(pages) if squash(pdfgen.SPLIT_TAIL) in squash(p)]
    assert len(head) == len(tail) == 1 and tail[0] == head[0] + 1, "item 1.2 (2) must run over a page break"


def test_directions_titles_and_categories(doc: Document) -> None:
    assert [d.number for d in doc.directions] == ["1.1", "1.2", "1.3"]
    assert [(d.title, d.category) for d in doc.directions] == [
        (d["title"], d["category"]) for d in pdfgen.DIRECTIONS]
    assert [(dom.number, dom.name) for dom in doc.domains] == [("1", "测试领域")]
    assert doc.anomalies == []  # the preamble's 共计 3 个 matches, and every direction has its sections


def test_preamble_rules(doc: Document) -> None:
    assert [(p.heading, p.text) for p in doc.preamble] == [
        ("一、总体目标和安排", pdfgen.RULE), ("二、领域和方向", pdfgen.SCOPE)]


def test_research_content_is_one_paragraph(doc: Document) -> None:
    for d, spec in zip(doc.directions, pdfgen.DIRECTIONS):
        section = d.section("研究内容")
        assert section is not None and section.text == spec["content"]


def test_three_metric_items_each_with_units_intact(doc: Document) -> None:
    for d, spec in zip(doc.directions, pdfgen.DIRECTIONS):
        assert d.metrics is not None
        items = d.metrics.items
        assert [i.marker for i in items] == ["(1)", "(2)", "(3)"]
        assert [squash(i.text) for i in items] == [squash(m) for m in spec["metrics"]]
        assert all(doc.text[i.start:i.end] == i.text for i in items)
    assert "≥50%" in doc.directions[0].metrics.items[0].text
    assert "1000 条" in doc.directions[0].metrics.items[1].text


def test_item_cut_by_a_page_break_is_one_item(doc: Document) -> None:
    items = doc.directions[1].metrics.items
    split = items[1]
    assert "\n" not in split.text and "并完成典型场景验证" in split.text  # the page break cut 典|型
    assert split.text.startswith(pdfgen.SPLIT_HEAD)
    assert split.text.endswith(pdfgen.SPLIT_TAIL + "；")
    assert "1000 kg" in split.text and "≥30%" in split.text
    assert items[2].text.startswith("申请国际专利")


def test_page_furniture_does_not_leak(text: str, doc: Document) -> None:
    assert not re.search(r"—\s*\d+\s*—", text)
    assert text.count(pdfgen.TITLE) == 1  # the title line stays; the running header over every page goes
    spans = [p.text for p in doc.preamble] + [d.title for d in doc.directions]
    spans += [s.text for d in doc.directions for s in d.sections]
    for span in spans:
        assert pdfgen.TITLE not in span and "征求意见稿" not in span
        assert not re.search(r"—\s*\d+\s*—", span)


@pytest.mark.parametrize("label", ["- {n} -", "{n}", "第 {n} 页", "{n}/{nb}"])
def test_other_page_number_styles_are_dropped(tmp_path: Path, label: str) -> None:
    text = pdf_to_text(pdfgen.guideline_pdf(tmp_path / "g.pdf", footer=label))
    assert not PAGE_NUMBER.search(text)
    doc = parse_text(text, EDITION)
    assert doc.anomalies == []
    # a page number left in would be glued to the paragraph above it: every section must read as printed
    assert _squashed_sections(doc) == [
        [squash(d["content"]), *map(squash, d["metrics"]), squash("；".join(d["keywords"]))] for d in pdfgen.DIRECTIONS]


def test_keywords(doc: Document) -> None:
    assert [d.keywords for d in doc.directions] == [d["keywords"] for d in pdfgen.DIRECTIONS]


def test_pdf_locked_only_against_editing_reads_normally(tmp_path: Path) -> None:
    text = pdf_to_text(pdfgen.encrypted_pdf(tmp_path / "owner-only.pdf", user_password=None))
    assert text.strip().endswith(pdfgen.RULE)  # one page: no running title to recognise


# ---------------------------------------------------------------- files that are not usable guideline PDFs


def _random(tmp_path: Path) -> Path:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(4096))
    return path


def _truncated(tmp_path: Path) -> Path:
    whole = pdfgen.guideline_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    return path


@pytest.mark.parametrize(("make", "says"), [
    (_random, ["not a PDF", "add the PDF itself"]),
    (_truncated, ["damaged", "re-export it"]),
    (lambda p: pdfgen.encrypted_pdf(p / "locked.pdf"), ["password-protected", "save an unprotected copy"]),
    (lambda p: pdfgen.image_only_pdf(p / "scan.pdf"), ["no text layer", "run OCR first or add the .txt"]),
    (lambda p: pdfgen.empty_pdf(p / "empty.pdf"), ["no pages", "re-export it"]),
], ids=["random-bytes", "truncated", "encrypted", "image-only", "zero-pages"])
def test_unusable_pdf_raises_one_line_ingest_error(tmp_path: Path, make, says: list[str]) -> None:
    path = make(tmp_path)
    with pytest.raises(IngestError) as info:
        pdf_to_text(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    for words in says:
        assert words in message


def test_corpus_editions_read_back_from_pdf_as_from_text(tmp_path: Path) -> None:
    """Each edition's clean text, printed to PDF and read back, parses to the same directions and items."""
    from index.corpus import load_manifest, read_source

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    if not (corpus / "manifest.json").exists():
        pytest.skip("no corpus/manifest.json")
    for edition in load_manifest(corpus).editions:
        if not edition.source.endswith(".txt"):
            continue
        want = parse_text(read_source(corpus, edition), edition)
        pdf = pdfgen.text_pdf(tmp_path / f"{edition.id}.pdf", want.text, edition.title)
        got = parse_text(pdf_to_text(pdf), edition)
        assert squash(got.text) == squash(want.text)
        assert got.anomalies == want.anomalies
        assert [p.heading for p in got.preamble] == [p.heading for p in want.preamble]
        assert [(d.number, d.title, d.category) for d in got.directions] == [
            (d.number, d.title, d.category) for d in want.directions]
        for g, w in zip(got.directions, want.directions):
            assert [(s.name, [squash(i.text) for i in s.items]) for s in g.sections] == [
                (s.name, [squash(i.text) for i in s.items]) for s in w.sections], g.number


# ---------------------------------------------------------------- an A4 PDF set like an official document


@pytest.fixture(scope="module")
def a4(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    import layout_pdf

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "nano-frontier-2018.txt"
    text = fixture.read_text(encoding="utf-8")
    return layout_pdf.layout_pdf(tmp_path_factory.mktemp("a4") / "nano.pdf", text), text


def test_the_a4_pdf_has_its_traps(a4) -> None:
    from pypdf import PdfReader

    import layout_pdf

    pdf, _ = a4
    reader = PdfReader(pdf)
    pages = [p.extract_text() for p in reader.pages]
    assert round(float(reader.pages[0].mediabox.width)) == 595 and len(pages) >= 3  # A4 portrait, in points
    assert all(layout_pdf.HEADER[0] in p and layout_pdf.HEADER[1] in p and f"— {n} —" in p
               for n, p in enumerate(pages, 1))
    joined = "\n".join(pages)
    assert "300m\nm" in joined  # a line break inside a token
    assert "（基础前沿\n类）" in joined  # a direction heading set on two lines


def test_the_a4_pdf_reads_back_as_its_text(a4) -> None:
    """Every paragraph comes back exactly: no running header or page number, no space inside "300mm", "2 mm" or
    "10 kg", two-line headings in one piece."""
    pdf, text = a4
    got = [line for line in pdf_to_text(pdf).splitlines() if line.strip()]
    want = [line for line in text.splitlines() if line.strip()]
    assert got == want


def test_the_a4_pdf_parses_as_its_text(a4) -> None:
    pdf, text = a4
    from_pdf, from_txt = parse_text(pdf_to_text(pdf), EDITION), parse_text(text, EDITION)
    assert from_pdf.anomalies == [] and len(from_pdf.directions) == 4
    assert [_content(d) for d in from_pdf.directions] == [_content(d) for d in from_txt.directions]
    assert [p.text for p in from_pdf.preamble] == [p.text for p in from_txt.preamble]
    assert from_pdf.edition.programme == "纳米前沿材料"  # the title, printed on two lines, is still found


def _content(d) -> tuple:  # offsets differ: the PDF's two-line title is two paragraphs, the .txt's one
    return (d.number, d.title, d.category, d.parents, [(s.raw_name, [i.text for i in s.items]) for s in d.sections],
            [(f.name, f.text, f.low, f.high, f.unit) for f in d.fields])
