"""One table of the intents: what each kind of question is called, which tools answer it, the next steps it
ends with, and the weighted cue words that point at it (rows in deal_questions.py and method_questions.py)."""

from __future__ import annotations

from typing import Any

from assistant.i18n import fmt_money, fmt_num, is_zh, pick
from assistant.intents import deal_questions, method_questions
from assistant.intents.spec import IntentSpec
from assistant.tools import constants as C
from assistant.tools.defaults import ToolDefaults

_ORDER = (
    "partner_worth",
    "small_brand_leverage",
    "short_vs_long_term",
    "unreasonable_demand",
    "trust_crisis",
    "partner_exit",
    "risk_warning",
    "partner_portfolio",
    "coupon_fraud",
    "methodology",
    "deal_lookup",
    "out_of_scope",
)
_ROWS = {i.name: i for i in (*deal_questions.TABLE, *method_questions.TABLE)}
_TABLE: tuple[IntentSpec, ...] = tuple(_ROWS[n] for n in _ORDER)

INTENTS: dict[str, IntentSpec] = {i.name: i for i in _TABLE}
INTENT_NAMES: tuple[str, ...] = tuple(INTENTS)
"""The intent names of PRODUCT.md, in one place."""


def step_fields(defaults: ToolDefaults, lang: str) -> dict[str, Any]:
    """The figures a next step may name, from the method's constants and this team's settings."""
    first = defaults.incentive_tier.ladder[0]
    return {
        "radar_min": C.MIN_RADAR_SCORE,
        "first_tier_gmv": fmt_money(first.min_gmv, lang),
        "first_tier": first.zh if is_zh(lang) else first.en,
        "backup_minutes": C.BACKUP_LIST_MINUTES,
        "single_point_pct": fmt_num(defaults.risk_check.single_point_share_pct),
        "rue_low_pct": C.RUE_LOW_PCT,
        "roi_floor_pct": fmt_num(float(C.ROI_BENCHMARK_RATIO * 100)),
        "sentiment_drop_pct": fmt_num(float(C.SENTIMENT_DROP_RATIO * 100)),
        "top_n": C.TOP_N,
        "prune_pct": C.PRUNE_PCT,
        "fraud_dimensions": C.ANTI_FRAUD_DIMENSIONS,
        "learning_split": C.LEARNING_SPLIT,
    }


def intent_title(intent: str, lang: str) -> str:
    spec = INTENTS.get(intent)
    return pick(spec.title, lang) if spec else intent


def next_steps(intent: str, verdict: str | None, lang: str, defaults: ToolDefaults) -> list[str]:
    """Next actions for an intent, specialised by verdict when the table has steps for it."""
    spec = INTENTS.get(intent)
    if spec is None:
        return []
    steps = spec.next_steps.get(verdict) if verdict else None
    steps = steps or spec.next_steps.get(None)
    if not steps:
        return []
    figures = step_fields(defaults, lang)
    return [s.format(**figures) for s in (steps[0] if is_zh(lang) else steps[1])]


def evidence_intent(tool: str) -> str | None:
    """The intent a tool's numbers point at: the first that lists it and does not borrow it."""
    return next((i.name for i in _TABLE if tool in i.tools and not i.borrows_tools), None)


def tool_fields(intent: str) -> frozenset[str]:
    """Every chat field of the tools that answer an intent."""
    from assistant.tools.registry import TOOLS

    spec = INTENTS.get(intent)
    return frozenset(f.name for t in (spec.tools if spec else ()) for f in TOOLS[t].fields)
