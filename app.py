"""Crisis Desk web UI: `streamlit run app.py`. Navigation and the sidebar only; every page
is a module of assistant/ui/pages with a render() function."""

from __future__ import annotations

import importlib
import logging

import streamlit as st

from assistant.ui import context, identity
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t

st.set_page_config(page_title="Crisis Desk", page_icon=":material/support:", layout="wide")

with st.sidebar:
    st.selectbox(
        t("app.language", context.lang()), options=["vi", "en"], key=context.LANG_KEY,
        index=["vi", "en"].index(context.lang()),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
    )
    lang = context.lang()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang  # a refresh keeps the language
if identity.refuse_wrong_address(lang):
    st.stop()
db = context.store()
identity.tamper_banner(lang)
if identity.require_sign_in(db, lang) is None and identity.mode() == "team":
    st.stop()  # a visitor without an account sees the sign-in form and nothing else
with st.sidebar:
    identity.sidebar(db, lang)
    if context.incident_id() is not None and db is not None and identity.may_see_incident(db, context.incident_id()):
        with context.shown_errors():
            open_incident = db.get_incident(context.incident_id())
            mark = f"[{t('drills.mark', lang)}] " if open_incident.is_drill else ""  # a drill, on every page
            st.caption(md_escape(t("app.incident_open", lang, title=mark + open_incident.title)))

PAGES = [  # (module, url path, string key, icon, section)
    ("incidents", "incidents", "nav.incidents", ":material/folder_open:", "nav.section.work"),
    ("brief", "brief", "nav.brief", ":material/assignment:", "nav.section.work"),
    ("draft", "draft", "nav.draft", ":material/edit_note:", "nav.section.work"),
    ("review", "review", "nav.review", ":material/gavel:", "nav.section.work"),
    ("timeline", "timeline", "nav.timeline", ":material/schedule:", "nav.section.work"),
    ("replies", "replies", "nav.replies", ":material/forum:", "nav.section.work"),
    ("export", "export", "nav.export", ":material/download:", "nav.section.work"),
    ("recovery", "recovery", "nav.recovery", ":material/healing:", "nav.section.work"),
    ("sponsored", "sponsored", "nav.sponsored", ":material/campaign:", "nav.section.work"),
    ("plans", "plans", "nav.plans", ":material/menu_book:", "nav.section.prepare"),
    ("drills", "drills", "nav.drills", ":material/sports_score:", "nav.section.prepare"),
    ("settings", "settings", "nav.settings", ":material/settings:", "nav.section.setup"),
    ("admin", "admin", "nav.admin", ":material/group:", "nav.section.setup"),
]

sections: dict[str, list] = {}
for module, path, title, icon, section in PAGES:
    name = f"assistant.ui.pages.{module}"
    if not identity.may_open_page(db, module, context.incident_id()):  # e.g. a lawyer: review and export only
        continue
    try:
        page = importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - one broken page must not take the crisis room down
        logging.getLogger("crisis_desk.ui").exception("page %s failed to load", name)
        st.sidebar.error(t("app.page_failed", lang, page=t(title, lang), error=md_escape(f"{type(exc).__name__}: {exc}")))
        continue
    sections.setdefault(t(section, lang), []).append(
        st.Page(context.guarded(page.render), title=t(title, lang), icon=icon, url_path=path,
                default=(module == "incidents"))
    )

st.navigation(sections, expanded=True).run()  # every page listed: no "view more" fold
