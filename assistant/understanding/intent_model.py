"""A learned intent classifier over the question's embedding: multinomial logistic regression on standardised
e5 vectors, trained by scripts/train_intent_model.py on the router's labelled examples (intents.yaml and the
train families of labelled.jsonl). Its probabilities are added to the nearest-example router's scores with a
weight chosen on train families held out from fitting (never on the unseen families, which measure it).

Nearest examples answer well for phrasings close to an example; a linear model over the whole space draws
smoother boundaries between intents, so the two together place new phrasings better than either alone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "intent_model.npz"


@dataclass(frozen=True)
class IntentModel:
    weights: np.ndarray  # dim x intents
    bias: np.ndarray  # intents
    mean: np.ndarray  # dim: the standardisation of the training vectors
    scale: np.ndarray  # dim
    intents: tuple[str, ...]
    weight: float  # how much a probability of 1 adds to a router score
    embedder: str  # the embeddings the vectors came from (the model applies to those only)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        x = (np.asarray(vector, dtype=np.float32) - self.mean) / self.scale
        z = (self.weights * x[:, None]).sum(axis=0) + self.bias  # elementwise: small-matrix BLAS is slow here
        z = np.exp(z - z.max())
        p = z / z.sum()
        return {intent: float(v) for intent, v in zip(self.intents, p, strict=True)}

    def applies_to(self, embedder: str, dim: int) -> bool:
        return embedder == self.embedder and dim == self.mean.shape[0]


def training_fingerprint() -> str:
    """What the shipped model was trained from: the labelled questions, the router's examples and this module."""
    from assistant.understanding.labelled import DEFAULT_PATH
    from assistant.understanding.router import EXAMPLES_PATH

    digest = hashlib.sha256(DEFAULT_PATH.read_bytes())
    digest.update(EXAMPLES_PATH.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


@cache
def load_intent_model(path: Path = MODEL_PATH) -> IntentModel | None:
    """The trained model, or None when the file is missing (the router then decides by nearest examples)."""
    if not path.is_file():
        return None
    data = np.load(path, allow_pickle=False)
    return IntentModel(
        weights=data["weights"].astype(np.float32),
        bias=data["bias"].astype(np.float32),
        mean=data["mean"].astype(np.float32),
        scale=data["scale"].astype(np.float32),
        intents=tuple(str(i) for i in data["intents"]),
        weight=float(data["weight"]),
        embedder=str(data["embedder"]),
    )


def fit(
    vectors: np.ndarray,
    labels: list[str],
    l2: float = 0.1,
    epochs: int = 300,
    lr: float = 0.01,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """(weights, bias, mean, scale, intents): full-batch Adam from zero weights, classes balanced, each example
    weighted by `weights` (default 1); deterministic."""
    intents = tuple(sorted(set(labels)))
    y = np.array([intents.index(label) for label in labels])
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    x = ((vectors - mean) / scale).astype(np.float64)
    n, c = len(y), len(intents)
    onehot = np.eye(c)[y]
    per_class = n / (c * np.bincount(y, minlength=c))
    sample_weight = (per_class[y] * (1.0 if weights is None else np.asarray(weights)))[:, None]
    w, b = np.zeros((x.shape[1], c)), np.zeros(c)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, epochs + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_weight
        gw = x.T @ g / n + l2 * w
        m = 0.9 * m + 0.1 * gw
        v = 0.999 * v + 0.001 * gw * gw
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        b -= lr * g.mean(axis=0)
    return w.astype(np.float32), b.astype(np.float32), mean, scale, intents
