"""Calculators page: counter offer, ROI guarantee, incentive tiers, lead allocation, risk early warning."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.answering.answer import ToolCall
from assistant.answering.compose import verdict_section
from assistant.answering.texts import LABELS
from assistant.export import safe_markdown
from assistant.i18n import fmt_money, fmt_num, pick
from assistant.kb.market import benchmark_for
from assistant.kb.series import SeriesError, parse_series, read_series_file
from assistant.kb.tables import read_outlet_table
from assistant.tools import ToolInputError, run_tool
from ui import resources
from ui.deal_io import errors_frame, read_good_rows
from ui.i18n import lang, localize_widgets, tool_failure, tr
from ui.render import verdict_card

language = lang()
localize_widgets(language)
defaults = resources.tool_defaults()
benchmarks = resources.benchmarks()


def run(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run a tool; invalid input comes back as {"error", "problems"} (in the page's words) for the card."""
    try:
        return run_tool(name, payload, defaults)
    except ToolInputError as exc:
        return tool_failure(exc, language)


def keep(key: str, name: str, payload: dict[str, Any]) -> None:
    st.session_state[key] = (payload, run(name, payload))


def show(key: str, name: str) -> dict[str, Any] | None:
    if key not in st.session_state:
        return None
    payload, out = st.session_state[key]
    verdict_card(name, payload, out, key=key)
    return out


def optional(value: float | None) -> float | None:
    return None if value is None or value == 0 else value


def given(payload: dict[str, Any]) -> dict[str, Any]:
    """The inputs the user filled (an empty field is left out, so the tool names what it still needs)."""
    return {k: v for k, v in payload.items() if v is not None}


def example(text: str) -> dict[str, str]:
    """A field's placeholder: an example of what to write, shown in grey and never used as a value."""
    return {"placeholder": tr("example_value", ex=text)}


st.title(tr("page_calculators"))
st.caption(tr("calc_caption"))
tabs = st.tabs([tr("tab_counter"), tr("tab_bet"), tr("tab_incentive"), tr("tab_leads"), tr("tab_risk")])

with tabs[0]:
    names = {k: b.name(language) for k, b in benchmarks.items()}
    category = st.selectbox(
        tr("category"),
        [None, *names],
        format_func=lambda k: tr("any", language) if k is None else names[k],
        placeholder=tr("any", language),  # what Streamlit shows when it reads the None choice as no choice
        key="co_cat",
    )
    bench = benchmark_for(category, benchmarks)  # the one default path, the same the chat takes
    market = bench.industry_commission_pct if bench else 20.0
    if bench is not None and bench.sample:
        st.caption(
            tr("sample_benchmark", name=bench.name(language), pct=fmt_num(market)),
            help=tr("sample_benchmark_help"),
        )
    with st.form("counter"):
        c1, c2, c3 = st.columns(3)
        demanded = c1.number_input(
            tr("demanded_pct"), 0.0, 100.0, value=None, key="co_demand", **example(fmt_num(50))
        )
        average = c2.number_input(tr("industry_pct"), 0.1, 100.0, float(market), key=f"co_avg_{category}")
        margin = c3.number_input(
            tr("margin_pct"), 0.0, 100.0, value=None, key="co_margin", help=tr("optional")
        )
        c4, c5, c6 = st.columns(3)
        gmv = c4.number_input(
            tr("expected_gmv"), 0.0, value=None, step=10000.0, key="co_gmv", help=tr("optional")
        )
        tiers = c5.number_input(tr("tiers"), 1, 10, defaults.counter_offer.tiers, key="co_tiers")
        step = c6.number_input(
            tr("step_pct"), 0.5, 100.0, float(defaults.counter_offer.step_pct), key="co_step"
        )
        if st.form_submit_button(tr("calculate"), type="primary"):
            payload = {
                "demanded_pct": demanded,
                "industry_avg_pct": average,
                "tiers": tiers,
                "step_pct": step,
            }
            payload |= {"gross_margin_pct": margin, "expected_gmv": optional(gmv)}
            keep("co_result", "counter_offer", given(payload))
    out = show("co_result", "counter_offer")
    if out and "error" not in out:
        payload = st.session_state["co_result"][0]
        script = pick(LABELS, language, "script")
        lines = verdict_section(
            ToolCall(name="counter_offer", input=payload, output=out), language
        ).splitlines()
        said = [ln.removeprefix("- ") for ln in lines if ln.removeprefix("- ").startswith(script)]
        with st.container(border=True):
            st.markdown(f"**{tr('what_to_say')}**")
            for line in said:
                st.markdown(safe_markdown(line.removeprefix(script).lstrip("：: ")))

with tabs[1]:
    with st.form("bet"):
        c1, c2, c3 = st.columns(3)
        promised = c1.number_input(
            tr("promised_roi"), 0.1, value=None, step=0.1, key="pb_promised", **example(fmt_num(3))
        )
        actual = c2.number_input(
            tr("actual_roi"), 0.0, value=None, step=0.1, key="pb_actual", **example(fmt_num(2.4))
        )
        spend = c3.number_input(
            tr("spend"), 1.0, value=None, step=10000.0, key="pb_spend", **example(f"{200000:,}")
        )
        if st.form_submit_button(tr("calculate"), type="primary"):
            payload = {"promised_roi": promised, "actual_roi": actual, "spend": spend}
            keep("pb_result", "performance_bet", given(payload))
    st.caption(tr("bet_formula"))
    show("pb_result", "performance_bet")

