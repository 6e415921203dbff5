"""`index add FILE`: read a new edition (PDF via pypdf, or text), report how it parsed, then add it and rebuild.

Identity (title, 专项 name, year, batch, status, label, aliases) comes from the document's title line unless given.
Everything is checked before anything is written; a parse that looks wrong is refused with its report unless forced;
if the rebuild fails, the corpus is restored, and the live index was never touched (builds switch atomically).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import IngestError
from assistant.core.settings import Settings
from assistant.core.types import Edition
from index.build import BuildInfo, build_index
from index.clean import split_blocks
from index.corpus import load_manifest, sha256
from index.identity import identify
from index.parse import parse_text
from index.report import ParseReport, parse_report


class ParseRefused(IngestError):
    """The file parsed, but not well enough to add without --force; `report` says why."""

    def __init__(self, message: str, report: ParseReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class Added:
    edition: Edition
    report: ParseReport
    info: BuildInfo | None  # None for a dry run


def _text_of(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        from index.pdf import pdf_to_text

        return pdf_to_text(path)
    if path.suffix.lower() not in (".txt", ".md"):
        raise IngestError(f"{path.name}: only .pdf, .txt and .md files can be added")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise IngestError(f"{path.name} is not UTF-8 text: save it as UTF-8 or add the PDF") from None


def _edition(settings: Settings, path: Path, text: str, label: str | None, title: str | None,
             year: int | None) -> Edition:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "edition"
    editions = load_manifest(settings.corpus_dir).editions
    if any(e.id == slug for e in editions):
        raise IngestError(f"an edition with id {slug!r} exists already: rename the file or remove that entry")
    ident = identify(split_blocks(text))
    if year:  # a year given names the edition too: "… 2025", not the year the title line says
        ident = ident.model_copy(update={"year": year})
    label = label or ident.label or slug
    if any(e.label == label for e in editions):
        raise IngestError(f"label {label!r} is taken: pass --label with another short label")
    first_line = next((ln.strip("# ").strip() for ln in text.splitlines() if ln.strip()), slug)
    return Edition(id=slug, label=label, title=title or ident.title or first_line, year=ident.year,
                   status=ident.status, programme=ident.programme, batch=ident.batch, aliases=ident.aliases,
                   name_zh=ident.name_zh, name_en=ident.name_en, source=f"{slug}{path.suffix.lower()}", sha256="")


def add_edition(settings: Settings, path: Path, label: str | None = None, title: str | None = None,
                year: int | None = None, dry_run: bool = False, force: bool = False) -> Added:
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    text = _text_of(path)
    edition = _edition(settings, path, text, label, title, year)
    doc = parse_text(text, edition)
    report = parse_report(doc, path.name)
    if not doc.directions:
        raise ParseRefused(f"{path.name}: no guideline directions (like '1.1 标题' + '研究内容：') found in its text",
                           report)
    if dry_run:
        return Added(doc.edition, report, None)
    if not report.ok and not force:
        raise ParseRefused(f"{path.name} was not added, its parse looks wrong ({'; '.join(report.problems)}): "
                           "fix the file, or pass --force to add it as parsed", report)
    return Added(doc.edition, report, _write_and_build(settings, path, doc.edition))


def _write_and_build(settings: Settings, path: Path, edition: Edition) -> BuildInfo:
    dest = settings.corpus_dir / edition.source
    manifest_path = settings.corpus_dir / "manifest.json"
    before = manifest_path.read_text(encoding="utf-8")
    shutil.copyfile(path, dest)
    edition = edition.model_copy(update={"sha256": sha256(dest)})
    data = json.loads(before)
    data["editions"].append(edition.model_dump(exclude_none=True))
    manifest_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    try:
        return build_index(settings, progress=True)
    except BaseException:
        manifest_path.write_text(before, encoding="utf-8")
        dest.unlink(missing_ok=True)
        raise
