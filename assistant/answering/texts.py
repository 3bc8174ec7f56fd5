"""Answer templates of the grounded engine, in Chinese and English (logic lives in compose.py)."""

from __future__ import annotations

from typing import Any

INTENT_NAMES: dict[str, tuple[str, str]] = {
    "partner_worth": ("判断合作方是否值得长期投入", "whether a partner is worth long-term investment"),
    "small_brand_leverage": ("小品牌如何撬动大品牌资源", "how a small brand gets a big brand's resources"),
    "short_vs_long_term": ("短期利益与长期价值的平衡", "balancing short-term gains and long-term value"),
    "unreasonable_demand": (
        "应对超出框架的要求（如过高佣金）",
        "answering demands beyond the frame (e.g. high commission)",
    ),
    "trust_crisis": (
        "合作方的信任危机（看板、阶梯激励、对赌）",
        "a partner's trust crisis (dashboard, tiers, ROI guarantee)",
    ),
    "partner_exit": ("核心合作方退出的应急处理", "handling a key partner's exit"),
    "risk_warning": ("风险预警规则", "the early-warning rules"),
    "partner_portfolio": ("合作方筛选、排名与淘汰", "scanning, ranking and pruning partners"),
    "coupon_fraud": ("优惠券与异业发券防刷", "coupon abuse in cross-promotions"),
    "methodology": ("资源整合方法论", "the resource-integration method"),
    "deal_lookup": ("查询历史合作", "looking up past deals"),
    "out_of_scope": ("其他问题", "something else"),
}

LABELS: dict[str, tuple[str, str]] = {
    "verdict": ("结论", "Verdict"),
    "why": ("依据", "Why"),
    "playbook": ("打法", "Playbook"),
    "figures": ("关键数字", "Key figures"),
    "case": ("案例", "Case"),
    "deals": ("相似的历史合作", "Similar past deals"),
    "next": ("下一步", "Next steps"),
    "sources": ("来源", "Sources"),
    "partner": ("合作方", "Partner"),
    "terms": ("条款", "Terms"),
    "result": ("结果", "Result"),
    "script": ("可以这样谈", "What to say"),
    "missing": ("还需要这些数字", "I still need"),
    "invalid": ("这些数字无法使用", "These numbers cannot be used"),
    "history_fill": ("已从历史合作补全", "Filled from the deal history"),
    "benchmark_fill": ("已用行业基准补全", "Filled from the benchmarks"),
    "unsure": ("我不太确定你问的是哪一类问题", "I am not sure which kind of question this is"),
    "compensation": ("应补偿等值广告位", "Compensation owed, as ad slots of equal value"),
}

# Names of tool inputs, for asking the user for what is missing.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "verified_cases": ("可验证的成功案例数（个）", "number of verifiable success cases"),
    "audience_match_pct": ("用户画像匹配度（0–100%）", "audience match (0–100%)"),
    "roi": ("投入产出比 ROI（如 1:3）", "ROI (e.g. 1:3)"),
    "radar_total": ("雷达图总分（0–100）", "radar total score (0–100)"),
    "demanded_pct": ("对方要求的佣金比例（%）", "the commission the partner demands (%)"),
    "industry_avg_pct": ("行业平均佣金率（%）或品类", "the industry average commission (%) or the category"),
    "gross_margin_pct": ("我方毛利率（%）", "our gross margin (%)"),
    "promised_roi": ("承诺的 ROI", "the promised ROI"),
    "actual_roi": ("实际达成的 ROI", "the ROI actually delivered"),
    "spend": ("投放金额（元）", "the spend (CNY)"),
    "gmv": ("带货 GMV（元）", "the GMV (CNY)"),
    "weekly_rue_pct": ("最近两周的资源利用率（%）", "resource utilisation of the last two weeks (%)"),
    "sentiment": ("舆情指数的变化（起点和现在）", "the sentiment index, first and latest value"),
    "monthly_roi": ("最近两个月的渠道 ROI", "channel ROI of the last two months"),
    "benchmark_roi": ("行业基准 ROI", "the industry benchmark ROI"),
    "partner_shares_pct": ("各合作方的流量或 GMV 占比（%）", "each partner's share of traffic or GMV (%)"),
    "total_leads": ("要分配的线索总数", "the number of leads to allocate"),
    "outlets": ("各门店的转化率和评分", "each outlet's conversion rate and rating"),
}

OUTCOMES: dict[str, tuple[str, str]] = {
    "renewed": ("已续约", "renewed"),
    "expanded": ("已扩大合作", "expanded"),
    "terminated": ("已终止", "terminated"),
    "paused": ("已暂停", "paused"),
    "ongoing": ("进行中", "ongoing"),
}

