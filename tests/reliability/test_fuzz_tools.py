"""Fuzzed tool inputs: only validation errors, never a crash, and never a verdict from invalid values."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.tools import TOOLS, ToolDefaults, ToolInputError, run_tool

EDGES = [0, 0.0, -0.0001, -1, 1, 3, 1.5, 59.999, 60, 60.0001, 70, 99.9999, 100, 100.0001, 500_000, 10**15]
number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.sampled_from(EDGES),
)
scalar = st.one_of(number, st.text(max_size=6), st.none(), st.booleans())
wild = st.one_of(
    scalar,
    st.lists(number, max_size=6),
    st.dictionaries(st.text(max_size=8), number, max_size=4),
)
RADAR = [
    "brand_momentum",
    "user_quality",
    "channel_capability",
    "content_capability",
    "fulfillment",
    "reputation",
]
DIMS = [
    "traffic_quality",
    "audience_match",
    "brand_fit",
    "conversion",
    "cost_efficiency",
    "stability",
    "content",
]
names = st.text(min_size=0, max_size=6)
STRUCTURED: dict[str, Any] = {
    "radar": st.one_of(st.dictionaries(st.sampled_from(RADAR), number, max_size=6), wild),
    "partners": st.one_of(
        st.lists(st.fixed_dictionaries({"name": names}, optional={d: number for d in DIMS}), max_size=5), wild
    ),
    "outlets": st.one_of(
        st.lists(
            st.fixed_dictionaries({"name": names}, optional={"conversion_pct": number, "rating": number}),
            max_size=5,
        ),
        wild,
    ),
    "ours": st.one_of(st.dictionaries(st.sampled_from(["18-24", "25-34", "35+"]), number, max_size=3), wild),
    "theirs": st.one_of(
        st.dictionaries(st.sampled_from(["18-24", "25-34", "35+"]), number, max_size=3), wild
    ),
}


def payloads(tool: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = list(TOOLS[tool].input_model.model_fields)
    return st.fixed_dictionaries({}, optional={f: STRUCTURED.get(f, wild) for f in [*fields, "unexpected"]})


def valid_numbers(value: Any, key: str = "") -> bool:
    """Independent oracle over the echoed inputs: finite, non-negative, percentages 0-100, ratings 0-5."""
    if isinstance(value, dict):
        return all(valid_numbers(v, str(k)) for k, v in value.items())
    if isinstance(value, list):
        return all(valid_numbers(v, key) for v in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    if not math.isfinite(value) or value < 0:
        return False
    if key.endswith("_pct") or key in RADAR or key in DIMS or key == "radar_total":
        return value <= 100
    if key == "rating":
        return value <= 5
    return True


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_fuzzed_inputs_give_validation_errors_or_valid_verdicts(tool: str, tally) -> None:
    seen = {"rejected": 0, "answered": 0}

    @settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(payloads(tool))
    def run(payload: dict[str, Any]) -> None:
        tally["inputs tried"] += 1
        try:
            out = run_tool(tool, payload, ToolDefaults())
        except ToolInputError as exc:
            assert exc.problems and all(p.get("field") is not None and p.get("message") for p in exc.problems)
            seen["rejected"] += 1
            return
        assert out["verdict"] in TOOLS[tool].verdicts
        assert valid_numbers(out["inputs"]), out["inputs"]
        seen["answered"] += 1

    run()
    assert seen["rejected"] > 0
