"""The tool-calling agent (LangChain create_agent) and the record of one run: tool calls, passages, answer."""

from __future__ import annotations

import json
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.answering.answer import ToolCall
from assistant.llm.guard import Evidence, StreamGuard
from assistant.llm.knowledge import KNOWLEDGE_TOOLS, SEARCH_TOOL
from assistant.llm.prompts import system_prompt
from assistant.tools import TOOLS, ToolInputError, validate_input

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.tools import BaseTool

RECURSION_LIMIT = 24  # model + tool steps in one run; more is a loop and the grounded fallback answers
HISTORY_TURNS = 12  # earlier messages passed to the model


@dataclass
class Run:
    """What one agent run added to the conversation."""

    messages: list[BaseMessage]
    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    hits: list[dict[str, Any]] = field(default_factory=list)
    uncorrected: list[str] = field(default_factory=list)
    malformed: bool = False

    @property
    def problem(self) -> str | None:
        """Why this run cannot be the answer: 'tool_input' or 'empty'; None when it can."""
        if self.malformed or self.uncorrected:
            return "tool_input"
        return None if self.text.strip() else "empty"


def build_agent(model: BaseChatModel, tools: Sequence[BaseTool], language: str) -> Any:
    """The agent graph: the model with the tools bound and the system prompt for the answer's language."""
    from langchain.agents import create_agent

    return create_agent(model, tools=list(tools), system_prompt=system_prompt(language))


def to_messages(history: list[dict[str, Any]], question: str, limit: int) -> list[BaseMessage]:
    """The conversation so far as chat messages (the last HISTORY_TURNS turns), then the question."""
    out: list[BaseMessage] = []
    for turn in history[-HISTORY_TURNS:]:
        content = str(turn.get("content") or "")[:limit]
        if not content:
            continue
        if turn.get("role") == "user":
            out.append(HumanMessage(content))
        elif turn.get("role") == "assistant":
            out.append(AIMessage(content))
    out.append(HumanMessage(question))
    return out


def absorb(message: BaseMessage, evidence: Evidence) -> None:
    """Add what a tool returned to the evidence numbers may rest on."""
    if not isinstance(message, ToolMessage):
        return
    if message.name == SEARCH_TOOL and isinstance(message.artifact, list):
        for hit in message.artifact:
            evidence.add_passage(hit)
    elif isinstance(message.content, str):
        evidence.add_tool_content(message.content)


def _output(name: str, args: dict[str, Any], message: ToolMessage) -> dict[str, Any]:
    content = message.content if isinstance(message.content, str) else json.dumps(message.content)
    if message.status == "error":
        out: dict[str, Any] = {"error": content}
        if name in TOOLS:
            try:
                validate_input(name, args)
            except ToolInputError as exc:
                out["problems"] = exc.problems
        return out
    try:
        value = json.loads(content)
    except ValueError:
        return {"error": f"unreadable tool output: {content[:200]}"}
    return value if isinstance(value, dict) else {"error": f"unexpected tool output: {content[:200]}"}


def collect(messages: list[BaseMessage], start: int, evidence: Evidence) -> Run:
    """Pair the run's tool calls with their results, gather passages and find the final answer."""
    new = messages[start:]
    requested: dict[str, dict[str, Any]] = {}
    calls: list[ToolCall] = []
    hits: list[dict[str, Any]] = []
    last_ok: dict[str, bool] = {}
    for msg in new:
        absorb(msg, evidence)
        if isinstance(msg, AIMessage):
            for tc in msg.tool_calls:
                requested[str(tc.get("id"))] = {"name": tc["name"], "args": tc.get("args") or {}}
            for bad in msg.invalid_tool_calls:
                name = str(bad.get("name") or "?")
                calls.append(
                    ToolCall(
                        name=name,
                        input={"arguments": bad.get("args")},
                        output={"error": str(bad.get("error") or "malformed tool arguments")},
                    )
                )
                last_ok[name] = False
        elif isinstance(msg, ToolMessage):
            req = requested.get(str(msg.tool_call_id), {})
            name = str(req.get("name") or msg.name or "?")
            if name == SEARCH_TOOL:
                hits += [h for h in (msg.artifact or []) if isinstance(h, dict)]
            if name in KNOWLEDGE_TOOLS:
                continue
            args = req.get("args") or {}
            calls.append(ToolCall(name=name, input=dict(args), output=_output(name, args, msg)))
            last_ok[name] = calls[-1].ok
    final = messages[-1] if messages else None
    finished = isinstance(final, AIMessage) and not final.tool_calls and len(new) > 0
    return Run(
        messages=list(messages),
        text=final.text if finished and isinstance(final, AIMessage) else "",
        tool_calls=calls,
        hits=hits,
        uncorrected=[name for name, ok in last_ok.items() if not ok],
        malformed=bool(isinstance(final, AIMessage) and final.invalid_tool_calls),
    )


def run_agent(agent: Any, messages: list[BaseMessage], evidence: Evidence) -> Run:
    """One run with invoke: the model calls tools until it answers."""
    out = agent.invoke({"messages": messages}, {"recursion_limit": RECURSION_LIMIT})
    return collect(list(out["messages"]), len(messages), evidence)


def stream_agent(agent: Any, messages: list[BaseMessage], evidence: Evidence) -> Generator[str, None, Run]:
    """One run streamed: yields the model's text as the number guard releases it, returns the Run."""
    state: list[BaseMessage] = list(messages)
    seen = len(messages)
    guard = StreamGuard(evidence)
    gap = ""  # between the texts of two model messages (one said something before calling a tool)
    for mode, data in agent.stream(
        {"messages": messages}, {"recursion_limit": RECURSION_LIMIT}, stream_mode=["messages", "values"]
    ):
        if mode == "messages":
            chunk, meta = data
            if meta.get("langgraph_node") == "model" and isinstance(chunk, AIMessage):
                released = guard.feed(chunk.text)
                if released:
                    yield gap + released
                    gap = ""
            continue
        state = list(data["messages"])
        for msg in state[seen:]:
            absorb(msg, evidence)
            if isinstance(msg, AIMessage):
                tail = guard.finish()
                if tail:
                    yield gap + tail
                    gap = ""
                if guard.released:
                    gap = "\n\n"
                guard = StreamGuard(evidence)
        seen = len(state)
    return collect(state, len(messages), evidence)
