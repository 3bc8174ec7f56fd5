"""Slot extraction: which tool input fields (TOOLS.md names) a question fills: its pasted tables and lists
(understanding.pasted), then the numbers left, by cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.tools.registry import FIELDS
from assistant.understanding import cues as cues
from assistant.understanding.numbers import NumberMatch, find_numbers, normalize
from assistant.understanding.pasted import blank, read_pasted
from assistant.understanding.roles import FIELD_KIND, LIST_FIELDS, SERIES_FIELDS, finish, order_by_time

__all__ = ["FIELD_KIND", "LIST_FIELDS", "SLOT_FIELDS", "extract_slots", "merge_slots"]

SLOT_FIELDS = tuple(FIELDS)
_SERIES = SERIES_FIELDS
_ACCEPT: dict[str, set[str | None]] = {
    "count": {"count", None},
    "pct": {"pct", None},
    "share": {"pct"},
    "drop": {"pct"},
    "ratio": {"ratio", None},
    "money": {"money", None},
    "score": {"pct", None},
    "index": {None},
}
_MAX_LEAD, _MAX_TRAIL, _MAX_SERIES = 8.0, 6.0, 12.0
_HARD = re.compile(r"[。！？!?;；\n]|\.(?:\s|$)")
_SOFT = re.compile(r"[，,、]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_I = re.IGNORECASE


def _rx(pattern: str, english: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])" if english else pattern, _I)


# Each field's own cue words (from its registry entry), then the shared and role cues.
_CUE_ROWS = [((f.name,), *f.cues) for f in FIELDS.values() if f.cues[0] or f.cues[1]] + cues.SHARED_CUES
_CUE_RX = [
    (_rx(p, en), fields)
    for fields, zh, eng in _CUE_ROWS
    for en, pats in ((False, zh), (True, eng))
    for p in pats
]
_DIM_RX = {
    dim: [_rx(p, en) for en, pats in ((False, zh), (True, eng)) for p in pats]
    for dim, (zh, eng) in cues.RADAR_DIMS.items()
}
_DIM_SHORT_RX = {
    dim: [_rx(p, en) for en, pats in ((False, zh), (True, eng)) for p in pats]
    for dim, (zh, eng) in cues.RADAR_SHORT.items()
}
_RADAR_CONTEXT = re.compile(cues.RADAR_CONTEXT, _I)
_CMP_BEFORE = re.compile(cues.COMPARATOR_BEFORE, _I)
_CMP_AFTER = re.compile(cues.COMPARATOR_AFTER, _I)
_STRONG = re.compile(cues.STRONG_FOLLOWER, _I)
_WEAK = re.compile(cues.WEAK_FOLLOWER, _I)
_CONDITION = re.compile(cues.CONDITION_FOLLOWER, _I)
_DELTA = re.compile(cues.DELTA_BEFORE, _I)
_REQUIRE = re.compile(cues.REQUIREMENT_BEFORE, _I)
_BOUND_OK = frozenset({"min_net_margin_pct"})  # "keep at least 10% net margin" is the field's own meaning
_MARKERS = re.compile(cues.RULE_MARKERS, _I)
_FRACTION_BEFORE = re.compile(cues.BENCHMARK_FRACTION_BEFORE, _I)
_FRACTION_AFTER = re.compile(cues.BENCHMARK_FRACTION_AFTER, _I)
_GUARANTEE = re.compile(cues.GUARANTEE_CONTEXT, _I)
_MONTHLY = re.compile(cues.MONTHLY_CONTEXT, _I)
_WEEKLY = re.compile(cues.WEEKLY_CONTEXT, _I)
_COMMISSION = re.compile(cues.COMMISSION_CONTEXT, _I)
_ROI_WORDS = re.compile(cues.ROI_CONTEXT, _I)
_SHARE_WORDS = re.compile(cues.SHARE_CONTEXT, _I)
_ZERO_CASES = re.compile(cues.ZERO_CASES, _I)
_UNLOCK = re.compile(cues.UNLOCK_FOLLOWER, _I)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class _Num:
    m: NumberMatch
    comparator: bool  # "低于40%", "above 60%", "3个以上": a bound, not an exact value
    delta: bool  # "提升70%", "grew 20%": a change, not a level
    condition: bool  # "下降30%时", "才算": part of a condition
    rule: bool  # stated as a rule ("超过60%算合格吗", "is 1:3 the bar?"): not data at all

    @property
    def start(self) -> int:
        return self.m.span[0]

    @property
    def end(self) -> int:
        return self.m.span[1]


def _find_cues(norm: str, table: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> list[_Cue]:
    """Non-overlapping cue occurrences: the longest wins; equal spans merge their candidate fields."""
    found: dict[tuple[int, int], list[str]] = {}
    for rx, fields in table:
        for m in rx.finditer(norm):
            if m.end() > m.start():
                slot = found.setdefault(m.span(), [])
                slot.extend(f for f in fields if f not in slot)
    chosen: list[_Cue] = []
    for (s, e), names in sorted(found.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if all(e <= c.start or s >= c.end for c in chosen):
            chosen.append(_Cue(s, e, tuple(names)))
    return sorted(chosen, key=lambda c: c.start)


def _radar_table(norm: str) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    table: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
        (rx, (f"radar.{dim}",)) for dim, rxs in _DIM_RX.items() for rx in rxs
    ]
    named = sum(any(rx.search(norm) for rx in rxs) for rxs in _DIM_RX.values())
    if named >= 2 or _RADAR_CONTEXT.search(norm):
        table += [(rx, (f"radar.{dim}",)) for dim, rxs in _DIM_SHORT_RX.items() for rx in rxs]
    return table if named or _RADAR_CONTEXT.search(norm) else []


def _classify(norm: str, m: NumberMatch, markers: bool) -> _Num:
    s, e = m.span
    before, after = norm[max(0, s - 14) : s], norm[e : e + 18]
    comparator = bool(_CMP_BEFORE.search(before) or _CMP_AFTER.match(after))
    strong = bool(_STRONG.match(after) or _FRACTION_BEFORE.search(before) or _FRACTION_AFTER.match(after))
    strong = strong or bool(_UNLOCK.match(after) or _REQUIRE.search(before))
    condition = bool(_CONDITION.match(after))
    rule = strong or condition or (comparator and (markers or bool(_WEAK.match(after))))
    return _Num(m, comparator, bool(_DELTA.search(before)), condition, rule)


def _cost(gap: str) -> float:
    cjk = sum(1 for ch in gap if "\u4e00" <= ch <= "\u9fff")
    return cjk + 1.5 * len(_LATIN_WORD.findall(gap))


def _pick(fields: tuple[str, ...], n: _Num, ctx: dict[str, bool]) -> str | None:
    """The first candidate field whose kind accepts this number (context orders the ambiguous pairs)."""
    unit, v = n.m.unit, n.m.value
    order = list(fields)
    if {"industry_avg_pct", "benchmark_roi"} <= set(order) and unit is None:
        prefer_roi = ctx["roi"] and not ctx["commission"] and abs(v) <= 15
        order.sort(key=lambda f: (f != "benchmark_roi") if prefer_roi else (f != "industry_avg_pct"))
    for field in order:
        if field == "demanded_pct~":
            if ctx["share"] and not ctx["commission"]:
                continue
            field = "demanded_pct"
        if field == "outcome":  # "did 600k" is a GMV, "delivered 1:2.4" an ROI, "did 3 pilots" nothing
            big = unit is None and abs(v) >= 1000
            field = "gmv" if unit == "money" or big else ("actual_roi" if unit == "ratio" else "")
            if not field:
                continue
        if field == "actual_roi" and not ctx["guarantee"]:
            field = "roi"  # "ROI came in at 1.5 then 1.8": an outcome verb outside a guarantee
        kind = "drop" if field == "sentiment_drop" else FIELD_KIND.get(field.split(".")[0], "score")
        if unit not in _ACCEPT[kind]:
            continue
        if kind == "ratio" and unit is None and abs(v) > 50:
            continue
        if n.comparator and field not in _BOUND_OK:
            continue  # a bound is not a measurement: the engine asks for the exact value
        if n.delta and field != "sentiment_drop":
            continue
        if field == "sentiment_drop" and ctx["markers"]:
            continue
        return field
    return None


def _gap_ok(norm: str, a: int, b: int, nums: list[_Num], limit: float, soft: bool) -> float | None:
    gap = norm[a:b]
    if _HARD.search(gap) or (not soft and _SOFT.search(gap)):
        return None
    if any(a <= n.start and n.end <= b for n in nums):
        return None
    cost = _cost(gap)
    return cost if cost <= limit else None


def _bind(norm: str, nums: list[_Num], found: list[_Cue], ctx: dict[str, bool]) -> dict[str, list[_Num]]:
    """Greedy: the closest (cue, number) pairs first; one number per scalar field, many per series."""
    pairs: list[tuple[float, int, str, _Num]] = []
    for cue in found:
        for n in nums:
            if cue.end <= n.start:
                cost = _gap_ok(norm, cue.end, n.start, nums, _MAX_LEAD, soft=False)
            elif n.end <= cue.start:
                cost = _gap_ok(norm, n.end, cue.start, nums, _MAX_TRAIL, soft=False)
                cost = None if cost is None else cost + 0.6
            else:
                continue
            field = _pick(cue.fields, n, ctx) if cost is not None else None
            if cost is not None and field is not None:
                pairs.append((cost, n.start, field, n))
    bound: dict[str, list[_Num]] = {}
    taken: set[int] = set()
    for _, _, field, n in sorted(pairs, key=lambda p: (p[0], p[1])):
        scalar = field not in _SERIES
        if n.start in taken or (scalar and field in bound):
            continue
        bound.setdefault(field, []).append(n)
        taken.add(n.start)
    for field in [f for f in bound if f in _SERIES]:
        _extend(norm, field, bound, nums, found, taken, ctx)
    return bound


def _extend(
    norm: str,
    field: str,
    bound: dict[str, list[_Num]],
    nums: list[_Num],
    found: list[_Cue],
    taken: set[int],
    ctx: dict[str, bool],
) -> None:
    """Grow a series over neighbouring numbers of the same kind ("38%和36%", "从100降到了65", "90→70→55")."""
    series = bound[field]
    first_unit = min(series, key=lambda n: n.start).m.unit
    if first_unit == "pct":  # a count between two shares does not break them ("45%，其他两家分别20%和35%")
        nums = [n for n in nums if n.m.unit != "count"]
    changed = True
    while changed:
        changed = False
        members = {n.start for n in series}
        for i, n in enumerate(nums):
            if n.start in taken or not _series_ok(field, n, first_unit, ctx):
                continue
            for j in (i - 1, i + 1):
                if not 0 <= j < len(nums) or nums[j].start not in members:
                    continue
                a, b = (nums[j].end, n.start) if j < i else (n.end, nums[j].start)
                if any(a <= c.start and c.end <= b and field not in c.fields for c in found):
                    continue
                if _gap_ok(norm, a, b, nums, _MAX_SERIES, soft=True) is None:
                    continue
                series.append(n)
                taken.add(n.start)
                changed = True
                break
    series.sort(key=lambda n: n.start)


def _series_ok(field: str, n: _Num, first_unit: str | None, ctx: dict[str, bool]) -> bool:
    ok_unit = n.m.unit == first_unit or (n.m.unit is None and first_unit == "pct")
    if field == "roi" and not (ctx["monthly"] or (n.m.unit == "ratio" and first_unit == "ratio")):
        return False
    return ok_unit and not n.rule and _pick((field,), n, ctx) == field


def extract_slots(text: str) -> dict[str, object]:
    """The tool input fields a question states, by TOOLS.md name (values unvalidated, so tools can reject):
    the cue rules' reading, completed and corrected by the reader learned from labelled questions."""
    from assistant.understanding.number_roles import refine

    return refine(text, rule_slots(text))


