"""The corpus: a manifest of editions, each a text (or PDF) file in corpus/; parsed documents."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.core.errors import CorpusError
from assistant.core.types import Document, Edition
from index.parse import parse_text


class Manifest(BaseModel):
    editions: list[Edition]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_manifest(corpus_dir: Path) -> Manifest:
    path = corpus_dir / "manifest.json"
    try:
        manifest = Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise CorpusError(f"no manifest at {path}: the corpus folder needs a manifest.json (see README)") from e
    except (ValidationError, json.JSONDecodeError, ValueError) as e:
        raise CorpusError(f"{path} is not a valid manifest: {e}".splitlines()[0]) from e
    ids = [e.id for e in manifest.editions]
    labels = [e.label for e in manifest.editions]
    if len(set(ids)) != len(ids) or len(set(labels)) != len(labels):
        raise CorpusError(f"{path}: edition ids and labels must be unique")
    return manifest


def read_source(corpus_dir: Path, edition: Edition) -> str:
    path = corpus_dir / edition.source
    if not path.exists():
        raise CorpusError(f"{path} is listed in the manifest but missing: restore it or remove its entry")
    if path.suffix.lower() == ".pdf":
        from index.pdf import pdf_to_text  # pypdf is imported only when an edition is a PDF

        return pdf_to_text(path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path} is not UTF-8 text: convert it or add the PDF instead") from e


def load_documents(corpus_dir: Path) -> list[Document]:
    return [parse_text(read_source(corpus_dir, e), e) for e in load_manifest(corpus_dir).editions]
