"""What gets indexed: playbook cards and deals turned into documents (one per item and language) and
vector chunks (the document itself plus each card's typical questions), each with a content hash."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.index.tokens import tokenize
from assistant.kb.cards import LANGS, Card, load_cards
from assistant.kb.deals import Deal, deal_text, deal_title, load_deals
from assistant.kb.market import Benchmark, knowledge_benchmarks

KINDS = ("playbook", "deal")
_QUESTION_PART = re.compile(r"q\d+")


@dataclass(frozen=True)
class Chunk:
    """One vector in the index. `part` is 'doc' for the document itself, 'q0', 'q1'… for questions."""

    id: str
    doc_id: str
    kind: str
    source_id: str
    language: str
    part: str
    title: str
    text: str
    metadata: dict[str, str | int | float] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return hashlib.sha256(
            f"{self.title}\n{self.text}\n{sorted(self.metadata.items())}".encode()
        ).hexdigest()[:16]


def source_of(chunk_id: str) -> str:
    """The card or deal id inside a chunk id ('card:ID:LANG', 'card:ID:LANG:qN' or 'deal:ID:LANG').

    Read from both ends, so an id that itself holds ':' comes back whole: ingest compares these with the
    sources' ids, and a wrong split would report a phantom item added and another removed on every run."""
    rest = chunk_id.partition(":")[2]
    head, _, last = rest.rpartition(":")
    if _QUESTION_PART.fullmatch(last):
        head = head.rpartition(":")[0]
    return head


def card_chunks(card: Card) -> list[Chunk]:
    """The document and question chunks of one card, for each language it has."""
    out: list[Chunk] = []
    for lang in LANGS:
        if not card.body.get(lang):
            continue
        doc_id = f"card:{card.id}:{lang}"
        title = card.title.get(lang) or card.title.get("zh") or card.id
        questions = card.questions.get(lang, [])
        tokens = " ".join(tokenize(" ".join([title, *questions, " ".join(card.tags), card.body[lang]])))
        meta: dict[str, str | int | float] = {
            "chapter": card.chapter,
            "order": card.order,
            "intents": ",".join(card.intents),
            "tokens": tokens,
        }
        out.append(Chunk(doc_id, doc_id, "playbook", card.id, lang, "doc", title, card.text(lang), meta))
        for i, q in enumerate(questions):
            out.append(Chunk(f"{doc_id}:q{i}", doc_id, "playbook", card.id, lang, f"q{i}", title, q, {}))
    return out


def deal_chunks(deal: Deal, benchmarks: Mapping[str, Benchmark]) -> list[Chunk]:
    """One document chunk per language for a deal."""
    meta: dict[str, str | int | float] = {
        "category": str(deal.category),
        "outcome": str(deal.outcome),
        "source": str(deal.source),
        "partner": deal.partner,
    }
    out: list[Chunk] = []
    for lang in LANGS:
        doc_id = f"deal:{deal.deal_id}:{lang}"
        title, text = deal_title(deal, lang, benchmarks), deal_text(deal, lang, benchmarks)
        tokens = " ".join(tokenize(f"{title} {deal.partner} {deal.partner_en} {text}"))
        out.append(
            Chunk(doc_id, doc_id, "deal", deal.deal_id, lang, "doc", title, text, {**meta, "tokens": tokens})
        )
    return out


def load_corpus(knowledge_dir: Path) -> dict[str, list[Chunk]]:
    """All chunks of the knowledge folder, by kind. Missing folders give empty lists."""
    playbook_dir = knowledge_dir / "playbook"
    deals_dir = knowledge_dir / "deals"
    chunks: dict[str, list[Chunk]] = {"playbook": [], "deal": []}
    if playbook_dir.is_dir():
        for card in load_cards(playbook_dir, as_written=True):
            chunks["playbook"].extend(card_chunks(card))
    if deals_dir.is_dir() and any(deals_dir.glob("*.csv")):
        benchmarks = knowledge_benchmarks(knowledge_dir)
        for deal in load_deals(deals_dir, benchmarks):
            chunks["deal"].extend(deal_chunks(deal, benchmarks))
    return chunks
