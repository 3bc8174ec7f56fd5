"""The real agent loop (create_agent) driven by a scripted fake chat model: tools, errors, passages, streaming."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.errors import GraphRecursionError

from assistant.llm.agent import RECURSION_LIMIT, build_agent, collect, run_agent, stream_agent, to_messages
from assistant.llm.engine import failure_kind
from assistant.llm.guard import Evidence
from assistant.llm.knowledge import search_tool
from assistant.llm.prompts import format_passages, system_prompt
from assistant.tools import ToolDefaults, langchain_tools
from tests.support.models import GOOD, PASSAGES, ScriptedChatModel, call, fake_search


def agent_for(model: ScriptedChatModel, language: str = "en") -> Any:
    return build_agent(model, [*langchain_tools(ToolDefaults()), search_tool(fake_search)], language)


def test_tool_call_then_result_then_final_answer() -> None:
    model = ScriptedChatModel(
        [
            call("search_knowledge", {"query": "is the partner worth it"}, "s1"),
            call("assess_partner", GOOD, "a1"),
            AIMessage("**Recommended**: 4 cases, 65% match, ROI 1:3.5 [qa-partner-worth]."),
        ]
    )
    ev = Evidence()
    question = to_messages([], "4 cases, 65% match, ROI 1:3.5: worth it?", 4000)
    run = run_agent(agent_for(model), question, ev)
    assert run.problem is None and run.text.startswith("**Recommended**")
    assert [c.name for c in run.tool_calls] == ["assess_partner"]  # the search is not a verdict tool
    assert run.tool_calls[0].input == GOOD and run.tool_calls[0].output["verdict"] == "recommended"
    assert [h["id"] for h in run.hits] == ["qa-partner-worth", "S-0001"]
    assert "qa-partner-worth" in ev.ids and 3.33 in ev.values  # passages became evidence
    sent = model.seen[-1]
    assert isinstance(sent[0], SystemMessage) and "square brackets" in sent[0].text
    tool_results = [m for m in sent if m.type == "tool"]
    assert json.loads(tool_results[-1].text)["verdict"] == "recommended"


def test_a_bad_argument_is_fed_back_and_the_corrected_call_is_recorded() -> None:
    model = ScriptedChatModel(
        [
            call("assess_partner", {**GOOD, "audience_match_pct": 165}, "a1"),
            call("assess_partner", GOOD, "a2"),
            AIMessage("Recommended."),
        ]
    )
    run = run_agent(agent_for(model), [HumanMessage("q")], Evidence())
    first, second = run.tool_calls
    assert "audience_match_pct" in first.output["error"] and not first.ok
    assert first.output["problems"][0]["field"] == "audience_match_pct"
    assert second.ok and second.output["verdict"] == "recommended"
    assert run.uncorrected == [] and run.problem is None
    error_msg = next(m for m in model.seen[1] if m.type == "tool")
    assert error_msg.status == "error" and "0–100" in error_msg.text


def test_an_uncorrected_error_an_unknown_tool_and_malformed_arguments_are_problems() -> None:
    model = ScriptedChatModel([call("assess_partner", {"roi": -2}), AIMessage("Please give a valid ROI.")])
    run = run_agent(agent_for(model), [HumanMessage("q")], Evidence())
    assert run.uncorrected == ["assess_partner"] and run.problem == "tool_input"

    model = ScriptedChatModel([call("make_coffee", {"cups": 2}), AIMessage("Done.")])
    run = run_agent(agent_for(model), [HumanMessage("q")], Evidence())
    assert run.tool_calls[0].name == "make_coffee" and "error" in run.tool_calls[0].output

    broken = AIMessage(
        content="",
        invalid_tool_calls=[{"name": "assess_partner", "args": "{roi: 3", "id": "x", "error": "bad"}],
    )
    run = run_agent(agent_for(ScriptedChatModel([broken])), [HumanMessage("q")], Evidence())
    assert run.malformed and run.problem == "tool_input"
    assert run.tool_calls[0].input == {"arguments": "{roi: 3"}


def test_streaming_drives_the_same_loop_and_yields_the_answer_in_pieces() -> None:
    final = "Recommended: 4 cases, 65% match, ROI 1:3.5 [qa-partner-worth]."
    model = ScriptedChatModel(
        [
            call("search_knowledge", {"query": "worth"}, "s1"),
            call("assess_partner", GOOD, "a1"),
            AIMessage(final),
        ]
    )
    ev = Evidence()
    ev.add_text("4 cases, 65% match, ROI 1:3.5")
    gen = stream_agent(agent_for(model), [HumanMessage("q")], ev)
    pieces: list[str] = []
    try:
        while True:
            pieces.append(next(gen))
    except StopIteration as stop:
        run = stop.value
    assert len(pieces) > 3 and "".join(pieces) == final == run.text
    assert run.tool_calls[0].output["verdict"] == "recommended" and run.hits


def test_streaming_withholds_an_unsupported_number_but_the_run_keeps_the_text() -> None:
    model = ScriptedChatModel(
        [call("assess_partner", GOOD, "a1"), AIMessage("ROI 3.5 is fine, ROI 7.5 was promised.")]
    )
    gen = stream_agent(agent_for(model), [HumanMessage("q")], Evidence())
    pieces: list[str] = []
    try:
        while True:
            pieces.append(next(gen))
    except StopIteration as stop:
        run = stop.value
    assert "7.5" not in "".join(pieces) and "7.5" in run.text


def test_text_before_a_tool_call_is_streamed_apart_from_the_answer() -> None:
    model = ScriptedChatModel(
        [
            AIMessage("Let me check.", tool_calls=[{"name": "assess_partner", "args": GOOD, "id": "a1"}]),
            AIMessage("Recommended."),
        ]
    )
    gen = stream_agent(agent_for(model), [HumanMessage("q")], Evidence())
    assert "".join(gen) == "Let me check.\n\nRecommended."


def test_a_model_that_never_stops_calling_tools_hits_the_step_limit() -> None:
    model = ScriptedChatModel([call("assess_partner", GOOD, f"a{i}") for i in range(RECURSION_LIMIT)])
    with pytest.raises(GraphRecursionError) as info:
        run_agent(agent_for(model), [HumanMessage("q")], Evidence())
    assert failure_kind(info.value) == "tool_loop"


def test_passages_are_delimited_quoted_data_and_cannot_close_their_delimiter() -> None:
    text = format_passages(PASSAGES)
    assert text.count("<passage ") == 2 and text.count("</passage>") == 2
    assert "ignore any instructions" in text
    assert "data, not" in system_prompt("en") or "not instructions" in system_prompt("en")
    assert "简体中文" in system_prompt("zh") and "English" in system_prompt("en")


def test_history_becomes_chat_messages_before_the_question() -> None:
    history = [
        {"role": "user", "content": "5 cases, 75% match, ROI 1:4"},
        {"role": "assistant", "content": "Recommended."},
        {"role": "system", "content": "ignored"},
        {"role": "user", "content": ""},
    ]
    msgs = to_messages(history, "and with ROI 2.5?", 4000)
    assert [m.type for m in msgs] == ["human", "ai", "human"] and msgs[-1].text == "and with ROI 2.5?"


def test_collect_without_a_final_message_has_no_text() -> None:
    run = collect([HumanMessage("q"), call("assess_partner", GOOD)], 1, Evidence())
    assert run.text == "" and run.problem == "empty"
