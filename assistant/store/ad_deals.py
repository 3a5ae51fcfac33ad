"""Advertising-deal records (issue 18; tables ``ad_deals``, ``ad_deal_documents``,
``ad_deal_posts``, migration 0005).

One record per sponsored campaign: the advertiser, the product and its class, the documents
checked (who checked which document, on which day), whether and since when the KOL used
the product, the agreed claims, and the posts with their last scan. The record is evidence:
rows are only added or updated with the actor and time, and every change is in the audit
log. Callers get frozen records, never ORM objects. Checking a post against the readiness
checklist is ``assistant.ads``' job; the store keeps what it is told.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.errors import NotFoundError
from assistant.store.core import require_text
from assistant.store.messages import refusal
from assistant.store.models import Base, UTCDateTime, utc_now

DOCUMENT_KINDS = ("business_registration", "product_declaration", "test_results")
POST_STATUSES = ("draft", "ready")


class AdDeal(Base):
    __tablename__ = "ad_deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    advertiser: Mapped[str] = mapped_column(Text)
    product: Mapped[str] = mapped_column(Text)
    product_class: Mapped[str] = mapped_column(String(40))
    product_used: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    used_since: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    use_note: Mapped[str] = mapped_column(Text, default="")
    agreed_claims_json: Mapped[str] = mapped_column(Text, default="[]")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class AdDealDocument(Base):
    __tablename__ = "ad_deal_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(Integer, ForeignKey("ad_deals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(Text)
    checked_by: Mapped[str] = mapped_column(String(200))
    checked_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class AdDealPost(Base):
    __tablename__ = "ad_deal_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(Integer, ForeignKey("ad_deals.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    scan_json: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    ready_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    ready_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DealDocumentRecord(_Record):
    kind: str
    reference: str
    checked_by: str
    checked_on: dt.date
    recorded_by: str
    recorded_at: dt.datetime


class DealPostRecord(_Record):
    id: int
    deal_id: int
    channel: str
    text: str
    status: str
    scan: dict  # the ScanReport as JSON data (assistant.ads reads it back)
    updated_by: str
    updated_at: dt.datetime
    ready_by: str | None = None
    ready_at: dt.datetime | None = None


class DealRecord(_Record):
    id: int
    advertiser: str
    product: str
    product_class: str
    product_used: bool | None
    used_since: dt.date | None
    use_note: str
    agreed_claims: tuple[str, ...]
    documents: tuple[DealDocumentRecord, ...]
    posts: tuple[DealPostRecord, ...]
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime


def _post_record(p: AdDealPost) -> DealPostRecord:
    return DealPostRecord(id=p.id, deal_id=p.deal_id, channel=p.channel, text=p.text, status=p.status,
                          scan=json.loads(p.scan_json), updated_by=p.updated_by,
                          updated_at=p.updated_at, ready_by=p.ready_by, ready_at=p.ready_at)


def _deal_record(s, row: AdDeal) -> DealRecord:
    docs = s.scalars(select(AdDealDocument).where(AdDealDocument.deal_id == row.id).order_by(AdDealDocument.id))
    posts = s.scalars(select(AdDealPost).where(AdDealPost.deal_id == row.id).order_by(AdDealPost.id))
    return DealRecord(
        id=row.id, advertiser=row.advertiser, product=row.product, product_class=row.product_class,
        product_used=row.product_used, used_since=row.used_since, use_note=row.use_note,
        agreed_claims=tuple(json.loads(row.agreed_claims_json)),
        documents=tuple(DealDocumentRecord(kind=d.kind, reference=d.reference, checked_by=d.checked_by,
                                           checked_on=d.checked_on, recorded_by=d.recorded_by,
                                           recorded_at=d.recorded_at) for d in docs),
        posts=tuple(_post_record(p) for p in posts),
        created_by=row.created_by, created_at=row.created_at, updated_by=row.updated_by, updated_at=row.updated_at,
    )


def _deal_row(s, deal_id: int) -> AdDeal:
    row = s.get(AdDeal, deal_id)
    if row is None:
        raise refusal(NotFoundError, "store.deal_not_found", deal=deal_id)
    return row


def create_deal(store, *, advertiser: str, product: str, product_class: str, actor: str,
                agreed_claims: list[str] = (), product_used: bool | None = None,
                used_since: dt.date | None = None, use_note: str = "",
                documents: list[dict] = (), posts: list[dict] = ()) -> DealRecord:
    """The whole record in one transaction: ``documents`` as {kind, reference, checked_by,
    checked_on}, ``posts`` as {channel, text, scan} (scanned by the caller)."""
    actor = require_text(actor, "actor", "deal")
    now = utc_now()
    with store.session() as s:
        row = AdDeal(advertiser=advertiser, product=product, product_class=product_class,
                     product_used=product_used, used_since=used_since, use_note=use_note,
                     agreed_claims_json=json.dumps(list(agreed_claims), ensure_ascii=False),
                     created_by=actor, created_at=now, updated_by=actor, updated_at=now)
        s.add(row)
        s.flush()
        store.record_audit(s, actor, "deal.create", "ad_deal", row.id, product=product, advertiser=advertiser)
        for doc in documents:
            s.add(AdDealDocument(deal_id=row.id, recorded_by=actor, recorded_at=now, **doc))
            store.record_audit(s, actor, "deal.document", "ad_deal", row.id, kind=doc["kind"],
                               reference=doc["reference"], checked_by=doc["checked_by"],
                               checked_on=doc["checked_on"].isoformat())
        for post in posts:
            added = AdDealPost(deal_id=row.id, channel=post["channel"], text=post["text"], status="draft",
                               scan_json=json.dumps(post["scan"], ensure_ascii=False), updated_by=actor, updated_at=now)
            s.add(added)
            s.flush()
            store.record_audit(s, actor, "deal.post.save", "ad_deal_post", added.id, deal_id=row.id)
        s.flush()
        return _deal_record(s, row)


def list_deals(store) -> list[DealRecord]:
    with store.session() as s:
        return [_deal_record(s, r) for r in s.scalars(select(AdDeal).order_by(AdDeal.id))]


def get_deal(store, deal_id: int) -> DealRecord:
    with store.session() as s:
        return _deal_record(s, _deal_row(s, deal_id))


def record_document(store, deal_id: int, *, kind: str, reference: str, checked_by: str,
                    checked_on: dt.date, actor: str) -> DealRecord:
    """Add one checked document (who checked it, on which day); earlier checks are kept."""
    actor = require_text(actor, "actor", "deal")
    with store.session() as s:
        row = _deal_row(s, deal_id)
        s.add(AdDealDocument(deal_id=deal_id, kind=kind, reference=reference, checked_by=checked_by,
                             checked_on=checked_on, recorded_by=actor, recorded_at=utc_now()))
        row.updated_by, row.updated_at = actor, utc_now()
        store.record_audit(s, actor, "deal.document", "ad_deal", deal_id, kind=kind, reference=reference,
                           checked_by=checked_by, checked_on=checked_on.isoformat())
        s.flush()
        return _deal_record(s, row)


def record_use(store, deal_id: int, *, product_used: bool | None, used_since: dt.date | None,
               use_note: str, actor: str) -> DealRecord:
    actor = require_text(actor, "actor", "deal")
    with store.session() as s:
        row = _deal_row(s, deal_id)
        row.product_used, row.used_since, row.use_note = product_used, used_since, use_note
        row.updated_by, row.updated_at = actor, utc_now()
        store.record_audit(s, actor, "deal.use", "ad_deal", deal_id, product_used=product_used,
                           used_since=used_since.isoformat() if used_since else None)
        return _deal_record(s, row)


def save_post(store, deal_id: int, *, text: str, channel: str, scan: dict, actor: str,
              post_id: int | None = None) -> DealPostRecord:
    """A new post, or a new text for ``post_id``: an edited post is a draft again."""
    actor = require_text(actor, "actor", "deal")
    with store.session() as s:
        _deal_row(s, deal_id)
        if post_id is None:
            row = AdDealPost(deal_id=deal_id)
            s.add(row)
        else:
            row = s.get(AdDealPost, post_id)
            if row is None or row.deal_id != deal_id:
                raise refusal(NotFoundError, "store.deal_post_not_found", post=post_id, deal=deal_id)
        row.channel, row.text, row.status, row.scan_json = channel, text, "draft", json.dumps(scan, ensure_ascii=False)
        row.updated_by, row.updated_at, row.ready_by, row.ready_at = actor, utc_now(), None, None
        s.flush()
        store.record_audit(s, actor, "deal.post.save", "ad_deal_post", row.id, deal_id=deal_id)
        return _post_record(row)


def mark_post_ready(store, deal_id: int, post_id: int, actor: str) -> DealPostRecord:
    actor = require_text(actor, "actor", "deal")
    with store.session() as s:
        row = s.get(AdDealPost, post_id)
        if row is None or row.deal_id != deal_id:
            raise refusal(NotFoundError, "store.deal_post_not_found", post=post_id, deal=deal_id)
        row.status, row.ready_by, row.ready_at = "ready", actor, utc_now()
        store.record_audit(s, actor, "deal.post.ready", "ad_deal_post", post_id, deal_id=deal_id)
        return _post_record(row)
