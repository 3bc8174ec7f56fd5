"""Cue words (Chinese and English) that tell which tool input field a nearby number fills."""

from __future__ import annotations

# Each row: (candidate fields in priority order, Chinese patterns, English patterns). Patterns are regexes;
# English ones are matched case-insensitively between non-letters. When two cues overlap, the longer
# wins; a number goes to the first candidate field whose unit it fits (see FIELD_KIND in slots.py).
CUES: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (
        ("verified_cases",),
        (
            r"可验证的?(?:成功)?案例",
            r"(?:成功|合作|落地|标杆)的?案例",
            r"(?:都|挺|很|全部|均)*成功",
            r"案例|案列",
            r"成功经验",
            r"成功合作",
        ),
        (
            r"(?:verified|verifiable|successful|proven|documented|referenceable) (?:success )?cases?",
            r"success(?:ful)? (?:cases?|stories|story)",
            r"(?:all |were |was )*successful(?:ly)?",
            r"case stud(?:y|ies)",
            r"cases?",
            r"references?",
            r"successes",
            r"wins",
            r"track record",
        ),
    ),
    (
        ("audience_match_pct",),
        (
            r"(?:用户|人群|受众|粉丝)?画像(?:的)?(?:匹配度?|重合度?|契合度)?",
            r"(?:用户|人群|受众|粉丝)(?:匹配度?|重合度?|重叠度?)",
            r"匹配度|匹配|重合度|重合率|重合|重叠度|重叠率|重叠|契合度",
        ),
        (
            r"(?:audience|user|profile|persona|demographic|customer) (?:match(?:ing)?|overlap|fit)(?: rate)?",
            r"match rate",
            r"matches|matching|match|overlaps?",
        ),
    ),
    (
        ("roi",),
        (r"投入产出比|投产比|产出比|投资回报率|回报率|回报",),
        (r"ROI|ROAS|RIO|R0I|return on investment|returns?|payback",),
    ),
    (
        ("monthly_roi",),
        (r"(?:月度|每个?月的?|月)ROI",),
        (r"monthly ROI", r"ROI by month", r"month-on-month ROI", r"MoM ROI"),
    ),
    (
        ("radar_total",),
        (
            r"(?:资源)?(?:适配度)?雷达图?(?:的)?(?:六项|6项|六个维度|6个维度|各项|六维)?"
            r"(?:平均分?|总分|综合得?分|得分|评分|分数|均分|打分)?",
            r"(?:六项|6项|六个维度|6个维度)(?:的)?(?:平均分?|总分|均分)",
            r"总分|综合得?分|综合评分",
        ),
        (
            r"radar(?: chart)?(?: total| average| overall| mean)?(?: score)?",
            r"(?:overall|total|composite|average|aggregate) score",
            r"scorecard(?: total)?",
        ),
    ),
    (
        ("demanded_pct",),
        (r"佣金(?:比例|率|分成|点数)?|抽成|抽佣|分成比例|分成|提成|扣点|返点|坑位费",),
        (r"commission(?: rate)?|commision|revenue share|rev[- ]share|take rate|cut",),
    ),
    (
        # Verbs of asking: a demand only when the question is not about traffic/GMV shares.
        ("demanded_pct~",),
        (r"要抽佣?|抽佣?|要求|要价|开价|开口要|狮子大开口", r"要(?=\s?[0-9一二两三四五六七八九十百])"),
        (
            r"ask(?:ing|s|ed)?(?: for)?|demand(?:s|ed|ing)?|wants?|wanted|request(?:s|ed|ing)?|charg(?:e|es|ing)",
            r"takes?|taking|insists? on",
        ),
    ),
    (
        ("industry_avg_pct", "benchmark_roi"),
        (r"行业(?:平均|均值|水平|标准|惯例|通常|一般|普遍)(?:佣金率?|分成|费率|水平|值)?|行业里?",),
        (r"industry(?: average| avg| norm| standard| typical)?(?: commission)?(?: rate)?",),
    ),
    (
        ("industry_avg_pct",),
        (
            r"市场(?:平均|均价|价|行情|水平|价格|上)?|行情|同行(?:一般|都|普遍)?|业内(?:一般|普遍)?",
            r"(?:品类|类目|同类)(?:的)?(?:平均|均值|一般)?|一般(?:都)?|通常|平均佣金率?",
        ),
        (
            r"market(?: rate| average| price| norm)?|going rate|typical(?:ly)?|usually|normally|the norm",
            r"average commission(?: rate)?|category average|category norm",
        ),
    ),
    (
        ("benchmark_roi", "industry_avg_pct"),
        (r"行业基准(?:ROI|值)?|基准(?:ROI|值)?|行业(?:平均)?ROI|大盘(?:ROI)?|行业标准ROI",),
        (r"(?:industry |ROI )?benchmark(?: ROI)?|industry (?:average )?ROI",),
    ),
    (
        ("gross_margin_pct",),
        (r"毛利(?:润)?率?|利润率|利润空间",),
        (r"(?:gross )?(?:profit )?margins?|GM",),
    ),
    (
        ("min_net_margin_pct",),
        (
            r"(?:最低|至少)?净利(?:润)?率?(?:底线|至少|最少)?(?:要|得|需要)?(?:保留|留|保持|保住)?(?:在)?",
            r"至少保留|保留",
        ),
        (r"(?:minimum |min )?net (?:profit )?margin(?: floor)?|keep at least(?: a)?",),
    ),
    (
        ("expected_gmv",),
        (
            r"(?:预计|预期|预估|目标)的?(?:GMV|销售额|成交额)",
            r"(?:GMV|销售额)(?:预计|预期|预估|目标)(?:能)?(?:做到|达到)?",
            r"预计(?:能)?(?:做到|做|卖到?)?|预期|预估",
        ),
        (
            r"(?:expected|projected|forecast(?:ed)?|target|estimated) (?:GMV|sales|revenue)|GMV target",
            r"expect(?:s|ed|ing)?|projected|forecast|estimated?",
        ),
    ),
    (
        ("promised_roi",),
        (
            r"(?:承诺|对赌|保底|约定|目标|保证)(?:的)?(?:ROI|投入产出比|回报)",
            r"承诺(?:了)?|对赌|约定|保证|保底",
        ),
        (
            r"(?:promised|guaranteed|committed|target|agreed) ROI|ROI (?:target|promise|guarantee)",
            r"promised|guaranteed|committed to|promise[sd]?|guarantee[sd]?",
        ),
    ),
    (
        ("actual_roi",),
        (r"实际(?:的)?(?:ROI|投入产出比)", r"实际(?:上)?(?:只)?(?:做到|达到|跑出|跑到|做出)?了?"),
        (r"actual ROI|actual(?:ly)?|delivered|came in at|landed at|reali[sz]ed|ended up at|ended at",),
    ),
    (
        # Outcome verbs: an achieved ROI for a ratio, an achieved GMV for money.
        ("outcome",),
        (r"(?:只)?(?:做到|跑出|做出|达到|做)了?|结果(?:只有)?|最终|现在做了",),
        (r"achieved|got|only hit|hit|managed|did|made|generated|brought in|closed",),
    ),
    (
        ("spend",),
        (r"投放(?:金额|费用|预算)?|投入(?:了)?|投了|花了|花费|预算|广告费|费用|资金",),
        (r"(?:ad |media )?spend(?:ing)?|spent|budget|invested|investment|put in|outlay",),
    ),
    (
        ("gmv", "partner_shares_pct"),
        (r"(?:带货|直播|专场)?(?:GMV|销售额|成交额)|流水|营业额|业绩|卖了|卖出了?|成交了?",),
        (r"GMV|sales|revenue|turnover|sold",),
    ),
    (
        ("partner_shares_pct",),
        (
            r"占比(?:分别是|分别为|分别)?|占(?:了|到了?)?|份额|贡献了?|来自",
            r"的?(?:流量|订单|成交)(?:份额|占比)?",
            r"最大的?(?:合作方|渠道|伙伴|客户)?|头部(?:合作方|渠道)|第一大(?:合作方|渠道)|单一(?:合作方|渠道)",
        ),
        (
            r"shares?(?: of)?|accounts? for|accounting for|makes? up|brings?(?: in)?|contributes?|drives?|holds?",
            r"of (?:our |the |total |all )?(?:traffic|GMV|sales|revenue|orders|volume|business)",
            r"(?:largest|biggest|top|main|single) (?:partner|channel|source)s?",
        ),
    ),
    (
        ("weekly_rue_pct",),
        (r"RUE|资源利用(?:效)?率|资源利用效率|资源使用率|利用率|利用效率|使用率",),
        (r"RUE|(?:resource )?utili[sz]ation(?: efficiency| rate)?|usage rate",),
    ),
    (
        ("sentiment",),
        (r"舆情(?:指数|分数?|评分)?|舆论指数|口碑指数|口碑分",),
        (
            r"(?:brand )?sentiment(?: index| score)?|public opinion(?: index| score)?|(?:opinion|reputation) index",
        ),
    ),
    (
        ("sentiment_drop", "sentiment"),
        (r"(?:舆情|口碑)(?:指数)?(?:已经|突然|环比|这周|本周|本月)?(?:下降|下跌|降低|跌|掉|下滑)了?",),
        (
            r"sentiment(?: index| score)? (?:has |had )?(?:dropped|fell|fallen|declined|slipped|is down|went down|down)"
            r"(?: by)?",
        ),
    ),
    (
        ("total_leads",),
        (r"(?:销售)?线索|留资|客资",),
        (r"(?:sales )?leads?|inquiries|enquiries",),
    ),
]

