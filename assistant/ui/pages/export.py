"""Export: any version as Word, PDF, Markdown or JSON."""

from __future__ import annotations

import streamlit as st

from assistant.ui import context
from assistant.ui.i18n import t
from assistant.ui.picker import pick_draft, pick_version

FORMATS = {  # format -> (mime type, string key)
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "export.docx"),
    "pdf": ("application/pdf", "export.pdf"),
    "md": ("text/markdown", "export.md"),
    "json": ("application/json", "export.json"),
}


def _exporter(db, draft_id: int, number: int, fmt: str):
    """The file is only built when the button is pressed (PDF takes a moment)."""
    def build() -> bytes:
        from assistant.export import export
        from assistant.services.exports import document_from_store
        from assistant.services.identity import record_export

        doc = document_from_store(db, draft_id, number)  # re-hashes the stored text, refuses a mismatch
        data = export(doc, fmt)
        record_export(db, draft_id, number, fmt, doc.sha256, actor=context.author())
        return data
    return build


def render() -> None:
    lang = context.lang()
    st.header(t("export.header", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    st.caption(t("export.intro", lang))
    with context.shown_errors():
        draft = pick_draft(db, record.id, lang, key="ex_pick")
        version = pick_version(db, draft, lang, key="ex_version") if draft else None
        if version is None:
            return
        approvals = {r.role for r in db.list_reviews(draft.id, version.number)
                     if r.decision == "approved" and r.sha256 == version.sha256}
        approved = bool(approvals) and set(db.required_roles(draft.id, version.number)) <= approvals
        status = t(f"status.{draft.status}", lang) if version.number == draft.latest_version else t("status.superseded", lang)
        (st.success if approved else st.warning)(t("export.approved" if approved else "export.not_approved", lang,
                                                   version=version.number, status=status))
        st.text(version.text)
        cols = st.columns(len(FORMATS))
        for col, (fmt, (mime, label)) in zip(cols, FORMATS.items()):
            col.download_button(t(label, lang), data=_exporter(db, draft.id, version.number, fmt),
                                file_name=f"crisis-desk-{draft.id}-v{version.number}.{fmt}", mime=mime,
                                key=f"ex_{fmt}", on_click="ignore")
