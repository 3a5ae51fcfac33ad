"""Evidence for a product-harm incident: the advertising-deal records whose product the
incident brief names (matched on folded words, so diacritics and case do not matter), and
what was verified about it, when and by whom."""

from __future__ import annotations

import re

from assistant.ads.labels import ad_labels
from assistant.brief import IncidentBrief
from assistant.store.ad_deals import DealRecord
from guardrails.ads import product_class_label
from guardrails.text import fold_plain


def _brief_text(brief: IncidentBrief) -> str:
    parts = [brief.incident.title, brief.incident.summary, *brief.confirmed_facts,
             *brief.under_investigation, *brief.affected_parties]
    return fold_plain(" \n ".join(p for p in parts if p))


def deals_for_brief(brief: IncidentBrief, deals: list[DealRecord]) -> list[DealRecord]:
    """The deals whose product name appears (as whole words) in the brief."""
    text = _brief_text(brief)
    out = []
    for deal in deals:
        name = fold_plain(deal.product).strip()
        if name and re.search(r"(?<![a-z0-9])" + re.escape(name) + r"(?![a-z0-9])", text):
            out.append(deal)
    return out


def evidence_lines(deal: DealRecord, lang: str) -> list[str]:
    """Plain lines a lawyer reads: the deal, each document checked, the use on record."""
    L = ad_labels(lang)
    f = L.fields
    use = (f.used_since.format(date=deal.used_since.isoformat()) if deal.product_used and deal.used_since
           else f.not_used if deal.product_used is False else f.no_record)
    lines = [
        f"{f.deal} #{deal.id}: {deal.advertiser} — {deal.product} ({product_class_label(deal.product_class, lang)})",
        f"{f.use}: {use}" + (f" — {deal.use_note}" if deal.use_note else ""),
    ]
    for d in deal.documents:
        lines.append(f"{L.documents[d.kind]}: " + f.checked.format(
            reference=d.reference, name=d.checked_by, date=d.checked_on.isoformat()))
    if not deal.documents:
        lines.append(f"{f.documents}: {f.none}")
    if deal.agreed_claims:
        lines.append(f"{f.agreed_claims}: " + "; ".join(deal.agreed_claims))
    for p in deal.posts:
        state = f.ready_by.format(name=p.ready_by, at=p.ready_at.strftime("%Y-%m-%d %H:%M UTC")) \
            if p.status == "ready" and p.ready_at else f.draft
        lines.append(f"{f.posts} #{p.id} ({p.channel}): {state}")
    return lines
