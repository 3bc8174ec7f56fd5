"""Supernode, the Streamlit entry: page setup, the language switch and the page navigation (pages in ui/)."""

import logging

import streamlit as st

from ui import resources
from ui.i18n import LANG_NAMES, LANGS, tr
from ui.session import sign_in, user_id

st.set_page_config(page_title="Supernode 超级节点", page_icon=":material/hub:", layout="wide")

with st.sidebar:
    st.segmented_control(
        tr("language"),
        LANGS,
        default="zh",
        required=True,
        format_func=LANG_NAMES.get,
        key="lang",
        bind="query-params",
    )
sign_in()  # a shared deployment asks for a password (or OIDC login) first; local use goes straight in
user_id()  # keeps ?uid=… in the URL on every page so a reload finds the user's history
notice = resources.history().notice
if notice and not st.session_state.get("notice_seen"):
    st.session_state["notice_seen"] = True
    st.warning(tr("store_notice") + notice, icon=":material/warning:")

pages = [
    st.Page("ui/chat.py", title=tr("page_chat"), icon=":material/forum:", url_path="chat", default=True),
    st.Page(
        "ui/scorecard.py", title=tr("page_scorecard"), icon=":material/fact_check:", url_path="scorecard"
    ),
    st.Page(
        "ui/calculators.py", title=tr("page_calculators"), icon=":material/calculate:", url_path="calculators"
    ),
    st.Page("ui/deal_history.py", title=tr("page_deals"), icon=":material/history_edu:", url_path="deals"),
    st.Page("ui/playbook.py", title=tr("page_playbook"), icon=":material/menu_book:", url_path="playbook"),
    st.Page("ui/admin.py", title=tr("page_admin"), icon=":material/manage_search:", url_path="admin"),
]
page = st.navigation(pages)
try:
    page.run()
except Exception as exc:  # the page boundary: a clear line for the user, the details in the log
    logging.getLogger("supernode.ui").exception("page %s failed", page.url_path)
    st.error(tr("page_failed").format(error=type(exc).__name__), icon=":material/error:")
