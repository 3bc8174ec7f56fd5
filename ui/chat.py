"""Chat page (landing): streamed answers laid out verdict first (one card per question part), sources and
similar deals in expanders, feedback, and the user's conversations by day (open, rename, delete)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st
from pydantic import ValidationError

from assistant.answering import compose
from assistant.answering.answer import Answer
from assistant.answering.planner import rerun
from assistant.export import safe_inline, safe_markdown
from assistant.history import day_groups
from assistant.index.store import IndexUnavailable
from assistant.kb.attachments import Attachment, read_attachment
from ui import resources
from ui.chat_texts import ct, day_label
from ui.deal_io import attachment_problems
from ui.i18n import lang, question_language, tr
from ui.render import md, waited_caption
from ui.render import show_answer as lay_out
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


def correct_inputs(message_id: int, answer: Answer, index: int, edits: dict[str, Any]) -> None:
    """Run a verdict's tool again with the inputs the user corrected, and keep the new verdict in place of
    the old one (the text and the card, in its part too); later questions read the corrected inputs."""
    call = answer.tool_calls[index]
    new = rerun(call, edits, resources.tool_defaults())
    benchmarks = resources.benchmarks()
    old_section = compose.verdict_section(call, answer.language, benchmarks)
    new_section = compose.verdict_section(new, answer.language, benchmarks)

    def replaced(a: Answer, i: int) -> Answer:
        calls = [*a.tool_calls[:i], new, *a.tool_calls[i + 1 :]]
        return a.model_copy(
            update={"tool_calls": calls, "answer": a.answer.replace(old_section, new_section, 1)}
        )

    updated = replaced(answer, index)
    if answer.parts:
        offset, parts = 0, []
        for part in answer.parts:
            inside = offset <= index < offset + len(part.tool_calls)
            parts.append(replaced(part, index - offset) if inside else part)
            offset += len(part.tool_calls)
        updated = updated.model_copy(update={"parts": parts})
    store.update_message(message_id, updated.answer, updated.model_dump(mode="json"))
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
    """A stored or new answer, verdict first (its text alone when it has no structured answer)."""
    parsed: Answer | None = None
    if answer is not None:
        try:
            parsed = answer if isinstance(answer, Answer) else Answer.model_validate(answer)
        except ValidationError:
            parsed = None
    if parsed is None:
        md(text)
        return
    lay_out(
        parsed,
        key=f"m{message_id}",
        charts=charts,
        on_edit=lambda i, edits: correct_inputs(message_id, parsed, i, edits),
    )
    waited_caption(parsed.timings_ms.get("waited"), parsed.language)


def stream_answer(
    question: str, history: list[dict[str, Any]], question_lang: str, attached: dict[str, Any] | None = None
) -> Answer | None:
    """Show the engine's sections as each is ready (a part of a multi-part question as soon as it is
    answered); returns the complete Answer (None on failure), laid out by the caller once it is saved."""
    live = st.empty()
    shown = ""
    result: Answer | None = None
    try:
        with live.container():
            st.caption(tr("thinking"))
        for item in resources.engine().stream(question, history, question_lang, attached):
            if isinstance(item, str):
                shown += item
                live.markdown(safe_markdown(shown))
            elif not item.question:  # a part's Answer only marks that part done; the last one is the whole
                result = item
    except IndexUnavailable:
        live.empty()
        st.error(tr("index_missing"))
        return None
    except Exception as exc:  # an engine failure must not take the page down; the log has the details
        logging.getLogger(__name__).exception("the answer failed")
        live.empty()
        st.error(tr("engine_error") + exc.__class__.__name__)
        return None
    live.empty()
    return result


SCROLL_TO_ANSWER = """<script>
(() => {
  // Bring the new answer's top into view, and keep it there for a few seconds: charts and late elements still
  // lay out, and the chat's own scrolling follows the bottom of what grows. The user scrolling, clicking or
  // typing ends it at once. When it ends, the page's body carries data-answer-scroll="done". (No "<" before a
  // letter anywhere in this script: the page's HTML sanitiser drops a script whose text has one.)
  const doc = window.parent.document, events = ["wheel", "touchstart", "keydown", "mousedown"];
  let tries = 0, stopped = false;
  doc.body.dataset.answerScroll = "running";
  const stop = () => {
    stopped = true;
    doc.body.dataset.answerScroll = "done";
    events.forEach(e => doc.removeEventListener(e, stop));
  };
  events.forEach(e => doc.addEventListener(e, stop, {passive: true}));
  const go = () => {
    if (stopped) return;
    const all = doc.querySelectorAll('[data-testid="stChatMessage"]');
    const asked = all[all.length - 2], answer = all[all.length - 1];
    // the question too when it is short, else the answer's own top
    const top = asked && asked.offsetHeight < window.innerHeight * 0.25 ? asked : answer;
    if (top) { top.style.scrollMarginTop = "4rem"; top.scrollIntoView({block: "start"}); }
    if (++tries < 32) setTimeout(go, 250); else stop();
  };
  setTimeout(go, 200);
})();
</script>"""


def scroll_to_answer() -> None:
    """Bring the top of the new answer (its verdict) into view: the page otherwise stays at the bottom of a
    long answer, past the verdict. A fixed script: no user text in it."""
    st.html(SCROLL_TO_ANSWER, unsafe_allow_javascript=True, width="content")


def _rename(cid: str, key: str) -> None:
    title = str(st.session_state.get(key) or "").strip()
    if title and store.rename_conversation(uid, cid, title):
        st.toast(ct("renamed"), icon=":material/edit:")


def _delete(cid: str) -> None:
    if store.delete_conversation(uid, cid):
        if conversation_id() == cid:
            open_conversation(None)
        st.toast(ct("deleted"), icon=":material/delete:")


def _zone() -> Any:
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except Exception:  # no or unknown time zone from the browser
        return UTC


def conversation_list(current: str | None) -> None:
    """The user's conversations grouped by day; the open one can be renamed or deleted."""
    past = store.conversations(uid, limit=30)
    if not past:
        st.caption(tr("no_history"))
        return
    zone = _zone()
    today = datetime.now(zone).date()
    for kind, day, convs in day_groups(past, today, zone):
        st.caption(day_label(kind, day, today.year))
        for conv in convs:
            short = conv.title if len(conv.title) <= 22 else conv.title[:21] + "…"
            started = datetime.fromisoformat(conv.created).astimezone(zone).strftime("%Y-%m-%d %H:%M")
            label, tip = safe_inline(short), safe_inline(conv.title) + " · " + ct("started", when=started)
            if conv.id != current:
                st.button(
                    label,
                    help=tip,
                    key=f"conv-{conv.id}",
                    on_click=open_conversation,
                    args=(conv.id,),
                    type="tertiary",
                    width="stretch",
                )
                continue
            row, menu = st.columns([5, 1], vertical_alignment="center", gap="small")
            row.button(label, help=tip, key=f"conv-{conv.id}", type="primary", width="stretch")
            with menu.popover("", icon=":material/more_vert:", help=ct("manage")):
                name_key = f"rename-{conv.id}"
                st.text_input(ct("rename"), value=conv.title, key=name_key, max_chars=80)
                st.button(
                    ct("rename_save"), key=f"save-{conv.id}", on_click=_rename, args=(conv.id, name_key)
                )
                sure = st.checkbox(ct("delete_confirm"), key=f"sure-{conv.id}")
                st.button(
                    ct("delete"),
                    key=f"del-{conv.id}",
                    icon=":material/delete:",
                    disabled=not sure,
                    on_click=_delete,
                    args=(conv.id,),
                )


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
            st.empty()  # where a new answer streamed: the same layout, so an open expander stays open
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
    st.subheader(tr("examples"))  # in the page's language: the switch in the sidebar shows the others
    columns = st.columns(2)
    for i, example in enumerate(EXAMPLES[language]):
        with columns[i % 2]:
            st.button(
                example, key=f"ex-{language}-{i}", on_click=_ask, args=(example, language), width="stretch"
            )

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
            problems = attachment_problems(attachment.problems, language)
            st.dataframe(problems, hide_index=True)
            lines = [
                f"- {row} / {column}: {reason}" for row, column, reason in problems.itertuples(index=False)
            ]
            store.add_message(cid, "assistant", "\n".join([reply, *lines]))
    else:
        with st.chat_message("assistant"):
            answer = stream_answer(question, history, question_lang, attachment.slots if attachment else None)
            if answer is not None:
                started = st.session_state.get("run_started") or time.perf_counter()
                waited = (time.perf_counter() - started) * 1000  # from the submit to the complete answer
                answer = answer.model_copy(update={"timings_ms": {**answer.timings_ms, "waited": waited}})
                mid = store.add_message(cid, "assistant", answer.answer, answer.model_dump(mode="json"))
                show_answer(answer.answer, answer, mid)
                feedback(mid, None)
                scroll_to_answer()

# -- sidebar (drawn last so a conversation started in this run is listed) ------------------------------
with st.sidebar:
    st.button(tr("new_chat"), icon=":material/add_comment:", on_click=_new_chat, width="stretch")
    st.caption(f"**{tr('history')}**")
    conversation_list(conversation_id())
