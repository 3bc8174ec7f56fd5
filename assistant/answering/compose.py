"""Compose the grounded answer: verdict first, then the playbook steps, similar deals, next steps, sources.
Returns sections so the UI can stream them; every number comes from a tool output, a card or a deal."""

from __future__ import annotations

import re
from typing import Any

from assistant.answering.answer import ToolCall
from assistant.answering.reasons import fmt_money, fmt_num, render_action, render_reasons, render_verdict
from assistant.answering.texts import (
    ASK_MISSING,
    FIELD_NAMES,
    INTENT_NAMES,
    INVALID_HINT,
    LABELS,
    OUTCOMES,
    TOOL_TITLES,
    next_steps,
    t,
)
from assistant.kb.cards import Card
from assistant.kb.deals import Deal, label

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


def verdict_section(call: ToolCall, lang: str) -> str:
    """The verdict of one tool call with its reasons (or the validation problems)."""
    title = t(TOOL_TITLES, lang, call.name)
    if not call.ok:
        problems = call.output.get("problems") or []
        lines = [f"- {p.get('field')}: {p.get('message')} ({p.get('allowed')})" for p in problems]
        if not lines:
            lines = [f"- {call.output.get('error')}"]
        head = (
            f"**{t(LABELS, lang, 'invalid')}（{title}）**"
            if lang == "zh"
            else f"**{t(LABELS, lang, 'invalid')} ({title})**"
        )
        return "\n".join([head, *lines, "", t(INVALID_HINT, lang)])
    out = call.output
    verdict = render_verdict(call.name, str(out.get("verdict")), lang)
    sep = "：" if lang == "zh" else ": "
    lines = [
        f"**{t(LABELS, lang, 'verdict')}{sep}{verdict}**（{title}）"
        if lang == "zh"
        else f"**{t(LABELS, lang, 'verdict')}{sep}{verdict}** ({title})"
    ]
    lines += [f"- {r}" for r in render_reasons(out.get("reasons") or [], lang)]
    lines += _tool_extras(call, lang)
    if call.filled_from_history:
        lines.append(f"- {t(LABELS, lang, 'history_fill')}{sep}{', '.join(call.filled_from_history)}")
    if call.filled_from_benchmarks:
        lines.append(f"- {t(LABELS, lang, 'benchmark_fill')}{sep}{', '.join(call.filled_from_benchmarks)}")
    return "\n".join(lines)


def _tool_extras(call: ToolCall, lang: str) -> list[str]:
    out = call.output
    zh = lang == "zh"
    if call.name == "counter_offer":
        base, ceiling = fmt_num(out["base_pct"]), fmt_num(out["ceiling_pct"])
        rates = [f"{fmt_num(x['rate_pct'])}%" for x in out.get("tiers") or []]
        ladder = " → ".join(rates)
        gmv = [x.get("threshold_gmv") for x in out.get("tiers") or []]
        if zh:
            script = f"基础佣金 {base}%，按 GMV 阶梯分成 {ladder}，封顶 {ceiling}%"
            if gmv and gmv[0]:
                script += "（门槛 " + "、".join(fmt_money(g, lang) for g in gmv if g) + "）"
            script += "。同时用曝光等资源置换部分佣金点数，并拿行业平均佣金率和品类转化率模型说明依据。"
        else:
            script = f"base commission {base}%, a GMV-tiered share of {ladder}, capped at {ceiling}%"
            if gmv and gmv[0]:
                script += " (thresholds " + ", ".join(fmt_money(g, lang) for g in gmv if g) + ")"
            script += (
                "; trade other resources such as exposure for commission points, and show the industry "
                "average commission and the category conversion model as the data behind it."
            )
        return [f"- {t(LABELS, lang, 'script')}{'：' if zh else ': '}{script}"]
    if call.name == "performance_bet":
        amount = fmt_money(float(out.get("compensation") or 0), lang)
        return [f"- {t(LABELS, lang, 'compensation')}{'：' if zh else ': '}{amount}"]
    if call.name == "allocate_leads":
        unit = " 条" if zh else " leads"
        parts = [f"{name} {n}{unit}" for name, n in (out.get("allocation") or {}).items()]
        return [
            f"- {'分配' if zh else 'Allocation'}{'：' if zh else ': '}{('，' if zh else ', ').join(parts)}"
        ]
    if call.name == "risk_check":
        return [
            f"- {a.get('code')}: {render_action(str(a.get('action')), lang)}" for a in out.get("alerts") or []
        ]
    return []


