"""Lexical evidence for routing: weighted cue words per intent (zh/en), out-of-scope hints, language."""

from __future__ import annotations

import math
import re

from assistant.kb.cards import INTENTS  # the intent names of PRODUCT.md, defined once

__all__ = ["INTENTS", "detect_language", "is_out_of_scope_hint", "lexical_signals"]


# (pattern, weight): each pattern counts once per question. Weights near 1 are strong on their own;
# weights near 0.3-0.5 only help when another cue agrees.
_CUES: dict[str, list[tuple[str, float]]] = {
    "partner_worth": [
        (r"值得|值不值|值当|worth(?:while| it)?|is it worth", 0.9),
        (
            r"长期投入|长期合作|深度合作|深入合作|长期绑定|long[- ]?term (?:partner(?!\s+value)|invest|relationship|bet)",
            1.2,
        ),
        (r"deep(?:er)? (?:cooperation|partnership|collaboration)|go deep|double down", 1.0),
        (r"匹配度|画像|重合度|audience (?:match|overlap|fit)|overlap|profile match", 0.8),
        (r"可验证|成功案例|案例|verified cases?|case stud|success stor|track record|references", 0.6),
        (r"雷达|radar|scorecard|评分卡", 0.8),
        (
            r"判断合作方|评估合作方|筛选标准|考察合作方|evaluate (?:a |this |the )?partner|vet (?:a |the )?partner",
            0.9,
        ),
        (r"靠谱|可靠|reliable|trustworthy|good fit", 0.5),
        (r"\bROI\b|投入产出|投产比|return", 0.3),
    ],
    "small_brand_leverage": [
        (
            r"小品牌|新品牌|小牌子|小公司|小商家|small (?:brand|company|player)|startup brand|tiny brand|no-?name",
            1.3,
        ),
        (
            r"大品牌|大牌|头部品牌|国际大牌|big (?:brand|player|name)s?|leading brands?|major brands?|large brands?|top brands?",
            1.0,
        ),
        (r"撬动|借力|蹭|攀上|搭上|leverage|piggyback|borrow|get (?:access|in) (?:to|with)|punch above", 0.9),
        (
            r"价值交换漏斗|漏斗|funnel|痛点|pain ?points?|资源缺口|细分场景|niche|(?:resource|market) gaps?",
            0.7,
        ),
        (r"没名气|没预算|资源少|不够大|little budget|no budget|unknown brand|nobody knows", 0.6),
        (r"专柜|陈列|counter space|shelf", 0.5),
    ],
    "short_vs_long_term": [
        (r"短期|眼前|快钱|立竿见影|short[- ]?term|quick wins?|quick money|fast cash", 1.2),
        (r"长期价值|长远|可持续|long[- ]?term (?:\w+ )?value|sustainab|long run", 0.9),
        (r"平衡|取舍|权衡|balance|trade-?off|versus|vs\.?", 0.6),
        (r"蓄水池|灌溉|引水渠|生态共建|ecosystem|reservoir", 0.8),
        (r"流量采购|买流量|买量|冲业绩|冲量|buy(?:ing)? traffic", 0.6),
        (r"回本|回报周期|前期(?:投入|亏)|初期投入|pays? back|payback|upfront|lose money at first", 0.6),
    ],
    "unreasonable_demand": [
        (
            r"佣金|拥金|抽成|抽佣|分成|提成|扣点|返点|坑位费|commi?ss?ion|revenue share|rev[- ]share|take rate",
            1.3,
        ),
        (
            r"不合理|过分|狮子大开口|太高|漫天要价|无理|unreasonable|too (?:high|much)|excessive|outrageous",
            0.9,
        ),
        (
            r"还价|砍价|反报价|怎么谈|压价|counter[- ]?offer|push back|negotiate|haggle|talk (?:them|it) down",
            0.8,
        ),
        (
            r"超出框架|超出合作框架|提要求|要求太|beyond the (?:frame|scope)|demands?|asking for|wants? \d",
            0.6,
        ),
        (r"行业平均|市场价|industry average|market rate|going rate", 0.5),
        (r"毛利|margin", 0.4),
        (r"阶梯分成|tiered (?:share|commission)|slot fee", 1.0),
    ],
    "trust_crisis": [
        (r"质疑|不信任|怀疑|不相信|信任危机|doubt|don'?t trust|distrust|skeptic|sceptic|suspicious", 1.2),
        (r"流量扶持|扶持是假|真实性|traffic support|support is (?:real|fake)", 1.0),
        (
            r"对赌|保底(?!坑位)|承诺ROI|承诺的ROI|guarantee(?!d? (?:slot|fee|minimum))|guarentee|performance bet|make good|owe",
            1.3,
        ),
        (r"补偿|赔|广告位|compensat|ad slots?|ad space", 0.8),
        (
            r"承诺(?:了)?(?:的)?(?:ROI|投产比|回报|\s?\d)|promis(?:e|ed) (?:an? )?(?:ROI|return|\d)|actual ROI",
            0.9,
        ),
        (
            r"阶梯(?!分成)|激励|解锁|专场|资源包|tiered (?!share|commission)|incentive|unlock|brand pack|special session",
            1.0,
        ),
        (r"看板|可视化|dashboard|transparen", 0.8),
        (r"\bGMV\b", 0.3),
        (r"MCN|机构|达人|主播|agency|KOL|influencer|streamer", 0.3),
    ],
    "partner_exit": [
        (
            r"终止|解约|退出|撤资|撤了|不合作了|断了|跑路|毁约|单方面|pull(?:ed)? out|quit|walk(?:ed|s)? (?:away|out)",
            1.3,
        ),
        (
            r"terminat|cancel(?:l?ed)? (?:the )?(?:deal|contract)|drop(?:ped)? us|left us|leaving|backed out",
            1.2,
        ),
        (r"备选|备份|备胎|替补|backup|plan b|fallback|replacement", 1.0),
        (r"急救包|应急|紧急|突然|emergency|suddenly|overnight|urgent", 0.8),
        (r"过度依赖|over-?reliance|depend(?:ence|ency) on one", 0.5),
        (r"流量承接|过渡期|用户告知|服务升级|bridge|transition|tell (?:our )?users", 0.6),
    ],
    "risk_warning": [
        (r"\bRUE\b|利用率|利用效率|utili[sz]ation", 1.2),
        (r"舆情|舆论|口碑下滑|sentiment|public opinion|bad press|PR crisis", 1.1),
        (r"预警|风险|警报|warning|alert|red flag|early warning|risk", 0.9),
        (
            r"连续两周|连续两个?月|两周|两个月|two (?:weeks|months) (?:in a row|running|straight)|consecutive",
            0.8,
        ),
        (r"低于基准|行业基准|基准|below (?:the )?benchmark|benchmark|baseline", 0.8),
        (r"应急预案|启动预案|调整策略|资源优化|contingency|adjust (?:the )?strategy", 0.6),
        (r"占比|份额|share of (?:traffic|GMV)|% of (?:our )?(?:traffic|GMV)|concentrat", 0.5),
        (r"单点依赖|single[- ]point|健康度|仪表盘|health dashboard", 0.8),
        (r"下降|下滑|掉了|跌|dropp?(?:ed|ing)|fell|decline|slipp", 0.3),
    ],
    "partner_portfolio": [
        (r"淘汰|清退|砍掉|优胜劣汰|prune|pruning|cull|weed out|clean[- ]?out|drop the worst", 1.3),
        (r"排名|排序|打分|排行|筛选|名单|rank(?:ing)?|shortlist|score (?:our|the|all)", 1.0),
        (r"TOP\s?30|前30|头部30|top[- ]?30|top \d+", 0.8),
        (r"线索分配|分配线索|分线索|线索|allocat|leads?|distribut(?:e|ion) (?:of )?leads", 1.1),
        (r"资源池|合作方池|组合|portfolio|pool of partners|partner pool|partner list", 0.8),
        (r"扫描|价值扫描|体检|scan|audit", 0.6),
        (r"每年|年度|yearly|annual|every year", 0.5),
        (r"门店|经销商|4S店|dealers?|outlets?|stores", 0.4),
    ],
    "coupon_fraud": [
        (r"优惠券|优惠卷|券|折扣码|红包|coupons?|cupons?|vouchers?|promo codes?|discount codes?", 1.3),
        (r"黄牛|薅羊毛|薅|刷单|羊毛党|scalp|fraud|abuse|farm(?:ing|ers)?|bots?", 1.2),
        (
            r"核销|防刷|设备指纹|行为轨迹|渠道专属码|专属码|redemption|fingerprint|tracking code|channel code",
            1.0,
        ),
        (r"异业|联合促销|cross[- ]promo|co-promotion", 0.4),
    ],
    "methodology": [
        (
            r"[123]\.0\s?(?:模式|时代|阶段|版本|era|model|stage|phase)|1\.0\s?(?:到|至|→|->|to)\s?3\.0|从1\.0",
            1.0,
        ),
        (r"三阶|三个阶段|三段|three[- ]stage|three stages|stages? of", 0.8),
        (r"演进|进化|发展史|历史演变|evolution|evolve|history of", 0.8),
        (r"误区|误解|misconception|myth|mistake people make", 1.0),
        (r"方法论|模型|框架|底层逻辑|methodology|framework|the model|principles?", 0.8),
        (r"新人|入门|学习|怎么学|721|新手|培训|newbie|new hire|onboard|learn|beginner|junior|study", 1.0),
        (r"点状连接|链式编织|生态构建|流量置换|资源杠杆|资源图谱|point connection|chain weaving", 1.0),
        (r"总结|核心思想|终极|summary|summari[sz]e|key takeaway|in a nutshell|超级节点|super node", 0.7),
        (r"什么是资源整合|资源整合是什么|what is resource integration|explain resource integration", 1.0),
        (r"根源|根本原因|问题出在哪|卡在哪|root cause|traffic swap|resource leverage", 0.8),
        (r"行动清单|action list|checklist|roadmap", 0.6),
    ],
    "deal_lookup": [
        (r"以前|之前|历史|过去|往期|上次|当年|previous(?:ly)?|in the past|last time|history|historical", 0.7),
        (r"合作记录|案例库|成交记录|deal history|past deals?|track record with|record of", 1.1),
        (r"怎么样了|结果如何|结果怎么样|最后怎么样|后来|what happened|how did .* go|outcome|ended up", 1.0),
        (
            r"how did (?:they|it|that|those|these) (?:end|go|turn out)|have we (?:done|had|signed|run) (?:any|a)",
            0.8,
        ),
        (
            r"我们和.{1,12}(?:合作过|谈过)|有没有和|did we (?:ever )?(?:work|partner|deal) with|have we worked",
            1.1,
        ),
        (r"查一下|查查|找一下|列出|show me|list (?:all|our|the)|look up|find (?:the|our)|pull up", 0.7),
        (
            r"哪几单|哪一单|那单|那一单|案例有哪些|有哪些案例|合作过几次|which (?:past )?deals?|the deal where",
            0.6,
        ),
    ],
}
_DOMAIN = (
    r"合作|伙伴|渠道|资源|佣金|分成|品牌|流量|GMV|ROI|KOL|MCN|达人|主播|运营|商家|投放|转化|"
    r"partner|channel|commission|brand|traffic|\bROI\b|\bGMV\b|influencer|agency|deal|campaign|coupon|leads?\b"
)
_OOS = (
    r"笑话|段子|天气|(?:明天|今天|后天|周末).{0,6}(?:多少度|几度|下雨|下雪|冷不冷|热不热)|单反|相机|推荐(?:一|几)(?:款|部|本|首)|气温|下雨|菜谱|食谱|怎么做(?:饭|菜)|做饭|红烧|诗|词一首|写代码|代码|编程|"
    r"python|javascript|java\b|sql|正则|bug|翻译成|翻译一下|电影|电视剧|歌曲|唱歌|股票|基金|彩票|星座|运势|"
    r"足球|篮球|NBA|世界杯|游戏攻略|旅游|景点|酒店|机票|减肥|健身|数学题|作业|首都|总统|"
    r"\bjokes?\b|\bfunny\b|weather|forecast for|rain(?:ing)?\b|recipes?|\bcook(?:ing)?\b|\bbake\b|poem|haiku|"
    r"\bcode\b|\bscript\b|function in|\bdebug|translate|\bmovies?\b|\bsongs?\b|\blyrics\b|stock tips?|lottery|"
    r"horoscope|zodiac|\bfootball\b|\bsoccer\b|\bnba\b|video games?|vacation|\bhotel\b|flights?\b|diet\b|"
    r"workout|homework|capital of|president of|who won|\bdate me\b|your favou?rite"
)


