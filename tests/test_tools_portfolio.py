"""rank_partners (top 30, prune 20% rounded up, ties by name) and allocate_leads (largest remainder)."""

from __future__ import annotations

import pytest

from assistant.tools import ToolDefaults, ToolInputError, run_tool

DIMS = (
    "traffic_quality",
    "audience_match",
    "brand_fit",
    "conversion",
    "cost_efficiency",
    "stability",
    "content",
)


def partner(name: str, score: float, **overrides: float) -> dict:
    return {"name": name, **dict.fromkeys(DIMS, score), **overrides}


def rank(partners: list[dict], **extra: object) -> dict:
    return run_tool("rank_partners", {"partners": partners, **extra}, ToolDefaults())


def test_ranked_best_first_with_weighted_scores() -> None:
    out = rank([partner("B", 50), partner("A", 90), partner("C", 70, content=0)])
    assert out["verdict"] == "ranked"
    assert [r["name"] for r in out["ranked"]] == ["A", "C", "B"]
    assert out["ranked"][1]["score"] == pytest.approx(60.0)


def test_ties_break_by_name() -> None:
    out = rank([partner("b", 80), partner("a", 80), partner("c", 80)])
    assert [r["name"] for r in out["ranked"]] == ["a", "b", "c"]


@pytest.mark.parametrize(("n", "pruned"), [(10, 2), (11, 3), (9, 2), (5, 1), (1, 1), (100, 20), (101, 21)])
def test_prune_is_twenty_percent_rounded_up(n: int, pruned: int) -> None:
    out = rank([partner(f"p{i:03d}", i) for i in range(n)])
    assert len(out["prune"]) == pruned
    assert out["prune"] == [f"p{i:03d}" for i in range(pruned - 1, -1, -1)]


@pytest.mark.parametrize(("n", "short"), [(29, 23), (30, 24), (38, 30), (40, 30), (100, 30)])
def test_shortlist_is_top_30_and_never_overlaps_prune(n: int, short: int) -> None:
    out = rank([partner(f"p{i:03d}", i % 101) for i in range(n)])
    assert len(out["shortlist"]) == short
    assert not set(out["shortlist"]) & set(out["prune"])
    assert out["shortlist"] == [r["name"] for r in out["ranked"][:short]]


def test_top_n_prune_pct_and_weights_are_inputs() -> None:
    ps = [partner("A", 90, content=0), partner("B", 60, content=100), partner("C", 10)]
    out = rank(ps, top_n=1, prune_pct=0, weights={**dict.fromkeys(DIMS, 0), "content": 1})
    assert [r["name"] for r in out["ranked"]] == ["B", "C", "A"]
    assert out["shortlist"] == ["B"] and out["prune"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"partners": []}, "partners"),
        ({"partners": [partner("A", 101)]}, "partners[0].traffic_quality"),
        ({"partners": [{"name": "A"}]}, "partners[0].content"),
        ({"partners": [partner("A", 50), partner("A", 60)]}, "partners[1].name"),
        ({"partners": [partner("A", 50)], "top_n": 0}, "top_n"),
        ({"partners": [partner("A", 50)], "prune_pct": 120}, "prune_pct"),
        ({"partners": [partner("A", 50)], "weights": dict.fromkeys(DIMS, 0)}, "weights"),
    ],
)
def test_rank_partners_rejects_bad_input(payload: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as info:
        run_tool("rank_partners", payload, ToolDefaults())
    assert field in [p["field"] for p in info.value.problems]


def allocate(total: int, outlets: list[dict], **extra: object) -> dict:
    return run_tool("allocate_leads", {"total_leads": total, "outlets": outlets, **extra}, ToolDefaults())


def test_allocation_by_contribution_sums_to_total() -> None:
    outlets = [
        {"name": "x", "conversion_pct": 10, "rating": 5},
        {"name": "y", "conversion_pct": 5, "rating": 5},
        {"name": "z", "conversion_pct": 0, "rating": 0},
    ]
    out = allocate(100, outlets)
    # contributions: x 1.0, y 0.7*0.5+0.3 = 0.65, z 0 -> 100 * 1/1.65 = 60.6, 39.4
    assert out["verdict"] == "allocated"
    assert out["allocation"] == {"x": 61, "y": 39, "z": 0}
    assert out["contributions"] == {"x": 1.0, "y": 0.65, "z": 0.0}


def test_largest_remainder_ties_break_stably() -> None:
    outlets = [{"name": n, "conversion_pct": 5, "rating": 4} for n in ("c", "a", "b")]
    assert allocate(10, outlets)["allocation"] == {"c": 3, "a": 4, "b": 3}


def test_all_zero_contributions_split_equally() -> None:
    outlets = [{"name": n, "conversion_pct": 0, "rating": 0} for n in ("a", "b")]
    out = allocate(5, outlets)
    assert out["allocation"] == {"a": 3, "b": 2}
    assert "equal_split" in {r["code"] for r in out["reasons"]}


def test_allocation_weights_are_configurable() -> None:
    outlets = [
        {"name": "x", "conversion_pct": 10, "rating": 0},
        {"name": "y", "conversion_pct": 0, "rating": 5},
    ]
    assert allocate(10, outlets, weights={"conversion": 0, "rating": 1})["allocation"] == {"x": 0, "y": 10}
    assert allocate(10, outlets)["allocation"] == {"x": 7, "y": 3}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"total_leads": 0, "outlets": [{"name": "a", "conversion_pct": 1, "rating": 1}]}, "total_leads"),
        ({"total_leads": 5, "outlets": []}, "outlets"),
        (
            {"total_leads": 5, "outlets": [{"name": "a", "conversion_pct": 1, "rating": 6}]},
            "outlets[0].rating",
        ),
        (
            {"total_leads": 5, "outlets": [{"name": "a", "conversion_pct": 101, "rating": 1}]},
            "outlets[0].conversion_pct",
        ),
        ({"outlets": [{"name": "a", "conversion_pct": 1, "rating": 1}]}, "total_leads"),
        ({"total_leads": 2.5, "outlets": [{"name": "a", "conversion_pct": 1, "rating": 1}]}, "total_leads"),
    ],
)
def test_allocate_leads_rejects_bad_input(payload: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as info:
        run_tool("allocate_leads", payload, ToolDefaults())
    assert field in [p["field"] for p in info.value.problems]
