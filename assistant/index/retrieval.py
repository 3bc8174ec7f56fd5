"""Hybrid retrieval: vector search (Chroma) fused with BM25 over jieba/word tokens by reciprocal-rank
fusion, with filters for kind, language and category. The LangChain `BaseRetriever` over it is in
`assistant.index.lc_retriever` (kept apart so the engine does not import LangChain's runnables at start-up)."""

from __future__ import annotations

import logging
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.index.corpus import KINDS
from assistant.index.embeddings import get_embeddings
from assistant.index.health import STORAGE_ERRORS, read_failure
from assistant.index.keywords import KeywordTable, load_table
from assistant.index.store import (
    ActiveIndex,
    IndexUnavailable,
    client_for,
    open_collection,
    read_active,
)
from assistant.index.tokens import tokenize

log = logging.getLogger(__name__)
RRF_K = 60
CANDIDATES = 40
MAX_FETCH = 4000  # widest unfiltered vector query used to serve a filter
POINTER_CHECK_S = 2.0
EXACT_FILTER_MIN = 20000  # chunks: from here a selective filter's vector search scores the kept rows itself
EXACT_FILTER_MAX_ROWS = 25000  # documents a filter keeps at most for that (wider ones: over-fetch, below)


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
    """One kind of the active version: its collection and its keyword index (see assistant.index.keywords)."""

    collection: Any
    table: KeywordTable

    @property
    def size(self) -> int:
        return self.table.size

    @property
    def doc_ids(self) -> list[str]:
        return self.table.doc_ids

    @property
    def owners(self) -> dict[str, str]:
        return self.table.owners

    @property
    def rows(self) -> dict[str, int]:
        return self.table.rows

    @property
    def bm25(self) -> Any:
        return self.table.bm25

    def mask(self, language: str | None, category: str | None) -> np.ndarray | None:
        return self.table.mask(language, category)


