"""Fan replies kept with the incident in the store (table ``fan_replies``, migration 0002).

``StoreReplyCache(store, incident_id)`` is the batch's cache: a reply is saved as soon as
its group is done, keyed by incident + approved statement hash + group key, so a stopped
batch resumes without redoing finished groups and an edit survives a page refresh.
The imported comments and the statement are kept as the store's working copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.replies.models import Comment, GroupReply
from assistant.store.models import Base, UTCDateTime, utc_now

COMMENTS_KEY = "replies.comments"
STATEMENT_KEY = "replies.statement"


class FanReply(Base):
    __tablename__ = "fan_replies"
    __table_args__ = (UniqueConstraint("incident_id", "statement_sha256", "group_hash", name="uq_fan_replies_group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    statement_sha256: Mapped[str] = mapped_column(String(64))
    group_hash: Mapped[str] = mapped_column(String(64))
    group_key: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    backend: Mapped[str] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_json: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


def _hash(group_key: str) -> str:
    return hashlib.sha256(group_key.encode("utf-8")).hexdigest()


class StoreReplyCache:
    """The batch cache backed by the store (see ``cache.ReplyCache``)."""

    def __init__(self, store, incident_id: int, actor: str = "crisis-desk"):
        store.get_incident(incident_id)  # NotFoundError names the id when it does not exist
        self.store, self.incident_id, self.actor = store, incident_id, actor

    def get(self, group_key: str, statement_sha256: str) -> GroupReply | None:
        with self.store.session() as s:
            row = s.scalars(select(FanReply).where(
                FanReply.incident_id == self.incident_id, FanReply.statement_sha256 == statement_sha256,
                FanReply.group_hash == _hash(group_key))).first()
            return GroupReply.model_validate_json(row.reply_json) if row else None

    def put(self, reply: GroupReply) -> None:
        """Keep the group's reply; a person's edit (backend "human") is their approval of
        that exact text and goes into the audit log."""
        with self.store.session() as s:
            row = s.scalars(select(FanReply).where(
                FanReply.incident_id == self.incident_id, FanReply.statement_sha256 == reply.statement_sha256,
                FanReply.group_hash == _hash(reply.group_key))).first()
            if row is None:
                row = FanReply(incident_id=self.incident_id, statement_sha256=reply.statement_sha256,
                               group_hash=_hash(reply.group_key), group_key=reply.group_key, created_at=utc_now())
                s.add(row)
            row.category, row.language, row.action = reply.category, reply.language, reply.action
            row.text, row.backend, row.model = reply.text, reply.backend, reply.model
            row.fallback, row.needs_review = reply.fallback, reply.needs_review
            row.reply_json = reply.model_dump_json()
            row.updated_by, row.updated_at = self.actor, utc_now()
            s.flush()
            # a person's edit is their approval of that exact text; every other save is on the record too
            self.store.record_audit(s, self.actor, "reply.approve" if reply.backend == "human" else "reply.save",
                                    "fan_reply", row.id, self.incident_id, group=row.group_hash,
                                    statement_sha256=reply.statement_sha256, advice=reply.action, category=reply.category,
                                    sha256=hashlib.sha256(reply.text.encode("utf-8")).hexdigest())

    def record_export(self, data: bytes, replies: int, fmt: str = "csv") -> None:
        """An export of the replies, into the audit log (what was exported, by whom, its hash)."""
        with self.store.session() as s:
            self.store.record_audit(s, self.actor, "replies.export", "incident", self.incident_id, self.incident_id,
                                    format=fmt, replies=replies, sha256=hashlib.sha256(data).hexdigest())

    def all(self, statement_sha256: str) -> dict[str, GroupReply]:
        """Every stored reply of the incident for this statement, by group key."""
        with self.store.session() as s:
            rows = s.scalars(select(FanReply).where(
                FanReply.incident_id == self.incident_id, FanReply.statement_sha256 == statement_sha256)).all()
            return {r.group_key: GroupReply.model_validate_json(r.reply_json) for r in rows}


def save_comments(store, incident_id: int, comments: list[Comment], source: str) -> None:
    store.save_working_copy(incident_id, COMMENTS_KEY,
                            {"source": source, "comments": [c.model_dump() for c in comments]})


def load_comments(store, incident_id: int) -> tuple[str, list[Comment]] | None:
    data = store.load_working_copy(incident_id, COMMENTS_KEY)
    if not isinstance(data, dict):
        return None
    return data.get("source", ""), [Comment.model_validate(c) for c in data.get("comments", [])]


def save_statement(store, incident_id: int, statement: str) -> None:
    store.save_working_copy(incident_id, STATEMENT_KEY, statement)


def load_statement(store, incident_id: int) -> str | None:
    value = store.load_working_copy(incident_id, STATEMENT_KEY)
    return value if isinstance(value, str) else None
