"""The interface words: both languages complete and alike, every word the page uses defined, every example answered."""

from __future__ import annotations

import re
import shutil

import pytest

from assistant.core.errors import ConfigError
from assistant.core.templates import PROMPTS_DIR
from assistant.web.ui import ASSETS, SCRIPTS
from assistant.web.ui_strings import LANGUAGES, load_ui_strings


def test_every_example_question_is_answered(assistant):
    for lang, strings in load_ui_strings().items():
        for q in strings.examples:
            a = assistant.ask(q)
            assert a.answerable and a.citations, f"{lang} example not answered: {q}"


def test_every_word_the_page_uses_is_defined():
    page = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)
    shell = (ASSETS / "shell.html").read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\('([a-z_]*[a-z])'", page)) | set(re.findall(r'data-t(?:-[a-z]+)?="([a-z_]+)"', shell))
    used |= {f"toast_{kind}" for kind in re.findall(r"toast\('([a-z]+)'", page)}
    used |= {f"mode_{m}" for m in ("extractive", "llm", "llm_fallback")}  # t('mode_' + a.mode): a prefix
    assert len(used) > 40
    for strings in load_ui_strings().values():
        assert used <= set(strings.text), sorted(used - set(strings.text))


@pytest.fixture
def prompts(tmp_path):
    for lang in LANGUAGES:
        shutil.copy(PROMPTS_DIR / f"ui_{lang}.toml", tmp_path / f"ui_{lang}.toml")
    return tmp_path


def test_a_key_missing_in_one_language_stops_start_up(prompts):
    en = prompts / "ui_en.toml"
    en.write_text(re.sub(r"(?m)^send = .*\n", "", en.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError, match="differ in keys: \\['send'\\]"):
        load_ui_strings.__wrapped__(prompts)


def test_different_placeholders_stop_start_up(prompts):
    en = prompts / "ui_en.toml"
    en.write_text(en.read_text(encoding="utf-8").replace('counter = "{n} / {max} characters"',
                                                         'counter = "{count} of {max}"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="'counter' uses \\['count', 'max'\\]"):
        load_ui_strings.__wrapped__(prompts)


def test_examples_must_be_questions(prompts):
    zh = prompts / "ui_zh.toml"
    zh.write_text(re.sub(r"(?s)examples = \[.*?\]", "examples = []", zh.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError, match="examples"):
        load_ui_strings.__wrapped__(prompts)
