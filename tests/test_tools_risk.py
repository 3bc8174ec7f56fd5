"""risk_check: each early-warning rule at, just below and just above its threshold."""

from __future__ import annotations

import pytest

from assistant.tools import ToolDefaults, ToolInputError, run_tool


def check(**payload: object) -> dict:
    return run_tool("risk_check", payload, ToolDefaults())


def alert_codes(out: dict) -> list[str]:
    return [a["code"] for a in out["alerts"]]


@pytest.mark.parametrize(
    ("weeks", "fires"),
    [
        ([39.9, 39.9], True),
        ([40, 39], False),
        ([39, 40], False),
        ([40.1, 40.1], False),
        ([20, 50, 39, 37], True),  # only the last two weeks count
        ([30, 30, 50], False),
    ],
)
def test_rue_below_40_two_weeks_running(weeks: list[float], fires: bool) -> None:
    out = check(weekly_rue_pct=weeks)
    assert ("rue_low" in alert_codes(out)) is fires
    assert out["verdict"] == ("alert" if fires else "ok")
    if fires:
        alert = out["alerts"][0]
        assert alert["action"] == "resource_optimisation"
        assert alert["evidence"]["recent"] == weeks[-2:] and alert["evidence"]["threshold"] == 40


def test_rue_needs_two_weeks() -> None:
    out = check(weekly_rue_pct=[10])
    assert out["verdict"] == "ok"
    assert out["reasons"][0]["code"] == "series_too_short"


@pytest.mark.parametrize(
    ("series", "fires"),
    [
        ([100, 70], True),
        ([100, 70.1], False),
        ([100, 69.9], True),
        ([100, 65], True),
        ([1, 0.7], True),
        ([100, 120], False),
    ],
)
def test_sentiment_drop_of_thirty_percent(series: list[float], fires: bool) -> None:
    out = check(sentiment=series)
    assert ("sentiment_drop" in alert_codes(out)) is fires
    if fires:
        assert out["alerts"][0]["action"] == "contingency_plan"


def test_sentiment_uses_first_and_last() -> None:
    assert check(sentiment=[100, 50, 90])["verdict"] == "ok"
    assert check(sentiment=[100, 90, 60])["verdict"] == "alert"


@pytest.mark.parametrize(
    ("months", "fires"),
    [
        ([2.09, 2.09], True),
        ([2.1, 2.0], False),  # 0.7 x 3.0 = 2.1 exactly; not below
        ([2.0, 2.1], False),
        ([2.11, 2.11], False),
        ([2.5, 2.6], False),  # the eval case
        ([3.0, 2.0, 2.0], True),
    ],
)
def test_roi_below_70pct_of_benchmark_two_months_running(months: list[float], fires: bool) -> None:
    out = check(monthly_roi=months, benchmark_roi=3.0)
    assert ("roi_below_benchmark" in alert_codes(out)) is fires
    if fires:
        assert out["alerts"][0]["action"] == "adjust_strategy"
        assert out["alerts"][0]["evidence"]["floor"] == 2.1


@pytest.mark.parametrize(("top", "fires"), [(29.9, False), (30, False), (30.1, True)])
def test_single_point_dependency_above_30(top: float, fires: bool) -> None:
    out = check(partner_shares_pct={"A": top, "B": 20})
    assert ("single_point_dependency" in alert_codes(out)) is fires
    reason = out["reasons"][0]
    assert reason["values"]["partner"] == "A" and reason["threshold"] == 30


def test_single_point_limit_is_configurable_and_lists_work() -> None:
    assert check(partner_shares_pct=[45, 20], single_point_share_pct=50)["verdict"] == "ok"
    defaults = ToolDefaults.model_validate({"risk_check": {"single_point_share_pct": 40}})
    out = run_tool("risk_check", {"partner_shares_pct": [45, 20]}, defaults)
    assert out["alerts"][0]["evidence"]["partner"] == "#1"
    assert out["inputs"]["single_point_share_pct"] == 40


def test_all_fired_rules_are_listed() -> None:
    out = check(
        weekly_rue_pct=[39, 37],
        sentiment=[100, 65],
        monthly_roi=[2.0, 2.0],
        benchmark_roi=3,
        partner_shares_pct={"A": 45},
    )
    assert alert_codes(out) == ["rue_low", "sentiment_drop", "roi_below_benchmark", "single_point_dependency"]
    assert [a["action"] for a in out["alerts"]] == [
        "resource_optimisation",
        "contingency_plan",
        "adjust_strategy",
        "prepare_backups",
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "weekly_rue_pct"),
        ({"weekly_rue_pct": []}, "weekly_rue_pct"),
        ({"weekly_rue_pct": [101, 20]}, "weekly_rue_pct[0]"),
        ({"weekly_rue_pct": [-1, 20]}, "weekly_rue_pct[0]"),
        ({"sentiment": []}, "sentiment"),
        ({"sentiment": [0, 10]}, "sentiment"),
        ({"monthly_roi": [2, 2]}, "benchmark_roi"),
        ({"monthly_roi": [2, 2], "benchmark_roi": 0}, "benchmark_roi"),
        ({"monthly_roi": [-2, 2], "benchmark_roi": 3}, "monthly_roi[0]"),
        ({"partner_shares_pct": {"A": 80, "B": 40}}, "partner_shares_pct"),
        ({"partner_shares_pct": {}}, "partner_shares_pct"),
        ({"weekly_rue_pct": [float("nan"), 3]}, "weekly_rue_pct[0]"),
    ],
)
def test_risk_check_rejects_bad_input(payload: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as info:
        check(**payload)
    assert field in [p["field"] for p in info.value.problems]
    assert all(p["allowed"] for p in info.value.problems)
