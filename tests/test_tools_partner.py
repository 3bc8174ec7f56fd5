"""assess_partner and audience_match: each source threshold at, just below and just above."""

from __future__ import annotations

import pytest

from assistant.tools import ToolDefaults, ToolInputError, run_tool

PASSING = {"verified_cases": 3, "audience_match_pct": 61, "roi": 3.0}
RADAR = dict.fromkeys(
    (
        "brand_momentum",
        "user_quality",
        "channel_capability",
        "content_capability",
        "fulfillment",
        "reputation",
    ),
    70,
)


def assess(**payload: object) -> dict:
    return run_tool("assess_partner", payload, ToolDefaults())


def codes(out: dict) -> list[str]:
    return [r["code"] for r in out["reasons"]]


@pytest.mark.parametrize(
    ("cases", "verdict"), [(2, "not_recommended"), (3, "recommended"), (4, "recommended")]
)
def test_cases_threshold_is_at_least_three(cases: int, verdict: str) -> None:
    out = assess(**{**PASSING, "verified_cases": cases})
    assert out["verdict"] == verdict
    assert ("cases" in out["failed"]) == (verdict == "not_recommended")


@pytest.mark.parametrize(
    ("pct", "verdict"), [(59.9, "not_recommended"), (60, "not_recommended"), (60.1, "recommended")]
)
def test_audience_threshold_is_strictly_above_sixty(pct: float, verdict: str) -> None:
    out = assess(**{**PASSING, "audience_match_pct": pct})
    assert out["verdict"] == verdict


@pytest.mark.parametrize(
    ("roi", "verdict"), [(2.99, "not_recommended"), (3.0, "recommended"), (3.01, "recommended")]
)
def test_roi_threshold_is_one_to_three(roi: float, verdict: str) -> None:
    assert assess(**{**PASSING, "roi": roi})["verdict"] == verdict


@pytest.mark.parametrize(
    ("score", "verdict"), [(69.99, "not_recommended"), (70, "recommended"), (70.01, "recommended")]
)
def test_radar_total_threshold_is_seventy(score: float, verdict: str) -> None:
    out = assess(**PASSING, radar_total=score)
    assert out["verdict"] == verdict
    assert out["radar_score"] == score


@pytest.mark.parametrize(
    ("low", "verdict"), [(69, "not_recommended"), (70, "recommended"), (71, "recommended")]
)
def test_radar_scores_weighted_mean(low: int, verdict: str) -> None:
    out = assess(**PASSING, radar={**RADAR, "reputation": low})
    assert out["verdict"] == verdict
    assert out["radar_score"] == pytest.approx((70 * 5 + low) / 6)


def test_radar_scores_take_precedence_over_total_and_weights_apply() -> None:
    radar = {**RADAR, "reputation": 10}
    out = assess(**PASSING, radar=radar, radar_total=90)
    assert out["verdict"] == "not_recommended" and out["failed"] == ["radar"]
    weights = {**dict.fromkeys(RADAR, 1), "reputation": 0}
    out = assess(**PASSING, radar=radar, radar_weights=weights)
    assert out["verdict"] == "recommended" and out["radar_score"] == 70


def test_radar_skipped_is_said() -> None:
    out = assess(**PASSING)
    assert out["radar_score"] is None
    assert "radar_skipped" in codes(out)


def test_failures_list_each_gap() -> None:
    out = assess(verified_cases=1, audience_match_pct=55, roi=2.4, radar_total=65)
    assert out["verdict"] == "not_recommended"
    assert out["failed"] == ["cases", "audience", "roi", "radar"]
    gaps = {r["code"]: r["values"]["gap"] for r in out["reasons"] if "gap" in r["values"]}
    assert gaps == {"cases_low": 2, "audience_low": 5, "roi_low": pytest.approx(0.6), "radar_low": 5}
    roi = next(r for r in out["reasons"] if r["code"] == "roi_low")
    assert roi["values"]["gap"] == 0.6 and roi["threshold"] == 3.0


