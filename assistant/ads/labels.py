"""The words of the advertising-deal record in Vietnamese and English (``labels.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.store.ad_deals import DOCUMENT_KINDS

CHECKLIST_ITEMS = ("business_registration", "product_declaration", "test_results", "product_used",
                   "post_disclosed", "mandatory_warning", "claims_checked")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Fields(_Strict):
    title: str
    deal: str
    advertiser: str
    product: str
    product_class: str
    use: str
    used_since: str
    not_used: str
    no_record: str
    agreed_claims: str
    documents: str
    document: str
    reference: str
    checked_by: str
    checked_on: str
    posts: str
    channel: str
    status: str
    findings: str
    checklist: str
    met: str
    missing: str
    not_required: str
    none: str
    ready: str
    draft: str
    ready_by: str
    created: str
    evidence: str
    checked: str
    not_ready: str


class AdLabels(_Strict):
    documents: dict[str, str]
    checklist: dict[str, tuple[str, str]]
    fields: _Fields


@lru_cache(maxsize=2)
def ad_labels(lang: str) -> AdLabels:
    data = yaml.safe_load(Path(__file__).with_name("labels.yaml").read_text(encoding="utf-8"))
    labels = AdLabels.model_validate(data["en" if lang == "en" else "vi"])
    if set(labels.documents) != set(DOCUMENT_KINDS) or set(labels.checklist) != set(CHECKLIST_ITEMS):
        raise ValueError("assistant/ads/labels.yaml: documents/checklist keys do not match the code")
    return labels
