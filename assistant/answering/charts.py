"""Plotly figures for tool results: assessment radar, commission ladder, partner ranking, alert timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.i18n import fmt_num, pick
from assistant.tools.base import exact
from assistant.tools.constants import MIN_RADAR_SCORE, ROI_BENCHMARK_RATIO, RUE_LOW_PCT, SENTIMENT_DROP_RATIO
from assistant.tools.defaults import RADAR_AXES
from assistant.tools.negotiation import CounterOfferOutput
from assistant.tools.partner import AssessPartnerInput, AssessPartnerOutput
from assistant.tools.portfolio import RankPartnersOutput
from assistant.tools.risk import RiskCheckInput, RiskCheckOutput

if TYPE_CHECKING:
    import plotly.graph_objects as go

RADAR_LABELS = {
    "brand_momentum": ("品牌势能", "Brand momentum"),
    "user_quality": ("用户质量", "User quality"),
    "channel_capability": ("渠道能力", "Channel capability"),
    "content_capability": ("内容能力", "Content capability"),
    "fulfillment": ("履约能力", "Fulfilment"),
    "reputation": ("合作口碑", "Reputation"),
}
GREEN, GREY, RED, BLUE, ORANGE = "#2e7d32", "#9e9e9e", "#c62828", "#1565c0", "#ef6c00"


def _t(lang: str, zh: str, en: str) -> str:
    return pick((zh, en), lang)


def _as(model: Any, value: Any) -> Any:
    return value if isinstance(value, model) else model.model_validate(value)


def radar_chart(inp: Any, out: Any, lang: str = "zh") -> go.Figure:
    """The six radar axes of assess_partner with the partner's scores and the 70-point line."""
    import plotly.graph_objects as go

    out = _as(AssessPartnerOutput, out)
    inp = out.inputs if inp is None else _as(AssessPartnerInput, inp)
    labels = [pick(RADAR_LABELS[a], lang) for a in RADAR_AXES]
    theta = [*labels, labels[0]]
    fig = go.Figure()
    if inp.radar is not None:
        r = [getattr(inp.radar, a) for a in RADAR_AXES]
        fig.add_trace(
            go.Scatterpolar(r=[*r, r[0]], theta=theta, fill="toself", name=_t(lang, "合作方", "Partner"))
        )
    line = [MIN_RADAR_SCORE] * len(theta)
    fig.add_trace(
        go.Scatterpolar(
            r=line,
            theta=theta,
            mode="lines",
            line={"dash": "dash", "color": RED},
            name=_t(lang, f"{MIN_RADAR_SCORE} 分线", f"{MIN_RADAR_SCORE}-point bar"),
        )
    )
    score = out.radar_score
    title = _t(lang, "资源适配度雷达", "Resource-fit radar")
    if score is not None:
        title += f" · {score:.1f}"
    if inp.radar is None:
        note = (
            _t(lang, "未提供六项评分", "No dimension scores given")
            if score is None
            else _t(lang, f"仅有总分 {score:g}", f"Total only: {score:g}")
        )
        fig.add_annotation(text=note, showarrow=False, x=0.5, y=-0.12, xref="paper", yref="paper")
    fig.update_layout(title=title, polar={"radialaxis": {"range": [0, 100]}}, showlegend=True)
    return fig