def missing_section(missing: dict[str, list[str]], lang: str) -> str:
    lines = []
    for tool, fields in missing.items():
        names = ("、" if lang == "zh" else ", ").join(
            t(FIELD_NAMES, lang, f) for f in fields if f in FIELD_NAMES
        )
        lines.append(t(ASK_MISSING, lang, tool=t(TOOL_TITLES, lang, tool), fields=names))
    return "\n".join(lines)


def assess_missing(call: ToolCall, lang: str) -> str:
    """Ask for the inputs assess_partner reported missing."""
    names = [f for f in call.output.get("missing") or [] if f in FIELD_NAMES]
    if not names:
        return ""
    return missing_section({"assess_partner": names}, lang)


def playbook_section(card: Card, lang: str, full: bool) -> str:
    """The steps of the card that applies (and, for method questions, its figures and case)."""
    sec = card_sections(card, lang)
    head = f"**{t(LABELS, lang, 'playbook')} · {card.title.get(lang, card.id)}** [{card.id}]"
    lines = [head]
    if full and sec.get("when"):
        lines.append(list_items(sec["when"], 2)[0] if list_items(sec["when"], 2) else "")
    steps = list_items(sec.get("steps", ""), 5)
    lines += [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    if full:
        figs = list_items(sec.get("figures", ""), 5)
        if figs:
            lines.append(f"\n*{t(LABELS, lang, 'figures')}*")
            lines += [f"- {f}" for f in figs]
        case = sec.get("case", "")
        if case:
            lines.append(
                f"\n*{t(LABELS, lang, 'case')}*：{' '.join(case.split())}"
                if lang == "zh"
                else f"\n*{t(LABELS, lang, 'case')}*: {' '.join(case.split())}"
            )
    return "\n".join(line for line in lines if line is not None)


def deals_section(deals: list[Deal], lang: str) -> tuple[str, list[dict[str, Any]]]:
    """A short markdown table of similar deals, and the same rows as data for the UI."""
    rows: list[dict[str, Any]] = []
    for d in deals:
        name = d.partner if lang == "zh" or not d.partner_en else d.partner_en
        terms = [label(d.deal_type, lang)]
        if d.commission_pct is not None:
            terms.append(f"{'佣金' if lang == 'zh' else 'commission'} {fmt_num(d.commission_pct)}%")
        if d.roi is not None:
            terms.append(f"ROI {fmt_num(round(d.roi, 2))}")
        if d.audience_match_pct is not None:
            terms.append(f"{'匹配度' if lang == 'zh' else 'match'} {fmt_num(d.audience_match_pct)}%")
        lesson = d.lessons_zh if lang == "zh" else d.lessons_en
        lesson = " ".join(lesson.split())
        limit = 60 if lang == "zh" else 110
        short = lesson if len(lesson) <= limit else lesson[: limit - 2].rstrip() + "…"
        outcome = t(OUTCOMES, lang, str(d.outcome))
        rows.append(
            {
                "id": d.deal_id,
                "partner": name,
                "terms": ", ".join(terms),
                "result": f"{outcome}: {short}" if short else outcome,
            }
        )
    if not rows:
        return "", rows
    head = f"**{t(LABELS, lang, 'deals')}**"
    table = [
        f"| {t(LABELS, lang, 'partner')} | {t(LABELS, lang, 'terms')} | {t(LABELS, lang, 'result')} |",
        "|---|---|---|",
    ]
    table += [
        f"| {_cell(r['partner'])} [{r['id']}] | {_cell(r['terms'])} | {_cell(r['result'])} |" for r in rows
    ]
    return "\n".join([head, *table]), rows


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def next_section(intent: str, verdict: str | None, lang: str) -> str:
    steps = next_steps(intent, verdict, lang)
    if not steps:
        return ""
    return "\n".join([f"**{t(LABELS, lang, 'next')}**", *[f"- {s}" for s in steps]])


def sources_line(ids: list[str], lang: str) -> str:
    sep = "：" if lang == "zh" else ": "
    return f"{t(LABELS, lang, 'sources')}{sep}" + " · ".join(f"[{i}]" for i in ids)


def unsure_line(intent: str, runner_up: str, lang: str) -> str:
    if lang == "zh":
        return (
            f"_{t(LABELS, lang, 'unsure')}：我按“{t(INTENT_NAMES, lang, intent)}”来回答；"
            f"如果你问的是“{t(INTENT_NAMES, lang, runner_up)}”，请补充一句。_"
        )
    return (
        f"_{t(LABELS, lang, 'unsure')}: I answered it as {t(INTENT_NAMES, lang, intent)}; if you meant "
        f"{t(INTENT_NAMES, lang, runner_up)}, say so._"
    )
