"""Every number of a question accounted for: used as a tool input, read as a period or a threshold the user
asks about, or not understood, so that it can be named back instead of silently dropped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from assistant.understanding.numbers import NumberMatch
from assistant.understanding.slots import number_readings

Role = Literal["input", "period", "threshold", "unknown"]


@dataclass(frozen=True)
class NumberUse:
    """One number as written in the question and what it was read as."""

    text: str
    value: float
    unit: str | None
    start: int
    role: Role
    field: str | None = None  # the tool input it filled, for role "input"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "value": self.value, "role": self.role}
        if self.unit:
            out["unit"] = self.unit
        if self.field:
            out["field"] = self.field
        return out


def _slot_values(slots: dict[str, Any]) -> Counter[tuple[str, float]]:
    """(field, value) of every number in the slots; a sentiment series made from a stated drop
    ([100, 100 - drop]) counts the drop itself."""
    out: Counter[tuple[str, float]] = Counter()
    for field, value in slots.items():
        if isinstance(value, dict):
            values = [v for v in value.values() if isinstance(v, int | float)]
        elif isinstance(value, list):
            values = [v for v in value if isinstance(v, int | float)]
        else:
            values = [value] if isinstance(value, int | float) and not isinstance(value, bool) else []
        for v in values:
            out[(field, round(float(v), 6))] += 1
        if field == "sentiment" and len(values) == 2 and values[0] == 100:
            out[(field, round(100 - float(values[1]), 6))] += 1
    return out


def account(text: str, slots: dict[str, Any]) -> list[NumberUse]:
    """What each number of `text` was read as, given the slots read from it."""
    remaining = _slot_values(slots)
    by_value: dict[float, list[str]] = {}
    for field, v in remaining:
        by_value.setdefault(v, []).append(field)
    uses: list[NumberUse] = []
    for m, kind in number_readings(text):
        if kind == "label":
            continue  # part of a word ("六项", "top 30"), not a figure the user gave

        def use(role: Role, field: str | None = None, m: NumberMatch = m) -> NumberUse:
            return NumberUse(m.text, m.value, m.unit, m.span[0], role, field)

        if kind in ("pasted", "period"):
            uses.append(use("input", "pasted") if kind == "pasted" else use("period"))
            continue
        value = round(float(m.value), 6)
        found = next((f for f in by_value.get(value, []) if remaining[(f, value)] > 0), None)
        if found is not None:
            remaining[(found, value)] -= 1
            uses.append(use("input", found))
        else:
            uses.append(use("threshold" if kind in ("rule", "bound") else "unknown"))
    return uses


def unused_numbers(text: str, slots: dict[str, Any]) -> list[NumberUse]:
    """The numbers that are no tool input and not read as a period: to be named back to the user."""
    return [u for u in account(text, slots) if u.role in ("threshold", "unknown")]


_UNITS_OF_KIND: dict[str, set[str | None]] = {
    "pct": {"pct"},
    "share": {"pct"},
    "score": {"pct", None},
    "ratio": {"ratio", None},
    "money": {"money", None},
    "count": {"count", None},
    "index": {None},
}


def candidate_fields(use: NumberUse, tools: list[str], slots: dict[str, Any]) -> list[str]:
    """The inputs of these tools a number not understood could be: of its kind, not stated already."""
    from assistant.tools.registry import TOOLS

    out: list[str] = []
    for tool in tools:
        for f in TOOLS[tool].fields:
            if use.unit in _UNITS_OF_KIND.get(f.kind, set()) and f.name not in slots and f.name not in out:
                out.append(f.name)
    return out
