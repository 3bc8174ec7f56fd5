"""Render tool reasons, verdicts and alert actions in Chinese or English (the tools store only codes and
numbers; the sentence templates live in each tool's registry entry)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from assistant.answering.safe import inline_text
from assistant.answering.texts import BENCHMARK_FILLED, BENCHMARK_SAMPLE, HISTORY_FILLED, REASON_VARIANTS
from assistant.i18n import Text, field_path_label, fmt_money, fmt_num, is_zh, pick, problem_text
from assistant.tools.constants import MARKET_CAP_MULTIPLE, TIER_GMV_STEP
from assistant.tools.defaults import RANK_DIMENSIONS
from assistant.tools.registry import FIELDS, TOOLS, reason_text

__all__ = [
    "ACTIONS",
    "TEXT_CONSTANTS",
    "fmt_money",
    "fmt_num",
    "render_action",
    "render_benchmark_fill",
    "render_history_fill",
    "render_reason",
    "render_verdict",
    "tool_problems",
]

# Figures of the method a template may name besides the reason's own values (never restated as digits).
TEXT_CONSTANTS: dict[str, float] = {
    "market_cap_multiple": float(MARKET_CAP_MULTIPLE),
    "rank_dimensions": len(RANK_DIMENSIONS),
    "full": 100,
}

_WORDS: dict[str, tuple[str, str]] = {
    "ours": ("我方", "Our"),
    "theirs": ("对方", "The partner's"),
    "equal": ("等权", "equal weights"),
    "custom": ("自定义权重", "custom weights"),
    "scores": ("六项评分加权", "weighted from the six scores"),
    "total": ("用户给出的总分", "total given by the user"),
}

ACTIONS: dict[str, tuple[str, str]] = {
    "resource_optimisation": ("启动资源优化流程", "Start the resource optimisation process"),
    "contingency_plan": ("启动应急预案", "Start the contingency plan"),
    "adjust_strategy": ("调整渠道策略", "Adjust the channel strategy"),
    "prepare_backups": (
        "准备备选合作方，降低单点依赖",
        "Line up backup partners to cut the single-point dependency",
    ),
}


class _Formatter(string.Formatter):
    def __init__(self, lang: str, threshold: float | None):
        self.lang, self.zh, self.threshold = lang, is_zh(lang), threshold

    def _num(self, v: Any) -> str:
        return fmt_num(v, self.threshold)

    def format_field(self, value: Any, format_spec: str) -> str:
        sep = "、" if self.zh else ", "
        if value is None:
            return "—"
        match format_spec:
            case "num":
                return self._num(value)
            case "ratio":
                return f"1:{self._num(value)}"
            case "pct":
                return self._num(value) + "%"
            case "money":
                return fmt_money(value, self.lang)
            case "pcts":
                return sep.join(self._num(v) + "%" for v in value)
            case "nums":
                return sep.join(self._num(v) for v in value)
            case "names":
                return sep.join(map(inline_text, value))
            case "fields":
                items = value if isinstance(value, list) else [value]
                return sep.join(pick(FIELDS[f].label, self.lang) if f in FIELDS else f for f in items)
            case "word":
                return pick(_WORDS[value], self.lang) if value in _WORDS else inline_text(value)
        if isinstance(value, str):
            return inline_text(value)  # a partner's or a tier's name: data, the template around it is ours
        return super().format_field(value, format_spec)


def _ladder_steps(count: int = 3) -> str:
    """'1.5、2.0、2.5': the multiples of the expected GMV at which the ladder's tiers unlock."""
    return "、".join(f"{1 + float(TIER_GMV_STEP) * k:.1f}" for k in range(1, count + 1))


