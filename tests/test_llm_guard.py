"""The number guard: normalised matching against the evidence, what is not a quantity, streaming release."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.llm.guard import Evidence, StreamGuard, claimed_numbers, unsupported_numbers


def evidence(*texts: str, data: object = None, ids: tuple[str, ...] = ()) -> Evidence:
    ev = Evidence(ids=set(ids))
    for text in texts:
        ev.add_text(text)
    if data is not None:
        ev.add_data(data)
    return ev


@pytest.mark.parametrize(
    ("source", "stated"),
    [
        ("对方要50%的佣金", "50"),
        ("commission 50", "50%"),
        ("ROI 1:3", "3"),
        ("ROI 1:3", "ROI 3.0"),
        ("投入产出比1比3.5", "1:3.5"),
        ("GMV 500000", "50万"),
        ("GMV 50万", "500,000"),
        ("GMV 500,000", "0.5 million"),
        ("ROI 3", "3.0"),
        ("3.0", "3"),
        ("百分之二十五", "25%"),
        ("两成", "20%"),
    ],
)
def test_the_same_number_in_another_notation_is_supported(source: str, stated: str) -> None:
    assert unsupported_numbers(f"The figure is {stated}.", evidence(source)) == []


def test_tool_output_values_nested_and_in_reason_texts_are_evidence() -> None:
    out = {
        "verdict": "unreasonable",
        "base_pct": 25.0,
        "tiers": [{"threshold_gmv": 750000.0, "rate_pct": 30.0}, {"threshold_gmv": None, "rate_pct": 35}],
        "reasons": [{"code": "ladder", "text": "tier at 1,000,000"}],
        "ok": True,
    }
    ev = evidence(data=out)
    assert unsupported_numbers("基础25%，GMV过75万升到30%，再到35%；100万以上", ev) == []
    assert unsupported_numbers("40%", ev) == ["40%"]
    ev.add_tool_content('{"compensation": 12000.0}')
    ev.add_tool_content("assess_partner: invalid input\n- roi: got -2 (allowed: a number ≥ 0)")
    assert unsupported_numbers("补偿1.2万，ROI -2 不合法", ev) == []


def test_unsupported_numbers_are_reported_as_written_once_each() -> None:
    ev = evidence("4个案例，匹配度65%，ROI 1:3.5")
    assert unsupported_numbers("ROI 1:2.4 and 62% match; again 62%, cases 4", ev) == ["1:2.4", "62%"]


def test_rounding_to_the_shown_precision_is_accepted_but_not_a_larger_change() -> None:
    ev = evidence(data={"share": 33.3333, "roi": 2.6, "gmv": 512345.0})
    assert unsupported_numbers("33.3% / 33% / 51万 / 51.2万", ev) == []
    assert unsupported_numbers("ROI 3", ev) == ["3"]  # 2.6 shown as 3 would cross the 3.0 threshold
    assert unsupported_numbers("50万", ev) == ["50万"]


def test_fractions_and_percentages_match_each_other() -> None:
    ev = evidence(data={"drop": 0.3, "share_pct": 25})
    assert unsupported_numbers("sentiment fell 30%; share 0.25", ev) == []


def test_list_markers_ordinals_ids_and_small_word_counts_need_no_support() -> None:
    text = (
        "1. 先看结论\n2) 再看依据\n3、最后行动\n- 1. nested\n(1) 第一 ① 第3周 Step 2: tier 1 the 2nd move\n"
        "见 [S-0001]、[PB-01] 和 [evolution-1-to-3]；两周内做三件事，three moves, 一半的预算"
    )
    assert claimed_numbers(text, ids={"evolution-1-to-3"}) == []
    assert unsupported_numbers(text, evidence(ids=("evolution-1-to-3",))) == []


def test_a_list_marker_does_not_hide_a_decimal_at_line_start() -> None:
    assert [m.text for m in claimed_numbers("3.5倍的回报")] == ["3.5倍"]
    assert unsupported_numbers("2.4 is the ROI", evidence("ROI 3")) == ["2.4"]


def test_years_need_a_source_like_any_number() -> None:
    assert unsupported_numbers("In 2023 the deal closed.", evidence()) == ["2023"]
    assert unsupported_numbers("In 2023 the deal closed.", evidence("start_date 2023-04-01")) == []


def test_numbers_in_the_users_words_count_in_both_languages() -> None:
    ev = evidence("两周的资源利用率分别是38%和35%，投入五十万")
    assert unsupported_numbers("Both weeks (38%, 35%) are under 40%; the 500,000 spend", ev) == ["40%"]


def test_stream_guard_releases_checked_text_and_never_an_unsupported_number() -> None:
    ev = evidence("基础佣金25%，阶梯到75万")
    text = "结论：基础佣金25%，阶梯到75万，ROI 2.4 不够。后面还有很多很多很多很多的文字。"
    guard = StreamGuard(ev)
    shown = "".join(guard.feed(ch) for ch in text) + guard.finish()
    assert guard.tripped == ["2.4"]
    assert "2.4" not in shown and shown.startswith("结论：基础佣金25%")
    assert text.startswith(shown)


def test_stream_guard_holds_a_number_until_its_unit_is_known() -> None:
    guard = StreamGuard(evidence("GMV 50万"))
    assert guard.feed("GMV 50") == ""  # could still become 50万 (or 50%)
    out = guard.feed("万 is the target, nothing else here.")
    assert out.startswith("GMV 50万") and guard.tripped == []
    assert guard.finish() and guard.tripped == []


def test_stream_guard_checks_the_tail_at_the_end() -> None:
    guard = StreamGuard(evidence("ROI 3"))
    shown = guard.feed("ROI is 4") + guard.finish()
    assert shown == "" and guard.tripped == ["4"]


@given(
    value=st.integers(min_value=11, max_value=10_000_000),
    style=st.sampled_from(["plain", "comma", "wan", "pct"]),
)
def test_any_source_number_restated_in_another_notation_passes(value: int, style: str) -> None:
    source = evidence(data={"value": float(value)})
    if style == "comma":
        stated = f"{value:,}"
    elif style == "wan" and value % 10_000 == 0:
        stated = f"{value // 10_000}万"
    elif style == "pct":
        stated = f"{value}%"
    else:
        stated = str(value)
    assert unsupported_numbers(f"金额 {stated} 元", source) == []
    assert unsupported_numbers(f"金额 {value + max(1, value // 10)} 元", source) != []