def ladder_chart(out: Any, lang: str = "zh") -> go.Figure:
    """counter_offer's rate ladder: base and tier rates as bars, the ceiling and market average as lines."""
    import plotly.graph_objects as go

    out = _as(CounterOfferOutput, out)
    x = [_t(lang, "基础", "Base")]
    y = [out.base_pct]
    for tier in out.tiers:
        label = _t(lang, f"第{tier.tier}档", f"Tier {tier.tier}")
        if tier.threshold_gmv is not None:
            label += f"<br>GMV ≥ {tier.threshold_gmv:,.0f}"
        x.append(label)
        y.append(tier.rate_pct)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(x=x, y=y, name=_t(lang, "佣金率 %", "Rate %"), text=[f"{v:g}%" for v in y], marker_color=BLUE)
    )
    own_ask = out.ceiling_pct >= out.inputs.demanded_pct  # no margin cap: the "ceiling" is only their ask
    ceiling = _t(lang, "对方要价", "Partner's ask") if own_ask else _t(lang, "毛利上限", "Margin ceiling")
    lines = (
        (out.ceiling_pct, ceiling, RED),
        (out.inputs.industry_avg_pct, _t(lang, "行业平均", "Market average"), GREY),
    )
    for value, name, colour in lines:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[value] * len(x),
                mode="lines",
                name=f"{name} {value:g}%",
                line={"dash": "dash", "color": colour},
            )
        )
    fig.update_layout(
        title=_t(lang, "还价阶梯", "Counter-offer ladder"),
        yaxis={"title": "%", "rangemode": "tozero"},
        barmode="group",
    )
    return fig


def ranking_chart(out: Any, lang: str = "zh") -> go.Figure:
    """rank_partners as horizontal bars, best at the top: shortlist green, prune red, the rest grey."""
    import plotly.graph_objects as go

    out = _as(RankPartnersOutput, out)
    shortlist, prune = set(out.shortlist), set(out.prune)
    groups = (
        (_t(lang, "深度合作名单", "Shortlist"), GREEN, [r for r in out.ranked if r.name in shortlist]),
        (_t(lang, "保持观察", "Keep"), GREY, [r for r in out.ranked if r.name not in shortlist | prune]),
        (_t(lang, "建议淘汰", "Prune"), RED, [r for r in out.ranked if r.name in prune]),
    )
    fig = go.Figure()
    for name, colour, rows in groups:
        fig.add_trace(
            go.Bar(
                x=[r.score for r in rows],
                y=[r.name for r in rows],
                orientation="h",
                name=name,
                marker_color=colour,
            )
        )
    order = [r.name for r in out.ranked]
    fig.update_layout(
        title=_t(lang, "合作方排序", "Partner ranking"),
        xaxis={"range": [0, 100], "title": _t(lang, "加权得分", "Weighted score")},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1]},
        height=max(300, 28 * len(order) + 120),
    )
    return fig


Panel = tuple[str, list[float], list[tuple[str, float]], str, int, tuple[float, float] | None, str]


def _risk_panels(inp: Any, lang: str) -> list[Panel]:
    """risk_check's series panels: (title, values, threshold lines, the alert code, how many points fire it,
    the axis range of a percentage (else from 0), the label of one point)."""
    panels: list[Panel] = []
    if inp.weekly_rue_pct:
        panels.append(
            (
                _t(lang, "资源利用率 RUE %", "RUE %"),
                inp.weekly_rue_pct,
                [(_t(lang, f"{RUE_LOW_PCT}% 线", f"{RUE_LOW_PCT}% line"), RUE_LOW_PCT)],
                "rue_low",
                2,
                (0.0, 100.0),
                _t(lang, "第{n}周", "Week {n}"),
            )
        )
    if inp.sentiment:
        level = float(exact(inp.sentiment[0]) * (1 - SENTIMENT_DROP_RATIO))
        drop = fmt_num(float(SENTIMENT_DROP_RATIO * 100))
        panels.append(
            (
                _t(lang, "舆情指数", "Sentiment index"),
                inp.sentiment,
                [(_t(lang, f"下降 {drop}% 线", f"{drop}% drop line"), level)],
                "sentiment_drop",
                1,
                None,
                _t(lang, "第{n}次", "Reading {n}"),
            )
        )
    if inp.monthly_roi and inp.benchmark_roi:
        floor = float(exact(inp.benchmark_roi) * ROI_BENCHMARK_RATIO)
        ratio = fmt_num(float(ROI_BENCHMARK_RATIO * 100))
        panels.append(
            (
                _t(lang, "月度 ROI", "Monthly ROI"),
                inp.monthly_roi,
                [
                    (_t(lang, "行业基准", "Benchmark"), inp.benchmark_roi),
                    (_t(lang, f"基准的 {ratio}%", f"{ratio}% of benchmark"), floor),
                ],
                "roi_below_benchmark",
                2,
                None,
                _t(lang, "第{n}月", "Month {n}"),
            )
        )
    return panels


