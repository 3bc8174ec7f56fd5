"""Registry entries of assess_partner and audience_match: fields, cue words, texts, verdict colours, chart."""

from __future__ import annotations

from assistant.tools.partner import (
    AssessPartnerInput,
    AssessPartnerOutput,
    AudienceMatchInput,
    AudienceMatchOutput,
    assess_partner,
    audience_match,
)
from assistant.tools.spec import FieldSpec, Metric, ToolSpec

ASSESS_PARTNER = ToolSpec(
    func=assess_partner,
    input_model=AssessPartnerInput,
    output_model=AssessPartnerOutput,
    title=("合作方评估", "partner assessment"),
    verdict_texts={
        "recommended": ("建议长期合作", "Recommended for long-term cooperation"),
        "not_recommended": ("不建议长期或深度合作", "Not recommended for long-term or deep cooperation"),
        "insufficient_data": ("数据不足，暂无法判断", "Not enough data for a verdict yet"),
    },
    reason_texts={
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
            "Audience match {audience_match_pct:pct} does not exceed {threshold:pct} (it must be above {threshold:pct}; gap {gap:num} points)",
        ),
        "roi_ok": (
            "ROI {roi:num} 达到 {threshold:ratio} 基准线",
            "ROI {roi:num} meets the {threshold:ratio} baseline",
        ),
        "roi_low": (
            "ROI {roi:num} 低于 {threshold:ratio} 基准线，还差 {gap:num}",
            "ROI {roi:num} is below the {threshold:ratio} baseline (needs +{gap:num})",
        ),
        "radar_ok": (
            "资源适配度雷达得分 {radar_score:num}（{source:word}），不低于 {threshold:num} 分",
            "Resource-fit radar score {radar_score:num} ({source:word}) is at least {threshold:num}",
        ),
        "radar_low": (
            "资源适配度雷达得分 {radar_score:num}（{source:word}）低于 {threshold:num} 分，还差 {gap:num} 分，不建议深度合作",
            "Resource-fit radar score {radar_score:num} ({source:word}) is below {threshold:num} (needs +{gap:num}); deep cooperation is not advised",
        ),
        "radar_skipped": (
            "未提供雷达图评分，已跳过雷达检查（{threshold:num} 分线）",
            "No radar scores were given, so the radar check ({threshold:num}-point bar) was skipped",
        ),
        "input_missing": ("还缺少：{fields:fields}", "Still missing: {fields:fields}"),
    },
    fields=(
        FieldSpec(
            "verified_cases",
            "count",
            label=("可验证成功案例数", "verified success cases"),
            ask=("可验证的成功案例数（个）", "number of verifiable success cases"),
            cues=(
                (
                    "可验证的?(?:成功)?案例",
                    "(?:成功|合作|落地|标杆)的?案例",
                    "(?:都|挺|很|全部|均)*成功",
                    "案例|案列",
                    "成功经验",
                    "成功合作",
                ),
                (
                    "(?:verified|verifiable|successful|proven|documented|referenceable) (?:success )?cases?",
                    "success(?:ful)? (?:cases?|stories|story)",
                    "(?:all |were |was )*successful(?:ly)?",
                    "case stud(?:y|ies)",
                    "cases?",
                    "references?",
                    "successes",
                    "wins",
                    "track record",
                ),
            ),
            evidence=True,
            from_history=True,
        ),
        FieldSpec(
            "audience_match_pct",
            "pct",
            label=("用户画像匹配度", "audience match (%)"),
            ask=("用户画像匹配度（{lo}–{hi}%）", "audience match ({lo}–{hi}%)"),
            cues=(
                (
                    "(?:用户|人群|受众|粉丝)?画像(?:的)?(?:匹配度?|重合度?|契合度)?",
                    "(?:用户|人群|受众|粉丝)(?:匹配度?|重合度?|重叠度?)",
                    "匹配度|匹配|重合度|重合率|重合|重叠度|重叠率|重叠|契合度",
                ),
                (
                    "(?:audience|user|profile|persona|demographic|customer) (?:match(?:ing)?|overlap|fit)(?: rate)?",
                    "match rate",
                    "matches|matching|match|overlaps?",
                ),
            ),
            evidence=True,
            from_history=True,
        ),
        FieldSpec(
            "roi",
            "ratio",
            label=("投入产出比（ROI）", "ROI"),
            ask=("投入产出比 ROI（产出 ÷ 投入）", "ROI (return ÷ spend)"),
            cues=(
                ("投入产出比|投产比|产出比|投资回报率|回报率|回报",),
                ("ROI|ROAS|RIO|R0I|return on investment|returns?|payback",),
            ),
            from_history=True,
        ),
        FieldSpec(
            "radar",
            "score",
            label=("雷达图六项评分", "the six radar scores"),
            ask=("雷达图六项评分", "the six radar scores"),
        ),
        FieldSpec(
            "radar_total",
            "score",
            label=("雷达图总分", "radar total score"),
            ask=("雷达图总分（{lo}–{hi}）", "radar total score ({lo}–{hi})"),
            cues=(
                (
                    "(?:资源)?(?:适配度)?雷达图?(?:的)?(?:六项|6项|六个维度|6个维度|各项|六维)?(?:平均分?|总分|综合得?分|得分|评分|分数|均分|打分)?",
                    "(?:六项|6项|六个维度|6个维度)(?:的)?(?:平均分?|总分|均分)",
                    "总分|综合得?分|综合评分",
                ),
                (
                    "radar(?: chart)?(?: total| average| overall| mean)?(?: score)?",
                    "(?:overall|total|composite|average|aggregate) score",
                    "scorecard(?: total)?",
                ),
            ),
            evidence=True,
        ),
    ),
    good=frozenset({"recommended"}),
    bad=frozenset({"not_recommended"}),
    metrics=(
        Metric(("可验证成功案例", "Verified cases"), "input", "verified_cases", "num"),
        Metric(("用户画像匹配度", "Audience match"), "input", "audience_match_pct", "pct"),
        Metric(("投入产出比 ROI", "ROI"), "input", "roi", "ratio"),
        Metric(("雷达图得分", "Radar score"), "output", "radar_score", "num"),
    ),
    chart="radar",
)

