"""Export a text or a saved version: the document carries the scan report — for a saved
version the one stored with its exact text (scanned now only if none was stored).

    doc = document_from_text(text, brief, kind="apology", channel="facebook", lang="vi")
    doc = document_from_store(store, draft_id, number=None)
    data = export_version(store, draft_id, number, "docx")
"""

from __future__ import annotations

from typing import Any

from assistant.brief import IncidentBrief
from assistant.errors import StoreError
from assistant.export import export
from assistant.export.document import ExportDocument, ReviewEntry, check_text_export, text_sha256
from assistant.services.drafts import stored_scan
from assistant.services.scanning import scan_text


def document_from_text(text: str, brief: IncidentBrief, kind: str | None = None, channel: str | None = None,
                       lang: str | None = None) -> ExportDocument:
    """An ad hoc export document: ``text`` scanned against ``brief``. ``lang`` None: the
    scan detects the language of the text."""
    check_text_export(text, kind, channel, lang)
    report = scan_text(text, brief, lang, kind)
    return ExportDocument(brief=brief, text=text, scan=report, language=lang or report.language, kind=kind,
                          channel=channel)


def document_from_store(store: Any, draft_id: int, number: int | None = None) -> ExportDocument:
    """The export document of a saved version (the latest when ``number`` is None).

    Raises the store's NotFoundError (exit 2) for an unknown draft or version, and
    StoreError when the stored text no longer matches its stored hash."""
    draft = store.get_draft(draft_id)
    version = store.get_version(draft_id, number)
    incident = store.get_incident(draft.incident_id)
    brief = incident.brief
    text = version.text
    if version.sha256 and version.sha256 != text_sha256(text):
        raise StoreError(
            f"draft {draft_id} version {version.number}: the stored text does not match its SHA-256 "
            f"({version.sha256}); the database may have been altered — do not export, restore a backup"
        )
    report = stored_scan(version) or scan_text(text, brief, draft.language, draft.kind)
    reviews = [
        ReviewEntry(name=r.reviewer, role=r.role, decision=r.decision, comment=r.comment or "",
                    sha256=r.sha256, date=r.created_at)
        for r in store.list_reviews(draft_id, version.number)
    ]
    return ExportDocument(
        brief=brief, text=text, scan=report, language=draft.language, kind=draft.kind,
        channel=draft.channel, version=version.number, draft_id=draft_id,
        author=version.author, backend=version.backend, model=version.model,
        created_at=version.created_at, reviews=reviews,
        required_roles=store.required_roles(draft_id, version.number),
        drill=bool(getattr(incident, "is_drill", False)),
    )


def export_version(store: Any, draft_id: int, number: int | None, fmt: str) -> bytes:
    return export(document_from_store(store, draft_id, number), fmt)
