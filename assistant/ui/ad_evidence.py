"""The advertising records on an incident's product, for the brief and review pages: what
was verified about the product, when and by whom (issue 18)."""

from __future__ import annotations

import streamlit as st

from assistant.ui.i18n import t


def ad_evidence(db, incident_id: int, lang: str) -> None:
    """Nothing when no deal record names the incident's product."""
    from assistant.services.ads import evidence_for_incident

    found = evidence_for_incident(db, incident_id, lang)
    if not found:
        return
    with st.expander(t("sponsored.evidence_header", lang), expanded=True):
        st.caption(t("sponsored.evidence_intro", lang))
        for _deal, lines in found:
            st.text("\n".join(lines))
