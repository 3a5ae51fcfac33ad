"""The store's tables (SQLAlchemy 2 typed declarative models).

``Base`` is the declarative base other modules may add their own tables to (for example
fan replies); every table change ships as an Alembic migration in ``migrations/versions``.
These ORM classes never leave the store: callers get frozen records (``records.py``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite (no time zones) and
    PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: use an aware UTC time")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    is_drill: Mapped[bool] = mapped_column(Boolean, default=False)  # a drill: never mixed with real work (0004)


class BriefVersion(Base):
    __tablename__ = "brief_versions"
    __table_args__ = (UniqueConstraint("incident_id", "number", name="uq_brief_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    brief_json: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    is_conflict_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    parent: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Draft(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(40), default="draft")
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class Version(Base):
    """An immutable text of a draft: never updated once written."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(200))
    backend: Mapped[str] = mapped_column(String(40), default="human")
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    scan_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    is_conflict_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    parent: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(40))
    comment: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class Publication(Base):
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class WorkingCopy(Base):
    __tablename__ = "working_copies"
    __table_args__ = (UniqueConstraint("incident_id", "key", name="uq_working_copies_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    data_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class AuditLog(Base):
    """Append-only: rows are never updated or deleted (enforced in code and by triggers)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_incident", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    incident_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    # the hash chain (migration 0003, see chain.py): position, the previous row's hash,
    # this row's content hash, and an HMAC of it when the server has CRISIS_DESK_AUDIT_KEY
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(64), nullable=True)
