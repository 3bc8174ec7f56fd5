"""Chat page (landing): streamed answers with verdict cards, sources, similar deals, feedback and history."""

from __future__ import annotations

import logging
from itertools import chain
from typing import Any

import streamlit as st
from pydantic import ValidationError

from assistant.answering import compose
from assistant.answering.answer import Answer
from assistant.answering.planner import rerun
from assistant.export import safe_inline, safe_markdown
from assistant.index.store import IndexUnavailable
from assistant.kb.attachments import Attachment, read_attachment
from ui import resources
from ui.i18n import lang, question_language, tr
from ui.render import answer_extras, md
from ui.session import conversation_id, open_conversation, user_id

EXAMPLES = {
    "zh": [
        "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5，值得长期投入吗？",
        "对方要50%的佣金，行业平均25%，我们毛利率60%，怎么还价？",
        "最近两周资源利用率分别是38%和35%，要不要预警？",
        "核心合作方突然解约了，我们该怎么办？",
    ],
    "en": [
        "The partner has 2 verified cases, 55% audience match and ROI 1:2.4. Worth a long-term deal?",
        "The partner wants 50% commission while the market rate is 25%. What do we counter?",
        "We promised ROI 1:3 but delivered 1:2.4 on 200,000 spend. How much do we owe?",
        "How do we stop scalpers from grabbing our coupons?",
    ],
}

language, uid, store = lang(), user_id(), resources.history()


CHARTED_ANSWERS = 3  # older answers keep their verdict cards but skip the chart (reruns stay light)


def _ask(question: str, question_lang: str) -> None:
    st.session_state["pending"] = (question, question_lang)


def _new_chat() -> None:
    open_conversation(None)


def _save_feedback(message_id: int, key: str) -> None:
    store.set_feedback(message_id, uid, st.session_state.get(key))
    st.toast(tr("feedback_saved"), icon=":material/thumb_up:")


def _save_comment(message_id: int, key: str, thumbs_key: str) -> None:
    store.set_feedback(message_id, uid, st.session_state.get(thumbs_key), st.session_state.get(key) or "")
    st.toast(tr("feedback_saved"), icon=":material/edit_note:")


def feedback(message_id: int, saved: Any) -> None:
    key, comment_key = f"fb-{message_id}", f"fbc-{message_id}"
    if key not in st.session_state and saved is not None:
        st.session_state[key] = saved.thumbs
    st.feedback("thumbs", key=key, on_change=_save_feedback, args=(message_id, key))
    if st.session_state.get(key) is not None:
        if comment_key not in st.session_state and saved is not None:
            st.session_state[comment_key] = saved.comment
        st.text_input(
            tr("feedback_comment"),
            key=comment_key,
            on_change=_save_comment,
            args=(message_id, comment_key, key),
            max_chars=2000,
        )


def attachment_problems(attachment: Attachment, language: str) -> Any:
    """The problems of an attached table, per row and column, as the import page lists them."""
    import pandas as pd

    rows = [
        {
            tr("row", language): p.get("row") or "—",
            tr("column", language): p.get("column") or "—",
            tr("reason", language): p["reason"],
        }
        for p in attachment.problems
    ]
    return pd.DataFrame(rows)


def correct_inputs(message_id: int, answer: Answer, index: int, edits: dict[str, Any]) -> None:
    """Run a verdict's tool again with the inputs the user corrected, and keep the new verdict in place of
    the old one (the text and the card); later questions of the conversation read the corrected inputs."""
    call = answer.tool_calls[index]
    new = rerun(call, edits, resources.tool_defaults())
    calls = [*answer.tool_calls[:index], new, *answer.tool_calls[index + 1 :]]
    old_section = compose.verdict_section(call, answer.language)
    text = answer.answer.replace(old_section, compose.verdict_section(new, answer.language), 1)
    updated = answer.model_copy(update={"tool_calls": calls, "answer": text})
    store.update_message(message_id, text, updated.model_dump(mode="json"))
    st.toast(tr("inputs_updated"), icon=":material/calculate:")
    st.rerun()


def corrected_inputs(answer: dict[str, Any] | None) -> dict[str, Any]:
    """The inputs the user corrected under an answer, for the next questions of the conversation."""
    out: dict[str, Any] = {}
    for call in (answer or {}).get("tool_calls") or []:
        sources = call.get("sources") or {}
        out.update({f: v for f, v in (call.get("input") or {}).items() if sources.get(f) == "edited"})
    return out


def show_answer(
    text: str, answer: dict[str, Any] | Answer | None, message_id: int, charts: bool = True
) -> None:
    if answer is not None:
        try:
            parsed = answer if isinstance(answer, Answer) else Answer.model_validate(answer)
        except ValidationError:
            parsed = None
        if parsed is not None:
            md(parsed.answer)
            answer_extras(
                parsed,
                key=f"m{message_id}",
                charts=charts,
                on_edit=lambda i, edits: correct_inputs(message_id, parsed, i, edits),
            )
            return
    md(text)


