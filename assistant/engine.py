"""The grounded answer engine: understand the question (intent, slots, follow-ups), run the tools,
retrieve cards and deals, and compose a cited answer in the asker's language. Offline and deterministic."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from assistant.answering import compose
from assistant.answering.answer import Answer, Citation
from assistant.answering.planner import TOOL_FIELDS, DealFigures, plan_tools, similar_deals, slot_evidence
from assistant.answering.texts import EMPTY_MESSAGE, OUT_OF_SCOPE, TOO_LONG, t
from assistant.config import Settings
from assistant.index.retrieval import Hit, IndexReader
from assistant.index.tokens import tokenize
from assistant.kb.cards import Card, load_cards
from assistant.kb.deals import Deal, PartnerIndex, load_deals
from assistant.kb.market import Benchmark, load_benchmarks
from assistant.tools import ToolDefaults, load_tool_defaults
from assistant.understanding.lexicon import detect_language, is_out_of_scope_hint, lexical_signals
from assistant.understanding.router import IntentRouter, Route, load_examples
from assistant.understanding.slots import extract_slots, follow_up_slots, merge_slots

INTENT_BOOST = 0.012  # RRF-scale bonus for cards that serve the routed intent
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FOLLOW_UP = re.compile(
    r"^(那|那么|如果|要是|假如|换成|改成|再|还有|and\b|what if|if\b|with only|but\b|now\b|instead|how about)",
    re.I,
)
_FOLLOW_UP_END = re.compile(r"呢\s*[？?]?\s*$")
SHORT_TWEAK = 24  # characters: "ROI只有2.5" after a partner question is a tweak of its numbers


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


def make_router(settings: Settings, cards: list[Card], embeddings: Any) -> IntentRouter:
    """The intent router over the labelled examples and the cards' typical questions (each labelled with
    its card's first intent); their vectors are cached under the data folder, keyed by their content."""
    examples = load_examples()
    for card in cards:
        if card.intents:
            examples += [(card.intents[0], q) for qs in card.questions.values() for q in qs]
    return IntentRouter(examples, embeddings, settings.data_dir / "cache")


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
    return Deps(
        settings=settings,
        reader=reader,
        router=router,
        cards={c.id: c for c in cards},
        deals=load_deals(deals_dir) if deals_dir.is_dir() else [],
        benchmarks=load_benchmarks(settings.knowledge_dir / "benchmarks.csv"),
        tool_defaults=load_tool_defaults(settings.knowledge_dir / "settings.toml"),
    )


