"""Shared rendering of results (verdict cards, charts, sources, deals); data text is shown escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from assistant.answering import charts
from assistant.answering.answer import Answer, Citation, ToolCall
from assistant.answering.reasons import render_reasons, render_verdict
from assistant.export import safe_inline, safe_markdown
from assistant.i18n import fmt_money, fmt_num, pick
from assistant.tools.registry import TOOLS, node_at
from ui.i18n import lang, tr

CRITERIA = {"cases": "crit_cases", "audience": "crit_audience", "roi": "crit_roi", "radar": "crit_radar"}
_VALUE_OF = {
    "cases": "verified_cases",
    "audience": "audience_match_pct",
    "roi": "roi",
    "radar": "radar_score",
}


def md(text: str) -> None:
    """Markdown from data, escaped first (HTML shown as text, no images, no formulas)."""
    st.markdown(safe_markdown(text))


def card_md(text: str) -> None:
    """A card or deal body (escaped), its ### section headings shown at a reading size."""
    st.markdown(re.sub(r"^###\s", "##### ", safe_markdown(text), flags=re.M))


def verdict_badge(name: str, verdict: str, language: str) -> None:
    spec = TOOLS.get(name)
    good, bad = (spec.good, spec.bad) if spec else ((), ())
    color = "green" if verdict in good else "red" if verdict in bad else "orange"
    st.badge(render_verdict(name, verdict, language), color=color)


def numbers(name: str, out: dict[str, Any], language: str) -> list[tuple[str, str]]:
    """The key numbers of a tool result as (label, value) pairs, as its registry entry lists them."""
    spec = TOOLS.get(name)
    pairs = []
    for m in spec.metrics if spec else ():
        value = (out.get("inputs") or {}).get(m.key) if m.source == "input" else out.get(m.key)
        if m.fmt == "len":
            text = str(len(value or []))
        elif value is None:
            text = "—"
        elif m.fmt == "pct":
            text = f"{fmt_num(value)}%"
        elif m.fmt == "money":
            text = fmt_money(float(value), language)
        else:
            text = fmt_num(value)
        pairs.append((pick(m.label, language), text))
    return pairs


def gap_table(out: dict[str, Any]) -> pd.DataFrame:
    """assess_partner's criteria: value, threshold, pass/fail/skipped and the gap (from its reasons)."""
    rows = []
    inp = out.get("inputs") or {}
    for reason in out.get("reasons") or []:
        code = str(reason.get("code", ""))
        crit, _, status = code.partition("_")
        if crit not in CRITERIA:
            continue
        values = reason.get("values") or {}
        value = values.get(_VALUE_OF[crit], inp.get(_VALUE_OF[crit]))
        word = {"ok": "pass", "low": "fail"}.get(status, "skipped")
        gap = values.get("gap")
        rows.append(
            {
                tr("criterion"): tr(CRITERIA[crit]),
                tr("value"): "—" if value is None else fmt_num(value),
                tr("threshold"): ("> " if crit == "audience" else "≥ ")
                + fmt_num(reason.get("threshold") or 0),
                tr("result"): ("✓ " if word == "pass" else "✗ " if word == "fail" else "– ") + tr(word),
                tr("gap"): "—" if gap is None else fmt_num(gap),
            }
        )
    for field in out.get("missing") or []:
        crit = next((c for c, f in _VALUE_OF.items() if f == field), None)
        if crit:
            rows.append(
                {tr("criterion"): tr(CRITERIA[crit]), tr("value"): "—", tr("result"): "? " + tr("missing")}
            )
    return pd.DataFrame(rows)


def verdict_card(
    name: str,
    inp: dict[str, Any],
    out: dict[str, Any],
    key: str,
    reasons: bool = True,
    language: str | None = None,
    chart: bool = True,
) -> None:
    """One tool result: the verdict, its numbers, the failed criteria, the reasons (unless the text around
    already states them) and the chart, in the given language (the session's by default)."""
    language = language or lang()
    title = pick(TOOLS[name].title, language) if name in TOOLS else name
    with st.container(border=True):
        if "error" in out:
            st.markdown(f"**{tr('invalid_input', language)}** · {safe_inline(title)}")
            for p in out.get("problems") or [{"field": "", "message": out.get("error"), "allowed": ""}]:
                md(f"- {p.get('field')}: {p.get('message')} {p.get('allowed') or ''}")
            return
        head, badge = st.columns([3, 2], vertical_alignment="center")
        head.markdown(f"**{tr('verdict', language)} · {safe_inline(title)}**")
        with badge:
            verdict_badge(name, str(out.get("verdict")), language)
        pairs = numbers(name, out, language)
        if pairs:
            for col, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
                col.metric(label, value)
        failed = out.get("failed") or []
        if failed:
            names = ("、" if language == "zh" else ", ").join(
                tr(CRITERIA.get(f, f), language) for f in failed
            )
            st.markdown(f"**{tr('failed', language)}**: {names}")
        if reasons:
            for line in render_reasons(out.get("reasons") or [], language):
                md(f"- {line}")
        fig = charts.tool_chart(name, inp, out, language) if chart else None
        if fig is not None:
            fig.update_layout(margin={"t": 60, "b": 40, "l": 40, "r": 40})
            if name in ("assess_partner", "counter_offer"):
                fig.update_layout(height=380)
            st.plotly_chart(fig, key=f"chart-{key}", config={"displaylogo": False})