def rule_slots(text: str) -> dict[str, object]:
    """The tool input fields the cue rules read from a question (pasted tables first, then cue words)."""
    if not isinstance(text, str) or not text.strip():
        return {}
    pasted = read_pasted(text)
    norm = blank(normalize(text), pasted.spans)  # the numbers of a table are not read again one by one
    ctx = {
        "guarantee": bool(_GUARANTEE.search(norm)),
        "monthly": bool(_MONTHLY.search(norm)),
        "commission": bool(_COMMISSION.search(norm)),
        "roi": bool(_ROI_WORDS.search(norm)),
        "share": bool(_SHARE_WORDS.search(norm)),
    }
    found = _find_cues(norm, _CUE_RX + _radar_table(norm))
    markers = ctx["markers"] = bool(_MARKERS.search(norm))
    nums = [
        _classify(norm, m, markers)
        for m in find_numbers(norm)
        if m.time_unit is None and not any(c.start <= m.span[0] < c.end for c in found)
    ]
    data = [n for n in nums if not n.rule]
    bound = _bind(norm, data, found, ctx)
    for field, series in bound.items():
        if field in _SERIES and len(series) > 1:
            bound[field] = order_by_time(norm, series, data)
    values = {f: [n.m.value for n in ns] for f, ns in bound.items()}
    taken = {n.start for ns in bound.values() for n in ns}
    free = [n for n in data if n.start not in taken and not n.comparator]
    loose = {unit: [n.m.value for n in free if n.m.unit == unit] for unit in ("ratio", "money", "pct")}
    if "weekly_rue_pct" not in values and loose["pct"] and _WEEKLY.search(norm):
        values["weekly_rue_pct"] = loose["pct"]
    if "verified_cases" not in values and _ZERO_CASES.search(norm):
        values["verified_cases"] = [0]
    return {**finish(values, loose, ctx), **pasted.fields}


