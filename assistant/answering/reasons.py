"""Bilingual text for tool reasons, verdicts and alert actions (the tools store only codes and numbers)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "verified_cases": ("可验证成功案例数", "verified success cases"),
    "audience_match_pct": ("用户画像匹配度", "audience match (%)"),
    "roi": ("投入产出比（ROI）", "ROI"),
    "weekly_rue_pct": ("每周资源利用率（RUE）", "weekly resource utilisation (RUE)"),
    "sentiment": ("舆情指数", "sentiment index"),
    "monthly_roi": ("月度渠道 ROI", "monthly channel ROI"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "ours": ("我方", "Our"),
    "theirs": ("对方", "The partner's"),
    "equal": ("等权", "equal weights"),
    "custom": ("自定义权重", "custom weights"),
    "scores": ("六项评分加权", "weighted from the six scores"),
    "total": ("用户给出的总分", "total given by the user"),
}

# code -> (zh, en). Format specs: num, pct (adds %), money, pcts / nums (lists), fields, names, word.
TEMPLATES: dict[str, tuple[str, str]] = {
    "cases_ok": (
        "可验证成功案例 {verified_cases:num} 个，达到至少 {threshold:num} 个的要求",
        "{verified_cases:num} verified success cases meet the minimum of {threshold:num}",
    ),
    "cases_low": (
        "可验证成功案例只有 {verified_cases:num} 个，未达到 {threshold:num} 个的要求，还差 {gap:num} 个",
        "Only {verified_cases:num} verified success cases, below the required {threshold:num} (needs {gap:num} more)",
    ),
    "audience_ok": (
        "用户画像匹配度 {audience_match_pct:pct} 超过 {threshold:pct} 的门槛",
        "Audience match {audience_match_pct:pct} is above the {threshold:pct} bar",
    ),
    "audience_low": (
        "用户画像匹配度 {audience_match_pct:pct} 未超过 {threshold:pct}（须高于 {threshold:pct}，差距 {gap:num} 个百分点）",
        "Audience match {audience_match_pct:pct} does not exceed {threshold:pct} "
        "(it must be above {threshold:pct}; gap {gap:num} points)",
    ),
    "roi_ok": (
        "ROI {roi:num} 达到 1:{threshold:num} 基准线",
        "ROI {roi:num} meets the 1:{threshold:num} baseline",
    ),
    "roi_low": (
        "ROI {roi:num} 低于 1:{threshold:num} 基准线，还差 {gap:num}",
        "ROI {roi:num} is below the 1:{threshold:num} baseline (needs +{gap:num})",
    ),
    "radar_ok": (
        "资源适配度雷达得分 {radar_score:num}（{source:word}），不低于 {threshold:num} 分",
        "Resource-fit radar score {radar_score:num} ({source:word}) is at least {threshold:num}",
    ),
    "radar_low": (
        "资源适配度雷达得分 {radar_score:num}（{source:word}）低于 {threshold:num} 分，还差 {gap:num} 分，不建议深度合作",
        "Resource-fit radar score {radar_score:num} ({source:word}) is below {threshold:num} "
        "(needs +{gap:num}); deep cooperation is not advised",
    ),
    "radar_skipped": (
        "未提供雷达图评分，已跳过雷达检查（{threshold:num} 分线）",
        "No radar scores were given, so the radar check ({threshold:num}-point bar) was skipped",
    ),
    "input_missing": ("还缺少：{fields:fields}", "Still missing: {fields:fields}"),
    "profile_match": (
        "双方用户画像重合度 {match_pct:pct}，超过 {threshold:pct}",
        "The two user profiles overlap by {match_pct:pct}, above {threshold:pct}",
    ),
    "profile_mismatch": (
        "双方用户画像重合度 {match_pct:pct}，未超过 {threshold:pct}（差距 {gap:num} 个百分点）",
        "The two user profiles overlap by {match_pct:pct}, not above {threshold:pct} (gap {gap:num} points)",
    ),
    "profile_normalised": (
        "{side:word}各分组占比合计 {total:pct}，已按 100% 归一化",
        "{side:word} shares add up to {total:pct}; normalised to 100%",
    ),
    "bucket_unshared": (
        "以下分组只有一方给出，另一方按 0 计：{buckets:names}",
        "Buckets given on one side only (counted as 0 on the other): {buckets:names}",
    ),
    "demand_over_market_cap": (
        "对方要求 {demanded_pct:pct}，超过行业平均 {industry_avg_pct:pct} 的 {threshold:num} 倍（{cap_pct:pct}），属于不合理要求",
        "The demanded {demanded_pct:pct} exceeds {threshold:num}× the industry average of "
        "{industry_avg_pct:pct} ({cap_pct:pct}): unreasonable",
    ),
    "demand_over_margin_ceiling": (
        "对方要求 {demanded_pct:pct} 超过毛利可承受的上限 {margin_ceiling_pct:pct}"
        "（毛利率 {gross_margin_pct:pct} 减去需保留的净利 {min_net_margin_pct:pct}）",
        "The demanded {demanded_pct:pct} exceeds the margin ceiling of {margin_ceiling_pct:pct} "
        "(gross margin {gross_margin_pct:pct} minus the {min_net_margin_pct:pct} net margin we keep)",
    ),
    "demand_above_market": (
        "对方要求 {demanded_pct:pct} 高于行业平均 {industry_avg_pct:pct}，但未超过 1.5 倍（{cap_pct:pct}）",
        "The demanded {demanded_pct:pct} is above the industry average of {industry_avg_pct:pct} "
        "but within 1.5× ({cap_pct:pct})",
    ),
    "demand_within_market": (
        "对方要求 {demanded_pct:pct} 不高于行业平均 {industry_avg_pct:pct}，可以接受",
        "The demanded {demanded_pct:pct} is at or below the industry average of {industry_avg_pct:pct}: acceptable",
    ),
    "margin_ceiling": (
        "佣金上限 {ceiling_pct:pct}：毛利率 {gross_margin_pct:pct} 减去需保留的净利 {min_net_margin_pct:pct} "
        "为 {margin_ceiling_pct:pct}，且不超过对方要求",
        "Commission ceiling {ceiling_pct:pct}: gross margin {gross_margin_pct:pct} minus the "
        "{min_net_margin_pct:pct} net margin we keep is {margin_ceiling_pct:pct}, capped at the demand",
    ),
    "margin_exhausted": (
        "毛利率 {gross_margin_pct:pct} 在保留 {min_net_margin_pct:pct} 净利后已无佣金空间",
        "A gross margin of {gross_margin_pct:pct} leaves no room for commission after keeping "
        "a {min_net_margin_pct:pct} net margin",
    ),
    "base_rate": (
        "基础佣金报 {base_pct:pct}（行业平均 {industry_avg_pct:pct}，上限 {ceiling_pct:pct}）",
        "Offer a base rate of {base_pct:pct} (industry average {industry_avg_pct:pct}, ceiling {ceiling_pct:pct})",
    ),
    "ladder": (
        "阶梯分成共 {count:num} 档，每档加 {step_pct:num} 个百分点，最高 {top_pct:pct}{gmv_note}",
        "A {count:num}-tier share ladder, {step_pct:num} points per tier, up to {top_pct:pct}{gmv_note}",
    ),
    "ladder_capped": (
        "有 {dropped:num} 档因触及上限 {ceiling_pct:pct} 而取消",
        "{dropped:num} tier(s) dropped because they would pass the {ceiling_pct:pct} ceiling",
    ),
    "no_ladder_room": (
        "基础佣金 {base_pct:pct} 已等于上限 {ceiling_pct:pct}，没有阶梯空间",
        "The base rate {base_pct:pct} already equals the {ceiling_pct:pct} ceiling; no room for a ladder",
    ),
    "roi_shortfall": (
        "承诺 ROI 1:{promised_roi:num}，实际 1:{actual_roi:num}，缺口 {shortfall_pct:pct}；"
        "按投放额 {spend:money} 应补偿 {compensation:money}，以等值广告位支付",
        "Promised ROI 1:{promised_roi:num}, delivered 1:{actual_roi:num} ({shortfall_pct:pct} short); "
        "on a spend of {spend:money} we owe {compensation:money}, paid as ad slots of equal value",
    ),
    "roi_promise_met": (
        "实际 ROI 1:{actual_roi:num} 达到承诺的 1:{promised_roi:num}，无需补偿",
        "Delivered ROI 1:{actual_roi:num} meets the promised 1:{promised_roi:num}: nothing is owed",
    ),
    "tier_reached": (
        "GMV {gmv:money} 已达到 {min_gmv:money}，解锁「{tier}」",
        "GMV {gmv:money} has reached {min_gmv:money}, unlocking the {tier}",
    ),
    "tier_next": (
        "下一档「{tier}」需要 GMV {min_gmv:money}，还差 {gap:money}",
        "The next tier, the {tier}, needs GMV {min_gmv:money}: {gap:money} to go",
    ),
    "top_tier_reached": ("GMV {gmv:money} 已解锁全部阶梯", "GMV {gmv:money} has unlocked every tier"),
    "rue_low": (
        "资源利用率（RUE）最近两周为 {recent:pcts}，连续低于 {threshold:pct}，应立即启动资源优化流程",
        "Resource utilisation (RUE) was {recent:pcts} in the last two weeks, both below {threshold:pct}: "
        "start the resource optimisation process now",
    ),
    "rue_ok": (
        "资源利用率最近两周为 {recent:pcts}，没有连续两周低于 {threshold:pct}",
        "RUE in the last two weeks was {recent:pcts}: not below {threshold:pct} two weeks running",
    ),
    "sentiment_drop": (
        "舆情指数从 {first:num} 降到 {last:num}，下降 {drop_pct:pct}，达到 {threshold:pct} 的预警线，应启动应急预案",
        "The sentiment index fell from {first:num} to {last:num} (down {drop_pct:pct}), reaching the "
        "{threshold:pct} alarm: start the contingency plan",
    ),
    "sentiment_ok": (
        "舆情指数从 {first:num} 变为 {last:num}（{change}），未达到下降 {threshold:pct} 的预警线",
        "The sentiment index moved from {first:num} to {last:num} ({change}), short of the {threshold:pct} drop alarm",
    ),
    "roi_below_benchmark": (
        "渠道 ROI 最近两个月为 {recent:nums}，均低于行业基准 {benchmark_roi:num} 的 {ratio_pct:pct}（{floor:num}），需要调整策略",
        "Channel ROI was {recent:nums} in the last two months, both below {ratio_pct:pct} of the benchmark "
        "{benchmark_roi:num} ({floor:num}): adjust the strategy",
    ),
    "roi_benchmark_ok": (
        "渠道 ROI 最近两个月为 {recent:nums}，没有连续低于行业基准 {benchmark_roi:num} 的 {ratio_pct:pct}（{floor:num}）",
        "Channel ROI was {recent:nums} in the last two months: not below {ratio_pct:pct} of the benchmark "
        "{benchmark_roi:num} ({floor:num}) two months running",
    ),
    "single_point_dependency": (
        "合作方「{partner}」占比 {share_pct:pct}，超过 {threshold:pct}，存在单点依赖，应准备备选合作方",
        "Partner {partner} holds {share_pct:pct}, above {threshold:pct}: a single-point dependency; line up backups",
    ),
    "concentration_ok": (
        "占比最大的合作方「{partner}」为 {share_pct:pct}，未超过 {threshold:pct}",
        "The largest partner, {partner}, holds {share_pct:pct}, not above {threshold:pct}",
    ),
    "series_too_short": (
        "{field:fields}只有 {got:num} 个数据点，该规则至少需要 {needed:num} 个，暂无法判断",
        "{field:fields} has only {got:num} data point(s); the rule needs at least {needed:num}",
    ),
    "partners_ranked": (
        "已按 7 个维度的加权得分（{weighting:word}）为 {count:num} 个合作方排序",
        "Ranked {count:num} partners by their weighted score over 7 dimensions ({weighting:word})",
    ),
    "shortlist_selected": (
        "前 {count:num} 名进入深度合作名单（最多 {top_n:num} 名）",
        "The top {count:num} go on the deep-cooperation shortlist (up to {top_n:num})",
    ),
    "shortlist_trimmed": (
        "合作方较少，入围名单缩为 {count:num} 名，以免与建议淘汰的 {pruned:num} 名重叠",
        "With few partners the shortlist was cut to {count:num} so it does not overlap the {pruned:num} "
        "proposed for pruning",
    ),
    "prune_selected": (
        "按每年淘汰 {prune_pct:pct}（向上取整），建议淘汰 {total:num} 个中排名末位的 {count:num} 个",
        "Pruning {prune_pct:pct} a year (rounded up) proposes the bottom {count:num} of {total:num} for the clean-out",
    ),
    "leads_allocated": (
        "按贡献度（转化率权重 {conversion_weight:num}，评分权重 {rating_weight:num}）用最大余数法把 "
        "{total_leads:num} 条线索分给 {outlets:num} 个网点",
        "Split {total_leads:num} leads among {outlets:num} outlets by contribution (conversion weight "
        "{conversion_weight:num}, rating weight {rating_weight:num}) with the largest-remainder method",
    ),
    "equal_split": (
        "所有网点的贡献度都为 0，线索平均分配",
        "Every outlet's contribution is 0, so the leads are split equally",
    ),
}

VERDICTS: dict[str, dict[str, tuple[str, str]]] = {
    "assess_partner": {
        "recommended": ("建议长期合作", "Recommended for long-term cooperation"),
        "not_recommended": ("不建议长期或深度合作", "Not recommended for long-term or deep cooperation"),
        "insufficient_data": ("数据不足，暂无法判断", "Not enough data for a verdict yet"),
    },
    "audience_match": {
        "match": ("用户画像匹配", "The audiences match"),
        "mismatch": ("用户画像不匹配", "The audiences do not match"),
    },
    "counter_offer": {
        "unreasonable": ("要求不合理，建议还价", "Unreasonable demand: counter it"),
        "above_market": ("高于市场水平，可以谈", "Above the market rate: negotiate"),
        "acceptable": ("在市场水平内，可以接受", "Within the market rate: acceptable"),
    },
    "performance_bet": {
        "compensate": ("未达承诺，需要补偿", "Guarantee missed: compensation due"),
        "met": ("已达成承诺，无需补偿", "Guarantee met: nothing owed"),
    },
    "incentive_tier": {
        "unlocked": ("已解锁激励", "Incentive unlocked"),
        "locked": ("尚未解锁激励", "Incentive not yet unlocked"),
    },
    "risk_check": {
        "alert": ("触发预警", "Early warning triggered"),
        "ok": ("未触发预警", "No warning triggered"),
    },
    "rank_partners": {"ranked": ("已完成排序", "Partners ranked")},
    "allocate_leads": {"allocated": ("已完成线索分配", "Leads allocated")},
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


def _zh(lang: str) -> bool:
    return lang.lower().startswith("zh")


def fmt_num(value: float, avoid: float | None = None) -> str:
    """A number with at most 2 decimals (more when needed to tell it apart from `avoid`)."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    for digits in range(2, 7):
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        if text != "0" and (avoid is None or value == avoid or text != fmt_num(avoid)):
            return text
    return f"{value:.6g}"


