"""What the engine returns: the answer text plus the structured parts the CLI and the UI render."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from assistant.answering.safe import inline_text


class ToolCall(BaseModel):
    """One deterministic tool run: its input and its output (or {"error": ...} when input was rejected)."""

    name: str
    input: dict[str, Any]
    output: dict[str, Any]
    filled_from_history: list[str] = Field(default_factory=list, description="inputs taken from past deals")
    filled_from_benchmarks: list[str] = Field(
        default_factory=list, description="inputs taken from benchmarks"
    )
    sources: dict[str, str] = Field(
        default_factory=dict,
        description="where each input came from: question, history (a past deal), benchmark, edited",
    )

    @property
    def edited(self) -> dict[str, Any]:
        """The inputs the user changed after the answer."""
        return {f: self.input[f] for f, s in self.sources.items() if s == "edited" and f in self.input}

    @property
    def ok(self) -> bool:
        return "error" not in self.output


class Citation(BaseModel):
    """A playbook card or a deal the answer rests on."""

    id: str
    title: str
    kind: Literal["playbook", "deal"]
    text: str
    language: str = ""
    score: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """The citation as `ask --json` gives it, for a Markdown renderer: a deal's title and text are imported
        data, escaped (assistant.answering.safe); a card's text is the playbook's own Markdown, as written."""
        text = inline_text(self.text) if self.kind == "deal" else self.text
        return {"id": inline_text(self.id), "title": inline_text(self.title), "kind": self.kind, "text": text}


class Answer(BaseModel):
    """One answer of the assistant, in the shape of the `ask --json` contract plus UI extras."""

    answer: str
    language: Literal["zh", "en"]
    intent: str
    confidence: float = 0.0
    tool_calls: list[ToolCall] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    deals: list[dict[str, Any]] = Field(default_factory=list, description="similar past deals (table rows)")
    missing: list[str] = Field(default_factory=list, description="tool inputs the user still has to give")
    slots: dict[str, Any] = Field(
        default_factory=dict, description="what was understood from the conversation"
    )
    unused_numbers: list[dict[str, Any]] = Field(
        default_factory=list,
        description="numbers of the question that are no tool input: {text, value, unit, role} with role "
        "'threshold' (a bar the user asks about) or 'unknown' (named back to the user)",
    )
    backend: str = "grounded"
    notes: list[str] = Field(default_factory=list)
    latency_ms: float = 0.0
    timings_ms: dict[str, float] = Field(default_factory=dict)
    guard: dict[str, Any] | None = Field(
        default=None, description="LLM back-end only: the number guard's unsupported numbers and action"
    )
    question: str = Field(default="", description="a part of a multi-part answer: the question it answers")
    parts: list[Answer] = Field(
        default_factory=list, description="a multi-part question: one answer per question part, in order"
    )

    def contract(self) -> dict[str, Any]:
        """The JSON object of `python -m assistant ask --json`."""
        out: dict[str, Any] = {
            "answer": self.answer,
            "language": self.language,
            "intent": self.intent,
            "tool_calls": [{"name": t.name, "input": t.input, "output": t.output} for t in self.tool_calls],
            "citations": [c.as_json() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
            "confidence": round(self.confidence, 3),
            "backend": self.backend,
            "unused_numbers": self.unused_numbers,
        }
        if self.guard is not None:
            out["guard"] = self.guard
        if self.parts:
            out["parts"] = [{"question": p.question, **p.contract()} for p in self.parts]
        return out


class AnswerEngine(Protocol):
    """What every back-end offers (the grounded Engine and the LLMEngine): answers in one piece or streamed
    section by section, ending with the complete Answer. Safe to share between threads."""

    backend: str
    deps: Any  # assistant.deps.Deps: what the engine reads (settings, index, knowledge)

    def answer(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Answer: ...

    def stream(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        lang: str | None = None,
        attached: dict[str, Any] | None = None,
    ) -> Iterator[str | Answer]: ...
