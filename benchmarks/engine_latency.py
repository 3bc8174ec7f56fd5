"""Warm per-question latency of the grounded engine and of its parts over the question sets.

Usage: python benchmarks/engine_latency.py [FILE.jsonl ...] [--repeat N]
Runs on the configured index (SUPERNODE_DATA_DIR / SUPERNODE_KNOWLEDGE_DIR); prints p50/p95 per part and the
ratio of the whole answer to the query-embedding floor measured in the same run. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from assistant.config import get_settings
from assistant.engine import Engine, build_deps
from assistant.evaluation import DEFAULT_SETS

PARTS = ("embedding", "understanding", "tools", "retrieval", "composition")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=2, help="measured passes over the questions (default 2)")
    args = ap.parse_args()
    paths = [Path(f) for f in args.files] or [p for p in DEFAULT_SETS[:2] if p.exists()]
    cases = [
        json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    cases = [c for c in cases if "q" in c and "intent" in c]
    engine = Engine(build_deps(get_settings()))
    for case in cases:  # warm-up pass: caches, lazy imports, first HNSW reads
        engine.answer(case["q"], case.get("history") or [])
    total: list[float] = []
    parts: dict[str, list[float]] = {p: [] for p in PARTS}
    for _ in range(args.repeat):
        for case in cases:
            answer = engine.answer(case["q"], case.get("history") or [])
            total.append(answer.latency_ms)
            for p in PARTS:
                parts[p].append(answer.timings_ms.get(p, 0.0))
    floor = []
    for case in cases[:50]:
        t = time.perf_counter()
        engine.deps.reader.embeddings.embed_query(case["q"])
        floor.append((time.perf_counter() - t) * 1000)
    print(f"questions: {len(cases)} x {args.repeat} passes from {', '.join(p.name for p in paths)}")
    print(f"{'part':<16}{'p50 ms':>10}{'p95 ms':>10}")
    for p in PARTS:
        print(f"{p:<16}{statistics.median(parts[p]):>10.1f}{pct(parts[p], 0.95):>10.1f}")
    print(f"{'answer (total)':<16}{statistics.median(total):>10.1f}{pct(total, 0.95):>10.1f}")
    f50 = statistics.median(floor)
    print(f"{'embedding floor':<16}{f50:>10.1f}{pct(floor, 0.95):>10.1f}")
    print(
        f"answer p50 / embedding floor p50 = {statistics.median(total) / f50:.2f}x (target: p50 <= 100 ms, p95 <= 250 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
