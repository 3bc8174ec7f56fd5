"""Hybrid retrieval: vector search (Chroma) fused with BM25 over jieba/word tokens by reciprocal-rank
fusion, with filters for kind, language and category; exposed as a LangChain BaseRetriever."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import Settings
from assistant.corpus import KINDS
from assistant.embeddings import get_embeddings
from assistant.store import IndexUnavailable, client_for, open_collection, read_active
from assistant.tokens import tokenize

RRF_K = 60
CANDIDATES = 40
POINTER_CHECK_S = 2.0


@dataclass(frozen=True)
class Hit:
    """One retrieved document: a card or a deal in one language."""

    id: str
    doc_id: str
    kind: str
    language: str
    title: str
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "language": self.language,
            "score": round(self.score, 6),
            "text": self.text,
        }


@dataclass
class _KindIndex:
    """The documents of one kind, their metadata and a BM25 index over their stored tokens."""

    collection: Any
    doc_ids: list[str]
    docs: dict[str, tuple[str, dict[str, Any]]]
    bm25: Any
    languages: np.ndarray
    categories: np.ndarray


def _load_kind(collection: Any) -> _KindIndex:
    import bm25s

    got = collection.get(where={"part": "doc"}, include=["documents", "metadatas"])
    doc_ids = list(got["ids"])
    docs = {
        i: (d or "", m or {}) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    }
    corpus = [str(docs[i][1].get("tokens", "")).split() or ["∅"] for i in doc_ids]
    bm25 = None
    if doc_ids:
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
    langs = np.array([str(docs[i][1].get("language", "")) for i in doc_ids])
    cats = np.array([str(docs[i][1].get("category", "")) for i in doc_ids])
    return _KindIndex(collection, doc_ids, docs, bm25, langs, cats)


class IndexReader:
    """Read side of the index for one process: follows the active version, answers hybrid queries."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._version: int | None = None
        self._kinds: dict[str, _KindIndex] = {}
        self._checked = 0.0
        self.embeddings = get_embeddings(settings.embedding_backend)

    # -- loading -------------------------------------------------------------------------------
    def _refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and self._version is not None and now - self._checked < POINTER_CHECK_S:
            return
        with self._lock:
            if not force and self._version is not None and now - self._checked < POINTER_CHECK_S:
                return
            try:
                client = client_for(self.settings)
                active = read_active(client, self.settings)
            except IndexUnavailable:
                raise
            except Exception as exc:
                raise IndexUnavailable(
                    f"the index cannot be read ({exc}); run `python -m assistant ingest`"
                ) from exc
            if active is None:
                raise IndexUnavailable("the index has not been built yet: run `python -m assistant ingest`")
            if active.version != self._version:
                kinds = {
                    kind: _load_kind(open_collection(client, self.settings, active.version, kind))
                    for kind in KINDS
                }
                self._kinds, self._version = kinds, active.version
            self._checked = now

    @property
    def version(self) -> int | None:
        self._refresh()
        return self._version

    def counts(self) -> dict[str, int]:
        """Documents per kind in the active version (both languages counted)."""
        self._refresh()
        return {kind: len(k.doc_ids) for kind, k in self._kinds.items()}

    def document(self, doc_id: str) -> Hit | None:
        """One stored document by its doc id ('card:ID:zh', 'deal:ID:en')."""
        self._refresh()
        kind = "playbook" if doc_id.startswith("card:") else "deal"
        item = self._kinds[kind].docs.get(doc_id)
        if item is None:
            return None
        text, meta = item
        return Hit(
            str(meta.get("source_id")),
            doc_id,
            kind,
            str(meta.get("language")),
            str(meta.get("title")),
            text,
            0.0,
            meta,
        )

    # -- search --------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 5,
        kind: str | None = None,
        language: str | None = None,
        category: str | None = None,
        mode: str = "hybrid",
        query_vector: list[float] | None = None,
        dedupe: bool = True,
    ) -> list[Hit]:
        """Top-k documents for a query. mode: 'hybrid' (default), 'vector' or 'bm25'."""
        try:
            self._refresh()
            return self._search(query, k, kind, language, category, mode, query_vector, dedupe)
        except IndexUnavailable:
            raise
        except Exception:
            # the active version may have been replaced under us: reload once and retry
            self._refresh(force=True)
            return self._search(query, k, kind, language, category, mode, query_vector, dedupe)

    def _search(
        self,
        query: str,
        k: int,
        kind: str | None,
        language: str | None,
        category: str | None,
        mode: str,
        query_vector: list[float] | None,
        dedupe: bool,
    ) -> list[Hit]:
        kinds = [kind] if kind else list(KINDS)
        rankings: list[list[str]] = []
        if mode in ("hybrid", "vector"):
            vec = query_vector if query_vector is not None else self.embeddings.embed_query(query)
            for kd in kinds:
                rankings.append(self._vector_rank(kd, vec, language, category))
        if mode in ("hybrid", "bm25"):
            tokens = tokenize(query)
            for kd in kinds:
                rankings.append(self._bm25_rank(kd, tokens, language, category))
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, doc_id in enumerate(ranking):
                fused[doc_id] = fused.get(doc_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for doc_id, score in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0])):
            kd = "playbook" if doc_id.startswith("card:") else "deal"
            text, meta = self._kinds[kd].docs[doc_id]
            key = (kd, str(meta.get("source_id")))
            if dedupe and key in seen:
                continue
            seen.add(key)
            hits.append(
                Hit(
                    str(meta.get("source_id")),
                    doc_id,
                    kd,
                    str(meta.get("language")),
                    str(meta.get("title")),
                    text,
                    score,
                    meta,
                )
            )
            if len(hits) >= k:
                break
        return hits

    def _vector_rank(
        self, kind: str, vec: list[float], language: str | None, category: str | None
    ) -> list[str]:
        idx = self._kinds[kind]
        if not idx.doc_ids:
            return []
        clauses: list[dict[str, Any]] = []
        if language:
            clauses.append({"language": language})
        if category and kind == "deal":
            clauses.append({"category": category})
        where: dict[str, Any] | None = None
        if len(clauses) == 1:
            where = clauses[0]
        elif clauses:
            where = {"$and": clauses}
        n = min(CANDIDATES * 3, idx.collection.count())
        res = idx.collection.query(query_embeddings=[vec], n_results=n, where=where, include=["metadatas"])
        ranking: list[str] = []
        seen: set[str] = set()
        for meta in res["metadatas"][0]:
            doc_id = str((meta or {}).get("doc_id"))
            if doc_id not in seen and doc_id in idx.docs:
                seen.add(doc_id)
                ranking.append(doc_id)
            if len(ranking) >= CANDIDATES:
                break
        return ranking

    def _bm25_rank(
        self, kind: str, tokens: list[str], language: str | None, category: str | None
    ) -> list[str]:
        idx = self._kinds[kind]
        if not idx.doc_ids or idx.bm25 is None:
            return []
        ids = [idx.bm25.vocab_dict[t] for t in tokens if t in idx.bm25.vocab_dict]
        if not ids:
            return []
        scores = idx.bm25.get_scores_from_ids(ids)
        mask = np.ones(len(idx.doc_ids), dtype=bool)
        if language:
            mask &= idx.languages == language
        if category and kind == "deal":
            mask &= idx.categories == category
        scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores, kind="stable")[:CANDIDATES]
        return [idx.doc_ids[i] for i in top if scores[i] > 0]


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
