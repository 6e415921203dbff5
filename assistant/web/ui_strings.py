"""The chat UI's words in each interface language, as data (prompts/ui_<lang>.toml), checked once at start-up.

Every language must have every key with the same {placeholders}, so switching the interface language can never
show a key name or a half-filled sentence. `sections` maps a section name to how it reads in a suggested question.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.core.errors import ConfigError
from assistant.core.templates import PROMPTS_DIR, variables

LANGUAGES = ("zh", "en")  # the first is the default


@dataclass(frozen=True)
class UiStrings:
    language: str
    text: dict[str, str]
    examples: list[str]
    sections: dict[str, str]

    def get(self, key: str, **values: object) -> str:
        return self.text[key].format(**values)

    def for_browser(self) -> dict:
        return {"text": self.text, "examples": self.examples}


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read UI strings {path}: {e}") from e


def _parse(language: str, data: dict, path: Path) -> UiStrings:
    examples, sections = data.pop("examples", None), data.pop("sections", {})
    if not (isinstance(examples, list) and examples and all(isinstance(q, str) and q.strip() for q in examples)):
        raise ConfigError(f"{path}: `examples` must be a non-empty list of questions")
    bad = [k for k, v in {**data, **sections}.items() if not isinstance(v, str)]
    if bad:
        raise ConfigError(f"{path}: these keys must be strings: {bad}")
    return UiStrings(language, data, examples, sections)


@lru_cache(maxsize=1)
def load_ui_strings(prompts_dir: Path = PROMPTS_DIR) -> dict[str, UiStrings]:
    """Every interface language, keyed by code; raises ConfigError naming the file and key that do not match."""
    out = {lang: _parse(lang, _read(prompts_dir / f"ui_{lang}.toml"), prompts_dir / f"ui_{lang}.toml")
           for lang in LANGUAGES}
    first, *rest = LANGUAGES
    for lang in rest:
        a, b = out[first].text, out[lang].text
        if set(a) != set(b):
            raise ConfigError(f"ui_{first}.toml and ui_{lang}.toml differ in keys: "
                              f"{sorted(set(a) ^ set(b))}; every language needs every key")
        for key in a:
            if variables(a[key]) != variables(b[key]):
                raise ConfigError(f"ui_{lang}.toml key {key!r} uses {sorted(variables(b[key]))}, "
                                  f"ui_{first}.toml uses {sorted(variables(a[key]))}: use the same placeholders")
    return out
