"""counter_offer, performance_bet and incentive_tier: the worked example and every threshold."""

from __future__ import annotations

import pytest

from assistant.tools import ToolDefaults, ToolInputError, run_tool


def offer(**payload: object) -> dict:
    return run_tool("counter_offer", payload, ToolDefaults())


def rates(out: dict) -> list[float]:
    return [t["rate_pct"] for t in out["tiers"]]


def test_worked_example_from_the_source() -> None:
    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=60)
    assert out["verdict"] == "unreasonable"
    assert out["base_pct"] == 25 and out["ceiling_pct"] == 50
    assert rates(out) == [30, 35, 40]
    assert [t["threshold_gmv"] for t in out["tiers"]] == [None, None, None]
    assert [t["tier"] for t in out["tiers"]] == [1, 2, 3]
    assert out["effective_pct_at_expected"] is None
    assert (
        out["inputs"]["min_net_margin_pct"] == 10
        and out["inputs"]["step_pct"] == 5
        and out["inputs"]["tiers"] == 3
    )


def test_worked_example_with_expected_gmv() -> None:
    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=60, expected_gmv=1_000_000)
    assert [t["threshold_gmv"] for t in out["tiers"]] == [1_500_000, 2_000_000, 2_500_000]
    assert out["effective_pct_at_expected"] == 25


def test_margin_55_caps_the_ceiling_at_45() -> None:
    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=55)
    assert out["verdict"] == "unreasonable"
    assert out["ceiling_pct"] == 45 and out["base_pct"] == 25
    assert rates(out) == [30, 35, 40]
    assert {"demand_over_market_cap", "demand_over_margin_ceiling"} <= {r["code"] for r in out["reasons"]}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"tiers": 5}, [30, 35, 40, 45]),
        ({"step_pct": 10}, [35, 45]),
        ({"tiers": 6, "step_pct": 7}, [32, 39, 45]),
    ],
)
def test_tiers_are_capped_at_the_ceiling_and_empty_tiers_dropped(extra: dict, expected: list[float]) -> None:
    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=55, expected_gmv=100, **extra)
    assert rates(out) == expected
    assert max(rates(out)) <= out["ceiling_pct"]
    assert "ladder_capped" in {r["code"] for r in out["reasons"]}
    # thresholds keep their tier number k: (1 + 0.5 k) x expected
    assert [t["threshold_gmv"] for t in out["tiers"]] == [(1 + 0.5 * t["tier"]) * 100 for t in out["tiers"]]


@pytest.mark.parametrize(
    ("demanded", "verdict"),
    [(37.4, "above_market"), (37.5, "above_market"), (37.6, "unreasonable")],
)
def test_one_and_a_half_times_market_is_the_unreasonable_line(demanded: float, verdict: str) -> None:
    assert offer(demanded_pct=demanded, industry_avg_pct=25)["verdict"] == verdict


def test_market_cap_is_exact_for_decimal_inputs() -> None:
    # 1.5 x 33.3 is 49.949999... in binary floats; the rule must see 49.95
    assert offer(demanded_pct=49.95, industry_avg_pct=33.3)["verdict"] == "above_market"
    assert offer(demanded_pct=49.96, industry_avg_pct=33.3)["verdict"] == "unreasonable"


@pytest.mark.parametrize(
    ("demanded", "verdict"), [(24.9, "acceptable"), (25, "acceptable"), (25.1, "above_market")]
)
def test_market_average_line(demanded: float, verdict: str) -> None:
    assert offer(demanded_pct=demanded, industry_avg_pct=25)["verdict"] == verdict


@pytest.mark.parametrize(
    ("demanded", "verdict"), [(29.9, "above_market"), (30, "above_market"), (30.1, "unreasonable")]
)
def test_margin_ceiling_line(demanded: float, verdict: str) -> None:
    # margin 40 - min net 10 = ceiling 30; market 25 so 1.5x (37.5) is not what fires here
    out = offer(demanded_pct=demanded, industry_avg_pct=25, gross_margin_pct=40)
    assert out["verdict"] == verdict
    assert out["ceiling_pct"] == min(demanded, 30)