# Per-dimension radar scores: specific names always count; short names only when the question is
# clearly about the radar (see RADAR_CONTEXT) or several specific names are present.
RADAR_DIMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "brand_momentum": ((r"品牌势能",), (r"brand momentum",)),
    "user_quality": ((r"用户质量",), (r"user quality",)),
    "channel_capability": ((r"渠道能力",), (r"channel capabilit(?:y|ies)",)),
    "content_capability": ((r"内容能力",), (r"content capabilit(?:y|ies)",)),
    "fulfillment": ((r"履约能力|履约",), (r"fulfil(?:l)?ment(?: capability)?",)),
    "reputation": ((r"合作口碑|口碑",), (r"(?:partnership |cooperation )?reputation",)),
}
RADAR_SHORT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "brand_momentum": ((r"品牌力?|势能",), (r"brand(?: power| strength)?|momentum",)),
    "user_quality": ((r"用户",), (r"users?",)),
    "channel_capability": ((r"渠道",), (r"channels?",)),
    "content_capability": ((r"内容",), (r"content",)),
    "fulfillment": ((r"交付",), (r"delivery",)),
}
RADAR_CONTEXT = r"雷达|维度|打分|评分|radar|dimension|axis|axes|scored|scores?"

# Words around a number that mark it as a rule or threshold rather than a measured value.
COMPARATOR_BEFORE = (
    r"(?:超过|高于|低于|不低于|不少于|不高于|不超过|不到|少于|多于|大于|小于|至少|跌破|最少|最多|将近|接近|近"
    r"|(?<![-=])>=?|<=?(?!-)|≥|≤|above|below|over|under|at least|more than|less than|greater than|fewer than|exceeds?"
    r"|exceeding|higher than|lower than|drops? below|falls? below|nearly|almost|up to)\s?(?:了|the|an?)?\s?$"
)
COMPARATOR_AFTER = r"^\s?(?:个|分)?\s?(?:以上|以下|以内|及以上|或以上|或更多|or more|or above|or higher|and above|or less|or below|\+)"
STRONG_FOLLOWER = (
    r"^\s?(?:的|is|as|是)?\s?(?:基准线|及格线|门槛|红线|底线|标准线?|阈值|the bar|a bar|bar|threshold|cut-?off"
    r"|minimum|the rule|the standard|the benchmark|the line|the cutoff)"
)
# A condition ("达到1:3才算", "下降30%时", "to qualify"): never a measured value.
CONDITION_FOLLOWER = r"^\s?(?:的|是)?\s?(?:才算|才行|才可以|才能|就算|(?:的)?时候?|时|to qualify|to count)"
# An evaluation ("算合格吗", "enough?"): a rule question when a comparator precedes ("超过60%算合格吗").
WEAK_FOLLOWER = (
    r"^\s?(?:的|是)?\s?(?:算(?:是)?(?:合格|达标|及格|好|高|低|优质|合理|正常)|enough|count as|counts as|qualif"
    r"|good enough|is good|is ok)"
)
# A requirement ("ROI需要达到1:3吗", "does ROI need to be 3?"): the rule, not the partner's value.
REQUIREMENT_BEFORE = (
    r"(?:需要|必须|得|应该|要求)(?:达到|做到|超过|高于|是)\s?$|(?:need|needs|has|have|must|should)(?: to)?"
    r" (?:reach|hit|be|exceed|get to)(?: at least)?\s?(?:an? )?$"
)
# A change, not a level ("提升70%", "grew 20%"); only a sentiment drop takes one.
DELTA_BEFORE = (
    r"(?:提升|提高|增长|增加|上涨|上升|下降|降低|减少|下滑|涨了|跌了|降了|grew|grown|increased?|rose|risen"
    r"|(?<![A-Za-z])up|(?<![A-Za-z])down|decreased?|dropped|fell|declined|improved)\s?(?:了)?\s?(?:by)?\s?$"
)
RULE_MARKERS = (
    r"算(?:是)?(?:合格|达标|及格|好|高|低|优质|合理|正常)|才算|合格|达标|及格|标准|门槛|基准线|红线|底线|规则|条件|阈值"
    r"|什么情况下|多少才|为什么|为啥|什么意思|是指|依据|出处|怎么来的|当.{0,24}时|的时候|什么时候"
    r"|\bthe bar\b|\bthreshold|\bcut-?off|\bqualif|\bcriteri|\brules?\b|\bstandard\b|\bminimum\b|\bcounts? as\b"
    r"|\benough\b|\bwhy\b|\bmeans?\b|\bwhen(?:ever)?\b"
)
BENCHMARK_FRACTION_BEFORE = r"(?:基准|基准值|benchmark)(?:的)\s?$"
BENCHMARK_FRACTION_AFTER = r"^\s?of (?:the )?(?:industry )?(?:benchmark|baseline)"

