"""Answer templates and LLM prompts are data in prompts/; loaded once and checked for their variables at start-up."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"

# The variables each answer frame may use; a template naming anything else fails at start-up, not mid-answer.
ANSWER_VARIABLES: dict[str, set[str]] = {
    "direction": {"edition_name", "number", "title", "category"},
    "metric_intro": {"direction"}, "metric_precise_intro": {"direction"}, "metric_lead": {"direction", "clause"},
    "research_intro": {"direction"}, "keywords_intro": {"direction"}, "no_keywords": {"direction"},
    "requirement_intro": {"direction"}, "requirement_none": {"direction"}, "overview_intro": {"direction"},
    "not_stated": {"direction"}, "lookup_intro": set(),
    "structure_intro": {"edition_name", "domains", "count"},
    "list_domain_intro": {"edition_name", "domain", "count"}, "list_category_intro": {"edition_name", "category", "count"},
    "list_other_categories_intro": {"edition_name", "category", "count"},
    "other_edition_answers": {"edition_name"},
    "list_category_none": {"edition_name"}, "categories_intro": {"edition_name", "count"},
    "category_count": {"category", "count", "number", "title"}, "domain_missing": {"edition_name", "domain"}, "rule_intro": {"edition_name"}, "rule_version": {"edition_name", "clause"},
    "rule_differs": {"versions"}, "rule_same": set(), "rule_silent": {"edition_name"}, "rule_related": set(),
    "verdict_yes": set(), "verdict_no": set(), "verdict_depends": set(), "short_verdict_yes": set(), "short_verdict_no": set(), "field_lead": {"direction"}, "field_overrides": set(), "recommend_intro": set(), "recommend_because": set(), "list_keywords": set(),
    "recommend_none": set(), "recommend_nearest": set(), "ambiguous": {"number"}, "followup_note": {"directions"}, "refusal": set(),
    "refusal_suggest": set(), "part_refused": {"part"}, "missing_direction": {"edition_name", "number"},
    "source_header": set(),
}


def variables(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def check(name: str, template: str, allowed: set[str], required: set[str] | None = None) -> None:
    used = variables(template)
    if used - allowed:
        raise ConfigError(f"template {name!r} uses unknown variables {sorted(used - allowed)}; allowed: {sorted(allowed)}")
    if required and required - used:
        raise ConfigError(f"template {name!r} must use {sorted(required - used)}")


@dataclass(frozen=True)
class AnswerTemplates:
    by_language: dict[str, dict[str, str]]

    def get(self, language: str, name: str, **values: str) -> str:
        frames = self.by_language["en" if language == "en" else "zh"]
        return frames[name].format(**values)


def load_answer_templates(path: Path = PROMPTS_DIR / "answer.toml") -> AnswerTemplates:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read answer templates {path}: {e}") from e
    for lang in ("zh", "en"):
        frames = data.get(lang)
        if not isinstance(frames, dict):
            raise ConfigError(f"{path}: missing [{lang}] table")
        missing = set(ANSWER_VARIABLES) - set(frames)
        if missing:
            raise ConfigError(f"{path} [{lang}] lacks templates {sorted(missing)}")
        for name, allowed in ANSWER_VARIABLES.items():
            check(f"{lang}.{name}", frames[name], allowed)
    return AnswerTemplates({lang: dict(data[lang]) for lang in ("zh", "en")})
