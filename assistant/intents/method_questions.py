"""The intents answered from the playbook alone: leverage, short vs long term, coupons, the method, past deals, and what is out of scope."""

from __future__ import annotations

from assistant.intents.spec import IntentSpec

TABLE: tuple[IntentSpec, ...] = (
    IntentSpec(
        "small_brand_leverage",
        title=("小品牌如何撬动大品牌资源", "how a small brand gets a big brand's resources"),
        next_steps={
            None: (
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
        },
        cues=(
            (
                "小品牌|新品牌|小牌子|小公司|小商家|small (?:brand|company|player)|startup brand|tiny brand|no-?name",
                1.3,
            ),
            (
                "大品牌|大牌|头部品牌|国际大牌|big (?:brand|player|name)s?|leading brands?|major brands?|large brands?|top brands?",
                1.0,
            ),
            (
                "撬动|借力|蹭|攀上|搭上|leverage|piggyback|borrow|get (?:access|in) (?:to|with)|punch above",
                0.9,
            ),
            (
                "价值交换漏斗|漏斗|funnel|痛点|pain ?points?|资源缺口|细分场景|niche|(?:resource|market) gaps?",
                0.7,
            ),
            ("没名气|没预算|资源少|不够大|little budget|no budget|unknown brand|nobody knows", 0.6),
            ("专柜|陈列|counter space|shelf", 0.5),
        ),
    ),
    IntentSpec(
        "short_vs_long_term",
        title=("短期利益与长期价值的平衡", "balancing short-term gains and long-term value"),
        next_steps={
            None: (
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
        },
        cues=(
            ("短期|眼前|快钱|立竿见影|short[- ]?term|quick wins?|quick money|fast cash", 1.2),
            ("长期价值|长远|可持续|long[- ]?term (?:\\w+ )?value|sustainab|long run", 0.9),
            ("平衡|取舍|权衡|balance|trade-?off|versus|vs\\.?", 0.6),
            ("蓄水池|灌溉|引水渠|生态共建|ecosystem|reservoir", 0.8),
            ("流量采购|买流量|买量|冲业绩|冲量|buy(?:ing)? traffic", 0.6),
            ("回本|回报周期|前期(?:投入|亏)|初期投入|pays? back|payback|upfront|lose money at first", 0.6),
        ),
    ),
    IntentSpec(
        "coupon_fraud",
        title=("优惠券与异业发券防刷", "coupon abuse in cross-promotions"),
        next_steps={
            None: (
                [
                    "每个合作方发带标识的渠道专属码",
                    "上线防刷：设备指纹、行为轨迹等 {fraud_dimensions} 个维度",
                    "实时追踪核销率和客单价，按渠道复盘",
                ],
                [
                    "Give every partner its own tagged channel code",
                    "Turn on anti-fraud checks: device fingerprint, behaviour trail and the other {fraud_dimensions} dimensions",
                    "Track redemption rate and order value per channel in real time",
                ],
            ),
        },
        cues=(
            ("优惠券|优惠卷|券|折扣码|红包|coupons?|cupons?|vouchers?|promo codes?|discount codes?", 1.3),
            ("黄牛|薅羊毛|薅|刷单|羊毛党|scalp|fraud|abuse|farm(?:ing|ers)?|bots?", 1.2),
            (
                "核销|防刷|设备指纹|行为轨迹|渠道专属码|专属码|redemption|fingerprint|tracking code|channel code",
                1.0,
            ),
            ("异业|联合促销|cross[- ]promo|co-promotion", 0.4),
        ),
    ),
    IntentSpec(
        "methodology",
        title=("资源整合方法论", "the resource-integration method"),
        next_steps={
            None: (
                [
                    "按“点状连接 → 链式编织 → 生态构建”判断自己所处阶段",
                    "新人可按 {learning_split} 学习法推进",
                    "在“打法手册”页按章节阅读并做测验",
                ],
                [
                    "Place yourself on the point → chain → ecosystem model",
                    "New hires can follow the {learning_split} learning path",
                    "Read the Playbook page chapter by chapter and take the quiz",
                ],
            ),
        },
        cues=(
            (
                "[123]\\.0\\s?(?:模式|时代|阶段|版本|era|model|stage|phase)|1\\.0\\s?(?:到|至|→|->|to)\\s?3\\.0|从1\\.0",
                1.0,
            ),
            ("三阶|三个阶段|三段|three[- ]stage|three stages|stages? of", 0.8),
            ("演进|进化|发展史|历史演变|evolution|evolve|history of", 0.8),
            ("误区|误解|misconception|myth|mistake people make", 1.0),
            ("方法论|模型|框架|底层逻辑|methodology|framework|the model|principles?", 0.8),
            ("新人|入门|学习|怎么学|721|新手|培训|newbie|new hire|onboard|learn|beginner|junior|study", 1.0),
            ("点状连接|链式编织|生态构建|流量置换|资源杠杆|资源图谱|point connection|chain weaving", 1.0),
            ("总结|核心思想|终极|summary|summari[sz]e|key takeaway|in a nutshell|超级节点|super node", 0.7),
            ("什么是资源整合|资源整合是什么|what is resource integration|explain resource integration", 1.0),
            ("根源|根本原因|问题出在哪|卡在哪|root cause|traffic swap|resource leverage", 0.8),
            ("行动清单|action list|checklist|roadmap", 0.6),
        ),
    ),
    IntentSpec(
        "deal_lookup",
        title=("查询历史合作", "looking up past deals"),
        next_steps={
            None: (
                ["在“历史合作”页按合作方、品类、结果筛选", "把新合作的结果补录进去，方便下次参考"],
                [
                    "Filter the Deal history page by partner, category and outcome",
                    "Record new deals there so the next answer can use them",
                ],
            ),
        },
        cues=(
            (
                "以前|之前|历史|过去|往期|上次|当年|previous(?:ly)?|in the past|last time|history|historical",
                0.7,
            ),
            ("合作记录|案例库|成交记录|deal history|past deals?|track record with|record of", 1.1),
            (
                "怎么样了|结果如何|结果怎么样|最后怎么样|后来|what happened|how did .* go|outcome|ended up",
                1.0,
            ),
            (
                "how did (?:they|it|that|those|these) (?:end|go|turn out)|have we (?:done|had|signed|run) (?:any|a)",
                0.8,
            ),
            (
                "我们和.{1,12}(?:合作过|谈过)|有没有和|did we (?:ever )?(?:work|partner|deal) with|have we worked",
                1.1,
            ),
            ("查一下|查查|找一下|列出|show me|list (?:all|our|the)|look up|find (?:the|our)|pull up", 0.7),
            (
                "哪几单|哪一单|那单|那一单|案例有哪些|有哪些案例|合作过几次|which (?:past )?deals?|the deal where",
                0.6,
            ),
        ),
    ),
    IntentSpec(
        "out_of_scope",
        title=("其他问题", "something else"),
    ),
)
