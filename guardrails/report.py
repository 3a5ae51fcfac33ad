"""The finding format of ``shared/spec/guardrails.md``: a contract shared by the scanner,
the exports, the UI and the tests."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Route = Literal["lawyer", "pr"]
Severity = Literal["high", "medium", "low"]

# category id -> route (guardrails.md)
CATEGORY_ROUTES: dict[str, Route] = {
    "liability_admission": "lawyer",
    "defamation": "lawyer",
    "compensation_promise": "lawyer",
    "absolute_guarantee": "lawyer",
    "speculation": "lawyer",
    "privacy_disclosure": "lawyer",
    "legal_proceedings": "lawyer",
    "threat_retaliation": "lawyer",
    "regulated_claim": "lawyer",
    "confidential_info": "lawyer",
    "do_not_say": "lawyer",
    "unsupported_claim": "lawyer",
    "non_apology": "pr",
    "blame_shifting": "pr",
    "minimizing": "pr",
    "hostile_tone": "pr",
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_ROUTES)
# the sponsored-post checks (scan kind "sponsored_post", guardrails.ads): only in that kind
AD_CATEGORY_ROUTES: dict[str, Route] = {
    "ad_disclosure": "lawyer",
    "ad_mandatory_warning": "lawyer",
    "ad_unverified_use": "lawyer",
}
ROUTES: dict[str, Route] = {**CATEGORY_ROUTES, **AD_CATEGORY_ROUTES}  # every category's route

CHECKLIST_IDS: tuple[str, ...] = (
    "acknowledges",
    "apologizes",
    "specific_facts",
    "actions",
    "next_update",
    "official_channel",
    "contact",
)


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str
    route: Route
    severity: Severity
    start: int
    end: int
    text: str
    rationale: str
    suggestion: str | None = None
    # "model": the statistical classifier (no rule matched); "model_review": the configured
    # model's review of the statement (assistant.model_review), added by the service layer
    source: Literal["rules", "model", "model_review"] = "rules"


class ChecklistItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    met: bool
    evidence: str | None = None
    required: bool = True


class ScanReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["vi", "en"]
    needs_review: list[Route]
    findings: list[Finding]
    checklist: list[ChecklistItem] = []
    omitted: dict[str, int] = {}  # category -> findings not listed (more than the per-category cap)
