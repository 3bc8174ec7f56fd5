"""Shared rendering of results (verdict cards, charts, sources, deals); data text is shown escaped."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

import pandas as pd
import streamlit as st

from assistant.answering import charts
from assistant.answering import parts as parts_texts
from assistant.answering import texts as T
from assistant.answering.answer import Answer, Citation, ToolCall
from assistant.answering.reasons import render_reasons, render_verdict
from assistant.export import safe_inline, safe_markdown
from assistant.i18n import fmt_money, fmt_num, pick
from assistant.tools.registry import TOOLS, node_at
from ui.chat_texts import ct
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
        elif m.fmt == "ratio":
            text = f"1:{fmt_num(value)}"
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


def chart_has_data(name: str, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    """Whether a tool result's chart would show the user's data (assess_partner's radar needs the six
    scores: without them it is an empty web with a 70-point line)."""
    if "error" in out:
        return False
    if name == "assess_partner":
        return bool((inp or {}).get("radar") or (out.get("inputs") or {}).get("radar"))
    if name == "rank_partners":
        return bool(out.get("ranked"))
    return True


def verdict_card(
    name: str,
    inp: dict[str, Any],
    out: dict[str, Any],
    key: str,
    reasons: bool = True,
    language: str | None = None,
    chart: bool = True,
    text: str | None = None,
) -> None:
    """One tool result: the verdict badge and its key numbers first, then the failed criteria, the reasons
    (unless the text around already states them) and the chart, in the given language (the session's by
    default). With `text` (the answer's verdict section) its bold first line heads the card and its other
    lines stand for the reasons. A chart that would show no data (a radar without scores) is left out."""
    language = language or lang()
    title = pick(TOOLS[name].title, language) if name in TOOLS else name
    with st.container(border=True):
        if "error" in out:
            if text:
                md(text)
                return
            st.markdown(f"**{tr('invalid_input', language)}** · {safe_inline(title)}")
            for p in out.get("problems") or [{"field": "", "message": out.get("error"), "allowed": ""}]:
                md(f"- {p.get('field')}: {p.get('message')} {p.get('allowed') or ''}")
            return
        first, _, rest = (text or "").strip().partition("\n")
        head, badge = st.columns([3, 2], vertical_alignment="center")
        with head:
            if first:
                md(first)
            else:
                st.markdown(f"**{tr('verdict', language)} · {safe_inline(title)}**")
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
        if rest.strip():
            md(rest)
        elif reasons and text is None:
            for line in render_reasons(out.get("reasons") or [], language):
                md(f"- {line}")
        show = chart and chart_has_data(name, inp, out)
        fig = charts.tool_chart(name, inp, out, language) if show else None
        if fig is not None:
            fig.update_layout(margin={"t": 50, "b": 30, "l": 30, "r": 30})
            if name in ("assess_partner", "counter_offer"):
                fig.update_layout(height=340)
            st.plotly_chart(fig, key=f"chart-{key}", config={"displaylogo": False, "displayModeBar": False})


def inputs_form(call: ToolCall, key: str, language: str) -> dict[str, Any] | None:
    """The inputs of a verdict as read, each with where it came from, in a small form; returns the changed
    values when the user recalculates (None otherwise)."""
    fields = _one_number_fields(call.name)
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


@cache
def _one_number_fields(tool: str) -> tuple[Any, ...]:
    """The inputs of a tool that take one number (no list, no table): those the inputs form can edit. Built
    once per tool: every answer in the history draws its form on every rerun."""
    spec = TOOLS.get(tool)
    schema = spec.input_model.model_json_schema() if spec else {}
    return tuple(
        f
        for f in (spec.fields if spec else ())
        if (node_at(schema, (f.name,)) or {}).get("type") in ("number", "integer")
    )


def citation(c: Citation, language: str | None = None) -> None:
    kind = tr("playbook_card", language) if c.kind == "playbook" else tr("deal", language)
    with st.expander(safe_inline(f"[{c.id}] {c.title} · {kind}")):
        card_md(c.text)


def deals_table(rows: list[dict[str, Any]], language: str | None = None) -> None:
    if not rows:
        return
    st.dataframe(
        _deals_frame(json.dumps(rows, ensure_ascii=False, default=str), language or lang()),
        hide_index=True,
        width="stretch",
    )


@lru_cache(maxsize=256)
def _deals_frame(rows_json: str, language: str) -> pd.DataFrame:
    """The similar deals of an answer as a table, kept for the reruns that draw the answer again (the history
    is drawn on every rerun). Read only: st.dataframe does not change it."""
    names = {"partner": "name", "terms": "terms", "result": "result"}
    columns = {"id": "ID"} | {k: tr(v, language) for k, v in names.items()}
    return pd.DataFrame(json.loads(rows_json)).rename(columns=columns)


SECTION_HEADS = ("verdict", "invalid", "playbook", "deals", "next", "sources")


def _kind(chunk: str, language: str) -> str | None:
    """Which section of a grounded answer a paragraph starts (None: it continues the one before)."""
    colon = pick(T.COLON, language)
    label = {k: pick(T.LABELS, language, k) for k in SECTION_HEADS}
    if chunk.startswith(f"**{label['verdict']}{colon}") or chunk.startswith(f"**{label['invalid']}"):
        return "verdict"
    if chunk.startswith(f"**{label['playbook']} · "):
        return "playbook"
    if chunk.startswith(f"**{label['deals']}**"):
        return "deals"
    if chunk.startswith(f"**{label['next']}**"):
        return "next"
    if chunk.startswith(f"{label['sources']}{colon}"):
        return "sources"
    return None


def split_sections(text: str, language: str) -> list[tuple[str, str]]:
    """An answer's text as (kind, text) sections in order: verdict, playbook, deals, next, sources, or "text"
    for anything else (an unsure line, the numbers still needed, a free-form answer)."""
    sections: list[tuple[str, str]] = []
    for chunk in re.split(r"\n{2,}", text or ""):
        if not chunk.strip():
            continue
        kind = _kind(chunk.lstrip(), language)
        if kind is None and sections and sections[-1][0] in ("playbook", "text"):
            sections[-1] = (sections[-1][0], sections[-1][1] + "\n\n" + chunk)
        else:
            sections.append((kind or "text", chunk))
    return sections


def _body(section: str) -> str:
    """A section without its bold heading line."""
    return section.partition("\n")[2]


def show_answer(
    answer: Answer,
    key: str,
    charts: bool = True,
    on_edit: Callable[[int, dict[str, Any]], None] | None = None,
) -> None:
    """One answer, verdict first: per part (a multi-part question) or as a whole, each tool result as a card
    (its badge and key numbers on top, its reasons, a chart only when it has data), then what is still
    needed, the next steps; the playbook steps, the similar deals (one table) and the sources in expanders."""
    if answer.parts:
        md(parts_texts.overview(len(answer.parts), answer.language))
        offset = 0
        for n, part in enumerate(answer.parts, 1):
            with st.container(border=False):
                answered = part.intent != "out_of_scope" and "rejected_input" not in part.notes
                md(parts_texts.part_head(n, part.question, answer.language, answered))
                _one(part, f"{key}-p{n}", charts, _shifted(on_edit, offset))
            offset += len(part.tool_calls)
        return
    _one(answer, key, charts, on_edit)


def _shifted(
    on_edit: Callable[[int, dict[str, Any]], None] | None, offset: int
) -> Callable[[int, dict[str, Any]], None] | None:
    """A part's own tool-call numbers turned into the whole answer's."""
    if on_edit is None:
        return None
    return lambda i, edits: on_edit(offset + i, edits)


def _one(
    answer: Answer,
    key: str,
    charts: bool,
    on_edit: Callable[[int, dict[str, Any]], None] | None,
) -> None:
    language = answer.language
    sections = split_sections(answer.answer, language)
    verdicts = [t for k, t in sections if k == "verdict"]
    for i, call in enumerate(answer.tool_calls):
        verdict_card(
            call.name,
            call.input,
            call.output,
            key=f"{key}-{i}",
            reasons=False,
            language=language,
            chart=charts,
            text=verdicts[i] if i < len(verdicts) else None,
        )
        if on_edit is not None and (edits := inputs_form(call, f"{key}-{i}", language)):
            on_edit(i, edits)
    for t in verdicts[len(answer.tool_calls) :]:
        md(t)
    playbook = [t for k, t in sections if k == "playbook"]
    for kind, t in sections:
        if kind == "text" or (kind == "playbook" and not answer.tool_calls):
            md(t)  # without a verdict, the playbook card is the answer itself
        elif kind == "deals" and answer.intent == "deal_lookup":
            md(t.partition("\n")[0])
            deals_table(answer.deals, language)  # past deals asked for: the table is the answer
        elif kind == "next":
            md(t)
    if answer.tool_calls:
        for t in playbook:
            head = re.match(r"^\*\*[^·\n]+ · (.+?)\*\*", t)
            title = head.group(1) if head else ""
            with st.expander(ct("playbook_steps", language, title=title)):
                md(_body(t))
    if answer.deals and answer.intent != "deal_lookup":
        with st.expander(ct("deals_n", language, n=len(answer.deals))):
            deals_table(answer.deals, language)
    if answer.citations:
        with st.expander(ct("citations_n", language, n=len(answer.citations))):
            for c in answer.citations:
                kind = tr("playbook_card", language) if c.kind == "playbook" else tr("deal", language)
                st.markdown(f"**{safe_inline(f'[{c.id}] {c.title}')}** · {kind}")
                with st.container(height=260 if len(c.text) > 600 else "content"):
                    card_md(c.text)


def waited_caption(ms: float | None, language: str) -> None:
    """How long the user waited for the answer (submit to complete), when it was measured."""
    if ms:
        st.caption(ct("waited", language, seconds=f"{ms / 1000:.1f}"))


def answer_extras(
    answer: Answer,
    key: str,
    charts: bool = True,
    on_edit: Callable[[int, dict[str, Any]], None] | None = None,
) -> None:
    """The answer laid out verdict first (the name other pages knew; see show_answer)."""
    show_answer(answer, key, charts=charts, on_edit=on_edit)
