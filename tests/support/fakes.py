"""An engine's dependencies without the real embedder or Chroma, for fast tests of the grounded engine.

`fake_deps` builds an `assistant.engine.Deps` over the shipped knowledge (cards, deals, benchmarks, tool
settings) with
- `NgramEmbeddings`: a deterministic hashing embedder (character 1- to 3-grams hashed into a fixed-size,
  L2-normalised vector) implementing LangChain's `Embeddings` (`embed_query`, `embed_documents`);
- `KeywordReader`: the index reader's interface as the engine uses it (`embeddings`, `search`, `counts`,
  `document`, `version`), answering from the cards and deals in memory by keyword overlap;
- the engine's own `make_router` (the labelled examples and the cards' questions) over `NgramEmbeddings`,
  its vectors cached in a temporary folder.

Nothing here loads the bundled model, opens Chroma or loads jieba: an `Engine(fake_deps)` answers in a few
milliseconds. The embedder has no semantics across languages or paraphrases, so routing leans on shared
wording with the labelled examples and on the lexical and slot signals, as the real router's tie-breakers.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from assistant.engine import Deps
    from assistant.index.retrieval import Hit
    from assistant.kb.cards import Card
    from assistant.kb.deals import Deal
    from assistant.kb.market import Benchmark
    from assistant.understanding.router import IntentRouter

KNOWLEDGE = PROJECT_ROOT / "knowledge"
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


class NgramEmbeddings(Embeddings):
    """Deterministic character n-gram hashing: each 1-, 2- and 3-gram of the NFKC-lowered text adds a signed
    unit to one of `dim` buckets (both from its blake2b digest); the vector is L2-normalised. Texts sharing
    wording are close; nothing else is."""

    name = "test-ngram-hash"  # part of the router's cache key: never mistaken for a real embedder's vectors

    def __init__(self, dim: int = 512, sizes: tuple[int, ...] = (1, 2, 3)) -> None:
        self.dim = dim
        self.sizes = sizes

    def vector(self, text: str) -> np.ndarray:
        norm = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
        v = np.zeros(self.dim, dtype=np.float32)
        for n in self.sizes:
            for i in range(len(norm) - n + 1):
                h = int.from_bytes(
                    hashlib.blake2b(norm[i : i + n].encode(), digest_size=8).digest(), "little"
                )
                v[h % self.dim] += 1.0 if (h >> 63) == 0 else -1.0
        length = float(np.linalg.norm(v))
        return v / length if length else v

    def embed_query(self, text: str) -> list[float]:
        return self.vector(text).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.vector(t).tolist() for t in texts]


def keywords(text: str) -> set[str]:
    """The keywords of a text: Chinese character bigrams (single characters of a one-character run) and
    lower-case Latin words and numbers."""
    out: set[str] = set()
    for run in _WORD.findall(unicodedata.normalize("NFKC", text).lower()):
        if "\u4e00" <= run[0] <= "\u9fff":
            out.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        elif len(run) > 1 or run.isdigit():
            out.add(run)
    return out


@dataclass(frozen=True)
class Doc:
    """One document as the index stores it: a card or a deal in one language."""

    doc_id: str
    kind: str
    source_id: str
    language: str
    title: str
    text: str
    metadata: dict[str, Any]
    words: frozenset[str]


def card_docs(cards: list[Card]) -> list[Doc]:
    """One document per card and language it has (title, questions, tags and body are its keywords)."""
    docs = []
    for card in cards:
        for lang in ("zh", "en"):
            if not card.body.get(lang):
                continue
            title = card.title.get(lang) or card.title.get("zh") or card.id
            meta = {"chapter": card.chapter, "order": card.order, "intents": ",".join(card.intents)}
            words = keywords(" ".join([title, *card.questions.get(lang, []), *card.tags, card.body[lang]]))
            doc_id = f"card:{card.id}:{lang}"
            docs.append(
                Doc(doc_id, "playbook", card.id, lang, title, card.text(lang), meta, frozenset(words))
            )
    return docs


def deal_docs(deals: list[Deal], benchmarks: dict[str, Benchmark]) -> list[Doc]:
    """One document per deal and language (its title, partner names and text are its keywords)."""
    from assistant.kb.deals import deal_text, deal_title

    docs = []
    for deal in deals:
        meta = {
            "category": str(deal.category),
            "outcome": str(deal.outcome),
            "source": str(deal.source),
            "partner": deal.partner,
        }
        for lang in ("zh", "en"):
            title, text = deal_title(deal, lang, benchmarks), deal_text(deal, lang, benchmarks)
            words = keywords(f"{title} {deal.partner} {deal.partner_en} {text}")
            doc_id = f"deal:{deal.deal_id}:{lang}"
            docs.append(Doc(doc_id, "deal", deal.deal_id, lang, title, text, meta, frozenset(words)))
    return docs


def inverse_frequencies(docs: list[Doc]) -> dict[str, float]:
    """Each keyword's inverse document frequency, log(1 + N / df)."""
    df = Counter(w for d in docs for w in d.words)
    return {w: math.log(1 + len(docs) / n) for w, n in df.items()}


