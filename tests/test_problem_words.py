"""Validation problems in the user's language: pydantic's and our own messages read back into words, the field
by its label, the allowed range in words; the machine fields of a refused tool input stay as they were."""

from __future__ import annotations

import re

import pytest

from assistant.answering.reasons import render_benchmark_fill, render_history_fill, tool_problems
from assistant.config import PROJECT_ROOT
from assistant.i18n import allowed_words, field_path_label, message_text, problem_text
from assistant.kb.market import knowledge_benchmarks
from assistant.tools import ToolDefaults, ToolInputError, run_tool

LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize(
    ("message", "zh", "en"),
    [
        (
            "Input should be less than or equal to 100 (got 150.0)",
            "不能大于 100（你填的是 150）",
            "must be at most 100 (you gave 150)",
        ),
        (
            "Input should be less than or equal to 100, got 150.0",
            "不能大于 100（你填的是 150）",
            "must be at most 100 (you gave 150)",
        ),
        ("Input should be greater than 0", "必须大于 0", "must be above 0"),
        ("String should have at least 1 character", "不能为空", "cannot be empty"),
        ("Field required", "必填，不能留空", "is required"),
        ("required value is empty", "必填，不能留空", "is required"),
        (
            "Input should be a valid number, unable to parse string as a number (got 'abc')",
            "必须是数字（你填的是 abc）",
            "must be a number (you gave abc)",
        ),
        ("Input should be a finite number", "必须是有限的数字", "must be a finite number"),
        ("'x1' is not a number", "“x1”不是数字", "“x1” is not a number"),
        ("7 is out of range 0–5", "7 超出范围 0–5", "7 is outside 0–5"),
        ("duplicate of row 3", "与第 3 行重复", "repeats row 3"),
        ("required column is missing", "缺少这一列（必填）", "this required column is missing"),
        (
            "end date 2024-01-01 is before start date 2024-03-01",
            "结束日期 2024-01-01 早于开始日期 2024-03-01",
            "the end date 2024-01-01 is before the start date 2024-03-01",
        ),
    ],
)
def test_messages_in_both_languages(message: str, zh: str, en: str) -> None:
    assert message_text(message, "zh") == zh
    assert message_text(message, "en") == en


def test_options_are_named_by_their_labels_and_an_unknown_message_is_not_shown_raw_in_chinese() -> None:
    labels = {"kol": "KOL达人", "retailer": "零售商"}
    said = message_text("unknown partner_type 'xx'; use one of: kol, retailer", "zh", labels.get)
    assert said == "“xx”不是可选值；可选：KOL达人、零售商"
    assert message_text("something nobody wrote a text for", "zh") == "这一项的值不符合要求"
    assert message_text("something nobody wrote a text for", "en") == "something nobody wrote a text for"


def test_allowed_ranges_and_paths_in_words() -> None:
    assert allowed_words("a number 0–100", "zh") == "0–100 之间的数"
    assert allowed_words("an integer ≥ 0", "zh") == "≥ 0 的整数"
    assert (
        allowed_words("a list of at least 1 item(s), each a number 0–100", "zh")
        == "至少 1 个值，每个为 0–100 之间的数"
    )
    labels = {"outlets": ("门店", "outlets"), "rating": ("评分", "rating")}
    assert field_path_label("outlets[1].rating", "zh", labels) == "门店 · 第 2 项 · 评分"
    assert problem_text("佣金", "Input should be less than or equal to 100", "a number 0–100", "zh") == (
        "佣金：不能大于 100；允许：0–100 之间的数"
    )


@pytest.mark.parametrize(
    ("tool", "payload"),
    [
        ("counter_offer", {"demanded_pct": 150, "industry_avg_pct": 25}),
        ("assess_partner", {"verified_cases": -1, "audience_match_pct": 65, "roi": "abc"}),
        (
            "allocate_leads",
            {"total_leads": 10, "outlets": [{"name": "", "conversion_pct": 150, "rating": 9}]},
        ),
        ("risk_check", {"weekly_rue_pct": []}),
        ("risk_check", {"monthly_roi": [1, 2]}),
        ("counter_offer", {"demanded_pct": 50, "industry_avg_pct": 25, "fixed_fee": 1000}),
    ],
)
def test_every_tool_problem_reads_in_chinese_without_code_words(tool: str, payload: dict) -> None:
    with pytest.raises(ToolInputError) as info:
        run_tool(tool, payload, ToolDefaults())
    raw = [dict(p) for p in info.value.problems]
    for p in tool_problems(info.value.problems, "zh"):
        text = f"{p['field']} {p['message']}"
        assert not LATIN.findall(re.sub(r"ROI|GMV|RUE|（你填的是 [^）]*）", "", text)), text
    assert [dict(p) for p in info.value.problems] == raw, "the machine fields are left as they were"


def test_a_benchmark_fill_is_said_in_words_and_marked_sample() -> None:
    bench = knowledge_benchmarks(PROJECT_ROOT / "knowledge")
    assert (
        render_benchmark_fill("industry_avg_pct=20.0 (general)", "zh", bench)
        == "行业平均佣金率 20%（跨品类，示例值）"
    )
    assert render_benchmark_fill("industry_avg_pct=25 (beauty)", "en", bench) == (
        "the industry average commission 25% (Beauty, sample value)"
    )


def test_a_team_benchmark_row_is_not_called_a_sample() -> None:
    bench = knowledge_benchmarks(PROJECT_ROOT / "knowledge")
    own = {"beauty": bench["beauty"].model_copy(update={"note": "our 2026 contracts"})}
    assert not own["beauty"].sample and bench["beauty"].sample
    assert render_benchmark_fill("industry_avg_pct=25 (beauty)", "zh", own) == "行业平均佣金率 25%（美妆）"


def test_a_history_fill_is_said_in_words_with_the_deal_kept() -> None:
    assert render_history_fill("verified_cases=4 (S-0296)", "zh") == "可验证成功案例数 4（S-0296）"
    assert render_history_fill("audience_match_pct=52.0 (S-0296)", "zh") == "用户画像匹配度 52%（S-0296）"
    assert render_history_fill("roi=2.18 (S-0301)", "zh") == "投入产出比（ROI） 1:2.18（S-0301）"
    assert render_history_fill("audience_match_pct=52.0 (S-0296)", "en") == "audience match 52% (S-0296)"
    assert render_history_fill("roi=2.18 (S-0301)", "en") == "ROI 1:2.18 (S-0301)"