# Next actions by intent (and, where it matters, by verdict).
NEXT_STEPS: dict[str, tuple[list[str], list[str]]] = {
    "partner_worth:recommended": (
        [
            "把合作写成阶段目标，先跑一个季度再加码",
            "接入资源价值看板，按周复盘 ROI 和匹配度",
            "把它加入年度资源扫描名单",
        ],
        [
            "Write the deal as staged goals: run one quarter before scaling up",
            "Put it on the value dashboard and review ROI and match weekly",
            "Add the partner to the yearly resource scan",
        ],
    ),
    "partner_worth:not_recommended": (
        [
            "只做小规模试点，不做深度绑定",
            "针对未达标的指标要对方补证据（案例、画像数据、ROI 测算）",
            "同时准备一家备选合作方",
        ],
        [
            "Keep it to a small pilot, no deep commitment",
            "Ask the partner for evidence on each failed criterion (cases, audience data, ROI model)",
            "Line up a backup partner in parallel",
        ],
    ),
    "partner_worth": (
        [
            "补齐三项数字：可验证案例数、画像匹配度、ROI",
            "有条件再做六维雷达评分（低于 70 分不深度合作）",
            "在“合作方评分”页直接填表得出结论",
        ],
        [
            "Collect the three numbers: verified cases, audience match, ROI",
            "Score the six-dimension radar if you can (under 70: no deep cooperation)",
            "Use the Partner scorecard page to get the verdict from a form",
        ],
    ),
    "unreasonable_demand": (
        [
            "先报基础佣金，再给阶梯分成，封顶不超过毛利底线",
            "用行业平均佣金率和品类转化率模型做数据说明",
            "对方坚持时，用曝光等其他资源置换佣金点数",
        ],
        [
            "Open with the base rate, then offer the tiered share, capped at the margin floor",
            "Back it with the industry average commission and the category conversion model",
            "If they insist, trade other resources (exposure) for commission points",
        ],
    ),
    "trust_crisis": (
        [
            "本周内给对方开通资源价值看板",
            "约定 GMV 阶梯激励（如 50 万解锁品牌专场资源包）",
            "对关键合作写入 ROI 对赌条款，未达标用等值广告位补偿",
        ],
        [
            "Open the value dashboard to the partner this week",
            "Agree a GMV ladder (e.g. 500,000 unlocks the brand special-session pack)",
            "Write an ROI guarantee into key deals, settled in ad slots of equal value",
        ],
    ),
    "partner_exit": (
        [
            "30 分钟内调出备选合作方清单",
            "用信息流广告和 KOC 矩阵承接过渡期流量",
            "对用户用“服务升级”口径沟通",
            "复盘单点依赖：单一合作方占比不超过 30%",
        ],
        [
            "Pull the backup partner list within 30 minutes",
            "Bridge traffic with feed ads and a KOC matrix",
            "Tell users it is a service upgrade",
            "Review single-point dependency: no partner above a 30% share",
        ],
    ),
    "risk_warning:alert": (
        ["按触发的规则启动对应流程（见上）", "一周内复查数据，确认趋势", "同步负责人并记录处置"],
        [
            "Start the process each fired rule calls for (above)",
            "Re-check the data within a week to confirm the trend",
            "Tell the owner and log what was done",
        ],
    ),
    "risk_warning": (
        [
            "每周看资源利用率（连续两周低于 40% 启动优化）",
            "每月对比渠道 ROI 与行业基准的 70%",
            "舆情指数下降 30% 即启动应急预案",
        ],
        [
            "Watch utilisation weekly (below 40% two weeks running: optimise)",
            "Compare channel ROI monthly with 70% of the benchmark",
            "A 30% sentiment drop starts the contingency plan",
        ],
    ),
    "partner_portfolio": (
        ["按七个维度给合作方打分，选出前 30 深度合作", "线索按贡献度动态分配", "每年淘汰约 20% 低效合作方"],
        [
            "Score partners on the seven dimensions and keep the top 30 for deep work",
            "Allocate leads by contribution",
            "Prune about 20% of low performers every year",
        ],
    ),
    "coupon_fraud": (
        [
            "每个合作方发带标识的渠道专属码",
            "上线防刷：设备指纹、行为轨迹等 18 个维度",
            "实时追踪核销率和客单价，按渠道复盘",
        ],
        [
            "Give every partner its own tagged channel code",
            "Turn on anti-fraud checks: device fingerprint, behaviour trail and the other 18 dimensions",
            "Track redemption rate and order value per channel in real time",
        ],
    ),
    "small_brand_leverage": (
        [
            "每周梳理一次目标大品牌的当前痛点",
            "找出它还没覆盖的细分场景（资源缺口）",
            "拿我们独有的东西（如用户洞察报告）去换它的渠道资源",
        ],
        [
            "Each week, list the big brand's current pain points",
            "Find the niche scenarios it does not cover yet (its resource gap)",
            "Offer something only we have (e.g. a user-insight report) in exchange for its channel resources",
        ],
    ),
    "short_vs_long_term": (
        [
            "区分“抽水式”的短期买量和“修渠式”的生态共建",
            "给长期项目设第二年的 LTV 和复购目标",
            "短期合作只做补充，不做主力",
        ],
        [
            "Separate short-term traffic buying from ecosystem co-building",
            "Give long-term programmes year-two LTV and repurchase targets",
            "Keep short-term deals as a supplement, not the core",
        ],
    ),
    "methodology": (
        [
            "按“点状连接 → 链式编织 → 生态构建”判断自己所处阶段",
            "新人可按 721 学习法推进",
            "在“打法手册”页按章节阅读并做测验",
        ],
        [
            "Place yourself on the point → chain → ecosystem model",
            "New hires can follow the 721 learning path",
            "Read the Playbook page chapter by chapter and take the quiz",
        ],
    ),
    "deal_lookup": (
        ["在“历史合作”页按合作方、品类、结果筛选", "把新合作的结果补录进去，方便下次参考"],
        [
            "Filter the Deal history page by partner, category and outcome",
            "Record new deals there so the next answer can use them",
        ],
    ),
}

