"""What an export contains: one statement text, its scan, the brief it is grounded in,
its version and hash, and the reviews of that version.

``document_from_text`` builds one from a text and a brief (ad hoc, no store);
``document_from_store`` from a saved draft version. Either way the text is scanned (or
carries the scan the store made when it saved it), and ``sha256`` is always computed from
the text itself, so a sign-off block can never show a hash of some other text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from assistant.brief import IncidentBrief
from assistant.catalog import CHANNELS, KINDS, LANGUAGES, Channel, Kind
from assistant.errors import InputError, Problem, StoreError
from guardrails import ScanReport, scan


DRILL_MARK = "DIỄN TẬP / DRILL"  # on every export of a drill incident


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8 (the hash reviews are bound to)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReviewEntry(BaseModel):
    """One reviewer's decision on one version (from the store's ReviewRecord)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    role: Literal["lawyer", "pr"]
    decision: Literal["approved", "changes_requested"]
    comment: str = ""
    sha256: str
    date: dt.datetime


class ExportDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    brief: IncidentBrief
    text: str
    scan: ScanReport
    language: Literal["vi", "en"]
    kind: Kind | None = None
    channel: Channel | None = None
    version: int | None = None  # None: ad hoc export, not saved in the store
    draft_id: int | None = None
    author: str | None = None
    backend: str | None = None
    model: str | None = None
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    reviews: list[ReviewEntry] = Field(default_factory=list)
    # roles whose sign-off the workflow requires; None: the scan's needs_review
    required_roles: list[Literal["lawyer", "pr"]] | None = None
    drill: bool = False  # a drill incident: every format carries DRILL_MARK

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def requires(self, role: str) -> bool:
        roles = self.scan.needs_review if self.required_roles is None else self.required_roles
        return role in roles

    def signoff(self, role: str) -> ReviewEntry | None:
        """The latest review by ``role`` of THIS text (its hash), or None."""
        matching = [r for r in self.reviews if r.role == role and r.sha256 == self.sha256]
        return max(matching, key=lambda r: r.date) if matching else None


def document_from_text(
    text: str,
    brief: IncidentBrief,
    kind: str | None = None,
    channel: str | None = None,
    lang: str | None = None,
) -> ExportDocument:
    """An ad hoc export document: ``text`` scanned against ``brief``.

    ``lang`` None: the scan detects the language of the text. An unknown kind, channel or
    language is an InputError naming the field (never a traceback)."""
    problems = [
        Problem(name, f"must be one of: {', '.join(allowed)} (got {value!r})", value=value)
        for name, value, allowed in (("kind", kind, KINDS), ("channel", channel, CHANNELS), ("lang", lang, LANGUAGES))
        if value is not None and value not in allowed
    ]
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem("text", "the text is empty: nothing to export", type="empty", value=text))
    if problems:
        raise InputError("export", problems)
    report = scan(text, brief=brief, lang=lang, kind=kind)
    return ExportDocument(
        brief=brief, text=text, scan=report, language=lang or report.language, kind=kind, channel=channel
    )


def _field(record: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if hasattr(record, name):
            return getattr(record, name)
    return default


def document_from_store(store: Any, draft_id: int, number: int | None = None) -> ExportDocument:
    """The export document of a saved version (the latest when ``number`` is None).

    Raises the store's NotFoundError (exit 2) for an unknown draft or version, and
    StoreError when the stored text no longer matches its stored hash."""
    draft = store.get_draft(draft_id)
    version = store.get_version(draft_id, number)
    incident = store.get_incident(_field(draft, "incident_id"))
    brief = _field(incident, "brief")
    text = version.text
    stored_hash = _field(version, "sha256")
    if stored_hash and stored_hash != text_sha256(text):
        raise StoreError(
            f"draft {draft_id} version {version.number}: the stored text does not match its SHA-256 "
            f"({stored_hash}); the database may have been altered — do not export, restore a backup"
        )
    report = _field(version, "scan") or scan(text, brief=brief, lang=draft.language, kind=draft.kind)
    if not isinstance(report, ScanReport):
        report = ScanReport.model_validate(report)
    reviews = [
        ReviewEntry(
            name=r.reviewer, role=r.role, decision=r.decision, comment=r.comment or "",
            sha256=r.sha256, date=r.created_at,
        )
        for r in store.list_reviews(draft_id, version.number)
    ]
    return ExportDocument(
        brief=brief, text=text, scan=report, language=draft.language, kind=draft.kind,
        channel=draft.channel, version=version.number, draft_id=draft_id,
        author=version.author, backend=version.backend, model=version.model,
        created_at=version.created_at, reviews=reviews,
        required_roles=store.required_roles(draft_id, version.number),
        drill=bool(_field(incident, "is_drill", default=False)),
    )
