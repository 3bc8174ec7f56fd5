"""Registry entries of rank_partners and allocate_leads: fields, cue words, texts, verdict colours, chart."""

from __future__ import annotations

from assistant.tools.portfolio import (
    AllocateLeadsInput,
    AllocateLeadsOutput,
    RankPartnersInput,
    RankPartnersOutput,
    allocate_leads,
    rank_partners,
)
from assistant.tools.spec import FieldSpec, Metric, ToolSpec

RANK_PARTNERS = ToolSpec(
    func=rank_partners,
    input_model=RankPartnersInput,
    output_model=RankPartnersOutput,
    title=("合作方排名", "partner ranking"),
    verdict_texts={
        "ranked": ("已完成排序", "Partners ranked"),
    },
    reason_texts={
        "partners_ranked": (
            "已按 {rank_dimensions:num} 个维度的加权得分（{weighting:word}）为 {count:num} 个合作方排序",
            "Ranked {count:num} partners by their weighted score over {rank_dimensions:num} dimensions ({weighting:word})",
        ),
        "shortlist_selected": (
            "前 {count:num} 名进入深度合作名单（最多 {top_n:num} 名）",
            "The top {count:num} go on the deep-cooperation shortlist (up to {top_n:num})",
        ),
        "shortlist_trimmed": (
            "合作方较少，入围名单缩为 {count:num} 名，以免与建议淘汰的 {pruned:num} 名重叠",
            "With few partners the shortlist was cut to {count:num} so it does not overlap the {pruned:num} proposed for pruning",
        ),
        "prune_selected": (
            "按每年淘汰 {prune_pct:pct}（向上取整），建议淘汰 {total:num} 个中排名末位的 {count:num} 个",
            "Pruning {prune_pct:pct} a year (rounded up) proposes the bottom {count:num} of {total:num} for the clean-out",
        ),
    },
    fields=(
        FieldSpec(
            "partners",
            "table",
            label=("合作方七维评分", "the partners' seven-dimension scores"),
            ask=(
                "各合作方在七个维度上的评分（流量质量、用户匹配度、品牌调性、转化能力、成本效率、合作稳定性、内容能力）",
                "each partner's scores on the seven dimensions (traffic quality, audience match, brand fit, "
                "conversion, cost efficiency, stability, content)",
            ),
            evidence=True,
        ),
        FieldSpec(
            "top_n",
            "count",
            label=("深度合作名单人数", "the shortlist size"),
            ask=("深度合作名单要选多少个", "how many partners to shortlist"),
            triggers=False,
        ),
        FieldSpec(
            "prune_pct",
            "pct",
            label=("每年淘汰比例", "the yearly prune share"),
            ask=("每年淘汰的比例（%）", "the share to prune each year (%)"),
            triggers=False,
        ),
    ),
    good=frozenset({"ranked"}),
    metrics=(
        Metric(("合作方数", "Partners"), "output", "ranked", "len"),
        Metric(("深度合作名单", "Shortlist"), "output", "shortlist", "len"),
        Metric(("建议淘汰", "Prune"), "output", "prune", "len"),
    ),
    chart="ranking",
)

ALLOCATE_LEADS = ToolSpec(
    func=allocate_leads,
    input_model=AllocateLeadsInput,
    output_model=AllocateLeadsOutput,
    title=("线索分配", "lead allocation"),
    verdict_texts={
        "allocated": ("已完成线索分配", "Leads allocated"),
    },
    reason_texts={
        "leads_allocated": (
            "按贡献度（转化率权重 {conversion_weight:num}，评分权重 {rating_weight:num}）用最大余数法把 {total_leads:num} 条线索分给 {outlets:num} 个网点",
            "Split {total_leads:num} leads among {outlets:num} outlets by contribution (conversion weight {conversion_weight:num}, rating weight {rating_weight:num}) with the largest-remainder method",
        ),
        "equal_split": (
            "所有网点的贡献度都为零，线索平均分配",
            "Every outlet's contribution is zero, so the leads are split equally",
        ),
    },
    fields=(
        FieldSpec(
            "total_leads",
            "count",
            label=("要分配的线索总数", "the number of leads to allocate"),
            ask=("要分配的线索总数", "the number of leads to allocate"),
            cues=(("(?:销售)?线索|留资|客资",), ("(?:sales )?leads?|inquiries|enquiries",)),
            triggers=False,
            evidence=True,
        ),
        FieldSpec(
            "outlets",
            "table",
            label=("各门店的转化率和评分", "each outlet's conversion rate and rating"),
            ask=("各门店的转化率和评分", "each outlet's conversion rate and rating"),
            evidence=True,
        ),
    ),
    good=frozenset({"allocated"}),
    metrics=(Metric(("线索总数", "Total leads"), "input", "total_leads", "num"),),
)