OUT_OF_SCOPE: tuple[str, str] = (
    "这个问题不在我的范围内。我能帮你做的是合作谈判相关的判断：合作方值不值得长期投入、"
    "对方佣金要价过高怎么还价、合作方质疑扶持时如何重建信任、核心合作方退出的应急、风险预警、"
    "合作方筛选与淘汰、优惠券防刷，以及资源整合方法论。",
    "That is outside what I can help with. I answer partnership-negotiation questions: whether a partner is "
    "worth long-term investment, how to counter a high commission demand, how to rebuild a partner's trust, "
    "what to do when a key partner quits, early-warning checks, ranking and pruning partners, coupon abuse, "
    "and the resource-integration method.",
)

EMPTY_MESSAGE: tuple[str, str] = (
    "消息是空的。请输入你的问题，例如：“合作方有4个成功案例，匹配度65%，ROI 1:3.5，值得长期投入吗？”",
    "The message is empty. Ask a question, for example: “The partner has 4 verified cases, 65% audience "
    "match and ROI 1:3.5. Worth a long-term deal?”",
)

TOO_LONG: tuple[str, str] = (
    "消息太长了（{n} 个字符，上限 {limit}）。请只粘贴关键信息和数字，或把表格上传到对应页面。",
    "The message is too long ({n} characters, the limit is {limit}). Paste only the key facts and numbers, "
    "or upload the table on the matching page.",
)

INVALID_HINT: tuple[str, str] = (
    "请给出有效的数值后我再下结论（百分比在 0–100 之间，ROI 和金额不能为负）。",
    "Please give valid values and I will give the verdict (percentages 0–100, ROI and amounts not negative).",
)

ASK_MISSING: tuple[str, str] = (
    "要给出“{tool}”的结论，还需要：{fields}。",
    "To give the {tool} verdict I still need: {fields}.",
)

TOOL_TITLES: dict[str, tuple[str, str]] = {
    "assess_partner": ("合作方评估", "partner assessment"),
    "audience_match": ("画像匹配", "audience match"),
    "counter_offer": ("佣金还价", "counter offer"),
    "performance_bet": ("ROI 对赌结算", "ROI guarantee settlement"),
    "incentive_tier": ("阶梯激励", "incentive tiers"),
    "risk_check": ("风险预警", "risk check"),
    "rank_partners": ("合作方排名", "partner ranking"),
    "allocate_leads": ("线索分配", "lead allocation"),
}


def t(
    table: dict[str, tuple[str, str]] | tuple[str, str], lang: str, key: str | None = None, **kw: Any
) -> str:
    """Pick the Chinese or English text of a template (and format it)."""
    pair = table[key] if key is not None and isinstance(table, dict) else table
    assert isinstance(pair, tuple)
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**kw) if kw else text


def next_steps(intent: str, verdict: str | None, lang: str) -> list[str]:
    """Next actions for an intent, specialised by verdict when a template exists."""
    key = f"{intent}:{verdict}" if verdict and f"{intent}:{verdict}" in NEXT_STEPS else intent
    pair = NEXT_STEPS.get(key)
    if not pair:
        return []
    return pair[0] if lang == "zh" else pair[1]
