"""The grounded answer engine: understand the question (intent, slots, follow-ups), run the tools,
retrieve cards and deals, and compose a cited answer in the asker's language. Offline and deterministic."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from assistant.answering import compose, parts
from assistant.answering.answer import Answer, Citation
from assistant.answering.planner import Plan, plan_tools
from assistant.answering.similar import similar_deals
from assistant.answering.texts import ATTACHED_ONLY, EMPTY_MESSAGE, EXAMPLE_QUESTION, OUT_OF_SCOPE, TOO_LONG
from assistant.deps import Deps, build_deps, make_router, prepare_router
from assistant.i18n import pick
from assistant.index.retrieval import Hit
from assistant.intents import INTENTS, tool_fields
from assistant.kb.cards import Card
from assistant.kb.deals import Deal, deal_title, shown_deal_text
from assistant.understanding.accounting import NumberUse, account
from assistant.understanding.conversation import (
    Understanding,
    clean_message,
    question_language,
    read_for_intent,
    route_question,
    understand,
)
from assistant.understanding.slots import extract_slots

__all__ = ["Deps", "Engine", "build_deps", "clean_message", "make_router", "prepare_router"]

INTENT_BOOST = 0.012  # RRF-scale bonus for cards that serve the routed intent


class Engine:
    """Answers questions; safe to share between threads (it keeps no per-conversation state)."""

    backend = "grounded"

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    # -- public API ------------------------------------------------------------------------------
    def answer(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Answer:
        """One complete answer."""
        result: Answer | None = None
        for item in self.stream(question, history, lang, attached):
            if isinstance(item, Answer):
                result = item
        assert result is not None
        return result

    def stream(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's sections as they are ready, then the complete Answer. `attached` holds tool
        inputs read from a file attached to the question (a partner or outlet table, series). A message asking
        two or more different things is answered part by part (see `stream_parts`)."""
        start = time.perf_counter()
        split = None if attached else self.parts_of(question, lang)
        if split:
            yield from self.stream_parts(split, history, lang, start)
            return
        read = self.read(question, history, lang, attached)
        if isinstance(read, Answer):
            yield read.answer
            yield read.model_copy(update={"latency_ms": (time.perf_counter() - start) * 1000})
            return
        yield from self.respond(read, start)

    # -- multi-part questions --------------------------------------------------------------------
    def parts_of(self, question: str, lang: str | None = None) -> list[parts.Part] | None:
        """The question parts of a message asking several different things (None for one question)."""
        text = clean_message(question)
        if not text or len(text) > self.deps.settings.max_message_chars:
            return None
        language = question_language(text, lang)

        routes: dict[str, Any] = {}

        def route_of(q: str) -> Any:
            if q not in routes:
                routes[q] = route_question(self.deps.router, q, self._embed(q), dict(extract_slots(q)))
            return routes[q]

        def intent_of(q: str) -> str | None:
            route = route_of(q)
            return None if route.unsure else route.intent

        def guess_of(q: str) -> str | None:
            return route_of(q).intent

        def slots_of(statement: str) -> set[str]:
            return set(extract_slots(statement))

        return parts.plan_parts(text, language, intent_of, tool_fields, slots_of, guess_of)

    def stream_parts(
        self,
        split: list[parts.Part],
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        start: float | None = None,
    ) -> Iterator[str | Answer]:
        """Answer each part on its own (its heading, its sections, then its Answer with `question` set), then
        yield the whole Answer, whose `parts` are the parts' answers and whose text is theirs joined. A part
        that cannot be answered (out of scope, unreadable) says so under its heading."""
        start = time.perf_counter() if start is None else start
        language = question_language(clean_message(" ".join(p.question for p in split)), lang)
        intro = parts.overview(len(split), language)
        yield intro + "\n\n"
        texts, answers = [intro], []
        for n, part in enumerate(split, 1):
            read = self.read(part.text, history, language)
            if isinstance(read, Understanding) and part.intent and read.intent != part.intent:
                # the question itself decides what the part is about; its statements only give the numbers
                read.intent = part.intent
                read.slots = read_for_intent(read.text, extract_slots(read.text), part.intent)
            if isinstance(read, Understanding):
                items = list(self.respond(read))
                answer = items[-1]
                assert isinstance(answer, Answer)
            else:
                answer = read
            reason = "rejected_input" if "rejected_input" in answer.notes else answer.intent
            answered = reason not in ("out_of_scope", "rejected_input")
            head = parts.part_head(n, part.question, language, answered)
            body = answer.answer if answered else parts.not_answered(reason, language)
            answer = answer.model_copy(update={"question": part.question, "answer": body})
            yield head + "\n\n"
            yield body + "\n\n"
            yield answer
            texts.append(f"{head}\n\n{body}")
            answers.append(answer)
        yield _joined(answers, "\n\n".join(texts), language, (time.perf_counter() - start) * 1000)

    def read(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Understanding | Answer:
        """The question understood, or the polite refusal of an empty or over-long message."""
        text = clean_message(question)
        language = question_language(text, lang)
        limit = self.deps.settings.max_message_chars
        if attached and not text:
            text = pick(ATTACHED_ONLY, language)  # a file without words: what it holds decides the tool
        if text and len(text) <= limit:
            numbers = self.deps.settings.max_numbers_per_question
            return understand(
                text, language, self._embed, self.deps.router, history or [], attached, max_numbers=numbers
            )
        msg = (
            pick(EMPTY_MESSAGE, language, example=pick(EXAMPLE_QUESTION, language))
            if not text
            else pick(TOO_LONG, language, n=len(text), limit=limit)
        )
        return Answer(answer=msg, language=language, intent="out_of_scope", notes=["rejected_input"])

    def respond(self, u: Understanding, start: float | None = None) -> Iterator[str | Answer]:
        """Yield the sections of the answer to an understood question, then the complete Answer."""
        start = time.perf_counter() if start is None else start
        timings = dict(u.timings)
        if u.intent == "out_of_scope":
            msg = pick(OUT_OF_SCOPE, u.language)
            yield msg
            yield Answer(
                answer=msg,
                language=u.language,
                intent=u.intent,
                confidence=u.route.confidence,
                latency_ms=(time.perf_counter() - start) * 1000,
                timings_ms=timings,
            )
            return
        tick = time.perf_counter()
        d = self.deps
        plan = plan_tools(
            u.intent, u.slots, u.context_text, d.deals, d.benchmarks, d.tool_defaults, d.partners
        )
        timings["tools"] = (time.perf_counter() - tick) * 1000
        tick = time.perf_counter()
        uses = account(u.text, u.slots)
        sections = self._verdict_sections(u, plan, uses)
        composing = (time.perf_counter() - tick) * 1000
        for s in sections:  # the verdicts do not wait for the retrieval: the user reads them meanwhile
            yield s + "\n\n"
        tick = time.perf_counter()
        cards = self._cards(u.text, u.context_vector, u.language, u.intent)
        deals = self._deals(u.text, u.context_vector, u.language, u.intent, plan)
        timings["retrieval"] = (time.perf_counter() - tick) * 1000
        tick = time.perf_counter()
        rest, deal_rows = self._grounding_sections(u, plan, cards, deals)
        citations = [self.card_citation(c, u.language, s) for c, s in cards] + [
            self.deal_citation(deal, u.language, s) for deal, s in deals
        ]
        rest.append(compose.sources_line([c.id for c in citations], u.language))
        sections += rest
        timings["composition"] = composing + (time.perf_counter() - tick) * 1000
        for s in rest:
            yield s + "\n\n"
        yield Answer(
            answer="\n\n".join(sections),
            language=u.language,
            intent=u.intent,
            confidence=u.route.confidence,
            tool_calls=plan.calls,
            citations=citations,
            deals=deal_rows,
            missing=_missing(plan),
            slots=u.slots,
            unused_numbers=[n.as_json() for n in uses if n.role in ("threshold", "unknown")],
            latency_ms=(time.perf_counter() - start) * 1000,
            timings_ms=timings,
        )

    # -- composition -----------------------------------------------------------------------------
    def _verdict_sections(self, u: Understanding, plan: Plan, uses: list[NumberUse]) -> list[str]:
        """What needs no retrieval, first: the verdicts, what is missing, the numbers that were not clear."""
        lang = u.language
        sections: list[str] = []
        if u.route.unsure and not plan.calls:
            sections.append(compose.unsure_line(u.intent, u.route.runner_up, lang))
        for call in plan.calls:
            sections.append(compose.verdict_section(call, lang, self.deps.benchmarks))
            if call.ok and call.name == "assess_partner" and (ask := compose.assess_missing(call, lang)):
                sections.append(ask)
        if plan.missing:
            sections.append(compose.missing_section(plan.missing, lang))
        tools = [c.name for c in plan.calls] + list(plan.missing) or list(INTENTS[u.intent].tools)
        if unclear := compose.unclear_numbers_section(uses, tools, u.slots, lang):
            sections.append(unclear)
        return sections

    def _grounding_sections(
        self, u: Understanding, plan: Plan, cards: list[tuple[Card, float]], deals: list[tuple[Deal, float]]
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """Then the playbook step, the similar deals and the next steps; and the similar deals as rows for the
        UI."""
        lang = u.language
        sections: list[str] = []
        if cards:
            sections.append(compose.playbook_section(cards[0][0], lang, full=not plan.calls))
        deal_table, deal_rows = compose.deals_section([deal for deal, _ in deals], lang)
        if deal_table:
            sections.append(deal_table)
        verdict = next((str(c.output.get("verdict")) for c in plan.calls if c.ok), None)
        if nxt := compose.next_section(u.intent, verdict, lang, self.deps.tool_defaults):
            sections.append(nxt)
        return sections, deal_rows

    def _embed(self, text: str) -> np.ndarray:
        return np.asarray(self.deps.reader.embeddings.embed_query(text), dtype=np.float32)

    # -- retrieval -------------------------------------------------------------------------------
    def _cards(self, text: str, vec: np.ndarray, lang: str, intent: str) -> list[tuple[Card, float]]:
        hits = self.deps.reader.search(text, k=8, kind="playbook", language=lang, query_vector=vec.tolist())
        scored: list[tuple[Card, float]] = []
        for h in hits:
            card = self.deps.cards.get(h.id)
            if card is None:
                continue
            first, any_ = intent in card.intents[:1], intent in card.intents
            bonus = INTENT_BOOST if first else INTENT_BOOST / 2 if any_ else 0
            scored.append((card, h.score + bonus))
        scored.sort(key=lambda cs: -cs[1])
        # the best card always; a second one only when it also serves the question's intent
        return scored[:1] + [cs for cs in scored[1:2] if intent in cs[0].intents]

    def _deals(
        self, text: str, vec: np.ndarray, lang: str, intent: str, plan: Plan
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
        return Citation(
            id=deal.deal_id,
            title=deal_title(deal, lang, self.deps.benchmarks),
            kind="deal",
            text=shown_deal_text(deal, lang, self.deps.benchmarks),
            language=lang,
            score=score,
        )


def _joined(answers: list[Answer], text: str, language: str, latency_ms: float) -> Answer:
    """One Answer for a multi-part question: the parts' tool calls, sources and deals together (each source
    and deal once), the first answered part's intent."""
    answered = [a for a in answers if a.intent != "out_of_scope" and "rejected_input" not in a.notes]
    first = (answered or answers)[0]
    citations = list({c.id: c for a in answers for c in a.citations}.values())
    deals = list({str(d.get("id")): d for a in answers for d in a.deals}.values())
    return Answer(
        answer=text,
        language="zh" if language == "zh" else "en",
        intent=first.intent,
        confidence=min(a.confidence for a in answers),
        tool_calls=[c for a in answers for c in a.tool_calls],
        citations=citations,
        deals=deals,
        missing=[m for a in answers for m in a.missing],
        slots=first.slots,
        unused_numbers=[n for a in answers for n in a.unused_numbers],
        latency_ms=latency_ms,
        timings_ms={"parts": float(len(answers))},
        parts=answers,
    )


def _missing(plan: Plan) -> list[str]:
    """Every input still needed: the tools' missing required inputs and assess_partner's own list."""
    missing = [f for fs in plan.missing.values() for f in fs]
    for call in plan.calls:
        if call.ok and call.name == "assess_partner":
            missing += list(call.output.get("missing") or [])
    return missing
