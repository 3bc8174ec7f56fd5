"""Understanding one question in its conversation: clean it, route it, read its numbers, and decide whether it
is a follow-up that keeps the earlier turn's intent and numbers."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from assistant.answering.answer import Answer
from assistant.answering.texts import TOO_MANY_NUMBERS
from assistant.config import get_settings
from assistant.i18n import pick
from assistant.intents import INTENTS, evidence_intent, tool_fields
from assistant.tools.registry import FIELDS, TOOLS, tool_of_field
from assistant.understanding.lexicon import (
    detect_language,
    is_instruction_to_assistant,
    is_out_of_scope_hint,
    lexical_signals,
)
from assistant.understanding.number_roles import refine_for_intent
from assistant.understanding.numbers import INVISIBLE, find_numbers
from assistant.understanding.pasted import question_words, rank_options
from assistant.understanding.router import IntentRouter, Route
from assistant.understanding.slots import extract_slots, follow_up_slots, merge_slots

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FOLLOW_UP = re.compile(
    r"^(那|那么|如果|要是|假如|换成|改成|再|还有|and\b|what if|if\b|with only|but\b|now\b|instead|how about)",
    re.I,
)
_FOLLOW_UP_END = re.compile(r"呢\s*[？?]?\s*$")
STRUCTURED_EVIDENCE = 5.0  # lexical units (x the router's LEXICAL_WEIGHT) of a pasted table or list
SHORT_TWEAK = 24  # characters: "ROI只有2.5" after a partner question is a tweak of its numbers
HISTORY_READ = 20  # user turns read for the numbers a follow-up carries over (older ones are not re-read)
Embed = Callable[[str], np.ndarray]


@dataclass
class Understanding:
    """What the engine read from a question: computed once, used by every back-end."""

    text: str  # the cleaned question
    language: Literal["zh", "en"]
    vector: np.ndarray  # the question's own embedding
    intent: str
    route: Route
    slots: dict[str, Any]
    context_vector: np.ndarray  # for retrieval: the question's, or joined with the earlier turn's
    context_text: str  # for the tools: the question, or the earlier turn and this one
    timings: dict[str, float] = field(default_factory=dict)


def clean_message(text: str) -> str:
    """Normalise a chat message: NFKC, no control characters, no invisible ones (a zero-width space inside
    "50%" must not split it, a right-to-left override must not reorder the question shown back), trimmed."""
    return _CONTROL.sub(" ", INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))).strip()


def too_many_numbers(text: str, language: Literal["zh", "en"], limit: int) -> Answer | None:
    """The polite refusal of a question giving more than `limit` numbers (settings.max_numbers_per_question),
    as an over-long one is refused: past the limit the reader would be guessing which numbers matter."""
    count = len(find_numbers(text))
    if count <= limit:
        return None
    return Answer(
        answer=pick(TOO_MANY_NUMBERS, language, n=count, limit=limit),
        language=language,
        intent="out_of_scope",
        notes=["rejected_input"],
    )


def question_language(text: str, lang: str | None) -> Literal["zh", "en"]:
    return "zh" if (lang or detect_language(text)) == "zh" else "en"


def slot_evidence(slots: dict[str, Any]) -> dict[str, float]:
    """Intent evidence from the numbers found (added to the router's lexical signals, each at most 1)."""
    out: dict[str, float] = {}
    for name in slots:
        spec, tool = FIELDS.get(name), tool_of_field(name)
        intent = evidence_intent(tool) if spec and spec.evidence and spec.kind != "table" and tool else None
        if intent:
            out[intent] = min(1.0, out.get(intent, 0.0) + 0.5)
    return out


def structured_evidence(slots: dict[str, Any]) -> dict[str, float]:
    """Intent evidence from a pasted table or list (a partner table, outlets, two distributions): worth
    STRUCTURED_EVIDENCE lexical units, so that the data decides the intent whatever the words around it."""
    intents = {
        evidence_intent(tool)
        for name in slots
        if (spec := FIELDS.get(name))
        and spec.kind == "table"
        and spec.evidence
        and (tool := tool_of_field(name))
    }
    return {i: STRUCTURED_EVIDENCE for i in intents if i}


def route_question(router: IntentRouter, text: str, vec: np.ndarray, slots: dict[str, Any]) -> Route:
    """The router's decision over the question's vector, its cue words (outside its pasted tables and lists)
    and the fields its numbers and tables fill."""
    lexical = lexical_signals(question_words(text))
    for intent, value in slot_evidence(slots).items():
        lexical[intent] = min(1.0, lexical.get(intent, 0.0) + value)
    for intent, value in structured_evidence(slots).items():
        lexical[intent] = lexical.get(intent, 0.0) + value
    if is_out_of_scope_hint(text) and not slots:
        lexical["out_of_scope"] = max(lexical.get("out_of_scope", 0.0), 1.0)
    return router.route(vec, lexical)


def read_for_intent(text: str, slots: dict[str, Any], intent: str) -> dict[str, Any]:
    """The question's numbers read again once its intent is known: what the first reading left unread (or put
    in a field none of the intent's tools takes) is placed among the fields of the intent's tools."""
    spec = INTENTS.get(intent)
    return refine_for_intent(text, slots, spec.tools) if spec and spec.tools else slots


def understand(
    text: str,
    language: Literal["zh", "en"],
    embed: Embed,
    router: IntentRouter,
    history: list[dict[str, Any]],
    attached: dict[str, Any] | None = None,
    max_numbers: int | None = None,
) -> Understanding | Answer:
    """Read a cleaned, non-empty question in the light of the user turns before it; `attached` holds the
    tool inputs of a file attached to it, which count as stated by the question. A question giving more
    than `max_numbers` numbers (settings.max_numbers_per_question by default) gets its refusal instead."""
    limit = get_settings().max_numbers_per_question if max_numbers is None else max_numbers
    if refusal := too_many_numbers(text, language, limit):
        return refusal
    tick = time.perf_counter()
    qvec = embed(text)
    timings = {"embedding": (time.perf_counter() - tick) * 1000}
    tick = time.perf_counter()
    if is_instruction_to_assistant(text):  # declined whatever else it says, and never read as a follow-up
        route = Route("out_of_scope", 1.0, {"out_of_scope": 1.0})
        timings["understanding"] = (time.perf_counter() - tick) * 1000
        return Understanding(text, language, qvec, route.intent, route, {}, qvec, text, timings)
    own = extract_slots(text)
    route = route_question(router, text, qvec, {**own, **(attached or {})})
    slots = {**read_for_intent(text, own, route.intent), **(attached or {})}
    result = Understanding(text, language, qvec, route.intent, route, slots, qvec, text, timings)
    users = [str(m.get("content") or "") for m in history if m.get("role") == "user" and m.get("content")]
    if users:
        _in_conversation(result, history, embed, router, {**own, **(attached or {})})
    timings["understanding"] = (time.perf_counter() - tick) * 1000
    return result


def _in_conversation(
    u: Understanding,
    history: list[dict[str, Any]],
    embed: Embed,
    router: IntentRouter,
    first: dict[str, Any],
) -> None:
    """Turn `u` into a follow-up of the last user turn when it leans on it (in place); `first` is the
    question's reading before its intent was known (with any attached file's inputs)."""
    users = [str(m["content"]) for m in history if m.get("role") == "user" and m.get("content")]
    last = clean_message(users[-1])
    last_vec = embed(last)
    prev_route = route_question(router, last, last_vec, dict(extract_slots(last)))
    previous_slots: dict[str, Any] = {}
    last_stated: dict[str, Any] = {}  # the numbers the last question gave, read in its context
    for m in _recent(history):
        if m.get("role") == "user" and m.get("content"):
            turn = clean_message(str(m["content"]))
            own = read_for_intent(turn, extract_slots(turn), prev_route.intent)  # as that answer read them
            last_stated = follow_up_slots(previous_slots, own)
            previous_slots = merge_slots(previous_slots, own)
        elif m.get("role") == "assistant" and isinstance(m.get("corrected"), dict):
            # inputs the user corrected under that answer: they stand as if the question had said them
            corrected = {k: v for k, v in m["corrected"].items() if k in FIELDS}
            previous_slots = merge_slots(previous_slots, corrected)
            last_stated = {**last_stated, **corrected}
    if "partners" in previous_slots:  # "那如果只选前5呢？" after a partner list
        extra = {k: v for k, v in rank_options(u.text).items() if k not in first}
        u.slots, first = {**u.slots, **extra}, {**first, **extra}
    # A follow-up leans on the earlier turn: it says so ("那如果…", "…呢？", "what if…"), or it cannot be
    # placed on its own, or it is a short tweak of the earlier numbers. A question that stands on its own
    # (a new topic, or its own full set of numbers) starts afresh: nothing is carried over.
    text, slots, route = u.text, first, u.route
    follow_up = (
        bool(_FOLLOW_UP.search(text) or _FOLLOW_UP_END.search(text))
        or route.unsure
        or (len(text) <= SHORT_TWEAK and bool(slots) and _compatible(slots, prev_route.intent))
    )
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
        u.intent = prev_route.intent
    if follow_up and u.intent == prev_route.intent:
        # its numbers read again for the intent it continues
        slots = read_for_intent(text, first, u.intent) if u.intent != route.intent else u.slots
        u.slots = _carry_over(previous_slots, slots, last_stated)
        vec = u.vector + last_vec
        u.context_vector = vec / (np.linalg.norm(vec) or 1.0)
        u.context_text = f"{last}\n{text}"


def _recent(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The turns whose numbers a follow-up may lean on: from the HISTORY_READ-th last user turn on (each turn
    is read again on every question, so a long conversation must not make every answer slower)."""
    starts = [i for i, m in enumerate(history) if m.get("role") == "user" and m.get("content")]
    return history[starts[-HISTORY_READ] :] if len(starts) > HISTORY_READ else history


def _carry_over(previous: dict[str, Any], new: dict[str, Any], last: dict[str, Any]) -> dict[str, Any]:
    """The earlier numbers a follow-up keeps: those of the tools its own numbers touch (a new GMV after a
    settled ROI bet does not re-run the bet); without numbers of its own ("why?"), those of the tools the
    last question touched; all of them when neither names a tool."""
    merged = merge_slots(previous, new)
    stated = set(follow_up_slots(previous, new)) or set(last)
    touched = {f for spec in TOOLS.values() if stated & set(spec.field_names) for f in spec.field_names}
    if not touched:
        return merged
    return {k: v for k, v in merged.items() if k in touched or k in stated}


def _compatible(slots: dict[str, Any], intent: str) -> bool:
    """True when every number of a follow-up belongs to the tools of the earlier intent."""
    fields = tool_fields(intent)
    return bool(fields) and set(slots) <= fields | {"roi"}
