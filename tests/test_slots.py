"""Slot extraction: numbers reach the right tool fields from cue words in Chinese and English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.understanding.slots import SLOT_FIELDS, extract_slots, merge_slots

CASES: list[tuple[str, dict[str, object]]] = [
    # assess_partner
    (
        "这个合作方有4个可验证的成功案例，用户画像匹配度65%，ROI是1:3.5，值得长期投入吗？",
        {"verified_cases": 4, "audience_match_pct": 65, "roi": 3.5},
    ),
    (
        "The partner has 5 verified cases, 55% audience match and ROI 1:4. Worth it?",
        {"verified_cases": 5, "audience_match_pct": 55, "roi": 4},
    ),
    (
        "合作方案例3个、匹配度70%、投入产出比1:2.5，雷达图总分75，能深度合作吗？",
        {"verified_cases": 3, "audience_match_pct": 70, "roi": 2.5, "radar_total": 75},
    ),
    ("only 2 success stories", {"verified_cases": 2}),
    ("三个成功案例", {"verified_cases": 3}),
    ("案例3个", {"verified_cases": 3}),
    (
        "合作方有三个案例，匹配度六成五，投产比一比三",
        {"verified_cases": 3, "audience_match_pct": 65, "roi": 3},
    ),
    (
        "Partner X: two verified cases, audience overlap 61 percent, ROI of 3.0",
        {"verified_cases": 2, "audience_match_pct": 61, "roi": 3},
    ),
    ("重合度大概72%", {"audience_match_pct": 72}),
    ("audience overlap of 58%", {"audience_match_pct": 58}),
    ("ROI 1:2.8 has 6 cases, 80% match", {"verified_cases": 6, "audience_match_pct": 80, "roi": 2.8}),
    ("ROI是1:3.5", {"roi": 3.5}),
    ("ROI 1:4", {"roi": 4}),
    ("投入产出比1比2", {"roi": 2}),
    ("return of 2.8x", {"roi": 2.8}),
    ("ROI只有2.5", {"roi": 2.5}),
    ("雷达图总分75", {"radar_total": 75}),
    ("雷达六项平均78", {"radar_total": 78}),
    ("radar score 72", {"radar_total": 72}),
    (
        "雷达总分68分，案例5个，匹配度80%，ROI 1:4",
        {"verified_cases": 5, "audience_match_pct": 80, "roi": 4, "radar_total": 68},
    ),
    # counter_offer
    (
        "对方要求50%佣金分成，行业平均是25%，我们毛利率55%，怎么回应？",
        {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 55},
    ),
    (
        "A partner is asking for 30% commission, the industry average is 25%, our margin is 60%.",
        {"demanded_pct": 30, "industry_avg_pct": 25, "gross_margin_pct": 60},
    ),
    ("要抽40个点", {"demanded_pct": 40}),
    ("他们要抽四成，行业平均两成五", {"demanded_pct": 40, "industry_avg_pct": 25}),
    ("market rate 20%", {"industry_avg_pct": 20}),
    ("预计GMV 100万", {"expected_gmv": 1_000_000}),
    (
        "对方要40%佣金，行业25%，毛利60%，净利至少留15%，预计GMV 80万",
        {
            "demanded_pct": 40,
            "industry_avg_pct": 25,
            "gross_margin_pct": 60,
            "min_net_margin_pct": 15,
            "expected_gmv": 800_000,
        },
    ),
    (
        "The KOL agency wants a 45% cut; typical is 20%; gross margin 50%; expected GMV 2m",
        {"demanded_pct": 45, "industry_avg_pct": 20, "gross_margin_pct": 50, "expected_gmv": 2_000_000},
    ),
    (
        "partner asks 35% commission, market 25%, margin 40%, we need to keep a 12% net margin minimum",
        {"demanded_pct": 35, "industry_avg_pct": 25, "gross_margin_pct": 40, "min_net_margin_pct": 12},
    ),
    # performance_bet
    ("承诺ROI 1:3 实际只做到1:2.4", {"promised_roi": 3, "actual_roi": 2.4}),
    (
        "We promised ROI 1:3 and delivered 1:2.4 on a 1,000,000 spend.",
        {"promised_roi": 3, "actual_roi": 2.4, "spend": 1_000_000},
    ),
    ("在100万的投放上", {"spend": 1_000_000}),
    ("投了50万", {"spend": 500_000}),
    (
        "我们承诺了1:3的ROI，结果只有1:2.4，投放100万，要补多少广告位",
        {"promised_roi": 3, "actual_roi": 2.4, "spend": 1_000_000},
    ),
    ("对赌ROI 3，实际2.1，投了80万，补偿多少", {"promised_roi": 3, "actual_roi": 2.1, "spend": 800_000}),
    (
        "We guaranteed a 3x return on $500k spend but only got 2x. What do we owe?",
        {"promised_roi": 3, "actual_roi": 2, "spend": 500_000},
    ),
    # incentive_tier
    ("带货GMV做到了45万，品牌专场资源包解锁了吗？", {"gmv": 450_000}),
    ("GMV hit 520k", {"gmv": 520_000}),
    ("GMV才做到三十万，离专场还差多少", {"gmv": 300_000}),
    ("our live session did 600k in GMV, did we unlock the brand pack?", {"gmv": 600_000}),
    # risk_check
    ("资源利用率两周分别38%和36%，要不要启动优化", {"weekly_rue_pct": [38, 36]}),
    ("两周分别38%和36%", {"weekly_rue_pct": [38, 36]}),
    ("RUE上周39%，这周37%", {"weekly_rue_pct": [39, 37]}),
    ("RUE was 39% last week and 37% this week", {"weekly_rue_pct": [39, 37]}),
    ("our utilization rate: 41%, 39%", {"weekly_rue_pct": [41, 39]}),
    ("合作方舆情指数从100降到了65", {"sentiment": [100, 65]}),
    ("sentiment fell from 80 to 60", {"sentiment": [80, 60]}),
    ("舆情 90→70→55", {"sentiment": [90, 70, 55]}),
    ("舆情指数下降了35%，要启动预案吗", {"sentiment": [100, 65]}),
    ("渠道ROI连续两个月是2.5和2.6，行业基准3.0，要调整吗？", {"monthly_roi": [2.5, 2.6], "benchmark_roi": 3}),
    ("monthly ROI 1.9 then 2.0 against a benchmark of 3", {"monthly_roi": [1.9, 2.0], "benchmark_roi": 3}),
    ("渠道ROI这个月1.9，上个月2.0，行业基准3", {"monthly_roi": [2.0, 1.9], "benchmark_roi": 3}),
    ("最大的合作方占了45%的流量", {"partner_shares_pct": [45]}),
    ("one partner brings 52% of GMV", {"partner_shares_pct": [52]}),
    ("三个渠道占比50%、30%、20%", {"partner_shares_pct": [50, 30, 20]}),
    ("我们60%的GMV来自一个达人", {"partner_shares_pct": [60]}),
    # leads
    ("1000条线索", {"total_leads": 1000}),
    ("allocate 500 leads", {"total_leads": 500}),
    ("we have 1,200 leads to split across 3 dealers", {"total_leads": 1200}),
    # more phrasings
    (
        "hey, partner X: 4 wins we can verify, ~66% overlap w/ our audience, roi 3.4x. lock them in long term?",
        {"verified_cases": 4, "audience_match_pct": 66, "roi": 3.4},
    ),
    (
        "商家要抽佣28%，同类目平均18%，我们毛利率32%，最低净利要10%",
        {"demanded_pct": 28, "industry_avg_pct": 18, "gross_margin_pct": 32, "min_net_margin_pct": 10},
    ),
    ("promised roas 3, actual 2.25, budget 400k", {"promised_roi": 3, "actual_roi": 2.25, "spend": 400_000}),
    ("带货做了四十八万，专场资源包还差多少", {"gmv": 480_000}),
    ("past 3 weeks utilization 52% → 41% → 38%", {"weekly_rue_pct": [52, 41, 38]}),
    ("舆情指数三个月前是88，现在是58", {"sentiment": [88, 58]}),
    ("top partner takes 38% of our traffic", {"partner_shares_pct": [38]}),
    ("Our 3 biggest partners: 40%, 20%, 10% of GMV", {"partner_shares_pct": [40, 20, 10]}),
    ("流量的一半来自同一个合作方", {"partner_shares_pct": [50]}),
    (
        "They have no verified cases yet, 70% match, ROI 1:5",
        {"verified_cases": 0, "audience_match_pct": 70, "roi": 5},
    ),
    (
        "Channel ROI came in at 1:1.5 then 1:1.8 over the last two months; the industry benchmark is 1:3.",
        {"monthly_roi": [1.5, 1.8], "benchmark_roi": 3},
    ),
    ("sentiment 75 -> 50 over a month", {"sentiment": [75, 50]}),
    ("we did 3 pilots with them; audience match 64; ROI 1:2.6", {"audience_match_pct": 64, "roi": 2.6}),
    # invalid values pass through for the tool to reject
    ("匹配度是200%，ROI是-1，值得合作吗？", {"audience_match_pct": 200, "roi": -1}),
    ("5 cases, match -10%, ROI 1:3", {"verified_cases": 5, "audience_match_pct": -10, "roi": 3}),
    # typos and loose spacing
    ("匹配读65%，RIO 1:3.5，案列4个", {"verified_cases": 4, "audience_match_pct": 65, "roi": 3.5}),
    ("案例 4 个 , 匹配度 65 % , ROI 3.5", {"verified_cases": 4, "audience_match_pct": 65, "roi": 3.5}),
    ("matching 65 %, roi 3.5 , 4 cases", {"verified_cases": 4, "audience_match_pct": 65, "roi": 3.5}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_slots(text: str, expected: dict[str, object]) -> None:
    assert extract_slots(text) == expected


def test_radar_dimensions_zh() -> None:
    got = extract_slots(
        "品牌势能80，用户质量75，渠道能力60，内容能力70，履约能力85，合作口碑90，值得深度合作吗"
    )
    assert got == {
        "radar": {
            "brand_momentum": 80,
            "user_quality": 75,
            "channel_capability": 60,
            "content_capability": 70,
            "fulfillment": 85,
            "reputation": 90,
        }
    }


def test_radar_dimensions_en_short_names_on_radar_context() -> None:
    got = extract_slots(
        "Radar: brand 80, users 70, channel 60, content 50, delivery 90, reputation 85. Worth it?"
    )
    assert got["radar"] == {
        "brand_momentum": 80,
        "user_quality": 70,
        "channel_capability": 60,
        "content_capability": 50,
        "fulfillment": 90,
        "reputation": 85,
    }


def test_short_dimension_words_need_radar_context() -> None:
    assert "radar" not in extract_slots("渠道ROI连续两个月是2.5和2.6")


@pytest.mark.parametrize(
    "text",
    [
        "超过60%算合格吗",
        "is 1:3 the bar?",
        "Why is ROI 1:3 the benchmark?",
        "3个以上案例才算合格吗",
        "ROI 1比3的基准线是怎么来的",
        "匹配度要超过60%是什么意思",
        "RUE连续两周低于40%怎么办",
        "What should we do when RUE drops below 40% for two weeks?",
        "当合作方舆情指数下降30%时要做什么",
        "ROI连续两月低于行业基准的70%需要调整吗",
        "Does an audience match above 60% qualify?",
        "判断合作方值不值得长期投入，看哪些指标？",
        "资源整合从1.0到3.0是怎么演进的？",
        "2015年到2021年资源整合怎么演进",
        "核心合作方突然终止合作，30分钟内要做什么",
    ],
)
def test_rule_statements_and_plain_questions_give_no_data(text: str) -> None:
    assert extract_slots(text) == {}


def test_a_reputation_among_peers_is_no_industry_average() -> None:
    """业内 names the industry's average only as a rate: 业内风评 85 is a reputation score, 业内一般 20% a rate."""
    assert "industry_avg_pct" not in extract_slots("品牌声量88、粉丝质量63、业内风评85，够资格深度绑定吗？")
    assert extract_slots("对方要30%，业内一般20%")["industry_avg_pct"] == 20.0


