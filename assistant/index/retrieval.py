"""Hybrid retrieval: vector search (Chroma) fused with BM25 over jieba/word tokens by reciprocal-rank
fusion, with filters for kind, language and category. The LangChain `BaseRetriever` over it is in
`assistant.index.lc_retriever` (kept apart so the engine does not import LangChain's runnables at start-up)."""

from __future__ import annotations

import contextlib
import logging
import math
import os
import pickle
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.index.corpus import KINDS
from assistant.index.embeddings import get_embeddings
from assistant.index.health import STORAGE_ERRORS, read_failure
from assistant.index.store import (
    READ_PAGE,
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
    """The documents of one kind, their metadata, a BM25 index over their stored tokens, and how many
    vectors the collection holds (documents plus extra chunks such as a card's questions)."""

    collection: Any
    size: int
    doc_ids: list[str]
    docs: dict[str, tuple[str, dict[str, Any]]]
    owners: dict[str, str]  # chunk id -> doc id, for chunks that are not documents themselves
    bm25: Any
    languages: np.ndarray
    categories: np.ndarray
    rows: dict[str, int] = field(default_factory=dict)  # doc id -> position in doc_ids
    masks: dict[tuple[str | None, str | None], np.ndarray] = field(default_factory=dict)

    def mask(self, language: str | None, category: str | None) -> np.ndarray | None:
        """Which documents pass the filters (cached per filter); None when there is no filter."""
        if not language and not category:
            return None
        key = (language, category)
        if key not in self.masks:
            mask = np.ones(len(self.doc_ids), dtype=bool)
            mask &= (self.languages == language) if language else True
            mask &= (self.categories == category) if category else True
            self.masks[key] = mask  # a handful of keys: languages x categories
        return self.masks[key]


SNAPSHOT_MIN_ROWS = 20000  # below this, reading Chroma is as quick as reading a snapshot
_SNAPSHOT_FORMAT = 1


def _read_kind(collection: Any) -> _KindIndex:
    """Every document of a collection with its metadata, and a BM25 index over the tokens ingest stored."""
    import bm25s

    docs: dict[str, tuple[str, dict[str, Any]]] = {}
    owners: dict[str, str] = {}
    size = 0
    while True:  # in pages: one `get` of more than ~32k rows fails in Chroma's SQLite
        got = collection.get(include=["documents", "metadatas"], limit=READ_PAGE, offset=size)
        for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            m = m or {}
            if m.get("part") == "doc":
                docs[i] = (d or "", m)
            else:
                owners[i] = str(m.get("doc_id"))
        size += len(got["ids"])
        if len(got["ids"]) < READ_PAGE:
            break
    doc_ids = list(docs)
    corpus = [str(docs[i][1].pop("tokens", "")).split() or ["∅"] for i in doc_ids]  # only BM25 needs them
    bm25 = None
    if doc_ids:
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
    langs = np.array([str(docs[i][1].get("language", "")) for i in doc_ids])
    cats = np.array([str(docs[i][1].get("category", "")) for i in doc_ids])
    rows = {d: i for i, d in enumerate(doc_ids)}
    return _KindIndex(collection, size, doc_ids, docs, owners, bm25, langs, cats, rows)


def _snapshot_key(collection: Any) -> tuple[Any, ...]:
    """What a snapshot must match: the collection (its id is new for every collection Chroma creates, so a
    rebuilt version never matches an old snapshot), its name and its row count."""
    return (_SNAPSHOT_FORMAT, str(collection.id), collection.name, collection.count())


def _load_kind(collection: Any, snapshot: Path | None = None) -> _KindIndex:
    """The kind's in-memory index. A large collection is read from Chroma once and then kept as a local
    snapshot file (reading 200k documents back from Chroma takes most of a minute); the snapshot is used
    only while it matches the collection, else it is replaced."""
    key = _snapshot_key(collection) if snapshot else None
    if snapshot and snapshot.exists():
        try:
            with open(snapshot, "rb") as fh:  # written by this code under the data folder, like the index
                saved_key, fields = pickle.load(fh)
            if saved_key == key:
                return _KindIndex(collection, *fields)
        except Exception:  # a damaged or foreign snapshot is simply rebuilt
            log.warning("the keyword snapshot %s could not be read; reading the index again", snapshot.name)
    idx = _read_kind(collection)
    if snapshot and idx.size >= SNAPSHOT_MIN_ROWS:
        _write_snapshot(snapshot, key, idx)
    return idx


def _write_snapshot(path: Path, key: Any, idx: _KindIndex) -> None:
    fields = (idx.size, idx.doc_ids, idx.docs, idx.owners, idx.bm25, idx.languages, idx.categories, idx.rows)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as fh:
            tmp = fh.name
            pickle.dump((key, fields), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only or full disk only costs the next start its speed
        log.warning("the keyword snapshot could not be written (%s)", exc)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


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
    return [d for d in (idx.owners.get(i, i) for i in ids) if d in idx.docs]


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
        cache = self.settings.data_dir / "cache"
        return {
            kind: _load_kind(
                open_collection(client, self.settings, version, kind),
                cache / f"keyword-{self.settings.collection_prefix}-{kind}.pickle",
            )
            for kind in KINDS
        }

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
            text, meta = self._kinds[kd].docs[doc_id]
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