def alert_timeline(inp: Any, out: Any, lang: str = "zh") -> go.Figure:
    """risk_check's series, one panel each, with the threshold lines and the points where alerts fire."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    out = _as(RiskCheckOutput, out)
    inp = out.inputs if inp is None else _as(RiskCheckInput, inp)
    fired = {a.code for a in out.alerts}
    panels = _risk_panels(inp, lang)
    rows = len(panels) + (1 if inp.partner_shares_pct else 0)
    titles = [p[0] for p in panels] + (
        [_t(lang, "合作方占比 %", "Partner share %")] if inp.partner_shares_pct else []
    )
    fig = make_subplots(rows=max(rows, 1), cols=1, subplot_titles=titles, vertical_spacing=0.12)
    for row, (title, series, lines, code, last_n, span, point) in enumerate(panels, 1):
        x = [point.format(n=i) for i in range(1, len(series) + 1)]
        # honest axes: a percentage from 0 to 100 (or beyond, if a value is), other series from 0
        top = max([*series, *(v for _, v in lines)]) * 1.1
        y_range = [0, max(span[1], top)] if span else [0, top or 1]
        fig.update_yaxes(range=y_range, row=row, col=1)
        fig.add_trace(
            go.Scatter(x=x, y=series, mode="lines+markers", name=title, line={"color": BLUE}), row=row, col=1
        )
        for name, value in lines:
            fig.add_trace(
                go.Scatter(
                    x=x, y=[value] * len(x), mode="lines", name=name, line={"dash": "dash", "color": GREY}
                ),
                row=row,
                col=1,
            )
        if code in fired:
            fig.add_trace(
                go.Scatter(
                    x=x[-last_n:],
                    y=series[-last_n:],
                    mode="markers",
                    name=_t(lang, "预警", "Alert"),
                    marker={"color": RED, "size": 14, "symbol": "x"},
                ),
                row=row,
                col=1,
            )
    if inp.partner_shares_pct:
        names, shares = list(inp.partner_shares_pct), list(inp.partner_shares_pct.values())
        limit = out.inputs.single_point_share_pct or 0
        colours = [RED if "single_point_dependency" in fired and s > limit else ORANGE for s in shares]
        fig.add_trace(go.Bar(x=names, y=shares, name=titles[-1], marker_color=colours), row=rows, col=1)
        fig.add_trace(
            go.Scatter(
                x=names,
                y=[limit] * len(names),
                mode="lines",
                name=f"{limit:g}%",
                line={"dash": "dash", "color": GREY},
            ),
            row=rows,
            col=1,
        )
        fig.update_yaxes(range=[0, max(100.0, *shares)], row=rows, col=1)
    fig.update_layout(title=_t(lang, "风险预警", "Early warning"), height=260 * max(rows, 1) + 80)
    return fig


CHARTS: dict[str, Any] = {
    "radar": lambda inp, out, lang: radar_chart(None, out, lang),
    "ladder": lambda inp, out, lang: ladder_chart(out, lang),
    "alerts": lambda inp, out, lang: alert_timeline(None, out, lang),
    "ranking": lambda inp, out, lang: ranking_chart(out, lang),
}
"""The charts a registry entry can name (ToolSpec.chart), each called as chart(input, output, lang)."""


def tool_chart(name: str, inp: Any, out: Any, lang: str) -> go.Figure | None:
    """The chart of a tool result, as its registry entry names it, or None."""
    from assistant.tools.registry import TOOLS

    spec = TOOLS.get(name)
    return CHARTS[spec.chart](inp, out, lang) if spec and spec.chart else None