def stream_answer(
    question: str, history: list[dict[str, Any]], question_lang: str, attached: dict[str, Any] | None = None
) -> Answer | None:
    """Stream the engine's sections into the page; returns the complete Answer (None on failure)."""
    holder: list[Answer] = []

    def sections(items: Any) -> Any:
        for item in items:
            if isinstance(item, str):
                yield safe_markdown(item)
            else:
                holder.append(item)

    try:
        with st.spinner(tr("thinking")):
            items = iter(resources.engine().stream(question, history, question_lang, attached))
            first = next(items, None)  # understanding, tools and retrieval run before the first section
        st.write_stream(sections(chain([first] if first is not None else [], items)))
    except IndexUnavailable:
        st.error(tr("index_missing"))
        return None
    except Exception as exc:  # an engine failure must not take the page down; the log has the details
        logging.getLogger(__name__).exception("the answer failed")
        st.error(tr("engine_error") + exc.__class__.__name__)
        return None
    return holder[-1] if holder else None


# -- main: the conversation ----------------------------------------------------------------------
st.title(tr("app_title"))
st.caption(tr("chat_caption"))

cid = conversation_id()
if cid and store.conversation(uid, cid) is None:
    open_conversation(None)
    cid = None
messages = store.messages(cid) if cid else []
saved = store.feedback_for(uid, [m.id for m in messages if m.role == "assistant"])

charted = {m.id for m in [m for m in messages if m.role == "assistant"][-CHARTED_ANSWERS:]}
for m in messages:
    with st.chat_message(m.role):
        if m.role == "user":
            md(m.content)
        else:
            show_answer(m.content, m.answer, m.id, charts=m.id in charted)
            feedback(m.id, saved.get(m.id))

submitted = st.chat_input(
    tr("chat_placeholder"),
    max_chars=resources.settings().max_message_chars,
    accept_file=True,
    file_type=["csv", "xlsx"],
)
attachment: Attachment | None = None
typed: str | None = submitted if isinstance(submitted, str) or submitted is None else None
if submitted is not None and not isinstance(submitted, str):  # words and/or an attached table
    files = list(getattr(submitted, "files", None) or [])
    typed = str(getattr(submitted, "text", "") or "").strip()
    if files:
        attachment = read_attachment(files[0].getvalue(), files[0].name)
        typed = typed or tr("attached_only", language)
    typed = typed or None
pending = st.session_state.pop("pending", None)
question, question_lang = (
    (typed, question_language(typed, language)) if typed else (pending or (None, language))
)

if not messages and not question:
    st.subheader(tr("examples"))
    for col, code in zip(st.columns(2), ("zh", "en"), strict=True):
        with col:
            st.caption("中文" if code == "zh" else "English")
            for i, example in enumerate(EXAMPLES[code]):
                st.button(example, key=f"ex-{code}-{i}", on_click=_ask, args=(example, code), width="stretch")

if question:
    if cid is None:
        cid = store.create_conversation(uid, question)
        open_conversation(cid)
    history = [
        {"role": m.role, "content": m.content, "corrected": corrected_inputs(m.answer)}
        if m.role == "assistant"
        else {"role": m.role, "content": m.content}
        for m in messages
    ]
    attached_line = tr("attached_file", question_lang, name=attachment.filename) if attachment else ""
    shown = f"{question}\n\n{attached_line}" if attachment else question
    store.add_message(cid, "user", shown)
    with st.chat_message("user"):
        md(shown)
    if attachment is not None and not attachment.ok:
        with st.chat_message("assistant"):
            reply = tr("attachment_problems", language, name=attachment.filename)
            st.error(reply)
            st.dataframe(attachment_problems(attachment, language), hide_index=True)
            lines = [
                f"- {p.get('row') or '—'} / {p.get('column') or '—'}: {p['reason']}"
                for p in attachment.problems
            ]
            store.add_message(cid, "assistant", "\n".join([reply, *lines]))
    else:
        with st.chat_message("assistant"):
            answer = stream_answer(question, history, question_lang, attachment.slots if attachment else None)
            if answer is not None:
                mid = store.add_message(cid, "assistant", answer.answer, answer.model_dump(mode="json"))
                answer_extras(
                    answer,
                    key=f"m{mid}",
                    on_edit=lambda i, edits: correct_inputs(mid, answer, i, edits),
                )
                feedback(mid, None)

# -- sidebar (drawn last so a conversation started in this run is listed) ------------------------------
with st.sidebar:
    st.button(tr("new_chat"), icon=":material/add_comment:", on_click=_new_chat, width="stretch")
    st.caption(tr("history"))
    current = conversation_id()
    past = store.conversations(uid, limit=30)
    if not past:
        st.caption(tr("no_history"))
    for conv in past:
        short = conv.title if len(conv.title) <= 22 else conv.title[:21] + "…"
        st.button(
            safe_inline(short),
            help=safe_inline(conv.title),
            key=f"conv-{conv.id}",
            on_click=open_conversation,
            args=(conv.id,),
            type="primary" if conv.id == current else "tertiary",
            width="stretch",
        )