AUDIENCE_MATCH = ToolSpec(
    func=audience_match,
    input_model=AudienceMatchInput,
    output_model=AudienceMatchOutput,
    title=("画像匹配", "audience match"),
    verdict_texts={
        "match": ("用户画像匹配", "The audiences match"),
        "mismatch": ("用户画像不匹配", "The audiences do not match"),
    },
    reason_texts={
        "profile_match": (
            "双方用户画像重合度 {match_pct:pct}，超过 {threshold:pct}",
            "The two user profiles overlap by {match_pct:pct}, above {threshold:pct}",
        ),
        "profile_mismatch": (
            "双方用户画像重合度 {match_pct:pct}，未超过 {threshold:pct}（差距 {gap:num} 个百分点）",
            "The two user profiles overlap by {match_pct:pct}, not above {threshold:pct} (gap {gap:num} points)",
        ),
        "profile_normalised": (
            "{side:word}各分组占比合计 {total:pct}，已按合计 {full:pct} 归一化",
            "{side:word} shares add up to {total:pct}; normalised to {full:pct}",
        ),
        "bucket_unshared": (
            "以下分组只有一方给出，另一方按零计：{buckets:names}",
            "Buckets given on one side only (counted as zero on the other): {buckets:names}",
        ),
    },
    fields=(
        FieldSpec(
            "ours",
            "table",
            label=("我方用户分布", "our user distribution"),
            ask=(
                "我方用户在各分组（如年龄段）的占比（%）",
                "our users' share in each bucket, e.g. age band (%)",
            ),
            evidence=True,
        ),
        FieldSpec(
            "theirs",
            "table",
            label=("对方用户分布", "the partner's user distribution"),
            ask=(
                "对方用户在相同分组的占比（%）",
                "the partner's users' share in the same buckets (%)",
            ),
            evidence=True,
        ),
    ),
    good=frozenset({"match"}),
    bad=frozenset({"mismatch"}),
    metrics=(Metric(("画像重合度", "Profile overlap"), "output", "match_pct", "pct"),),
)
