"""Index admin page: what is indexed and when, refresh or rebuild (after saying what it costs), retrieval test."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from assistant.export import safe_inline
from assistant.i18n import message_text
from assistant.index.store import IndexUnavailable, client_for, read_active
from assistant.kb.deals import shown_deal_text
from ui import resources
from ui.deal_io import refresh_index, show_flash
from ui.i18n import LANG_NAMES, lang, localize_widgets, tr
from ui.render import card_md

PASSAGES_PER_SECOND = 10  # the bundled embedder on two cores, with the index writes (STACK.md: 13-20 alone)
language = lang()
localize_widgets(language)
settings = resources.settings()
st.title(tr("page_admin"))
st.caption(tr("admin_caption"))
show_flash("ad_flash")


def kind_name(kind: str) -> str:
    return tr("all", language) if kind == "all" else tr(f"kind_{kind}", language)


def language_name(code: str) -> str:
    return tr("all", language) if code == "all" else LANG_NAMES.get(code, code)


documents = 0
try:
    active = read_active(client_for(settings), settings)
except (IndexUnavailable, Exception) as exc:  # a missing or unreachable index is shown, not raised
    active = None
    st.error(safe_inline(message_text(str(exc), language)))
if active is None:
    st.warning(tr("index_missing"))
else:
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("version"), tr("version_n", version=active.version))
    c2.metric(tr("cards_indexed"), active.counts.get("playbook", 0))
    c3.metric(tr("deals_indexed"), active.counts.get("deal", 0))
    built = active.built_at.replace("T", " ").removesuffix("+00:00") + " UTC"
    where = settings.chroma_host or tr("store_embedded")
    st.caption(f"{tr('built_at')}: {built} · {tr('embedder')}: {active.embedding} · {tr('where')}: {where}")
    try:
        docs = resources.index_reader().counts()
        documents = sum(docs.values())
        st.dataframe(
            pd.DataFrame({tr("kind"): [kind_name(k) for k in docs], tr("documents"): list(docs.values())}),
            hide_index=True,
        )
    except IndexUnavailable as exc:
        st.error(safe_inline(message_text(str(exc), language)))

c1, c2 = st.columns(2)
refresh = c1.button(tr("refresh_index"), icon=":material/sync:", key="ad_refresh", width="stretch")
rebuild = False
with c2.popover(tr("rebuild_index"), icon=":material/build:", width="stretch"):
    minutes = max(1, math.ceil(documents / PASSAGES_PER_SECOND / 60)) if documents else None
    st.markdown(tr("rebuild_will", n=documents, minutes=minutes) if minutes else tr("rebuild_help"))
    rebuild = st.button(tr("rebuild_confirm"), key="ad_rebuild", type="primary")
if refresh or rebuild:
    done = refresh_index(rebuild=rebuild)
    if done:
        st.session_state["ad_flash"] = [("success", done)]
        st.rerun()  # show the new version and counts above

st.divider()
st.subheader(tr("hit_testing"))
st.caption(tr("hit_caption"))
with st.form("hit-testing"):
    query = st.text_input(tr("query"), placeholder=tr("query_example"))
    c1, c2, c3 = st.columns(3)
    k = c1.slider(tr("hit_count"), 1, 20, 5)
    kind = c2.selectbox(tr("kind"), ["all", "playbook", "deal"], format_func=kind_name)
    doc_language = c3.selectbox(
        tr("doc_language"), ["all", "zh", "en"], index=1 if language == "zh" else 2, format_func=language_name
    )
    submitted = st.form_submit_button(tr("search_button"))

if submitted and query.strip():
    filters = {
        "kind": None if kind == "all" else kind,
        "language": None if doc_language == "all" else doc_language,
    }
    try:
        reader = resources.index_reader()
        hits = reader.search(query.strip()[:2000], k=k, **filters)
        keyword = reader.search(query.strip()[:2000], k=k, mode="bm25", **filters) if hits else []
    except IndexUnavailable as exc:
        st.error(safe_inline(message_text(str(exc), language)))
        hits, keyword = [], []
    if not hits:
        st.info(tr("no_hits"))
    else:
        st.caption(tr("score_explained"))
        if not keyword:
            st.warning(tr("no_keyword_hits"), icon=":material/help:")
    matched = {h.id for h in keyword}
    # a deal is shown as the other pages show it: its indexed Chinese text names the English partner name too
    deals = {d.deal_id: d for d in resources.deals()} if any(h.kind == "deal" for h in hits) else {}
    for rank, hit in enumerate(hits, 1):
        how = tr("by_both") if hit.id in matched else tr("by_vector")
        label = (
            f"{rank}. {hit.title} [{hit.id}] · {kind_name(hit.kind)} · {language_name(hit.language)} · "
            f"{tr('score')} {hit.score:.4f} · {how}"
        )
        deal = deals.get(hit.id) if hit.kind == "deal" else None
        with st.expander(safe_inline(label)):
            card_md(hit.text if deal is None else shown_deal_text(deal, hit.language, resources.benchmarks()))