def follow_up_slots(previous: dict[str, object], new: dict[str, object]) -> dict[str, object]:
    """A follow-up's own numbers, read in the light of the conversation: in a guarantee conversation a bare
    new ROI is the actual ROI."""
    new = dict(new or {})
    if (
        "roi" in new
        and "promised_roi" in (previous or {})
        and not {"promised_roi", "actual_roi"} & new.keys()
    ):
        new["actual_roi"] = new.pop("roi")
    return new


def merge_slots(previous: dict[str, object], new: dict[str, object]) -> dict[str, object]:
    """Slots of a follow-up: new values replace old ones (radar merges per dimension; see follow_up_slots)."""
    merged = dict(previous or {})
    for key, value in follow_up_slots(merged, new).items():
        old = merged.get(key)
        if key == "radar" and isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


def number_readings(text: str) -> list[tuple[NumberMatch, str]]:
    """Every number of a question with how the reader took it: "pasted" (in a pasted table or list, read
    as a whole), "period" (两周, 3 months), "label" (part of a cue word: 六项, top 30), "rule" (a threshold asked about: 超过60%算合格吗), "bound" (低于40%), or "data"
    (a value that may fill an input). Spans and texts index the given text."""
    if not isinstance(text, str) or not text.strip():
        return []
    spans = read_pasted(text).spans
    norm = normalize(text)
    found = _find_cues(norm, _CUE_RX + _radar_table(norm))
    markers = bool(_MARKERS.search(norm))
    out: list[tuple[NumberMatch, str]] = []
    for m in find_numbers(norm):
        shown = NumberMatch(m.value, m.unit, m.span, text[slice(*m.span)], m.time_unit)
        if any(a <= m.span[0] < b for a, b in spans):
            out.append((shown, "pasted"))
        elif m.time_unit is not None:
            out.append((shown, "period"))
        elif any(c.start <= m.span[0] < c.end for c in found):
            out.append((shown, "label"))
        else:
            n = _classify(norm, m, markers)
            out.append((shown, "rule" if n.rule else "bound" if n.comparator else "data"))
    return out


def context_flags(text: str) -> dict[str, bool]:
    """The question-wide switches the cue rules read (a guarantee, months, commission, ROI, traffic shares,
    rule words), for the learned reader's features."""
    norm = normalize(text or "")
    return {
        "guarantee": bool(_GUARANTEE.search(norm)),
        "monthly": bool(_MONTHLY.search(norm)),
        "weekly": bool(_WEEKLY.search(norm)),
        "commission": bool(_COMMISSION.search(norm)),
        "roi": bool(_ROI_WORDS.search(norm)),
        "share": bool(_SHARE_WORDS.search(norm)),
        "markers": bool(_MARKERS.search(norm)),
    }
