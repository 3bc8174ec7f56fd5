"""Lexical intent signals, out-of-scope hints and language detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.understanding.lexicon import INTENT_NAMES as INTENTS
from assistant.understanding.lexicon import detect_language, is_out_of_scope_hint, lexical_signals

SIGNALS = [
    ("这个KOL值不值得长期合作？画像重合度怎么看", "partner_worth"),
    ("Is this agency worth a long-term partnership?", "partner_worth"),
    ("我们是小品牌，怎么借力大品牌的渠道", "small_brand_leverage"),
    ("How can a tiny brand piggyback on a big brand's stores?", "small_brand_leverage"),
    ("短期赚快钱和长期价值怎么取舍", "short_vs_long_term"),
    ("quick wins now or long-term value, how do we balance?", "short_vs_long_term"),
    ("达人要40%的抽成，太高了怎么还价", "unreasonable_demand"),
    ("They want a 45% commission, how do we push back?", "unreasonable_demand"),
    ("合作方怀疑我们的流量扶持是假的", "trust_crisis"),
    ("We guaranteed an ROI and missed it, how much compensation in ad slots?", "trust_crisis"),
    ("GMV到多少能解锁专场资源包", "trust_crisis"),
    ("头部主播突然解约了，备选方案是什么", "partner_exit"),
    ("Our biggest partner just pulled out, what's plan B?", "partner_exit"),
    ("RUE连续两周只有35%，要预警吗", "risk_warning"),
    ("sentiment index dropped sharply, do we trigger the alert?", "risk_warning"),
    ("年底要清退一批低效合作方，怎么排名", "partner_portfolio"),
    ("How should we allocate 800 leads across dealers?", "partner_portfolio"),
    ("优惠券被黄牛薅光了", "coupon_fraud"),
    ("scalpers keep abusing our promo codes", "coupon_fraud"),
    ("资源整合的三个阶段分别是什么，新人怎么学", "methodology"),
    ("What are the common misconceptions about resource integration?", "methodology"),
    ("我们以前和美妆类KOL的合作结果如何", "deal_lookup"),
    ("What happened with our past deals with MCN agencies?", "deal_lookup"),
]


@pytest.mark.parametrize(("text", "intent"), SIGNALS)
def test_each_intent_gets_its_signal(text: str, intent: str) -> None:
    signals = lexical_signals(text)
    assert set(signals) == set(INTENTS)
    assert signals[intent] > 0.3
    assert max(signals, key=lambda k: signals[k]) == intent


def test_signals_are_bounded_and_empty_text_is_neutral() -> None:
    assert all(v == 0 for v in lexical_signals("").values())
    assert all(0 <= v < 1 for v in lexical_signals("佣金 抽成 commission 分成 扣点 太高 还价").values())


@pytest.mark.parametrize(
    "text",
    [
        "Tell me a joke about dogs",
        "明天上海天气怎么样",
        "给我一个红烧肉的菜谱",
        "write a python function to reverse a list",
        "帮我写一首关于春天的诗",
        "Who won the football match yesterday?",
        "把这句话翻译成法语",
    ],
)
def test_out_of_scope_hints(text: str) -> None:
    assert is_out_of_scope_hint(text)
    assert lexical_signals(text)["out_of_scope"] > 0.5


@pytest.mark.parametrize(
    "text",
    [
        "合作方要50%佣金怎么办",
        "write a script to compute partner ROI from our deal history",
        "What's the weather like for our partnership with the MCN?",
        "小品牌怎么撬动大品牌资源",
        "",
    ],
)
def test_domain_questions_are_not_out_of_scope(text: str) -> None:
    assert not is_out_of_scope_hint(text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("这个合作方值得长期投入吗？", "zh"),
        ("Is this partner worth it?", "en"),
        ("这个partner的ROI是1:3，worth it吗", "zh"),
        ("GMV做到了45万，brand pack解锁了吗", "zh"),
        ("What does 对赌 mean in a partnership deal?", "en"),
        ("ROI 1:3", "en"),
        ("12345", "en"),
        ("", "en"),
        ("合作方 wants 50% commission", "zh"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    assert detect_language(text) in {"zh", "en"}
    assert set(lexical_signals(text)) == set(INTENTS)
    assert isinstance(is_out_of_scope_hint(text), bool)