def _extras(code: str, values: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Derived phrases that depend on a value's sign or presence."""
    zh = is_zh(lang)
    if code == "ladder":
        gmv = values.get("expected_gmv")
        if gmv is None:
            return {"gmv_note": ""}
        money = fmt_money(gmv, lang)
        steps = _ladder_steps()
        return {
            "gmv_note": f"，GMV 门槛为预期 {money} 的 {steps}… 倍"
            if zh
            else f", unlocked at {steps.replace('、', '×, ')}×… the expected GMV of {money}"
        }
    if code == "sentiment_ok":
        drop = values.get("drop_pct", 0)
        if drop > 0:
            return {"change": f"下降 {fmt_num(drop)}%" if zh else f"down {fmt_num(drop)}%"}
        if drop < 0:
            return {"change": f"上升 {fmt_num(-drop)}%" if zh else f"up {fmt_num(-drop)}%"}
        return {"change": "持平" if zh else "unchanged"}
    if code in ("tier_reached", "tier_next"):
        return {"tier": str(values.get("tier_zh" if zh else "tier_en") or values.get("tier", ""))}
    return {}


def render_reason(reason: Any, lang: str) -> str:
    """One reason (a Reason model or its dict) as a readable Chinese or English sentence."""
    data = reason.model_dump() if hasattr(reason, "model_dump") else dict(reason)
    code, values, threshold = data["code"], data.get("values") or {}, data.get("threshold")
    template = REASON_VARIANTS.get((code, str(values.get("capped_by")))) or reason_text(code)
    if template is None:
        return inline_text(f"{code}: {values}")
    fields = {**TEXT_CONSTANTS, **values, "threshold": threshold, **_extras(code, values, lang)}
    return _Formatter(lang, threshold).vformat(pick(template, lang), (), fields)


def render_reasons(reasons: list[Any], lang: str) -> list[str]:
    return [render_reason(r, lang) for r in reasons]


def render_verdict(tool_name: str, verdict: str, lang: str) -> str:
    """The headline of a verdict, e.g. recommended -> 建议长期合作 / Recommended for long-term cooperation."""
    spec = TOOLS.get(tool_name)
    pair = spec.verdict_texts.get(verdict) if spec else None
    return verdict if pair is None else pick(pair, lang)


def render_action(action: str, lang: str) -> str:
    """What an alert asks the team to do, in Chinese or English."""
    pair = ACTIONS.get(action)
    return action if pair is None else pick(pair, lang)


# Inputs of the tools that a question never fills (settings, rows of a table), named for problem messages.
_INPUT_WORDS: dict[str, Text] = {
    "tiers": ("阶梯档数", "tiers"),
    "step_pct": ("每档加点", "step per tier"),
    "ladder": ("激励阶梯", "incentive ladder"),
    "min_gmv": ("解锁 GMV", "GMV to unlock"),
    "single_point_share_pct": ("单点依赖门槛", "single-point threshold"),
    "weights": ("权重", "weights"),
    "radar_weights": ("雷达权重", "radar weights"),
    "name": ("名称", "name"),
    "conversion_pct": ("转化率（%）", "conversion (%)"),
    "rating": ("评分（0–5）", "rating (0–5)"),
    "traffic_quality": ("流量质量", "traffic quality"),
    "audience_match": ("用户匹配度", "audience match"),
    "brand_fit": ("品牌调性", "brand fit"),
    "conversion": ("转化能力", "conversion"),
    "cost_efficiency": ("成本效率", "cost efficiency"),
    "stability": ("合作稳定性", "stability"),
    "content": ("内容能力", "content"),
}


def _input_labels() -> dict[str, Text]:
    from assistant.answering.charts import RADAR_LABELS

    return {
        **{name: f.label for name, f in FIELDS.items()},
        **_INPUT_WORDS,
        **RADAR_LABELS,
    }


def tool_problems(problems: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """A tool's input problems ({field, message, allowed} in English, as ToolInputError lists them) in the
    user's language: the field named by its label, the message and the allowed range in words."""
    labels = _input_labels()
    out = []
    for p in problems or []:
        label = field_path_label(str(p.get("field") or ""), lang, labels)
        text = problem_text("", str(p.get("message") or ""), str(p.get("allowed") or ""), lang)
        out.append({"field": label, "message": text, "allowed": ""})
    return out


def _filled_value(head: str, value: str, lang: str) -> tuple[str, str]:
    """The label of a filled input and its value as the registry's kind shows it ('52%', '1:2.18')."""
    field = FIELDS.get(head)
    name = pick(field.label, lang) if field else inline_text(head)
    name = name.removesuffix("或品类").removesuffix(" or the category").strip()
    name = name.replace("（%）", "").replace(" (%)", "")
    try:
        number = fmt_num(float(value))
    except ValueError:
        return name, inline_text(value)
    kind = field.kind if field is not None else ""
    return name, f"{number}%" if kind == "pct" else f"1:{number}" if kind == "ratio" else number


def render_history_fill(entry: str, lang: str) -> str:
    """One 'field=value (deal id)' note of the planner ('audience_match_pct=52.0 (S-0296)') in words, the
    deal kept as the reference: '用户画像匹配度 52%（S-0296）'."""
    head, _, rest = str(entry).partition("=")
    value, _, deal = rest.partition(" (")
    name, shown = _filled_value(head.strip(), value.strip(), lang)
    deal = deal.rstrip(")").strip()
    if not deal:
        return f"{name} {shown}"
    return pick(HISTORY_FILLED, lang, field=name, value=shown, deal=inline_text(deal))


def render_benchmark_fill(entry: str, lang: str, benchmarks: Mapping[str, Any]) -> str:
    """One 'field=value (category)' note of the planner ('industry_avg_pct=20.0 (general)') in words, marked as
    a sample value: '行业平均佣金率 20%（跨品类，示例值）'."""
    head, _, rest = str(entry).partition("=")
    value, _, category = rest.partition(" (")
    category = category.rstrip(")")
    field = FIELDS.get(head)
    name = pick(field.label, lang) if field else head
    name = name.removesuffix("或品类").removesuffix(" or the category").strip()
    try:
        number = fmt_num(float(value))
        shown = f"{number}%" if field is not None and field.kind == "pct" else number
    except ValueError:
        shown = value
    bench = benchmarks.get(category)
    where = bench.name(lang) if bench is not None else category
    sample = bench is None or bool(getattr(bench, "sample", True))  # unknown rows count as sample values
    return pick(
        BENCHMARK_FILLED,
        lang,
        field=name.replace("（%）", "").replace(" (%)", ""),
        value=shown,
        category=where,
        sample=pick(BENCHMARK_SAMPLE, lang) if sample else "",
    )