def test_outlets_by_their_close_rate() -> None:
    slots = extract_slots("289个客资怎么派：朝阳店成交率25%、星级3.5；江北店成交率10%、星级3.2")
    assert slots["outlets"] == [
        {"name": "朝阳店", "conversion_pct": 25.0, "rating": 3.5},
        {"name": "江北店", "conversion_pct": 10.0, "rating": 3.2},
    ]


def test_series_follow_time_words() -> None:
    assert extract_slots("RUE 45% this week, 50% last week") == {"weekly_rue_pct": [50, 45]}
    assert extract_slots("RUE这周36%，上周38%，上上周45%") == {"weekly_rue_pct": [45, 38, 36]}
    assert extract_slots("partner sentiment index: 60 two weeks ago, 58 last week, 40 now") == {
        "sentiment": [60, 58, 40]
    }


def test_guarantee_money_without_cue_is_the_spend() -> None:
    assert extract_slots("guaranteed 4x ROAS on 300k, delivered 3.2x") == {
        "promised_roi": 4,
        "actual_roi": 3.2,
        "spend": 300_000,
    }


def test_gmv_in_a_commission_talk_is_the_expected_gmv() -> None:
    got = extract_slots(
        "we're at 40% gross margin, they want 35%, market's at 20%, expecting about 1.5 million GMV"
    )
    assert got["expected_gmv"] == 1_500_000 and "gmv" not in got


