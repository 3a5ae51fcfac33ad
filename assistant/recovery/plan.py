"""The recovery plan: a dated calendar drafted from the scenario's template (data in
``data/recovery_templates.yaml``), the brief (channels, contact) and the review (its open
action items become dated milestones). Nothing in it states a fact: it lists what to do."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.brief import IncidentBrief
from assistant.catalog import SCENARIOS
from assistant.recovery.models import PlanItem, PlanItemType, RecoveryPlan, StoredActionItem

TEMPLATES_FILE = Path(__file__).with_name("data") / "recovery_templates.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Bilingual(_Strict):
    vi: str
    en: str


class _TemplateItem(_Strict):
    day: int = Field(ge=0, le=365)
    type: PlanItemType
    title: _Bilingual
    text: _Bilingual
    owner: _Bilingual
    partner: _Bilingual | None = None
    publicity: bool = False


class _Templates(_Strict):
    scenarios: dict[str, str]
    families: dict[str, list[_TemplateItem]]

    @model_validator(mode="after")
    def _complete(self) -> "_Templates":
        missing = set(SCENARIOS) - set(self.scenarios)
        if missing:
            raise ValueError(f"scenarios without a recovery family: {sorted(missing)}")
        unknown = {f for f in self.scenarios.values() if f not in self.families}
        if unknown:
            raise ValueError(f"unknown families: {sorted(unknown)}")
        for name, items in self.families.items():
            if not any(i.type == "closing_statement" for i in items):
                raise ValueError(f"family {name!r} has no closing statement")
        return self


@lru_cache(maxsize=1)
def templates() -> _Templates:
    return _Templates.model_validate(yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8")))


def _fill(text: str, brief: IncidentBrief, lang: str) -> str:
    channels = ", ".join(brief.official_channels) or ("các kênh chính thức" if lang == "vi" else "the official channels")
    contact = brief.contact or ("đầu mối liên hệ" if lang == "vi" else "the contact point")
    return text.replace("{speaker}", brief.speaker.name).replace("{channel}", channels).replace("{contact}", contact)


def draft_plan(brief: IncidentBrief, start: dt.date, lang: str | None = None,
               action_items: list[StoredActionItem] | None = None) -> RecoveryPlan:
    """The calendar for ``brief``'s scenario from ``start`` (the closing statement's day)."""
    lang = lang if lang in ("vi", "en") else brief.language
    family = templates().families[templates().scenarios[brief.incident.scenario]]
    items = [PlanItem(date=start + dt.timedelta(days=t.day), type=t.type, title=_fill(getattr(t.title, lang), brief, lang),
                      text=_fill(getattr(t.text, lang), brief, lang),
                      partner=getattr(t.partner, lang) if t.partner else "", owner=getattr(t.owner, lang),
                      publicity=t.publicity)
             for t in family]
    for a in action_items or []:
        if a.status == "open":
            items.append(PlanItem(date=a.due, type="milestone", title=a.text[:300], owner=a.owner))
    items.sort(key=lambda i: (i.date is None, i.date or start))
    return RecoveryPlan(language=lang, scenario=brief.incident.scenario, start=start, items=items)