def fmt_money(value: float, lang: str) -> str:
    """Money: '50万' in Chinese for round ten-thousands, else '500,000'."""
    if _zh(lang) and abs(value) >= 10_000:
        return fmt_num(value / 10_000) + "万"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class _Formatter(string.Formatter):
    def __init__(self, lang: str, threshold: float | None):
        self.lang, self.zh, self.threshold = lang, _zh(lang), threshold

    def _num(self, v: Any) -> str:
        return fmt_num(v, self.threshold)

    def format_field(self, value: Any, format_spec: str) -> str:
        sep = "、" if self.zh else ", "
        if value is None:
            return "—"
        match format_spec:
            case "num":
                return self._num(value)
            case "pct":
                return self._num(value) + "%"
            case "money":
                return fmt_money(value, self.lang)
            case "pcts":
                return sep.join(self._num(v) + "%" for v in value)
            case "nums":
                return sep.join(self._num(v) for v in value)
            case "names":
                return sep.join(map(str, value))
            case "fields":
                items = value if isinstance(value, list) else [value]
                return sep.join(FIELD_LABELS.get(f, (f, f))[0 if self.zh else 1] for f in items)
            case "word":
                return _WORDS.get(value, (value, value))[0 if self.zh else 1]
        return super().format_field(value, format_spec)