with tabs[2]:
    ladder = defaults.incentive_tier.ladder
    st.dataframe(
        pd.DataFrame(
            {
                tr("tier"): [getattr(x, language) for x in ladder],
                "GMV ≥": [fmt_money(x.min_gmv, language) for x in ladder],
            }
        ),
        hide_index=True,
    )
    with st.form("incentive"):
        gmv_now = st.number_input(
            tr("gmv_now"), 0.0, value=None, step=10000.0, key="it_gmv", **example(f"{320000:,}")
        )
        if st.form_submit_button(tr("calculate"), type="primary"):
            keep("it_result", "incentive_tier", given({"gmv": gmv_now}))
    show("it_result", "incentive_tier")

with tabs[3]:
    total = st.number_input(tr("total_leads"), 1, value=None, key="al_total", **example(fmt_num(100)))
    upload = st.file_uploader(tr("upload_outlets"), type=["csv", "xlsx"], key="al_upload")
    outlets: list[dict[str, Any]] = []
    if upload is not None:
        outlets, problems = read_good_rows(upload.getvalue(), upload.name, read_outlet_table)
        if problems:
            (st.warning if outlets else st.error)(tr("outlet_rows_skipped" if outlets else "table_problems"))
            errors_frame(
                problems,
                lambda c: {
                    "name": tr("outlet"),
                    "conversion_pct": tr("conversion_pct"),
                    "rating": tr("rating"),
                }.get(c, c),
            )
    else:
        start = pd.DataFrame(
            {
                "name": pd.Series(dtype="string"),
                "conversion_pct": pd.Series(dtype="float"),
                "rating": pd.Series(dtype="float"),
            }
        )
        st.caption(tr("outlets_example", x=tr("sample_outlet", x="A"), pct=fmt_num(12), rating=fmt_num(4.8)))
        edited = st.data_editor(
            start,
            num_rows="dynamic",
            hide_index=True,
            key=f"al_table_{language}",
            column_config={
                "name": st.column_config.TextColumn(tr("outlet"), required=True),
                "conversion_pct": st.column_config.NumberColumn(
                    tr("conversion_pct"), min_value=0, max_value=100
                ),
                "rating": st.column_config.NumberColumn(tr("rating"), min_value=0, max_value=5),
            },
        )
        outlets = [
            {"name": str(r.name), "conversion_pct": float(r.conversion_pct), "rating": float(r.rating)}
            for r in edited.dropna().itertuples(index=False)
            if str(r.name).strip()
        ]
    if st.button(tr("allocate"), key="al_go", type="primary"):
        keep("al_result", "allocate_leads", given({"total_leads": total, "outlets": outlets}))
    out = show("al_result", "allocate_leads")
    if out and "allocation" in out:
        frame = pd.DataFrame(
            {tr("name"): list(out["allocation"]), tr("leads"): list(out["allocation"].values())}
        )
        st.bar_chart(frame, x=tr("name"), y=tr("leads"), horizontal=True)
        st.dataframe(frame, hide_index=True)

with tabs[4]:
    st.caption(tr("risk_caption"))
    c1, c2, c3 = st.columns(3)
    rue = c1.text_area(tr("rue_series"), key="rk_rue", **example("45, 38, 35"))
    sentiment = c2.text_area(tr("sentiment_series"), key="rk_sent", **example("100, 85, 68"))
    roi_text = c3.text_area(tr("roi_series"), key="rk_roi", **example("2.8, 2.5, 2.2"))
    roi_bench = benchmark_for(None, benchmarks)  # the one default path: the chat fills the same value
    bench = c3.number_input(
        tr("benchmark_roi"),
        0.0,
        value=None if roi_bench is None else float(roi_bench.benchmark_roi),
        step=0.1,
        key="rk_bench",
    )
    if roi_bench is not None and roi_bench.sample:
        c3.caption(
            tr("sample_benchmark_roi", name=roi_bench.name(language), roi=fmt_num(roi_bench.benchmark_roi)),
            help=tr("sample_benchmark_help"),
        )
    st.caption(tr("shares_caption"))
    shares = st.data_editor(
        pd.DataFrame({"partner": pd.Series(dtype="string"), "share_pct": pd.Series(dtype="float")}),
        num_rows="dynamic",
        hide_index=True,
        key="rk_shares",
        column_config={
            "partner": st.column_config.TextColumn(tr("partner_col"), required=True),
            "share_pct": st.column_config.NumberColumn(tr("share_pct"), min_value=0, max_value=100),
        },
    )
    upload = st.file_uploader(tr("upload_series"), type=["csv", "xlsx"], key="rk_upload")
    if st.button(tr("check"), key="rk_go", type="primary"):
        series = {"weekly_rue_pct": parse_series(rue), "sentiment": parse_series(sentiment)}
        series["monthly_roi"] = parse_series(roi_text)
        try:
            series |= read_series_file(upload.getvalue(), upload.name) if upload is not None else {}
        except SeriesError as exc:
            st.error(tr("table_problems"))
            errors_frame([exc.problem])
        payload: dict[str, Any] = {k: v for k, v in series.items() if v}
        if payload.get("monthly_roi") and bench:
            payload["benchmark_roi"] = bench
        table = {str(r.partner): float(r.share_pct) for r in shares.dropna().itertuples(index=False)}
        if table:
            payload["partner_shares_pct"] = table
        keep("rk_result", "risk_check", payload)
    show("rk_result", "risk_check")
