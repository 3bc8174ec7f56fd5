"""Charts build plain plotly figures with the expected traces, in both languages."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from assistant.answering.charts import alert_timeline, ladder_chart, radar_chart, ranking_chart
from assistant.tools import ToolDefaults, run_tool

AXES = (
    "brand_momentum",
    "user_quality",
    "channel_capability",
    "content_capability",
    "fulfillment",
    "reputation",
)
DIMS = (
    "traffic_quality",
    "audience_match",
    "brand_fit",
    "conversion",
    "cost_efficiency",
    "stability",
    "content",
)


def run(name: str, payload: dict) -> dict:
    return run_tool(name, payload, ToolDefaults())


@pytest.mark.parametrize(("lang", "label"), [("zh", "品牌势能"), ("en", "Brand momentum")])
def test_radar_chart_has_six_axes_and_the_70_line(lang: str, label: str) -> None:
    payload = {"verified_cases": 3, "audience_match_pct": 65, "roi": 3, "radar": dict.fromkeys(AXES, 80)}
    out = run("assess_partner", payload)
    fig = radar_chart(payload, out, lang)
    assert isinstance(fig, go.Figure)
    partner, line = fig.data
    assert partner.type == "scatterpolar" and list(partner.r) == [80] * 7
    assert len(set(partner.theta)) == 6 and label in partner.theta
    assert set(line.r) == {70}


def test_radar_chart_without_scores_still_builds() -> None:
    out = run("assess_partner", {"roi": 3, "radar_total": 65})
    fig = radar_chart(None, out, "en")
    assert len(fig.data) == 1 and set(fig.data[0].r) == {70}
    assert "65" in fig.layout.annotations[0].text


def test_ladder_chart_has_base_tiers_ceiling_and_market() -> None:
    out = run(
        "counter_offer",
        {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 60, "expected_gmv": 1e6},
    )
    fig = ladder_chart(out, "zh")
    bars, ceiling, market = fig.data
    assert bars.type == "bar" and list(bars.y) == [25, 30, 35, 40]
    assert "1,500,000" in bars.x[1]
    assert set(ceiling.y) == {50} and set(market.y) == {25}


def test_ranking_chart_colours_groups() -> None:
    partners = [{"name": f"p{i}", **dict.fromkeys(DIMS, i * 10)} for i in range(10)]
    out = run("rank_partners", {"partners": partners, "top_n": 3})
    fig = ranking_chart(out, "en")
    shortlist, keep, prune = fig.data
    assert list(shortlist.y) == ["p9", "p8", "p7"]
    assert list(prune.y) == ["p1", "p0"]
    assert len(keep.y) == 5 and shortlist.marker.color != prune.marker.color
    assert list(fig.layout.yaxis.categoryarray)[-1] == "p9"


def test_alert_timeline_marks_where_alerts_fire() -> None:
    payload = {
        "weekly_rue_pct": [50, 39, 37],
        "sentiment": [100, 90],
        "monthly_roi": [2.5, 2.6],
        "benchmark_roi": 3,
        "partner_shares_pct": {"A": 45, "B": 20},
    }
    out = run("risk_check", payload)
    fig = alert_timeline(payload, out, "en")
    names = [t.name for t in fig.data]
    assert names.count("Alert") == 1
    alert = next(t for t in fig.data if t.name == "Alert")
    assert list(alert.y) == [39, 37]
    assert any(t.name == "40% line" and set(t.y) == {40} for t in fig.data)
    assert any(t.name == "70% of benchmark" and set(t.y) == {2.1} for t in fig.data)
    shares = next(t for t in fig.data if t.type == "bar")
    assert list(shares.x) == ["A", "B"]


def test_alert_timeline_accepts_only_the_output() -> None:
    out = run("risk_check", {"sentiment": [100, 60]})
    fig = alert_timeline(None, out, "zh")
    assert [t.name for t in fig.data] == ["舆情指数", "下降 30% 线", "预警"]
    assert list(fig.data[1].y) == [70, 70]


def test_the_alert_timeline_has_honest_axes_and_named_periods() -> None:
    payload = {"weekly_rue_pct": [45, 38, 35], "monthly_roi": [3, 1.8, 1.9], "benchmark_roi": 3}
    out = run("risk_check", payload)
    fig = alert_timeline(payload, out, "zh")
    assert list(fig.layout.yaxis.range) == [0, 100], "a percentage from 0 to 100, not 35–45"
    assert fig.layout.yaxis2.range[0] == 0
    assert list(fig.data[0].x) == ["第1周", "第2周", "第3周"]
    en = alert_timeline(payload, out, "en")
    assert list(en.data[0].x) == ["Week 1", "Week 2", "Week 3"]
    assert any(str(t.x[0]).startswith("Month") for t in en.data if t.x is not None and len(t.x))


def test_the_ladder_names_the_partners_ask_as_such() -> None:
    asked = ladder_chart(run("counter_offer", {"demanded_pct": 50, "industry_avg_pct": 25}), "zh")
    assert asked.data[1].name == "对方要价 50%" and asked.layout.yaxis.rangemode == "tozero"
    capped = ladder_chart(
        run("counter_offer", {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 40}), "en"
    )
    assert capped.data[1].name == "Margin ceiling 30%"