def _bm25_scores(bm25: Any, ids: list[int]) -> np.ndarray:
    """BM25 scores of every document for these query token ids: bm25s' own sum, without `np.add.at`.

    A token's postings name each document once, so a plain indexed add gives the same sums in the same
    order, several times faster on long postings (a common word in 200k deals).
    """
    if getattr(bm25, "nonoccurrence_array", None) is not None:  # variants that score absent tokens too
        return np.asarray(bm25.get_scores_from_ids(ids))
    data, indices, indptr = bm25.scores["data"], bm25.scores["indices"], bm25.scores["indptr"]
    scores = np.zeros(bm25.scores["num_docs"], dtype=np.dtype(bm25.dtype))
    for token in ids:
        start, end = indptr[token], indptr[token + 1]
        scores[indices[start:end]] += data[start:end]
    return scores


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The search helper threads of this process (made on first use; their tasks never wait on each other)."""
    global _POOL
    if _POOL is None:
        with _POOL_LOCK:
            if _POOL is None:
                _POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="supernode-search")
    return _POOL


def _hit(doc_id: str, kind: str, text: str, meta: dict[str, Any], score: float) -> Hit:
    source, lang, title = (str(meta.get(key)) for key in ("source_id", "language", "title"))
    return Hit(source, doc_id, kind, lang, title, text, score, meta)


def _nearest(idx: _KindIndex, vec: list[float], n: int, where: dict[str, Any] | None) -> list[str]:
    """Doc ids of the n nearest chunks, nearest first (a doc id repeats when several of its chunks are)."""
    ids = idx.collection.query(query_embeddings=[vec], n_results=n, where=where, include=[])["ids"][0]
    return [d for d in (idx.owners.get(i, i) for i in ids) if d in idx.rows]


def _exact_filtered(table: KeywordTable, vec: list[float], mask: np.ndarray) -> list[str]:
    """The CANDIDATES nearest documents among those the filter keeps, exactly: cosine over their chunk
    vectors (memory-mapped, unit length). At 200k chunks Chroma's `where` costs ~0.5 s and a wide unfiltered
    query may still keep too few; a language + category filter keeps a few thousand rows, scored in ms."""
    assert table.vectors is not None and table.vector_rows is not None
    rows = table.vector_rows
    keep = np.flatnonzero((rows >= 0) & mask[np.maximum(rows, 0)])
    if not keep.size:
        return []
    q = np.asarray(vec, dtype=np.float32)
    q /= float(np.linalg.norm(q)) or 1.0
    scores = table.vectors[keep] @ q
    if keep.size > CANDIDATES * 3:
        top = np.argpartition(-scores, CANDIDATES * 3)[: CANDIDATES * 3]
    else:
        top = np.arange(keep.size)
    top = top[np.lexsort((keep[top], -scores[top]))]
    docs = (table.doc_ids[int(rows[keep[i]])] for i in top)
    return list(dict.fromkeys(docs))[:CANDIDATES]


def _where(language: str | None, category: str | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = [{"language": language}] if language else []
    clauses += [{"category": category}] if category else []
    return None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}


class IndexReader:
    """Read side of the index for one process: follows the active version, answers hybrid queries."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._version: int | None = None
        self._client: Any = None  # the client the kinds were loaded through
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
            for attempt in range(2):
                client, active = self._pointer()
                # a new client means the folder was replaced (a damaged index rebuilt): version numbers
                # start again there, so the same number is no sign of the same index
                if active.version == self._version and client is self._client:
                    break
                try:
                    self._kinds = self._load(client, active.version)
                except STORAGE_ERRORS as exc:
                    if attempt:  # not a version replaced while it was opened: the index itself fails
                        raise read_failure(self.settings, exc) from exc
                    continue
                self._version, self._client = active.version, client
                break
            self._checked = now

    def _pointer(self) -> tuple[Any, ActiveIndex]:
        """The client and the active version; IndexUnavailable says what to do when there is none."""
        try:
            client = client_for(self.settings)
            active = read_active(client, self.settings)
        except Exception as exc:  # down, read-only, damaged: one sentence that says what to do
            raise read_failure(self.settings, exc) from exc
        if active is None:
            raise IndexUnavailable("the index has not been built yet: run `python -m assistant ingest`")
        return client, active

    def _load(self, client: Any, version: int) -> dict[str, _KindIndex]:
        out = {}
        for kind in KINDS:
            collection = open_collection(client, self.settings, version, kind)
            out[kind] = _KindIndex(collection, load_table(self.settings, collection))
        return out

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
        item = self._kinds[kind].table.doc(doc_id)
        if item is None:
            return None
        return _hit(doc_id, kind, *item, 0.0)

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
        """Top-k documents for a query. mode: 'hybrid' (default), 'vector' or 'bm25'. k < 1 is a ValueError
        (nothing to return is a caller's mistake, not an empty answer)."""
        if k < 1:
            raise ValueError("k must be at least 1")
        try:
            self._refresh()
            return self._search(query, k, kind, language, category, mode, query_vector, dedupe)
        except IndexUnavailable:
            raise
        except Exception:
            # the active version may have been replaced under us: reload once and retry
            self._refresh(force=True)
            try:
                return self._search(query, k, kind, language, category, mode, query_vector, dedupe)
            except STORAGE_ERRORS as exc:  # the index itself fails (damaged): say to rebuild it
                raise read_failure(self.settings, exc) from exc

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
        # The embedder (C) and Chroma's queries (Rust) release the GIL: the query is embedded, and the largest
        # kind's vector query runs, while BM25 ranks and the other kinds' vector queries run in this thread.
        pool = _pool()
        use_vectors = mode in ("hybrid", "vector")
        vec = query_vector
        pending = pool.submit(self.embeddings.embed_query, query) if use_vectors and vec is None else None
        *here, last = kinds
        beside = None
        if use_vectors and vec is not None:
            beside = pool.submit(self._vector_rank, last, vec, language, category)
        keyword: list[list[str]] = []
        if mode in ("hybrid", "bm25"):
            tokens = tokenize(query)
            keyword = [self._bm25_rank(kd, tokens, language, category) for kd in kinds]
        vector: list[list[str]] = []
        if use_vectors:
            if pending is not None:
                vec = pending.result()
                beside = pool.submit(self._vector_rank, last, vec, language, category)
            assert vec is not None and beside is not None
            vector = [self._vector_rank(kd, vec, language, category) for kd in here]
            vector.append(beside.result())
        rankings = vector + keyword  # vector rankings first: the fusion adds in the same order as ever
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, doc_id in enumerate(ranking):
                fused[doc_id] = fused.get(doc_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for doc_id, score in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0])):
            kd = "playbook" if doc_id.startswith("card:") else "deal"
            item = self._kinds[kd].table.doc(doc_id)
            assert item is not None  # rankings only name documents of the table
            text, meta = item
            key = (kd, str(meta.get("source_id")))
            if dedupe and key in seen:
                continue
            seen.add(key)
            hits.append(_hit(doc_id, kd, text, meta, score))
            if len(hits) >= k:
                break
        return hits

    def _vector_rank(
        self, kind: str, vec: list[float], language: str | None, category: str | None
    ) -> list[str]:
        idx = self._kinds[kind]
        category = category if kind == "deal" else None
        mask = idx.mask(language, category)
        share = float(mask.mean()) if mask is not None and idx.doc_ids else 1.0
        if not idx.doc_ids or share == 0.0:
            return []
        selective = mask is not None and share * len(idx.doc_ids) <= EXACT_FILTER_MAX_ROWS
        if selective and idx.table.vectors is not None and idx.size >= EXACT_FILTER_MIN:
            assert mask is not None
            return _exact_filtered(idx.table, vec, mask)
        # A filter is applied to an unfiltered query wide enough to keep about as many chunks as a filtered
        # one would return: Chroma's `where` costs ~0.5 s at 200k vectors, a 4000-wide query ~20 ms.
        want = min(CANDIDATES * 3, math.ceil(1.5 * CANDIDATES * idx.size / len(idx.doc_ids)))  # chunks
        n = math.ceil(want / share)
        if mask is not None and n <= MAX_FETCH:
            for width in sorted({min(n, idx.size), min(MAX_FETCH, idx.size)}):  # then wider, if far out
                kept = [d for d in _nearest(idx, vec, width, None) if mask[idx.rows[d]]]
                if len(kept) >= want // 2 or width == idx.size:
                    return list(dict.fromkeys(kept))[:CANDIDATES]
        # no filter, or one so narrow (or so far from the query) that Chroma's own filtering is cheaper
        kept = _nearest(idx, vec, min(want, idx.size), _where(language, category))
        return list(dict.fromkeys(kept))[:CANDIDATES]

    def _bm25_rank(
        self, kind: str, tokens: list[str], language: str | None, category: str | None
    ) -> list[str]:
        idx = self._kinds[kind]
        if not idx.doc_ids or idx.bm25 is None:
            return []
        ids = [idx.bm25.vocab_dict[t] for t in tokens if t in idx.bm25.vocab_dict]
        if not ids:
            return []
        scores = _bm25_scores(idx.bm25, ids)
        mask = idx.mask(language, category if kind == "deal" else None)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        # the best CANDIDATES by score, ties by position (as a stable full sort would give), looking only at
        # the documents that share a token with the query (a few of 200k), without sorting them all
        cand = np.flatnonzero(scores > 0)
        if cand.size > CANDIDATES:
            values = scores[cand]
            kth = np.partition(values, cand.size - CANDIDATES)[cand.size - CANDIDATES]
            cand = cand[values >= kth]
        top = cand[np.lexsort((cand, -scores[cand]))][:CANDIDATES]
        return [idx.doc_ids[i] for i in top]