def test_min_net_margin_and_defaults_are_configurable() -> None:
    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=60, min_net_margin_pct=20)
    assert out["ceiling_pct"] == 40 and rates(out) == [30, 35, 40]
    defaults = ToolDefaults.model_validate(
        {"counter_offer": {"min_net_margin_pct": 5, "step_pct": 4, "tiers": 2}}
    )
    out = run_tool(
        "counter_offer", {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 60}, defaults
    )
    assert out["ceiling_pct"] == 50 and rates(out) == [29, 33]


def test_acceptable_demand_has_no_ladder_room() -> None:
    out = offer(demanded_pct=20, industry_avg_pct=25)
    assert out["verdict"] == "acceptable"
    assert out["base_pct"] == 20 and out["ceiling_pct"] == 20 and out["tiers"] == []
    assert "no_ladder_room" in {r["code"] for r in out["reasons"]}


def test_no_margin_room_clamps_at_zero() -> None:
    out = offer(demanded_pct=20, industry_avg_pct=25, gross_margin_pct=8)
    assert out["verdict"] == "unreasonable"
    assert out["ceiling_pct"] == 0 and out["base_pct"] == 0 and out["tiers"] == []
    assert "margin_exhausted" in {r["code"] for r in out["reasons"]}


def test_eval_examples() -> None:
    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=55)
    assert (out["verdict"], out["base_pct"]) == ("unreasonable", 25)
    out = offer(demanded_pct=30, industry_avg_pct=25, gross_margin_pct=60)
    assert (out["verdict"], out["base_pct"]) == ("above_market", 25)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"demanded_pct": 150, "industry_avg_pct": 25}, "demanded_pct"),
        ({"demanded_pct": -5, "industry_avg_pct": 25}, "demanded_pct"),
        ({"demanded_pct": 50, "industry_avg_pct": 0}, "industry_avg_pct"),
        ({"demanded_pct": 50}, "industry_avg_pct"),
        ({"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 101}, "gross_margin_pct"),
        ({"demanded_pct": 50, "industry_avg_pct": 25, "expected_gmv": 0}, "expected_gmv"),
        ({"demanded_pct": 50, "industry_avg_pct": 25, "tiers": 0}, "tiers"),
        ({"demanded_pct": 50, "industry_avg_pct": 25, "step_pct": 0}, "step_pct"),
        ({"demanded_pct": 50, "industry_avg_pct": 25, "demand_pct": 50}, "demand_pct"),
    ],
)
def test_counter_offer_rejects_bad_input(payload: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as info:
        offer(**payload)
    assert field in [p["field"] for p in info.value.problems]


def bet(**payload: object) -> dict:
    return run_tool("performance_bet", payload, ToolDefaults())


def test_performance_bet_eval_example_is_exact() -> None:
    out = bet(promised_roi=3, actual_roi=2.4, spend=1_000_000)
    assert out["verdict"] == "compensate"
    assert out["compensation"] == 200_000


@pytest.mark.parametrize(
    ("actual", "verdict", "compensation"),
    [(2.97, "compensate", 10_000), (3, "met", 0), (3.03, "met", 0), (0, "compensate", 1_000_000)],
)
def test_performance_bet_threshold(actual: float, verdict: str, compensation: float) -> None:
    out = bet(promised_roi=3, actual_roi=actual, spend=1_000_000)
    assert out["verdict"] == verdict
    assert out["compensation"] == pytest.approx(compensation)


@pytest.mark.parametrize(
    "payload",
    [
        {"promised_roi": 0, "actual_roi": 1, "spend": 1},
        {"promised_roi": 3, "actual_roi": -1, "spend": 1},
        {"promised_roi": 3, "actual_roi": 1, "spend": 0},
        {"promised_roi": 3, "actual_roi": 1},
    ],
)
def test_performance_bet_rejects_bad_input(payload: dict) -> None:
    with pytest.raises(ToolInputError):
        bet(**payload)


def tier(**payload: object) -> dict:
    return run_tool("incentive_tier", payload, ToolDefaults())


@pytest.mark.parametrize(
    ("gmv", "verdict"),
    [(499_999, "locked"), (500_000, "unlocked"), (500_001, "unlocked"), (450_000, "locked")],
)
def test_brand_pack_unlocks_at_500k(gmv: float, verdict: str) -> None:
    out = tier(gmv=gmv)
    assert out["verdict"] == verdict
    if verdict == "locked":
        assert out["reached"] == [] and out["next_tier"] == "brand_pack"
        assert out["gap_to_next"] == 500_000 - gmv
    else:
        assert out["reached"] == ["brand_pack"] and out["next_tier"] is None and out["gap_to_next"] is None


def test_custom_ladder_is_sorted_and_reports_next() -> None:
    ladder = [
        {"name": "gold", "zh": "金牌", "en": "gold", "min_gmv": 1_000_000},
        {"name": "silver", "zh": "银牌", "en": "silver", "min_gmv": 200_000},
    ]
    out = tier(gmv=300_000, ladder=ladder)
    assert out["reached"] == ["silver"] and out["next_tier"] == "gold" and out["gap_to_next"] == 700_000
    assert [t["name"] for t in out["inputs"]["ladder"]] == ["silver", "gold"]


@pytest.mark.parametrize(
    "payload",
    [
        {"gmv": -1},
        {"gmv": 1, "ladder": []},
        {"gmv": 1, "ladder": [{"name": "a", "zh": "a", "en": "a", "min_gmv": 0}]},
        {"gmv": 1, "ladder": [{"name": "a", "zh": "a", "en": "a", "min_gmv": 5}] * 2},
    ],
)
def test_incentive_tier_rejects_bad_input(payload: dict) -> None:
    with pytest.raises(ToolInputError) as info:
        tier(**payload)
    assert info.value.problems[0]["field"].split(".")[0].split("[")[0] in ("gmv", "ladder")


# -- a fixed slot fee (坑位费) on top of the commission -------------------------------------------------


def fee_offer(demanded: float, fee: float, gmv: float = 1_000_000, **more: object) -> dict:
    return offer(demanded_pct=demanded, industry_avg_pct=20, expected_gmv=gmv, fixed_fee=fee, **more)


@pytest.mark.parametrize(
    ("demanded", "fee", "take", "verdict"),
    [
        (10, 100_000, 20, "acceptable"),  # 10% + 10% of GMV = the 20% market rate
        (10, 100_001, 20.0001, "above_market"),  # just above the market rate
        (20, 100_000, 30, "above_market"),  # exactly 1.5x the market rate is not above it
        (20, 100_001, 30.0001, "unreasonable"),  # just above 1.5x
        (30, 200_000, 50, "unreasonable"),  # the commission alone would be above market, not unreasonable
    ],
)
def test_the_fee_counts_as_a_share_of_the_expected_gmv(
    demanded: float, fee: float, take: float, verdict: str
) -> None:
    out = fee_offer(demanded, fee)
    assert out["verdict"] == verdict
    assert out["effective_take_pct"] == pytest.approx(take)
    assert out["fee_pct"] == pytest.approx(fee / 10_000)
    assert out["reasons"][0]["code"] == "fixed_fee_rate"


def test_the_fee_comes_off_the_base_and_the_ceiling() -> None:
    out = fee_offer(30, 50_000, gross_margin_pct=40)  # fee 5% of GMV; margin ceiling 40 - 10 = 30
    assert out["ceiling_pct"] == 25  # what commission may still add: 30 - 5
    assert out["base_pct"] == 15  # the market 20% less the 5% the fee takes
    assert out["effective_pct_at_expected"] == 20  # what we pay at the expected GMV, fee included
    assert rates(out) == [20, 25]  # tiers above 25 would pass the ceiling
    assert out["verdict"] == "unreasonable"  # 35% in all is above the 30% margin ceiling


def test_a_fee_that_eats_the_whole_market_rate_leaves_a_zero_base() -> None:
    out = fee_offer(10, 300_000)  # the fee alone is 30% of GMV
    assert out["base_pct"] == 0 and out["effective_pct_at_expected"] == 30
    assert out["verdict"] == "unreasonable"


def test_no_fee_is_the_same_as_before() -> None:
    plain = offer(demanded_pct=30, industry_avg_pct=20, expected_gmv=1_000_000)
    zero = fee_offer(30, 0)
    assert {k: v for k, v in zero.items() if k != "inputs"} == {
        k: v for k, v in plain.items() if k != "inputs"
    }
    assert plain["fee_pct"] is None and plain["effective_take_pct"] == 30


def test_a_fee_needs_the_expected_gmv() -> None:
    with pytest.raises(ToolInputError) as err:
        offer(demanded_pct=30, industry_avg_pct=20, fixed_fee=200_000)
    assert err.value.problems[0]["field"] == "expected_gmv"


def test_a_fee_beyond_any_deal_is_refused() -> None:
    with pytest.raises(ToolInputError) as err:
        fee_offer(30, 1e16)
    assert err.value.problems[0]["field"] == "fixed_fee"


def _words(payload: dict, lang: str = "zh") -> list[str]:
    from assistant.answering.reasons import render_reasons

    return render_reasons(run_tool("counter_offer", payload, ToolDefaults())["reasons"], lang)


def test_the_partners_ask_is_not_called_our_ceiling() -> None:
    zh, en = (
        _words({"demanded_pct": 50, "industry_avg_pct": 25}),
        _words({"demanded_pct": 50, "industry_avg_pct": 25}, "en"),
    )
    assert "基础佣金报 25%（行业平均 25%；对方要价 50%）" in zh and not any("上限" in r for r in zh)
    assert any("the partner asks 50%" in r for r in en) and not any("ceiling" in r for r in en)
    margin = _words({"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 30})
    assert any("毛利允许的上限 20%" in r for r in margin), "a margin ceiling is a ceiling"


def test_a_demand_below_the_market_is_paid_as_asked_without_a_ladder() -> None:
    zh = _words({"demanded_pct": 20, "industry_avg_pct": 25})
    assert zh[1:] == [
        "基础佣金按对方的要价 20% 给，已低于行业平均 25%",
        "对方要价 20% 不高于基础佣金，不需要阶梯分成",
    ]


def test_the_script_names_the_ladder_not_the_ask() -> None:
    from assistant.answering.texts import SCRIPT, SCRIPT_NO_LADDER
    from assistant.i18n import pick

    line = pick(SCRIPT, "zh", base="25%", ladder="30% → 35% → 40%", ceiling="50%", thresholds="")
    assert line.startswith("基础佣金 25%；GMV 达到门槛后逐档提高到 30% → 35% → 40%。") and "50%" not in line
    flat = pick(SCRIPT_NO_LADDER, "zh", base="20%")
    assert flat.startswith("佣金按 20% 谈定，不再加阶梯分成") and "上限" not in flat


@pytest.mark.parametrize(
    ("payload", "top", "ceiling"),
    [
        ({"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 60}, 40, 50),  # tiers run out
        (
            {"demanded_pct": 50, "industry_avg_pct": 20, "gross_margin_pct": 50},
            35,
            40,
        ),  # below the margin cap
        ({"demanded_pct": 50, "industry_avg_pct": 25}, 40, 50),  # no margin: the ask is not reached
        ({"demanded_pct": 40, "industry_avg_pct": 25}, 40, 40),  # the last tier lands on the ask
        ({"demanded_pct": 38, "industry_avg_pct": 25}, 38, 38),  # the last tier is cut to the ask
        ({"demanded_pct": 25, "industry_avg_pct": 25}, 25, 25),  # no ladder: the base is the top
        ({"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 10}, 0, 0),  # margin used up
    ],
)
def test_the_top_rate_is_what_the_ladder_pays_at_most(payload: dict, top: float, ceiling: float) -> None:
    out = offer(**payload)
    assert out["top_pct"] == top and out["ceiling_pct"] == ceiling
    assert out["top_pct"] == max([out["base_pct"], *rates(out)])


def test_the_card_shows_the_ladders_real_top_rate_not_the_ask() -> None:
    from ui.render import numbers

    out = offer(demanded_pct=50, industry_avg_pct=25, gross_margin_pct=60)
    theirs = {"zh": {"对方要价", "对方综合费率"}, "en": {"Demanded", "Partner's total take"}}
    for language, label in (("zh", "阶梯最高档"), ("en", "Top tier rate")):
        shown = dict(numbers("counter_offer", out, language))
        assert shown[label] == "40%", shown
        assert {k for k, v in shown.items() if v == "50%"} == theirs[language], shown  # 50% is only the ask