def _compile(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


_COMPILED = {intent: [(_compile(p), w) for p, w in cues] for intent, cues in _CUES.items()}
_DOMAIN_RX = _compile(_DOMAIN)
_OOS_RX = _compile(_OOS)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _raw_scores(text: str) -> dict[str, float]:
    return {intent: sum(w for rx, w in cues if rx.search(text)) for intent, cues in _COMPILED.items()}


def is_out_of_scope_hint(text: str) -> bool:
    """True for clearly unrelated requests (jokes, weather, code, recipes...) with no partnership vocabulary."""
    if not text or not text.strip():
        return False
    if not _OOS_RX.search(text):
        return False
    return not _DOMAIN_RX.search(text) and max(_raw_scores(text).values()) < 1.2


def lexical_signals(text: str) -> dict[str, float]:
    """Keyword evidence per intent, each in [0, 1) (1 - exp(-sum of matched cue weights)); all intents listed."""
    text = text or ""
    raw = _raw_scores(text)
    out = {intent: round(1.0 - math.exp(-raw.get(intent, 0.0)), 4) for intent in INTENTS}
    out["out_of_scope"] = 0.9 if is_out_of_scope_hint(text) else 0.0
    return out


def detect_language(text: str) -> str:
    """'zh' when the text has real Chinese content (CJK characters outweigh English words), else 'en'."""
    text = text or ""
    cjk = len(_CJK.findall(text))
    if cjk == 0:
        return "en"
    words = len(_LATIN_WORD.findall(text))
    return "zh" if cjk >= 2 and cjk >= 0.8 * words else "en"