def _extras(code: str, values: Mapping[str, Any], zh: bool) -> dict[str, str]:
    """Derived phrases that depend on a value's sign or presence."""
    if code == "ladder":
        gmv = values.get("expected_gmv")
        if gmv is None:
            return {"gmv_note": ""}
        money = fmt_money(gmv, "zh" if zh else "en")
        return {
            "gmv_note": f"，GMV 门槛为预期 {money} 的 1.5、2.0、2.5… 倍"
            if zh
            else f", unlocked at 1.5×, 2.0×, 2.5×… the expected GMV of {money}"
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
    zh = _zh(lang)
    template = TEMPLATES.get(code)
    if template is None:
        return f"{code}: {values}"
    fields = {**values, "threshold": threshold, **_extras(code, values, zh)}
    return _Formatter(lang, threshold).vformat(template[0 if zh else 1], (), fields)


def render_reasons(reasons: list[Any], lang: str) -> list[str]:
    return [render_reason(r, lang) for r in reasons]


def render_verdict(tool_name: str, verdict: str, lang: str) -> str:
    """The headline of a verdict, e.g. recommended -> 建议长期合作 / Recommended for long-term cooperation."""
    pair = VERDICTS.get(tool_name, {}).get(verdict)
    if pair is None:
        return verdict
    return pair[0 if _zh(lang) else 1]


def render_action(action: str, lang: str) -> str:
    """What an alert asks the team to do, in Chinese or English."""
    pair = ACTIONS.get(action)
    return action if pair is None else pair[0 if _zh(lang) else 1]
