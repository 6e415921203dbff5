"""Domain errors. Each message says what went wrong and how to fix it; the edges show it as is."""


class AssistantError(Exception):
    """Base for errors a user may see."""


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
