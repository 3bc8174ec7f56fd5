"""The tool registry: names, specs, run_tool and readable validation errors."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from assistant.tools.defaults import ToolDefaults, default_settings_path, load_tool_defaults
from assistant.tools.negotiation import (
    CounterOfferInput,
    CounterOfferOutput,
    IncentiveTierInput,
    IncentiveTierOutput,
    PerformanceBetInput,
    PerformanceBetOutput,
    counter_offer,
    incentive_tier,
    performance_bet,
)
from assistant.tools.partner import (
    AssessPartnerInput,
    AssessPartnerOutput,
    AudienceMatchInput,
    AudienceMatchOutput,
    assess_partner,
    audience_match,
)
from assistant.tools.portfolio import (
    AllocateLeadsInput,
    AllocateLeadsOutput,
    RankPartnersInput,
    RankPartnersOutput,
    allocate_leads,
    rank_partners,
)
from assistant.tools.risk import RiskCheckInput, RiskCheckOutput, risk_check


@dataclass(frozen=True)
class ToolSpec:
    """One tool: its name, pure function, input and output models, and the description an LLM reads."""

    name: str
    func: Callable[..., BaseModel]
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    description: str
    reason_codes: tuple[str, ...] = ()

    @property
    def verdicts(self) -> tuple[str, ...]:
        """The verdict values this tool can return (from its output model)."""
        return tuple(get_args(self.output_model.model_fields["verdict"].annotation))


REASON_CODES: dict[str, tuple[str, ...]] = {
    "assess_partner": (
        "cases_ok",
        "cases_low",
        "audience_ok",
        "audience_low",
        "roi_ok",
        "roi_low",
        "radar_ok",
        "radar_low",
        "radar_skipped",
        "input_missing",
    ),
    "audience_match": ("profile_match", "profile_mismatch", "profile_normalised", "bucket_unshared"),
    "counter_offer": (
        "demand_over_market_cap",
        "demand_over_margin_ceiling",
        "demand_above_market",
        "demand_within_market",
        "margin_ceiling",
        "margin_exhausted",
        "base_rate",
        "ladder",
        "ladder_capped",
        "no_ladder_room",
    ),
    "performance_bet": ("roi_shortfall", "roi_promise_met"),
    "incentive_tier": ("tier_reached", "tier_next", "top_tier_reached"),
    "risk_check": (
        "rue_low",
        "rue_ok",
        "sentiment_drop",
        "sentiment_ok",
        "roi_below_benchmark",
        "roi_benchmark_ok",
        "single_point_dependency",
        "concentration_ok",
        "series_too_short",
    ),
    "rank_partners": ("partners_ranked", "shortlist_selected", "shortlist_trimmed", "prune_selected"),
    "allocate_leads": ("leads_allocated", "equal_split"),
}


def _spec(func: Callable[..., BaseModel], inp: type[BaseModel], out: type[BaseModel]) -> ToolSpec:
    name = func.__name__
    return ToolSpec(name, func, inp, out, inspect.cleandoc(func.__doc__ or ""), REASON_CODES[name])


TOOLS: dict[str, ToolSpec] = {
    s.name: s
    for s in (
        _spec(assess_partner, AssessPartnerInput, AssessPartnerOutput),
        _spec(audience_match, AudienceMatchInput, AudienceMatchOutput),
        _spec(counter_offer, CounterOfferInput, CounterOfferOutput),
        _spec(performance_bet, PerformanceBetInput, PerformanceBetOutput),
        _spec(incentive_tier, IncentiveTierInput, IncentiveTierOutput),
        _spec(risk_check, RiskCheckInput, RiskCheckOutput),
        _spec(rank_partners, RankPartnersInput, RankPartnersOutput),
        _spec(allocate_leads, AllocateLeadsInput, AllocateLeadsOutput),
    )
}


class ToolInputError(Exception):
    """A tool input was refused; `problems` lists each bad field, what is wrong and what is allowed."""

    def __init__(self, tool: str, problems: list[dict[str, Any]]):
        self.tool = tool
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{self.tool}: invalid input"]
        for p in self.problems:
            allowed = f" (allowed: {p['allowed']})" if p.get("allowed") else ""
            lines.append(f"- {p['field'] or '(input)'}: {p['message']}{allowed}")
        return "\n".join(lines)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        branches = [b for b in node["anyOf"] if b.get("type") != "null"]
        if len(branches) == 1:
            return _resolve(schema, branches[0])
    return node


def node_at(schema: dict[str, Any], loc: tuple[Any, ...]) -> dict[str, Any] | None:
    """The JSON-schema node of the value at a pydantic error location, if it can be found."""
    node = _resolve(schema, schema)
    for part in loc:
        if isinstance(part, int) and "items" in node:
            node = _resolve(schema, node["items"])
        elif isinstance(part, str) and part in node.get("properties", {}):
            node = _resolve(schema, node["properties"][part])
        elif isinstance(node.get("additionalProperties"), dict):
            node = _resolve(schema, node["additionalProperties"])
        else:
            return None
    return node


def allowed_text(node: dict[str, Any] | None, schema: dict[str, Any] | None = None) -> str:
    """A short human description of what a schema node accepts, e.g. '0–100' or 'a number > 0'."""
    if not node:
        return ""
    kind = node.get("type")
    if "enum" in node:
        return "one of " + ", ".join(map(str, node["enum"]))
    if kind in ("number", "integer"):
        lo = ("≥", node["minimum"]) if "minimum" in node else ("> ", node.get("exclusiveMinimum"))
        hi = ("≤", node["maximum"]) if "maximum" in node else ("< ", node.get("exclusiveMaximum"))
        noun = "an integer" if kind == "integer" else "a number"
        if lo[1] is not None and hi[1] is not None and lo[0] == "≥" and hi[0] == "≤":
            return f"{noun} {lo[1]:g}–{hi[1]:g}"
        parts = [f"{op.strip()} {val:g}" for op, val in (lo, hi) if val is not None]
        return f"{noun} " + " and ".join(parts) if parts else noun
    if kind == "array":
        items = node.get("items")
        item = allowed_text(_resolve(schema or {}, items), schema) if isinstance(items, dict) else ""
        size = f" of at least {node['minItems']} item(s)" if node.get("minItems") else ""
        return f"a list{size}" + (f", each {item}" if item else "")
    if kind == "object":
        if node.get("properties"):
            return "an object with " + ", ".join(node["properties"])
        value = node.get("additionalProperties")
        return (
            "a map of name -> " + allowed_text(_resolve(schema or {}, value), schema)
            if isinstance(value, dict)
            else "an object"
        )
    if kind == "string":
        return "a non-empty text" if node.get("minLength") else "a text"
    return ""


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this tool",
}


def problems_from(model: type[BaseModel], exc: ValidationError) -> list[dict[str, Any]]:
    """Turn a pydantic ValidationError into [{field, message, allowed}] items."""
    schema = model.model_json_schema()
    problems = []
    for err in exc.errors():
        ctx = err.get("ctx") or {}
        if err["type"] == "field_rule":
            field, message, allowed = ctx["field"], ctx["detail"], ctx["allowed"]
        else:
            loc = tuple(err["loc"])
            field = "".join(
                f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc)
            )
            message = _MESSAGES.get(err["type"], err["msg"].removeprefix("Value error, "))
            if isinstance(err.get("input"), float) and not math.isfinite(err["input"]):
                message = "Input should be a finite number"
            if err["type"] not in ("missing", "extra_forbidden") and not isinstance(
                err.get("input"), dict | list
            ):
                message += f", got {err.get('input')!r}"
            allowed = allowed_text(node_at(schema, loc), schema)
        problems.append({"field": field, "message": message, "allowed": allowed})
    return problems


def validate_input(name: str, payload: Any) -> BaseModel:
    """Validate a payload against a tool's input model, raising ToolInputError on any problem."""
    spec = get_spec(name)
    if not isinstance(payload, dict):
        problem = {"field": "", "message": "the input must be a JSON object", "allowed": "an object"}
        raise ToolInputError(name, [problem])
    try:
        return spec.input_model.model_validate(payload)
    except ValidationError as exc:
        raise ToolInputError(name, problems_from(spec.input_model, exc)) from exc


def get_spec(name: str) -> ToolSpec:
    """The spec of a tool; an unknown name raises KeyError listing the known ones."""
    try:
        return TOOLS[name]
    except KeyError:
        raise KeyError(f"unknown tool {name!r}; known tools: {', '.join(TOOLS)}") from None


@cache
def _cached_defaults(path: Path, mtime_ns: int) -> ToolDefaults:
    return load_tool_defaults(path)


def project_defaults() -> ToolDefaults:
    """The project's settings file, re-read only when it changes."""
    path = default_settings_path()
    return _cached_defaults(path, path.stat().st_mtime_ns) if path.is_file() else ToolDefaults()


def run_tool(name: str, payload: dict[str, Any], defaults: ToolDefaults | None = None) -> dict[str, Any]:
    """Validate a payload, run the named tool and return its output as a JSON-ready dict.

    With defaults None the project's knowledge/settings.toml is used. Raises KeyError for an unknown
    tool and ToolInputError for an invalid payload.
    """
    spec = get_spec(name)
    inp = validate_input(name, payload)
    out = spec.func(inp, defaults if defaults is not None else project_defaults())
    return out.model_dump(mode="json")