def test_data_below_a_rule_still_counts() -> None:
    assert extract_slots("RUE两周分别38%和36%，都低于40%了") == {"weekly_rue_pct": [38, 36]}


def test_bounds_are_not_exact_values() -> None:
    # "above 70%" or "3个以上" is not a measurement: the engine must ask for the exact figure.
    assert extract_slots("匹配度超过70%，ROI 1:4，5个案例") == {"verified_cases": 5, "roi": 4}
    assert extract_slots("匹配度超过60%了，案例也有3个以上，ROI达到了1:3") == {"roi": 3}
    assert extract_slots("They have more than 3 cases and an ROI below 1:2") == {}


def test_changes_are_not_levels() -> None:
    assert extract_slots("资源匹配效率提升70%是怎么算的") == {}
    assert extract_slots("GMV grew 20% last month") == {}


def test_requirements_are_rules() -> None:
    assert extract_slots("ROI需要达到1:3吗") == {}
    assert extract_slots("Does ROI need to be at least 3?") == {}


def test_min_net_margin_keeps_its_bound() -> None:
    assert extract_slots("净利率至少要留15%") == {"min_net_margin_pct": 15}


def test_single_roi_with_benchmark_also_fills_monthly_series() -> None:
    assert extract_slots("ROI 2.1，行业基准3") == {"roi": 2.1, "monthly_roi": [2.1], "benchmark_roi": 3}
    assert extract_slots("这个月ROI 2.1，行业基准3") == {"monthly_roi": [2.1], "benchmark_roi": 3}