@dataclass
class KeywordReader:
    """The index reader as the engine and the LLM tools use it, over documents in memory: `search` ranks by
    the summed inverse document frequency of the keywords a document shares with the query (ties by doc
    id) and ignores `query_vector`; filters and de-duplication work as in `IndexReader.search`. Every call's
    arguments are recorded in `searches`."""

    docs: list[Doc]
    embeddings: Embeddings = field(default_factory=NgramEmbeddings)
    idf: dict[str, float] = field(default_factory=dict)  # computed from docs unless given
    searches: list[dict[str, Any]] = field(default_factory=list)
    version: int | None = 1

    def __post_init__(self) -> None:
        self.idf = self.idf or inverse_frequencies(self.docs)
        self._by_id = {d.doc_id: d for d in self.docs}

    def counts(self) -> dict[str, int]:
        """Documents per kind (both languages counted)."""
        kinds = Counter(d.kind for d in self.docs)
        return {"playbook": kinds["playbook"], "deal": kinds["deal"]}

    def document(self, doc_id: str) -> Hit | None:
        doc = self._by_id.get(doc_id)
        return None if doc is None else _hit(doc, 0.0)

    def search(
        self,
        query: str,
        k: int = 5,
        kind: str | None = None,
        language: str | None = None,
        category: str | None = None,
        mode: str = "hybrid",
        query_vector: list[float] | None = None,
        dedupe: bool = True,
    ) -> list[Hit]:
        self.searches.append(
            {"query": query, "k": k, "kind": kind, "language": language, "category": category, "mode": mode}
        )
        wanted = keywords(query)
        scored = []
        for d in self.docs:
            if (kind and d.kind != kind) or (language and d.language != language):
                continue
            if category and d.kind == "deal" and d.metadata.get("category") != category:
                continue
            score = sum(self.idf[w] for w in wanted & d.words)
            if score > 0:
                scored.append((-score, d.doc_id, d))
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for neg, _, d in sorted(scored, key=lambda s: (s[0], s[1])):
            if dedupe and (d.kind, d.source_id) in seen:
                continue
            seen.add((d.kind, d.source_id))
            hits.append(_hit(d, -neg))
            if len(hits) >= k:
                break
        return hits


def _hit(doc: Doc, score: float) -> Hit:
    from assistant.index.retrieval import Hit

    meta = {**doc.metadata, "source_id": doc.source_id, "language": doc.language, "title": doc.title}
    return Hit(doc.source_id, doc.doc_id, doc.kind, doc.language, doc.title, doc.text, score, meta)


