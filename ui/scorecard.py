"""Partner scorecard page: assess one partner, compare two audience profiles, rank an uploaded table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.answering.charts import RADAR_LABELS
from assistant.export import rows_to_csv
from assistant.i18n import pick
from assistant.kb.tables import PARTNER_COLUMNS, read_partner_table
from assistant.tools import ToolInputError, run_tool
from assistant.tools.constants import PRUNE_PCT, TOP_N
from assistant.tools.defaults import RADAR_AXES
from ui import resources
from ui.deal_io import errors_frame, read_good_rows
from ui.i18n import lang, localize_widgets, tool_failure, tr
from ui.render import gap_table, verdict_card

language = lang()
localize_widgets(language)
defaults = resources.tool_defaults()
DIMENSION_NAMES = {"name": "name", **{d: f"dim_{d}" for d in PARTNER_COLUMNS if d != "name"}}


def column_name(column: str) -> str:
    """A partner-table column by the name the page uses for it."""
    key = DIMENSION_NAMES.get(column)
    return tr(key) if key else column


def problems_table(problems: list[dict[str, Any]], partial: bool) -> None:
    """Table problems as a table (row, column, reason), saying whether the other rows were still used."""
    (st.warning if partial else st.error)(tr("rows_skipped" if partial else "table_problems"))
    errors_frame(problems, column_name)


def empty(key: str) -> dict[str, Any]:
    """Start a number field empty (unknown) unless the session already holds a value for it."""
    return {} if key in st.session_state else {"value": None}


def _use_match() -> None:
    result = st.session_state.get("aud_result")
    if result and "match_pct" in result:
        st.session_state["sc_audience"] = float(result["match_pct"])


st.title(tr("page_scorecard"))
st.caption(tr("sc_caption"))
single, audience, batch = st.tabs([tr("tab_single"), tr("tab_audience"), tr("tab_batch")])

with single:
    mode = st.radio(
        tr("radar_mode"),
        ["none", "six", "total"],
        format_func=lambda m: tr(f"radar_{m}", language),
        horizontal=True,
        key="sc_mode",
    )
    with st.form("assess"):
        c1, c2, c3 = st.columns(3)
        unknown = {"help": tr("unknown_hint")}
        cases = c1.number_input(
            tr("cases"), min_value=0, step=1, key="sc_cases", **empty("sc_cases"), **unknown
        )
        match = c2.number_input(
            tr("audience_pct"),
            min_value=0.0,
            max_value=100.0,
            key="sc_audience",
            **empty("sc_audience"),
            **unknown,
        )
        roi = c3.number_input(tr("roi"), min_value=0.0, step=0.1, key="sc_roi", **empty("sc_roi"), **unknown)
        radar: dict[str, float | None] = {}
        total = None
        rated = {"min_value": 0, "max_value": 100, "step": 1, "placeholder": tr("not_rated")}
        if mode == "six":  # no score until the user gives one: a default would pass as their rating
            cols = st.columns(3)
            for i, axis in enumerate(RADAR_AXES):
                label = pick(RADAR_LABELS[axis], language)
                key = f"sc_{axis}"
                radar[axis] = cols[i % 3].number_input(label, key=key, **rated, **empty(key))
            st.caption(tr("rate_all_six"))
        elif mode == "total":
            total = st.number_input(tr("radar_total_value"), key="sc_total", **rated, **empty("sc_total"))
        if st.form_submit_button(tr("assess"), type="primary"):
            payload: dict[str, Any] = {"verified_cases": cases, "audience_match_pct": match, "roi": roi}
            scores = {axis: value for axis, value in radar.items() if value is not None}
            if scores:  # the ones given: a score left out is refused by name
                payload["radar"] = scores
            if total is not None:
                payload["radar_total"] = total
            try:
                st.session_state["sc_result"] = (payload, run_tool("assess_partner", payload, defaults))
            except ToolInputError as exc:
                st.session_state["sc_result"] = (payload, tool_failure(exc, language))
    if "sc_result" in st.session_state:
        payload, out = st.session_state["sc_result"]
        verdict_card("assess_partner", payload, out, key="sc")
        if "error" not in out:
            st.markdown(f"**{tr('gaps_title')}**")
            st.dataframe(gap_table(out), hide_index=True, width="stretch")

with audience:
    st.caption(tr("aud_caption"))
    start = pd.DataFrame(
        {
            tr("bucket"): ["18–24", "25–34", "35–44", "45+"],
            tr("ours"): [30.0, 45.0, 15.0, 10.0],
            tr("theirs"): [20.0, 40.0, 25.0, 15.0],
        }
    )
    table = st.data_editor(start, num_rows="dynamic", hide_index=True, key=f"aud_table_{language}")
    if st.button(tr("compute_match"), key="aud_go"):
        rows = table.dropna()
        ours = {str(r[0]): float(r[1]) for r in rows.itertuples(index=False) if str(r[0]).strip()}
        theirs = {str(r[0]): float(r[2]) for r in rows.itertuples(index=False) if str(r[0]).strip()}
        try:
            st.session_state["aud_result"] = run_tool(
                "audience_match", {"ours": ours, "theirs": theirs}, defaults
            )
        except ToolInputError as exc:
            st.session_state["aud_result"] = tool_failure(exc, language)
    result = st.session_state.get("aud_result")
    if result:
        verdict_card("audience_match", {}, result, key="aud")
        if "match_pct" in result:
            st.button(tr("use_match"), on_click=_use_match, key="aud_use")

with batch:
    st.caption(tr("batch_caption"))
    header = list(PARTNER_COLUMNS)
    sample = [["示例合作方A", 80, 75, 70, 85, 60, 90, 70], ["Example partner B", 55, 62, 58, 40, 70, 45, 50]]
    st.download_button(
        tr("template"), rows_to_csv(header, sample), "partners_template.csv", "text/csv", key="sc_template"
    )
    upload = st.file_uploader(tr("upload_partners"), type=["csv", "xlsx"], key="sc_upload")
    c1, c2 = st.columns(2)
    top_n = c1.number_input(tr("top_n"), min_value=1, value=TOP_N, key="sc_top")
    prune = c2.number_input(
        tr("prune_pct"), min_value=0.0, max_value=100.0, value=float(PRUNE_PCT), key="sc_prune"
    )
    if upload is not None:
        partners, problems = read_good_rows(upload.getvalue(), upload.name, read_partner_table)
        if problems:
            problems_table(problems, partial=bool(partners))
        if partners:
            try:
                out = run_tool(
                    "rank_partners", {"partners": partners, "top_n": top_n, "prune_pct": prune}, defaults
                )
            except ToolInputError as exc:
                out = tool_failure(exc, language)
            verdict_card("rank_partners", {}, out, key="rank")
            if "error" not in out:
                shortlist, pruned = set(out["shortlist"]), set(out["prune"])
                group = {
                    n: tr("n_shortlist") if n in shortlist else tr("n_prune") if n in pruned else "—"
                    for n in (r["name"] for r in out["ranked"])
                }
                rows = [[i, r["name"], r["score"], group[r["name"]]] for i, r in enumerate(out["ranked"], 1)]
                cols = [tr("rank"), tr("name"), tr("score"), tr("group")]
                st.dataframe(pd.DataFrame(rows, columns=cols), hide_index=True, width="stretch")
                st.download_button(
                    tr("download_result"),
                    rows_to_csv(cols, rows),
                    "partner_ranking.csv",
                    "text/csv",
                    key="sc_dl",
                )
