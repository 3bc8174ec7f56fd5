"""AppTest of the chat page: Chinese and English questions, verdict cards, a follow-up, feedback, history."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.history import HistoryStore, new_user_id
from tests.support.app import APP, TIMEOUT, new_app, point_app_at

pytestmark = pytest.mark.slow


@pytest.fixture
def app(app_folders: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    point_app_at(app_folders, monkeypatch)
    return app_folders


def badges(at) -> list[str]:
    return [m.value for m in at.markdown if "-badge[" in m.value]


def test_empty_chat_shows_examples_in_the_page_language(app: Settings) -> None:
    at = new_app(app)
    labels = [b.label for b in at.main.button]
    assert any("ROI 1:3.5" in b and "值得" in b for b in labels)
    assert not any("commission" in b for b in labels), "a Chinese page offers Chinese examples only"
    assert at.title[0].value == "超级节点 · 合作谈判助手"
    at = new_app(app, lang="en")
    assert any("commission" in b.label for b in at.main.button)
    at.button(key="ex-en-2").click().run()  # an English example is answered in English
    reply = at.chat_message[1]
    assert reply.markdown[0].value.startswith("**Verdict: Guarantee missed: compensation due**")
    assert {m.label: m.value for m in reply.metric}["Compensation (CNY)"] == "40,000"


def test_chinese_question_gets_a_verdict_card_and_follow_up_uses_it(app: Settings) -> None:
    at = new_app(app)
    at.chat_input[0].set_value(
        "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5，值得长期投入吗？"
    ).run()
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    reply = at.chat_message[1]
    assert reply.markdown[0].value.startswith("**结论：建议长期合作**")
    assert any("建议长期合作" in b for b in badges(reply))
    metrics = {m.label: m.value for m in reply.metric}
    assert metrics["可验证成功案例"] == "4" and metrics["投入产出比 ROI"] == "1:3.5"
    assert not reply.get("plotly_chart"), "no radar scores were given: no empty radar"
    assert any("qa-partner-worth" in m.value for m in reply.markdown), "the card is cited"
    labels = [e.label for e in reply.expander]
    assert any(label.startswith("依据（") for label in labels), labels
    assert any(label.startswith("打法步骤 · ") for label in labels), "the playbook steps fold away"
    assert len(reply.dataframe) == 1, "similar deals are listed once"
    assert not any("| 合作方 |" in m.value for m in reply.markdown), "and not again as a Markdown table"
    captions = [c.value for c in reply.caption]
    assert not any("grounded" in c or " ms" in c for c in captions), "no back-end name, no internal timings"
    assert any(c.startswith("用时 ") and c.endswith(" 秒") for c in captions), "the wait the user had"

    at.chat_input[0].set_value("那如果ROI只有2.4呢？").run()
    assert len(at.chat_message) == 4
    follow = at.chat_message[3]
    assert follow.markdown[0].value.startswith("**结论：不建议长期或深度合作**")
    assert any("ROI 2.4" in m.value for m in follow.markdown)
    assert {m.label: m.value for m in follow.metric}["可验证成功案例"] == "4", "cases carried over"
    assert "投入产出比 ROI" in follow.markdown[-3].value or any(
        "投入产出比" in m.value for m in follow.markdown
    )


def test_english_question_in_english_ui(app: Settings) -> None:
    at = new_app(app, lang="en")
    assert at.title[0].value == "Supernode · partnership negotiation assistant"
    at.chat_input[0].set_value(
        "The partner wants 50% commission while the market rate is 25%. What do we counter?"
    ).run()
    reply = at.chat_message[1]
    assert reply.markdown[0].value.startswith("**Verdict: Unreasonable demand: counter it**")
    assert {m.label: m.value for m in reply.metric}["Base rate to offer"] == "25%"
    assert reply.get("plotly_chart"), "the ladder chart is shown"


def test_a_question_is_answered_in_its_own_language_whatever_the_switch_says(app: Settings) -> None:
    at = new_app(app)  # the Chinese page
    at.chat_input[0].set_value("RUE was 35% last week and 38% this week. Act now?").run()
    reply = at.chat_message[1]
    assert reply.markdown[0].value.startswith("**Verdict:"), reply.markdown[0].value[:80]
    assert any(e.label.startswith("Sources (") for e in reply.expander), "the English sources"
    assert at.title[0].value == "超级节点 · 合作谈判助手", "the page itself stays in Chinese"


@pytest.mark.parametrize(
    ("text", "page", "expected"),
    [
        ("RUE was 35% and 38%. Act now?", "zh", "en"),
        ("对方要50%的佣金，怎么还价？", "en", "zh"),
        ("ROI 1:3 还是 1:2.4？", "en", "zh"),
        ("1:3 / 1:2.4 ?", "en", "en"),
        ("1:3 / 1:2.4 ?", "zh", "zh"),
    ],
)
def test_question_language(text: str, page: str, expected: str) -> None:
    from ui.i18n import question_language

    assert question_language(text, page) == expected


def test_feedback_is_stored_and_history_survives_a_new_session(app: Settings) -> None:
    at = new_app(app)
    at.chat_input[0].set_value("对方要50%的佣金，行业平均25%，怎么还价？").run()
    uid, cid = at.query_params["uid"], at.query_params["c"]
    at.feedback[0].set_value(0).run()
    store = HistoryStore(app.data_dir / "app.db")
    messages = store.messages(cid)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].answer["tool_calls"][0]["name"] == "counter_offer"
    saved = store.feedback(messages[1].id, f"anon:{uid}")
    assert saved is not None and saved.thumbs == 0

    # a reload is a new session that only has the URL: the conversation and the thumbs come back
    again = new_app_with_params(app, {"uid": uid, "c": cid})
    assert [m.name for m in again.chat_message] == ["user", "assistant"]
    assert again.feedback[0].value == 0
    assert any(b.label.startswith("对方要50%的佣金") for b in again.sidebar.button)
    again.sidebar.button[0].click().run()  # new chat
    assert not again.chat_message and "c" not in again.query_params


def new_app_with_params(app: Settings, params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["SUPERNODE_DATA_DIR"] = str(app.data_dir)
    at.secrets["SUPERNODE_KNOWLEDGE_DIR"] = str(app.knowledge_dir)
    at.query_params.update(params)
    return at.run()


def test_a_verdict_input_corrected_in_its_form_changes_the_verdict_in_place_and_carries_on(
    app: Settings,
) -> None:
    at = new_app(app)
    at.chat_input[0].set_value(
        "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5，值得长期投入吗？"
    ).run()
    reply = at.chat_message[1]
    assert reply.markdown[0].value.startswith("**结论：建议长期合作**")
    roi = next(n for n in at.number_input if n.key.endswith("-0-roi"))
    assert roi.value == 3.5
    captions = [c.value for c in reply.caption]
    assert "来自你的问题" in captions  # where each input came from
    roi.set_value(2.0)
    at.button(key=next(b.key for b in at.button if "FormSubmitter:inputs-" in str(b.key))).click().run()
    assert not at.exception
    reply = at.chat_message[1]
    assert len(at.chat_message) == 2, "corrected in place, no new message"
    assert reply.markdown[0].value.startswith("**结论：不建议长期或深度合作**"), reply.markdown[0].value
    assert {m.label: m.value for m in reply.metric}["投入产出比 ROI"] == "1:2"
    assert "你修改过" in [c.value for c in reply.caption]
    # the next question of the conversation reads the corrected ROI, not the one first typed
    at.chat_input[0].set_value("那如果案例有6个呢？").run()
    follow = at.chat_message[3]
    metrics = {m.label: m.value for m in follow.metric}
    assert metrics["投入产出比 ROI"] == "1:2" and metrics["可验证成功案例"] == "6"


def test_the_verdict_badge_and_numbers_come_before_the_text(app: Settings) -> None:
    at = new_app(app)
    at.chat_input[0].set_value("对方要50%的佣金，行业平均25%，我们毛利率60%，怎么还价？").run()
    reply = at.chat_message[1]
    values = [m.value for m in reply.markdown]
    badge = next(i for i, v in enumerate(values) if "-badge[" in v)
    steps = next(i for i, v in enumerate(values) if v.startswith("**下一步**"))
    assert badge < 3 and badge < steps, values[:5]
    assert reply.metric, "the key numbers"
    assert reply.get("plotly_chart"), "the ladder has data: it is drawn"


def test_a_two_part_question_gets_two_verdict_cards(app: Settings) -> None:
    at = new_app(app)
    at.chat_input[0].set_value(
        "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5；对方还要50%佣金，行业平均25%，"
        "值得长期投吗？佣金怎么还价？"
    ).run()
    assert not at.exception
    reply = at.chat_message[1]
    values = [m.value for m in reply.markdown]
    assert values[0] == "你的消息里有 2 个问题，下面逐个回答。"
    heads = [v for v in values if v.startswith("**第 ")]
    assert heads == ["**第 1 问：值得长期投吗?**", "**第 2 问：佣金怎么还价?**"]
    assert [b for b in badges(reply)] == [":green-badge[建议长期合作]", ":red-badge[要求不合理，建议还价]"]
    assert values.index(heads[1]) > next(i for i, v in enumerate(values) if "建议长期合作" in v)
    store = HistoryStore(app.data_dir / "app.db")
    saved = store.messages(at.query_params["c"])[1].answer
    assert [p["question"] for p in saved["parts"]] == ["值得长期投吗?", "佣金怎么还价?"]

    again = new_app_with_params(app, dict(at.query_params))  # the stored answer is laid out the same
    assert [b for b in badges(again.chat_message[1])] == badges(reply)


def test_lang_in_the_link_sets_the_language_of_a_new_session(app: Settings) -> None:
    at = new_app_with_params(app, {"lang": "en"})
    assert at.title[0].value == "Supernode · partnership negotiation assistant"
    assert at.query_params["lang"] == "en", "the link keeps it"
    at.segmented_control(key="lang").set_value("zh").run()
    assert at.title[0].value == "超级节点 · 合作谈判助手" and "lang" not in at.query_params
    assert new_app_with_params(app, {"lang": "<script>"}).title[0].value == "超级节点 · 合作谈判助手"


def test_the_cookie_id_brings_the_history_to_a_new_tab(
    app: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import session

    uid = new_user_id()
    store = HistoryStore(app.data_dir / "app.db")
    store.create_conversation(f"anon:{uid}", "对方要50%的佣金，怎么还价？")
    monkeypatch.setattr(session, "_cookie_value", lambda: uid)
    at = new_app_with_params(app, {})  # a new tab: no ?uid= in its address, only the cookie
    assert at.query_params["uid"] == uid
    assert any(b.label.startswith("对方要50%的佣金") for b in at.sidebar.button)
    monkeypatch.setattr(session, "_cookie_value", lambda: "../" + "0" * 29)  # hostile: a new id instead
    other = new_app_with_params(app, {})
    assert other.query_params["uid"] != uid and len(other.query_params["uid"]) == 32


@pytest.mark.parametrize(
    ("session", "link", "cookie", "expected", "write"),
    [
        (None, None, None, "new", True),
        (None, None, "c" * 32, "c" * 32, False),
        (None, "b" * 32, "c" * 32, "b" * 32, False),  # a link wins for the tab, the cookie stays
        ("a" * 32, "b" * 32, None, "a" * 32, True),
        (None, "B" * 32, "x" * 32, "new", True),  # neither valid
        (None, None, "c" * 33, "new", True),
    ],
)
def test_which_anonymous_id(
    session: str | None, link: str | None, cookie: str | None, expected: str, write: bool
) -> None:
    from ui.session import resolve_anonymous

    uid, writes = resolve_anonymous(session, link, cookie)
    assert (uid if expected != "new" else "new") == expected and len(uid) == 32 and writes is write
    assert uid not in {"B" * 32, "x" * 32, "c" * 33}


def test_rename_and_delete_the_open_conversation(app: Settings) -> None:
    at = new_app(app)
    at.chat_input[0].set_value("最近两周资源利用率分别是38%和35%，要不要预警？").run()
    cid = at.query_params["c"]
    assert any(c.value == "今天" for c in at.sidebar.caption), "conversations are grouped by day"
    at.text_input(key=f"rename-{cid}").set_value("利用率预警").run()
    at.button(key=f"save-{cid}").click().run()
    store, user = HistoryStore(app.data_dir / "app.db"), f"anon:{at.query_params['uid']}"
    assert store.conversation(user, cid).title == "利用率预警"
    assert any(b.label == "利用率预警" for b in at.sidebar.button)
    assert at.button(key=f"del-{cid}").disabled, "deleting asks to confirm first"
    at.checkbox(key=f"sure-{cid}").check().run()
    at.button(key=f"del-{cid}").click().run()
    assert store.conversation(user, cid) is None
    assert "c" not in at.query_params and not at.chat_message


def test_the_page_scripts_survive_the_html_sanitiser() -> None:
    """st.html's sanitiser (DOMPurify) silently drops a <script> whose text has "<" before a letter, "/" or "!":
    the scroll-to-the-verdict script once vanished that way over a comment that named <body>."""
    import ast
    import re
    from pathlib import Path

    scripts = {}
    for path in (Path(APP).parent / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "<script>" in node.value:
                scripts[f"{path.name}:{node.lineno}"] = node.value
    assert scripts, "the page scripts were not found"
    for where, text in scripts.items():
        inside = re.sub(r"</?script>", "", text)
        assert not re.search(r"<[/\w!]", inside), where
