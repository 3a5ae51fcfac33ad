"""Choosing a draft and one of its versions (shared by the review and export pages)."""

from __future__ import annotations

import streamlit as st

from assistant.ui.clock import format_local, incident_timezone
from assistant.ui.i18n import has, t


def author_label(author: str, lang: str) -> str:
    """The recorded author; "web" is what the store keeps when nobody typed a name."""
    return t("version.no_author", lang) if author in ("", "web") else author


def backend_label(backend: str, lang: str) -> str:
    if backend == "human":
        return t("version.by_hand", lang)
    return t(f"backend.short.{backend}", lang) if has(f"backend.short.{backend}") else backend


def pick_draft(db, incident_id: int, lang: str, key: str):
    """A draft of the incident (the one in ``?draft=`` first), or ``None`` with a hint."""
    drafts = db.list_drafts(incident_id)
    if not drafts:
        st.info(t("draft.none", lang))
        return None
    by_id = {d.id: d for d in drafts}
    ids = list(by_id)
    wanted = st.query_params.get("draft")
    index = ids.index(int(wanted)) if wanted and str(wanted).isdigit() and int(wanted) in ids else 0
    chosen = st.selectbox(t("draft.pick", lang), ids, index=index, key=key, format_func=lambda i: t(
        "draft.label", lang, id=i, kind=t(f"kind.{by_id[i].kind}", lang), channel=t(f"channel.{by_id[i].channel}", lang),
        language=t(f"language.{by_id[i].language}", lang), status=t(f"status.{by_id[i].status}", lang), version=by_id[i].latest_version or "-"))
    st.query_params["draft"] = str(chosen)
    return by_id[chosen]


def pick_version(db, draft, lang: str, key: str):
    """A version of the draft (the latest by default); conflict copies are labelled."""
    versions = db.list_versions(draft.id)
    if not versions:
        return None
    by_number = {v.number: v for v in versions}
    zone = incident_timezone(db.get_incident(draft.incident_id).brief)
    numbers = sorted(by_number, reverse=True)
    default = numbers.index(draft.latest_version) if draft.latest_version in by_number else 0
    chosen = st.selectbox(t("version.pick", lang), numbers, index=default, key=key, format_func=lambda n: t(
        "version.label", lang, number=n, author=author_label(by_number[n].author, lang),
        backend=backend_label(by_number[n].backend, lang),
        at=format_local(by_number[n].created_at, zone, lang))
        + (" · " + t("brief.conflict_copy", lang) if by_number[n].is_conflict_copy else ""))
    return by_number[chosen]


def previous_version(db, draft_id: int, number: int):
    earlier = [v for v in db.list_versions(draft_id) if v.number < number and not v.is_conflict_copy]
    return max(earlier, key=lambda v: v.number) if earlier else None
