"""Registry entries of counter_offer, performance_bet and incentive_tier: fields, cue words, texts, colours, charts."""

from __future__ import annotations

from assistant.tools.negotiation import (
    CounterOfferInput,
    CounterOfferOutput,
    IncentiveTierInput,
    IncentiveTierOutput,
    PerformanceBetInput,
    PerformanceBetOutput,
    counter_offer,
    incentive_tier,
    performance_bet,
)
from assistant.tools.spec import FieldSpec, Metric, ToolSpec

COUNTER_OFFER = ToolSpec(
    func=counter_offer,
    input_model=CounterOfferInput,
    output_model=CounterOfferOutput,
    title=("佣金还价", "counter offer"),
    verdict_texts={
        "unreasonable": ("要求不合理，建议还价", "Unreasonable demand: counter it"),
        "above_market": ("高于市场水平，可以谈", "Above the market rate: negotiate"),
        "acceptable": ("在市场水平内，可以接受", "Within the market rate: acceptable"),
    },
    reason_texts={
        "demand_over_market_cap": (
            "对方要求 {demanded_pct:pct}，超过行业平均 {industry_avg_pct:pct} 的 {threshold:num} 倍（{cap_pct:pct}），属于不合理要求",
            "The demanded {demanded_pct:pct} exceeds {threshold:num}× the industry average of {industry_avg_pct:pct} ({cap_pct:pct}): unreasonable",
        ),
        "demand_over_margin_ceiling": (
            "对方要求 {demanded_pct:pct} 超过毛利可承受的上限 {margin_ceiling_pct:pct}（毛利率 {gross_margin_pct:pct} 减去需保留的净利 {min_net_margin_pct:pct}）",
            "The demanded {demanded_pct:pct} exceeds the margin ceiling of {margin_ceiling_pct:pct} (gross margin {gross_margin_pct:pct} minus the {min_net_margin_pct:pct} net margin we keep)",
        ),
        "demand_above_market": (
            "对方要求 {demanded_pct:pct} 高于行业平均 {industry_avg_pct:pct}，但未超过 {market_cap_multiple:num} 倍（{cap_pct:pct}）",
            "The demanded {demanded_pct:pct} is above the industry average of {industry_avg_pct:pct} but within {market_cap_multiple:num}× ({cap_pct:pct})",
        ),
        "demand_within_market": (
            "对方要求 {demanded_pct:pct} 不高于行业平均 {industry_avg_pct:pct}，可以接受",
            "The demanded {demanded_pct:pct} is at or below the industry average of {industry_avg_pct:pct}: acceptable",
        ),
        "margin_ceiling": (
            "佣金上限 {ceiling_pct:pct}：毛利允许的上限（毛利率 {gross_margin_pct:pct} 减去需保留的净利 {min_net_margin_pct:pct}，即 {margin_ceiling_pct:pct}）与对方要价中较低的一个",
            "Commission ceiling {ceiling_pct:pct}: the lower of the partner's ask and what our margin allows (gross margin {gross_margin_pct:pct} minus the {min_net_margin_pct:pct} net margin we keep: {margin_ceiling_pct:pct})",
        ),
        "margin_exhausted": (
            "毛利率 {gross_margin_pct:pct} 在保留 {min_net_margin_pct:pct} 净利后已无佣金空间",
            "A gross margin of {gross_margin_pct:pct} leaves no room for commission after keeping a {min_net_margin_pct:pct} net margin",
        ),
        "fixed_fee_rate": (
            "坑位费 {fixed_fee:money} 按预期 GMV {expected_gmv:money} 折合 {fee_pct:pct}，加上佣金 {demanded_pct:pct}，"
            "对方的综合费率为 {effective_pct:pct}",
            "The fixed fee of {fixed_fee:money} on an expected GMV of {expected_gmv:money} is {fee_pct:pct}; with "
            "the {demanded_pct:pct} commission the partner takes {effective_pct:pct} in all",
        ),
        "base_rate_after_fee": (
            "基础佣金报 {base_pct:pct}：行业平均 {industry_avg_pct:pct} 减去坑位费折合的 {fee_pct:pct}",
            "Offer a base rate of {base_pct:pct}: the industry average of {industry_avg_pct:pct} less the "
            "{fee_pct:pct} the fixed fee already takes",
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
    },
    fields=(
        FieldSpec(
            "demanded_pct",
            "pct",
            label=("对方要求的佣金比例（%）", "the commission the partner demands (%)"),
            ask=("对方要求的佣金比例（%）", "the commission the partner demands (%)"),
            cues=(
                ("佣金(?:比例|率|分成|点数)?|抽成|抽佣|分成比例|分成|提成|扣点|返点",),
                ("commission(?: rate)?|commision|revenue share|rev[- ]share|take rate|cut",),
            ),
            evidence=True,
        ),
        FieldSpec(
            "industry_avg_pct",
            "pct",
            label=("行业平均佣金率（%）或品类", "the industry average commission (%) or the category"),
            ask=("行业平均佣金率（%）或品类", "the industry average commission (%) or the category"),
            cues=(
                (
                    "市场(?:平均|均价|价|行情|水平|价格|上)?|行情|同行(?:一般|都|普遍)?|业内(?!风评|口碑|评价|名声|声誉)(?:一般|普遍)?",
                    "(?:品类|类目|同类)(?:的)?(?:平均|均值|一般)?|一般(?:都)?|通常|平均佣金率?",
                ),
                (
                    "market(?: rate| average| price| norm)?|going rate|typical(?:ly)?|usually|normally|the norm",
                    "average commission(?: rate)?|category average|category norm",
                ),
            ),
            triggers=False,
            from_benchmark="industry_commission_pct",
        ),
        FieldSpec(
            "gross_margin_pct",
            "pct",
            label=("我方毛利率（%）", "our gross margin (%)"),
            ask=("我方毛利率（%）", "our gross margin (%)"),
            cues=(("毛利(?:润)?率?|利润率|利润空间",), ("(?:gross )?(?:profit )?margins?|GM",)),
            triggers=False,
        ),
        FieldSpec(
            "min_net_margin_pct",
            "pct",
            label=("需保留的净利率（%）", "the net margin we keep (%)"),
            ask=("需保留的净利率（%）", "the net margin we keep (%)"),
            cues=(
                (
                    "(?:最低|至少)?净利(?:润)?率?(?:底线|至少|最少)?(?:要|得|需要)?(?:保留|留|保持|保住)?(?:在)?",
                    "至少保留|保留",
                ),
                ("(?:minimum |min )?net (?:profit )?margin(?: floor)?|keep at least(?: a)?",),
            ),
            triggers=False,
        ),
        FieldSpec(
            "expected_gmv",
            "money",
            label=("预期 GMV（元）", "the expected GMV (CNY)"),
            ask=("预期 GMV（元）", "the expected GMV (CNY)"),
            cues=(
                (
                    "(?:预计|预期|预估|目标)的?(?:GMV|销售额|成交额)",
                    "(?:GMV|销售额)(?:预计|预期|预估|目标)(?:能)?(?:做到|达到)?",
                    "预计(?:能)?(?:做到|做|卖到?)?|预期|预估",
                ),
                (
                    "(?:expected|projected|forecast(?:ed)?|target|estimated) (?:GMV|sales|revenue)|GMV target",
                    "expect(?:s|ed|ing)?|projected|forecast|estimated?",
                ),
            ),
            triggers=False,
            needed_with="fixed_fee",
        ),
        FieldSpec(
            "fixed_fee",
            "money",
            label=("坑位费", "fixed fee"),
            ask=("坑位费（元）", "the fixed slot fee (CNY)"),
            cues=(
                (r"坑位费|坑位|上架费|进场费|固定费用?|服务费|保底费",),
                (r"slot fees?|fixed fees?|listing fees?|placement fees?|upfront fees?|flat fees?",),
            ),
            triggers=False,
        ),
    ),
    good=frozenset({"acceptable"}),
    bad=frozenset({"unreasonable"}),
    metrics=(
        Metric(("对方要价", "Demanded"), "input", "demanded_pct", "pct"),
        Metric(("行业平均", "Industry average"), "input", "industry_avg_pct", "pct"),
        Metric(("建议基础佣金", "Base rate to offer"), "output", "base_pct", "pct"),
        Metric(("阶梯最高档", "Top tier rate"), "output", "top_pct", "pct"),
        Metric(("对方综合费率", "Partner's total take"), "output", "effective_take_pct", "pct"),
    ),
    chart="ladder",
)

PERFORMANCE_BET = ToolSpec(
    func=performance_bet,
    input_model=PerformanceBetInput,
    output_model=PerformanceBetOutput,
    title=("ROI 对赌结算", "ROI guarantee settlement"),
    verdict_texts={
        "compensate": ("未达承诺，需要补偿", "Guarantee missed: compensation due"),
        "met": ("已达成承诺，无需补偿", "Guarantee met: nothing owed"),
    },
    reason_texts={
        "roi_shortfall": (
            "承诺 ROI {promised_roi:ratio}，实际 {actual_roi:ratio}，缺口 {shortfall_pct:pct}；按投放额 {spend:money} 应补偿 {compensation:money}，以等值广告位支付",
            "Promised ROI {promised_roi:ratio}, delivered {actual_roi:ratio} ({shortfall_pct:pct} short); on a spend of {spend:money} we owe {compensation:money}, paid as ad slots of equal value",
        ),
        "roi_promise_met": (
            "实际 ROI {actual_roi:ratio} 达到承诺的 {promised_roi:ratio}，无需补偿",
            "Delivered ROI {actual_roi:ratio} meets the promised {promised_roi:ratio}: nothing is owed",
        ),
    },
    fields=(
        FieldSpec(
            "promised_roi",
            "ratio",
            label=("承诺的 ROI", "the promised ROI"),
            ask=("承诺的 ROI", "the promised ROI"),
            cues=(
                (
                    "(?:承诺|对赌|保底|约定|目标|保证)(?:的)?(?:ROI|投入产出比|回报)",
                    "承诺(?:了)?|对赌|约定|保证|保底",
                ),
                (
                    "(?:promised|guaranteed|committed|target|agreed) ROI|ROI (?:target|promise|guarantee)",
                    "promised|guaranteed|committed to|promise[sd]?|guarantee[sd]?",
                ),
            ),
            evidence=True,
        ),
        FieldSpec(
            "actual_roi",
            "ratio",
            label=("实际达成的 ROI", "the ROI actually delivered"),
            ask=("实际达成的 ROI", "the ROI actually delivered"),
            cues=(
                (
                    "实际(?:的)?(?:ROI|投入产出比)",
                    "实际(?:上)?(?:只)?(?:做到|达到|跑出|跑到|做出)?了?",
                ),
                ("actual ROI|actual(?:ly)?|delivered|came in at|landed at|reali[sz]ed|ended up at|ended at",),
            ),
            evidence=True,
        ),
        FieldSpec(
            "spend",
            "money",
            label=("投放金额（元）", "the spend (CNY)"),
            ask=("投放金额（元）", "the spend (CNY)"),
            cues=(
                ("投放(?:金额|费用|预算)?|投入(?:了)?|投了|花了|花费|预算|广告费|费用|资金",),
                ("(?:ad |media )?spend(?:ing)?|spent|budget|invested|investment|put in|outlay",),
            ),
        ),
    ),
    good=frozenset({"met"}),
    bad=frozenset({"compensate"}),
    metrics=(
        Metric(("承诺 ROI", "Promised ROI"), "input", "promised_roi", "ratio"),
        Metric(("实际 ROI", "Actual ROI"), "input", "actual_roi", "ratio"),
        Metric(("补偿金额（元）", "Compensation (CNY)"), "output", "compensation", "money"),
    ),
)

INCENTIVE_TIER = ToolSpec(
    func=incentive_tier,
    input_model=IncentiveTierInput,
    output_model=IncentiveTierOutput,
    title=("阶梯激励", "incentive tiers"),
    verdict_texts={
        "unlocked": ("已解锁激励", "Incentive unlocked"),
        "locked": ("尚未解锁激励", "Incentive not yet unlocked"),
    },
    reason_texts={
        "tier_reached": (
            "GMV {gmv:money} 已达到 {min_gmv:money}，解锁「{tier}」",
            "GMV {gmv:money} has reached {min_gmv:money}, unlocking the {tier}",
        ),
        "tier_next": (
            "下一档「{tier}」需要 GMV {min_gmv:money}，还差 {gap:money}",
            "The next tier, the {tier}, needs GMV {min_gmv:money}: {gap:money} to go",
        ),
        "top_tier_reached": ("GMV {gmv:money} 已解锁全部阶梯", "GMV {gmv:money} has unlocked every tier"),
    },
    fields=(
        FieldSpec(
            "gmv",
            "money",
            label=("带货 GMV（元）", "the GMV (CNY)"),
            ask=("带货 GMV（元）", "the GMV (CNY)"),
            evidence=True,
        ),
    ),
    good=frozenset({"unlocked"}),
    metrics=(
        Metric(("GMV", "GMV"), "input", "gmv", "money"),
        Metric(("已解锁", "Reached"), "output", "reached", "len"),
        Metric(("距下一档 GMV", "GMV to next tier"), "output", "gap_to_next", "money"),
    ),
)
