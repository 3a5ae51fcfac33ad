"""Users and roles: an incident's owner invites people to it (a lawyer from an outside
firm, a drafter, a PR lead, a viewer) and removes them; an administrator (owner of every
incident) sees every account. Team mode only: solo mode has no accounts."""

from __future__ import annotations

import streamlit as st

from assistant.errors import CrisisDeskError
from assistant.store.accounts import ROLES
from assistant.ui import context, identity
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t


def _invite(db, incident_id: int | None, lang: str) -> None:
    from assistant.services.identity import invite

    s = st.session_state
    password = s.get("ad_password") or None
    s["ad_password"] = ""  # never kept in the session
    try:
        user = invite(db, s.get("ad_email") or "", s["ad_role"], incident_id, actor=context.author(),
                      name=s.get("ad_name") or "", password=password)
    except CrisisDeskError as exc:
        s["ad_message"] = ("error", context.error_text(exc, lang))
        return
    s["ad_message"] = ("success", t("admin.invited", lang, email=md_escape(user.email),
                                    role=t(f"admin.role.{s['ad_role']}", lang)))
    s["ad_email"] = s["ad_name"] = ""


def _remove(db, email: str, role: str, incident_id: int | None, lang: str) -> None:
    try:
        db.revoke(email, role, incident_id, actor=context.author())
        st.session_state["ad_message"] = ("success", t("admin.removed", lang, email=md_escape(email)))
    except CrisisDeskError as exc:
        st.session_state["ad_message"] = ("error", context.error_text(exc, lang))


def _members(db, incident_id: int | None, lang: str) -> None:
    users = db.list_users(incident_id)
    if not users:
        st.caption(t("admin.no_members", lang))
    for u in users:
        for m in u.memberships:
            if incident_id is not None and m.incident_id not in (None, incident_id):
                continue
            cols = st.columns([4, 2, 2, 1])
            cols[0].text(u.email + (f" ({u.name})" if u.name else ""))
            cols[1].text(t(f"admin.role.{m.role}", lang))
            cols[2].text(t("admin.every_incident", lang) if m.incident_id is None else f"#{m.incident_id}")
            if m.incident_id == incident_id and u.email != context.author():  # never lock yourself out
                cols[3].button(t("admin.remove", lang), key=f"ad_rm_{u.id}_{m.role}_{m.incident_id}",
                               on_click=_remove, args=(db, u.email, m.role, m.incident_id, lang))


def render() -> None:
    lang = context.lang()
    st.header(t("admin.header", lang))
    if identity.mode() == "solo":
        st.info(t("admin.solo", lang))
        return
    db = context.store()
    if db is None:
        return
    with context.shown_errors():
        number = context.incident_id()
        admin = identity.is_admin(db)
        if number is not None and "owner" not in identity.roles(db, number) and not admin:
            st.error(t("auth.no_access", lang))
            return
        target = number if number is not None else None
        if target is None and not admin:
            st.info(t("app.no_incident", lang))
            return
        title = db.get_incident(target).title if target is not None else t("admin.every_incident", lang)
        st.subheader(t("admin.members", lang, title=md_escape(title)))
        _members(db, target, lang)
        st.subheader(t("admin.invite_header", lang))
        st.text_input(t("admin.email", lang), key="ad_email")
        st.text_input(t("admin.name", lang), key="ad_name")
        st.selectbox(t("admin.role", lang), ROLES, key="ad_role", format_func=lambda r: t(f"admin.role.{r}", lang),
                     index=ROLES.index("lawyer"))
        st.text_input(t("admin.password", lang), key="ad_password", type="password",
                      help=t("admin.password_help", lang))
        st.button(t("admin.invite", lang), key="ad_invite", type="primary", on_click=_invite, args=(db, target, lang))
        kind, message = st.session_state.pop("ad_message", (None, None))
        if kind:
            getattr(st, kind)(message)
