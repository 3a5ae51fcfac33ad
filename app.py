"""Crisis Desk web UI: `streamlit run app.py`. Navigation and the sidebar only; every page
is a module of assistant/ui/pages with a render() function."""

from __future__ import annotations

import importlib
import logging

import streamlit as st

from assistant.ui import context
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
    context.author_input(lang)
    if context.incident_id() is not None and (db := context.store()) is not None:
        with context.shown_errors():
            st.caption(md_escape(t("app.incident_open", lang, title=db.get_incident(context.incident_id()).title)))

PAGES = [  # (module, url path, string key, icon, section)
    ("incidents", "incidents", "nav.incidents", ":material/folder_open:", "nav.section.work"),
    ("brief", "brief", "nav.brief", ":material/assignment:", "nav.section.work"),
    ("draft", "draft", "nav.draft", ":material/edit_note:", "nav.section.work"),
    ("review", "review", "nav.review", ":material/gavel:", "nav.section.work"),
    ("timeline", "timeline", "nav.timeline", ":material/schedule:", "nav.section.work"),
    ("replies", "replies", "nav.replies", ":material/forum:", "nav.section.work"),
    ("export", "export", "nav.export", ":material/download:", "nav.section.work"),
    ("settings", "settings", "nav.settings", ":material/settings:", "nav.section.setup"),
]

sections: dict[str, list] = {}
for module, path, title, icon, section in PAGES:
    name = f"assistant.ui.pages.{module}"
    if not context.available(name):  # a page another engineer has not delivered yet
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

st.navigation(sections).run()
