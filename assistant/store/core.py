"""The store's plumbing: sessions, the audit log, input checks, backups."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import InputError, NotFoundError, Problem, StoreError
from assistant.store import chain, db
from assistant.store.messages import refusal
from assistant.store.models import AuditLog, Draft, Incident, utc_now
from assistant.store.records import AuditEntry


AUDIT_LOCK = 0x41554454  # "AUDT": PostgreSQL advisory lock held while appending to the audit chain


class StoreSession(Session):
    """The store's sessions: refuse any change to an audit entry before it reaches SQL."""


@event.listens_for(StoreSession, "before_flush")
def _refuse_audit_changes(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditLog) and (obj in session.deleted or session.is_modified(obj)):
            raise refusal(StoreError, "store.audit_append_only")


class StoreCore:
    """Engine, sessions and helpers shared by the store's parts."""

    def __init__(self, url: str):
        self._url = url
        self._engine: Engine = db.get_engine(url)
        self._read = sessionmaker(self._engine, class_=StoreSession, expire_on_commit=False)
        self._write_engine = self._engine.execution_options(**{db.WRITE_OPTION: True})
        self._writes = sessionmaker(self._write_engine, class_=StoreSession, expire_on_commit=False)

    # ------------------------------------------------------------------ sessions
    @property
    def url(self) -> str:
        """Where the data lives, printable (the password is hidden)."""
        return db.printable(str(self._engine.url))

    @property
    def engine(self) -> Engine:
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a write transaction: committed on success, rolled back on error."""
        with self._transaction(self._writes) as s:
            yield s

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with self._transaction(self._read) as s:
            yield s

    @contextmanager
    def _transaction(self, factory: sessionmaker) -> Iterator[Session]:
        try:
            with factory() as s, s.begin():
                yield s
        except DBAPIError as exc:  # includes OperationalError (locked, server gone)
            if "append-only" in str(exc.orig):
                raise refusal(StoreError, "store.audit_append_only") from None
            raise refusal(StoreError, "store.database_failed", url=self.url, reason=str(exc.orig).strip()) from None

    def close(self) -> None:
        """Forget pooled connections (the engine stays cached for the next open)."""
        self._engine.dispose()

    # ------------------------------------------------------------------ audit
    def record_audit(self, session: Session, actor: str, action: str, target_type: str,
                     target_id: int | None = None, incident_id: int | None = None, **detail: Any) -> None:
        """Append an audit entry inside the caller's ``store.session()`` transaction (for
        modules with their own tables, e.g. fan replies: ``action="reply.approve"``)."""
        self._audit(session, require_text(actor, "actor", "audit"), require_text(action, "action", "audit"),
                    require_text(target_type, "target_type", "audit"), target_id, incident_id, **detail)

    @staticmethod
    def _audit(s: Session, actor: str, action: str, target_type: str, target_id: int | None,
               incident_id: int | None, **detail: Any) -> None:
        """Append a row to the hash chain (``chain.py``). Appends are serialised: SQLite's
        write transactions are exclusive; on PostgreSQL an advisory lock is held until commit."""
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        last = s.execute(select(AuditLog.seq, AuditLog.row_hash).where(AuditLog.seq.is_not(None))
                         .order_by(AuditLog.seq.desc()).limit(1)).first()
        row = AuditLog(at=utc_now(), actor=actor, action=action, target_type=target_type,
                       target_id=None if target_id is None else int(target_id),  # hashed as stored
                       incident_id=None if incident_id is None else int(incident_id),
                       detail_json=json.dumps(detail, ensure_ascii=False, default=str))
        chain.link(row, last.seq if last else None, last.row_hash if last else None, chain.server_key())
        s.add(row)

    def audit_log(self, incident_id: int | None = None) -> list[AuditEntry]:
        """Every recorded action, oldest first (only one incident's when given)."""
        with self._reading() as s:
            q = select(AuditLog).order_by(AuditLog.id)
            if incident_id is not None:
                q = q.where(AuditLog.incident_id == incident_id)
            return [
                AuditEntry(id=a.id, at=a.at, actor=a.actor, action=a.action, target_type=a.target_type,
                           target_id=a.target_id, incident_id=a.incident_id,
                           detail=json.loads(a.detail_json or "{}"))
                for a in s.scalars(q)
            ]

    # ------------------------------------------------------------------ lookups
    @staticmethod
    def _incident(s: Session, incident_id: int, lock: bool = False) -> Incident:
        q = select(Incident).where(Incident.id == incident_id)
        row = s.scalars(q.with_for_update() if lock else q).first()
        if row is None:
            raise refusal(NotFoundError, "store.incident_not_found", incident=incident_id)
        return row

    @staticmethod
    def _draft(s: Session, draft_id: int, lock: bool = False) -> Draft:
        q = select(Draft).where(Draft.id == draft_id)
        row = s.scalars(q.with_for_update() if lock else q).first()
        if row is None:
            raise refusal(NotFoundError, "store.draft_not_found", draft=draft_id)
        return row

    # ------------------------------------------------------------------ backup
    def backup(self, path: str | Path) -> Path:
        """A consistent copy of the database, safe while the app runs (SQLite only)."""
        if not db.is_sqlite(str(self._engine.url)):
            raise refusal(StoreError, "store.backup_not_sqlite", url=self.url)
        if db.sqlite_path(str(self._engine.url)) is None:
            raise refusal(StoreError, "store.backup_in_memory")
        with self.session() as s:
            self._audit(s, "system", "store.backup", "database", None, None, path=str(path))
        return db.backup_sqlite(self._engine, Path(path))


NAME_LIMIT = 200  # names, keys, roles: the column width


def require_text(value: object, field: str, source: str = "store", max_length: int | None = NAME_LIMIT) -> str:
    """A non-empty string (at most ``max_length`` characters) or an InputError naming the field."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(source, [Problem(field, "must be a non-empty text", type="string_too_short", value=value)])
    if max_length is not None and len(value.strip()) > max_length:
        raise InputError(source, [Problem(field, f"must be at most {max_length} characters "
                                                 f"(got {len(value.strip())})", type="string_too_long", value=value)])
    return value.strip()


def require_choice(value: object, field: str, choices: tuple[str, ...], source: str = "store") -> str:
    if value not in choices:
        raise InputError(source, [Problem(field, f"must be one of: {', '.join(choices)} (got {value!r})",
                                          type="literal_error", value=value)])
    return str(value)
