"""Domain errors. Each message says what went wrong and how to fix it; the edges show it as is."""


class AssistantError(Exception):
    """Base for errors a user may see. The message is what the API and the CLI show; one written in both languages
    also keeps each on its own, so the chat page can show the one its reader chose."""

    def __init__(self, message: str = "", *, zh: str = "", en: str = "") -> None:
        super().__init__(message or " ".join(x for x in (zh, f"({en})" if en else "") if x))
        self.by_language = {lang: text for lang, text in (("zh", zh), ("en", en)) if text}

    def said_in(self, language: str) -> str:
        return self.by_language.get(language) or str(self)


class CorpusError(AssistantError):
    """The corpus, its manifest or an added file cannot be used."""


class IngestError(CorpusError):
    """A file given to `index add` cannot be turned into guideline text."""


class IndexNotReady(AssistantError):
    """The index is missing or was built for another embedder."""


class BadQuestion(AssistantError):
    """The question is empty, too long or not text."""


class ConfigError(AssistantError):
    """Settings or prompt templates are invalid."""
