"""Which input a number fills, learned from labelled questions (understanding/labelled.jsonl): a softmax
classifier over each number's context (hashed character n-grams around it, its unit and order) with the cue
rules' own reading as features, then a joint assignment so one question's numbers fill distinct fields.
Trained by scripts/train_number_roles.py; deterministic and offline. The cue rules stay the first reading:
the model fills a number they left unread, when it is sure and the field belongs to a tool whose numbers
the question already gives (it never replaces a rule's reading)."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.tools.registry import tool_of_field
from assistant.understanding.numbers import NumberMatch, normalize

MODEL_PATH = Path(__file__).resolve().parent / "number_roles.npz"
DIM = 1 << 13
NONE = "none"
LEFT, RIGHT = 14, 10  # characters of context read on each side of a number
FILL_AT = 0.6  # a number the rules left unread fills the model's field when the model is this sure. On train
# families held out from fitting, slot F1 is flat from 0.3 (0.961) to 0.6 (0.960): the surer bar is kept, since
# a wrong fill is a silently wrong verdict and an unfilled number is named back to the user.


# The same bar for the reading after routing, into a tool the first reading gave nothing to.
INTENT_FILL_AT = 0.6
# A number may also go into a tool the first reading already gave numbers to (those numbers stay where they are).
# By 4-fold cross-validation over the train families (scripts/train_number_roles.py --cv), held-out slot F1 is 0.943
# at a bar of 0.6-0.7, 0.942 at 0.8-0.9 and 0.939 when such numbers are never filled. The surest bar of that range
# is kept: at 0.7, "35% of our buyers are repeat customers" beside a 20% commission became the industry average,
# a silently wrong verdict.
READ_TOOL_FILL_AT = 0.9
# After routing, the model's belief that a number is no input at all counts this much against the intent's fields:
# a number the user gave to a question about a tool is seldom idle. By the same cross-validation, held-out slot F1
# at a bar of 0.9 is 0.935 at a weight of 1, 0.937 at 0.3, 0.936 at 0.2 and 0.935 at 0.05; precision falls
# below 0.3 (0.943 → 0.937), so 0.3 is kept.
NONE_WEIGHT = 0.3


def _h(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % DIM


def _ngrams(prefix: str, text: str, sizes: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    out = []
    for n in sizes:
        out += [f"{prefix}{n}:{text[i : i + n]}" for i in range(max(len(text) - n + 1, 0))]
    return out


def _words(prefix: str, text: str) -> list[str]:
    return [f"{prefix}w:{w}" for w in "".join(c if c.isalnum() else " " for c in text.lower()).split()]


@dataclass(frozen=True)
class Reading:
    """One number of a question as the features see it."""

    match: NumberMatch
    kind: str  # number_readings' kind: data, rule, bound
    rule_field: str | None  # the field the cue rules gave it, if any


def features(
    text: str, reading: Reading, rank: tuple[int, int], flags: dict[str, bool], tools: tuple[str, ...] = ()
) -> list[int]:
    """Hashed feature indices of one number: its context, unit, size, order among numbers of its unit, the
    rules' field, the question-wide switches and, once the question is routed, the tools of its intent (with
    them, a number's unit and order say much more: the second of three percentages in a commission question)."""
    norm = normalize(text).lower()
    s, e = reading.match.span
    left, right = norm[max(0, s - LEFT) : s], norm[e : e + RIGHT]
    near_left, near_right = left[-5:], right[:5]
    m = reading.match
    value = abs(float(m.value))
    mag = min(int(math.log10(value)), 20) if 1 <= value < math.inf else -1 if value < 1 else "inf"
    tokens = [
        *_ngrams("L", left),
        *_ngrams("R", right),
        *_ngrams("NL", near_left, (1, 2)),
        *_ngrams("NR", near_right, (1, 2)),
        *_words("L", left),
        *_words("R", right),
        f"unit:{m.unit}",
        f"kind:{reading.kind}",
        f"rule:{reading.rule_field}",
        f"rule_unit:{reading.rule_field}:{m.unit}",
        f"mag:{mag}",
        f"int:{float(m.value).is_integer()}",
        f"rank:{min(rank[0], 3)}",
        f"last:{rank[0] == rank[1] - 1}",
        f"count:{min(rank[1], 4)}",
        f"text:{m.text.strip().lower()[-2:]}",
        *(f"flag:{k}" for k, v in flags.items() if v),
        *(f"flag_unit:{k}:{m.unit}" for k, v in flags.items() if v),
        "bias",
    ]
    for t in tools:
        tokens += [
            f"tool:{t}",
            f"tool_unit:{t}:{m.unit}",
            f"tool_rank:{t}:{m.unit}:{min(rank[0], 3)}",
            f"tool_last:{t}:{m.unit}:{rank[0] == rank[1] - 1}",
            f"tool_count:{t}:{m.unit}:{min(rank[1], 4)}",
            f"tool_rule:{t}:{reading.rule_field}",
            f"tool_mag:{t}:{m.unit}:{mag}",
        ]
    return sorted({_h(t) for t in tokens})


