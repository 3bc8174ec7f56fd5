"""Supernode, the Streamlit entry: page setup, the language switch and the page navigation (pages in ui/)."""

import logging
import time

import streamlit as st

from ui import resources
from ui.i18n import LANG_NAMES, LANGS, tr
from ui.session import remember_user, sign_in

st.session_state["run_started"] = time.perf_counter()  # the chat measures the user's wait from here
st.set_page_config(page_title="Supernode 超级节点", page_icon=":material/hub:", layout="wide")
# narrow screens (a 390 px phone): tables scroll sideways instead of squeezing each column to a few characters
st.html(
    """<style>
    [data-testid="stMarkdownContainer"] table { display: block; max-width: 100%; overflow-x: auto; }
    [data-testid="stMarkdownContainer"] table th, [data-testid="stMarkdownContainer"] table td {
        min-width: 7rem; }
    [data-testid="stMarkdownContainer"] table td:first-child { min-width: 8rem; }
    @media (max-width: 640px) {
        [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
        [data-testid="stMetricValue"] { font-size: 1.5rem; }
        [data-testid="stChatMessage"] { padding-left: 0; padding-right: 0; }
        /* a verdict's key numbers two by two, not one per screen row */
        [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
            flex-direction: row !important; flex-wrap: wrap !important; row-gap: 0.25rem !important; }
        [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
            > [data-testid="stColumn"] {
            flex: 1 1 calc(50% - 1rem) !important; min-width: calc(50% - 1rem) !important; }
    }
    </style>"""
)


def _language_to_url() -> None:
    """Keep the chosen language in the link (?lang=en), so a shared or reloaded link opens in it."""
    if st.session_state.get("lang") == "en":
        st.query_params["lang"] = "en"
    elif "lang" in st.query_params:
        del st.query_params["lang"]


if st.session_state.get("lang") not in LANGS:  # a new session: ?lang=en in the link decides, else Chinese
    asked = st.query_params.get("lang")
    st.session_state["lang"] = asked if asked in LANGS else "zh"
with st.sidebar:
    st.segmented_control(
        tr("language"),
        LANGS,
        required=True,
        format_func=LANG_NAMES.get,
        key="lang",
        on_change=_language_to_url,
    )
sign_in()  # a shared deployment asks for a password (or OIDC login) first; local use goes straight in
remember_user()  # the anonymous id in a cookie (new tabs, restarts) and in ?uid=… (links, reloads)
notice = resources.history().notice
if notice and not st.session_state.get("notice_seen"):
    st.session_state["notice_seen"] = True
    st.warning(tr("store_notice") + notice, icon=":material/warning:")

chat = "ui/chat.py"
pages = [
    st.Page(chat, title=tr("page_chat"), icon=":material/forum:", url_path="start", default=True),
    st.Page(
        "ui/scorecard.py", title=tr("page_scorecard"), icon=":material/fact_check:", url_path="scorecard"
    ),
    st.Page(
        "ui/calculators.py", title=tr("page_calculators"), icon=":material/calculate:", url_path="calculators"
    ),
    st.Page("ui/deal_history.py", title=tr("page_deals"), icon=":material/history_edu:", url_path="deals"),
    st.Page("ui/playbook.py", title=tr("page_playbook"), icon=":material/menu_book:", url_path="playbook"),
    st.Page("ui/admin.py", title=tr("page_admin"), icon=":material/manage_search:", url_path="admin"),
    # /chat (a link to the chat by name) opens the same page; the menu lists the chat once, at the root
    st.Page(chat, title=tr("page_chat"), icon=":material/forum:", url_path="chat", visibility="hidden"),
]
page = st.navigation(pages)
try:
    page.run()
except Exception as exc:  # the page boundary: a clear line for the user, the details in the log
    logging.getLogger("supernode.ui").exception("page %s failed", page.url_path)
    st.error(tr("page_failed").format(error=type(exc).__name__), icon=":material/error:")
