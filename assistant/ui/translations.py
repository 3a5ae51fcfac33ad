"""The draft page's answer to a statement the offline drafter cannot write in a language:
the items without a translation, one field each, saved as a new brief version."""

from __future__ import annotations

import streamlit as st

from assistant.ui import context
from assistant.ui.i18n import t

STATE = "dr_missing"


def remember(record, exc) -> None:
    """Keep the missing items (a MissingTranslations) for this incident until they are added."""
    st.session_state[STATE] = {"incident": record.id, "lang": exc.lang, "items": list(exc.missing)}


def offer(db, record, lang: str) -> None:
    """The message and the form, when the last Generate stopped on missing translations."""
    missing = st.session_state.get(STATE)
    if not missing or missing["incident"] != record.id:
        return
    target = missing["lang"]
    st.error(t("draft.missing_translations", lang, count=len(missing["items"]),
               language=t(f"language.{target}", lang)))
    with st.form("dr_translations"):
        answers = {text: st.text_input(f"{field}: {text}", key=f"dr_tr_{n}",
                                       placeholder=t("draft.translation_placeholder", lang,
                                                     language=t(f"language.{target}", lang)))
                   for n, (field, text) in enumerate(missing["items"])}
        if st.form_submit_button(t("draft.save_translations", lang), type="primary"):
            brief = record.brief.with_translations(target, answers)
            db.update_brief(record.id, brief, author=context.author())
            st.session_state.pop(STATE, None)
            st.session_state["flash"] = t("draft.translations_saved", lang, count=sum(1 for v in answers.values() if v.strip()))
            st.rerun()
