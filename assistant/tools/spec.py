"""What the rest of the code may ask about a tool: its fields, texts, verdict colours and chart, in one place."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from pydantic import BaseModel

from assistant.i18n import Text

Kind = Literal["count", "pct", "ratio", "money", "score", "index", "share", "table"]
"""What kind of number a field takes; the unit of a number in a question decides which field it may fill."""

Cues = tuple[tuple[str, ...], tuple[str, ...]]
"""Regexes (Chinese, English) naming a field on its own; English ones match between non-letters."""


@dataclass(frozen=True)
class FieldSpec:
    """One input a question can fill."""

    name: str
    kind: Kind
    label: Text  # a short noun: reasons, verdict numbers, the inputs form
    ask: Text  # how the chat asks for it when it is missing
    cues: Cues = ((), ())
    series: bool = False  # a list of values, oldest first
    triggers: bool = True  # its presence alone makes the tool worth calling
    evidence: bool = False  # its presence points the router at the tool's intent
    from_history: bool = False  # filled from the partner's newest deal when the question lacks it
    from_benchmark: str | None = None  # the Benchmark attribute that fills it when the tool needs it
    needed_with: str | None = None  # an optional input needed only together with this other one

    @property
    def integer(self) -> bool:
        return self.kind == "count"


@dataclass(frozen=True)
class Metric:
    """One key number on a verdict card: a labelled value read from the tool's input or output."""

    label: Text
    source: Literal["input", "output"]
    key: str
    fmt: Literal["num", "pct", "money", "ratio", "len"] = "num"  # ratio: an ROI shown as 1:x


@dataclass(frozen=True)
class ToolSpec:
    """One tool: its pure function and models, plus everything the understanding, composer, LLM and UI read."""

    func: Callable[..., BaseModel]
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    title: Text
    verdict_texts: dict[str, Text]
    reason_texts: dict[str, Text]  # every reason code the tool emits -> its sentence template
    good: frozenset[str] = frozenset()  # verdicts shown green; `bad` red; the rest amber
    bad: frozenset[str] = frozenset()
    fields: tuple[FieldSpec, ...] = ()  # the inputs a question can fill, in the order they are shown
    metrics: tuple[Metric, ...] = ()
    chart: str | None = None  # a key of assistant.answering.charts.CHARTS
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def description(self) -> str:
        """The docstring: the text an LLM reads to decide when to call the tool."""
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def verdicts(self) -> tuple[str, ...]:
        """The verdict values this tool can return (from its output model)."""
        return tuple(get_args(self.output_model.model_fields["verdict"].annotation))

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(self.reason_texts)

    @property
    def required(self) -> tuple[str, ...]:
        """The inputs the tool cannot run without (from its input model, not restated)."""
        return tuple(n for n, f in self.input_model.model_fields.items() if f.is_required())

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def check(self) -> None:
        """Refuse an entry that disagrees with its models (run once when the registry is built)."""
        model_fields = self.input_model.model_fields
        unknown = [f.name for f in self.fields if f.name not in model_fields]
        if unknown:
            raise ValueError(f"{self.name}: fields {unknown} are not inputs of {self.input_model.__name__}")
        if set(self.verdict_texts) != set(self.verdicts):
            raise ValueError(f"{self.name}: verdict texts {sorted(self.verdict_texts)} != {self.verdicts}")
        for m in self.metrics:
            model = self.input_model if m.source == "input" else self.output_model
            if m.key not in model.model_fields:
                raise ValueError(f"{self.name}: metric {m.key} is not a field of {model.__name__}")
