"""The answering layer's text catalog: section labels and messages in Chinese and English (logic lives in
compose.py; tool and intent texts live in their registry entries). Pick a side with assistant.i18n.pick."""

from __future__ import annotations

from assistant.i18n import Text

LABELS: dict[str, Text] = {
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
    "action": ("要做的事", "Action"),
    "unsure": ("我不太确定你问的是哪一类问题", "I am not sure which kind of question this is"),
    "compensation": ("应补偿等值广告位", "Compensation owed, as ad slots of equal value"),
}

OUTCOMES: dict[str, Text] = {
    "renewed": ("已续约", "renewed"),
    "expanded": ("已扩大合作", "expanded"),
    "terminated": ("已终止", "terminated"),
    "paused": ("已暂停", "paused"),
    "ongoing": ("进行中", "ongoing"),
}

OUT_OF_SCOPE: Text = (
    "这个问题不在我的范围内。我能帮你做的是合作谈判相关的判断：合作方值不值得长期投入、"
    "对方佣金要价过高怎么还价、合作方质疑扶持时如何重建信任、核心合作方退出的应急、风险预警、"
    "合作方筛选与淘汰、优惠券防刷，以及资源整合方法论。",
    "That is outside what I can help with. I answer partnership-negotiation questions: whether a partner is "
    "worth long-term investment, how to counter a high commission demand, how to rebuild a partner's trust, "
    "what to do when a key partner quits, early-warning checks, ranking and pruning partners, coupon abuse, "
    "and the resource-integration method.",
)

EMPTY_MESSAGE: Text = (
    "消息是空的。请输入你的问题，例如：“{example}”",
    "The message is empty. Ask a question, for example: “{example}”",
)

TOO_LONG: Text = (
    "消息太长了（{n} 个字符，上限 {limit}）。请只粘贴关键信息和数字，或把表格上传到对应页面。",
    "The message is too long ({n} characters, the limit is {limit}). Paste only the key facts and numbers, "
    "or upload the table on the matching page.",
)

TOO_MANY_NUMBERS: Text = (
    "这条消息给了 {n} 个数字，一个问题最多读 {limit} 个：数字太多时我不去猜哪些要紧。请只给出关键数字，"
    "或把表格上传到对应页面。",
    "This message gives {n} numbers; a question is read with at most {limit}, rather than guessing which ones "
    "matter. Give only the key figures, or upload the table on the matching page.",
)

ATTACHED_ONLY: Text = ("请根据附件表格给出结论", "Give the verdict for the attached table")
"""The question read when a file is attached without words."""

INVALID_HINT: Text = (
    "请给出有效的数值后我再下结论（百分比在 {pct_lo}–{pct_hi} 之间，ROI 和金额不能为负）。",
    "Please give valid values and I will give the verdict (percentages {pct_lo}–{pct_hi}, ROI and amounts not negative).",
)

ASK_MISSING: Text = (
    "要给出“{tool}”的结论，还需要：{fields}。",
    "To give the {tool} verdict I still need: {fields}.",
)

EXAMPLE_QUESTION: Text = (
    "合作方有4个成功案例，匹配度65%，ROI 1:3.5，值得长期投入吗？",
    "The partner has 4 verified cases, 65% audience match and ROI 1:3.5. Worth a long-term deal?",
)
"""An example question (data, not a template: shown where a user needs a start)."""

