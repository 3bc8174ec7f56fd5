"""Hypothesis properties: allocation sum and order, compensation bounds, rank permutation, monotonicity."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assistant.tools import ToolDefaults, run_tool
from assistant.tools.partner import AssessPartnerInput, assess_partner
from assistant.tools.portfolio import AllocateLeadsInput, allocate_leads, contributions

DEFAULTS = ToolDefaults()
DIMS = (
    "traffic_quality",
    "audience_match",
    "brand_fit",
    "conversion",
    "cost_efficiency",
    "stability",
    "content",
)
AXES = (
    "brand_momentum",
    "user_quality",
    "channel_capability",
    "content_capability",
    "fulfillment",
    "reputation",
)

pct = st.floats(min_value=0, max_value=100, allow_nan=False)
outlet_lists = st.lists(
    st.fixed_dictionaries(
        {
            "conversion_pct": st.one_of(pct, st.integers(0, 100)),
            "rating": st.one_of(st.floats(min_value=0, max_value=5, allow_nan=False), st.integers(0, 5)),
        }
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(1, 10_000), outlets=outlet_lists)
def test_allocation_sums_and_respects_contribution_order(total: int, outlets: list[dict]) -> None:
    named = [{"name": f"o{i}", **o} for i, o in enumerate(outlets)]
    inp = AllocateLeadsInput.model_validate({"total_leads": total, "outlets": named})
    out = allocate_leads(inp, DEFAULTS)
    assert sum(out.allocation.values()) == total
    assert all(v >= 0 for v in out.allocation.values())
    contrib = contributions(inp.outlets, DEFAULTS.allocate_leads.weights)
    for a in contrib:
        for b in contrib:
            if contrib[a] > contrib[b]:
                assert out.allocation[a] >= out.allocation[b]


money = st.floats(min_value=0.01, max_value=1e12, allow_nan=False, allow_infinity=False)
roi = st.floats(min_value=0, max_value=1000, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(promised=st.floats(min_value=0.01, max_value=1000), a=roi, b=roi, spend=money)
def test_compensation_bounds_and_monotone(promised: float, a: float, b: float, spend: float) -> None:
    low, high = sorted((a, b))
    out_low = run_tool(
        "performance_bet", {"promised_roi": promised, "actual_roi": low, "spend": spend}, DEFAULTS
    )
    out_high = run_tool(
        "performance_bet", {"promised_roi": promised, "actual_roi": high, "spend": spend}, DEFAULTS
    )
    for out, actual in ((out_low, low), (out_high, high)):
        assert 0 <= out["compensation"] <= spend
        if Fraction(repr(actual)) >= Fraction(repr(promised)):
            assert out["compensation"] == 0 and out["verdict"] == "met"
        else:
            assert out["verdict"] == "compensate"
    assert out_high["compensation"] <= out_low["compensation"]


partner_lists = st.lists(
    st.fixed_dictionaries({d: st.integers(0, 100) for d in DIMS}), min_size=1, max_size=15
)


@settings(max_examples=200, deadline=None)
@given(
    partners=partner_lists,
    data=st.data(),
    top_n=st.integers(1, 20),
    prune_pct=st.integers(0, 100),
)
def test_rank_partners_ignores_input_order(
    partners: list[dict], data: st.DataObject, top_n: int, prune_pct: int
) -> None:
    named = [{"name": f"p{i}", **p} for i, p in enumerate(partners)]
    shuffled = data.draw(st.permutations(named))
    payload = {"top_n": top_n, "prune_pct": prune_pct}
    a = run_tool("rank_partners", {"partners": named, **payload}, DEFAULTS)
    b = run_tool("rank_partners", {"partners": shuffled, **payload}, DEFAULTS)
    for key in ("verdict", "ranked", "shortlist", "prune", "reasons"):
        assert a[key] == b[key]
    assert not set(a["shortlist"]) & set(a["prune"])


radar = st.fixed_dictionaries({axis: pct for axis in AXES})
assess_inputs = st.fixed_dictionaries(
    {
        "verified_cases": st.integers(0, 10),
        "audience_match_pct": pct,
        "roi": st.floats(min_value=0, max_value=10, allow_nan=False),
    },
    optional={"radar": radar, "radar_total": pct},
)


@settings(max_examples=300, deadline=None)
@given(
    base=assess_inputs,
    bump=st.floats(min_value=0, max_value=50, allow_nan=False),
    which=st.sampled_from(["verified_cases", "audience_match_pct", "roi", "radar", "radar_total"]),
)
def test_assess_partner_is_monotone(base: dict, bump: float, which: str) -> None:
    assume(which in base)  # raising a value, not adding a criterion that was absent
    before = assess_partner(AssessPartnerInput.model_validate(base), DEFAULTS)
    raised = dict(base)
    if which == "verified_cases":
        raised[which] = base[which] + int(bump)
    elif which in ("audience_match_pct", "radar_total"):
        raised[which] = min(100.0, base[which] + bump)
    elif which == "roi":
        raised[which] = base[which] + bump
    else:
        raised["radar"] = {k: min(100.0, v + bump) for k, v in base["radar"].items()}
    after = assess_partner(AssessPartnerInput.model_validate(raised), DEFAULTS)
    if before.verdict == "recommended":
        assert after.verdict == "recommended"
    assert set(after.failed) <= set(before.failed)
