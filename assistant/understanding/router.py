"""Intent routing: nearest labelled examples in embedding space, a learned classifier over the same space
(understanding/intent_model.py) and cheap lexical signals."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.understanding.intent_model import IntentModel

EXAMPLES_PATH = Path(__file__).resolve().parent / "intents.yaml"
TOP = 3  # an intent's similarity is the mean of its best TOP examples
LEXICAL_WEIGHT = 0.04
MIN_CONFIDENCE = 0.012  # margin between the best and the second intent below which we ask back


@dataclass(frozen=True)
class Route:
    """The chosen intent, how sure the router is (score margin), and every intent's score."""

    intent: str
    confidence: float
    scores: dict[str, float]

    @property
    def runner_up(self) -> str:
        ranked = sorted(self.scores, key=lambda k: -self.scores[k])
        return ranked[1] if len(ranked) > 1 else ranked[0]

    @property
    def unsure(self) -> bool:
        return self.confidence < MIN_CONFIDENCE


def load_examples(path: Path = EXAMPLES_PATH) -> list[tuple[str, str]]:
    """(intent, text) pairs from the labelled examples file: {intent: {zh: [...], en: [...]}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    for intent, by_lang in data.items():
        for texts in (by_lang or {}).values():
            pairs.extend((str(intent), str(t)) for t in texts or [])
    return pairs


class IntentRouter:
    """Embeds the labelled examples once (cached on disk by content hash) and scores questions against them."""

    def __init__(
        self,
        examples: list[tuple[str, str]],
        embeddings: Any,
        cache_dir: Path | None = None,
        model: IntentModel | None = None,
    ) -> None:
        if not examples:
            raise ValueError("the intent router needs labelled examples")
        vectors = self._vectors([t for _, t in examples], embeddings, cache_dir)
        embedder = str(getattr(embeddings, "name", type(embeddings).__name__))
        self._setup([intent for intent, _ in examples], vectors, model, embedder)

    @classmethod
    def from_vectors(
        cls, labels: list[str], vectors: np.ndarray, model: IntentModel | None = None, embedder: str = ""
    ) -> IntentRouter:
        """A router over examples already embedded (the training script's held-out folds)."""
        router = cls.__new__(cls)
        router._setup(labels, np.asarray(vectors, dtype=np.float32), model, embedder)
        return router

    def _setup(
        self, labels: list[str], vectors: np.ndarray, model: IntentModel | None, embedder: str
    ) -> None:
        self.labels = np.array(labels)
        self.intents = sorted(set(self.labels.tolist()))
        self.vectors = vectors
        self._rows = {i: np.flatnonzero(self.labels == i) for i in self.intents}  # each intent's examples
        # the learned classifier, when it was trained on vectors of these embeddings and knows these intents
        usable = model is not None and model.applies_to(embedder, vectors.shape[1])
        self.model = model if usable and set(model.intents) <= set(self.intents) else None  # type: ignore[union-attr]

    @staticmethod
    def _vectors(texts: list[str], embeddings: Any, cache_dir: Path | None) -> np.ndarray:
        key = hashlib.sha256(
            json.dumps([getattr(embeddings, "name", type(embeddings).__name__), texts]).encode()
        ).hexdigest()[:16]
        path = cache_dir / f"intents-{key}.npy" if cache_dir else None
        if path and path.exists():
            try:
                cached = np.load(path)
                if cached.shape[0] == len(texts):
                    return cached
            except (OSError, ValueError):
                pass  # a damaged cache is simply recomputed
        embed = getattr(embeddings, "embed_queries", embeddings.embed_documents)
        vectors = np.asarray(embed(texts), dtype=np.float32)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(path)
        return vectors

    def route(self, query_vector: list[float] | np.ndarray, lexical: dict[str, float] | None = None) -> Route:
        q = np.asarray(query_vector, dtype=np.float32)
        sims = (self.vectors * q).sum(
            axis=1
        )  # not BLAS gemv: on small matrices its thread start-up dominates
        scores: dict[str, float] = {}
        for intent in self.intents:
            s = sims[self._rows[intent]]
            best = np.partition(s, len(s) - TOP)[-TOP:] if len(s) > TOP else s
            scores[intent] = float(best.mean()) + LEXICAL_WEIGHT * float((lexical or {}).get(intent, 0.0))
        base = dict(scores)
        if self.model is not None:
            for intent, p in self.model.probabilities(q).items():
                scores[intent] += self.model.weight * p
        ranked = sorted(scores, key=lambda k: -scores[k])
        # How sure: the chosen intent's lead on the nearest-example and cue-word scores alone, the scale
        # MIN_CONFIDENCE was set on (a bare "why?" stays unsure, and so leans on the earlier turn, even when
        # the classifier would call it methodology); negative when the classifier overturned them.
        others = [base[k] for k in ranked[1:]]
        margin = base[ranked[0]] - max(others) if others else 1.0
        return Route(ranked[0], margin, scores)
