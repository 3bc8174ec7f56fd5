"""The number guard: every number a model states must come from a tool output, a passage or the user."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.understanding.numbers import NumberMatch, find_numbers

HOLD = 14  # characters held back while streaming: enough for any unit after a number ("0.5 million")
REL_CAP = 0.02  # rounding to the shown precision is accepted, but never by more than 2% of the value
_DIGITS = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_ORDINAL_WORDS = r"tier|step|stage|phase|level|round|option|move|no\.|#"
# Digits that are not quantities: list markers ("1." "2)" "3、"), (1), ①, 第3, step 2, 3rd, ids (S-0001, PB-01)
_NOT_QUANTITIES = [
    re.compile(r"(?m)^[ \t>]*(?:[-*+][ \t]+)?\(?[0-9]{1,2}[.)、．](?![0-9])"),
    re.compile(r"[(（][0-9]{1,2}[)）]"),
    re.compile(r"[\u2460-\u2473\u2776-\u277f]"),
    re.compile(r"第\s?[0-9]+"),
    re.compile(rf"(?i)(?<![A-Za-z])(?:{_ORDINAL_WORDS})\s?[0-9]+(?![0-9]|\.[0-9])"),
    re.compile(r"(?i)(?<![A-Za-z0-9])[0-9]+(?:st|nd|rd|th)(?![A-Za-z])"),
    re.compile(r"(?<![A-Za-z0-9-])[A-Z][A-Z0-9]{0,5}-[0-9][A-Za-z0-9-]*"),
]


def _id_pattern(rid: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9-]){re.escape(rid)}(?![A-Za-z0-9-])")


def _mask(text: str, ids: Iterable[str]) -> str:
    """Blank out what looks like a number but is not a quantity (ids, list markers, ordinals); same length."""
    spans: list[tuple[int, int]] = []
    for rid in ids:
        if rid and rid in text and any(c.isdigit() for c in rid):
            spans += [m.span() for m in _id_pattern(rid).finditer(text)]
    for rx in _NOT_QUANTITIES:
        spans += [m.span() for m in rx.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def claimed_numbers(text: str, ids: Iterable[str] = ()) -> list[NumberMatch]:
    """The numbers of a text that need support: not ids or ordinals, not small counts written as words."""
    found = []
    for m in find_numbers(_mask(text, ids)):
        small = m.value == int(m.value) and 0 <= m.value <= 10
        if not any(c.isdigit() for c in m.text) and (small or (m.value == 50 and m.unit == "pct")):
            continue  # 两周, three moves, 一半: prose, not figures
        found.append(NumberMatch(m.value, m.unit, m.span, text[slice(*m.span)].strip(), m.time_unit))
    return found


def _tolerance(m: NumberMatch) -> float:
    """Half a unit of the precision the number is shown with (51.2万 → 500), capped at REL_CAP of it."""
    value = abs(m.value)
    eps = 1e-9 * max(1.0, value)
    runs = _DIGITS.findall(m.text)
    if not runs:
        return eps
    shown = runs[-1] if m.unit == "ratio" else runs[0]
    mantissa = float(shown.replace(",", ""))
    decimals = len(shown.split(".", 1)[1]) if "." in shown else 0
    scale = value / mantissa if mantissa and m.unit not in ("ratio", "pct") else 1.0
    return min(0.5 * 10**-decimals * scale, REL_CAP * value) + eps


@dataclass
class Evidence:
    """Everything a stated number may rest on: tool outputs, retrieved passages, the user's messages."""

    values: set[float] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        if not text:
            return
        self.values.update(abs(m.value) for m in find_numbers(text))
        self.values.update(float(r.replace(",", "")) for r in _DIGITS.findall(text))

    def add_data(self, obj: Any) -> None:
        """Numbers and texts of a JSON-like value (a tool output), recursively."""
        if isinstance(obj, bool) or obj is None:
            return
        if isinstance(obj, int | float):
            self.values.add(abs(float(obj)))
        elif isinstance(obj, str):
            self.add_text(obj)
        elif isinstance(obj, dict):
            for key, value in obj.items():
                self.add_text(str(key))
                self.add_data(value)
        elif isinstance(obj, list | tuple):
            for value in obj:
                self.add_data(value)

    def add_tool_content(self, content: str) -> None:
        """A tool message's content: JSON when the tool succeeded, an error text otherwise."""
        try:
            self.add_data(json.loads(content))
        except (TypeError, ValueError):
            self.add_text(content)

    def add_passage(self, hit: dict[str, Any]) -> None:
        self.ids.add(str(hit.get("id", "")))
        self.add_text(str(hit.get("title", "")))
        self.add_text(str(hit.get("text", "")))

    def supports(self, m: NumberMatch) -> bool:
        value, tol = abs(m.value), _tolerance(m)
        for s in self.values:
            candidates = [s]
            if m.unit == "pct" and s <= 1:
                candidates.append(s * 100)  # a 0.30 drop stated as 30%
            if m.unit != "pct" and value <= 1:
                candidates.append(s / 100)  # 25% stated as 0.25
            if any(abs(value - c) <= tol for c in candidates):
                return True
        return False


def unsupported_numbers(text: str, evidence: Evidence) -> list[str]:
    """The numbers of `text` (as written) that no evidence supports, each once, in order."""
    out: list[str] = []
    for m in claimed_numbers(text, evidence.ids):
        if not evidence.supports(m) and m.text not in out:
            out.append(m.text)
    return out


class StreamGuard:
    """Releases streamed text only once every complete number in it is supported; stops at the first
    unsupported one (so a user never sees it), keeping the rest for the final check."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.buffer = ""
        self.released = 0
        self.tripped: list[str] = []

    def feed(self, chunk: str) -> str:
        """Add streamed text; return the part that is now safe to show ('' while holding or tripped)."""
        self.buffer += chunk
        if self.tripped:
            return ""
        safe = len(self.buffer) - HOLD
        for m in claimed_numbers(self.buffer, self.evidence.ids):
            if m.span[1] > safe:
                safe = min(safe, m.span[0])  # the number may still grow ("50" → "50万")
                break
            if not self.evidence.supports(m):
                self.tripped = [m.text]
                return ""
        return self._release(safe)

    def finish(self) -> str:
        """The end of one model message: check everything and return the rest ('' when tripped)."""
        if not self.tripped:
            self.tripped = unsupported_numbers(self.buffer, self.evidence)
        return "" if self.tripped else self._release(len(self.buffer))

    def _release(self, upto: int) -> str:
        if upto <= self.released:
            return ""
        out, self.released = self.buffer[self.released : upto], upto
        return out
