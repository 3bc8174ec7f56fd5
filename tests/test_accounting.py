"""Every number of a question is accounted for: a tool input, a period, a threshold asked about, or named
back to the user; the answer JSON lists the ones that are no input."""

from __future__ import annotations

import pytest

from assistant.engine import Engine
from assistant.understanding.accounting import account, unused_numbers
from assistant.understanding.slots import extract_slots


@pytest.fixture
def engine(fake_engine: Engine) -> Engine:
    return fake_engine


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("合作方有4个成功案例，匹配度65%，ROI 1:3.5，值得长期投入吗？", ["input", "input", "input"]),
        ("匹配度超过60%算合格吗？", ["threshold"]),
        ("RUE连续两周分别38%和35%", ["period", "input", "input"]),
        ("舆情指数下降了35%，怎么办", ["input"]),  # the drop is the sentiment series [100, 65]
        ("The partner asks 20% commission; 35% of our buyers are repeat customers.", ["input", "unknown"]),
        ("They want 18% commission. Average for our category is 15%, margin 50%.", ["input"] * 3),
    ],
)
def test_each_number_gets_a_role(text: str, roles: list[str]) -> None:
    assert [u.role for u in account(text, extract_slots(text))] == roles


def test_a_number_in_a_cue_word_is_no_figure() -> None:
    text = "雷达图六项平均分75，这个合作方怎么样"
    assert [(u.text, u.role) for u in account(text, extract_slots(text))] == [("75", "input")]


def test_unused_numbers_are_the_thresholds_and_the_unknown() -> None:
    text = "They want 18% commission, margin 50%; our rival got 12% last year."
    assert [(u.text, u.role) for u in unused_numbers(text, extract_slots(text))] == [("12%", "unknown")]


def test_an_unknown_number_is_named_back_with_what_it_could_be(engine: Engine) -> None:
    a = engine.answer("The partner asks 20% commission; 35% of our buyers are repeat customers. Counter?")
    assert a.unused_numbers == [{"text": "35%", "value": 35.0, "role": "unknown", "unit": "pct"}]
    assert "I could not tell what 35% refers to" in a.answer
    assert "industry average" in a.answer  # one of the inputs it could be (the benchmark filled it)
    assert a.contract()["unused_numbers"] == a.unused_numbers


def test_a_question_whose_numbers_are_all_used_names_none_back(engine: Engine) -> None:
    a = engine.answer("合作方有4个成功案例，匹配度65%，ROI 1:3.5，值得长期投入吗？")
    assert a.unused_numbers == [] and "没能确定" not in a.answer


def test_a_threshold_question_lists_the_threshold_but_does_not_ask_about_it(engine: Engine) -> None:
    a = engine.answer("匹配度超过60%算合格吗？")
    assert [n["role"] for n in a.unused_numbers] == ["threshold"] and "没能确定" not in a.answer