def inputs_form(call: ToolCall, key: str, language: str) -> dict[str, Any] | None:
    """The inputs of a verdict as read, each with where it came from, in a small form; returns the changed
    values when the user recalculates (None otherwise)."""
    spec = TOOLS.get(call.name)
    schema = spec.input_model.model_json_schema() if spec else {}
    fields = [
        f
        for f in (spec.fields if spec else ())
        if (node_at(schema, (f.name,)) or {}).get("type") in ("number", "integer")  # one number, no list
    ]
    if not fields:
        return None
    with st.expander(tr("inputs_as_read", language)), st.form(f"inputs-{key}", border=False):
        values: dict[str, Any] = {}
        for col, f in zip(st.columns(min(len(fields), 3)) * len(fields), fields, strict=False):
            current = call.input.get(f.name)
            source = call.sources.get(f.name, "question") if f.name in call.input else "missing"
            values[f.name] = col.number_input(
                pick(f.label, language),
                value=None if current is None else float(current),
                step=1.0 if f.kind in ("count", "money") else 0.1,
                format="%.0f" if f.kind in ("count", "money") else "%.2f",
                key=f"in-{key}-{f.name}",
                help=tr(f"src_{source}", language),
            )
            col.caption(tr(f"src_{source}", language))
        if not st.form_submit_button(tr("recalculate", language)):
            return None
    edits: dict[str, Any] = {}
    for f in fields:
        new, old = values[f.name], call.input.get(f.name)
        if new is None and old is None:
            continue
        if new is None or old is None or float(new) != float(old):
            edits[f.name] = None if new is None else (int(new) if f.integer else float(new))
    return edits or None


def citation(c: Citation, language: str | None = None) -> None:
    kind = tr("playbook_card", language) if c.kind == "playbook" else tr("deal", language)
    with st.expander(safe_inline(f"[{c.id}] {c.title} · {kind}")):
        card_md(c.text)


def deals_table(rows: list[dict[str, Any]], language: str | None = None) -> None:
    if not rows:
        return
    names = {"partner": "name", "terms": "terms", "result": "result"}
    frame = pd.DataFrame(rows).rename(columns={"id": "ID"} | {k: tr(v, language) for k, v in names.items()})
    st.dataframe(frame, hide_index=True, width="stretch")


def answer_extras(
    answer: Answer,
    key: str,
    charts: bool = True,
    on_edit: Callable[[int, dict[str, Any]], None] | None = None,
) -> None:
    """Everything under an answer's text, in the answer's language: verdict cards (with their charts unless
    `charts` is off, for older answers of a long conversation) and, with `on_edit`, the inputs of each
    verdict to correct; similar deals, citations, the back-end."""
    language = answer.language
    for i, call in enumerate(answer.tool_calls):
        verdict_card(
            call.name,
            call.input,
            call.output,
            key=f"{key}-{i}",
            reasons=False,
            language=language,
            chart=charts,
        )
        if on_edit is not None and (edits := inputs_form(call, f"{key}-{i}", language)):
            on_edit(i, edits)
    parts = [(tr("similar_deals", language), answer.deals), (tr("citations", language), answer.citations)]
    parts = [(label, items) for label, items in parts if items]
    if parts:
        for tab, (_, items) in zip(
            st.tabs([f"{label} ({len(items)})" for label, items in parts]), parts, strict=True
        ):
            with tab:
                if items is answer.deals:
                    deals_table(answer.deals, language)
                else:
                    for c in answer.citations:
                        citation(c, language)
    note = f"{tr('answered_by', language)}: {answer.backend} · {answer.latency_ms:.0f} ms"
    if answer.notes:
        note += f" · {tr('notes', language)}: " + "; ".join(answer.notes)
    st.caption(safe_markdown(note))
