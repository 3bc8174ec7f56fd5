"""The measured workloads: retrieval queries, grounded answers, no-op re-ingests and cold starts."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.kb.market import Category
from benchmarks.measure import Latency, first_output_s, pct, repeat, run_python, timed_ms

PARTS = ("embedding", "understanding", "tools", "retrieval", "composition")
COLD_QUESTION = "合作方要50%的佣金，行业平均25%，我们毛利60%，怎么还价？"


def retrieval_run(settings: Settings, cases: list[dict[str, Any]], passes: int = 2) -> dict[str, Any]:
    """Open a reader and time three query shapes over the same questions."""
    from assistant.index.retrieval import IndexReader

    fresh = fresh_reader(settings, cases[0]["q"])  # a new process: spawn to its first answer
    reader = IndexReader(settings)
    open_ms, counts = timed_ms(reader.counts)  # the keyword index ingest wrote, memory-mapped
    reopen_ms, _ = timed_ms(IndexReader(settings).counts)
    vectors = [reader.embeddings.embed_query(c["q"]) for c in cases]
    cats = [c.value for c in Category]
    items = [(c, v, cats[i % len(cats)]) for i, (c, v) in enumerate(zip(cases, vectors, strict=True))]
    out: dict[str, Any] = {"open_ms": open_ms, "reopen_ms": reopen_ms, "docs": counts, "fresh_s": fresh}
    out["search"] = repeat(lambda it: reader.search(it[0]["q"], k=5), items, passes)
    out["index_only"] = repeat(lambda it: reader.search(it[0]["q"], k=5, query_vector=it[1]), items, passes)
    out["filtered"] = repeat(
        lambda it: reader.search(
            it[0]["q"], k=5, kind="deal", language=it[0]["lang"], category=it[2], query_vector=it[1]
        ),
        items,
        passes,
    )
    if sum(counts.values()) >= 100000:  # the other choice, measured in the same run: Chroma filters
        from assistant.index import retrieval

        exact, retrieval.EXACT_FILTER_MIN = retrieval.EXACT_FILTER_MIN, 1 << 62
        try:
            out["filtered_chroma"] = repeat(
                lambda it: reader.search(
                    it[0]["q"], k=5, kind="deal", language=it[0]["lang"], category=it[2], query_vector=it[1]
                ),
                items,
                1,
                warmup=0,
            )
        finally:
            retrieval.EXACT_FILTER_MIN = exact
    return out


FRESH_CODE = """
import sys
from assistant.config import Settings
from assistant.index.retrieval import IndexReader
hits = IndexReader(Settings()).search(sys.argv[1], k=5)
print(hits[0].id, flush=True)
"""


def fresh_reader(settings: Settings, question: str) -> float:
    """Seconds from spawning a new Python process to its first search answer (imports, open, embedding)."""
    env = {
        "SUPERNODE_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(settings.data_dir),
    }
    if settings.uses_server:
        env["SUPERNODE_CHROMA_HOST"] = str(settings.chroma_host)
        env["SUPERNODE_CHROMA_PORT"] = str(settings.chroma_port)
    return first_output_s(["-c", FRESH_CODE, question], env)[0]


def query_floor(embeddings: Any, cases: list[dict[str, Any]], passes: int = 2) -> Latency:
    """The query-embedding time alone, per question."""
    return repeat(lambda c: embeddings.embed_query(c["q"]), cases, passes)


def passage_throughput(embeddings: Any, texts: list[str], batch: int) -> float:
    """Raw passages per second of the embedder on these texts, in batches like ingest's."""
    embeddings.embed_documents(texts[:2])
    tick = time.perf_counter()
    for i in range(0, len(texts), batch):
        embeddings.embed_documents(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - tick)