@dataclass(frozen=True)
class Model:
    weights: np.ndarray  # DIM x classes, over the hashed features
    classes: tuple[str, ...]

    def probabilities(self, rows: list[list[int]]) -> np.ndarray:
        logits = np.stack([self.weights[idx].sum(axis=0) for idx in rows]) if rows else np.zeros((0, 1))
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


def training_fingerprint() -> str:
    """What the shipped model was trained from: the labelled questions and this module's features."""
    import hashlib

    from assistant.understanding.labelled import DEFAULT_PATH

    digest = hashlib.sha256(DEFAULT_PATH.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


@cache
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The trained model, or None when the file is missing (the rules then read alone)."""
    if not path.is_file():
        return None
    data = np.load(path, allow_pickle=False)
    return Model(data["weights"].astype(np.float32), tuple(str(c) for c in data["classes"]))


def readings(text: str, slots: dict[str, Any]) -> list[Reading]:
    """The numbers a question gives as data (not periods, labels, or pasted table cells), each with the field
    the rules' slots gave it."""
    from assistant.understanding.accounting import account
    from assistant.understanding.slots import number_readings

    fields = {u.start: u.field for u in account(text, slots) if u.role == "input"}
    return [
        Reading(m, kind, fields.get(m.span[0]))
        for m, kind in number_readings(text)
        if kind in ("data", "rule", "bound")
    ]


def feature_rows(text: str, items: list[Reading], tools: tuple[str, ...] = ()) -> list[list[int]]:
    from assistant.understanding.slots import context_flags

    flags = context_flags(text)
    by_unit: dict[str | None, list[int]] = {}
    for i, r in enumerate(items):
        by_unit.setdefault(r.match.unit, []).append(i)
    rows = []
    for i, r in enumerate(items):
        same = by_unit[r.match.unit]
        rows.append(features(text, r, (same.index(i), len(same)), flags, tools))
    return rows


def assign(
    items: list[Reading], probs: np.ndarray, classes: tuple[str, ...], taken: set[str] | None = None
) -> dict[int, str]:
    """One field per number, distinct for scalar fields (a series field may take several) and apart from the
    scalar fields already `taken`, the surest pairs first: {index of the number: field}. Numbers the model
    reads as none are left out."""
    from assistant.understanding.roles import LIST_FIELDS

    pairs = sorted(
        ((float(probs[i, c]), i, classes[c]) for i in range(len(items)) for c in range(len(classes))),
        reverse=True,
    )
    taken = set(taken or ())
    out: dict[int, str] = {}
    for p, i, field in pairs:
        if i in out or field == NONE or p < 0.05:
            continue
        scalar = field not in LIST_FIELDS
        if scalar and field in taken:
            continue
        out[i] = field
        taken.add(field)
    return out


def _put(slots: dict[str, Any], field: str, value: float) -> None:
    from assistant.understanding.roles import INT_FIELDS, LIST_FIELDS

    if field.startswith("radar."):
        slots.setdefault("radar", {})[field.split(".", 1)[1]] = float(value)
    elif field in LIST_FIELDS:
        slots.setdefault(field, [])
        if isinstance(slots[field], list):
            slots[field].append(float(value))
    else:
        slots[field] = int(value) if field in INT_FIELDS and float(value).is_integer() else float(value)


def refine(text: str, slots: dict[str, Any], model: Model | None = None) -> dict[str, Any]:
    """The rules' slots, completed with the numbers they left unread where the model is sure."""
    model = model or load_model()
    if model is None or not isinstance(text, str) or not text.strip():
        return slots
    items = readings(text, slots)
    if not items:
        return slots
    probs = model.probabilities(feature_rows(text, items))
    cls = {c: j for j, c in enumerate(model.classes)}
    chosen = assign(items, probs, model.classes)
    out = _copy(slots)
    tools = {tool_of_field(f.split(".", 1)[0]) for f in slots}  # the tools the rules already read numbers for
    for i, field in sorted(chosen.items()):
        r, p = items[i], probs[i]
        if r.rule_field is not None or r.kind != "data" or p[cls[field]] < FILL_AT:
            continue
        if not math.isfinite(r.match.value):
            continue  # an overflowing number is the tools' to refuse, not the model's to place
        if tool_of_field(field.split(".", 1)[0]) in tools and _free(out, field):
            _put(out, field, r.match.value)
    return _finish(text, slots, out)


def _finish(text: str, slots: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    """The guarantee role rule, then the fields in their registry order."""
    if "actual_roi" in out and "roi" in out and "promised_roi" not in out and "actual_roi" not in slots:
        from assistant.understanding.slots import context_flags

        if context_flags(text)["guarantee"]:  # the same role rule as the cue reading's: ROI 4 was the promise
            out["promised_roi"] = out.pop("roi")
    from assistant.understanding.roles import FIELD_KIND

    order = [*FIELD_KIND, *(k for k in out if k not in FIELD_KIND)]
    return {k: out[k] for k in order if k in out}


def _copy(slots: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
        for k, v in slots.items()
    }


def _tool_of_class(name: str) -> str | None:
    return tool_of_field(name.split(".", 1)[0])


def refine_for_intent(
    text: str,
    slots: dict[str, Any],
    tools: tuple[str, ...],
    model: Model | None = None,
    read_tool_bar: float = READ_TOOL_FILL_AT,
    none_weight: float = NONE_WEIGHT,
) -> dict[str, Any]:
    """After routing: the numbers the reading left unread, or read into a field no tool of the intent takes,
    go to the free fields of the intent's `tools` where the model, told those tools, is sure: INTENT_FILL_AT for a
    tool the first reading gave no number, `read_tool_bar` for one it did (above 1: never). Numbers already read
    into the intent's fields stay as they are; what stays unread is named back to the user. The model's belief that
    a number is no input counts `none_weight` against those fields."""
    model = model or load_model()
    if model is None or not tools or not isinstance(text, str) or not text.strip():
        return slots
    from assistant.understanding.roles import LIST_FIELDS

    read = {_tool_of_class(f) for f in slots}
    fillable = tuple(t for t in tools if t not in read or read_tool_bar <= 1)
    items = readings(text, slots)
    allowed = [j for j, c in enumerate(model.classes) if c == NONE or _tool_of_class(c) in fillable]
    if not items or len(allowed) < 2:
        return slots
    probs = np.zeros((len(items), len(model.classes)), dtype=np.float32)
    probs[:, allowed] = model.probabilities(feature_rows(text, items, tools))[:, allowed]
    probs[:, model.classes.index(NONE)] *= none_weight
    probs /= probs.sum(axis=1, keepdims=True)
    open_items = {
        i
        for i, r in enumerate(items)
        if r.kind == "data"
        and math.isfinite(r.match.value)
        and (r.rule_field is None or _tool_of_class(r.rule_field) not in tools)
    }
    out = _copy(slots)
    taken = {f for f in out if f not in LIST_FIELDS and f != "radar" and _tool_of_class(f) in fillable}
    taken |= {f"radar.{axis}" for axis in (out.get("radar") or {})}
    keep = np.array([i in open_items for i in range(len(items))])
    chosen = assign(items, probs * keep[:, None], model.classes, taken)
    cls = {c: j for j, c in enumerate(model.classes)}
    for i, field in sorted(chosen.items()):
        r = items[i]
        bar = read_tool_bar if _tool_of_class(field) in read else INTENT_FILL_AT
        if probs[i, cls[field]] < bar or not _free(out, field):
            continue
        if field in LIST_FIELDS and field in slots:
            continue  # a series the first reading gave is not lengthened with a guess
        if r.rule_field is not None and not _drop(out, r.rule_field, r.match.value):
            continue  # a derived reading (a drop made a series) is not moved
        _put(out, field, r.match.value)
    return _finish(text, slots, out)


def _drop(slots: dict[str, Any], field: str, value: float) -> bool:
    """Take one number off a field it was read into; False when the field does not hold it as such."""
    held = slots.get(field)
    close = lambda v: isinstance(v, int | float) and abs(float(v) - value) <= 1e-9 * max(1.0, abs(value))  # noqa: E731
    if isinstance(held, list):
        if field == "sentiment" or not any(close(v) for v in held):
            return False
        held.remove(next(v for v in held if close(v)))
        if not held:
            del slots[field]
        return True
    if isinstance(held, dict):
        key = next((k for k, v in held.items() if close(v)), None)
        if key is None:
            return False
        del held[key]
        if not held:
            del slots[field]
        return True
    if close(held):
        del slots[field]
        return True
    return False


def _free(slots: dict[str, Any], field: str) -> bool:
    from assistant.understanding.roles import LIST_FIELDS

    if field.startswith("radar."):
        return field.split(".", 1)[1] not in (slots.get("radar") or {})
    return field in LIST_FIELDS or field not in slots
