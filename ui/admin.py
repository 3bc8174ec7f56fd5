"""Index admin page: what is indexed and when, refresh or rebuild with progress, the retrieval test box."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.export import safe_inline
from assistant.index.store import IndexUnavailable, client_for, read_active
from ui import resources
from ui.deal_io import refresh_index, show_flash
from ui.i18n import tr

settings = resources.settings()
st.title(tr("page_admin"))
st.caption(tr("admin_caption"))
show_flash("ad_flash")

try:
    active = read_active(client_for(settings), settings)
except (IndexUnavailable, Exception) as exc:  # a missing or unreachable index is shown, not raised
    active = None
    st.error(safe_inline(str(exc)))
if active is None:
    st.warning(tr("index_missing"))
else:
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("version"), f"v{active.version}")
    c2.metric(tr("cards_indexed"), active.counts.get("playbook", 0))
    c3.metric(tr("deals_indexed"), active.counts.get("deal", 0))
    built = active.built_at.replace("T", " ").removesuffix("+00:00") + " UTC"
    where = settings.chroma_host or "embedded"
    st.caption(f"{tr('built_at')}: {built} · {tr('embedder')}: {active.embedding} · {tr('where')}: {where}")
    try:
        docs = resources.index_reader().counts()
        st.dataframe(
            pd.DataFrame({tr("kind"): list(docs), tr("documents"): list(docs.values())}), hide_index=True
        )
    except IndexUnavailable as exc:
        st.error(safe_inline(str(exc)))

c1, c2 = st.columns(2)
refresh = c1.button(tr("refresh_index"), icon=":material/sync:", key="ad_refresh", width="stretch")
rebuild = c2.button(
    tr("rebuild_index"), icon=":material/build:", key="ad_rebuild", width="stretch", help=tr("rebuild_help")
)
if refresh or rebuild:
    done = refresh_index(rebuild=rebuild)
    if done:
        st.session_state["ad_flash"] = [("success", f"{tr('indexed')} {done}")]
        st.rerun()  # show the new version and counts above

st.divider()
st.subheader(tr("hit_testing"))
st.caption(tr("hit_caption"))
with st.form("hit-testing"):
    query = st.text_input(tr("query"), placeholder="对方要50%的佣金，太高了怎么谈")
    c1, c2, c3 = st.columns(3)
    k = c1.slider("k", 1, 20, 5)
    kind = c2.selectbox(tr("kind"), ["all", "playbook", "deal"])
    language = c3.selectbox(tr("doc_language"), ["all", "zh", "en"])
    submitted = st.form_submit_button(tr("search_button"))

if submitted and query.strip():
    try:
        hits = resources.index_reader().search(
            query.strip()[:2000],
            k=k,
            kind=None if kind == "all" else kind,
            language=None if language == "all" else language,
        )
    except IndexUnavailable as exc:
        st.error(safe_inline(str(exc)))
        hits = []
    if not hits:
        st.info(tr("no_hits"))
    for rank, hit in enumerate(hits, 1):
        label = f"{rank}. [{hit.kind}/{hit.language}] {hit.title} — {hit.id} · score {hit.score:.4f}"
        with st.expander(safe_inline(label)):
            st.text(hit.text)
