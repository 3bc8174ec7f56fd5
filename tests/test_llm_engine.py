"""The LLM engine on the real knowledge with scripted fake models: answers, the guard, fallbacks, streaming."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage

from assistant.answering.answer import Answer
from assistant.backends import make_engine
from assistant.config import Settings
from assistant.engine import Engine, build_deps
from assistant.llm.engine import LLMEngine, failure_kind
from tests.support.models import GOOD, ScriptedChatModel, call

pytestmark = pytest.mark.slow
QUESTION = "这个合作方有4个可验证的成功案例，用户画像匹配度65%，ROI是1:3.5，值得长期投入吗？"
SEARCH = "合作方值得长期投入的标准"


@pytest.fixture(scope="module")
def grounded(real_index: Settings) -> Engine:
    return Engine(build_deps(real_index))


@pytest.fixture(scope="module")
def top_card(grounded: Engine) -> str:
    hits = grounded.deps.reader.search(SEARCH, k=4, language="zh")
    return next(h.id for h in hits if h.kind == "playbook")


def script(final: str | list[str], *extra: Any) -> list[Any]:
    finals = [final] if isinstance(final, str) else final
    first = [call("search_knowledge", {"query": SEARCH}, "s1"), call("assess_partner", GOOD, "a1")]
    return [*first, AIMessage(finals[0]), *extra, *[AIMessage(f) for f in finals[1:]]]


def run(engine: LLMEngine, streaming: bool, *args: Any) -> tuple[str, Answer]:
    if not streaming:
        return "", engine.answer(*args)
    items = list(engine.stream(*args))
    assert isinstance(items[-1], Answer) and all(isinstance(i, str) for i in items[:-1])
    return "".join(items[:-1]), items[-1]


@pytest.mark.parametrize("streaming", [False, True])
def test_a_supported_answer_keeps_the_tools_verdict_and_cites_what_was_retrieved(
    grounded: Engine, top_card: str, streaming: bool
) -> None:
    final = f"**结论：推荐**。4个可验证案例、匹配度65%、ROI 1:3.5，都达到3个、60%、1:3的标准 [{top_card}]。"
    model = ScriptedChatModel(script(final))
    shown, a = run(LLMEngine(grounded, model), streaming, QUESTION)
    assert a.backend == "llm" and a.answer == final and a.language == "zh"
    assert a.intent == grounded.answer(QUESTION).intent == "partner_worth"
    assert [(c.name, c.output["verdict"]) for c in a.tool_calls] == [("assess_partner", "recommended")]
    assert [c.id for c in a.citations] == [top_card] and a.citations[0].kind == "playbook"
    assert a.guard == {"unsupported_numbers": [], "action": "none"} and a.contract()["guard"] == a.guard
    assert a.slots.get("roi") == 3.5 and a.timings_ms["llm_1"] > 0
    if streaming:
        assert shown == final
    assert "简体中文" in model.seen[0][0].text  # the system prompt asks for the question's language


@pytest.mark.parametrize("streaming", [False, True])
def test_an_unsupported_number_is_named_and_the_answer_regenerated(grounded: Engine, streaming: bool) -> None:
    bad, good = "推荐，但ROI只有1:2.4。", "推荐：4个案例、65%、ROI 1:3.5。"
    model = ScriptedChatModel(script([bad, good]))
    shown, a = run(LLMEngine(grounded, model), streaming, QUESTION)
    assert a.answer == good and a.backend == "llm"
    assert a.guard == {"unsupported_numbers": ["1:2.4"], "action": "regenerated"}
    request = model.seen[-1][-1]
    assert request.type == "human" and "1:2.4" in request.text
    assert len(a.tool_calls) == 1 and a.tool_calls[0].ok
    if streaming:
        assert "2.4" not in shown and shown.endswith(good) and "核对数字" in shown


@pytest.mark.parametrize("streaming", [False, True])
def test_a_second_unsupported_answer_falls_back_to_the_grounded_answer(
    grounded: Engine, streaming: bool
) -> None:
    model = ScriptedChatModel(script(["ROI 1:2.4，不推荐。", "ROI 1:2.6，不推荐。"]))
    shown, a = run(LLMEngine(grounded, model), streaming, QUESTION)
    assert a.backend == "grounded" and a.guard["action"] == "fallback"
    assert a.guard["unsupported_numbers"] == ["1:2.4", "1:2.6"]
    assert a.answer.startswith("_大模型未能给出这次回答") and "2.6" not in a.answer.splitlines()[0]
    assert "llm_fallback:guard: 1:2.6" in a.notes
    assert [(c.name, c.output["verdict"]) for c in a.tool_calls] == [("assess_partner", "recommended")]
    if streaming:
        assert "1:2.4" not in shown and "1:2.6" not in shown and "**结论" in shown


@pytest.mark.parametrize("streaming", [False, True])
@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ConnectionError("endpoint down"), "unavailable"),
        (TimeoutError("slow"), "timeout"),
        (KeyError("x"), "error"),
    ],
)
def test_a_failing_model_gives_the_grounded_answer_with_a_visible_note(
    grounded: Engine, streaming: bool, error: Exception, kind: str
) -> None:
    shown, a = run(
        LLMEngine(grounded, ScriptedChatModel([error])), streaming, "ROI 1:3.5, 4 cases, 65% match: worth it?"
    )
    assert a.backend == "grounded" and a.answer.startswith("_The language model could not give this answer")
    assert any(n.startswith(f"llm_fallback:{kind}") for n in a.notes)
    assert a.tool_calls[0].output["verdict"] == "recommended"
    if streaming:
        assert shown.strip().startswith("_The language model")


def test_tool_arguments_that_are_never_corrected_fall_back(grounded: Engine) -> None:
    bad = {**GOOD, "audience_match_pct": 165}
    model = ScriptedChatModel([call("assess_partner", bad), AIMessage("推荐。")])
    a = LLMEngine(grounded, model).answer(QUESTION)
    assert a.backend == "grounded" and any(n.startswith("llm_fallback:tool_input") for n in a.notes)
    assert "工具参数始终无效" in a.answer


def test_history_reaches_the_model_and_its_numbers_count_as_the_users(grounded: Engine) -> None:
    history = [
        {"role": "user", "content": "合作方有5个成功案例，匹配度75%，ROI 1:4，值得投吗？"},
        {"role": "assistant", "content": "推荐。"},
    ]
    args = {"verified_cases": 5, "audience_match_pct": 75, "roi": 2.5}
    final = "不推荐：5个案例和75%都够，但ROI 2.5低于3。"
    model = ScriptedChatModel([call("assess_partner", args), AIMessage(final)])
    a = LLMEngine(grounded, model).answer("那如果ROI只有2.5呢？", history)
    assert a.answer == final and a.intent == "partner_worth" and a.guard["action"] == "none"
    assert [m.type for m in model.seen[0]] == ["system", "human", "ai", "human"]
    assert a.tool_calls[0].output["verdict"] == "not_recommended"


def test_out_of_scope_and_empty_questions_are_answered_without_the_model(grounded: Engine) -> None:
    model = ScriptedChatModel([])
    engine = LLMEngine(grounded, model)
    assert engine.answer("今天天气怎么样？").intent == "out_of_scope"
    assert engine.answer("   ").notes == ["rejected_input"]
    assert model.seen == []


def test_make_engine_returns_the_llm_engine_and_a_missing_model_is_a_visible_fallback(
    real_index: Settings,
) -> None:
    assert isinstance(make_engine(real_index), Engine)
    engine = make_engine(real_index.model_copy(update={"backend": "llm"}))
    assert (
        isinstance(engine, LLMEngine) and engine.model is None and "SUPERNODE_LLM_MODEL" in engine.model_error
    )
    a = engine.answer("The partner wants 50% commission, market is 25%. Counter?")
    assert a.backend == "grounded" and "no usable model is configured" in a.answer
    assert a.tool_calls[0].name == "counter_offer" and a.guard == {
        "unsupported_numbers": [],
        "action": "none",
    }


def test_failure_kinds_follow_the_exception_chain() -> None:
    class APITimeoutError(Exception):
        pass

    class RateLimitError(Exception):
        status_code = 429

    try:
        raise RuntimeError("wrapped") from APITimeoutError("t")
    except RuntimeError as exc:
        assert failure_kind(exc) == "timeout"
    assert failure_kind(RateLimitError()) == "rate_limit"
    assert failure_kind(RecursionError()) == "tool_loop"
