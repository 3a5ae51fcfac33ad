"""Small pieces of UI used by more than one page."""

from __future__ import annotations

import streamlit as st

from assistant.ui.i18n import t
from assistant.ui.labels import checklist_label


def checklist(report, lang: str) -> None:
    """The principles checklist: met / missing, optional items marked."""
    st.markdown("**" + t("draft.checklist", lang) + "**")
    for item in report.checklist:
        label, _ = checklist_label(item.id, lang)
        mark = "✓ " + t("check.met", lang) if item.met else "✗ " + t("check.missing", lang)
        st.text(f"{mark} · {label}" + ("" if item.required else " " + t("check.optional", lang)))
