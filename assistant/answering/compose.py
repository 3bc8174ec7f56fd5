"""Compose the grounded answer: verdict first, then the playbook steps, similar deals, next steps, sources.
Returns sections so the UI can stream them; every number comes from a tool output, a card or a deal."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assistant.answering import texts as T
from assistant.answering.answer import ToolCall
from assistant.answering.reasons import (
    render_action,
    render_benchmark_fill,
    render_history_fill,
    render_reasons,
    render_verdict,
    tool_problems,
)
from assistant.answering.safe import inline_text
from assistant.i18n import fmt_money, fmt_num, pick
from assistant.intents import intent_title, next_steps
from assistant.kb.cards import Card
from assistant.kb.deals import Deal, label
from assistant.kb.market import Benchmark
from assistant.tools.base import PCT_MAX, PCT_MIN
from assistant.tools.defaults import ToolDefaults
from assistant.tools.registry import FIELDS, TOOLS, field_bounds, tool_of_field
from assistant.understanding.accounting import NumberUse, candidate_fields

SECTION_KEYS = {
    "when": ("适用场景", "when to use"),
    "steps": ("做法", "steps", "步骤", "三步", "how"),
    "figures": ("关键数字", "key figures", "figures"),
    "case": ("案例", "case"),
    "pitfalls": ("易踩的坑", "pitfalls", "坑"),
}
_HEADING = re.compile(r"^###\s+(.+)$", re.M)
_ITEM = re.compile(r"^\s*(?:\d+[.)、]|[-*•])\s*(.+)$")


def card_sections(card: Card, lang: str) -> dict[str, str]:
    """A card body split into its five parts (by heading words, else by position)."""
    body = card.body.get(lang) or ""
    parts = _HEADING.split(body)
    sections: dict[str, str] = {}
    order = list(SECTION_KEYS)
    for i, (head, text) in enumerate(zip(parts[1::2], parts[2::2], strict=False)):
        h = head.strip().lower()
        key = next((k for k, words in SECTION_KEYS.items() if any(w in h for w in words)), None)
        if key is None and i < len(order):
            key = order[i]
        if key and key not in sections:
            sections[key] = text.strip()
    return sections


def list_items(text: str, limit: int = 5) -> list[str]:
    """The numbered or bulleted lines of a section (or its sentences when it has none)."""
    items = [m.group(1).strip() for line in text.splitlines() if (m := _ITEM.match(line))]
    if not items:
        items = [s.strip() for s in re.split(r"(?<=[。！？.!?])\s*", text) if s.strip()]
    return items[:limit]


def tool_title(name: str, lang: str) -> str:
    spec = TOOLS.get(name)
    return pick(spec.title, lang) if spec else name


def _bold_with_title(head: str, title: str, lang: str) -> str:
    return f"**{head}**（{title}）" if lang == "zh" else f"**{head}** ({title})"


def verdict_section(call: ToolCall, lang: str, benchmarks: Mapping[str, Benchmark] | None = None) -> str:
    """The verdict of one tool call with its reasons (or the validation problems, in words). `benchmarks`
    names the category of an input taken from them (its key otherwise)."""
    title = tool_title(call.name, lang)
    colon = pick(T.COLON, lang)
    if not call.ok:
        lines = [
            f"- {inline_text(p['field'])}{colon}{inline_text(p['message'])}"
            for p in tool_problems(call.output.get("problems") or [], lang)
        ]  # a message may quote the input it refused: the user's own words
        if not lines:
            lines = [f"- {inline_text(call.output.get('error'))}"]
        label = pick(T.LABELS, lang, "invalid")
        head = f"**{label}（{title}）**" if lang == "zh" else f"**{label} ({title})**"
        return "\n".join([head, *lines, "", pick(T.INVALID_HINT, lang, pct_lo=PCT_MIN, pct_hi=PCT_MAX)])
    out = call.output
    verdict = render_verdict(call.name, str(out.get("verdict")), lang)
    lines = [_bold_with_title(f"{pick(T.LABELS, lang, 'verdict')}{colon}{verdict}", title, lang)]
    lines += [f"- {r}" for r in render_reasons(out.get("reasons") or [], lang)]
    lines += _tool_extras(call, lang)
    if call.filled_from_history:
        filled = [render_history_fill(x, lang) for x in call.filled_from_history]
        lines.append(f"- {pick(T.LABELS, lang, 'history_fill')}{colon}{pick(T.LIST_SEP, lang).join(filled)}")
    if call.filled_from_benchmarks:
        filled = [render_benchmark_fill(x, lang, benchmarks or {}) for x in call.filled_from_benchmarks]
        lines.append(
            f"- {pick(T.LABELS, lang, 'benchmark_fill')}{colon}{pick(T.LIST_SEP, lang).join(filled)}"
        )
    return "\n".join(lines)


def _counter_script(out: dict[str, Any], lang: str) -> str:
    tiers = out.get("tiers") or []
    if not tiers:
        return pick(T.SCRIPT_NO_LADDER, lang, base=f"{fmt_num(out['base_pct'])}%")
    gmv = [x.get("threshold_gmv") for x in tiers]
    thresholds = ""
    if gmv and gmv[0]:
        joined = pick(T.LIST_SEP, lang).join(fmt_money(g, lang) for g in gmv if g)
        thresholds = pick(T.SCRIPT_THRESHOLDS, lang, gmv=joined)
    return pick(
        T.SCRIPT,
        lang,
        base=f"{fmt_num(out['base_pct'])}%",
        ladder=" → ".join(f"{fmt_num(x['rate_pct'])}%" for x in tiers),
        ceiling=f"{fmt_num(out['ceiling_pct'])}%",
        thresholds=thresholds,
    )


def _tool_extras(call: ToolCall, lang: str) -> list[str]:
    """The lines a verdict adds under its reasons: the script, the amount owed, the split, the alerts."""
    out = call.output
    colon = pick(T.COLON, lang)
    if call.name == "counter_offer":
        return [f"- {pick(T.LABELS, lang, 'script')}{colon}{_counter_script(out, lang)}"]
    if call.name == "performance_bet":
        amount = fmt_money(float(out.get("compensation") or 0), lang)
        return [f"- {pick(T.LABELS, lang, 'compensation')}{colon}{amount}"]
    if call.name == "allocate_leads":
        unit = pick(T.LEADS_UNIT, lang)
        parts = [f"{inline_text(name)} {n}{unit}" for name, n in (out.get("allocation") or {}).items()]
        return [f"- {pick(T.ALLOCATION, lang)}{colon}{pick(T.CLAUSE_SEP, lang).join(parts)}"]
    if call.name == "risk_check":
        label = pick(T.LABELS, lang, "action")
        return [
            f"- {label}{colon}{render_action(str(a.get('action')), lang)}" for a in out.get("alerts") or []
        ]
    if call.name == "rank_partners":
        return _ranking_lines(out, lang)
    if call.name == "audience_match":
        return _overlap_lines(call, lang)
    return []


def _ranking_lines(out: dict[str, Any], lang: str) -> list[str]:
    """The ranked partners with their scores, the shortlist and the partners proposed for pruning."""
    colon, sep = pick(T.COLON, lang), pick(T.LIST_SEP, lang)
    ranked = sep.join(f"{inline_text(r['name'])} {fmt_num(r['score'])}" for r in out.get("ranked") or [])
    none = pick(T.RANKING, lang, "none")
    lines = [f"- {pick(T.RANKING, lang, 'ranked')}{colon}{ranked}"]
    for key in ("shortlist", "prune"):
        names = sep.join(inline_text(name) for name in out.get(key) or [])
        lines.append(f"- {pick(T.RANKING, lang, key)}{colon}{names or none}")
    return lines


def _overlap_lines(call: ToolCall, lang: str) -> list[str]:
    """The overlap of the two profiles, and each bucket's share on both sides as the user gave them."""
    colon, sep = pick(T.COLON, lang), pick(T.LIST_SEP, lang)
    ours, theirs = call.input.get("ours") or {}, call.input.get("theirs") or {}
    buckets = [*ours, *(b for b in theirs if b not in ours)]
    shares = sep.join(f"{inline_text(b)} {_share(ours.get(b))} / {_share(theirs.get(b))}" for b in buckets)
    return [
        f"- {pick(T.OVERLAP, lang, 'overlap')}{colon}{fmt_num(float(call.output.get('match_pct') or 0))}%",
        f"- {pick(T.OVERLAP, lang, 'buckets')}{colon}{shares}",
    ]


