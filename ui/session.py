"""Who the browser user is (sign-in gate, or an anonymous id kept in a cookie and the URL) and which
conversation is open."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from assistant.history import new_user_id, valid_user_id
from ui import resources
from ui.i18n import tr

_ANON = re.compile(r"^[0-9a-f]{32}$")
COOKIE = "supernode_uid"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers keep (400 days), renewed on every visit


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


def resolve_anonymous(session: Any, link: Any, cookie: Any) -> tuple[str, bool]:
    """The anonymous id of this browser user and whether to write it to the cookie: the session's id, else
    the link's (?uid=, so shared and old links keep working), else the cookie's (a new tab, a restart), else
    a new one. Each is used only if valid (32 lowercase hex characters: a hostile cookie or link value is
    ignored). The cookie is written when the browser has no valid one, never over another valid id."""
    uid = valid_user_id(session) or valid_user_id(link) or valid_user_id(cookie) or new_user_id()
    return uid, valid_user_id(cookie) is None


def _cookie_value() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no browser request behind this run (a bare script run)
        return None
    return value if isinstance(value, str) else None


def _write_cookie(uid: str) -> None:
    """Keep the id in the browser (a first-party cookie the next tab sends with its first request). `uid` is
    valid hex, so the script holds no user text."""
    assert valid_user_id(uid)
    st.sidebar.html(
        f"<script>document.cookie='{COOKIE}={uid}; path=/; max-age={COOKIE_MAX_AGE}; SameSite=Lax'</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def user_id() -> str:
    """The signed-in user (password gate or OIDC email), else an anonymous id kept in the session, a cookie
    (so a new tab or a restarted browser finds the history) and the URL (so a link or a reload does)."""
    if st.session_state.get("auth_user"):
        return f"user:{st.session_state['auth_user']}"
    if st.user.get("is_logged_in") and st.user.get("email"):
        return f"user:{st.user.get('email')}"
    uid, _ = resolve_anonymous(st.session_state.get("uid"), st.query_params.get("uid"), _cookie_value())
    st.session_state["uid"] = uid
    if st.query_params.get("uid") != uid:
        st.query_params["uid"] = uid
    return f"anon:{uid}"


def remember_user() -> str:
    """user_id(), and the anonymous id written to the browser's cookie on every run until the browser sends
    a valid one back (called once per run, by the app before the page)."""
    user = user_id()
    if user.startswith("anon:") and valid_user_id(_cookie_value()) is None:
        _write_cookie(user.removeprefix("anon:"))
    return user


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
