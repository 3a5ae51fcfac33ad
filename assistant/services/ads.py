"""Advertising deals, orchestrated (issue 18): the only place that scans a sponsored post and
stores it. Pages and commands call these functions, never the store or ``scan`` directly.

A post is scanned with the kind ``sponsored_post`` and its deal record as context before it
is stored; it may be marked ready only when the readiness checklist passes on a fresh scan
(the deal may have changed since the post was saved).
"""

from __future__ import annotations

from assistant.ads import checklist as ad_checklist
from assistant.ads.evidence import deals_for_brief, evidence_lines
from assistant.ads.labels import ad_labels
from assistant.ads.record_export import export_deal
from assistant.ads.schema import DealFile, DocumentCheck, UseRecord
from assistant.errors import NotFoundError, WorkflowError
from assistant.store import ad_deals
from assistant.store.ad_deals import DealPostRecord, DealRecord
from assistant.store.messages import refusal
from assistant.services.scanning import offline_scan
from guardrails import ScanReport
from guardrails.ads import SPONSORED_POST, AdContext


def deal_context(deal: DealRecord | None) -> AdContext | None:
    """What the scanner needs to know from the record, as plain data."""
    if deal is None:
        return None
    return AdContext(product_class=deal.product_class, product_used=deal.product_used)


def scan_post(text: str, deal: DealRecord | None = None, lang: str | None = None, brief=None) -> ScanReport:
    return offline_scan(text, brief, lang, SPONSORED_POST, deal=deal_context(deal))


def create_deal(store, deal: DealFile, actor: str) -> DealRecord:
    """Store a new record with its documents, use and posts, all or nothing; each post is
    scanned first with the record's own context."""
    use = deal.use
    context = AdContext(product_class=deal.product_class, product_used=use.used if use else None)
    posts = [{"channel": p.channel, "text": p.text,
              "scan": offline_scan(p.text, kind=SPONSORED_POST, deal=context).model_dump()} for p in deal.posts]
    return ad_deals.create_deal(
        store, advertiser=deal.advertiser, product=deal.product, product_class=deal.product_class,
        agreed_claims=deal.agreed_claims, product_used=use.used if use else None,
        used_since=use.since if use else None, use_note=(use.note or "") if use else "", actor=actor,
        documents=[d.model_dump() for d in deal.documents], posts=posts)


def list_deals(store) -> list[DealRecord]:
    return ad_deals.list_deals(store)


def get_deal(store, deal_id: int) -> DealRecord:
    return ad_deals.get_deal(store, deal_id)


def add_document(store, deal_id: int, doc: DocumentCheck, actor: str) -> DealRecord:
    return ad_deals.record_document(store, deal_id, kind=doc.kind, reference=doc.reference,
                                    checked_by=doc.checked_by, checked_on=doc.checked_on, actor=actor)


def record_use(store, deal_id: int, use: UseRecord | None, actor: str) -> DealRecord:
    """Whether and since when the KOL used the product (``None``: not on record)."""
    return ad_deals.record_use(store, deal_id, product_used=use.used if use else None,
                               used_since=use.since if use else None, use_note=(use.note or "") if use else "",
                               actor=actor)


def save_post(store, deal_id: int, text: str, channel: str, actor: str,
              post_id: int | None = None) -> tuple[DealPostRecord, ScanReport]:
    """Scan, then store the post (a new one, or a new text for ``post_id``)."""
    report = scan_post(text, ad_deals.get_deal(store, deal_id))
    post = ad_deals.save_post(store, deal_id, text=text, channel=channel, scan=report.model_dump(),
                              actor=actor, post_id=post_id)
    return post, report


def _post(deal: DealRecord, post_id: int) -> DealPostRecord:
    for post in deal.posts:
        if post.id == post_id:
            return post
    raise refusal(NotFoundError, "store.deal_post_not_found", post=post_id, deal=deal.id)


def post_readiness(store, deal_id: int, post_id: int, lang: str = "vi") -> list[ad_checklist.ReadinessItem]:
    deal = ad_deals.get_deal(store, deal_id)
    post = _post(deal, post_id)
    return ad_checklist.readiness(deal, scan_post(post.text, deal), lang)


def _not_ready(deal_id: int, post_id: int, unmet: list[str]) -> WorkflowError:
    words = {lang: ad_labels(lang) for lang in ("vi", "en")}
    translations = {lang: L.fields.not_ready.format(post=post_id, deal=deal_id,
                                                    items=", ".join(L.checklist[i][0] for i in unmet))
                    for lang, L in words.items()}
    error = WorkflowError(translations["en"])
    error.translations = translations  # the web UI shows it in the user's language
    return error


def mark_ready(store, deal_id: int, post_id: int, actor: str, lang: str = "vi") -> DealPostRecord:
    """Mark a post ready to publish, or WorkflowError naming every unmet checklist item."""
    deal = ad_deals.get_deal(store, deal_id)
    post = _post(deal, post_id)
    report = scan_post(post.text, deal)
    items = ad_checklist.readiness(deal, report, lang)
    if not ad_checklist.is_ready(items):
        raise _not_ready(deal_id, post_id, [i.id for i in items if i.required and not i.met])
    if report.model_dump() != post.scan:  # the deal changed since the post was saved
        ad_deals.save_post(store, deal_id, text=post.text, channel=post.channel, scan=report.model_dump(),
                           actor=actor, post_id=post_id)
    return ad_deals.mark_post_ready(store, deal_id, post_id, actor)


def evidence_for_incident(store, incident_id: int, lang: str = "vi") -> list[tuple[DealRecord, list[str]]]:
    """The deal records on the product an incident is about, with their evidence lines."""
    brief = store.get_incident(incident_id).brief
    return [(d, evidence_lines(d, lang)) for d in deals_for_brief(brief, ad_deals.list_deals(store))]


def export_deal_record(store, deal_id: int, fmt: str, lang: str = "vi") -> bytes:
    return export_deal(ad_deals.get_deal(store, deal_id), fmt, lang)
