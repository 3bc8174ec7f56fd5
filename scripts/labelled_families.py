"""The phrasing families of the labelled question set (rendered by make_labelled_questions.py).

Each family is one way of asking (a template style) in one language: its templates are near-paraphrases of
each other. Families marked `unseen` are worded apart from every train family on purpose (other synonyms,
other sentence shapes, other orders), so that a score on them measures generalisation, not recall of
the training phrasings. No literal digit may appear in a template: every number is a placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass

ALIASES = {
    "cases": "verified_cases",
    "match": "audience_match_pct",
    "radar": "radar_total",
    "rd.bm": "radar.brand_momentum",
    "rd.uq": "radar.user_quality",
    "rd.cc": "radar.channel_capability",
    "rd.ct": "radar.content_capability",
    "rd.fu": "radar.fulfillment",
    "rd.rp": "radar.reputation",
    "dem": "demanded_pct",
    "avg": "industry_avg_pct",
    "gm": "gross_margin_pct",
    "net": "min_net_margin_pct",
    "egmv": "expected_gmv",
    "egmv_big": "expected_gmv",  # drawn from a larger range (亿, 千万)
    "fee": "fixed_fee",
    "prom": "promised_roi",
    "act": "actual_roi",
    "rue": "weekly_rue_pct",
    "sent": "sentiment",
    "mroi": "monthly_roi",
    "bench": "benchmark_roi",
    "share": "partner_shares_pct",
    "leads": "total_leads",
    "pk.tq": "partners.traffic_quality",
    "pk.am": "partners.audience_match",
    "pk.bf": "partners.brand_fit",
    "pk.cv": "partners.conversion",
    "pk.ce": "partners.cost_efficiency",
    "pk.st": "partners.stability",
    "pk.ct": "partners.content",
    "conv": "outlets.conversion_pct",
    "rating": "outlets.rating",
}

NAMES = {
    ("name", "zh"): (
        "星河传媒",
        "蓝鲸MCN",
        "小象优选",
        "北辰文化",
        "青禾直播",
        "云朵互娱",
        "白塔工作室",
        "橙子传播",
    ),
    ("name", "en"): (
        *("Nova Media", "Bluefin", "Acorn Studio", "Kite Collective"),
        *("Maple Live", "Orbit Creators", "Pinecone", "Harbor Social"),
    ),
    ("store", "zh"): ("朝阳店", "海淀店", "浦东店", "天河店", "南山店", "西湖店", "江北店"),
    ("store", "en"): (
        "Downtown",
        "Riverside",
        "Airport",
        "Eastgate",
        "Harbour Mall",
        "Northside",
        "Old Town",
    ),
    ("street", "zh"): ("建国路", "科苑路", "南京西路", "中山大道", "文三路"),
    ("street", "en"): ("Jianguo Road", "Keyuan Road", "West Nanjing Road", "Zhongshan Avenue"),
}


@dataclass(frozen=True)
class Family:
    id: str
    lang: str
    intent: str
    tool: str | None
    templates: tuple[str, ...]
    unseen: bool = False
    n: int = 12
    history: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # exact questions to include (the misreadings), fixed values


PW, UD, TC, RW, PX, PP = (
    "partner_worth",
    "unreasonable_demand",
    "trust_crisis",
    "risk_warning",
    "partner_exit",
    "partner_portfolio",
)
AP, AM, CO, PB, IT, RC, RK, AL = (
    "assess_partner",
    "audience_match",
    "counter_offer",
    "performance_bet",
    "incentive_tier",
    "risk_check",
    "rank_partners",
    "allocate_leads",
)


def F(fid: str, intent: str, tool: str | None, *templates: str, **kw: object) -> Family:
    return Family(fid, fid.split(".")[0], intent, tool, templates, **kw)  # type: ignore[arg-type]


_RANK_ZH = ("流量质量", "用户匹配度", "品牌调性", "转化能力", "成本效率", "合作稳定性", "内容能力")
_RANK_EN = (
    "traffic quality",
    "audience match",
    "brand fit",
    "conversion",
    "cost efficiency",
    "stability",
    "content",
)
_PK = ("pk.tq", "pk.am", "pk.bf", "pk.cv", "pk.ce", "pk.st", "pk.ct")


def _rank_line(labels: tuple[str, ...], sep: str, join: str) -> str:
    return join.join(f"{label}{sep}{{{pk}}}" for label, pk in zip(labels, _PK, strict=True))


def _rank_row(sep: str = " | ") -> str:
    return "| {@name} | " + sep.join(f"{{{pk}}}" for pk in _PK) + " |"


def _rank_csv(sep: str = ",") -> str:
    return "{@name}" + sep + sep.join(f"{{{pk}:s}}" for pk in _PK)


# ============================================================ assess_partner (partner_worth)

_AP_HISTORY_ZH = (
    "合作方有{cases}个成功案例，匹配度{match}，ROI {roi}，值得长期投入吗？",
    "这个合作方案例{cases}个、用户画像匹配度{match}、投入产出比{roi}，能长期合作吗？",
)
_AP_HISTORY_EN = (
    "The partner has {cases} verified cases, {match} audience match and ROI {roi}. Long-term?",
    "Partner with {cases} success cases, {match} overlap, ROI {roi}: worth a long-term deal?",
)

ASSESS = [
    F(
        "zh.ap.plain",
        PW,
        AP,
        "这个合作方有{cases}个可验证的成功案例，用户画像匹配度{match}，ROI是{roi}，值得长期投入吗？",
        "合作方[[之前|过往|以往]]做过{cases}个成功案例，[[用户|粉丝]]画像匹配度{match}，投入产出比{roi}，能不能长期合作？",
        "{cases}个成功案例、匹配度{match}、ROI {roi}，这个伙伴值得深度合作吗？",
        "我们在考虑和{n.count=1:ccn}家MCN长期合作：可验证案例{cases}个，画像匹配度{match}，ROI {roi}。建议吗？",
        anchors=("合作方有{cases=4:c}个成功案例，匹配度{match=65:p}，ROI {roi=3.5:r1}，值得长期投入吗？",),
    ),
    F(
        "zh.ap.terse",
        PW,
        AP,
        "案例{cases} 匹配{match} ROI{roi} 值不值",
        "案例{cases}个，匹配度{match}，投产比{roi}，能合作吗",
        "合作方：案例{cases}/匹配度{match}/ROI {roi}",
        "{cases}案例 {match}匹配 ROI {roi}，长期？",
    ),
    F(
        "zh.ap.cue_after",
        PW,
        AP,
        "{match}的用户重合度，{cases}个落地案例，{roi}的投产比，这样的合作方可以长期绑定吗？",
        "对方有{cases}个标杆案例，{roi}的回报率，{match}的画像契合度，值得深耕吗？",
        "{roi}的ROI加上{match}的匹配度，再算上{cases}个成功案例，够不够格做长期伙伴？",
    ),
    F(
        "zh.ap.radar_total",
        PW,
        AP,
        "合作方案例{cases}个、匹配度{match}、投入产出比{roi}，雷达图总分{radar}，能深度合作吗？",
        "雷达总分{radar}分，案例{cases}个，匹配度{match}，ROI {roi}，靠谱吗？",
        "资源适配度雷达图综合得分{radar}，其他数据：成功案例{cases}个、画像匹配{match}、ROI {roi}，要不要深度绑定？",
        "这个达人雷达图{n.count=6:ccn}项平均{radar}分，值得深度合作吗？",
    ),
    F(
        "zh.ap.radar_dims",
        PW,
        AP,
        "雷达图{n.count=6:ccn}项打分：品牌势能{rd.bm}，用户质量{rd.uq}，渠道能力{rd.cc}，内容能力{rd.ct}，履约能力{rd.fu}，合作口碑{rd.rp}，适合深度合作吗？",
        "帮我评估：品牌势能{rd.bm}分、用户质量{rd.uq}分、渠道能力{rd.cc}分、内容能力{rd.ct}分、履约{rd.fu}分、口碑{rd.rp}分，另外有{cases}个成功案例，ROI {roi}。",
        "这家的雷达图：内容能力{rd.ct}，渠道能力{rd.cc}，用户质量{rd.uq}，其余{n.count=3:ccn}项没打分。匹配度{match}，案例{cases}个，能深度合作吗？",
        n=10,
    ),
    F(
        "zh.ap.followup",
        PW,
        AP,
        "那如果ROI只有{roi}呢？",
        "要是匹配度只有{match}呢？",
        "如果成功案例只有{cases}个呢？",
        "那换成ROI {roi}、匹配度{match}呢？",
        "雷达图总分{radar}的话呢？",
        history=_AP_HISTORY_ZH,
    ),
    F(
        "zh.ap.noise",
        PW,
        AP,
        "我们和这个达人已经合作了{n.years}年，他们有{cases}个成功案例，画像匹配度{match}，ROI {roi}，{n.date}到期，要不要续约？",
        "{n.year}年以来他们做过{cases}个可验证案例，匹配度{match}，ROI {roi}；对接人电话{n.phone}。值得长期投入吗？",
        "对方团队{n.people}个人，签约主播{n.count}位，成功案例{cases}个，用户画像匹配度{match}，投入产出比{roi}，能长期合作吗？",
        "第{n.ord}季度要定长期伙伴：候选方案例{cases}个，匹配度{match}，ROI {roi}，公司在{@street}{n.house}号。行不行？",
    ),
    F(
        "zh.ap.fullwidth",
        PW,
        AP,
        "合作方有{cases:cfw/ccn}个案例，匹配度{match:pfw/pfwd/pword/pcheng}，投产比{roi:rfw/rfwd/rcn}，值得长期投入吗？",
        "成功案例{cases:ccn}个，画像匹配度{match:pword/pcheng}，投入产出比{roi:rcn/rbi}，能长期合作吗",
        "案例：{cases:cfw}个；匹配度：{match:pfwd}；ROI：{roi:rfwd}",
    ),
    F(
        "zh.ap.rule_mix",
        PW,
        AP,
        "匹配度{match}，听说要超过{n.pct=60}才算合格？另外案例{cases}个，ROI {roi}，这家还能合作吗？",
        "ROI {roi}，离{n.ratio=3:r1/rbi}的基准线差多少？他们有{cases}个案例，匹配度{match}。",
        "案例{cases}个，够{n.cases=3:c/ccn}个的门槛吗？匹配度{match}，投产比{roi}。",
    ),
    F(
        "zh.ap.mixed",
        PW,
        AP,
        "这个KOL有{cases}个case，audience match {match}，ROI {roi}，值得long-term合作吗？",
        "partner有{cases}个成功case，画像match度{match}，ROI {roi}，要不要长期合作？",
        "{cases}个case study，匹配度{match}，ROI {roi:rx/r1}，deep合作ok吗",
    ),
    F(
        "zh.ap.nocue",
        PW,
        AP,
        "{cases}个成功案例，{match}，{roi:r1/rbi}，这家能长期合作吗？",
        "画像、案例、ROI分别是{match}、{cases}个、{roi:r1/rbi/rbare}，值得长期投入吗？",
        "案例、匹配度、投产比：{cases}、{match}、{roi:r1/rbare}。值不值得长期做？",
    ),
    F(
        "en.ap.plain",
        PW,
        AP,
        "The partner has {cases} verified cases, {match} audience match and ROI {roi}. Worth a long-term deal?",
        "They have {cases} successful case studies, an audience overlap of {match} and an ROI of {roi}. Should we go long-term?",
        "Is a partner with {cases} verified success cases, a {match} audience match and a {roi} ROI worth long-term investment?",
        "We're weighing a long-term deal with an agency: {cases} verifiable cases, {match} audience match, ROI {roi}. Recommend?",
    ),
    F(
        "en.ap.terse",
        PW,
        AP,
        "{cases} cases, {match} match, ROI {roi}. worth it?",
        "cases {cases} / match {match} / roi {roi} -> long term?",
        "partner: {cases} cases, {match} overlap, {roi} ROI. go?",
    ),
    F(
        "en.ap.cue_after",
        PW,
        AP,
        "With a {match} audience fit, {cases} proven cases and a {roi} return, is this partner worth deeper cooperation?",
        "{roi} ROI, {match} audience overlap, {cases} documented case studies: long-term partner or not?",
        "A {match} user match plus {cases} successful cases and {roi:rx/r1} return. Long-term?",
    ),
    F(
        "en.ap.radar_total",
        PW,
        AP,
        "{cases} verified cases, {match} audience match, ROI {roi}, radar score {radar}. Deep cooperation?",
        "Their radar total is {radar}; they also bring {cases} success stories, {match} match and ROI {roi}. Go deep?",
        "The radar average came out at {radar}. Deep cooperation or not?",
    ),
    F(
        "en.ap.radar_dims",
        PW,
        AP,
        "Radar scores: brand momentum {rd.bm}, user quality {rd.uq}, channel capability {rd.cc}, content capability {rd.ct}, fulfillment {rd.fu}, reputation {rd.rp}. Deep partnership?",
        "Scored them on the radar: content capability {rd.ct}, fulfillment {rd.fu}, reputation {rd.rp}, brand momentum {rd.bm}. They have {cases} cases and ROI {roi}. Worth going deep?",
        "user quality {rd.uq}, channel capability {rd.cc}, the other {n.count=4:cen} axes not scored yet; {match} match. deep cooperation?",
        n=10,
    ),
    F(
        "en.ap.followup",
        PW,
        AP,
        "What if the ROI were only {roi}?",
        "And with a {match} match instead?",
        "what if they only had {cases} cases?",
        "Same partner but ROI {roi} and {match} overlap?",
        "And if the radar total is {radar}?",
        history=_AP_HISTORY_EN,
    ),
    F(
        "en.ap.noise",
        PW,
        AP,
        "We've worked with them for {n.years} years; they have {cases} verified cases, {match} audience match and ROI {roi}. Renewal is due on {n.date}. Renew long-term?",
        "Since {n.year} they've delivered {cases} verifiable cases, with {match} audience match and ROI {roi}. Their team is {n.people} people. Long-term?",
        "Call me at {n.phone} once you've checked: {cases} cases, {match} overlap, ROI {roi}. Worth it?",
        "For our Q{n.ord:c} planning: partner has {cases} success cases, {match} audience match, ROI {roi}. Long-term partner?",
    ),
    F(
        "en.ap.words",
        PW,
        AP,
        "They have {cases:cen} verified cases, {match:pword/ppct} audience match, and a return of {roi:rx/rtimes}.",
        "{cases:cen} success stories, audience overlap {match:ppct/pword}, ROI {roi:rx}. long-term?",
    ),
    F(
        "en.ap.rule_mix",
        PW,
        AP,
        "Match is {match}; isn't the bar {n.pct=60}? They have {cases} cases and ROI {roi}.",
        "They have {cases} cases, is that over the {n.cases=3:c/cen} minimum? Match {match}, ROI {roi}.",
        "ROI {roi} vs the {n.ratio=3:r1} baseline, with {cases} cases and {match} match: go long-term?",
    ),
    F(
        "en.ap.typos",
        PW,
        AP,
        "partnr has {cases} succesful cases, audiance match {match}, RIO {roi}, worth longterm?",
        "{cases} verfied cases, audince overlap {match}, roi {roi}... long term partnr?",
    ),
    F(
        "en.ap.nocue",
        PW,
        AP,
        "Partner check: {cases} cases, {match}, {roi:r1}. Go long?",
        "Cases, match and ROI are {cases}, {match} and {roi} respectively. Long-term?",
    ),
    # ---- unseen
    F(
        "zh.ap.u_story",
        PW,
        AP,
        "帮我看看这家：能拿出来的成功案子{cases}个，人群重叠{match}左右，去年那波投放回报{roi}，你觉得值得签长约吗？",
        "老板让我评估一下这家机构，他们给得出{cases}个能查证的项目，跟我们粉丝重叠大约{match}，上次投放回收了{roi:rbei/rx}，签长约合适吗？",
        unseen=True,
    ),
    F(
        "zh.ap.u_form",
        PW,
        AP,
        "数据如下 案例数:{cases} 画像重合:{match} 投产:{roi} 雷达均分:{radar} 请给结论",
        "【合作方评估】成功项目={cases}；受众重叠={match}；回报={roi}；请判断是否长期合作",
        unseen=True,
    ),
    F(
        "zh.ap.u_numfirst",
        PW,
        AP,
        "{roi:r1/rbi}、{match}、{cases}个案例——按你们的标准这家MCN过不过？",
        "{cases}个、{match}、{roi:r1/rbi}（案例/匹配/ROI），行不行？",
        unseen=True,
    ),
    F(
        "zh.ap.u_radar",
        PW,
        AP,
        "给这家打了个分：品牌声量{rd.bm}、粉丝质量{rd.uq}、分发渠道{rd.cc}、内容产出{rd.ct}、交付靠谱程度{rd.fu}、业内风评{rd.rp}，够资格深度绑定吗？",
        "业内风评{rd.rp}，交付靠谱程度{rd.fu}，内容产出{rd.ct}，别的还没评，这样能深度合作吗？",
        unseen=True,
        n=8,
    ),
    F(
        "zh.ap.u_typo",
        PW,
        AP,
        "这家机构案列{cases}个，匹培度{match}，投产必{roi}，能长期搞吗",
        "成工案例{cases}个，用户划像匹配{match}，回报律{roi}，要长期合作不",
        unseen=True,
    ),
    F(
        "en.ap.u_story",
        PW,
        AP,
        "My manager wants a call on this agency by Friday. They can point to {cases:cen/c} campaigns that clearly worked, our follower bases overlap by roughly {match}, and the last flight paid back {roi:rx/rtimes}. Lock them in for the year?",
        "Honest take needed: {cases} referenceable wins, about {match} of their followers look like ours, and they returned {roi:rx/rto} last time. Sign a multi-year?",
        unseen=True,
    ),
    F(
        "en.ap.u_radar",
        PW,
        AP,
        "Our scorecard on them: brand heat {rd.bm}, follower quality {rd.uq}, distribution reach {rd.cc}, creative output {rd.ct}, delivery reliability {rd.fu}, word of mouth {rd.rp}. Go deep?",
        "word of mouth {rd.rp}, delivery reliability {rd.fu}, follower quality {rd.uq}; rest not rated. deep partnership material?",
        unseen=True,
        n=8,
    ),
    F(
        "en.ap.u_form",
        PW,
        AP,
        "Partner eval -> wins: {cases}; overlap: {match}; return: {roi}; scorecard avg: {radar}. Verdict?",
        "name: Brightwave | proven campaigns: {cases} | persona fit: {match} | ROAS: {roi} | verdict?",
        unseen=True,
    ),
    F(
        "en.ap.u_slang",
        PW,
        AP,
        "ngl {match} overlap + {roi} ROAS + only {cases} case studies... is this a keeper?",
        "they've got like {cases} receipts, {match} crowd overlap, {roi:rx} back. keeper or nah",
        unseen=True,
    ),
]

# ============================================================ audience_match (partner_worth)

_AGES_ZH = "{n.num=18:c}-{n.num=24:c}岁{X}，{n.num=25:c}-{n.num=34:c}岁{X}，{n.num=35:c}岁以上{X}"
_AGES_EN = "{n.num=18:c}-{n.num=24:c} {X}, {n.num=25:c}-{n.num=34:c} {X}, {n.num=35:c}+ {X}"
_TIERS_ZH = "{n.ord=1:cord}线{X}、{n.ord=2:cord}线{X}、{n.ord=3:cord}线及以下{X}"
_TIERS_EN = "tier {n.ord=1:c} {X}, tier {n.ord=2:c} {X}, tier {n.ord=3:c}+ {X}"


def _side(pattern: str, side: str) -> str:
    return pattern.replace("{X}", "{" + side + "}")


_AGE_TABLE_ZH = (
    "| 年龄段 | 我方 | 对方 |\n|---|---|---|\n| {n.num=18:c}-{n.num=24:c} | {ours} | {theirs} |\n"
    "| {n.num=25:c}-{n.num=34:c} | {ours} | {theirs} |\n| {n.num=35:c}+ | {ours} | {theirs} |\n这{n.count=2:ccn}个画像重合度是多少？"
)
_AGE_TABLE_EN = (
    "| age | us | partner |\n|---|---|---|\n| {n.num=18:c}-{n.num=24:c} | {ours} | {theirs} |\n"
    "| {n.num=25:c}-{n.num=34:c} | {ours} | {theirs} |\n| {n.num=35:c}+ | {ours} | {theirs} |\nHow well do these audiences match?"
)

AUDIENCE = [
    F(
        "zh.am.gender",
        PW,
        AM,
        "帮我算下画像匹配度：我们的用户男{ours}女{ours}；对方粉丝男{theirs}女{theirs}。",
        "我方用户性别：男性{ours}，女性{ours}；合作方：男性{theirs}，女性{theirs}，匹配吗？",
        n=10,
    ),
    F(
        "zh.am.buckets",
        PW,
        AM,
        "年龄分布，我方："
        + _side(_AGES_ZH, "ours")
        + "；对方："
        + _side(_AGES_ZH, "theirs")
        + "。重合度多少？",
        "城市分布，我们："
        + _side(_TIERS_ZH, "ours")
        + "；他们："
        + _side(_TIERS_ZH, "theirs")
        + "。画像匹配吗？",
        n=10,
    ),
    F("zh.am.table", PW, AM, _AGE_TABLE_ZH, n=8),
    F(
        "en.am.gender",
        PW,
        AM,
        "Our users are {ours} male and {ours} female; theirs are {theirs} male, {theirs} female. Do the audiences match?",
        "Gender split - us: men {ours}, women {ours}; partner: men {theirs}, women {theirs}. Match?",
        n=10,
    ),
    F(
        "en.am.buckets",
        PW,
        AM,
        "Age bands. Ours: "
        + _side(_AGES_EN, "ours")
        + ". Theirs: "
        + _side(_AGES_EN, "theirs")
        + ". How much do we overlap?",
        "City tiers for us: "
        + _side(_TIERS_EN, "ours")
        + "; for them: "
        + _side(_TIERS_EN, "theirs")
        + ". Audience match?",
        n=10,
    ),
    F("en.am.table", PW, AM, _AGE_TABLE_EN, n=8),
    F(
        "zh.am.u_csv",
        PW,
        AM,
        "分组,我们,他们\n{n.num=18:c}-{n.num=24:c},{ours:pbare},{theirs:pbare}\n{n.num=25:c}-{n.num=34:c},{ours:pbare},{theirs:pbare}\n{n.num=35:c}以上,{ours:pbare},{theirs:pbare}\n算一下匹配度",
        "我们女粉占{ours}、男粉{ours}，人家那边是{theirs:pbare}比{theirs:pbare}（女比男），算重合吗？",
        unseen=True,
        n=10,
    ),
    F(
        "en.am.u_slash",
        PW,
        AM,
        "we skew {ours:pbare}/{ours:pbare} female/male, they're {theirs:pbare}/{theirs:pbare}. overlap?",
        "bucket,us,them\n{n.num=18:c}-{n.num=24:c},{ours:pbare},{theirs:pbare}\n{n.num=25:c}-{n.num=34:c},{ours:pbare},{theirs:pbare}\n{n.num=35:c}+,{ours:pbare},{theirs:pbare}\nhow similar are we?",
        unseen=True,
        n=10,
    ),
]

# ============================================================ counter_offer (unreasonable_demand)

_CO_HISTORY_ZH = (
    "对方要求{dem}佣金，行业平均{avg}，毛利率{gm}，怎么回应？",
    "达人要{dem}的佣金，市场价{avg}，怎么还价？",
)
_CO_HISTORY_EN = (
    "They want {dem} commission, industry average {avg}, our margin {gm}. Counter?",
    "The influencer asks for {dem} commission while the market rate is {avg}. How do we respond?",
)

COUNTER = [
    F(
        "zh.co.plain",
        UD,
        CO,
        "对方要求{dem}佣金分成，行业平均是{avg}，我们毛利率{gm}，怎么回应？",
        "合作方开口就要{dem}的佣金，行业平均佣金率才{avg}，我们毛利只有{gm}，怎么谈？",
        "达人要{dem}佣金，行业平均{avg}，这个要求合理吗？",
        "对方提出抽成{dem}，市场平均{avg}，我们的毛利率是{gm}，能接受吗？",
    ),
    F(
        "zh.co.terse",
        UD,
        CO,
        "要抽{dem:pdian/p}，行业{avg}，毛利{gm}",
        "对方要{dem}，市场价{avg}，怎么还价",
        "佣金{dem} 行业均值{avg} 毛利{gm} 咋办",
    ),
    F(
        "zh.co.full",
        UD,
        CO,
        "对方要{dem}佣金，行业{avg}，毛利{gm}，净利至少留{net}，预计GMV {egmv}，阶梯怎么设？",
        "要求佣金{dem}，行业平均{avg}，毛利率{gm}，预计销售额{egmv}，帮我设计阶梯分成",
        "他们想要{dem}的分成，行业水平{avg}，我们毛利{gm}、净利率底线{net}，怎么给方案？",
        "今年预计GMV {egmv_big:myi/mqw}，对方要{dem}佣金，行业平均{avg}，阶梯分成怎么设？",
        "品牌方给的年度目标是{egmv_big:myi/mcn}的GMV，达人要{dem}的佣金，我们毛利{gm}，怎么谈阶梯？",
        n=16,
    ),
    F(
        "zh.co.fixedfee",
        UD,
        CO,
        "主播要坑位费{fee}加{dem}佣金，同类目一般{avg}，我们毛利{gm}，划算吗？",
        "坑位费{fee}+{dem}提成，预计能卖{egmv}，行业平均{avg}，这个报价合理吗？",
        "对方报价：坑位费{fee}，佣金{dem}。我们毛利率{gm}，怎么还价？",
        "坑位费{fee}加{dem}佣金，值不值？",
        anchors=("坑位费{fee=200000:mw}加{dem=30:p}佣金",),
    ),
    F(
        "zh.co.category",
        UD,
        CO,
        "他们要{dem}抽成，我们这个类目平均{avg}，毛利率{gm}，怎么谈？",
        "品类平均佣金{avg}，对方要{dem}，毛利{gm}",
        "同行一般给{avg:pdian/p}，这家要{dem:pdian}，合理吗？",
    ),
    F(
        "zh.co.cheng",
        UD,
        CO,
        "他们要抽{dem:pcheng}，行业平均{avg:pcheng}，毛利{gm:pcheng}，怎么办？",
        "开价{dem:pword/pcheng}的分成，行业才{avg:pword}，太高了吧",
    ),
    F(
        "zh.co.followup",
        UD,
        CO,
        "如果他们降到{dem}呢？",
        "那毛利率要是{gm}呢？",
        "预计GMV {egmv}的话阶梯怎么定？",
        "那行业平均如果是{avg}呢？",
        "要是对方让步到{dem}，还要还价吗？",
        history=_CO_HISTORY_ZH,
    ),
    F(
        "zh.co.noise",
        UD,
        CO,
        "{n.date}就要签合同了，对方要求{dem}佣金，行业平均{avg}，合同期{n.months}个月，怎么办？",
        "对方要{dem}佣金，还要求我们给粉丝额外{n.pct}的折扣，行业平均佣金{avg}，毛利{gm}，怎么谈？",
        "这个主播有{n.fans}粉丝，要{dem}佣金，行业平均{avg}，合理吗？",
        "第{n.ord}次谈判了，对方还是坚持{dem}的佣金，行业平均{avg}，毛利{gm}。",
    ),
    F(
        "zh.co.mixed",
        UD,
        CO,
        "对方要{dem} commission，行业avg {avg}，我们margin {gm}，how to counter?",
        "KOL要{dem}的佣金rate，category平均{avg}，GM {gm}，怎么negotiate？",
    ),
    F(
        "en.co.plain",
        UD,
        CO,
        "A partner is asking for {dem} commission, the industry average is {avg}, our margin is {gm}. How do we respond?",
        "The influencer wants {dem} commission while the industry standard is {avg}. Our gross margin is {gm}. Fair?",
        "They're demanding a {dem} revenue share; industry norm is {avg}. Counter?",
    ),
    F(
        "en.co.category",
        UD,
        CO,
        "They want {dem} commission. Average for our category is {avg}, margin {gm}.",
        "The agency wants {dem}, category avg {avg}.",
        "Category average commission is {avg} but they asked for {dem}; our margin is {gm}.",
        "For our category the norm is {avg}; they're asking {dem}.",
        anchors=(
            "They want {dem=18:p} commission. Average for our category is {avg=15:p}, margin {gm=50:p}.",
            "category avg {avg=30:p}",
        ),
    ),
    F(
        "en.co.terse",
        UD,
        CO,
        "asks {dem}, market {avg}, GM {gm}",
        "{dem} demanded vs {avg} market rate. counter?",
        "commission ask {dem}; going rate {avg}; margin {gm}",
    ),
    F(
        "en.co.full",
        UD,
        CO,
        "The partner asks {dem} commission, market is {avg}, our margin {gm}, we need to keep a {net} net margin minimum, expected GMV {egmv}. What ladder?",
        "Demand: {dem}. Industry average: {avg}. Gross margin: {gm}. Expected GMV: {egmv}. Design a tiered offer.",
    ),
    F(
        "en.co.fixedfee",
        UD,
        CO,
        "The streamer wants a slot fee of {fee} plus {dem} commission. Typical is {avg}.",
        "{fee} upfront and a {dem} cut on top; our gross margin is {gm}. Worth it?",
        "Slot fee {fee} + {dem} commission, expected GMV {egmv}. Reasonable?",
    ),
    F(
        "en.co.followup",
        UD,
        CO,
        "What if they come down to {dem}?",
        "And if our margin were {gm}?",
        "With an expected GMV of {egmv}, what tiers?",
        "what if the industry average is {avg}?",
        history=_CO_HISTORY_EN,
    ),
    F(
        "en.co.noise",
        UD,
        CO,
        "Contract starts {n.date} and runs {n.months} months; they demand {dem} commission vs an industry average of {avg}.",
        "They want {dem} commission plus {n.count} free samples per month; market rate is {avg}, margin {gm}.",
        "This is our {n.ordth} round with them. Still {dem} commission demanded, industry {avg}.",
        "The host has {n.fans} followers and wants {dem} commission; typical is {avg}.",
    ),
    F(
        "en.co.typos",
        UD,
        CO,
        "they want {dem} comission, industy average {avg}, our margn {gm}",
        "Partner demads {dem} comision, avrage in market {avg}. resposne?",
    ),
    F(
        "en.co.words",
        UD,
        CO,
        "They want {dem:pword/ppct} commission; the industry average is {avg:ppct/pword}.",
        "asking for {dem:ppct} commission, market's {avg:ppct}, margin {gm:ppct}",
    ),
    # ---- unseen
    F(
        "zh.co.u_story",
        UD,
        CO,
        "这个头部主播的经纪人张嘴就是{dem}，我们这行一般也就{avg}上下，扣掉成本我们能赚{gm}，怎么压价？",
        "品牌部转来{n.count=1:ccn}个需求：达人团队那边希望拿走{dem}的销售额，可业内惯例大概{avg}，而我们自己的利润空间也就{gm}，帮我想想怎么回。",
        "对面喊价{dem}，别家差不多{avg}，我们毛利{gm}，再怎么让也得给自己剩下{net}的净利，底线价怎么报？",
        unseen=True,
    ),
    F(
        "zh.co.u_numfirst",
        UD,
        CO,
        "{dem}的抽成、{avg}的行业均值、{gm}的毛利，这单怎么谈？",
        "{dem}对{avg}，差这么多，我们还能从{gm}的毛利里让多少？",
        unseen=True,
    ),
    F(
        "zh.co.u_fee",
        UD,
        CO,
        "除了{fee}的出场费，还要{dem}的销售分成，按{egmv}的预期销售额算划不划算？",
        "{n.count=1:ccn}口价{fee}上链接，另外按{dem}结算，行业一般{avg}，我们要不要接？",
        unseen=True,
    ),
    F(
        "en.co.u_story",
        UD,
        CO,
        "Their rep opened at {dem} of sales. Everyone else in beauty takes about {avg}, and after COGS we keep {gm}. What's our counter?",
        "Got an email this morning: the creator's manager expects {dem} on every order, whereas peers settle around {avg}. We clear {gm} gross. How do I push back?",
        "They opened at {dem}; peers land near {avg}. We make {gm} gross and won't go below {net} net. Where do we anchor?",
        unseen=True,
    ),
    F(
        "en.co.u_fee",
        UD,
        CO,
        "Flat {fee} to get on the show, then {dem} of whatever sells. We're forecasting {egmv}. Thoughts?",
        "appearance fee {fee}, rev share {dem}, we think it'll do {egmv}. take it?",
        unseen=True,
    ),
    F(
        "en.co.u_chat",
        UD,
        CO,
        "they're like {dem} or no deal lol. normal is {avg}. margins {gm}. help",
        "{dem}?? everyone else does {avg}. we only make {gm}",
        unseen=True,
    ),
]

# ============================================================ performance_bet, incentive_tier (trust_crisis)

BET = [
    F(
        "zh.pb.plain",
        TC,
        PB,
        "我们承诺ROI {prom}，实际只做到{act}，投放了{spend}，要补偿多少？",
        "对赌ROI {prom}，实际{act}，投入{spend}，怎么赔？",
        "和品牌方约定的ROI是{prom}，实际ROI {act}，投放金额{spend}，需要补多少广告位？",
    ),
    F(
        "zh.pb.terse",
        TC,
        PB,
        "承诺{prom} 实际{act} 投放{spend} 补多少",
        "保底ROI{prom}，实际{act}，花了{spend}",
        "对赌{prom}/实际{act}/预算{spend}",
    ),
    F(
        "zh.pb.order",
        TC,
        PB,
        "投了{spend}，实际ROI {act}，当初保底是{prom}，差多少要补？",
        "预算{spend}花完了，ROI只跑出{act}，承诺的是{prom}，怎么算补偿？",
    ),
    F(
        "zh.pb.followup",
        TC,
        PB,
        "实际是{act}，要补多少？",
        "结果只跑出{act}",
        "实际ROI {act}的话补多少？",
        "最后做到{act}，够不够？",
        history=("我们承诺ROI {prom}，投放{spend}，结果没达到", "对赌条款写的ROI {prom}，品牌投了{spend}"),
    ),
    F(
        "zh.pb.noise",
        TC,
        PB,
        "{n.months}个月前签的对赌，保证ROI {prom}，实际{act}，投放{spend}，{n.date}前要结算，补多少？",
        "这次{n.days}天的投放，承诺ROI {prom}，结果{act}，花费{spend}，团队{n.people}个人都在等结论。",
        "第{n.ord}期对赌：约定{prom}，实际{act}，投放额{spend}。",
    ),
    F(
        "zh.pb.cn",
        TC,
        PB,
        "保底投产比{prom:rcn/rbi}，结果{act:rcn/rbi}，花了{spend:mcn/mw}，要赔多少？",
        "承诺回报{prom:rbei}，实际只有{act:rbei}，投放{spend:mcn}",
    ),
    F(
        "zh.pb.mixed",
        TC,
        PB,
        "我们guarantee了ROI {prom}，actual只有{act}，spend {spend}，要补多少？",
        "对赌ROI {prom:rx}，最后actual {act:rx}，budget {spend}，补偿怎么算",
    ),
    F(
        "en.pb.plain",
        TC,
        PB,
        "We guaranteed ROI {prom} and reached {act} on a {spend} spend. How much do we owe?",
        "Promised ROI was {prom}, actual came in at {act}, spend {spend}. Compensation?",
        "Our performance bet: ROI {prom} promised, {act} delivered, {spend} spent. What do we owe?",
        anchors=(
            "We guaranteed ROI {prom=3:r1} and reached {act=1.5:r1} on a {spend=120000:mk} spend. How much do we owe?",
        ),
    ),
    F(
        "en.pb.terse",
        TC,
        PB,
        "promised {prom}, actual {act}, spend {spend}, owe?",
        "guarantee {prom} / actual {act} / budget {spend}",
        "ROI bet {prom}, got {act}, spent {spend}",
    ),
    F(
        "en.pb.followup",
        TC,
        PB,
        "Actual ROI came in at {act}. How much do we owe?",
        "We landed at {act}.",
        "And if actual is {act}?",
        "it ended up at {act}, compensation?",
        history=(
            "We promised ROI {prom} on a {spend} spend.",
            "The guarantee was ROI {prom}; the brand spent {spend}.",
        ),
    ),
    F(
        "en.pb.noise",
        TC,
        PB,
        "Deal signed {n.date}, {n.weeks}-week flight: we promised {prom}, delivered {act} on {spend}. Owe?",
        "For the Q{n.ord:c} campaign we guaranteed ROI {prom}; actual {act}; spend {spend}; settlement due in {n.days} days.",
        "{n.people} people worked on it: promised ROI {prom}, actual {act}, budget {spend}.",
    ),
    F(
        "en.pb.words",
        TC,
        PB,
        "We committed to a {prom:rx} return, ended up at {act:rx} on {spend:mmillion/mk}.",
        "promised {prom:rtimes} and realised {act:rtimes} on a budget of {spend:mmillion/mfull}",
    ),
    F(
        "en.pb.typos",
        TC,
        PB,
        "we guarenteed ROI {prom}, acutal was {act}, spnd {spend}, how much compnsation?",
        "promissed roi {prom} but actaul {act}, spent {spend}. owe?",
    ),
    # ---- unseen
    F(
        "zh.pb.u_story",
        TC,
        PB,
        "上次跟品牌方拍胸脯说至少回本{prom:rbei/rcnbei}，钱花了{spend:mkuai/mw/mcn}，最后只回了{act:rbei/rcnbei}，按约定我们该赔人家多少广告位？",
        "客户砸了{spend}进来，我们打包票能到{prom}，结果落地{act}，差的怎么补？",
        unseen=True,
    ),
    F(
        "zh.pb.u_form",
        TC,
        PB,
        "对赌结算：目标{prom} / 达成{act} / 消耗{spend}",
        "【结算】约定投产{prom}｜最终投产{act}｜消耗金额{spend}｜应补？",
        unseen=True,
    ),
    F(
        "en.pb.u_story",
        TC,
        PB,
        "We told the brand they'd see at least {prom:rx/rtimes} back. They put {spend} in and saw {act:rx/rtimes}. What do we make good?",
        "Client burned {spend} with us on the promise of {prom:rx}; results landed at {act:rx}. What's the make-good?",
        unseen=True,
    ),
    F(
        "en.pb.u_ledger",
        TC,
        PB,
        "bet: {prom} | result: {act} | budget burned: {spend} -> payout?",
        "target {prom:rrev/rto}, outcome {act:rrev/rto}, outlay {spend}. shortfall owed?",
        unseen=True,
    ),
]

TIERS = [
    F(
        "zh.it.plain",
        TC,
        IT,
        "合作方这场GMV做了{gmv}，能解锁品牌专场资源包吗？",
        "本月带货GMV {gmv}，达到激励门槛了吗？",
        "达人直播卖了{gmv}，还差多少到下{n.ord=1:cord}档？",
        "这个合作方累计销售额{gmv}，能拿到哪{n.ord=1:cord}档激励？",
    ),
    F(
        "zh.it.followup",
        TC,
        IT,
        "那如果做到{gmv}呢？",
        "下场要是卖了{gmv}呢？",
        "GMV到{gmv}的话能解锁吗？",
        history=("合作方这场GMV做了{gmv}，能解锁品牌专场资源包吗？", "本月带货GMV {gmv}，达到激励门槛了吗？"),
        n=8,
    ),
    F(
        "zh.it.terse",
        TC,
        IT,
        "GMV {gmv}，解锁了吗",
        "成交额{gmv} 到档没",
        "带货{gmv}，下{n.ord=1:cord}档差多少",
    ),
    F(
        "zh.it.noise",
        TC,
        IT,
        "{n.date}那场直播GMV {gmv}，在线{n.count}人，能解锁专场资源包吗？",
        "第{n.ord}场直播成交额{gmv}，时长{n.hours}小时，激励到哪{n.ord=1:cord}档了？",
        "{n.fest}大促期间合作方GMV {gmv}，能拿品牌专场吗？",
    ),
    F(
        "en.it.plain",
        TC,
        IT,
        "Partner GMV hit {gmv} this session",
        "The creator's session did {gmv} in sales. Do they unlock the special-session pack?",
        "GMV so far is {gmv}; how far to the next tier?",
        "Our partner's GMV is {gmv} this month. Which incentive tier?",
        anchors=("Partner GMV hit {gmv=520000:mwl} this session",),
    ),
    F(
        "en.it.followup",
        TC,
        IT,
        "And if they reach {gmv}?",
        "what about {gmv}?",
        "Next session they expect to do {gmv}. Then?",
        history=(
            "Partner GMV is {gmv} this month. Unlocked?",
            "The creator's session did {gmv} in sales. Which tier?",
        ),
        n=8,
    ),
    F("en.it.terse", TC, IT, "gmv {gmv}. unlocked?", "sales {gmv}, next tier?", "{gmv} GMV - tier?"),
    F(
        "en.it.noise",
        TC,
        IT,
        "On {n.date} the stream did {gmv} GMV with {n.count} viewers. Unlock?",
        "Stream #{n.ord:c} closed {gmv} in {n.hours} hours; tier?",
        "During the {n.fest} sale the partner's GMV reached {gmv}. Do they get the brand pack?",
    ),
    F(
        "zh.it.u_story",
        TC,
        IT,
        "昨晚那场一共走了{gmv}的单子，够不够拿专场资源？",
        "流水{gmv}，能升档不？",
        "他们这周出货{gmv}，离下{n.ord=1:cord}个奖励还有多远？",
        unseen=True,
    ),
    F(
        "en.it.u_story",
        TC,
        IT,
        "They moved {gmv} worth of product on Saturday's stream, enough for the brand pack?",
        "sesh closed at {gmv:mwl/mk}. tier?",
        "Top-line for the drop was {gmv}. Where does that put them on the ladder?",
        unseen=True,
    ),
]

# ============================================================ risk_check (risk_warning, partner_exit)

RISK = [
    F(
        "zh.rc.rue",
        RW,
        RC,
        "RUE{n.weeks=2:ccn}周分别{rue}和{rue}，要预警吗？",
        "资源利用率上周{rue}，这周{rue}，需要启动优化吗？",
        "连续{n.weeks=2:ccn/c}周资源利用率{rue}、{rue}，怎么处理？",
        "最近{n.weeks=3:ccn}周RUE是{rue}、{rue}、{rue}，有问题吗？",
        anchors=("RUE {n.weeks=2:ccn}周分别{rue=38:p}和{rue=35:p}",),
    ),
    F(
        "zh.rc.sent",
        RW,
        RC,
        "合作方舆情指数从{sent}降到{sent}，要启动应急预案吗？",
        "舆情分数上周{sent}，本周{sent}，严重吗？",
        "这个达人的口碑指数{sent}→{sent}，需要预警吗？",
    ),
    F(
        "zh.rc.mroi",
        RW,
        RC,
        "渠道ROI最近{n.months=2:ccn}个月分别是{mroi}和{mroi}，行业基准{bench}，需要调整吗？",
        "上个月渠道ROI {mroi}，这个月{mroi}，基准ROI是{bench}，要不要调策略？",
        "月度ROI连续{n.months=2:ccn}个月{mroi}、{mroi}，行业基准{bench}",
    ),
    F(
        "zh.rc.share",
        RW,
        RC,
        "最大的合作方占我们流量的{share}，有风险吗？",
        "{n.count=3:ccn}个渠道占比分别是{share}、{share}、{share}，有没有单点依赖？",
        "头部合作方贡献了{share}的GMV，要准备备选吗？",
    ),
    F(
        "zh.rc.combo",
        RW,
        RC,
        "资源利用率{rue}、{rue}，舆情指数{sent}→{sent}，头部合作方占比{share}，帮我做个风险检查",
        "帮我看下预警：RUE上周{rue}，本周{rue}；月度ROI {mroi}、{mroi}，行业基准{bench}。",
        "舆情指数从{sent}掉到{sent}，最大渠道占{share}，要不要启动预案？",
    ),
    F(
        "zh.rc.table",
        RW,
        RC,
        "周度RUE：\n第{n.ord=1:c}周 {rue}\n第{n.ord=2:c}周 {rue}\n第{n.ord=3:c}周 {rue}\n要不要预警？",
        "各渠道流量占比：\n- 抖音 {share}\n- 小红书 {share}\n- 视频号 {share}\n- 其他 {share}\n有单点依赖吗？",
        "{n.ord=3:c}月ROI {mroi}，{n.ord=4:c}月ROI {mroi}，{n.ord=5:c}月ROI {mroi}，行业基准{bench}，要调整吗？",
        n=10,
    ),
    F(
        "zh.rc.followup",
        RW,
        RC,
        "那舆情指数从{sent}跌到{sent}呢？",
        "如果这周回到{rue}呢？",
        "再加上最大渠道占比{share}呢？",
        "那要是月度ROI是{mroi}和{mroi}，行业基准{bench}呢？",
        history=(
            "RUE上周{rue}，这周{rue}，要预警吗？",
            "资源利用率连续{n.weeks=2:ccn}周{rue}、{rue}，怎么处理？",
        ),
        n=10,
    ),
    F(
        "zh.rc.noise",
        RW,
        RC,
        "{n.date}复盘：RUE连续{n.weeks=2:ccn}周{rue}和{rue}，团队{n.people}人，要启动优化流程吗？",
        "舆情指数{n.hours}小时内从{sent}跌到{sent}，客服电话{n.phone}都被打爆了，怎么办？",
        "{n.year}年第{n.ord}季度：最大合作方占比{share}，月度ROI {mroi}和{mroi}，基准{bench}。",
    ),
    F(
        "zh.rc.frac",
        RW,
        RC,
        "资源利用率{n.weeks=2:ccn}周分别是{rue:pfrac}和{rue:pfrac}，要预警吗？",
        "头部渠道占比{share:pfrac}，算单点依赖吗？",
    ),
    F(
        "en.rc.rue",
        RW,
        RC,
        "RUE was {rue} and {rue} over the last {n.weeks=2:cen/c} weeks. Alert?",
        "Resource utilisation last week {rue}, this week {rue}. Should we start optimisation?",
        "Weekly RUE: {rue}, {rue}, {rue}. Problem?",
    ),
    F(
        "en.rc.sent",
        RW,
        RC,
        "The sentiment index fell from {sent} to {sent}. Contingency plan?",
        "Partner sentiment score went from {sent} last week to {sent} this week. Worried?",
        "sentiment {sent} -> {sent}, alert?",
    ),
    F(
        "en.rc.mroi",
        RW,
        RC,
        "Channel ROI for the last {n.months=2:cen/c} months: {mroi} and {mroi}; benchmark {bench}. Adjust?",
        "Monthly ROI {mroi} then {mroi}, industry benchmark ROI {bench}. Do we change strategy?",
    ),
    F(
        "en.rc.share",
        RW,
        RC,
        "Our biggest partner accounts for {share} of traffic. Risky?",
        "Traffic shares: A {share}, B {share}, C {share}. Single-point dependency?",
        "A single channel drives {share} of our GMV; should we line up backups?",
    ),
    F(
        "en.rc.combo",
        RW,
        RC,
        "Risk check please: RUE {rue} then {rue}, sentiment {sent} to {sent}, top partner share {share}.",
        "RUE last week {rue}, this week {rue}; monthly ROI {mroi} and {mroi} vs a benchmark of {bench}. Any alerts?",
    ),
    F(
        "en.rc.table",
        RW,
        RC,
        "Week {n.ord=1:c}: RUE {rue}\nWeek {n.ord=2:c}: RUE {rue}\nWeek {n.ord=3:c}: RUE {rue}\nTrigger the alert?",
        "| channel | share |\n|---|---|\n| Douyin | {share} |\n| RED | {share} |\n| WeChat | {share} |\nDependency risk?",
        "Jan ROI {mroi}, Feb {mroi}, Mar {mroi}; benchmark {bench}. Flag?",
        n=10,
    ),
    F(
        "en.rc.followup",
        RW,
        RC,
        "And if sentiment fell from {sent} to {sent}?",
        "What if this week comes in at {rue}?",
        "Add a top-partner share of {share} to that.",
        "and monthly ROI {mroi} then {mroi} against a benchmark of {bench}?",
        history=("RUE last week {rue}, this week {rue}. Alert?", "Weekly RUE was {rue} and {rue}; problem?"),
        n=10,
    ),
    F(
        "en.rc.noise",
        RW,
        RC,
        "Post-mortem on {n.date}: RUE {rue} and {rue} the past {n.weeks=2:cen} weeks, {n.people} people on the account. Optimise?",
        "Sentiment dropped from {sent} to {sent} within {n.hours} hours; support line {n.phone} is flooded.",
        "In {n.year} Q{n.ord:c} our top partner held {share} of traffic; monthly ROI {mroi} and {mroi}, benchmark {bench}.",
    ),
    F(
        "en.rc.frac",
        RW,
        RC,
        "utilisation {rue:pfrac} then {rue:pfrac} over the last {n.weeks=2:cen} weeks, alert?",
        "top channel share is {share:pfrac}; single point of failure?",
    ),
    # ---- unseen
    F(
        "zh.rc.u_story",
        RW,
        RC,
        "这{n.weeks=2:ccn}周投出去的资源只用掉了{rue}和{rue}，再这样下去要不要干预？",
        "网上对他们的评价分{n.count=1:ccn}路从{sent}掉到{sent}了，要不要提前准备公关？",
        "我们{share}的单子都靠这{n.count=1:ccn}家，危险吗？",
        unseen=True,
    ),
    F(
        "zh.rc.u_report",
        RW,
        RC,
        "周报摘要｜资源使用效率：{rue}（前周）→{rue}（本周）｜舆论热度指数：{sent}→{sent}｜渠道回报：{mroi}、{mroi}，对标{bench}",
        "近况：上上周{rue}，上周{rue}；大盘回报{bench}，我们这{n.months=2:ccn}个月{mroi}/{mroi}",
        unseen=True,
    ),
    F(
        "zh.rc.u_typo",
        RW,
        RC,
        "资源利用律连续{n.weeks=2:ccn}周{rue}、{rue}，舆请指数{sent}到{sent}，需要预竟吗",
        "渠到占比{share}，单点以来严重吗",
        unseen=True,
    ),
    F(
        "en.rc.u_story",
        RW,
        RC,
        "Utilisation has sagged to {rue} and then {rue} over the past fortnight. Do we trigger the fix-it process?",
        "Public mood around them slid from {sent} to {sent}. Time for plan B?",
        unseen=True,
    ),
    F(
        "en.rc.u_dep",
        RW,
        RC,
        "Honestly {share} of our volume flows through {n.count=1:cen} MCN. Should I worry?",
        "we're {share} dependent on a single creator, is that a red flag?",
        unseen=True,
    ),
    F(
        "en.rc.u_mroi",
        RW,
        RC,
        "ROAS by month went {mroi} → {mroi}; category benchmark sits at {bench}.",
        "returns the past couple of months: {mroi}, {mroi}. par is {bench}. flag it?",
        unseen=True,
    ),
]

EXIT = [
    F(
        "zh.px.plain",
        PX,
        RC,
        "核心合作方要退出了，他们占我们GMV的{share}，怎么办？",
        "头部渠道突然不合作了，它贡献了{share}的流量，还有{n.count}个备选，怎么应对？",
        "最大的合作伙伴{n.days}天后终止合作，占我们销售额的{share}，怎么兜底？",
    ),
    F(
        "en.px.plain",
        PX,
        RC,
        "Our key partner is leaving; they drive {share} of GMV. What's the plan?",
        "A partner holding {share} of our traffic gave {n.days} days' notice. How do we handle the exit?",
        "Top channel ({share} of sales) is walking away next month. Backup plan?",
    ),
    F(
        "zh.px.u_story",
        PX,
        RC,
        "合作了{n.years}年的老搭档说下个月不续了，我们{share}的生意都在他们那，怎么接住？",
        "重要伙伴要撤，我们大概{share}的量压在他们身上，{n.date}正式停，来得及吗？",
        unseen=True,
    ),
    F(
        "en.px.u_story",
        PX,
        RC,
        "{share} of revenue walks out the door when they leave on {n.date}. What now?",
        "our anchor partner (roughly {share} of orders) is pulling out after {n.years} years, damage control?",
        unseen=True,
    ),
]

# ============================================================ rank_partners, allocate_leads (partner_portfolio)

_RANK_HEAD_ZH = "| 合作方 | " + " | ".join(_RANK_ZH) + " |\n|" + "---|" * 8
_RANK_HEAD_EN = "| partner | " + " | ".join(_RANK_EN) + " |\n|" + "---|" * 8

PORTFOLIO = [
    F(
        "zh.rk.lines",
        PP,
        RK,
        "帮我给这几个合作方排个名：\n{@name}："
        + _rank_line(_RANK_ZH, "", "，")
        + "\n{@name}："
        + _rank_line(_RANK_ZH, "", "，")
        + "\n{@name}："
        + _rank_line(_RANK_ZH, "", "，"),
        "{@name}（"
        + _rank_line(_RANK_ZH, "", "、")
        + "）和{@name}（"
        + _rank_line(_RANK_ZH, "", "、")
        + "）谁更值得深度合作？",
        n=8,
    ),
    F(
        "zh.rk.table",
        PP,
        RK,
        "资源价值扫描：\n"
        + _RANK_HEAD_ZH
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n请排序并给出淘汰建议",
        "按规则保留前{n.top:c}名、淘汰末位{n.pct=20}，下面这些怎么排？\n"
        + _RANK_HEAD_ZH
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row(),
        n=8,
    ),
    F(
        "en.rk.lines",
        PP,
        RK,
        "Rank these partners:\n{@name}: "
        + _rank_line(_RANK_EN, " ", ", ")
        + "\n{@name}: "
        + _rank_line(_RANK_EN, " ", ", ")
        + "\n{@name}: "
        + _rank_line(_RANK_EN, " ", ", "),
        "Who is the better long-term bet, {@name} ("
        + _rank_line(_RANK_EN, " ", ", ")
        + ") or {@name} ("
        + _rank_line(_RANK_EN, " ", ", ")
        + ")?",
        n=8,
    ),
    F(
        "en.rk.table",
        PP,
        RK,
        "Resource value scan:\n"
        + _RANK_HEAD_EN
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\nRank them and tell me who to prune.",
        "We keep the top {n.top:c} and prune the bottom {n.pct=20} every year. Score these:\n"
        + _RANK_HEAD_EN
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row()
        + "\n"
        + _rank_row(),
        n=8,
    ),
    F(
        "zh.rk.u_csv",
        PP,
        RK,
        "名称,流量,匹配,调性,转化,成本,稳定,内容\n"
        + _rank_csv()
        + "\n"
        + _rank_csv()
        + "\n"
        + _rank_csv()
        + "\n年底要砍掉{n.count=1:ccn}批，先帮我排个序",
        "打分（流量/匹配/调性/转化/成本/稳定/内容）：\n"
        + _rank_csv("/")
        + "\n"
        + _rank_csv("/")
        + "\n"
        + _rank_csv("/")
        + "\n谁该留谁该走？",
        unseen=True,
        n=8,
    ),
    F(
        "en.rk.u_csv",
        PP,
        RK,
        "name,traffic,match,brand,conv,cost,stability,content\n"
        + _rank_csv()
        + "\n"
        + _rank_csv()
        + "\n"
        + _rank_csv()
        + "\nwho makes the cut this year?",
        "Scores (traffic/match/brand/conv/cost/stability/content):\n"
        + _rank_csv("/")
        + "\n"
        + _rank_csv("/")
        + "\n"
        + _rank_csv("/")
        + "\nOrder them, best first.",
        unseen=True,
        n=8,
    ),
    F(
        "zh.al.plain",
        PP,
        AL,
        "这个月有{leads}条线索，{@store}转化率{conv}，评分{rating}；{@store}转化率{conv}，评分{rating}；{@store}转化率{conv}，评分{rating}，怎么分？",
        "共{leads}条销售线索要分给门店：{@store}（转化率{conv}，评分{rating}），{@store}（转化率{conv}，评分{rating}）。",
        n=10,
    ),
    F(
        "zh.al.table",
        PP,
        AL,
        "线索总数{leads}\n| 门店 | 转化率 | 评分 |\n|---|---|---|\n| {@store} | {conv} | {rating} |\n| {@store} | {conv} | {rating} |\n| {@store} | {conv} | {rating} |\n按贡献度怎么分配？",
        n=8,
    ),
    F(
        "en.al.plain",
        PP,
        AL,
        "We have {leads} leads to split. {@store}: conversion {conv}, rating {rating}; {@store}: conversion {conv}, rating {rating}; {@store}: conversion {conv}, rating {rating}.",
        "Allocate {leads} sales leads between {@store} (conversion {conv}, rating {rating}) and {@store} (conversion {conv}, rating {rating}).",
        n=10,
    ),
    F(
        "en.al.table",
        PP,
        AL,
        "Total leads: {leads}\n| outlet | conversion | rating |\n|---|---|---|\n| {@store} | {conv} | {rating} |\n| {@store} | {conv} | {rating} |\n| {@store} | {conv} | {rating} |\nHow should we allocate?",
        n=8,
    ),
    F(
        "zh.al.u_story",
        PP,
        AL,
        "{leads}个客资怎么派：{@store}成交率{conv}、星级{rating}；{@store}成交率{conv}、星级{rating}",
        "手上攒了{leads}个留资，{@store}能成{conv}，店铺分{rating}；{@store}能成{conv}，店铺分{rating}，按能力分一下",
        unseen=True,
        n=10,
    ),
    F(
        "en.al.u_story",
        PP,
        AL,
        "{leads:c/csep/ck} inquiries came in this week. {@store} closes {conv} of them and is rated {rating} stars; {@store} closes {conv}, {rating} stars. Split?",
        "hand out {leads:c/csep} enquiries: {@store} -> {conv} close rate, {rating}★; {@store} -> {conv}, {rating}★",
        unseen=True,
        n=10,
    ),
]

# ============================================================ intents without a tool: every number is "none"

OTHER = [
    F(
        "zh.sb.plain",
        "small_brand_leverage",
        None,
        "我们是个只有{n.people}个人的小品牌，年销售额{n.money}，怎么撬动大品牌的资源？",
        "成立才{n.years}年的新锐品牌，粉丝{n.fans}，想和头部品牌联名，怎么谈？",
        "小品牌{n.years=1:ccn}年营收{n.money}，怎么借大品牌的势？",
        n=10,
    ),
    F(
        "en.sb.plain",
        "small_brand_leverage",
        None,
        "We're a {n.people}-person brand doing {n.money} a year. How do we get a big brand to co-market with us?",
        "Founded {n.years} years ago, {n.fans} followers. How can a small brand borrow a giant's resources?",
        n=10,
    ),
    F(
        "zh.sl.plain",
        "short_vs_long_term",
        None,
        "短期冲{n.fest}大促还是做{n.years}年的长期合作，怎么平衡？",
        "老板要求这个季度拉{n.pct}的增长，但我担心伤害长期合作，怎么办？",
        "未来{n.months}个月是先赚快钱还是先养关系？",
        n=10,
    ),
    F(
        "en.sl.plain",
        "short_vs_long_term",
        None,
        "Should we chase the {n.fest} spike or build a {n.years}-year relationship?",
        "Leadership wants {n.pct} growth this quarter; how do I balance that with long-term partner value?",
        "Over the next {n.months} months, quick wins or relationship building?",
        n=10,
    ),
    F(
        "zh.cf.plain",
        "coupon_fraud",
        None,
        "联名券被薅羊毛了，{n.hours}小时内被领了{n.count}张，{n.pct}是新注册账号，怎么防？",
        "满{n.amt}减{n.amt}的券被黄牛刷了，怎么设置风控？",
        "跨界活动的优惠券{n.days}天被核销{n.count}次，异常吗？",
        n=10,
    ),
    F(
        "en.cf.plain",
        "coupon_fraud",
        None,
        "Our co-branded coupon got farmed: {n.count} redemptions in {n.hours} hours, {n.pct} from new accounts. How do we stop it?",
        "A spend-{n.amt}-get-{n.amt}-off voucher is being abused by scalpers; what anti-fraud checks?",
        "The joint promo code was used {n.count} times in {n.days} days. Suspicious?",
        n=10,
    ),
    F(
        "zh.me.rules",
        "methodology",
        None,
        "为什么ROI要达到{n.ratio=3:r1/rbi}才算合格？",
        "匹配度超过{n.pct=60}算合格吗？",
        "雷达图低于{n.score=70:s}分为什么不建议合作？",
        "RUE连续{n.weeks=2:ccn}周低于{n.pct=40}是什么意思？",
        "单{n.count=1:ccn}合作方占比超过{n.pct=30}为什么算风险？",
        "成功案例为什么要{n.cases=3:c/ccn}个以上？",
        "舆情下降{n.pct=30}就要启动预案，依据是什么？",
        "每年淘汰末位{n.pct=20}是怎么来的？",
        "前{n.top:c}名深度合作，这个数字是怎么定的？",
        "ROI连续{n.months=2:ccn}个月低于基准的{n.pct=70}要调整，这条规则的出处？",
        n=10,
    ),
    F(
        "en.me.rules",
        "methodology",
        None,
        "Why is {n.ratio=3:r1} the bar for ROI?",
        "Does an audience match above {n.pct=60} count as qualified?",
        "Why is a radar score below {n.score=70:s} a no-go for deep cooperation?",
        "What does RUE under {n.pct=40} for {n.weeks=2:cen} weeks in a row mean?",
        "Where does the {n.pct=30} single-partner limit come from?",
        "Why do we need at least {n.cases=3:c/cen} verified cases?",
        "What's the basis for acting when sentiment falls {n.pct=30}?",
        "Why prune the bottom {n.pct=20} every year?",
        "How was the top-{n.top:c} shortlist size chosen?",
        "Why adjust after {n.months=2:cen} months below {n.pct=70} of the benchmark ROI?",
        n=10,
    ),
    F(
        "zh.me.u_doubt",
        "methodology",
        None,
        "{n.pct=60}这条线是谁定的？低一点行不行",
        "你们总说{n.ratio=3:r1}，这个标准靠谱吗",
        "为啥非得凑够{n.cases=3:ccn}个案例才能谈长期？",
        "{n.score=70:s}分以下就不深度合作，会不会太死板？",
        "占比到{n.pct=30}就叫单点依赖，这个数怎么来的",
        "每年砍掉{n.pct=20}的合作方，不怕伤感情吗？",
        unseen=True,
        n=6,
    ),
    F(
        "en.me.u_doubt",
        "methodology",
        None,
        "who decided {n.pct=60} is the cut-off? feels arbitrary",
        "is {n.ratio=3:r1} really a sensible line for every category?",
        "why exactly {n.cases=3:cen} case studies and not {n.count=2:cen}?",
        "isn't dropping {n.pct=20} of partners a year a bit brutal?",
        "a {n.pct=30} share is 'dependency'? says who?",
        "is {n.score=70:s} on the radar too strict for new creators?",
        unseen=True,
        n=6,
    ),
    F(
        "zh.dl.plain",
        "deal_lookup",
        None,
        "查一下{n.year}年和{@name}的合作记录",
        "订单号{n.id}那单最后ROI是多少？",
        "{n.date}签的那个合作现在什么状态？",
        "上次和{@name}合作是{n.months}个月前吗？帮我查下",
        n=10,
    ),
    F(
        "en.dl.plain",
        "deal_lookup",
        None,
        "Pull up our {n.year} deals with {@name}.",
        "What was the ROI on deal {n.id}?",
        "Show me the contract signed on {n.date}.",
        "When did we last work with {@name}? Around {n.months} months ago?",
        n=10,
    ),
    F(
        "zh.os.plain",
        "out_of_scope",
        None,
        "明天北京{n.temp}度会下雨吗？",
        "推荐{n.count=1:ccn}款{n.amt}元以内的相机",
        "写个Python函数算{n.num}的阶乘",
        "讲个笑话吧，关于{n.count}只猫的",
        "{n.num}乘以{n.num}等于多少？",
        n=10,
    ),
    F(
        "en.os.plain",
        "out_of_scope",
        None,
        "Will it rain tomorrow? It's {n.temp} degrees now.",
        "Recommend a camera under {n.amt} dollars.",
        "Write a Python function for the factorial of {n.num}.",
        "What's {n.num} times {n.num}?",
        "Tell me a joke about {n.count} cats.",
        n=10,
    ),
    F(
        "zh.os.u_misc",
        "out_of_scope",
        None,
        "iPhone {n.ver}和{n.ver}哪个值得买？",
        "帮我订{n.date}去上海的机票，{n.people}个人",
        "{n.clock}的会议改到下午可以吗",
        unseen=True,
        n=8,
    ),
    F(
        "en.os.u_misc",
        "out_of_scope",
        None,
        "Is the iPhone {n.ver} worth it over the {n.ver}?",
        "Book a table for {n.people} at {n.clock} tonight.",
        "My flight on {n.date} got cancelled, what now?",
        unseen=True,
        n=8,
    ),
]

FAMILIES: list[Family] = [*ASSESS, *AUDIENCE, *COUNTER, *BET, *TIERS, *RISK, *EXIT, *PORTFOLIO, *OTHER]
