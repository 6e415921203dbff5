"""The hybrid retriever as a LangChain `BaseRetriever`, for pipelines that want LangChain `Document`s."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.answer.lexicon import Lexicon
from assistant.answer.understand import understand
from assistant.answer.retrieve import Retriever


class GuidelineRetriever(BaseRetriever):
    """Chunks for a question, best first, with their metadata (edition, number, title, section, offsets, score).

    >>> docs = GuidelineRetriever(retriever=assistant.retriever, k=5).invoke("新版4.7 起吊重量")
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Retriever
    k: int = 8
    editions: list[str] | None = None  # edition ids; None = all

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[LCDocument]:
        docs = self.retriever.index.documents
        index = self.retriever.index
        q = understand(query, docs, Lexicon(index.glossary, index.synonyms))
        editions = self.editions or q.editions or [d.edition.id for d in docs]
        result = self.retriever.search(q, editions)
        out = []
        for hit in result.hits[: self.k]:
            c = hit.chunk
            source = self.retriever.index.document[c.edition].text[c.start:c.end]
            out.append(LCDocument(page_content=source, id=c.id,
                                  metadata={**c.metadata(), "score": hit.score, "dense": hit.dense}))
        return out