def test_missing_inputs_give_insufficient_data() -> None:
    out = assess(roi=3.5)
    assert out["verdict"] == "insufficient_data"
    assert out["missing"] == ["verified_cases", "audience_match_pct"]
    assert "input_missing" in codes(out)


def test_a_failure_outweighs_missing_data() -> None:
    out = assess(verified_cases=2)
    assert out["verdict"] == "not_recommended"
    assert out["missing"] == ["audience_match_pct", "roi"]


def test_eval_examples() -> None:
    assert assess(verified_cases=4, audience_match_pct=65, roi=3.5)["verdict"] == "recommended"
    assert assess(verified_cases=5, audience_match_pct=55, roi=4)["verdict"] == "not_recommended"
    assert (
        assess(verified_cases=3, audience_match_pct=70, roi=2.5, radar_total=75)["verdict"]
        == "not_recommended"
    )


@pytest.mark.parametrize(
    ("payload", "field", "allowed"),
    [
        ({"audience_match_pct": 200}, "audience_match_pct", "0–100"),
        ({"audience_match_pct": -1}, "audience_match_pct", "0–100"),
        ({"roi": -1}, "roi", "≥ 0"),
        ({"verified_cases": -1}, "verified_cases", "0–9999"),
        ({"verified_cases": 10_000}, "verified_cases", "0–9999"),
        ({"verified_cases": 2.5}, "verified_cases", "integer"),
        ({"roi": float("nan")}, "roi", "≥ 0"),
        ({"roi": float("inf")}, "roi", "≥ 0"),
        ({"radar_total": 101}, "radar_total", "0–100"),
        ({"radar": {**RADAR, "fulfillment": 120}}, "radar.fulfillment", "0–100"),
        ({"radar": {"brand_momentum": 80}}, "radar.user_quality", "0–100"),
        ({"roi": True}, "roi", "≥ 0"),
    ],
)
def test_invalid_inputs_name_field_and_range(payload: dict, field: str, allowed: str) -> None:
    with pytest.raises(ToolInputError) as info:
        assess(**payload)
    problems = {p["field"]: p for p in info.value.problems}
    assert field in problems
    assert allowed in problems[field]["allowed"]
    assert field in str(info.value)
    if payload.get("roi") in (float("inf"),) or payload.get("roi") != payload.get("roi"):
        assert problems[field]["message"].startswith("Input should be a finite number")


def match(ours: dict, theirs: dict) -> dict:
    return run_tool("audience_match", {"ours": ours, "theirs": theirs}, ToolDefaults())


def test_audience_match_is_histogram_intersection() -> None:
    out = match({"18-24": 30, "25-34": 50, "35+": 20}, {"18-24": 40, "25-34": 40, "35+": 20})
    assert out["match_pct"] == 90 and out["verdict"] == "match"


@pytest.mark.parametrize(("shift", "verdict"), [(40.1, "mismatch"), (40, "mismatch"), (39.9, "match")])
def test_audience_match_threshold(shift: float, verdict: str) -> None:
    out = match({"a": 100, "b": 0}, {"a": 100 - shift, "b": shift})
    assert out["match_pct"] == pytest.approx(100 - shift)
    assert out["verdict"] == verdict


def test_audience_match_normalises_and_handles_one_sided_buckets() -> None:
    out = match({"a": 1, "b": 1}, {"a": 30, "c": 70})
    assert out["match_pct"] == 30
    assert {"profile_normalised", "bucket_unshared"} <= {r["code"] for r in out["reasons"]}


@pytest.mark.parametrize(
    "payload",
    [
        {"ours": {}, "theirs": {"a": 100}},
        {"ours": {"a": 101}, "theirs": {"a": 100}},
        {"ours": {"a": 0}, "theirs": {"a": 1}},
    ],
)
def test_audience_match_rejects_bad_profiles(payload: dict) -> None:
    with pytest.raises(ToolInputError) as info:
        run_tool("audience_match", payload, ToolDefaults())
    assert info.value.problems[0]["field"].startswith("ours")
