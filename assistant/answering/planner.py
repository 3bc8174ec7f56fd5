"""Which tool a question needs, and its input: from the conversation's slots, the deal history and the
category benchmarks. Every number of a verdict comes from the tool run here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.answering.answer import ToolCall
from assistant.kb.deals import Deal, PartnerIndex
from assistant.kb.market import Benchmark, find_category
from assistant.tools import ToolDefaults, ToolInputError, run_tool

# The inputs each chat-callable tool takes from a question.
TOOL_FIELDS: dict[str, tuple[str, ...]] = {
    "assess_partner": ("verified_cases", "audience_match_pct", "roi", "radar", "radar_total"),
    "counter_offer": (
        "demanded_pct",
        "industry_avg_pct",
        "gross_margin_pct",
        "min_net_margin_pct",
        "expected_gmv",
    ),
    "performance_bet": ("promised_roi", "actual_roi", "spend"),
    "incentive_tier": ("gmv",),
    "risk_check": ("weekly_rue_pct", "sentiment", "monthly_roi", "benchmark_roi", "partner_shares_pct"),
    "allocate_leads": ("total_leads", "outlets"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "counter_offer": ("demanded_pct", "industry_avg_pct"),
    "performance_bet": ("promised_roi", "actual_roi", "spend"),
    "incentive_tier": ("gmv",),
    "allocate_leads": ("total_leads", "outlets"),
}
# Slots that point at an intent strongly enough to correct the router.
SLOT_INTENT: dict[str, str] = {
    "demanded_pct": "unreasonable_demand",
    "promised_roi": "trust_crisis",
    "actual_roi": "trust_crisis",
    "gmv": "trust_crisis",
    "weekly_rue_pct": "risk_warning",
    "sentiment": "risk_warning",
    "monthly_roi": "risk_warning",
    "verified_cases": "partner_worth",
    "audience_match_pct": "partner_worth",
    "radar_total": "partner_worth",
    "total_leads": "partner_portfolio",
}
HISTORY_FIELDS = ("verified_cases", "audience_match_pct", "roi")
_NUM = r"(-?\d+(?:\.\d+)?)"
_OUTLET = re.compile(
    r"(?:^|(?<=[，,、；;：:。\s]))(?P<name>[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff ]{0,20}?)\s*[:：]?\s*的?"
    r"(?:转化率|conversion(?:\s+rate)?|conv\.?)\s*(?:是|为|of|is|=)?\s*" + _NUM + r"\s*%"
    r"[^A-Za-z\u4e00-\u9fff0-9]{0,6}(?:用户)?(?:评分|打分|星级|rating|rated)\s*(?:是|为|of|is|=)?\s*" + _NUM,
    re.I,
)


def extract_outlets(text: str) -> list[dict[str, Any]]:
    """Outlets stated as '<name> 转化率 X% 评分 Y' / '<name>: conversion X%, rating Y' (for allocate_leads)."""
    return [
        {"name": m.group("name").strip(), "conversion_pct": float(m.group(2)), "rating": float(m.group(3))}
        for m in _OUTLET.finditer(text)
    ]


@dataclass
class Plan:
    """The tool calls made for one question and what is still missing to make them."""

    calls: list[ToolCall] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # tool -> missing inputs
    partner_deals: list[Deal] = field(default_factory=list)
    category: str | None = None


def slot_evidence(slots: dict[str, Any]) -> dict[str, float]:
    """Intent evidence from the numbers found (added to the router's lexical signals)."""
    out: dict[str, float] = {}
    for name in slots:
        intent = SLOT_INTENT.get(name)
        if intent:
            out[intent] = min(1.0, out.get(intent, 0.0) + 0.5)
    return out


def tools_for(intent: str, slots: dict[str, Any]) -> list[str]:
    """The tools a question of this intent needs, given the numbers it carries."""
    has = lambda tool: any(f in slots for f in TOOL_FIELDS[tool])  # noqa: E731
    if intent == "partner_worth":
        return ["assess_partner"] if has("assess_partner") else []
    if intent == "unreasonable_demand":
        return ["counter_offer"] if "demanded_pct" in slots else []
    if intent == "trust_crisis":
        tools = []
        if any(f in slots for f in ("promised_roi", "actual_roi", "spend")):
            tools.append("performance_bet")
        if "gmv" in slots:
            tools.append("incentive_tier")
        return tools
    if intent in ("risk_warning", "partner_exit"):
        return ["risk_check"] if has("risk_check") else []
    if intent == "partner_portfolio":
        return ["allocate_leads"] if "outlets" in slots else []
    return []


def _latest(deals: list[Deal]) -> list[Deal]:
    return sorted(deals, key=lambda d: (d.start_date is not None, d.start_date), reverse=True)


def fill_from_history(tool: str, payload: dict[str, Any], deals: list[Deal]) -> list[str]:
    """Fill missing assess_partner inputs from the newest deal with the partner that has them."""
    filled: list[str] = []
    if tool != "assess_partner":
        return filled
    for name in HISTORY_FIELDS:
        if name in payload:
            continue
        for deal in _latest(deals):
            value = getattr(deal, name)
            if value is not None:
                payload[name] = value
                filled.append(f"{name}={value} ({deal.deal_id})")
                break
    return filled


def _run(name: str, payload: dict[str, Any], defaults: ToolDefaults) -> dict[str, Any]:
    try:
        return run_tool(name, payload, defaults)
    except ToolInputError as exc:
        return {"error": str(exc), "problems": exc.problems}


def plan_tools(
    intent: str,
    slots: dict[str, Any],
    text: str,
    deals: list[Deal],
    benchmarks: dict[str, Benchmark],
    defaults: ToolDefaults,
    partners: PartnerIndex | None = None,
) -> Plan:
    """Run every tool the question needs; inputs come from slots, then history, then benchmarks.

    `partners` is the deals' name index when the caller keeps one (else it is built from `deals`).
    """
    plan = Plan(category=find_category(text, benchmarks))
    outlets = extract_outlets(text)
    if outlets:
        slots = {**slots, "outlets": outlets}
    if partners is None and deals:
        partners = PartnerIndex(deals)
    plan.partner_deals = partners.find(text) if partners is not None else []
    tools = tools_for(intent, slots)
    if intent == "partner_worth" and not tools and plan.partner_deals:
        tools = ["assess_partner"]
    for tool in tools:
        payload = {k: v for k, v in slots.items() if k in TOOL_FIELDS[tool]}
        if tool == "assess_partner" and "radar" in payload and not isinstance(payload["radar"], dict):
            payload.pop("radar")
        from_history = fill_from_history(tool, payload, plan.partner_deals)
        from_bench: list[str] = []
        bench = benchmarks.get(plan.category or "") or benchmarks.get("general")
        if tool == "counter_offer" and "industry_avg_pct" not in payload and bench:
            payload["industry_avg_pct"] = bench.industry_commission_pct
            from_bench.append(f"industry_avg_pct={bench.industry_commission_pct} ({bench.category})")
        if tool == "risk_check" and "monthly_roi" in payload and "benchmark_roi" not in payload and bench:
            payload["benchmark_roi"] = bench.benchmark_roi
            from_bench.append(f"benchmark_roi={bench.benchmark_roi} ({bench.category})")
        missing = [f for f in REQUIRED.get(tool, ()) if f not in payload]
        if missing:
            plan.missing[tool] = missing
            continue
        output = _run(tool, payload, defaults)
        plan.calls.append(
            ToolCall(
                name=tool,
                input=payload,
                output=output,
                filled_from_history=from_history,
                filled_from_benchmarks=from_bench,
            )
        )
    return plan


_SCALE = {"verified_cases": 3.0, "audience_match_pct": 20.0, "roi": 1.5, "commission_pct": 10.0}
_OTHER_CATEGORY = 0.5  # the distance added when a past deal is of another category than the question's


class DealFigures:
    """The deals' comparable figures as columns, built once, so the nearest deals come from one pass."""

    def __init__(self, deals: list[Deal]) -> None:
        self.deals = list(deals)
        self.columns = {
            f: np.array(
                [np.nan if (v := getattr(d, f)) is None else float(v) for d in self.deals], dtype=float
            )
            for f in _SCALE
        }
        self.categories = np.array([d.category for d in self.deals], dtype=object)
        by_id = sorted(range(len(self.deals)), key=lambda i: self.deals[i].deal_id)
        self.id_rank = np.empty(len(self.deals), dtype=np.int64)
        self.id_rank[by_id] = np.arange(len(self.deals))

    def nearest(self, x: dict[str, float], category: str | None, k: int) -> list[Deal]:
        """The k deals closest to the figures in x (scaled absolute differences; another category +0.5);
        a deal missing any of those figures is left out; ties go to the smaller deal id."""
        if not x or not self.deals:
            return []
        dist = np.zeros(len(self.deals))
        for f, value in x.items():
            dist += np.abs(self.columns[f] - float(value)) / _SCALE[f]
        if category is not None:
            dist += np.where(self.categories == category, 0.0, _OTHER_CATEGORY)
        keep = np.flatnonzero(~np.isnan(dist))
        order = keep[np.lexsort((self.id_rank[keep], dist[keep]))[:k]]
        return [self.deals[i] for i in order]


def similar_deals(
    calls: list[ToolCall],
    deals: list[Deal],
    category: str | None,
    k: int = 3,
    figures: DealFigures | None = None,
) -> list[Deal]:
    """Past deals closest to the numbers of this question (same criteria profile or commission level).

    `figures` is the deals' column index when the caller keeps one (else it is built from `deals`).
    """
    call = next((c for c in calls if c.ok and c.name in ("assess_partner", "counter_offer")), None)
    if call is None:
        return []
    if call.name == "assess_partner":
        x = {f: float(v) for f in HISTORY_FIELDS if isinstance(v := call.input.get(f), int | float)}
    else:
        x = {"commission_pct": float(call.input["demanded_pct"])}
    return (figures or DealFigures(deals)).nearest(x, category, k)
