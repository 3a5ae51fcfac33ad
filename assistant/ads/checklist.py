"""The checklist a sponsored post must pass before it may be marked ready: the documents
Article 15a of the Advertising Law asks an influencer to check, the use of the product on
record, and the post's own scan (disclosure, mandatory warning, risky claims)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.ads.labels import CHECKLIST_ITEMS, ad_labels
from assistant.store.ad_deals import DealRecord
from guardrails.report import ScanReport

# classes whose test results must be seen (food safety and cosmetics rules)
TESTED_CLASSES = frozenset({"health_supplement", "cosmetic", "food", "beer", "complementary_food"})
_SCAN_ITEMS = {
    "post_disclosed": {"ad_disclosure"},
    "mandatory_warning": {"ad_mandatory_warning"},
    "claims_checked": {"ad_unverified_use", "regulated_claim"},
}


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    met: bool
    required: bool
    evidence: str  # who checked what and when, or the offending words


def _document(deal: DealRecord, kind: str, lang: str) -> str:
    f = ad_labels(lang).fields
    checks = [d for d in deal.documents if d.kind == kind]
    return "; ".join(f.checked.format(reference=d.reference, name=d.checked_by, date=d.checked_on.isoformat())
                     for d in checks)


def readiness(deal: DealRecord, scan: ScanReport | None, lang: str = "vi") -> list[ReadinessItem]:
    """One item per ``CHECKLIST_ITEMS`` entry; the scan items are unmet without a scan."""
    f = ad_labels(lang).fields
    items: list[ReadinessItem] = []
    for item in CHECKLIST_ITEMS:
        required = item != "test_results" or deal.product_class in TESTED_CLASSES
        if item in _SCAN_ITEMS:
            hits = [x.text for x in (scan.findings if scan else []) if x.category in _SCAN_ITEMS[item]]
            items.append(ReadinessItem(item, scan is not None and not hits, True, "; ".join(f"“{h}”" for h in hits)))
        elif item == "product_used":
            met = deal.product_used is True and deal.used_since is not None
            evidence = f.used_since.format(date=deal.used_since.isoformat()) if met else (
                f.not_used if deal.product_used is False else f.no_record)
            items.append(ReadinessItem(item, met, True, evidence))
        else:
            evidence = _document(deal, item, lang)
            items.append(ReadinessItem(item, bool(evidence), required, evidence))
    return items


def is_ready(items: list[ReadinessItem]) -> bool:
    return all(i.met for i in items if i.required)
