"""The tool registry: every ToolSpec by name, the field lookups built from them, and run_tool."""

from __future__ import annotations

from typing import Any

from assistant.tools.defaults import ToolDefaults
from assistant.tools.entries.negotiation import COUNTER_OFFER, INCENTIVE_TIER, PERFORMANCE_BET
from assistant.tools.entries.partner import ASSESS_PARTNER, AUDIENCE_MATCH
from assistant.tools.entries.portfolio import ALLOCATE_LEADS, RANK_PARTNERS
from assistant.tools.entries.risk import RISK_CHECK
from assistant.tools.errors import ToolInputError, allowed_text, node_at, problems_from
from assistant.tools.spec import FieldSpec, ToolSpec

__all__ = [
    "FIELDS",
    "TOOLS",
    "FieldSpec",
    "ToolInputError",
    "ToolSpec",
    "allowed_text",
    "field_bounds",
    "get_spec",
    "node_at",
    "problems_from",
    "reason_text",
    "run_tool",
    "tool_of_field",
    "validate_input",
]

TOOLS: dict[str, ToolSpec] = {
    s.name: s
    for s in (
        ASSESS_PARTNER,
        AUDIENCE_MATCH,
        COUNTER_OFFER,
        PERFORMANCE_BET,
        INCENTIVE_TIER,
        RISK_CHECK,
        RANK_PARTNERS,
        ALLOCATE_LEADS,
    )
}
for _spec in TOOLS.values():
    _spec.check()

FIELDS: dict[str, FieldSpec] = {f.name: f for s in TOOLS.values() for f in s.fields}
"""Every input a question can fill, by name, in the order the tools list them."""
_TOOL_OF_FIELD = {f.name: s.name for s in TOOLS.values() for f in s.fields}
_REASONS = {code: text for s in TOOLS.values() for code, text in s.reason_texts.items()}
if len(_REASONS) != sum(len(s.reason_texts) for s in TOOLS.values()):
    raise ValueError("two tools declare the same reason code")
if len(FIELDS) != len(_TOOL_OF_FIELD) or len(FIELDS) != sum(len(s.fields) for s in TOOLS.values()):
    raise ValueError("two tools declare the same chat field")


def get_spec(name: str) -> ToolSpec:
    """The spec of a tool; an unknown name raises KeyError listing the known ones."""
    try:
        return TOOLS[name]
    except KeyError:
        raise KeyError(f"unknown tool {name!r}; known tools: {', '.join(TOOLS)}") from None


def tool_of_field(field: str) -> str | None:
    """The tool whose input a chat field is (each field belongs to one tool)."""
    return _TOOL_OF_FIELD.get(field)


def reason_text(code: str) -> tuple[str, str] | None:
    """The (zh, en) sentence template of a reason code, from the tool that emits it."""
    return _REASONS.get(code)


def field_bounds(tool: str, field: str) -> tuple[float | None, float | None]:
    """The lowest and highest value an input accepts, read from the tool's input model."""
    schema = get_spec(tool).input_model.model_json_schema()
    node = node_at(schema, (field,)) or {}
    if node.get("type") == "array":
        node = node_at(schema, (field, 0)) or {}
    lo = node.get("minimum", node.get("exclusiveMinimum"))
    hi = node.get("maximum", node.get("exclusiveMaximum"))
    return lo, hi


def validate_input(name: str, payload: Any) -> Any:
    """Validate a payload against a tool's input model, raising ToolInputError on any problem."""
    from pydantic import ValidationError

    spec = get_spec(name)
    if not isinstance(payload, dict):
        problem = {"field": "", "message": "the input must be a JSON object", "allowed": "an object"}
        raise ToolInputError(name, [problem])
    try:
        return spec.input_model.model_validate(payload)
    except ValidationError as exc:
        raise ToolInputError(name, problems_from(spec.input_model, exc)) from exc


def run_tool(name: str, payload: dict[str, Any], defaults: ToolDefaults) -> dict[str, Any]:
    """Validate a payload, run the named tool with the given defaults (the knowledge folder's settings) and
    return its output as a JSON-ready dict. Raises KeyError for an unknown tool, ToolInputError for an
    invalid payload."""
    spec = get_spec(name)
    inp = validate_input(name, payload)
    out = spec.func(inp, defaults)
    return out.model_dump(mode="json")
