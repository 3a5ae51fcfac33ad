"""Who is using the UI: the local owner in solo mode; in team mode a signed-in account
(local password or OpenID Connect through ``st.login``) whose session expires. Also what
that person may see (their roles on the open incident) and the red tamper banner."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from assistant.auth import login, oidc
from assistant.auth.mode import SOLO_IDENTITY, check_address, current_mode
from assistant.auth.permissions import PAGE_ACTIONS, can
from assistant.errors import ConfigError
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t

SIGNIN_KEY = "auth_signin"
ALL_ROLES = ("owner", "drafter", "pr_lead", "lawyer", "viewer")


def mode() -> str:
    return current_mode()


def refuse_wrong_address(lang: str) -> bool:
    """True (after showing why) when solo mode is asked to listen beyond this machine."""
    try:
        check_address(mode(), st.get_option("server.address"))
    except ConfigError as exc:
        st.error(t("auth.wrong_address", lang, error=md_escape(exc.message)))
        return True
    return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def current() -> str | None:
    """The identity every action records: the local owner (solo), the signed-in account's
    e-mail (team), or None when nobody is signed in."""
    if mode() == "solo":
        return SOLO_IDENTITY
    session = st.session_state.get(SIGNIN_KEY)
    if session is None:
        return None
    valid = login.still_valid(session, _now(), login.idle_limit())
    if valid is None:
        st.session_state.pop(SIGNIN_KEY, None)
        st.session_state["auth_message"] = "auth.expired"
        return None
    st.session_state[SIGNIN_KEY] = valid
    return valid.email


def roles(db, incident_id: int | None) -> set[str]:
    """The current person's roles on the incident (every role in solo mode)."""
    if mode() == "solo":
        return set(ALL_ROLES)
    who = current()
    user = db.get_user(who) if (db is not None and who) else None
    return user.roles_on(incident_id) if user else set()


def is_admin(db) -> bool:
    if mode() == "solo":
        return True
    who = current()
    user = db.get_user(who) if (db is not None and who) else None
    return bool(user and user.is_admin)


def may_open_page(db, page: str, incident_id: int | None) -> bool:
    action = PAGE_ACTIONS.get(page)
    if action is None or mode() == "solo":
        return True
    if page == "admin" and is_admin(db):
        return True
    if incident_id is None:  # the page will say "open an incident first"
        user = db.get_user(current() or "") if db is not None else None
        return bool(user) and any(can({m.role}, action) for m in user.memberships)
    return can(roles(db, incident_id), action)


def may_see_incident(db, incident_id: int) -> bool:
    return mode() == "solo" or bool(roles(db, incident_id))


def visible_incidents(db, records):
    return [r for r in records if may_see_incident(db, r.id)]


# ---------------------------------------------------------------------- signing in
def _try_password(db, lang: str) -> None:
    from assistant.services.identity import sign_in

    s = st.session_state
    result = sign_in(db, s.get("auth_email") or "", s.get("auth_password") or "")
    s["auth_password"] = ""  # never kept in the session
    if result.ok:
        s[SIGNIN_KEY] = result.session
        s.pop("auth_message", None)
    else:
        s["auth_message"] = f"auth.{result.code}"


def _oidc_identity(db, lang: str) -> str | None:
    """The account of an OpenID Connect sign-in (``st.user``), or None."""
    try:
        user_info = st.user
        logged_in = bool(user_info.get("is_logged_in"))
    except Exception:  # noqa: BLE001 - no [auth] configured: st.user is empty
        return None
    if not logged_in:
        return None
    account = oidc.account_for(db, user_info.to_dict())
    if account is None:
        st.error(t("auth.no_account", lang, email=md_escape(oidc.email_from_claims(user_info.to_dict()) or "?")))
        st.button(t("auth.logout", lang), key="auth_oidc_logout", on_click=st.logout)
        return None
    now = _now()
    st.session_state[SIGNIN_KEY] = login.SignIn(account.email, "oidc", now, now)
    db.record_login(account.email, True)
    return account.email


def require_sign_in(db, lang: str) -> str | None:
    """The signed-in identity; in team mode without one, the sign-in form (and nothing of
    any incident) is drawn and None returned."""
    who = current()
    if who is not None or mode() == "solo" or db is None:
        return who
    from assistant.ui.context import secrets

    who = _oidc_identity(db, lang) if oidc.configured(secrets()) else None
    if who is not None:
        return who
    st.header(t("auth.header", lang))
    st.caption(t("auth.intro", lang))
    code = st.session_state.pop("auth_message", None)
    if code:
        st.error(t(code, lang, minutes=int(login.WINDOW.total_seconds() // 60)))
    with st.form("auth_form"):
        st.text_input(t("auth.email", lang), key="auth_email")
        st.text_input(t("auth.password", lang), key="auth_password", type="password")
        st.form_submit_button(t("auth.sign_in", lang), on_click=_try_password, args=(db, lang), type="primary")
    if oidc.configured(secrets()):
        st.button(t("auth.sso", lang), key="auth_sso", on_click=st.login)
    return None


def sidebar(db, lang: str) -> None:
    who = current()
    if mode() == "solo":
        st.caption(t("auth.solo", lang))
        return
    if who is None:
        return
    st.caption(t("auth.signed_in", lang, email=md_escape(who)))
    st.button(t("auth.logout", lang), key="auth_logout", on_click=_sign_out)


def _sign_out() -> None:
    session = st.session_state.pop(SIGNIN_KEY, None)
    if session is not None and session.method == "oidc":
        st.logout()


# ---------------------------------------------------------------------- tamper banner
@st.cache_resource(show_spinner=False, ttl=300)
def _integrity(url: str | None):
    from assistant.services.identity import verify
    from assistant.ui.context import _open_store

    return verify(_open_store(url))


def tamper_banner(lang: str) -> None:
    """The check `crisis-desk verify` runs, when the app opens the database: a red banner
    naming what is wrong."""
    try:
        problems = _integrity(os.environ.get("CRISIS_DESK_DB"))
    except Exception:  # noqa: BLE001 - the store's own error is shown by the page
        return
    if problems:
        lines = "\n".join(f"- {md_escape(p.describe())}" for p in problems[:10])
        more = t("auth.tamper_more", lang, count=len(problems) - 10) if len(problems) > 10 else ""
        st.error(t("auth.tampered", lang, count=len(problems)) + "\n\n" + lines + more, icon=":material/gpp_bad:")
