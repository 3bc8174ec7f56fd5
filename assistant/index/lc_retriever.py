"""The hybrid index as a LangChain `BaseRetriever` (for chains and agents that take a retriever)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import Settings
from assistant.index.retrieval import IndexReader


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the hybrid index; Documents carry id, title, kind, language and score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    reader: Any
    k: int = 5
    kind: str | None = None
    language: str | None = None
    category: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.reader.search(
            query, k=self.k, kind=self.kind, language=self.language, category=self.category
        )
        return [
            Document(
                page_content=h.text,
                metadata={
                    "id": h.id,
                    "title": h.title,
                    "kind": h.kind,
                    "language": h.language,
                    "score": h.score,
                },
            )
            for h in hits
        ]


def make_retriever(settings: Settings, **kwargs: Any) -> HybridRetriever:
    """A retriever over the settings' index (the reader is created here; cache it in the app)."""
    return HybridRetriever(reader=IndexReader(settings), **kwargs)