def engine_run(settings: Settings, cases: list[dict[str, Any]], passes: int = 1) -> dict[str, Any]:
    """Build the grounded engine and time whole answers (and their parts) over a question set."""
    from assistant.engine import Engine, build_deps

    build_ms, deps = timed_ms(lambda: build_deps(settings))
    engine = Engine(deps)
    parts: dict[str, list[float]] = {p: [] for p in PARTS}

    def ask(case: dict[str, Any]) -> None:
        answer = engine.answer(case["q"], case.get("history") or [])
        for p in PARTS:
            if p in answer.timings_ms:
                parts[p].append(answer.timings_ms[p])

    for case in cases[:20]:  # warm-up: lazy imports, caches, first index reads
        ask(case)
    for values in parts.values():
        values.clear()
    lat = repeat(ask, cases, passes, warmup=0)
    old = before_learned_understanding(engine, settings, cases, passes)
    return {
        "build_ms": build_ms,
        "answer": lat,
        "answer_rules_only": old,
        "parts": {p: (pct(v, 0.5), pct(v, 0.95)) for p, v in parts.items() if v},
        "deals": len(deps.deals),
    }


def before_learned_understanding(
    engine: Any, settings: Settings, cases: list[dict[str, Any]], passes: int
) -> Any:
    """The same answers with the understanding of before the learned reader: cue rules only, and the router
    over the hand-written examples alone (no labelled questions, no learned intent classifier), measured in the
    same run."""
    from dataclasses import replace

    from assistant.engine import Engine, make_router
    from assistant.understanding import number_roles

    deps = engine.deps
    router = make_router(
        settings, list(deps.cards.values()), deps.reader.embeddings, labelled_questions=False
    )
    router.model = None
    old = Engine(replace(deps, router=router))
    real_model = number_roles.load_model
    number_roles.load_model = lambda *a, **k: None  # type: ignore[assignment]
    try:
        for case in cases[:20]:
            old.answer(case["q"], case.get("history") or [])
        return repeat(lambda c: old.answer(c["q"], c.get("history") or []), cases, passes, warmup=0)
    finally:
        number_roles.load_model = real_model  # type: ignore[assignment]


def noop_reingest(settings: Settings, times: int = 3) -> list[float]:
    """Seconds of `ingest` when nothing changed (must report unchanged)."""
    from assistant.index.ingest import ingest

    out = []
    for _ in range(times):
        ms, report = timed_ms(lambda: ingest(settings))
        assert report.unchanged, report.summary()
        out.append(ms / 1000)
    return out


def cold_start(settings: Settings, runs: int = 3) -> dict[str, Any]:
    """Process start to first answer of `python -m assistant ask --json` on a prebuilt index: a new instance
    (its router cache removed, then `python -m assistant ingest` as `make run` does) and warm restarts."""
    env = {
        "SUPERNODE_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(settings.data_dir),
    }
    args = ["-m", "assistant", "ask", COLD_QUESTION, "--json"]
    shutil.rmtree(settings.data_dir / "cache", ignore_errors=True)  # a new instance: no router cache yet
    ingest_s, _ = run_python("", env, args=["-m", "assistant", "ingest"])  # no-op index, router prepared
    first, first_exit, out = first_output_s(args, env)
    answer = json.loads(out)
    warm = [first_output_s(args, env)[:2] for _ in range(runs)]
    return {
        "ingest_s": ingest_s,
        "first_s": first,
        "first_exit_s": first_exit,
        "warm_s": [w[0] for w in warm],
        "warm_exit_s": [w[1] for w in warm],
        "intent": answer["intent"],
        "answer_ms": answer["latency_ms"],
    }


def import_time(settings: Settings) -> float:
    """Seconds to start Python and import the modules `ask` needs (no index opened)."""
    code = "import assistant.cli, assistant.engine, assistant.index.retrieval, assistant.index.store"
    env = {"SUPERNODE_DATA_DIR": str(settings.data_dir)}
    return min(run_python(code, env)[0] for _ in range(3))


def copy_index(settings: Settings, target: Path) -> Settings:
    """A copy of an embedded index (data folder) under another folder, same knowledge."""
    shutil.copytree(settings.data_dir, target / "data")
    return Settings(knowledge_dir=settings.knowledge_dir, data_dir=target / "data")
