"""Playbook page for new hires: cards in reading order, cases, key figures, and a quiz with saved progress."""

from __future__ import annotations

import random

import pandas as pd
import streamlit as st

from assistant.export import safe_inline, safe_markdown
from assistant.kb.deals import DealDataError, DealSource, deal_title, shown_deal_text
from assistant.quiz import grade, make_quiz, quiz_cards
from ui import resources
from ui.i18n import lang, localize_widgets, tr
from ui.render import card_md
from ui.session import user_id

QUESTIONS = 5
language, uid, store = lang(), user_id(), resources.history()
localize_widgets(language)
cards = resources.cards()


def _new_quiz() -> None:
    st.session_state["quiz_seed"] = random.randrange(1 << 30)
    st.session_state.pop("quiz_result", None)


st.title(tr("page_playbook"))
st.caption(tr("pb_caption"))
progress_slot = st.empty()  # filled last, after this run's quiz answers are stored
mastered = {card for card, ok in store.quiz_progress(uid).items() if ok}

read, cases, figures, quiz = st.tabs([tr("tab_read"), tr("tab_cases"), tr("tab_figures"), tr("tab_quiz")])

with read:
    for chapter in sorted({c.chapter for c in cards}):
        st.subheader(tr(f"ch{chapter}"))
        for card in (c for c in cards if c.chapter == chapter):
            body_lang = language if card.body.get(language) else next(iter(card.body))
            mark = " :material/check_circle:" if card.id in mastered else ""
            title = card.title.get(body_lang, card.id)
            with st.expander(safe_inline(f"{card.order:02d} · {title}") + mark):
                card_md(card.body[body_lang])
                st.caption(f"[{card.id}]")

with cases:
    try:
        source_cases = [d for d in resources.deals() if d.source == DealSource.PLAYBOOK]
    except DealDataError as exc:
        st.error(str(exc))
        source_cases = []
    st.caption(tr("cases_caption", n=len(source_cases)))
    for deal in source_cases:
        with st.expander(
            safe_inline(f"{deal.deal_id} · {deal_title(deal, language, resources.benchmarks())}")
        ):
            card_md(shown_deal_text(deal, language, resources.benchmarks()))

with figures:
    rows = [
        {tr("figure"): getattr(f, language), tr("card"): c.title.get(language, c.id), "ID": c.id}
        for c in cards
        for f in c.figures
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=520)

with quiz:
    seed = st.session_state.setdefault("quiz_seed", random.randrange(1 << 30))
    kept = st.session_state.get("quiz_questions")
    if not kept or kept[:2] != (seed, language):  # the same questions until a new quiz is asked for
        kept = (seed, language, make_quiz(cards, language, n=QUESTIONS, seed=seed, prefer_not=mastered))
        st.session_state["quiz_questions"] = kept
    questions = kept[2]
    st.button(tr("new_quiz"), on_click=_new_quiz, icon=":material/refresh:", key="quiz_new")
    with st.form(f"quiz-{seed}-{language}"):
        choices = []
        for i, q in enumerate(questions, 1):
            st.markdown(f"**{i}.** " + safe_markdown(q.prompt))
            choices.append(
                st.radio(tr("answer"), q.options, index=None, horizontal=True, key=f"quiz-{seed}-{q.id}")
            )
        submitted = st.form_submit_button(tr("submit_quiz"), type="primary")
    if submitted:
        results = grade(questions, choices)
        for q, choice, ok in zip(questions, choices, results, strict=True):
            if choice is not None:
                store.record_quiz(uid, q.card_id, ok)
        st.session_state["quiz_result"] = (seed, language, results, choices)
    result = st.session_state.get("quiz_result")
    if result and result[:2] == (seed, language):
        _, _, results, choices = result
        score = sum(results)
        blanks = sum(c is None for c in choices)
        if blanks:  # said before the score: a blank counts as wrong and is not saved as progress
            st.warning(tr("quiz_blanks", n=blanks), icon=":material/warning:")
        st.subheader(tr("quiz_score", score=score, total=len(questions)))
        for i, (q, ok, choice) in enumerate(zip(questions, results, choices, strict=True), 1):
            icon = ":green[:material/check_circle:]" if ok else ":red[:material/cancel:]"
            yours = choice if choice is not None else tr("unanswered")
            with st.container(border=True):
                st.markdown(f"{icon} **{i}.** {tr('your_answer')}: {safe_inline(yours)}")
                st.markdown(safe_markdown(q.explanation()))

pool = quiz_cards(cards, language)
done = len({c for c, ok in store.quiz_progress(uid).items() if ok} & set(pool))
progress_slot.progress(done / len(pool) if pool else 0.0, text=tr("pb_progress", done=done, total=len(pool)))
