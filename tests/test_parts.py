"""Multi-part questions: the split into statements and questions, the parts and the statements each gets, and
the engine answering each part (its own verdict) or saying plainly why a part was not answered."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.answering.parts import Clause, plan_parts, split_message
from assistant.engine import Engine

TWO_PART_ZH = (
    "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5；对方还要50%佣金，行业平均25%，"
    "值得长期投吗？佣金怎么还价？"
)
TWO_PART_EN = (
    "The partner has 4 verified cases, 65% audience match and ROI 1:3.5. They also want 50% commission "
    "while the market rate is 25%. Is it worth a long-term deal? And how do we counter the commission?"
)
TWO_PART_EN_UNSURE = (  # "What do we counter?" alone routes to the commission, but unsure
    "Partner X: 3 verified cases, audience match 60%, ROI 1:2.4; they also want 50% commission. "
    "Worth a long-term deal? What do we counter?"
)
FIELDS = {
    "partner_worth": frozenset({"verified_cases", "audience_match_pct", "roi"}),
    "unreasonable_demand": frozenset({"demanded_pct", "industry_avg_pct", "gross_margin_pct"}),
}


def _intent_of(q: str) -> str | None:
    if "投" in q or "worth" in q.lower():
        return "partner_worth"
    if "佣金" in q or "commission" in q or "谈" in q:
        return "unreasonable_demand"
    if "天气" in q or "weather" in q:
        return "out_of_scope"
    return None


def _slots_of(statement: str) -> set[str]:
    out = set()
    if "案例" in statement or "cases" in statement:
        out |= {"verified_cases", "roi"}
    if "佣金" in statement or "commission" in statement:
        out |= {"demanded_pct", "industry_avg_pct"}
    return out


def _guess_of(q: str) -> str | None:
    """What an unsure question leans to (the router's best intent)."""
    return "unreasonable_demand" if "counter" in q or "为什么" in q or "答应" in q else "partner_worth"


def _plan(message: str, language: str = "zh", guess: bool = True) -> Any:
    fields = lambda i: FIELDS.get(i, frozenset())  # noqa: E731
    return plan_parts(message, language, _intent_of, fields, _slots_of, _guess_of if guess else None)


def test_statements_and_questions_in_order() -> None:
    assert split_message(TWO_PART_ZH) == [
        Clause("合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5；", False),
        Clause("对方还要50%佣金，行业平均25%，", False),
        Clause("值得长期投吗？", True),
        Clause("佣金怎么还价？", True),
    ]
    assert [c.question for c in split_message(TWO_PART_EN)] == [False, False, True, True]
    assert split_message("ROI 1.5 vs 3.2. Which is better?") == [
        Clause("ROI 1.5 vs 3.2.", False),
        Clause("Which is better?", True),
    ], "a decimal point is no sentence end"
    numbered = split_message("背景：对方要50%佣金\n1. 值得投吗？\n2) 佣金怎么谈？")
    assert [c.text for c in numbered if c.question] == ["值得投吗？", "佣金怎么谈？"]
    also = split_message("Is the partner worth it, and also how do we counter their commission?")
    assert [c.text for c in also] == [
        "Is the partner worth it",
        "and also how do we counter their commission?",
    ]
    assert all(c.question for c in also)
    assert [c.text for c in split_message("值得投吗，另外佣金怎么谈？") if c.question] == [
        "值得投吗",
        "另外佣金怎么谈？",
    ]


def test_each_part_gets_the_numbers_its_tools_take() -> None:
    parts = _plan(TWO_PART_ZH)
    assert parts is not None and [p.intent for p in parts] == ["partner_worth", "unreasonable_demand"]
    worth, counter = parts
    assert worth.question == "值得长期投吗？" and counter.question == "佣金怎么还价？"
    assert worth.text == "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5；值得长期投吗？"
    assert counter.text == "对方还要50%佣金，行业平均25%。佣金怎么还价？"
    en = _plan(TWO_PART_EN, "en")
    assert en is not None and en[1].text.startswith("They also want 50% commission")
    assert "4 verified cases" in en[0].text and "50%" not in en[0].text


def test_an_unsure_question_whose_numbers_are_another_tools_is_its_own_part() -> None:
    assert _plan(TWO_PART_EN_UNSURE, "en", guess=False) is None, "without a guess it leans on part 1"
    parts = _plan(TWO_PART_EN_UNSURE, "en")
    assert parts is not None and [p.intent for p in parts] == ["partner_worth", "unreasonable_demand"]
    assert [p.question for p in parts] == ["Worth a long-term deal?", "What do we counter?"]
    assert parts[1].text == "they also want 50% commission. What do we counter?"
    assert "50%" not in parts[0].text and "3 verified cases" in parts[0].text
    # an unsure question still leans on the one before when the numbers are that part's own
    assert _plan("对方要50%佣金，怎么谈？为什么？") is None
    assert _plan("对方要50%佣金，行业平均25%，怎么谈？要不要答应？") is None
    assert _plan("合作方有4个案例，ROI 1:3.5，值得投吗？为什么？") is None, "no commission number given"


def test_one_question_or_one_topic_is_not_split() -> None:
    assert _plan("合作方有4个案例，ROI 1:3.5，值得长期投入吗？") is None
    assert _plan("值得投吗？要不要长期投？") is None, "two questions on one topic are one part"
    assert _plan("对方要50%佣金，怎么谈？为什么？") is None, "an unsure question leans on the one before"
    assert _plan("？" * 12) is None
    many = "".join(f"第{i}个值得投吗？佣金怎么谈？" for i in range(3))
    assert _plan(many) is None, "more than MAX_PARTS questions is a pasted list"


def test_a_statement_without_numbers_goes_to_every_part() -> None:
    parts = _plan("我们是个小品牌。值得投吗？佣金怎么谈？今天天气怎么样？")
    assert parts is not None and [p.intent for p in parts] == [
        "partner_worth",
        "unreasonable_demand",
        "out_of_scope",
    ]
    assert all(p.text.startswith("我们是个小品牌。") for p in parts)


# -- the engine --------------------------------------------------------------------------------------
def test_the_engine_answers_each_part_with_its_own_verdict(real_engine: Engine) -> None:
    answer = real_engine.answer(TWO_PART_ZH)
    assert [p.question for p in answer.parts] == ["值得长期投吗?", "佣金怎么还价?"]
    assert [p.intent for p in answer.parts] == ["partner_worth", "unreasonable_demand"]
    assert [(c.name, c.output["verdict"]) for p in answer.parts for c in p.tool_calls] == [
        ("assess_partner", "recommended"),
        ("counter_offer", "unreasonable"),
    ]
    assert answer.parts[1].tool_calls[0].input["demanded_pct"] == 50
    assert "**第 1 问：值得长期投吗?**" in answer.answer and "**第 2 问：佣金怎么还价?**" in answer.answer
    assert answer.intent == "partner_worth" and len(answer.tool_calls) == 2
    contract = json.loads(json.dumps(answer.contract(), ensure_ascii=False))
    assert [p["intent"] for p in contract["parts"]] == ["partner_worth", "unreasonable_demand"]
    assert contract["parts"][1]["tool_calls"][0]["output"]["verdict"] == "unreasonable"

    en = real_engine.answer(TWO_PART_EN)
    assert [c.name for p in en.parts for c in p.tool_calls] == ["assess_partner", "counter_offer"]


def test_a_later_unsure_part_with_its_own_numbers_is_answered_on_its_own(real_engine: Engine) -> None:
    answer = real_engine.answer(TWO_PART_EN_UNSURE)
    assert [p.question for p in answer.parts] == ["Worth a long-term deal?", "What do we counter?"]
    assert [(c.name, c.output["verdict"]) for p in answer.parts for c in p.tool_calls] == [
        ("assess_partner", "not_recommended"),
        ("counter_offer", "unreasonable"),
    ]
    assert answer.parts[1].tool_calls[0].input["demanded_pct"] == 50, "the commission is not dropped"
    assert "**Question 2: What do we counter?**" in answer.answer


def test_a_part_that_cannot_be_answered_says_so(real_engine: Engine) -> None:
    answer = real_engine.answer("合作方ROI 1:3.5，值得投吗？今天天气怎么样？")
    assert len(answer.parts) == 2
    assert "第 2 问（未回答）" in answer.answer and "不在合作谈判的范围内" in answer.parts[1].answer


def test_a_single_question_is_answered_as_before(real_engine: Engine) -> None:
    answer = real_engine.answer("对方要50%的佣金，行业平均25%，我们毛利率60%，怎么还价？要不要答应？")
    assert answer.parts == [] and "parts" not in answer.contract()
    assert [c.name for c in answer.tool_calls] == ["counter_offer"]


def test_streaming_gives_each_part_before_the_whole(real_engine: Engine) -> None:
    items = list(real_engine.stream(TWO_PART_EN))
    kinds = ["text" if isinstance(i, str) else ("part" if i.question else "whole") for i in items]
    assert kinds[-1] == "whole" and kinds.count("part") == 2
    assert kinds.index("part") < len(kinds) - 2, "the first part arrives before the second is answered"


@pytest.fixture(scope="module")
def real_engine(real_index: Any) -> Engine:
    from assistant.backends import make_engine

    engine = make_engine(real_index)
    assert isinstance(engine, Engine)
    return engine
