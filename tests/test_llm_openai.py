"""The real OpenAI client path against a scripted OpenAI-compatible server on 127.0.0.1 (JSON and SSE)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from assistant.answering.answer import Answer
from assistant.backends import make_engine
from assistant.config import Settings
from assistant.llm.agent import build_agent, run_agent, stream_agent
from assistant.llm.guard import Evidence
from assistant.llm.knowledge import search_tool
from assistant.llm.models import load_chat_model
from assistant.tools import ToolDefaults, langchain_tools
from tests.support.models import GOOD, fake_search

FINAL = "Recommended: 4 cases, 65% match and ROI 1:3.5 all pass [qa-partner-worth]."


def tool_reply(name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"tool_call": {"id": "call_1", "name": name, "arguments": json.dumps(args)}}


class ScriptedOpenAI:
    """A chat-completions endpoint that answers each request with the next scripted reply."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append({"path": self.path, "body": body})
                reply = owner.replies.pop(0) if owner.replies else {"status": 500}
                time.sleep(reply.get("sleep", 0))
                if "status" in reply:
                    error = {"error": {"message": "scripted failure", "type": "rate_limit", "code": None}}
                    self._send(
                        reply["status"], "application/json", json.dumps(error), {"retry-after-ms": "10"}
                    )
                elif body.get("stream"):
                    self._send(200, "text/event-stream", "".join(owner.sse(body["model"], reply)))
                else:
                    self._send(200, "application/json", json.dumps(owner.completion(body["model"], reply)))

            def _send(self, code: int, kind: str, text: str, headers: dict[str, str] | None = None) -> None:
                data = text.encode()
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    @staticmethod
    def completion(model: str, reply: dict[str, Any]) -> dict[str, Any]:
        tc = reply.get("tool_call")
        message: dict[str, Any] = {"role": "assistant", "content": reply.get("content")}
        if tc:
            message["tool_calls"] = [
                {
                    "id": tc["id"],
                    "type": "function",
                    "function": {"name": tc["name"], "arguments": tc["arguments"]},
                }
            ]
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tc else "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }

    @staticmethod
    def sse(model: str, reply: dict[str, Any]) -> Iterator[str]:
        def event(delta: dict[str, Any], finish: str | None = None) -> str:
            chunk = {
                "id": "chatcmpl-1",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return f"data: {json.dumps(chunk)}\n\n"

        tc = reply.get("tool_call")
        if tc:
            head = {
                "index": 0,
                "id": tc["id"],
                "type": "function",
                "function": {"name": tc["name"], "arguments": ""},
            }
            yield event({"role": "assistant", "content": None, "tool_calls": [head]})
            args = tc["arguments"]
            for i in range(0, len(args), 7):
                yield event({"tool_calls": [{"index": 0, "function": {"arguments": args[i : i + 7]}}]})
            yield event({}, "tool_calls")
        else:
            text = reply.get("content") or ""
            yield event({"role": "assistant", "content": ""})
            for i in range(0, len(text), 4):
                yield event({"content": text[i : i + 4]})
            yield event({}, "stop")
        yield "data: [DONE]\n\n"


def settings_for(url: str, base: Settings | None = None, timeout: float = 5.0) -> Settings:
    paths = {"knowledge_dir": base.knowledge_dir, "data_dir": base.data_dir} if base else {}
    return Settings(
        **paths,
        backend="llm",
        llm_model="openai:scripted-model",
        llm_base_url=url,
        llm_api_key="test",
        llm_timeout_s=timeout,
    )


SCRIPT = [tool_reply("assess_partner", GOOD), {"content": FINAL}]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


def agent_at(url: str) -> Any:
    model = load_chat_model(settings_for(url))
    return build_agent(model, [*langchain_tools(ToolDefaults()), search_tool(fake_search)], "en")


def test_the_openai_client_runs_the_tool_loop_without_streaming() -> None:
    with ScriptedOpenAI(SCRIPT) as server:
        run = run_agent(agent_at(server.base_url), [HumanMessage("4 cases, 65%, ROI 1:3.5?")], Evidence())
    assert run.text == FINAL and run.problem is None
    assert run.tool_calls[0].input == GOOD and run.tool_calls[0].output["verdict"] == "recommended"
    first, second = (r["body"] for r in server.requests)
    assert [r["path"] for r in server.requests] == ["/v1/chat/completions"] * 2
    assert first["model"] == "scripted-model" and not first.get("stream")
    assert {t["function"]["name"] for t in first["tools"]} >= {
        "assess_partner",
        "search_knowledge",
        "risk_check",
    }
    assert first["messages"][0]["role"] == "system"
    tool_msg = second["messages"][-1]
    assert tool_msg["role"] == "tool" and json.loads(tool_msg["content"])["verdict"] == "recommended"


def test_the_openai_client_streams_server_sent_events_through_the_guard() -> None:
    ev = Evidence()
    ev.add_text("4 cases, 65%, ROI 1:3.5?")
    with ScriptedOpenAI(SCRIPT) as server:
        gen = stream_agent(agent_at(server.base_url), [HumanMessage("4 cases, 65%, ROI 1:3.5?")], ev)
        pieces: list[str] = []
        try:
            while True:
                pieces.append(next(gen))
        except StopIteration as stop:
            run = stop.value
    assert all(r["body"].get("stream") for r in server.requests)
    assert len(pieces) > 3 and "".join(pieces) == FINAL == run.text
    assert run.tool_calls[0].output["verdict"] == "recommended"


@pytest.mark.slow
@pytest.mark.parametrize("streaming", [False, True])
def test_the_configured_llm_backend_answers_end_to_end(real_index: Settings, streaming: bool) -> None:
    query = "is a partner worth long-term investment"
    question = "The partner has 4 verified cases, 65% audience match and ROI 1:3.5. Worth it?"
    with ScriptedOpenAI([]) as server:
        engine = make_engine(settings_for(server.base_url, real_index))
        card = engine.deps.reader.search(query, k=4, kind="playbook", language="en")[0].id
        server.replies += [
            tool_reply("search_knowledge", {"query": query, "kind": "playbook"}),
            tool_reply("assess_partner", GOOD),
            {"content": f"Recommended: 4 verified cases, 65% match and ROI 1:3.5 clear the bar [{card}]."},
        ]
        items = list(engine.stream(question)) if streaming else [engine.answer(question)]
    a = items[-1]
    assert isinstance(a, Answer) and a.backend == "llm" and a.intent == "partner_worth"
    assert a.tool_calls[0].output["verdict"] == "recommended" and a.guard["action"] == "none"
    passages = server.requests[1]["body"]["messages"][-1]["content"]
    assert passages.count("<passage id=") == 4 and f'id="{card}"' in passages
    assert [c.id for c in a.citations] == [card] and a.citations[0].kind == "playbook"
    assert a.contract()["backend"] == "llm" and a.contract()["guard"] == a.guard
    if streaming:
        assert "".join(i for i in items if isinstance(i, str)) == a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("replies", "timeout", "kind"),
    [
        ([{"status": 429}, {"status": 429}], 5.0, "rate_limit"),
        ([{"sleep": 1.5, "content": "late"}, {"sleep": 1.5, "content": "late"}], 0.5, "timeout"),
        ([{"status": 500}, {"status": 500}], 5.0, "error"),
    ],
)
def test_endpoint_failures_fall_back_to_the_grounded_answer(
    real_index: Settings, replies: list[dict[str, Any]], timeout: float, kind: str
) -> None:
    with ScriptedOpenAI(replies) as server:
        engine = make_engine(settings_for(server.base_url, real_index, timeout))
        a = engine.answer("The partner wants 50% commission, the market is 25%. What do we counter?")
    assert a.backend == "grounded" and a.answer.startswith("_The language model could not give this answer")
    assert any(n.startswith(f"llm_fallback:{kind}") for n in a.notes), a.notes
    assert a.tool_calls[0].name == "counter_offer" and a.tool_calls[0].output["verdict"] == "unreasonable"


@pytest.mark.slow
def test_an_endpoint_that_is_down_falls_back(real_index: Settings) -> None:
    with ScriptedOpenAI([]) as server:
        url = server.base_url  # the port is free again once the server is closed
    a = make_engine(settings_for(url, real_index)).answer("合作方要50%佣金，行业平均25%，怎么还价？")
    assert a.backend == "grounded" and a.answer.startswith("_大模型未能给出这次回答（无法连接模型服务）")
    assert a.tool_calls[0].output["verdict"] == "unreasonable"
