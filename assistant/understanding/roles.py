"""Slot roles after binding: field kinds, time order of series, ROI roles (single, monthly, promised/actual)."""

from __future__ import annotations

import re
from typing import Any

from assistant.tools.registry import FIELDS
from assistant.understanding import cues

# What kind of number each field takes (from the registry); the unit of a number decides which field it fills.
FIELD_KIND: dict[str, str] = {f.name: f.kind for f in FIELDS.values() if f.kind != "table"}
LIST_FIELDS = frozenset(f.name for f in FIELDS.values() if f.series)
SERIES_FIELDS = LIST_FIELDS | {"roi"}  # one ROI may grow into a monthly series
INT_FIELDS = frozenset(f.name for f in FIELDS.values() if f.integer)

_RANKS = [(rank, re.compile(p, re.IGNORECASE)) for rank, p in cues.TIME_RANK]
_FILLER_TAIL = re.compile(r"[\s:：]*(?:是|为|了|的|was|is|at|were)?[\s:：]*", re.IGNORECASE)
_AFTER_LEAD = re.compile(r"^[\s(（]*(?:in |for |during )?(?:the )?", re.IGNORECASE)


def _rank_at(segment: str, anchored_start: bool) -> int | None:
    """Time rank of the period word at the start (English "39% last week") or end ("上周39%") of a segment."""
    for rank, rx in _RANKS:
        for m in rx.finditer(segment):
            if anchored_start and m.start() == _AFTER_LEAD.match(segment).end():  # type: ignore[union-attr]
                return rank
            if not anchored_start and _FILLER_TAIL.fullmatch(segment[m.end() :]):
                return rank
    return None


def order_by_time(norm: str, series: list[Any], numbers: list[Any]) -> list[Any]:
    """Put a series in time order when every value carries a period word ("this week 45%, last week 50%")."""
    starts = sorted(n.start for n in numbers)
    ranks: list[int] = []
    for n in series:
        nxt = min((s for s in starts if s >= n.end), default=len(norm))
        prev = max((m.end for m in numbers if m.end <= n.start), default=0)
        rank = _rank_at(norm[n.end : nxt], anchored_start=True)
        if rank is None:
            rank = _rank_at(norm[prev : n.start], anchored_start=False)
        if rank is None:
            return series
        ranks.append(rank)
    if len(set(ranks)) < 2:
        return series
    return [n for _, n in sorted(zip(ranks, series, strict=True), key=lambda rn: rn[0])]


def _value(field: str, v: float) -> float | int:
    return int(v) if field in INT_FIELDS and float(v).is_integer() else float(v)


def _roi_roles(values: dict[str, list[float]], loose: list[float], ctx: dict[str, bool]) -> dict[str, Any]:
    """ROI numbers by role: a guarantee (promised/actual), a monthly series, or one partner ROI."""
    out: dict[str, Any] = {}
    roi = values.pop("roi", [])
    promised, actual = values.pop("promised_roi", []), values.pop("actual_roi", [])
    if not (roi or promised or actual) and loose:
        roi = loose[:2] if ctx["guarantee"] and len(loose) >= 2 else loose[:1]
    if ctx["guarantee"] and len(roi) >= 2 and not (promised or actual):
        promised, actual, roi = roi[:1], roi[1:2], []
    if ctx["guarantee"] and actual and not promised and roi:
        promised, roi = roi[:1], roi[1:]
    if promised and not actual and roi:
        actual, roi = roi[-1:], []
    if actual and not promised and not ctx["guarantee"] and not roi:
        roi, actual = actual, []
    if len(roi) >= 2:
        values.setdefault("monthly_roi", roi)
    elif roi:
        out["roi"] = roi[0]
        if (ctx["monthly"] or "benchmark_roi" in values) and "monthly_roi" not in values:
            values["monthly_roi"] = roi
    if promised:
        out["promised_roi"] = promised[0]
    if actual:
        out["actual_roi"] = actual[0]
    return out


def finish(
    values: dict[str, list[float]], loose: dict[str, list[float]], ctx: dict[str, bool]
) -> dict[str, Any]:
    """Final slots in TOOLS.md shapes: ROI roles, sentiment drops, GMV roles, the radar dict."""
    out = _roi_roles(values, loose.get("ratio", []), ctx)
    drop = values.pop("sentiment_drop", [])
    if drop and "sentiment" not in values:
        values["sentiment"] = [100.0, 100.0 - drop[0]]
    if (ctx["commission"] or "demanded_pct" in values) and "gmv" in values and "expected_gmv" not in values:
        values["expected_gmv"] = values.pop("gmv")  # a GMV in a commission talk is the expected one
    if ctx["guarantee"] and "spend" not in values and loose.get("money"):
        values["spend"] = loose["money"][:1]  # "guaranteed 4x on 300k": the money is the spend
    radar = {f.split(".", 1)[1]: float(vs[0]) for f, vs in values.items() if f.startswith("radar.")}
    for field, vs in values.items():
        if not field.startswith("radar."):
            out[field] = [float(v) for v in vs] if field in LIST_FIELDS else _value(field, vs[0])
    if radar:
        out["radar"] = radar
    return {f: out[f] for f in FIELD_KIND if f in out}
