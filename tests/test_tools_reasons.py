"""Every reason code, verdict and action renders in Chinese and English with its numbers."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

import assistant.tools.negotiation
import assistant.tools.partner
import assistant.tools.portfolio
import assistant.tools.risk
from assistant.answering.reasons import ACTIONS, render_action, render_reason, render_verdict
from assistant.i18n import fmt_money, fmt_num
from assistant.tools import TOOLS, ToolDefaults, run_tool
from assistant.tools.registry import reason_text
from assistant.tools.risk import ACTIONS as ALERT_ACTIONS

CJK = re.compile(r"[\u4e00-\u9fff]")
DIMS = (
    "traffic_quality",
    "audience_match",
    "brand_fit",
    "conversion",
    "cost_efficiency",
    "stability",
    "content",
)

# Inputs that, together, make every tool emit every reason code it declares.
EXAMPLES: list[tuple[str, dict]] = [
    ("assess_partner", {"verified_cases": 4, "audience_match_pct": 65, "roi": 3.5, "radar_total": 80}),
    ("assess_partner", {"verified_cases": 1, "audience_match_pct": 55, "roi": 2.4, "radar_total": 60}),
    ("assess_partner", {"roi": 3}),
    ("audience_match", {"ours": {"a": 60, "b": 40}, "theirs": {"a": 70, "b": 30}}),
    ("audience_match", {"ours": {"a": 5, "b": 5}, "theirs": {"a": 30, "c": 70}}),
    (
        "counter_offer",
        {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 55, "tiers": 5, "expected_gmv": 1e6},
    ),
    ("counter_offer", {"demanded_pct": 30, "industry_avg_pct": 25}),
    ("counter_offer", {"demanded_pct": 20, "industry_avg_pct": 25, "gross_margin_pct": 8}),
    ("counter_offer", {"demanded_pct": 20, "industry_avg_pct": 25}),
    ("counter_offer", {"demanded_pct": 30, "industry_avg_pct": 20, "expected_gmv": 1e6, "fixed_fee": 2e5}),
    ("performance_bet", {"promised_roi": 3, "actual_roi": 2.4, "spend": 1e6}),
    ("performance_bet", {"promised_roi": 3, "actual_roi": 3, "spend": 1e6}),
    ("incentive_tier", {"gmv": 450_000}),
    ("incentive_tier", {"gmv": 600_000}),
    (
        "risk_check",
        {
            "weekly_rue_pct": [39, 37],
            "sentiment": [100, 65],
            "monthly_roi": [2, 2],
            "benchmark_roi": 3,
            "partner_shares_pct": {"A": 45},
        },
    ),
    (
        "risk_check",
        {
            "weekly_rue_pct": [50, 37],
            "sentiment": [100, 90],
            "monthly_roi": [2.5, 2.6],
            "benchmark_roi": 3,
            "partner_shares_pct": {"A": 25},
        },
    ),
    ("risk_check", {"weekly_rue_pct": [30], "sentiment": [5]}),
    (
        "rank_partners",
        {"partners": [{"name": n, **dict.fromkeys(DIMS, s)} for n, s in (("A", 90), ("B", 50))]},
    ),
    ("allocate_leads", {"total_leads": 7, "outlets": [{"name": "a", "conversion_pct": 0, "rating": 0}]}),
]


def _emitted_in_source(module: object) -> set[str]:
    """Reason codes written in a tool module: R("code", ...) calls and `code = "a" if ... else "b"`."""
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "R"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "code" for t in node.targets
        ):
            found |= {
                c.value
                for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return found


def test_declared_codes_cover_the_source_and_have_both_templates() -> None:
    declared = {code for spec in TOOLS.values() for code in spec.reason_codes}
    written = set()
    for module in (
        assistant.tools.partner,
        assistant.tools.negotiation,
        assistant.tools.risk,
        assistant.tools.portfolio,
    ):
        written |= _emitted_in_source(module)
    assert written == declared, written ^ declared
    for code in declared:
        zh, en = reason_text(code)  # type: ignore[misc]
        assert CJK.search(zh), code
        assert not CJK.search(en), code


def test_examples_emit_every_declared_code_and_all_render() -> None:
    emitted: dict[str, set[str]] = {name: set() for name in TOOLS}
    for name, payload in EXAMPLES:
        out = run_tool(name, payload, ToolDefaults())
        for reason in out["reasons"]:
            emitted[name].add(reason["code"])
            zh, en = render_reason(reason, "zh"), render_reason(reason, "en")
            assert CJK.search(zh) and not CJK.search(en.replace("品牌专场资源包", "")), reason
            assert "{" not in zh + en and "None" not in zh + en, (zh, en)
    for name, spec in TOOLS.items():
        assert emitted[name] == set(spec.reason_codes), name


def test_every_verdict_and_action_has_both_languages() -> None:
    for name, spec in TOOLS.items():
        for verdict in spec.verdicts:
            zh, en = spec.verdict_texts[verdict]
            assert CJK.search(zh) and not CJK.search(en)
            assert render_verdict(name, verdict, "zh") == zh and render_verdict(name, verdict, "en") == en
    for action in ALERT_ACTIONS.values():
        assert CJK.search(render_action(action, "zh")) and action in ACTIONS
        assert not CJK.search(render_action(action, "en"))


def test_verdict_examples() -> None:
    assert render_verdict("assess_partner", "recommended", "zh") == "建议长期合作"
    assert render_verdict("assess_partner", "recommended", "en") == "Recommended for long-term cooperation"


def test_roi_gap_sentence() -> None:
    out = run_tool(
        "assess_partner", {"verified_cases": 3, "audience_match_pct": 70, "roi": 2.5}, ToolDefaults()
    )
    roi = next(r for r in out["reasons"] if r["code"] == "roi_low")
    assert render_reason(roi, "zh") == "ROI 2.5 低于 1:3 基准线，还差 0.5"
    assert render_reason(roi, "en") == "ROI 2.5 is below the 1:3 baseline (needs +0.5)"


def test_sentences_carry_the_numbers() -> None:
    out = run_tool(
        "performance_bet", {"promised_roi": 3, "actual_roi": 2.4, "spend": 1_000_000}, ToolDefaults()
    )
    assert "20万" in render_reason(out["reasons"][0], "zh")
    assert "200,000" in render_reason(out["reasons"][0], "en")
    out = run_tool("risk_check", {"weekly_rue_pct": [39, 37]}, ToolDefaults())
    assert "39%、37%" in render_reason(out["reasons"][0], "zh")
    assert "39%, 37%" in render_reason(out["reasons"][0], "en")


@pytest.mark.parametrize(
    ("value", "avoid", "text"),
    [
        (2.5, None, "2.5"),
        (70, None, "70"),
        (69.996, 70, "69.996"),
        (1 / 3, None, "0.33"),
        (1_500_000, None, "1,500,000"),
    ],
)
def test_fmt_num(value: float, avoid: float | None, text: str) -> None:
    assert fmt_num(value, avoid) == text


def test_fmt_money() -> None:
    assert fmt_money(500_000, "zh") == "50万" and fmt_money(500_000, "en") == "500,000"
    assert fmt_money(1234.5, "zh") == "1,234.5"
