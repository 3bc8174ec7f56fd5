"""Registry entry of risk_check: fields, cue words, texts, verdict colours, chart."""

from __future__ import annotations

from assistant.tools.risk import (
    RiskCheckInput,
    RiskCheckOutput,
    risk_check,
)
from assistant.tools.spec import FieldSpec, Metric, ToolSpec

RISK_CHECK = ToolSpec(
    func=risk_check,
    input_model=RiskCheckInput,
    output_model=RiskCheckOutput,
    title=("风险预警", "risk check"),
    verdict_texts={
        "alert": ("触发预警", "Early warning triggered"),
        "ok": ("未触发预警", "No warning triggered"),
    },
    reason_texts={
        "rue_low": (
            "资源利用率（RUE）最近两周为 {recent:pcts}，连续低于 {threshold:pct}，应立即启动资源优化流程",
            "Resource utilisation (RUE) was {recent:pcts} in the last two weeks, both below {threshold:pct}: start the resource optimisation process now",
        ),
        "rue_ok": (
            "资源利用率最近两周为 {recent:pcts}，没有连续两周低于 {threshold:pct}",
            "RUE in the last two weeks was {recent:pcts}: not below {threshold:pct} two weeks running",
        ),
        "sentiment_drop": (
            "舆情指数从 {first:num} 降到 {last:num}，下降 {drop_pct:pct}，达到 {threshold:pct} 的预警线，应启动应急预案",
            "The sentiment index fell from {first:num} to {last:num} (down {drop_pct:pct}), reaching the {threshold:pct} alarm: start the contingency plan",
        ),
        "sentiment_ok": (
            "舆情指数从 {first:num} 变为 {last:num}（{change}），未达到下降 {threshold:pct} 的预警线",
            "The sentiment index moved from {first:num} to {last:num} ({change}), short of the {threshold:pct} drop alarm",
        ),
        "roi_below_benchmark": (
            "渠道 ROI 最近两个月为 {recent:nums}，均低于行业基准 {benchmark_roi:num} 的 {ratio_pct:pct}（{floor:num}），需要调整策略",
            "Channel ROI was {recent:nums} in the last two months, both below {ratio_pct:pct} of the benchmark {benchmark_roi:num} ({floor:num}): adjust the strategy",
        ),
        "roi_benchmark_ok": (
            "渠道 ROI 最近两个月为 {recent:nums}，没有连续低于行业基准 {benchmark_roi:num} 的 {ratio_pct:pct}（{floor:num}）",
            "Channel ROI was {recent:nums} in the last two months: not below {ratio_pct:pct} of the benchmark {benchmark_roi:num} ({floor:num}) two months running",
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
    },
    fields=(
        FieldSpec(
            "weekly_rue_pct",
            "pct",
            label=("每周资源利用率（RUE）", "weekly resource utilisation (RUE)"),
            ask=("最近两周的资源利用率（%）", "resource utilisation of the last two weeks (%)"),
            cues=(
                ("RUE|资源利用(?:效)?率|资源利用效率|资源使用率|利用率|利用效率|使用率",),
                ("RUE|(?:resource )?utili[sz]ation(?: efficiency| rate)?|usage rate",),
            ),
            series=True,
            evidence=True,
        ),
        FieldSpec(
            "sentiment",
            "index",
            label=("舆情指数", "sentiment index"),
            ask=("舆情指数的变化（起点和现在）", "the sentiment index, first and latest value"),
            cues=(
                ("舆情(?:指数|分数?|评分)?|舆论指数|口碑指数|口碑分",),
                (
                    "(?:brand )?sentiment(?: index| score)?|public opinion(?: index| score)?|(?:opinion|reputation) index",
                ),
            ),
            series=True,
            evidence=True,
        ),
        FieldSpec(
            "monthly_roi",
            "ratio",
            label=("月度渠道 ROI", "monthly channel ROI"),
            ask=("最近两个月的渠道 ROI", "channel ROI of the last two months"),
            cues=(
                ("(?:月度|每个?月的?|月)ROI",),
                (
                    "monthly ROI",
                    "ROI by month",
                    "month-on-month ROI",
                    "MoM ROI",
                ),
            ),
            series=True,
            evidence=True,
        ),
        FieldSpec(
            "benchmark_roi",
            "ratio",
            label=("行业基准 ROI", "the industry benchmark ROI"),
            ask=("行业基准 ROI", "the industry benchmark ROI"),
            from_benchmark="benchmark_roi",
            needed_with="monthly_roi",
        ),
        FieldSpec(
            "partner_shares_pct",
            "share",
            label=("各合作方的流量或 GMV 占比（%）", "each partner's share of traffic or GMV (%)"),
            ask=("各合作方的流量或 GMV 占比（%）", "each partner's share of traffic or GMV (%)"),
            cues=(
                (
                    "占比(?:分别是|分别为|分别)?|占(?:了|到了?)?|份额|贡献了?|来自",
                    "的?(?:流量|订单|成交)(?:份额|占比)?",
                    "最大的?(?:合作方|渠道|伙伴|客户)?|头部(?:合作方|渠道)|第一大(?:合作方|渠道)|单一(?:合作方|渠道)",
                ),
                (
                    "shares?(?: of)?|accounts? for|accounting for|makes? up|brings?(?: in)?|contributes?|drives?|holds?",
                    "of (?:our |the |total |all )?(?:traffic|GMV|sales|revenue|orders|volume|business)",
                    "(?:largest|biggest|top|main|single) (?:partner|channel|source)s?",
                ),
            ),
            series=True,
        ),
    ),
    good=frozenset({"ok"}),
    bad=frozenset({"alert"}),
    metrics=(Metric(("预警数", "Alerts"), "output", "alerts", "len"),),
    chart="alerts",
)
