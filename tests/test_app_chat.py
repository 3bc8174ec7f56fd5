"""AppTest of the chat page: Chinese and English questions, verdict cards, a follow-up, feedback, history."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.history import HistoryStore
from tests.support.app import APP, TIMEOUT, new_app, point_app_at

pytestmark = pytest.mark.slow


@pytest.fixture
def app(app_folders: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    point_app_at(app_folders, monkeypatch)
    return app_folders


def badges(at) -> list[str]:
    return [m.value for m in at.markdown if "-badge[" in m.value]


def test_empty_chat_shows_examples_in_both_languages(app: Settings) -> None:
    at = new_app(app)
    labels = [b.label for b in at.main.button]
    assert any("ROI 1:3.5" in b and "值得" in b for b in labels)
    assert any("commission" in b for b in labels)
    assert at.title[0].value == "超级节点 · 合作谈判助手"
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
    assert metrics["可验证成功案例"] == "4" and metrics["投入产出比 ROI"] == "3.5"
    assert reply.get("plotly_chart"), "the radar chart is shown"
    assert any("qa-partner-worth" in e.label for e in reply.expander), "the card is cited"
    assert reply.dataframe, "similar deals are listed"
    assert "grounded" in reply.caption[-1].value

    at.chat_input[0].set_value("那如果ROI只有2.4呢？").run()
    assert len(at.chat_message) == 4
    follow = at.chat_message[3]
    assert follow.markdown[0].value.startswith("**结论：不建议长期或深度合作**")
    assert "ROI 2.4" in follow.markdown[0].value
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
    assert any("\nSources: [" in m.value for m in reply.markdown), "the English sources line"
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
    assert {m.label: m.value for m in reply.metric}["投入产出比 ROI"] == "2"
    assert "你修改过" in [c.value for c in reply.caption]
    # the next question of the conversation reads the corrected ROI, not the one first typed
    at.chat_input[0].set_value("那如果案例有6个呢？").run()
    follow = at.chat_message[3]
    metrics = {m.label: m.value for m in follow.metric}
    assert metrics["投入产出比 ROI"] == "2" and metrics["可验证成功案例"] == "6"
