"""The intents a tool answers with numbers: partner worth, demands, trust, exits, warnings, portfolios."""

from __future__ import annotations

from assistant.intents.spec import IntentSpec

TABLE: tuple[IntentSpec, ...] = (
    IntentSpec(
        "partner_worth",
        title=("判断合作方是否值得长期投入", "whether a partner is worth long-term investment"),
        tools=("assess_partner", "audience_match"),
        next_steps={
            "recommended": (
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
            "not_recommended": (
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
            "match": (
                [
                    "把这个重合度作为用户画像匹配度，再补上可验证案例数和 ROI，做一次完整的合作方评估",
                    "联合活动先面向双方重合最多的人群",
                ],
                [
                    "Use this overlap as the audience match and add verified cases and ROI for a full partner assessment",
                    "Aim joint campaigns at the groups both audiences share most",
                ],
            ),
            "mismatch": (
                [
                    "画像重合度不够：先做小规模试点，不做深度绑定",
                    "优先找与我方主力人群更接近的合作方",
                ],
                [
                    "The profiles overlap too little: keep it to a small pilot, no deep commitment",
                    "Look first for partners closer to our core audience",
                ],
            ),
            None: (
                [
                    "补齐三项数字：可验证案例数、画像匹配度、ROI",
                    "有条件再做六维雷达评分（低于 {radar_min} 分不深度合作）",
                    "在“合作方评分”页直接填表得出结论",
                ],
                [
                    "Collect the three numbers: verified cases, audience match, ROI",
                    "Score the six-dimension radar if you can (under {radar_min}: no deep cooperation)",
                    "Use the Partner scorecard page to get the verdict from a form",
                ],
            ),
        },
        cues=(
            ("值得|值不值|值当|worth(?:while| it)?|is it worth", 0.9),
            (
                "长期投入|长期合作|深度合作|深入合作|长期绑定|long[- ]?term (?:partner(?!\\s+value)|invest|relationship|bet)",
                1.2,
            ),
            ("deep(?:er)? (?:cooperation|partnership|collaboration)|go deep|double down", 1.0),
            ("匹配度|画像|重合度|audience (?:match|overlap|fit)|overlap|profile match", 0.8),
            ("可验证|成功案例|案例|verified cases?|case stud|success stor|track record|references", 0.6),
            ("雷达|radar|scorecard|评分卡", 0.8),
            (
                "判断合作方|评估合作方|筛选标准|考察合作方|evaluate (?:a |this |the )?partner|vet (?:a |the )?partner",
                0.9,
            ),
            ("靠谱|可靠|reliable|trustworthy|good fit", 0.5),
            ("\\bROI\\b|投入产出|投产比|return", 0.3),
        ),
    ),
    IntentSpec(
        "unreasonable_demand",
        title=(
            "应对超出框架的要求（如过高佣金）",
            "answering demands beyond the frame (e.g. high commission)",
        ),
        tools=("counter_offer",),
        next_steps={
            None: (
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
        },
        cues=(
            (
                "佣金|拥金|抽成|抽佣|分成|提成|扣点|返点|坑位费|commi?ss?ion|revenue share|rev[- ]share|take rate",
                1.3,
            ),
            (
                "不合理|过分|狮子大开口|太高|漫天要价|无理|unreasonable|too (?:high|much)|excessive|outrageous",
                0.9,
            ),
            (
                "还价|砍价|反报价|怎么谈|压价|counter[- ]?offer|push back|negotiate|haggle|talk (?:them|it) down",
                0.8,
            ),
            (
                "超出框架|超出合作框架|提要求|要求太|beyond the (?:frame|scope)|demands?|asking for|wants? \\d",
                0.6,
            ),
            ("行业平均|市场价|industry average|market rate|going rate", 0.5),
            ("毛利|margin", 0.4),
            ("阶梯分成|tiered (?:share|commission)|slot fee", 1.0),
        ),
    ),
    IntentSpec(
        "trust_crisis",
        title=(
            "合作方的信任危机（看板、阶梯激励、对赌）",
            "a partner's trust crisis (dashboard, tiers, ROI guarantee)",
        ),
        tools=("performance_bet", "incentive_tier"),
        next_steps={
            None: (
                [
                    "本周内给对方开通资源价值看板",
                    "约定 GMV 阶梯激励（如 {first_tier_gmv} 解锁{first_tier}）",
                    "对关键合作写入 ROI 对赌条款，未达标用等值广告位补偿",
                ],
                [
                    "Open the value dashboard to the partner this week",
                    "Agree a GMV ladder (e.g. {first_tier_gmv} unlocks the {first_tier})",
                    "Write an ROI guarantee into key deals, settled in ad slots of equal value",
                ],
            ),
        },
        cues=(
            ("质疑|不信任|怀疑|不相信|信任危机|doubt|don'?t trust|distrust|skeptic|sceptic|suspicious", 1.2),
            ("流量扶持|扶持是假|真实性|traffic support|support is (?:real|fake)", 1.0),
            (
                "对赌|保底(?!坑位)|承诺ROI|承诺的ROI|guarantee(?!d? (?:slot|fee|minimum))|guarentee|performance bet|make good|owe",
                1.3,
            ),
            ("补偿|赔|广告位|compensat|ad slots?|ad space", 0.8),
            (
                "承诺(?:了)?(?:的)?(?:ROI|投产比|回报|\\s?\\d)|promis(?:e|ed) (?:an? )?(?:ROI|return|\\d)|actual ROI",
                0.9,
            ),
            (
                "阶梯(?!分成)|激励|解锁|专场|资源包|tiered (?!share|commission)|incentive|unlock|brand pack|special session",
                1.0,
            ),
            ("看板|可视化|dashboard|transparen", 0.8),
            ("\\bGMV\\b", 0.3),
            ("MCN|机构|达人|主播|agency|KOL|influencer|streamer", 0.3),
        ),
    ),
    IntentSpec(
        "partner_exit",
        title=("核心合作方退出的应急处理", "handling a key partner's exit"),
        tools=("risk_check",),
        borrows_tools=True,
        next_steps={
            None: (
                [
                    "{backup_minutes} 分钟内调出备选合作方清单",
                    "用信息流广告和 KOC 矩阵承接过渡期流量",
                    "对用户用“服务升级”口径沟通",
                    "复盘单点依赖：单一合作方占比不超过 {single_point_pct}%",
                ],
                [
                    "Pull the backup partner list within {backup_minutes} minutes",
                    "Bridge traffic with feed ads and a KOC matrix",
                    "Tell users it is a service upgrade",
                    "Review single-point dependency: no partner above a {single_point_pct}% share",
                ],
            ),
        },
        cues=(
            (
                "终止|解约|退出|撤资|撤了|不合作了|断了|跑路|毁约|单方面|pull(?:ed)? out|quit|walk(?:ed|s)? (?:away|out)",
                1.3,
            ),
            (
                "terminat|cancel(?:l?ed)? (?:the )?(?:deal|contract)|drop(?:ped)? us|left us|leaving|backed out",
                1.2,
            ),
            ("备选|备份|备胎|替补|backup|plan b|fallback|replacement", 1.0),
            ("急救包|应急|紧急|突然|emergency|suddenly|overnight|urgent", 0.8),
            ("过度依赖|over-?reliance|depend(?:ence|ency) on one", 0.5),
            ("流量承接|过渡期|用户告知|服务升级|bridge|transition|tell (?:our )?users", 0.6),
            (
                "停止供货|不再供货|断供|停供|停产|停更|停播|闭店|关店|下架|叫停|不续约|结束合作|停止合作|停止配送"
                "|stops? (?:deliveries|supplying|shipping|posting|streaming)|stopped (?:supplying|shipping|posting)"
                "|shut (?:down|its)|closing down|delisted|pulled the plug|ending the partnership|won'?t renew",
                1.1,
            ),
        ),
    ),
    IntentSpec(
        "risk_warning",
        title=("风险预警规则", "the early-warning rules"),
        tools=("risk_check",),
        next_steps={
            "alert": (
                ["按触发的规则启动对应流程（见上）", "一周内复查数据，确认趋势", "同步负责人并记录处置"],
                [
                    "Start the process each fired rule calls for (above)",
                    "Re-check the data within a week to confirm the trend",
                    "Tell the owner and log what was done",
                ],
            ),
            None: (
                [
                    "每周看资源利用率（连续两周低于 {rue_low_pct}% 启动优化）",
                    "每月对比渠道 ROI 与行业基准的 {roi_floor_pct}%",
                    "舆情指数下降 {sentiment_drop_pct}% 即启动应急预案",
                ],
                [
                    "Watch utilisation weekly (below {rue_low_pct}% two weeks running: optimise)",
                    "Compare channel ROI monthly with {roi_floor_pct}% of the benchmark",
                    "A {sentiment_drop_pct}% sentiment drop starts the contingency plan",
                ],
            ),
        },
        cues=(
            ("\\bRUE\\b|利用率|利用效率|utili[sz]ation", 1.2),
            ("舆情|舆论|口碑下滑|sentiment|public opinion|bad press|PR crisis", 1.1),
            ("预警|风险|警报|warning|alert|red flag|early warning|risk", 0.9),
            (
                "连续两周|连续两个?月|两周|两个月|two (?:weeks|months) (?:in a row|running|straight)|consecutive",
                0.8,
            ),
            ("低于基准|行业基准|基准|below (?:the )?benchmark|benchmark|baseline", 0.8),
            ("应急预案|启动预案|调整策略|资源优化|contingency|adjust (?:the )?strategy", 0.6),
            ("占比|份额|share of (?:traffic|GMV)|% of (?:our )?(?:traffic|GMV)|concentrat", 0.5),
            ("单点依赖|single[- ]point|健康度|仪表盘|health dashboard", 0.8),
            ("下降|下滑|掉了|跌|dropp?(?:ed|ing)|fell|decline|slipp", 0.3),
        ),
    ),
    IntentSpec(
        "partner_portfolio",
        title=("合作方筛选、排名与淘汰", "scanning, ranking and pruning partners"),
        tools=("rank_partners", "allocate_leads"),
        next_steps={
            None: (
                [
                    "按七个维度给合作方打分，选出前 {top_n} 深度合作",
                    "线索按贡献度动态分配",
                    "每年淘汰约 {prune_pct}% 低效合作方",
                ],
                [
                    "Score partners on the seven dimensions and keep the top {top_n} for deep work",
                    "Allocate leads by contribution",
                    "Prune about {prune_pct}% of low performers every year",
                ],
            ),
        },
        cues=(
            ("淘汰|清退|砍掉|优胜劣汰|prune|pruning|cull|weed out|clean[- ]?out|drop the worst", 1.3),
            ("排名|排序|打分|排行|筛选|名单|rank(?:ing)?|shortlist|score (?:our|the|all)", 1.0),
            ("TOP\\s?30|前30|头部30|top[- ]?30|top \\d+", 0.8),
            ("线索分配|分配线索|分线索|线索|allocat|leads?|distribut(?:e|ion) (?:of )?leads", 1.1),
            ("资源池|合作方池|组合|portfolio|pool of partners|partner pool|partner list", 0.8),
            ("扫描|价值扫描|体检|scan|audit", 0.6),
            ("每年|年度|yearly|annual|every year", 0.5),
            ("门店|经销商|4S店|dealers?|outlets?|stores", 0.4),
        ),
    ),
)
