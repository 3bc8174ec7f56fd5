"""The planner's deal look-ups: the partner-name index and the nearest past deals, checked against a
plain per-deal reference on the real deal history."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answering.answer import ToolCall
from assistant.answering.similar import HISTORY_FIELDS, DealFigures, similar_deals
from assistant.kb.deals import Deal, PartnerIndex, find_partner, load_deals
from tests.support.knowledge import BENCH

DEALS = load_deals(Path(__file__).resolve().parents[1] / "knowledge" / "deals", BENCH)
FIGURES = DealFigures(DEALS)
SCALE = {"verified_cases": 3.0, "audience_match_pct": 20.0, "roi": 1.5}
CATEGORIES = sorted({str(d.category) for d in DEALS})


def reference(call: ToolCall, deals: list[Deal], category: str | None, k: int) -> list[str]:
    """The definition, one deal at a time: scaled distance, +0.5 for another category, ties by id."""
    scored = []
    for d in deals:
        if call.name == "assess_partner":
            have = [f for f in HISTORY_FIELDS if isinstance(call.input.get(f), int | float)]
            if not have or any(getattr(d, f) is None for f in have):
                continue
            dist = sum(abs(float(getattr(d, f)) - float(call.input[f])) / SCALE[f] for f in have)
        else:
            if d.commission_pct is None:
                continue
            dist = abs(d.commission_pct - float(call.input["demanded_pct"])) / 10.0
        dist += 0.0 if category is None or d.category == category else 0.5
        scored.append((dist, d.deal_id))
    return [i for _, i in sorted(scored)[:k]]


figures = st.fixed_dictionaries(
    {},
    optional={
        "verified_cases": st.integers(0, 12),
        "audience_match_pct": st.floats(0, 100),
        "roi": st.floats(0, 10),
    },
)


@settings(max_examples=150, deadline=None)
@given(
    x=figures,
    demanded=st.floats(0, 95),
    assess=st.booleans(),
    category=st.sampled_from([None, *CATEGORIES]),
    k=st.integers(1, 6),
)
def test_nearest_deals_match_the_definition(
    x: dict[str, float], demanded: float, assess: bool, category: str | None, k: int
) -> None:
    call = (
        ToolCall(name="assess_partner", input=x, output={"verdict": "worth"})
        if assess
        else ToolCall(
            name="counter_offer", input={"demanded_pct": demanded}, output={"verdict": "reasonable"}
        )
    )
    want = reference(call, DEALS, category, k)
    assert [d.deal_id for d in similar_deals([call], DEALS, category, k, FIGURES)] == want
    assert [d.deal_id for d in similar_deals([call], DEALS, category, k)] == want  # index built on the fly


def test_no_comparable_call_no_deals() -> None:
    failed = ToolCall(name="counter_offer", input={"demanded_pct": 50}, output={"error": "bad"})
    other = ToolCall(name="risk_check", input={}, output={"verdict": "ok"})
    assert similar_deals([failed, other], DEALS, None, 3, FIGURES) == []
    empty = ToolCall(name="assess_partner", input={}, output={"verdict": "worth"})
    assert similar_deals([empty], DEALS, None, 3, FIGURES) == []
    assert DealFigures([]).nearest({"roi": 2.0}, None, 3) == []


@pytest.mark.parametrize("n", [0, 7, 40])
def test_partner_index_matches_a_fresh_search(n: int) -> None:
    index = PartnerIndex(DEALS)
    deal = DEALS[n]
    for text in (
        f"{deal.partner}以前的合作怎么样？",
        f"what about {deal.partner_en.upper()} and {DEALS[n + 1].partner}?",
        "对方要50%佣金",
        "",
    ):
        found = index.find(text)
        assert found == find_partner(DEALS, text)
        if deal.partner and deal.partner in text:
            assert deal in found
