"""The labelled question set (labelled.jsonl, written by scripts/make_labelled_questions.py) and an honest
evaluation of a slot extractor on it: per-field precision/recall/F1, micro F1, and the numbers left unused.

Each row: {"id", "q", "lang", "intent", "tool" (or null), "family", "split" ("train" | "unseen"), "numbers",
optional "history" (earlier user turns)}. Each number: {"text" (as written in q, with its notation: "65%",
"1:3.5", "52w", "七成五"), "start" (offset in q), "field" (a tool input, or "none": a date, a count of weeks,
an ordinal, a threshold asked about, a phone number...), "value" (normalised: percentages 0-100, ROI as the x
of 1:x, money in yuan)}. Table cells pasted into a question carry table fields ("ours"/"theirs" for two
audience distributions, "partners.<dimension>", "outlets.conversion_pct", "outlets.rating").
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.intents import INTENT_NAMES
from assistant.tools.defaults import RADAR_AXES, RANK_DIMENSIONS
from assistant.tools.registry import TOOLS
from assistant.understanding.numbers import find_numbers
from assistant.understanding.roles import FIELD_KIND
from assistant.understanding.slots import follow_up_slots, merge_slots

__all__ = [
    "DEFAULT_PATH",
    "FRESH_PATH",
    "NONE",
    "SLOT_FIELDS",
    "TABLE_FIELDS",
    "FieldScore",
    "Report",
    "evaluate",
    "flatten",
    "known_fields",
    "load",
    "read_in_context",
    "row_problems",
]

DEFAULT_PATH = Path(__file__).resolve().with_name("labelled.jsonl")
FRESH_PATH = Path(__file__).resolve().with_name("labelled_fresh.jsonl")
"""A held-out set written apart from the code and from labelled.jsonl's families, by an author who saw
neither, after the readers were built: split "fresh". Nothing is trained or tuned on it; it is the honest
check that a gain on the unseen split (which development has looked at) carries to new phrasings."""
NONE = "none"
PLANNED_FIELDS: tuple[str, ...] = ()  # fields labelled before the registry has them (fixed_fee now has)
SLOT_FIELDS: tuple[str, ...] = (
    *(f for f in FIELD_KIND if f != "radar"),
    *(f"radar.{axis}" for axis in RADAR_AXES),
    *PLANNED_FIELDS,
)
"""The fields a slot extractor fills from running text (the radar dict flattened per axis)."""
TABLE_FIELDS: tuple[str, ...] = (
    "ours",
    "theirs",
    *(f"partners.{d}" for d in RANK_DIMENSIONS),
    "outlets.conversion_pct",
    "outlets.rating",
)
"""Cells of a table or distribution pasted into a question (tool inputs the slot extractor does not read)."""
_DIGIT = re.compile(r"[0-9０-９]")
_KEYS = {"id", "q", "lang", "intent", "tool", "family", "split", "numbers"}
Extract = Callable[[str], Mapping[str, Any]]


def known_fields() -> frozenset[str]:
    return frozenset((*SLOT_FIELDS, *TABLE_FIELDS, NONE))


def load(path: Path | str | None = None) -> list[dict[str, Any]]:
    """The rows of the labelled set (by default the one next to this module)."""
    text = Path(path or DEFAULT_PATH).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def row_problems(row: Mapping[str, Any]) -> list[str]:
    """What is wrong with one row (empty when it is well formed): keys, offsets, field names, values, and every
    digit of the question inside a labelled number."""
    out: list[str] = []
    missing = _KEYS - set(row)
    if missing:
        return [f"missing keys {sorted(missing)}"]
    q, known = row["q"], known_fields()
    if row["lang"] not in ("zh", "en"):
        out.append(f"lang {row['lang']!r}")
    if row["split"] not in ("train", "unseen", "fresh"):
        out.append(f"split {row['split']!r}")
    if row["intent"] not in INTENT_NAMES:
        out.append(f"intent {row['intent']!r}")
    if row["tool"] is not None and row["tool"] not in TOOLS:
        out.append(f"tool {row['tool']!r}")
    covered = [False] * len(q)
    for n in row["numbers"]:
        start, text = n.get("start"), n.get("text")
        if not isinstance(start, int) or not isinstance(text, str) or q[start : start + len(text)] != text:
            out.append(f"number {n!r} does not match the text at its offset")
            continue
        if n.get("field") not in known:
            out.append(f"unknown field {n.get('field')!r}")
        if not isinstance(n.get("value"), int | float) or isinstance(n.get("value"), bool):
            out.append(f"value of {text!r} is not a number")
        for i in range(start, start + len(text)):
            if covered[i]:
                out.append(f"number {text!r} overlaps another")
                break
            covered[i] = True
    loose = [m.group() for m in _DIGIT.finditer(q) if not covered[m.start()]]
    if loose:
        out.append(f"digits outside every labelled number: {loose}")
    if "history" in row and not (
        isinstance(row["history"], list) and all(isinstance(h, str) for h in row["history"])
    ):
        out.append("history is not a list of strings")
    return out


# ---------------------------------------------------------------- evaluation


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, list | tuple):
        return [float(v) for v in value if isinstance(v, int | float) and not isinstance(v, bool)]
    if isinstance(value, Mapping):
        return _numbers(list(value.values()))
    return []


def flatten(slots: Mapping[str, Any]) -> dict[str, list[float]]:
    """Predicted values per labelled field name: the radar dict per axis, table rows per column."""
    out: dict[str, list[float]] = {}
    for name, value in (slots or {}).items():
        if name == "radar" and isinstance(value, Mapping):
            for axis, v in value.items():
                out.setdefault(f"radar.{axis}", []).extend(_numbers(v))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for item in value:
                for key, v in item.items():
                    if key != "name":
                        out.setdefault(f"{name}.{key}", []).extend(_numbers(v))
        else:
            out.setdefault(name, []).extend(_numbers(value))
    return {k: v for k, v in out.items() if v}


def read_in_context(extract: Extract, row: Mapping[str, Any]) -> Mapping[str, Any]:
    """The extractor's slots for a question read after its history (a bare ROI after a guarantee is the
    actual ROI): only the question's own numbers, which are what the row labels."""
    own = extract(row["q"])
    if not row.get("history"):
        return own
    previous: dict[str, Any] = {}
    for turn in row["history"]:
        previous = merge_slots(previous, dict(extract(turn)))
    return follow_up_slots(previous, dict(own))


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: FieldScore) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Report:
    """Scores of one extractor on some rows."""

    rows: int = 0
    fields: dict[str, FieldScore] = field(default_factory=dict)
    none_support: int = 0  # numbers labelled "none"
    none_predicted: int = 0  # of those, how many the extractor put into some field (false positives)
    gold_numbers: int = 0  # numbers labelled with a field
    gold_slot_numbers: int = 0  # of those, numbers of a slot field (not a table cell)
    unused: list[dict[str, Any]] = field(default_factory=list)  # per question: labelled numbers not used
    misplaced: int = 0  # labelled numbers whose value was used, but not in their field

    def micro(self, names: Iterable[str] | None = None) -> FieldScore:
        total = FieldScore()
        wanted = set(names) if names is not None else None
        for name, score in self.fields.items():
            if wanted is None or name in wanted:
                total.add(score)
        return total

    def unused_count(self, names: Iterable[str] | None = None) -> int:
        wanted = set(names) if names is not None else None
        return sum(1 for u in self.unused for n in u["numbers"] if wanted is None or n["field"] in wanted)

    def worst(self, n: int = 10, names: Iterable[str] | None = None) -> list[tuple[str, FieldScore]]:
        wanted = set(names) if names is not None else None
        scored = [(k, s) for k, s in self.fields.items() if s.support and (wanted is None or k in wanted)]
        return sorted(scored, key=lambda kv: (kv[1].f1, -kv[1].support, kv[0]))[:n]

    def table(self) -> str:
        """Field, support, false positives, P, R, F1 (worst first), then the none row and the micro scores."""
        lines = [f"{'field':<28}{'support':>8}{'fp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
        order = sorted(self.fields.items(), key=lambda kv: (kv[1].f1, -kv[1].support, kv[0]))
        for name, s in order:
            lines.append(f"{name:<28}{s.support:>8}{s.fp:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
        lines.append(
            f"{'none (hard negatives)':<28}{self.none_support:>8}{self.none_predicted:>6}"
            f"{'':>8}{'':>8}{'':>8}  ({self.none_predicted} read as a field)"
        )
        for label, names in (("micro, slot fields", SLOT_FIELDS), ("micro, all fields", None)):
            s = self.micro(names)
            lines.append(f"{label:<28}{s.support:>8}{s.fp:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
        lines.append(
            f"unused numbers: {self.unused_count(SLOT_FIELDS)} of {self.gold_slot_numbers} slot-field numbers, "
            f"{self.unused_count()} of {self.gold_numbers} with table cells ({len(self.unused)} of {self.rows} "
            f"questions); misplaced (value used, not in its field): {self.misplaced}"
        )
        return "\n".join(lines)


def _match(gold: list[float], pred: list[float]) -> tuple[int, list[float]]:
    """Multiset match by value: the number matched and the predicted values left over."""
    left = list(pred)
    hits = 0
    for g in gold:
        for i, p in enumerate(left):
            if _close(g, p):
                hits += 1
                del left[i]
                break
    return hits, left


def evaluate(
    extract: Extract,
    rows: Iterable[Mapping[str, Any]],
    in_context: Callable[[Extract, Mapping[str, Any]], Mapping[str, Any]] = read_in_context,
) -> Report:
    """Score `extract(text) -> {field: value or [values]}` on labelled rows.

    A labelled number is a true positive when its field holds its value (list fields compare as multisets,
    values within a relative 1e-6). A predicted value no labelled number of its field accounts for is a
    false positive; a "none" number the extractor put in any field is counted among those (`none_predicted`).
    A labelled number whose value appears in no predicted field at all is "unused".
    """
    report = Report()
    for row in rows:
        report.rows += 1
        pred = flatten(in_context(extract, row))
        gold: dict[str, list[float]] = {}
        for n in row["numbers"]:
            if n["field"] != NONE:
                gold.setdefault(n["field"], []).append(float(n["value"]))
        report.gold_numbers += sum(len(v) for v in gold.values())
        report.gold_slot_numbers += sum(len(v) for k, v in gold.items() if k in SLOT_FIELDS)
        leftovers: list[float] = []
        for name in sorted(set(gold) | set(pred)):
            hits, left = _match(gold.get(name, []), pred.get(name, []))
            score = report.fields.setdefault(name, FieldScore())
            score.tp += hits
            score.fn += len(gold.get(name, [])) - hits
            score.fp += len(left)
            leftovers.extend(left)
        _attribute_none(row, leftovers, report)
        everything = [v for vs in pred.values() for v in vs]
        unused = []
        for n in row["numbers"]:
            if n["field"] == NONE:
                continue
            if not any(_close(float(n["value"]), v) for v in everything):
                unused.append(dict(n))
            elif not any(_close(float(n["value"]), v) for v in pred.get(n["field"], [])):
                report.misplaced += 1
        if unused:
            report.unused.append({"id": row["id"], "q": row["q"], "numbers": unused})
    return report


def _attribute_none(row: Mapping[str, Any], leftovers: list[float], report: Report) -> None:
    """Count the "none" numbers that reached a field: by the labelled value or the value a number reader
    sees at that place ("10:30" read as a ratio)."""
    nones = [n for n in row["numbers"] if n["field"] == NONE]
    report.none_support += len(nones)
    if not nones or not leftovers:
        return
    seen = find_numbers(row["q"])
    for n in nones:
        start, end = n["start"], n["start"] + len(n["text"])
        values = [float(n["value"])] + [m.value for m in seen if m.span[0] < end and start < m.span[1]]
        for i, v in enumerate(leftovers):
            if any(_close(v, c) for c in values):
                report.none_predicted += 1
                del leftovers[i]
                break
