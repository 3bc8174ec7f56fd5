"""Which tool a question needs, and its input: from the conversation's slots, the deal history and the
category benchmarks. Every number of a verdict comes from the tool run here.

The slots already hold the structured inputs pasted into the question (a partner table, outlets, two user
distributions, named partner shares): understanding.slots reads them with understanding.pasted, before the
router, whose evidence they are, and before a follow-up decides which of them it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answering.answer import ToolCall
from assistant.intents import INTENTS
from assistant.kb.deals import Deal, PartnerIndex
from assistant.kb.market import Benchmark, benchmark_for, find_category
from assistant.tools import ToolDefaults, ToolInputError, run_tool
from assistant.tools.registry import TOOLS

HISTORY_FIELDS = tuple(f.name for f in TOOLS["assess_partner"].fields if f.from_history)


@dataclass
class Plan:
    """The tool calls made for one question and what is still missing to make them."""

    calls: list[ToolCall] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # tool -> missing inputs
    partner_deals: list[Deal] = field(default_factory=list)
    category: str | None = None


def tools_for(intent: str, slots: dict[str, Any]) -> list[str]:
    """The tools of this intent whose numbers the question carries (a field that `triggers` is present)."""
    spec = INTENTS.get(intent)
    return [
        tool
        for tool in (spec.tools if spec else ())
        if any(f.triggers and f.name in slots for f in TOOLS[tool].fields)
    ]


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


def fill_from_benchmark(tool: str, payload: dict[str, Any], bench: Benchmark | None) -> list[str]:
    """Fill the inputs the tool needs from the category benchmark when the question does not give them."""
    filled: list[str] = []
    if bench is None:
        return filled
    spec = TOOLS[tool]
    for f in spec.fields:
        needed = f.name in spec.required or (f.needed_with is not None and f.needed_with in payload)
        if f.from_benchmark and f.name not in payload and needed:
            value = getattr(bench, f.from_benchmark)
            payload[f.name] = value
            filled.append(f"{f.name}={value} ({bench.category})")
    return filled


def missing_inputs(tool: str, payload: dict[str, Any]) -> list[str]:
    """The inputs the tool cannot run without: its required ones, and an optional one that another input
    given needs (a benchmark ROI for monthly ROIs, an expected GMV to turn a fixed fee into a rate)."""
    spec = TOOLS[tool]
    needed = [f.name for f in spec.fields if f.needed_with is not None and f.needed_with in payload]
    return [f for f in (*spec.required, *needed) if f not in payload]


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
    if partners is None and deals:
        partners = PartnerIndex(deals)
    plan.partner_deals = partners.find(text) if partners is not None else []
    tools = tools_for(intent, slots)
    if intent == "partner_worth" and not tools and plan.partner_deals:
        tools = ["assess_partner"]
    for tool in tools:
        payload = {k: v for k, v in slots.items() if k in TOOLS[tool].field_names}
        if tool == "assess_partner" and "radar" in payload and not isinstance(payload["radar"], dict):
            payload.pop("radar")
        stated = set(payload)
        from_history = fill_from_history(tool, payload, plan.partner_deals)
        after_history = set(payload)
        bench = benchmark_for(plan.category, benchmarks)
        from_bench = fill_from_benchmark(tool, payload, bench)
        sources = {
            f: "question" if f in stated else "history" if f in after_history else "benchmark"
            for f in payload
        }
        missing = missing_inputs(tool, payload)
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
                sources=sources,
            )
        )
    return plan


def rerun(call: ToolCall, edits: dict[str, Any], defaults: ToolDefaults) -> ToolCall:
    """The same tool run again with some inputs changed by the user (an empty value removes an optional
    input); the changed ones are marked as edited."""
    payload = {**call.input}
    for name, value in edits.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    sources = {f: call.sources.get(f, "question") for f in payload}
    sources.update({f: "edited" for f, v in edits.items() if v is not None})
    return ToolCall(
        name=call.name,
        input=payload,
        output=_run(call.name, payload, defaults),
        filled_from_history=[x for x in call.filled_from_history if x.split("=", 1)[0] not in edits],
        filled_from_benchmarks=[x for x in call.filled_from_benchmarks if x.split("=", 1)[0] not in edits],
        sources=sources,
    )
