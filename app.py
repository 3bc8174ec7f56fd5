"""Supernode, the Streamlit entry: page navigation only; every page lives in ui/."""

import streamlit as st

st.set_page_config(page_title="Supernode 超级节点", page_icon="🔗", layout="wide")

pages = [
    st.Page("ui/hit_testing.py", title="检索测试 Hit testing", icon="🔎", default=True),
]
st.navigation(pages).run()
