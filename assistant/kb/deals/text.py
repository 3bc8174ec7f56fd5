"""Deal titles and texts for the playbook view and for retrieval (the index hashes these texts: a change
to their wording re-embeds every deal)."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.i18n import fmt_num
from assistant.kb.deals.enums import label
from assistant.kb.deals.model import Deal
from assistant.kb.market import Benchmark, category_name

__all__ = ["deal_text", "deal_title", "shown_deal_text"]


def _partner_name(deal: Deal, lang: str) -> str:
    return deal.partner if lang == "zh" else (deal.partner_en or deal.partner)


def deal_title(deal: Deal, lang: str, benchmarks: Mapping[str, Benchmark]) -> str:
    """A short title, e.g. '星河传媒 · 直播带货 · 美妆 (2024)' (category names from the benchmarks)."""
    category = category_name(deal.category, lang, benchmarks)
    title = " · ".join([_partner_name(deal, lang), label(deal.deal_type, lang), category])
    return f"{title} ({deal.start_date.year})" if deal.start_date else title


def _money(value: float, lang: str) -> str:
    """Money in the deal texts' own style ('12.5万元', '1.2亿元', 'CNY 3 million', 'CNY 8,000'); fmt_money's
    style ('12.5万', '8,000') would change the texts and so the index content hashes."""
    if lang == "zh":
        if value >= 1e8:
            return f"{fmt_num(value / 1e8)}亿元"
        return f"{fmt_num(value / 1e4)}万元" if value >= 1e4 else f"{fmt_num(value)}元"
    return f"CNY {fmt_num(value / 1e6)} million" if value >= 1e6 else f"CNY {value:,.0f}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def deal_text(deal: Deal, lang: str, benchmarks: Mapping[str, Benchmark]) -> str:
    """A compact, retrievable description of a deal in 'zh' (≤ 400 chars) or 'en' (≤ 80 words); category
    names come from the knowledge folder's benchmarks."""
    zh = lang == "zh"
    category = category_name(deal.category, lang, benchmarks)
    kind = label(deal.partner_type, lang)
    size = label(deal.brand_size, lang) if deal.brand_size else ""
    start, end = deal.start_date, deal.end_date
    figures = []
    if deal.commission_pct is not None:
        figures.append(
            f"佣金{fmt_num(deal.commission_pct)}%" if zh else f"commission {fmt_num(deal.commission_pct)}%"
        )
    if deal.investment is not None:
        figures.append(
            f"投入{_money(deal.investment, lang)}" if zh else f"spend {_money(deal.investment, lang)}"
        )
    if deal.gmv is not None:
        figures.append(f"GMV {_money(deal.gmv, lang)}")
    if deal.roi is not None:
        figures.append(f"ROI {fmt_num(deal.roi)}")
    if deal.audience_match_pct is not None:
        match = fmt_num(deal.audience_match_pct)
        figures.append(f"用户匹配度{match}%" if zh else f"audience match {match}%")
    if deal.verified_cases is not None:
        figures.append(
            f"可验证案例{deal.verified_cases}个" if zh else f"{deal.verified_cases} verified cases"
        )
    if zh:
        who = (
            f"{deal.partner}（{deal.partner_en}，{kind}）" if deal.partner_en else f"{deal.partner}（{kind}）"
        )
        period = f"{start}至{end}" if start and end else (f"{start}起" if start else "")
        head = f"{who}：{label(deal.deal_type, lang)}，品类{category}"
        head += f"，我方为{size}" if size else ""
        head += f"，{period}" if period else ""
        head += "。"
        head += f"资源：{_clip(deal.resources_zh, 80)}。" if deal.resources_zh else ""
        head += f"数据：{'，'.join(figures)}。" if figures else ""
        head += f"结果：{label(deal.outcome, lang)}。"
        lesson = deal.lessons_zh or deal.lessons_en
        return head + (f"经验：{_clip(lesson, 400 - len(head) - 3)}" if lesson else "")
    period = f"{start} to {end}" if start and end else (f"from {start}" if start else "")
    head = f"{_partner_name(deal, lang)} ({kind}): {label(deal.deal_type, lang)}, {category}"
    head += f", our side a {size}" if size else ""
    head += f", {period}" if period else ""
    head += ". "
    head += f"Exchanged: {' '.join(deal.resources_en.split()[:20])}. " if deal.resources_en else ""
    head += f"Figures: {', '.join(figures)}. " if figures else ""
    head += f"Outcome: {label(deal.outcome, lang)}."
    lesson_words = (deal.lessons_en or deal.lessons_zh).split()
    budget = 80 - len(head.split()) - 1
    if lesson_words and budget > 3:
        clipped = lesson_words[:budget]
        head += " Lesson: " + " ".join(clipped) + ("…" if len(clipped) < len(lesson_words) else "")
    return head


def shown_deal_text(deal: Deal, lang: str, benchmarks: Mapping[str, Benchmark]) -> str:
    """A deal's text as a page shows it: one language only. The indexed Chinese text names the English
    partner name too (so an English question finds it); a Chinese page leaves it out."""
    shown = deal.model_copy(update={"partner_en": ""}) if lang == "zh" else deal
    return deal_text(shown, lang, benchmarks)