def _share(value: Any) -> str:
    return f"{fmt_num(value)}%" if isinstance(value, int | float) else "—"


def field_ask(field: str, lang: str) -> str:
    """How to ask for an input, with its allowed range from the tool's model where the text names one."""
    spec = FIELDS[field]
    tool = tool_of_field(field)
    lo, hi = field_bounds(tool, field) if tool else (None, None)
    return (
        pick(spec.ask, lang, lo=fmt_num(lo or 0), hi=fmt_num(hi or 0))
        if "{" in spec.ask[0]
        else pick(spec.ask, lang)
    )


def missing_section(missing: dict[str, list[str]], lang: str) -> str:
    lines = []
    for tool, fields in missing.items():
        names = pick(T.LIST_SEP, lang).join(field_ask(f, lang) for f in fields if f in FIELDS)
        lines.append(pick(T.ASK_MISSING, lang, tool=tool_title(tool, lang), fields=names))
    return "\n".join(lines)


def assess_missing(call: ToolCall, lang: str) -> str:
    """Ask for the inputs assess_partner reported missing."""
    names = [f for f in call.output.get("missing") or [] if f in FIELDS]
    if not names:
        return ""
    return missing_section({"assess_partner": names}, lang)


def playbook_section(card: Card, lang: str, full: bool) -> str:
    """The steps of the card that applies (and, for method questions, its figures and case); the card's own
    words are data, escaped line by line."""
    sec = card_sections(card, lang)
    title = inline_text(card.title.get(lang, card.id))
    head = f"**{pick(T.LABELS, lang, 'playbook')} · {title}** [{inline_text(card.id)}]"
    lines = [head]
    if full and sec.get("when"):
        when = list_items(sec["when"], 2)
        lines.append(inline_text(when[0]) if when else "")
    steps = list_items(sec.get("steps", ""), 5)
    lines += [f"{i}. {inline_text(s)}" for i, s in enumerate(steps, 1)]
    if full:
        figs = list_items(sec.get("figures", ""), 5)
        if figs:
            lines.append(f"\n*{pick(T.LABELS, lang, 'figures')}*")
            lines += [f"- {inline_text(f)}" for f in figs]
        case = sec.get("case", "")
        if case:
            lines.append(f"\n*{pick(T.LABELS, lang, 'case')}*{pick(T.COLON, lang)}{inline_text(case)}")
    return "\n".join(line for line in lines if line is not None)


