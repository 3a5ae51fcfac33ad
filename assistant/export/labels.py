"""The export's labels in English and Vietnamese, loaded from ``labels.yaml``.

Labels are data: the YAML is validated by a strict model, so a missing key in one
language, a misspelt category id or a stray field fails at import, not in a lawyer's file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from assistant.catalog import CHANNELS, FAULTS, KINDS, LANGUAGES
from guardrails.report import CATEGORIES, CHECKLIST_IDS

LABELS_FILE = Path(__file__).with_name("labels.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sections(_Strict):
    meta: str
    statement: str
    findings: str
    no_findings: str
    checklist: str
    no_checklist: str
    brief: str
    signoff: str
    signoff_note: str


class Fields(_Strict):
    incident: str
    speaker: str
    kind: str
    channel: str
    language: str
    version: str
    sha256: str
    author: str
    backend: str
    model: str
    created_at: str
    needs_review: str
    nobody: str


class CommentLabels(_Strict):
    route: str
    severity: str
    rationale: str
    suggestion: str
    no_suggestion: str
    span_not_found: str


class ChecklistStatus(_Strict):
    met: str
    missing: str
    optional: str
    principle: str
    status: str
    evidence: str


class BriefLabels(_Strict):
    fault: str
    summary: str
    confirmed_facts: str
    under_investigation: str
    affected_parties: str
    actions_taken: str
    actions_planned: str
    due: str
    next_update: str
    official_channels: str
    contact: str
    do_not_say: str
    protected_names: str
    protected_note: str


class SignoffLabels(_Strict):
    role: str
    name: str
    decision: str
    date: str
    comment: str
    signature: str
    required: str
    not_required: str


# vocabulary field -> the ids it must name, exactly
_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "routes": ("lawyer", "pr"),
    "severities": ("high", "medium", "low"),
    "checklist": CHECKLIST_IDS,
    "categories": CATEGORIES,
    "faults": FAULTS,
    "decisions": ("approved", "changes_requested", "pending"),
    "kinds": KINDS,
    "channels": CHANNELS,
    "languages": LANGUAGES,
}


class Labels(_Strict):
    title: str
    ad_hoc: str
    none: str
    sections: Sections
    fields: Fields
    routes: dict[str, str]
    severities: dict[str, str]
    comment: CommentLabels
    checklist_status: ChecklistStatus
    checklist: dict[str, str]
    categories: dict[str, str]
    brief: BriefLabels
    faults: dict[str, str]
    signoff: SignoffLabels
    decisions: dict[str, str]
    kinds: dict[str, str]
    channels: dict[str, str]
    languages: dict[str, str]
    backends: dict[str, str]  # who wrote a version: "human", "offline", "openai"

    @model_validator(mode="after")
    def _complete(self) -> "Labels":
        for name, ids in _VOCABULARIES.items():
            have = set(getattr(self, name))
            missing, extra = set(ids) - have, have - set(ids)
            if missing or extra:
                raise ValueError(f"{name}: missing {sorted(missing)}, unknown {sorted(extra)}")
        return self

    def category(self, category_id: str) -> str:
        """Label of a category; an id the labels do not know is shown as itself."""
        return self.categories.get(category_id, category_id)

    def checklist_item(self, item_id: str) -> str:
        return self.checklist.get(item_id, item_id)


@lru_cache(maxsize=1)
def _all_labels() -> dict[str, Labels]:
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    if set(data) != set(LANGUAGES):
        raise ValueError(f"{LABELS_FILE}: needs exactly the languages {LANGUAGES}, has {sorted(data)}")
    try:
        return {lang: Labels.model_validate(data[lang]) for lang in LANGUAGES}
    except ValueError as exc:
        raise ValueError(f"{LABELS_FILE}: {exc}") from None


def labels_for(lang: str) -> Labels:
    """The label set of ``lang`` (``vi`` or ``en``); any other value gets English."""
    labels = _all_labels()
    return labels.get(lang, labels["en"])
