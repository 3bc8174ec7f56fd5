"""The LLM engine: the grounded interface over a tool-calling agent, number guard, grounded fallback."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage

from assistant.answering import compose
from assistant.answering.answer import Answer, Citation
from assistant.engine import Engine
from assistant.llm.agent import Run, build_agent, run_agent, stream_agent, to_messages
from assistant.llm.guard import Evidence, unsupported_numbers
from assistant.llm.knowledge import benchmarks_tool, reader_search, search_tool
from assistant.llm.prompts import fallback_note, rechecking_note, regenerate_request
from assistant.tools import langchain_tools
from assistant.understanding.conversation import Understanding

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def failure_kind(exc: BaseException) -> str:
    """'timeout', 'rate_limit', 'unavailable', 'tool_loop' or 'error', from the exception and its causes."""
    seen: BaseException | None = exc
    while seen is not None:
        names = " ".join(k.__name__ for k in type(seen).__mro__)
        if isinstance(seen, RecursionError):
            return "tool_loop"
        if "Timeout" in names or isinstance(seen, TimeoutError):
            return "timeout"
        if "RateLimit" in names or getattr(seen, "status_code", None) == 429:
            return "rate_limit"
        if "Connect" in names or isinstance(seen, ConnectionError):
            return "unavailable"
        seen = seen.__cause__ or seen.__context__
    return "error"


class LLMEngine:
    """Answers with a chat model that calls the deterministic tools; same interface as the grounded Engine."""

    backend = "llm"

    def __init__(self, grounded: Engine, model: BaseChatModel | None, model_error: str = "") -> None:
        self.grounded = grounded
        self.deps = grounded.deps
        self.model = model
        self.model_error = model_error
        self._tools = [*langchain_tools(self.deps.tool_defaults), benchmarks_tool(self.deps.benchmarks)]
        self._ids = set(self.deps.cards) | {d.deal_id for d in self.deps.deals}

    # -- public API ------------------------------------------------------------------------------
    def answer(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Answer:
        """One complete answer (the agent is invoked, not streamed)."""
        items = self._respond(question, history or [], lang, streaming=False, attached=attached)
        return [a for a in items if isinstance(a, Answer)][-1]

    def stream(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as it is generated and checked, then the complete Answer."""
        yield from self._respond(question, history or [], lang, streaming=True, attached=attached)

    # -- one answer ------------------------------------------------------------------------------
    def _respond(
        self,
        question: str,
        history: list[dict[str, Any]],
        lang: str | None,
        streaming: bool,
        attached: dict[str, Any] | None = None,
    ) -> Iterator[str | Answer]:
        start = time.perf_counter()
        read = self.grounded.read(question, history, lang, attached)
        if isinstance(read, Answer):  # an empty or over-long message: the same polite refusal
            yield from self.grounded.stream(question, history, lang)
            return
        if attached:  # a table the model never sees: the grounded engine's tools answer it
            yield from self.grounded.respond(read, start)
            return
        u, text, language = read, read.text, read.language
        intent, route, slots = u.intent, u.route, u.slots
        timings = dict(u.timings)
        if intent == "out_of_scope" and not route.unsure:
            yield from self.grounded.respond(u, start)  # declined without a model call
            return
        if self.model is None:
            yield from self._fallback(u, "config", self.model_error, timings, start)
            return

        evidence = Evidence(ids=set(self._ids))
        for turn in [*history, {"role": "user", "content": text}]:
            if turn.get("role") == "user":
                evidence.add_text(str(turn.get("content") or ""))
        runs: list[Run] = []
        guard: dict[str, Any] = {"unsupported_numbers": [], "action": "none"}
        try:
            failure = yield from self._guarded_runs(u, history, evidence, streaming, runs, guard, timings)
        except Exception as exc:
            log.warning("LLM back-end failed, answering with the grounded engine", exc_info=True)
            failure = (failure_kind(exc), f"{type(exc).__name__}: {exc}"[:300])
        if failure is not None:
            kind, detail = failure
            yield from self._fallback(u, kind, detail, timings, start, guard)
            return

        final = runs[-1]
        citations = self._citations(final.text, [h for r in runs for h in r.hits], language)
        calls = [c for r in runs for c in r.tool_calls]
        by_id = self.deps.deals_by_id
        _, deal_rows = compose.deals_section(
            [by_id[c.id] for c in citations if c.kind == "deal" and c.id in by_id], language
        )
        missing = [
            str(f)
            for c in calls
            if c.ok and c.name == "assess_partner"
            for f in c.output.get("missing") or []
        ]
        notes = [f"guard: regenerated ({', '.join(guard['unsupported_numbers'])})"] if len(runs) > 1 else []
        yield Answer(
            answer=final.text,
            language=language,  # type: ignore[arg-type]
            intent=intent,
            confidence=route.confidence,
            tool_calls=calls,
            citations=citations,
            deals=deal_rows,
            missing=missing,
            slots=slots,
            backend="llm",
            notes=notes,
            latency_ms=(time.perf_counter() - start) * 1000,
            timings_ms=timings,
            guard=guard,
        )

    def _guarded_runs(
        self,
        u: Understanding,
        history: list[dict[str, Any]],
        evidence: Evidence,
        streaming: bool,
        runs: list[Run],
        guard: dict[str, Any],
        timings: dict[str, float],
    ) -> Generator[str, None, tuple[str, str] | None]:
        """Run the agent, and once more when its answer has a number no source supports; `runs` and `guard`
        are filled in place. Returns the failure (kind, detail) that calls for the fallback, else None."""
        language = u.language
        assert self.model is not None  # _respond answers without a model before it gets here
        messages = to_messages(history, u.text, self.deps.settings.max_message_chars)
        search = search_tool(reader_search(self.deps.reader, language))
        agent = build_agent(self.model, [*self._tools, search], language)
        for attempt in (1, 2):
            tick = time.perf_counter()
            if streaming:
                run = yield from stream_agent(agent, messages, evidence)
            else:
                run = run_agent(agent, messages, evidence)
            timings[f"llm_{attempt}"] = (time.perf_counter() - tick) * 1000
            runs.append(run)
            if run.problem:
                return (run.problem, ", ".join(run.uncorrected))
            bad = unsupported_numbers(run.text, evidence)
            if not bad:
                return None
            flagged = [
                *guard["unsupported_numbers"],
                *(n for n in bad if n not in guard["unsupported_numbers"]),
            ]
            if attempt == 2:
                guard.update(unsupported_numbers=flagged, action="fallback")
                return ("guard", ", ".join(bad))
            guard.update(unsupported_numbers=flagged, action="regenerated")
            yield rechecking_note(language)
            messages = [*run.messages, HumanMessage(regenerate_request(bad, language))]
        return None

    # -- helpers ---------------------------------------------------------------------------------
    def _citations(self, text: str, hits: list[dict[str, Any]], language: str) -> list[Citation]:
        """The retrieved cards and deals the answer cites by id, in the order it first cites them."""
        first: dict[str, tuple[int, dict[str, Any]]] = {}
        for hit in hits:
            hid = str(hit.get("id", ""))
            m = re.search(rf"(?<![A-Za-z0-9-]){re.escape(hid)}(?![A-Za-z0-9-])", text) if hid else None
            if m and hid not in first:
                first[hid] = (m.start(), hit)
        deals = self.deps.deals_by_id
        out: list[Citation] = []
        for hid, (_, hit) in sorted(first.items(), key=lambda kv: kv[1][0]):
            score = float(hit.get("score") or 0.0)
            if hit.get("kind") == "playbook" and hid in self.deps.cards:
                out.append(self.grounded.card_citation(self.deps.cards[hid], language, score))
            elif hit.get("kind") == "deal" and hid in deals:
                out.append(self.grounded.deal_citation(deals[hid], language, score))
            elif hit.get("kind") in ("playbook", "deal"):
                out.append(
                    Citation(
                        id=hid,
                        title=str(hit.get("title", "")),
                        kind=hit["kind"],
                        text=str(hit.get("text", "")),
                        language=str(hit.get("language", "")),
                        score=score,
                    )
                )
        return out

    def _fallback(
        self,
        u: Understanding,
        kind: str,
        detail: str,
        timings: dict[str, float],
        start: float,
        guard: dict[str, Any] | None = None,
    ) -> Iterator[str | Answer]:
        """The grounded answer to the same understanding (the question is not read again), introduced by a
        visible note saying why the model's answer is not used."""
        note = fallback_note(kind, u.language)
        yield f"\n\n{note}\n\n"
        grounded: Answer | None = None
        for item in self.grounded.respond(u, start):
            if isinstance(item, Answer):
                grounded = item
            else:
                yield item
        assert grounded is not None
        yield grounded.model_copy(
            update={
                "answer": f"{note}\n\n{grounded.answer}",
                "notes": [*grounded.notes, f"llm_fallback:{kind}" + (f": {detail}" if detail else "")],
                "guard": guard or {"unsupported_numbers": [], "action": "none"},
                "latency_ms": (time.perf_counter() - start) * 1000,
                "timings_ms": {**timings, **grounded.timings_ms},
            }
        )