# The lines a verdict adds under its reasons, by tool (fields come from the tool's output). The ladder's top rate
# is the last one of {ladder}; {ceiling} is not named here, as without a margin it is only the partner's own ask.
SCRIPT: Text = (
    "基础佣金 {base}；GMV 达到门槛后逐档提高到 {ladder}{thresholds}。同时用曝光等资源置换部分佣金点数，"
    "并拿行业平均佣金率和品类转化率模型说明依据。",
    "base commission {base}, rising tier by tier to {ladder} as GMV passes each threshold{thresholds}; "
    "trade other resources such as exposure for commission points, and show the industry average commission "
    "and the category conversion model as the data behind it.",
)
SCRIPT_NO_LADDER: Text = (
    "佣金按 {base} 谈定，不再加阶梯分成；对方还想多要时，用曝光等资源置换，而不是加佣金点数，"
    "并拿行业平均佣金率和品类转化率模型说明依据。",
    "settle the commission at {base} with no tiered share on top; if the partner wants more, trade other "
    "resources such as exposure rather than commission points, and show the industry average commission and "
    "the category conversion model as the data behind it.",
)
SCRIPT_THRESHOLDS: Text = ("（门槛 {gmv}）", " (thresholds {gmv})")
ALLOCATION: Text = ("分配", "Allocation")
RANKING: dict[str, Text] = {
    "ranked": ("排名", "Ranking"),
    "shortlist": ("深度合作名单", "Shortlist for deep cooperation"),
    "prune": ("建议年度淘汰", "Proposed for the yearly clean-out"),
    "none": ("无", "none"),
}
OVERLAP: dict[str, Text] = {
    "overlap": ("画像重合度", "Profile overlap"),
    "buckets": ("各分组（我方 / 对方）", "By bucket (ours / theirs)"),
}
LEADS_UNIT: Text = (" 条", " leads")
LIST_SEP: Text = ("、", ", ")
CLAUSE_SEP: Text = ("，", ", ")
COLON: Text = ("：", ": ")
UNSURE: Text = (
    "_{unsure}：我按“{intent}”来回答；如果你问的是“{runner_up}”，请补充一句。_",
    "_{unsure}: I answered it as {intent}; if you meant {runner_up}, say so._",
)
UNCLEAR_NUMBERS: Text = (
    "我没能确定 {numbers} 指的是什么（{options}，还是别的？），所以没有用它。请换个说法，例如“{example}”。",
    "I could not tell what {numbers} refers to ({options}, or something else?), so I did not use it. "
    "Say it again, for example “{example}”.",
)
UNCLEAR_NO_OPTIONS: Text = (
    "我没能确定 {numbers} 指的是什么，所以没有用它。请说明它是哪一项数字。",
    "I could not tell what {numbers} refers to, so I did not use it. Say which figure it is.",
)
OR: Text = ("还是", "or")
DEAL_TERMS: dict[str, Text] = {"commission": ("佣金", "commission"), "match": ("匹配度", "match")}

# Reason sentences that depend on where a number came from (the tool says so in the reason's `capped_by`):
# without a margin, the "ceiling" is only the partner's own ask and is called that.
REASON_VARIANTS: dict[tuple[str, str], Text] = {
    ("base_rate", "demand"): (
        "基础佣金报 {base_pct:pct}（行业平均 {industry_avg_pct:pct}；对方要价 {ceiling_pct:pct}）",
        "Offer a base rate of {base_pct:pct} (industry average {industry_avg_pct:pct}; the partner asks "
        "{ceiling_pct:pct})",
    ),
    ("base_rate", "demand_below_market"): (
        "基础佣金按对方的要价 {base_pct:pct} 给，已低于行业平均 {industry_avg_pct:pct}",
        "Pay the partner's own ask of {base_pct:pct} as the base rate: it is below the industry average of "
        "{industry_avg_pct:pct}",
    ),
    ("no_ladder_room", "demand"): (
        "对方要价 {ceiling_pct:pct} 不高于基础佣金，不需要阶梯分成",
        "The partner's ask of {ceiling_pct:pct} is no more than the base rate: no ladder is needed",
    ),
    ("ladder_capped", "demand"): (
        "有 {dropped:num} 档会超过对方要价 {ceiling_pct:pct}，已取消",
        "{dropped:num} tier(s) dropped: they would pay more than the partner's ask of {ceiling_pct:pct}",
    ),
    ("no_ladder_room", "margin"): (
        "基础佣金 {base_pct:pct} 已到毛利允许的上限 {ceiling_pct:pct}，没有阶梯空间",
        "The base rate {base_pct:pct} already reaches the {ceiling_pct:pct} our margin allows: no room for a ladder",
    ),
    ("ladder_capped", "margin"): (
        "有 {dropped:num} 档会超过毛利允许的上限 {ceiling_pct:pct}，已取消",
        "{dropped:num} tier(s) dropped: they would pass the {ceiling_pct:pct} our margin allows",
    ),
}

BENCHMARK_FILLED: Text = (
    "{field} {value}（{category}{sample}）",
    "{field} {value} ({category}{sample})",
)
BENCHMARK_SAMPLE: Text = ("，示例值", ", sample value")
"""One input taken from the benchmarks table, marked as the sample value it is until a team replaces it."""
HISTORY_FILLED: Text = ("{field} {value}（{deal}）", "{field} {value} ({deal})")
"""One input taken from a past deal with the partner, the deal named so it can be looked up."""
