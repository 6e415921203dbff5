"""`index add FILE`: validate a new edition (PDF via pypdf, or text), then add it to corpus/ and rebuild.

Validation happens before anything is written; if the rebuild fails, the corpus is restored, and the live index was
never touched (builds switch atomically), so a bad file loses nothing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from assistant.core.errors import IngestError
from assistant.core.settings import Settings
from assistant.core.types import Edition
from index.build import BuildInfo, build_index
from index.corpus import load_manifest, sha256
from index.parse import parse_text


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


def add_edition(settings: Settings, path: Path, label: str | None = None, title: str | None = None,
                year: int | None = None) -> tuple[Edition, BuildInfo]:
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "edition"
    manifest = load_manifest(settings.corpus_dir)
    if any(e.id == slug for e in manifest.editions):
        raise IngestError(f"an edition with id {slug!r} exists already: rename the file or remove that entry")
    label = label or slug
    if any(e.label == label for e in manifest.editions):
        raise IngestError(f"label {label!r} is taken: pass --label with another short label")
    text = _text_of(path)
    probe = Edition(id=slug, label=label, title=title or "", source=path.name, sha256="")
    doc = parse_text(text, probe)
    if not doc.directions:
        raise IngestError(f"{path.name}: no guideline directions (like '1.1 标题' + '研究内容：') found in its text")
    first_line = next((ln.strip("# ").strip() for ln in text.splitlines() if ln.strip()), slug)
    dest = settings.corpus_dir / f"{slug}{path.suffix.lower()}"
    edition = probe.model_copy(update={"title": title or first_line, "year": year, "source": dest.name})
    manifest_path = settings.corpus_dir / "manifest.json"
    before = manifest_path.read_text(encoding="utf-8")
    shutil.copyfile(path, dest)
    edition.sha256 = sha256(dest)
    data = json.loads(before)
    data["editions"].append(edition.model_dump(exclude_none=True))
    manifest_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    try:
        info = build_index(settings, progress=True)
    except BaseException:
        manifest_path.write_text(before, encoding="utf-8")
        dest.unlink(missing_ok=True)
        raise
    return edition, info
