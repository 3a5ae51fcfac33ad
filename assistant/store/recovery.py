"""After the crisis: the post-incident review, its action items, the recovery plan, the
fan-comment batches imported week by week, and the closure of an incident (migration 0006).

Persistence only: the records are plain JSON-able dicts or pydantic models of
``assistant.recovery.models``; what they mean and how they are checked lives in
``assistant.recovery``; the service layer (``assistant.services.recovery``) scans and
stores. Every write is audited in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.models import Base, UTCDateTime, utc_now


class PostIncidentReview(Base):
    __tablename__ = "post_incident_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), unique=True)
    sections_json: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class ActionItemRow(Base):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    item_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class RecoveryPlanRow(Base):
    __tablename__ = "recovery_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), unique=True)
    plan_json: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class CommentBatchRow(Base):
    __tablename__ = "comment_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(200))
    comments_json: Mapped[str] = mapped_column(Text)


class IncidentClosure(Base):
    __tablename__ = "incident_closures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), unique=True)
    closed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    closed_by: Mapped[str] = mapped_column(String(200))
    closing_draft_id: Mapped[int] = mapped_column(Integer)
    closing_number: Mapped[int] = mapped_column(Integer)
    closing_sha256: Mapped[str] = mapped_column(String(64))
    archive_json: Mapped[str] = mapped_column(Text)
    archive_sha256: Mapped[str] = mapped_column(String(64))


class RecoveryStore:
    """The recovery tables of one store (``RecoveryStore(store)``): rows in, JSON out."""

    def __init__(self, store):
        self.store = store

    # ------------------------------------------------------------------ review
    def load_sections(self, incident_id: int) -> str | None:
        with self.store.session() as s:
            row = s.scalars(select(PostIncidentReview).where(PostIncidentReview.incident_id == incident_id)).first()
            return row.sections_json if row else None

    def save_sections(self, incident_id: int, sections_json: str, actor: str) -> None:
        with self.store.session() as s:
            self.store._incident(s, incident_id, lock=True)
            row = s.scalars(select(PostIncidentReview).where(PostIncidentReview.incident_id == incident_id)).first()
            if row is None:
                row = PostIncidentReview(incident_id=incident_id)
                s.add(row)
            row.sections_json, row.updated_by, row.updated_at = sections_json, actor, utc_now()
            self.store.record_audit(s, actor, "review.sections.save", "incident", incident_id, incident_id)

    # ------------------------------------------------------------------ action items
    def list_items(self, incident_id: int) -> list[tuple[int, str]]:
        with self.store.session() as s:
            rows = s.scalars(select(ActionItemRow).where(ActionItemRow.incident_id == incident_id)
                             .order_by(ActionItemRow.id))
            return [(r.id, r.item_json) for r in rows]

    def add_item(self, incident_id: int, item_json: str, actor: str) -> int:
        with self.store.session() as s:
            self.store._incident(s, incident_id, lock=True)
            now = utc_now()
            row = ActionItemRow(incident_id=incident_id, item_json=item_json, created_by=actor,
                                created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            self.store.record_audit(s, actor, "action_item.add", "action_item", row.id, incident_id, item=item_json)
            return row.id

    def update_item(self, incident_id: int, item_id: int, item_json: str, actor: str) -> bool:
        """False when the item does not exist (or belongs to another incident)."""
        with self.store.session() as s:
            row = s.scalars(select(ActionItemRow).where(ActionItemRow.id == item_id,
                                                        ActionItemRow.incident_id == incident_id)).first()
            if row is None:
                return False
            row.item_json, row.updated_at = item_json, utc_now()
            self.store.record_audit(s, actor, "action_item.update", "action_item", item_id, incident_id, item=item_json)
            return True

    # ------------------------------------------------------------------ recovery plan
    def load_plan(self, incident_id: int) -> str | None:
        with self.store.session() as s:
            row = s.scalars(select(RecoveryPlanRow).where(RecoveryPlanRow.incident_id == incident_id)).first()
            return row.plan_json if row else None

    def save_plan(self, incident_id: int, plan_json: str, actor: str) -> None:
        with self.store.session() as s:
            self.store._incident(s, incident_id, lock=True)
            row = s.scalars(select(RecoveryPlanRow).where(RecoveryPlanRow.incident_id == incident_id)).first()
            if row is None:
                row = RecoveryPlanRow(incident_id=incident_id)
                s.add(row)
            row.plan_json, row.updated_by, row.updated_at = plan_json, actor, utc_now()
            self.store.record_audit(s, actor, "recovery_plan.save", "incident", incident_id, incident_id)

    # ------------------------------------------------------------------ comment batches
    def add_batch(self, incident_id: int, source: str, comments_json: str, actor: str,
                  imported_at: dt.datetime | None = None) -> int:
        with self.store.session() as s:
            self.store._incident(s, incident_id, lock=True)
            row = CommentBatchRow(incident_id=incident_id, source=source, comments_json=comments_json,
                                  imported_by=actor, imported_at=imported_at or utc_now())
            s.add(row)
            s.flush()
            self.store.record_audit(s, actor, "comments.import", "comment_batch", row.id, incident_id, source=source)
            return row.id

    def list_batches(self, incident_id: int) -> list[tuple[int, str, dt.datetime, str]]:
        """(id, source, imported_at, comments_json), oldest first."""
        with self.store.session() as s:
            rows = s.scalars(select(CommentBatchRow).where(CommentBatchRow.incident_id == incident_id)
                             .order_by(CommentBatchRow.imported_at, CommentBatchRow.id))
            return [(r.id, r.source, r.imported_at, r.comments_json) for r in rows]

    # ------------------------------------------------------------------ closure
    def closure(self, incident_id: int) -> IncidentClosure | None:
        with self.store.session() as s:
            row = s.scalars(select(IncidentClosure).where(IncidentClosure.incident_id == incident_id)).first()
            if row is not None:
                s.expunge(row)
            return row

    def close(self, incident_id: int, actor: str, draft_id: int, number: int, sha256: str,
              archive_json: str, archive_sha256: str) -> dt.datetime:
        with self.store.session() as s:
            self.store._incident(s, incident_id, lock=True)
            now = utc_now()
            s.add(IncidentClosure(incident_id=incident_id, closed_at=now, closed_by=actor, closing_draft_id=draft_id,
                                  closing_number=number, closing_sha256=sha256, archive_json=archive_json,
                                  archive_sha256=archive_sha256))
            self.store.record_audit(s, actor, "incident.close", "incident", incident_id, incident_id,
                                    closing_draft=draft_id, closing_version=number, closing_sha256=sha256,
                                    archive_sha256=archive_sha256)
            return now


__all__ = ["RecoveryStore", "PostIncidentReview", "ActionItemRow", "RecoveryPlanRow", "CommentBatchRow",
           "IncidentClosure"]
