"""Cue words (Chinese and English) that tell which tool input field a nearby number fills."""

from __future__ import annotations

# Patterns are regexes; English ones are matched case-insensitively between non-letters. When two cues
# overlap, the longer wins; a number goes to the first candidate field whose unit it fits.
# Cue words shared by several fields or standing for a role rather than a field (the cue words of a single
# field live in its registry entry, assistant.tools.entries). Each row: (candidate fields in priority order,
# Chinese patterns, English patterns). "demanded_pct~" is a verb of asking (a demand only outside talk of
# traffic shares); "outcome" an achieved ROI or GMV; "sentiment_drop" a fall of the sentiment index.
SHARED_CUES: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
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
        ("benchmark_roi", "industry_avg_pct"),
        (r"行业基准(?:ROI|值)?|基准(?:ROI|值)?|行业(?:平均)?ROI|大盘(?:ROI)?|行业标准ROI",),
        (r"(?:industry |ROI )?benchmark(?: ROI)?|industry (?:average )?ROI",),
    ),
    (
        # Outcome verbs: an achieved ROI for a ratio, an achieved GMV for money.
        ("outcome",),
        (r"(?:只)?(?:做到|跑出|做出|达到|做)了?|结果(?:只有)?|最终|现在做了",),
        (r"achieved|got|only hit|hit|managed|did|made|generated|brought in|closed",),
    ),
    (
        ("gmv", "partner_shares_pct"),
        (r"(?:带货|直播|专场)?(?:GMV|销售额|成交额)|流水|营业额|业绩|卖了|卖出了?|成交了?",),
        (r"GMV|sales|revenue|turnover|sold",),
    ),
    (
        ("sentiment_drop", "sentiment"),
        (r"(?:舆情|口碑)(?:指数)?(?:已经|突然|环比|这周|本周|本月)?(?:下降|下跌|降低|跌|掉|下滑)了?",),
        (
            r"sentiment(?: index| score)? (?:has |had )?(?:dropped|fell|fallen|declined|slipped|is down|went down|down)"
            r"(?: by)?",
        ),
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
    r"承诺|对赌|保底|保证|补偿|赔|promis|guarant|compensat|\bowe\b|make good|make up|shortfall|\bbet\b"
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
