"""What the engines read, loaded once per process: the settings, the index reader, the router, the cards,
the deals, the benchmarks and the tool defaults of one knowledge folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answering.similar import DealFigures
from assistant.config import Settings
from assistant.index.retrieval import IndexReader
from assistant.index.tokens import tokenize
from assistant.kb.cards import Card, load_cards
from assistant.kb.deals import Deal, PartnerIndex, load_deals
from assistant.kb.market import Benchmark, knowledge_benchmarks
from assistant.tools import ToolDefaults, load_tool_defaults
from assistant.understanding.router import IntentRouter, load_examples


@dataclass
class Deps:
    """Everything the engine reads: built once per process, never mutated."""

    settings: Settings
    reader: IndexReader
    router: IntentRouter
    cards: dict[str, Card]
    deals: list[Deal]
    benchmarks: dict[str, Benchmark]
    tool_defaults: ToolDefaults
    partners: PartnerIndex = field(init=False, repr=False)
    deals_by_id: dict[str, Deal] = field(init=False, repr=False)
    figures: DealFigures = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.partners = PartnerIndex(self.deals)
        self.deals_by_id = {d.deal_id: d for d in self.deals}
        self.figures = DealFigures(self.deals)


def make_router(
    settings: Settings, cards: list[Card], embeddings: Any, labelled_questions: bool = True
) -> IntentRouter:
    """The intent router over the labelled examples, the train families of the labelled question set and the
    cards' typical questions (each labelled with its card's first intent); their vectors are cached under the
    data folder, keyed by their content. The labelled set's unseen families stay out: they measure it."""
    from assistant.understanding.labelled import load

    examples = load_examples()
    if labelled_questions:
        examples += [(r["intent"], r["q"]) for r in load() if r["split"] == "train"]
    for card in cards:
        if card.intents:
            examples += [(card.intents[0], q) for qs in card.questions.values() for q in qs]
    from assistant.understanding.intent_model import load_intent_model

    return IntentRouter(examples, embeddings, settings.data_dir / "cache", load_intent_model())


def prepare_router(settings: Settings) -> None:
    """Embed the router's examples now (ingest calls this), so a new instance's first answer is fast."""
    from assistant.index.embeddings import get_embeddings

    cards = load_cards(settings.playbook_dir) if settings.playbook_dir.is_dir() else []
    make_router(settings, cards, get_embeddings(settings.embedding_backend))


def build_deps(settings: Settings) -> Deps:
    """Load the knowledge, open the index and prepare the router (the heavy, once-per-process step)."""
    reader = IndexReader(settings)
    cards = load_cards(settings.playbook_dir) if settings.playbook_dir.is_dir() else []
    router = make_router(settings, cards, reader.embeddings)
    reader.counts()  # open the active index version and build its keyword index now, not on the first question
    tokenize("预热 warm-up")  # jieba's dictionary, loaded once per process
    deals_dir = settings.deals_dir
    benchmarks = knowledge_benchmarks(settings.knowledge_dir)
    return Deps(
        settings=settings,
        reader=reader,
        router=router,
        cards={c.id: c for c in cards},
        deals=load_deals(deals_dir, benchmarks) if deals_dir.is_dir() else [],
        benchmarks=benchmarks,
        tool_defaults=load_tool_defaults(settings.knowledge_dir / "settings.toml"),
    )