def clean_message(text: str) -> str:
    """Normalise a chat message: NFC, no control characters, trimmed."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


class Engine:
    """Answers questions; safe to share between threads (it keeps no per-conversation state)."""

    backend = "grounded"

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    # -- public API ------------------------------------------------------------------------------
    def answer(
        self, question: str, history: list[dict[str, Any]] | None = None, lang: str | None = None
    ) -> Answer:
        """One complete answer."""
        result: Answer | None = None
        for item in self.stream(question, history, lang):
            if isinstance(item, Answer):
                result = item
        assert result is not None
        return result

    def stream(
        self, question: str, history: list[dict[str, Any]] | None = None, lang: str | None = None
    ) -> Iterator[str | Answer]:
        """Yield the answer's sections as they are ready, then the complete Answer."""
        start = time.perf_counter()
        timings: dict[str, float] = {}
        text = clean_message(question)
        language: Literal["zh", "en"] = "zh" if (lang or detect_language(text)) == "zh" else "en"
        limit = self.deps.settings.max_message_chars
        if not text or len(text) > limit:
            msg = t(EMPTY_MESSAGE, language) if not text else t(TOO_LONG, language, n=len(text), limit=limit)
            yield msg
            yield Answer(
                answer=msg,
                language=language,
                intent="out_of_scope",
                notes=["rejected_input"],
                latency_ms=(time.perf_counter() - start) * 1000,
            )
            return

        tick = time.perf_counter()
        qvec = np.asarray(self.deps.reader.embeddings.embed_query(text), dtype=np.float32)
        timings["embedding"] = (time.perf_counter() - tick) * 1000

        tick = time.perf_counter()
        intent, route, slots, context_vec, context_text = self.understand(text, qvec, history or [])
        timings["understanding"] = (time.perf_counter() - tick) * 1000

        if intent == "out_of_scope":
            msg = t(OUT_OF_SCOPE, language)
            yield msg
            yield Answer(
                answer=msg,
                language=language,
                intent=intent,
                confidence=route.confidence,
                latency_ms=(time.perf_counter() - start) * 1000,
                timings_ms=timings,
            )
            return

        tick = time.perf_counter()
        plan = plan_tools(
            intent,
            slots,
            context_text,
            self.deps.deals,
            self.deps.benchmarks,
            self.deps.tool_defaults,
            self.deps.partners,
        )
        timings["tools"] = (time.perf_counter() - tick) * 1000

        tick = time.perf_counter()
        cards = self._cards(text, context_vec, language, intent)
        deals = self._deals(text, context_vec, language, intent, plan)
        timings["retrieval"] = (time.perf_counter() - tick) * 1000

        tick = time.perf_counter()
        sections: list[str] = []
        if route.unsure and not plan.calls:
            sections.append(compose.unsure_line(intent, route.runner_up, language))
        for call in plan.calls:
            sections.append(compose.verdict_section(call, language))
            if call.ok and call.name == "assess_partner":
                ask = compose.assess_missing(call, language)
                if ask:
                    sections.append(ask)
        if plan.missing:
            sections.append(compose.missing_section(plan.missing, language))
        if cards:
            full = not plan.calls
            sections.append(compose.playbook_section(cards[0][0], language, full=full))
        deal_table, deal_rows = compose.deals_section([d for d, _ in deals], language)
        if deal_table:
            sections.append(deal_table)
        verdict = next((str(c.output.get("verdict")) for c in plan.calls if c.ok), None)
        nxt = compose.next_section(intent, verdict, language)
        if nxt:
            sections.append(nxt)
        citations = [self.card_citation(c, language, s) for c, s in cards] + [
            self.deal_citation(d, language, s) for d, s in deals
        ]
        sections.append(compose.sources_line([c.id for c in citations], language))
        timings["composition"] = (time.perf_counter() - tick) * 1000
        for s in sections:
            yield s + "\n\n"
        missing = [f for fs in plan.missing.values() for f in fs]
        for call in plan.calls:
            if call.ok and call.name == "assess_partner":
                missing += list(call.output.get("missing") or [])
        yield Answer(
            answer="\n\n".join(sections),
            language=language,
            intent=intent,
            confidence=route.confidence,
            tool_calls=plan.calls,
            citations=citations,
            deals=deal_rows,
            missing=missing,
            slots=slots,
            latency_ms=(time.perf_counter() - start) * 1000,
            timings_ms=timings,
        )

    # -- understanding ---------------------------------------------------------------------------
    def _route(self, text: str, vec: np.ndarray, slots: dict[str, Any]) -> Route:
        lexical = lexical_signals(text)
        for intent, value in slot_evidence(slots).items():
            lexical[intent] = min(1.0, lexical.get(intent, 0.0) + value)
        if is_out_of_scope_hint(text) and not slots:
            lexical["out_of_scope"] = max(lexical.get("out_of_scope", 0.0), 1.0)
        return self.deps.router.route(vec, lexical)

    def understand(
        self, text: str, qvec: np.ndarray, history: list[dict[str, Any]]
    ) -> tuple[str, Route, dict[str, Any], np.ndarray, str]:
        slots = dict(extract_slots(text))
        route = self._route(text, qvec, slots)
        users = [str(m.get("content") or "") for m in history if m.get("role") == "user" and m.get("content")]
        if not users:
            return route.intent, route, slots, qvec, text
        previous_slots: dict[str, Any] = {}
        last_stated: dict[str, Any] = {}  # the numbers the last question gave, read in its context
        for turn in users:
            own = extract_slots(clean_message(turn))
            last_stated = follow_up_slots(previous_slots, own)
            previous_slots = merge_slots(previous_slots, own)
        last = clean_message(users[-1])
        last_vec = np.asarray(self.deps.reader.embeddings.embed_query(last), dtype=np.float32)
        prev_route = self._route(last, last_vec, dict(extract_slots(last)))
        # A follow-up leans on the earlier turn: it says so ("那如果…", "…呢？", "what if…"), or it cannot be
        # placed on its own, or it is a short tweak of the earlier numbers. A question that stands on its own
        # (a new topic, or its own full set of numbers) starts afresh: nothing is carried over.
        follow_up = (
            bool(_FOLLOW_UP.search(text) or _FOLLOW_UP_END.search(text))
            or route.unsure
            or (len(text) <= SHORT_TWEAK and bool(slots) and _compatible(slots, prev_route.intent))
        )
        intent = route.intent
        if (
            follow_up
            and prev_route.intent != "out_of_scope"
            and (
                route.intent == "out_of_scope"
                or route.unsure
                or not slots
                or _compatible(slots, prev_route.intent)
            )
        ):
            intent = prev_route.intent
        if follow_up and intent == prev_route.intent:
            slots = _carry_over(previous_slots, slots, last_stated)
            vec = qvec + last_vec
            vec = vec / (np.linalg.norm(vec) or 1.0)
            return intent, route, slots, vec, f"{last}\n{text}"
        return intent, route, slots, qvec, text

    # -- retrieval -------------------------------------------------------------------------------
    def _cards(self, text: str, vec: np.ndarray, lang: str, intent: str) -> list[tuple[Card, float]]:
        hits = self.deps.reader.search(text, k=8, kind="playbook", language=lang, query_vector=vec.tolist())
        scored: list[tuple[Card, float]] = []
        for h in hits:
            card = self.deps.cards.get(h.id)
            if card is None:
                continue
            bonus = (
                INTENT_BOOST
                if intent in card.intents[:1]
                else INTENT_BOOST / 2
                if intent in card.intents
                else 0
            )
            scored.append((card, h.score + bonus))
        scored.sort(key=lambda cs: -cs[1])
        # the best card always; a second one only when it also serves the question's intent
        return scored[:1] + [cs for cs in scored[1:2] if intent in cs[0].intents]

    def _deals(
        self, text: str, vec: np.ndarray, lang: str, intent: str, plan: Any
    ) -> list[tuple[Deal, float]]:
        by_id = self.deps.deals_by_id
        picked: list[tuple[Deal, float]] = [(d, 1.0) for d in plan.partner_deals[:3]]
        want = 5 if intent == "deal_lookup" else 3
        if not picked:
            picked = [
                (d, 0.5)
                for d in similar_deals(plan.calls, self.deps.deals, plan.category, want, self.deps.figures)
            ]
        if len(picked) < want:
            hits: list[Hit] = self.deps.reader.search(
                text, k=want, kind="deal", language=lang, category=plan.category, query_vector=vec.tolist()
            )
            seen = {d.deal_id for d, _ in picked}
            for h in hits:
                if h.id in by_id and h.id not in seen and len(picked) < want:
                    picked.append((by_id[h.id], h.score))
        return picked

    def card_citation(self, card: Card, lang: str, score: float) -> Citation:
        lang = lang if card.body.get(lang) else next(iter(card.body))
        return Citation(
            id=card.id,
            title=card.title.get(lang, card.id),
            kind="playbook",
            text=card.text(lang),
            language=lang,
            score=score,
        )

    def deal_citation(self, deal: Deal, lang: str, score: float) -> Citation:
        from assistant.kb.deals import deal_text, deal_title

        return Citation(
            id=deal.deal_id,
            title=deal_title(deal, lang),
            kind="deal",
            text=deal_text(deal, lang),
            language=lang,
            score=score,
        )


def _carry_over(previous: dict[str, Any], new: dict[str, Any], last: dict[str, Any]) -> dict[str, Any]:
    """The earlier numbers a follow-up keeps: those of the tools its own numbers touch (a new GMV after a
    settled ROI bet does not re-run the bet); without numbers of its own ("why?"), those of the tools the
    last question touched; all of them when neither names a tool."""
    merged = merge_slots(previous, new)
    stated = set(follow_up_slots(previous, new)) or set(last)
    touched = {f for fields in TOOL_FIELDS.values() if stated & set(fields) for f in fields}
    if not touched:
        return merged
    return {k: v for k, v in merged.items() if k in touched or k in stated}


def _compatible(slots: dict[str, Any], intent: str) -> bool:
    """True when every number of a follow-up belongs to the tools of the earlier intent."""
    tools = {
        "partner_worth": ("assess_partner",),
        "unreasonable_demand": ("counter_offer",),
        "trust_crisis": ("performance_bet", "incentive_tier"),
        "risk_warning": ("risk_check",),
        "partner_exit": ("risk_check",),
    }.get(intent, ())
    fields = {f for tool in tools for f in TOOL_FIELDS[tool]}
    return bool(fields) and set(slots) <= fields | {"roi"}