def _deal_row(d: Deal, lang: str) -> dict[str, Any]:
    name = d.partner if lang == "zh" or not d.partner_en else d.partner_en
    terms = [label(d.deal_type, lang)]
    if d.commission_pct is not None:
        terms.append(f"{pick(T.DEAL_TERMS, lang, 'commission')} {fmt_num(d.commission_pct)}%")
    if d.roi is not None:
        terms.append(f"ROI {fmt_num(round(d.roi, 2))}")
    if d.audience_match_pct is not None:
        terms.append(f"{pick(T.DEAL_TERMS, lang, 'match')} {fmt_num(d.audience_match_pct)}%")
    lesson = " ".join((d.lessons_zh if lang == "zh" else d.lessons_en).split())
    limit = 60 if lang == "zh" else 110
    short = lesson if len(lesson) <= limit else lesson[: limit - 2].rstrip() + "…"
    outcome = pick(T.OUTCOMES, lang, str(d.outcome))
    return {
        "id": d.deal_id,
        "partner": name,
        "terms": ", ".join(terms),
        "result": f"{outcome}: {short}" if short else outcome,
    }


def deals_section(deals: list[Deal], lang: str) -> tuple[str, list[dict[str, Any]]]:
    """A short markdown table of similar deals (each cell escaped), and the same rows as data for the UI
    (unescaped: the page shows them as a table of text, never as Markdown)."""
    rows = [_deal_row(d, lang) for d in deals]
    if not rows:
        return "", rows
    head = f"**{pick(T.LABELS, lang, 'deals')}**"
    table = [
        f"| {pick(T.LABELS, lang, 'partner')} | {pick(T.LABELS, lang, 'terms')} | "
        f"{pick(T.LABELS, lang, 'result')} |",
        "|---|---|---|",
    ]
    table += [
        f"| {inline_text(r['partner'])} [{inline_text(r['id'])}] | {inline_text(r['terms'])} | "
        f"{inline_text(r['result'])} |"
        for r in rows
    ]
    return "\n".join([head, *table]), rows


def next_section(intent: str, verdict: str | None, lang: str, defaults: ToolDefaults) -> str:
    steps = next_steps(intent, verdict, lang, defaults)
    if not steps:
        return ""
    return "\n".join([f"**{pick(T.LABELS, lang, 'next')}**", *[f"- {s}" for s in steps]])


def sources_line(ids: list[str], lang: str) -> str:
    return f"{pick(T.LABELS, lang, 'sources')}{pick(T.COLON, lang)}" + " · ".join(
        f"[{inline_text(i)}]" for i in ids
    )


def unsure_line(intent: str, runner_up: str, lang: str) -> str:
    return pick(
        T.UNSURE,
        lang,
        unsure=pick(T.LABELS, lang, "unsure"),
        intent=intent_title(intent, lang),
        runner_up=intent_title(runner_up, lang),
    )


def unclear_numbers_section(uses: list[NumberUse], tools: list[str], slots: dict[str, Any], lang: str) -> str:
    """Name back the numbers that were not understood, with the inputs each could be."""
    unknown = [u for u in uses if u.role == "unknown"]
    if not unknown:
        return ""
    numbers = pick(T.LIST_SEP, lang).join(inline_text(u.text) for u in unknown)  # the user's own words
    options = candidate_fields(unknown[0], tools, slots)
    if not options:
        return pick(T.UNCLEAR_NO_OPTIONS, lang, numbers=numbers)
    labels = [pick(FIELDS[f].label, lang) for f in options[:3]]
    joined = (
        f"{pick(T.LIST_SEP, lang).join(labels[:-1])} {pick(T.OR, lang)} {labels[-1]}"
        if len(labels) > 1
        else labels[0]
    )
    example = f"{labels[0]} {inline_text(unknown[0].text)}"
    return pick(T.UNCLEAR_NUMBERS, lang, numbers=numbers, options=joined, example=example)
