"""Shared fixtures. Tests never touch the user's index: every session builds its own in a temp dir."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch):
    # an ASSISTANT_* variable in the developer's shell must not change what the tests see
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data")
    cache = ROOT / ".data" / "index" / "cache"
    if cache.is_dir():  # a developer's vector cache saves re-embedding the corpus; a clean clone (CI) embeds it all
        shutil.copytree(cache, data / "index" / "cache")
    return data


@pytest.fixture(scope="session")
def settings(data_dir) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=ROOT / "corpus")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    """A feedback database of the test module's own, apart from the shared index."""
    return tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"


@pytest.fixture(scope="session")
def built_index(settings):
    from index.build import build_index

    return build_index(settings, progress=False)


@pytest.fixture(scope="session")
def assistant(settings, built_index):
    from assistant.answer.pipeline import Assistant

    return Assistant.from_settings(settings)