# Context switches.
GUARANTEE_CONTEXT = (
    r"承诺|对赌|保底|补偿|赔|promis|guarant|compensat|\bowe\b|make good|make up|shortfall|\bbet\b"
)
MONTHLY_CONTEXT = (
    r"连续.{0,3}个?月|两个月|每个?月|月度|上个?月|这个?月|本月|monthly|months?|month-on-month|MoM"
)
WEEKLY_CONTEXT = (
    r"上上?周|这周|本周|两周|每周|周度|连续.{0,3}周|weekly|(?:last|this|previous|past) week|weeks"
)
COMMISSION_CONTEXT = r"佣金|抽成|分成|提成|扣点|commission|revenue share|rev[- ]share|take rate|\bcut\b"
ROI_CONTEXT = r"ROI|投入产出|投产比|回报"
SHARE_CONTEXT = (
    r"流量|占比|占了|份额|来自|traffic|share|of (?:our |the |total )?(?:GMV|sales|revenue)|accounts? for"
)
ZERO_CASES = (
    r"(?:没有|无|零个?|0个)(?:任何)?(?:可验证的?)?(?:成功)?案例|一个(?:成功)?案例都没有"
    r"|(?<![A-Za-z])(?:no|zero|0|not a single|not one) (?:verified |verifiable |successful |proven )?"
    r"(?:success )?(?:cases?|case studies|success stories)"
)
UNLOCK_FOLLOWER = (
    r"^\s?(?:的)?\s?(?:GMV)?\s?(?:才能|才可以|就能|可以|能)?\s?(?:解锁|unlock)|^\s?(?:GMV )?to unlock"
)
TIME_RANK = (
    (-2, r"上上周|上上个?月|前两周|two weeks ago|two months ago|the week before last|the month before last"),
    (
        -1,
        r"上周|上个?月|前一周|之前|以前|last week|last month|previous week|previous month|a week ago|before",
    ),
    (0, r"这周|本周|这个?月|本月|现在|目前|当前|this week|this month|now|currently|lately"),
)
