"""Drafts in the store: draft and save, save a version, submit, review, publish — and the
stored scan every screen shows.

    version = save_version(store, draft_id, text, author="Linh", parent=1)
    report = stored_scan(version)       # what the editor, the review and the export show

A text is scanned once (``scanning.scan_text``, cached by hash) against the incident's
current brief and stored with that report; the store never scans.
"""

from __future__ import annotations

from typing import Any

from assistant.drafting.result import Draft
from assistant.services.scanning import scan_json
from assistant.settings import BackendSettings
from assistant.store.drafts import StaleScanError
from assistant.store.records import DraftRecord, VersionRecord
from guardrails.report import ScanReport

_ATTEMPTS = 3  # a brief saved while we scan: scan again against the new one


def stored_scan(version: VersionRecord) -> ScanReport | None:
    """The report stored with ``version`` (``None``: it was saved unscanned or the scanner
    failed — both roles must review)."""
    return ScanReport.model_validate_json(version.scan_json) if version.scan_json else None


def save_version(store: Any, draft_id: int, text: str, author: str, backend: str = "human",
                 model: str | None = None, parent: int | None = None,
                 settings: BackendSettings | None = None) -> VersionRecord:
    """Scan ``text`` against the incident's current brief (with the model review when
    ``settings`` — default the environment — configure a model) and save it as a new
    version (see ``Store.add_version`` for conflicts). A scanner error does not lose the
    text: the version is saved without a report and needs both roles."""
    draft = store.get_draft(draft_id)
    for attempt in range(_ATTEMPTS):
        incident = store.get_incident(draft.incident_id)
        report, error = scan_json(text, incident.brief, draft.language, draft.kind, settings)
        try:
            return store.add_version(draft_id, text, author, backend=backend, model=model, parent=parent,
                                     scan_json=report, scan_error=error, brief_version=incident.brief_version)
        except StaleScanError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def save_draft(store: Any, incident_id: int, result: Draft, author: str,
               settings: BackendSettings | None = None) -> tuple[DraftRecord, VersionRecord]:
    """A generated draft saved as version 1 of a new draft (its scan is the cached one)."""
    record = store.create_draft(incident_id, result.kind, result.channel, result.language, author=author)
    version = save_version(store, record.id, result.text, author, backend=result.backend, model=result.model,
                           settings=settings)
    return record, version


def submit(store: Any, draft_id: int, number: int, actor: str, **options: Any) -> DraftRecord:
    return store.submit_for_review(draft_id, number, actor=actor, **options)


def review(store: Any, draft_id: int, number: int, **decision: Any):
    return store.review(draft_id, number, **decision)


def publish(store: Any, draft_id: int, number: int, **options: Any):
    return store.publish(draft_id, number, **options)
