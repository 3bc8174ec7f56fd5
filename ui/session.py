"""Who the browser user is (sign-in gate, or an id kept in the URL) and which conversation is open."""

from __future__ import annotations

import re

import streamlit as st

from assistant.history import new_user_id
from ui import resources
from ui.i18n import tr

_ANON = re.compile(r"^[0-9a-f]{32}$")


def sign_in() -> None:
    """The gate of a shared deployment ([supernode_auth] in secrets): a password form or the OIDC login.
    Stops the page until the user is signed in; does nothing for local use (no auth configured)."""
    try:
        rule = resources.auth()
    except ValueError as exc:  # a broken configuration keeps the gate closed and says why
        st.error(tr("auth_config") + str(exc))
        st.stop()
    if not rule.required or st.session_state.get("auth_user"):
        return
    if rule.mode == "oidc":
        if st.user.get("is_logged_in"):
            return
        st.title(tr("app_title"))
        st.button(tr("login_oidc"), on_click=st.login, type="primary")
        st.stop()
    st.title(tr("app_title"))
    with st.form("sign-in"):
        name = st.text_input(tr("user_name"), max_chars=64)
        password = st.text_input(tr("password"), type="password", max_chars=256)
        if st.form_submit_button(tr("sign_in"), type="primary"):
            if rule.check(name.strip(), password):
                st.session_state["auth_user"] = name.strip()
                st.rerun()
            st.error(tr("sign_in_failed"))
    st.stop()


def user_id() -> str:
    """The signed-in user (password gate or OIDC email), else a random id kept in the session and the URL."""
    if st.session_state.get("auth_user"):
        return f"user:{st.session_state['auth_user']}"
    if st.user.get("is_logged_in") and st.user.get("email"):
        return f"user:{st.user.get('email')}"
    uid = st.session_state.get("uid") or st.query_params.get("uid") or ""
    if not _ANON.match(uid):
        uid = new_user_id()
    st.session_state["uid"] = uid
    if st.query_params.get("uid") != uid:
        st.query_params["uid"] = uid
    return f"anon:{uid}"


def conversation_id() -> str | None:
    """The open conversation (session first, then ?c=… after a reload)."""
    cid = st.session_state.get("conv") or st.query_params.get("c")
    return cid if isinstance(cid, str) and _ANON.match(cid) else None


def open_conversation(cid: str | None) -> None:
    """Switch to a conversation (None starts a new chat)."""
    st.session_state["conv"] = cid
    if cid:
        st.query_params["c"] = cid
    elif "c" in st.query_params:
        del st.query_params["c"]
