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


def features(text: str, reading: Reading, rank: tuple[int, int], flags: dict[str, bool]) -> list[int]:
    """Hashed feature indices of one number: its context, unit, size, order among numbers of its unit, the
    rules' field and the question-wide switches."""
    norm = normalize(text).lower()
    s, e = reading.match.span
    left, right = norm[max(0, s - LEFT) : s], norm[e : e + RIGHT]
    near_left, near_right = left[-5:], right[:5]
    m = reading.match
    value = abs(float(m.value))
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
        f"mag:{min(int(math.log10(value)), 20) if 1 <= value < math.inf else -1 if value < 1 else 'inf'}",
        f"int:{float(m.value).is_integer()}",
        f"rank:{min(rank[0], 3)}",
        f"last:{rank[0] == rank[1] - 1}",
        f"count:{min(rank[1], 4)}",
        f"text:{m.text.strip().lower()[-2:]}",
        *(f"flag:{k}" for k, v in flags.items() if v),
        *(f"flag_unit:{k}:{m.unit}" for k, v in flags.items() if v),
        "bias",
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


def feature_rows(text: str, items: list[Reading]) -> list[list[int]]:
    from assistant.understanding.slots import context_flags

    flags = context_flags(text)
    by_unit: dict[str | None, list[int]] = {}
    for i, r in enumerate(items):
        by_unit.setdefault(r.match.unit, []).append(i)
    rows = []
    for i, r in enumerate(items):
        same = by_unit[r.match.unit]
        rows.append(features(text, r, (same.index(i), len(same)), flags))
    return rows


def assign(items: list[Reading], probs: np.ndarray, classes: tuple[str, ...]) -> dict[int, str]:
    """One field per number, distinct for scalar fields (a series field may take several), the surest
    pairs first: {index of the number: field}. Numbers the model reads as none are left out."""
    from assistant.understanding.roles import LIST_FIELDS

    pairs = sorted(
        ((float(probs[i, c]), i, classes[c]) for i in range(len(items)) for c in range(len(classes))),
        reverse=True,
    )
    taken: set[str] = set()
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


def refine(text: str, slots: dict[str, Any]) -> dict[str, Any]:
    """The rules' slots, completed with the numbers they left unread where the model is sure."""
    model = load_model()
    if model is None or not isinstance(text, str) or not text.strip():
        return slots
    items = readings(text, slots)
    if not items:
        return slots
    probs = model.probabilities(feature_rows(text, items))
    cls = {c: j for j, c in enumerate(model.classes)}
    chosen = assign(items, probs, model.classes)
    out = {
        k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
        for k, v in slots.items()
    }
    tools = {tool_of_field(f.split(".", 1)[0]) for f in slots}  # the tools the rules already read numbers for
    for i, field in sorted(chosen.items()):
        r, p = items[i], probs[i]
        if r.rule_field is not None or r.kind != "data" or p[cls[field]] < FILL_AT:
            continue
        if not math.isfinite(r.match.value):
            continue  # an overflowing number is the tools' to refuse, not the model's to place
        if tool_of_field(field.split(".", 1)[0]) in tools and _free(out, field):
            _put(out, field, r.match.value)
    if "actual_roi" in out and "roi" in out and "promised_roi" not in out and "actual_roi" not in slots:
        from assistant.understanding.slots import context_flags

        if context_flags(text)["guarantee"]:  # the same role rule as the cue reading's: ROI 4 was the promise
            out["promised_roi"] = out.pop("roi")
    from assistant.understanding.roles import FIELD_KIND

    order = [*FIELD_KIND, *(k for k in out if k not in FIELD_KIND)]
    return {k: out[k] for k in order if k in out}


def _free(slots: dict[str, Any], field: str) -> bool:
    from assistant.understanding.roles import LIST_FIELDS

    if field.startswith("radar."):
        return field.split(".", 1)[1] not in (slots.get("radar") or {})
    return field in LIST_FIELDS or field not in slots
