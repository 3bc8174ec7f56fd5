#!/usr/bin/env python3
"""Train the number-role reader (assistant/understanding/number_roles.py) on the train families of the
labelled questions and write assistant/understanding/number_roles.npz; prints slot F1 on the train and the
unseen families. Deterministic: full-batch gradient descent from zero weights.

    python scripts/train_number_roles.py [--epochs N] [--l2 X] [--cv]

--cv first chooses nothing and writes nothing: it trains on three of four folds of the train families (each
family wholly in one fold) and prints the held-out slot F1 of the reading for the question's intent at each bar
for filling a tool the first reading already gave numbers to (READ_TOOL_FILL_AT) and each weight of the model's
"none" belief after routing (NONE_WEIGHT), so both are chosen on families the model did not see, never on the
unseen or fresh splits.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.intents import INTENTS  # noqa: E402
from assistant.understanding import labelled, number_roles  # noqa: E402
from assistant.understanding.number_roles import (  # noqa: E402
    DIM,
    MODEL_PATH,
    NONE,
    Model,
    feature_rows,
    readings,
    refine,
    refine_for_intent,
)
from assistant.understanding.slots import extract_slots, rule_slots  # noqa: E402

FOLDS = 4
BARS = (0.6, 0.7, 0.8, 0.9, 2.0)  # 2.0: never fill a tool the first reading gave numbers to
NONE_WEIGHTS = (1.0, 0.3, 0.2, 0.1, 0.05)  # how much of the model's "none" belief counts after routing

TABLE_FIELDS = ("ours", "theirs", "partners.", "outlets.")


def examples(rows: list[dict]) -> tuple[list[list[int]], list[str]]:
    """(feature indices, field) of every labelled number the reader sees as data, rule or bound: once as
    before routing, and once told the tools of the question's intent (as after routing)."""
    feats: list[list[int]] = []
    labels: list[str] = []
    for row in rows:
        q = row["q"]
        gold = {n["start"]: n["field"] for n in row["numbers"] if not n["field"].startswith(TABLE_FIELDS)}
        items = readings(q, rule_slots(q))
        spec = INTENTS.get(row["intent"])
        variants = [()] + ([spec.tools] if spec and spec.tools else [])
        for tools in variants:
            for item, f in zip(items, feature_rows(q, items, tuple(tools)), strict=True):
                field = gold.get(item.match.span[0])
                if field is not None:
                    feats.append(f)
                    labels.append(field)
    return feats, labels


def train(
    feats: list[list[int]], labels: list[str], epochs: int, l2: float, quiet: bool = False
) -> tuple[np.ndarray, list[str]]:
    classes = sorted(set(labels) | {NONE})
    y = np.array([classes.index(label) for label in labels])
    x = np.zeros((len(feats), DIM), dtype=np.float32)
    for i, idx in enumerate(feats):
        x[i, idx] = 1.0
    w = np.zeros((DIM, len(classes)), dtype=np.float32)
    m, v = np.zeros_like(w), np.zeros_like(w)
    onehot = np.eye(len(classes), dtype=np.float32)[y]
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, epochs + 1):
        logits = x @ w
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ (p - onehot) / len(y) + l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
        if not quiet and (t % 50 == 0 or t == epochs):
            loss = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
            acc = float((p.argmax(axis=1) == y).mean())
            print(f"  epoch {t:4d}  loss {loss:.4f}  accuracy {acc:.3f}")
    return w, classes


def intent_reader(model: Model, bar: float, none_weight: float):
    """The engine's reading of a labelled question, told its labelled intent: rules, the model, then the model
    again for the intent's tools."""

    def extract(q: str, row: dict | None) -> dict:
        slots = refine(q, rule_slots(q), model)
        spec = INTENTS.get(row["intent"]) if row else None  # a history turn: no labelled intent
        return (
            refine_for_intent(q, slots, spec.tools, model, bar, none_weight) if spec and spec.tools else slots
        )

    return extract


def cross_validate(train_rows: list[dict], epochs: int, l2: float) -> None:
    families = sorted({r["family"] for r in train_rows})
    fold_of = {f: i % FOLDS for i, f in enumerate(families)}
    # each bar at the kept weight, and each weight at the kept bar
    grid = [(bar, number_roles.NONE_WEIGHT) for bar in BARS]
    grid += [(number_roles.READ_TOOL_FILL_AT, w) for w in NONE_WEIGHTS if w != number_roles.NONE_WEIGHT]
    scores = {point: labelled.FieldScore() for point in grid}
    for k in range(FOLDS):
        fit = [r for r in train_rows if fold_of[r["family"]] != k]
        held = [r for r in train_rows if fold_of[r["family"]] == k]
        w, classes = train(*examples(fit), epochs, l2, quiet=True)
        model = Model(w.astype(np.float16).astype(np.float32), tuple(classes))
        by_q = {r["q"]: r for r in held}
        for bar, weight in grid:
            read = intent_reader(model, bar, weight)
            report = labelled.evaluate(lambda q, read=read: read(q, by_q.get(q)), held)  # noqa: B023
            scores[bar, weight].add(report.micro(labelled.SLOT_FIELDS))
        print(f"  fold {k + 1}/{FOLDS}: {len(fit)} questions fitted, {len(held)} held out", flush=True)
    for bar, weight in grid:
        s = scores[bar, weight]
        name = "never" if bar > 1 else f"{bar:.1f}"
        print(
            f"  READ_TOOL_FILL_AT {name:5s} NONE_WEIGHT {weight:<4g} held-out slot F1 {s.f1:.4f}  "
            f"P {s.precision:.4f}  R {s.recall:.4f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--cv", action="store_true", help="cross-validate the fill bar over train families")
    args = ap.parse_args(argv)
    rows = labelled.load()
    train_rows = [r for r in rows if r["split"] == "train"]
    if args.cv:
        cross_validate(train_rows, args.epochs, args.l2)
        return 0
    t = time.perf_counter()
    feats, labels = examples(train_rows)
    print(
        f"{len(feats)} labelled numbers from {len(train_rows)} train questions ({time.perf_counter() - t:.1f} s)"
    )
    w, classes = train(feats, labels, args.epochs, args.l2)
    np.savez_compressed(
        MODEL_PATH,
        weights=w.astype(np.float16),
        classes=np.array(classes),
        trained_on=np.array(number_roles.training_fingerprint()),
    )
    number_roles.load_model.cache_clear()
    print(
        f"wrote {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size / 1024:.0f} KB, {len(classes)} classes)"
    )
    for split in ("train", "unseen"):
        part = [r for r in rows if r["split"] == split]
        for name, extract in (("rules", rule_slots), ("rules + model", extract_slots)):
            micro = labelled.evaluate(extract, part).micro(labelled.SLOT_FIELDS)
            print(
                f"{split:7s} {name:14s} slot F1 {micro.f1:.3f}  P {micro.precision:.3f}  R {micro.recall:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
