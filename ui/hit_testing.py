"""Retrieval test page ("hit testing"): type a query, see the ranked hits with scores and text."""

from __future__ import annotations

import streamlit as st

from assistant.store import IndexUnavailable
from ui.resources import index_reader

st.title("检索测试 · Hit testing")
st.caption("在索引上做混合检索（向量 + BM25），查看排名、得分和原文。Hybrid search over the index.")

with st.form("hit-testing"):
    query = st.text_input("查询 / Query", placeholder="对方要50%的佣金，太高了怎么谈")
    c1, c2, c3 = st.columns(3)
    k = c1.slider("条数 / k", 1, 20, 5)
    kind = c2.selectbox("类型 / Kind", ["all", "playbook", "deal"])
    lang = c3.selectbox("语言 / Language", ["all", "zh", "en"])
    submitted = st.form_submit_button("检索 / Search")

if submitted and query.strip():
    try:
        hits = index_reader().search(
            query.strip()[:2000],
            k=k,
            kind=None if kind == "all" else kind,
            language=None if lang == "all" else lang,
        )
    except IndexUnavailable as exc:
        st.error(str(exc))
        hits = []
    if not hits and submitted:
        st.info("没有命中 / No hits")
    for rank, hit in enumerate(hits, 1):
        with st.expander(
            f"{rank}. [{hit.kind}/{hit.language}] {hit.title} — {hit.id} · score {hit.score:.4f}"
        ):
            st.text(hit.text)
