"""Readable validation errors of the tool inputs: each bad field, what is wrong and what is allowed."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.limits import echo


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
                message += f", got {echo(repr(err.get('input')))}"  # a 5 MB value is not shown back whole
            allowed = allowed_text(node_at(schema, loc), schema)
        problems.append({"field": field, "message": message, "allowed": allowed})
    return problems