def test_roi_without_cue_word() -> None:
    assert extract_slots("能做到1:3.2吗，合作方有4个案例") == {"verified_cases": 4, "roi": 3.2}


def test_int_fields_are_ints() -> None:
    got = extract_slots("5 verified cases and 800 leads")
    assert got == {"verified_cases": 5, "total_leads": 800}
    assert all(isinstance(v, int) for v in got.values())


def test_only_known_fields() -> None:
    got = extract_slots("承诺ROI 1:3，实际1:2，投了100万，GMV 60万，舆情从90降到50，三家占比50%、30%、20%")
    assert set(got) <= set(SLOT_FIELDS)


def test_merge_follow_up_replaces_values() -> None:
    first = extract_slots("合作方有5个成功案例，匹配度75%，ROI 1:4，值得投吗？")
    follow = extract_slots("那如果ROI只有2.5呢？")
    assert follow == {"roi": 2.5}
    assert merge_slots(first, follow) == {"verified_cases": 5, "audience_match_pct": 75, "roi": 2.5}
    assert merge_slots(first, extract_slots("and with only 2 cases?"))["verified_cases"] == 2


def test_merge_follow_up_in_guarantee_conversation() -> None:
    first = extract_slots("承诺ROI 1:3，实际1:2.4，投放100万")
    merged = merge_slots(first, extract_slots("那如果实际只做到1:2呢"))
    assert merged == {"promised_roi": 3, "actual_roi": 2, "spend": 1_000_000}


def test_merge_radar_per_dimension_and_empty_inputs() -> None:
    prev = {"radar": {"brand_momentum": 80, "reputation": 60}}
    assert merge_slots(prev, {"radar": {"reputation": 90}}) == {
        "radar": {"brand_momentum": 80, "reputation": 90}
    }
    assert merge_slots({}, {}) == {}
    assert merge_slots(prev, {}) == prev


@given(st.text(max_size=120))
def test_extract_slots_never_raises(text: str) -> None:
    got = extract_slots(text)
    assert set(got) <= set(SLOT_FIELDS)


@given(
    st.lists(
        st.sampled_from(
            [
                "ROI",
                "1:3",
                "匹配度",
                "65%",
                "案例",
                "3个",
                "承诺",
                "实际",
                "，",
                " ",
                "-1",
                "万",
                "周",
                "舆情",
                "从",
                "到",
            ]
        ),
        max_size=25,
    )
)
def test_extract_slots_never_raises_on_domain_fragments(parts: list[str]) -> None:
    extract_slots("".join(parts))