@dataclass(frozen=True)
class Knowledge:
    """A knowledge folder loaded once: what `build_deps` reads from it, and its documents."""

    cards: list[Card]
    deals: list[Deal]
    benchmarks: dict[str, Any]
    tool_defaults: Any
    docs: list[Doc]
    idf: dict[str, float]


@lru_cache(maxsize=4)
def load_knowledge(knowledge_dir: Path = KNOWLEDGE) -> Knowledge:
    """The cards, deals, benchmarks and tool settings of a knowledge folder (cached per folder: treat as
    read-only), as `assistant.engine.build_deps` loads them."""
    from assistant.kb.cards import load_cards
    from assistant.kb.deals import load_deals
    from assistant.kb.market import load_benchmarks
    from assistant.tools import load_tool_defaults

    playbook, deals_dir = knowledge_dir / "playbook", knowledge_dir / "deals"
    cards = load_cards(playbook) if playbook.is_dir() else []
    benchmarks = load_benchmarks(knowledge_dir / "benchmarks.csv")
    deals = load_deals(deals_dir, benchmarks) if deals_dir.is_dir() else []
    docs = card_docs(cards) + deal_docs(deals, benchmarks)
    return Knowledge(
        cards=cards,
        deals=deals,
        benchmarks=benchmarks,
        tool_defaults=load_tool_defaults(knowledge_dir / "settings.toml"),
        docs=docs,
        idf=inverse_frequencies(docs),
    )


def fake_router(settings: Settings, cards: list[Card], embeddings: Embeddings) -> IntentRouter:
    """The engine's router (labelled examples plus the cards' questions) over the given embedder; its
    vectors are cached under `settings.data_dir / "cache"` like the real one's."""
    from assistant.engine import make_router

    return make_router(settings, cards, embeddings)


def build_fake_deps(settings: Settings, router: IntentRouter | None = None) -> Deps:
    """`build_deps` without the real embedder, Chroma or jieba: the knowledge of `settings.knowledge_dir`,
    a `KeywordReader` over it and the router over `NgramEmbeddings` (built here unless given)."""
    from assistant.engine import Deps

    kb = load_knowledge(settings.knowledge_dir)
    reader = KeywordReader(kb.docs, idf=kb.idf)
    return Deps(
        settings=settings,
        reader=reader,  # type: ignore[arg-type]  (the reader's interface, not an IndexReader)
        router=router or fake_router(settings, kb.cards, reader.embeddings),
        cards={c.id: c for c in kb.cards},
        deals=list(kb.deals),
        benchmarks=kb.benchmarks,
        tool_defaults=kb.tool_defaults,
    )


@pytest.fixture(scope="session")
def fake_intent_router(tmp_path_factory: pytest.TempPathFactory) -> IntentRouter:
    """The router over the shipped cards and `NgramEmbeddings`, built once per session (a temporary cache)."""
    settings = Settings(knowledge_dir=KNOWLEDGE, data_dir=tmp_path_factory.mktemp("fake-deps"))
    return fake_router(settings, load_knowledge(KNOWLEDGE).cards, NgramEmbeddings())


@pytest.fixture
def fake_deps(fake_intent_router: IntentRouter, isolated_data: Path) -> Deps:
    """An `assistant.engine.Deps` over the shipped knowledge with no real embedder and no Chroma: a fresh
    `KeywordReader` (its `searches` start empty) and the session's router. `Engine(fake_deps)` answers."""
    settings = Settings(knowledge_dir=KNOWLEDGE, data_dir=isolated_data)
    return build_fake_deps(settings, fake_intent_router)


@pytest.fixture
def fake_engine(fake_deps: Deps, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`Engine(fake_deps)`, with loading the bundled model or opening Chroma failing the test."""
    from assistant.engine import Engine

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a fast test loaded the real embedder or opened Chroma")

    monkeypatch.setattr("assistant.index.embeddings.e5_model", refuse)
    monkeypatch.setattr("assistant.index.retrieval.client_for", refuse)
    return Engine(fake_deps)
