"""Drafts and their immutable versions. The store keeps the scan report it is given (as
JSON, computed by the service layer); it never scans."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.catalog import CHANNELS, KINDS, LANGUAGES
from assistant.errors import ConflictError, InputError, NotFoundError, Problem, StoreError
from assistant.store.core import require_choice, require_text
from assistant.store.incidents import IncidentsMixin
from assistant.store.messages import refusal
from assistant.store.models import Draft, Version, utc_now
from assistant.store.records import DraftRecord, VersionRecord
from assistant.store.workflow import text_sha256


def _version_record(v: Version) -> VersionRecord:
    return VersionRecord(id=v.id, draft_id=v.draft_id, number=v.number, text=v.text, sha256=v.sha256,
                         author=v.author, backend=v.backend, model=v.model, scan_json=v.scan_json,
                         created_at=v.created_at, is_conflict_copy=v.is_conflict_copy, parent=v.parent)


NOT_SCANNED = "not scanned: saved without a guardrails report (both roles must review)"


class StaleScanError(StoreError):
    """The brief changed between the scan of a text and its save: scan again."""


class DraftsMixin(IncidentsMixin):
    @staticmethod
    def _latest_number(s: Session, draft_id: int) -> int | None:
        return s.scalar(select(func.max(Version.number))
                        .where(Version.draft_id == draft_id, Version.is_conflict_copy.is_(False)))

    def _draft_record(self, s: Session, d: Draft) -> DraftRecord:
        return DraftRecord(id=d.id, incident_id=d.incident_id, kind=d.kind, channel=d.channel, language=d.language,
                           status=d.status, author=d.author, created_at=d.created_at, updated_at=d.updated_at,
                           latest_version=self._latest_number(s, d.id))

    @staticmethod
    def _version(s: Session, draft_id: int, number: int | None) -> Version:
        q = select(Version).where(Version.draft_id == draft_id)
        if number is None:
            q = q.where(Version.is_conflict_copy.is_(False)).order_by(Version.number.desc()).limit(1)
        else:
            q = q.where(Version.number == number)
        row = s.scalars(q).first()
        if row is None:
            if number is None:
                raise refusal(NotFoundError, "store.no_version_yet", draft=draft_id)
            raise refusal(NotFoundError, "store.version_not_found", draft=draft_id, number=number)
        return row

    # ------------------------------------------------------------------ drafts
    def create_draft(self, incident_id: int, kind: str, channel: str, language: str, author: str) -> DraftRecord:
        kind = require_choice(kind, "kind", KINDS, "draft")
        channel = require_choice(channel, "channel", CHANNELS, "draft")
        language = require_choice(language, "language", LANGUAGES, "draft")
        author = require_text(author, "author", "draft")
        now = utc_now()
        with self.session() as s:
            self._incident(s, incident_id)
            row = Draft(incident_id=incident_id, kind=kind, channel=channel, language=language, status="draft",
                        author=author, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            self._audit(s, author, "draft.create", "draft", row.id, incident_id,
                        kind=kind, channel=channel, language=language)
            return self._draft_record(s, row)

    def list_drafts(self, incident_id: int) -> list[DraftRecord]:
        """The incident's drafts, oldest first."""
        with self._reading() as s:
            self._incident(s, incident_id)
            rows = s.scalars(select(Draft).where(Draft.incident_id == incident_id).order_by(Draft.id))
            return [self._draft_record(s, d) for d in rows]

    def get_draft(self, draft_id: int) -> DraftRecord:
        with self._reading() as s:
            return self._draft_record(s, self._draft(s, draft_id))

    # ------------------------------------------------------------------ versions
    def add_version(self, draft_id: int, text: str, author: str, backend: str = "human",
                    model: str | None = None, parent: int | None = None, *, scan_json: str | None = None,
                    scan_error: str | None = None, brief_version: int | None = None) -> VersionRecord:
        """Save a new immutable version with the scan report the caller computed.

        ``scan_json``: the guardrails report of ``text`` against brief version
        ``brief_version`` (``assistant.services.drafts.save_version`` does both). If the
        brief has changed since, :class:`StaleScanError` is raised and nothing is saved:
        the caller scans again. Without a report the version needs both roles and the
        audit log says why (``scan_error``). ``parent`` is the version the editor started
        from (None: no check). If it is no longer the latest, the text is saved as a
        flagged conflict copy and :class:`ConflictError` is raised with ``kept_version``
        set to its number. A new version voids earlier approvals: the draft goes back to
        ``draft``.
        """
        if not isinstance(text, str) or not text.strip():
            raise InputError("version", [Problem("text", "must be a non-empty text", type="string_too_short", value=text)])
        author = require_text(author, "author", "version")
        backend = require_text(backend, "backend", "version", max_length=40)
        if model is not None:
            model = require_text(model, "model", "version")
        if scan_json is None and scan_error is None:
            scan_error = NOT_SCANNED
        conflict: ConflictError | None = None
        with self.session() as s:
            draft = self._draft(s, draft_id, lock=True)
            if brief_version is not None:
                current = self._current_brief(s, draft.incident_id).number
                if current != brief_version:
                    raise StaleScanError(f"draft {draft_id}: the brief changed (version {brief_version} → "
                                         f"{current}) while the text was scanned; scan again")
            latest = self._latest_number(s, draft_id)
            latest_author = s.scalar(select(Version.author).where(Version.draft_id == draft_id,
                                                                  Version.number == latest)) if latest else None
            number = (s.scalar(select(func.max(Version.number)).where(Version.draft_id == draft_id)) or 0) + 1
            stale = parent is not None and parent != latest
            row = Version(draft_id=draft_id, number=number, text=text, sha256=text_sha256(text), author=author,
                          backend=backend, model=model, scan_json=scan_json,
                          created_at=utc_now(), is_conflict_copy=stale, parent=parent)
            s.add(row)
            s.flush()
            if stale:
                self._audit(s, author, "version.conflict", "draft", draft_id, draft.incident_id,
                            kept_version=number, parent=parent, latest=latest, scan_error=scan_error)
                conflict = refusal(ConflictError, "store.version_conflict", draft=draft_id, latest=latest,
                                   other=latest_author or "?", parent=parent, kept=number)
                conflict.kept_version = number  # type: ignore[attr-defined]
            else:
                draft.status = "draft"
                draft.updated_at = row.created_at
                self._audit(s, author, "version.add", "draft", draft_id, draft.incident_id, number=number,
                            sha256=row.sha256, backend=backend, model=model, scan_error=scan_error)
            record = _version_record(row)
        if conflict is not None:
            raise conflict
        return record

    def list_versions(self, draft_id: int) -> list[VersionRecord]:
        """Every version of the draft, oldest first (conflict copies included, flagged)."""
        with self._reading() as s:
            self._draft(s, draft_id)
            rows = s.scalars(select(Version).where(Version.draft_id == draft_id).order_by(Version.number))
            return [_version_record(v) for v in rows]

    def get_version(self, draft_id: int, number: int | None = None) -> VersionRecord:
        """One version; the latest (not a conflict copy) when ``number`` is None."""
        with self._reading() as s:
            self._draft(s, draft_id)
            return _version_record(self._version(s, draft_id, number))
