"""Incidents, their versioned briefs, and autosaved working copies."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.brief import IncidentBrief
from assistant.errors import ConflictError, InputError, Problem
from assistant.store.accounts import make_owner
from assistant.store.core import StoreCore, require_text
from assistant.store.messages import refusal
from assistant.store.models import BriefVersion, Incident, WorkingCopy, utc_now
from assistant.store.records import BriefVersionRecord, IncidentRecord


def _check_brief(brief: object) -> IncidentBrief:
    if not isinstance(brief, IncidentBrief):
        raise InputError("brief", [Problem("(top level)", "expected an IncidentBrief (use load_brief or validate_brief)",
                                           type="model_type", value=brief)])
    return brief


def _brief_version_record(b: BriefVersion) -> BriefVersionRecord:
    return BriefVersionRecord(incident_id=b.incident_id, number=b.number,
                              brief=IncidentBrief.model_validate_json(b.brief_json), author=b.author,
                              created_at=b.created_at, is_conflict_copy=b.is_conflict_copy, parent=b.parent)


class IncidentsMixin(StoreCore):
    # ------------------------------------------------------------------ records
    @staticmethod
    def _current_brief(s: Session, incident_id: int) -> BriefVersion:
        q = (select(BriefVersion)
             .where(BriefVersion.incident_id == incident_id, BriefVersion.is_conflict_copy.is_(False))
             .order_by(BriefVersion.number.desc()).limit(1))
        return s.scalars(q).one()

    def _incident_record(self, s: Session, row: Incident, current: BriefVersion | None = None) -> IncidentRecord:
        current = current or self._current_brief(s, row.id)
        return IncidentRecord(id=row.id, title=row.title, brief=IncidentBrief.model_validate_json(current.brief_json),
                              brief_version=current.number, created_by=row.created_by,
                              created_at=row.created_at, updated_at=row.updated_at, is_drill=bool(row.is_drill))

    # ------------------------------------------------------------------ incidents
    def create_incident(self, brief: IncidentBrief, author: str, is_drill: bool = False) -> IncidentRecord:
        """A new incident whose brief is version 1 (``is_drill``: a drill, kept apart)."""
        brief = _check_brief(brief)
        author = require_text(author, "author")
        now = utc_now()
        with self.session() as s:
            row = Incident(title=brief.incident.title, created_by=author, created_at=now, updated_at=now,
                           is_drill=bool(is_drill))
            s.add(row)
            s.flush()
            s.add(BriefVersion(incident_id=row.id, number=1, brief_json=brief.model_dump_json(), author=author,
                               created_at=now, is_conflict_copy=False, parent=None))
            self._audit(s, author, "incident.create", "incident", row.id, row.id, title=row.title, brief_version=1,
                        **({"drill": True} if is_drill else {}))
            make_owner(s, author, row.id)
            s.flush()
            return self._incident_record(s, row)

    def list_incidents(self, drills: bool = False) -> list[IncidentRecord]:
        """Every real incident, newest first (``drills=True``: the drills instead)."""
        latest = (select(BriefVersion.incident_id, func.max(BriefVersion.number).label("number"))
                  .where(BriefVersion.is_conflict_copy.is_(False)).group_by(BriefVersion.incident_id).subquery())
        q = (select(Incident, BriefVersion)
             .join(latest, latest.c.incident_id == Incident.id)
             .join(BriefVersion, (BriefVersion.incident_id == Incident.id) & (BriefVersion.number == latest.c.number))
             .where(Incident.is_drill.is_(bool(drills)))
             .order_by(Incident.created_at.desc(), Incident.id.desc()))
        with self._reading() as s:
            return [self._incident_record(s, row, current) for row, current in s.execute(q)]

    def get_incident(self, incident_id: int) -> IncidentRecord:
        with self._reading() as s:
            return self._incident_record(s, self._incident(s, incident_id))

    def update_brief(self, incident_id: int, brief: IncidentBrief, author: str,
                     expected_version: int | None = None) -> IncidentRecord:
        """Save a new brief version. When ``expected_version`` (the version the editor
        started from) is no longer current, the brief is kept as a conflict copy and
        :class:`ConflictError` is raised with ``kept_version``."""
        brief = _check_brief(brief)
        author = require_text(author, "author")
        now = utc_now()
        conflict: ConflictError | None = None
        with self.session() as s:
            row = self._incident(s, incident_id, lock=True)
            current = self._current_brief(s, incident_id)
            number = (s.scalar(select(func.max(BriefVersion.number))
                               .where(BriefVersion.incident_id == incident_id)) or 0) + 1
            stale = expected_version is not None and expected_version != current.number
            s.add(BriefVersion(incident_id=incident_id, number=number, brief_json=brief.model_dump_json(),
                               author=author, created_at=now, is_conflict_copy=stale,
                               parent=expected_version if expected_version is not None else current.number))
            if stale:
                self._audit(s, author, "brief.conflict", "incident", incident_id, incident_id,
                            kept_version=number, expected_version=expected_version, current_version=current.number)
                conflict = refusal(ConflictError, "store.brief_conflict", incident=incident_id, other=current.author,
                                   current=current.number, expected=expected_version, kept=number)
                conflict.kept_version = number  # type: ignore[attr-defined]
            else:
                row.title = brief.incident.title
                row.updated_at = now
                self._audit(s, author, "brief.update", "incident", incident_id, incident_id, brief_version=number)
            s.flush()
            record = self._incident_record(s, row)
        if conflict is not None:
            raise conflict
        return record

    def brief_history(self, incident_id: int) -> list[BriefVersionRecord]:
        """Every brief version of the incident, oldest first (conflict copies flagged)."""
        with self._reading() as s:
            self._incident(s, incident_id)
            rows = s.scalars(select(BriefVersion).where(BriefVersion.incident_id == incident_id)
                             .order_by(BriefVersion.number))
            return [_brief_version_record(b) for b in rows]

    # ------------------------------------------------------------------ working copies
    def save_working_copy(self, incident_id: int, key: str, data: dict | str) -> None:
        """Autosave unfinished editor state (not audited: it is not a decision)."""
        key = require_text(key, "key")
        if not isinstance(data, (dict, str)):
            raise InputError("working copy", [Problem("data", "must be a mapping or a text", type="type", value=data)])
        try:
            payload = json.dumps(data, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise InputError("working copy", [Problem("data", f"cannot be saved as JSON ({exc})", type="json")]) from None
        with self.session() as s:
            self._incident(s, incident_id)
            row = s.scalars(select(WorkingCopy).where(WorkingCopy.incident_id == incident_id,
                                                      WorkingCopy.key == key)).first()
            if row is None:
                s.add(WorkingCopy(incident_id=incident_id, key=key, data_json=payload, updated_at=utc_now()))
            else:
                row.data_json = payload
                row.updated_at = utc_now()

    def load_working_copy(self, incident_id: int, key: str) -> dict | str | None:
        key = key.strip() if isinstance(key, str) else key
        with self._reading() as s:
            row = s.scalars(select(WorkingCopy).where(WorkingCopy.incident_id == incident_id,
                                                      WorkingCopy.key == key)).first()
            return None if row is None else json.loads(row.data_json)

    def clear_working_copy(self, incident_id: int, key: str) -> None:
        """Forget a working copy once its content is saved for real."""
        key = key.strip() if isinstance(key, str) else key
        with self.session() as s:
            row = s.scalars(select(WorkingCopy).where(WorkingCopy.incident_id == incident_id,
                                                      WorkingCopy.key == key)).first()
            if row is not None:
                s.delete(row)
