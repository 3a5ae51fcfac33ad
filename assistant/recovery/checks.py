"""The recovery plan's own guardrails (rules as data in ``data/recovery_rules.yaml``).

The statement scanner checks each item's words separately (the service layer runs it);
these rules check what only the plan as a whole shows: charity framed as compensation,
promotion before the closing statement, charity publicity while an investigation is open,
promises with no owner or date."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.brief import IncidentBrief
from assistant.recovery.models import PLAN_ITEM_TYPES, PlanFinding, RecoveryPlan
from guardrails.text import fold_plain

RULES_FILE = Path(__file__).with_name("data") / "recovery_rules.yaml"
# Items whose words go out to the public: the service scans them like a statement.
PUBLIC_TYPES = frozenset({"content", "community", "charity", "closing_statement", "promotional"})


def is_public(item) -> bool:
    """Whether the item's words will be read by the public (an internal milestone is not)."""
    return item.publicity or item.type in PUBLIC_TYPES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Bilingual(_Strict):
    vi: str
    en: str


class _Phrases(_Strict):
    vi: list[str]
    en: list[str]


class _Rule(_Strict):
    route: Literal["lawyer", "pr"]
    reason: _Bilingual
    applies_to: list[str] | None = None
    phrases: _Phrases | None = None


class _Rules(_Strict):
    compensation_framing: _Rule
    promo_before_closing: _Rule
    charity_publicity_open_investigation: _Rule
    promise_owner_date: _Rule


@lru_cache(maxsize=1)
def rules() -> _Rules:
    loaded = _Rules.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
    for rule in loaded.__dict__.values():
        unknown = set(rule.applies_to or ()) - set(PLAN_ITEM_TYPES)
        if unknown:
            raise ValueError(f"{RULES_FILE.name}: unknown item types {sorted(unknown)}")
    return loaded


@lru_cache(maxsize=1)
def _framing_pattern() -> re.Pattern[str]:
    phrases = rules().compensation_framing.phrases
    folded = sorted({fold_plain(p) for p in (phrases.vi + phrases.en) if p.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in folded) + r")(?!\w)")


def _finding(name: str, lang: str, item: int | None, span: str = "") -> PlanFinding:
    rule: _Rule = getattr(rules(), name)
    return PlanFinding(item=item, rule=name, route=rule.route, reason=getattr(rule.reason, lang), span=span)


def check_plan(plan: RecoveryPlan, brief: IncidentBrief, lang: str | None = None) -> list[PlanFinding]:
    """Every rule finding of the plan, in item order (reasons in ``lang``, default the plan's)."""
    lang = lang if lang in ("vi", "en") else plan.language
    found: list[PlanFinding] = []
    closing = [i.date for i in plan.items if i.type == "closing_statement" and i.date is not None]
    closing_date = min(closing) if closing else None
    open_investigation = bool(brief.under_investigation)
    framing_types = set(rules().compensation_framing.applies_to or ())
    for n, item in enumerate(plan.items):
        if item.type in framing_types:
            folded = fold_plain(f"{item.title}\n{item.text}")
            m = _framing_pattern().search(folded)
            if m:
                found.append(_finding("compensation_framing", lang, n, m.group(0)))
        if item.type == "promotional" and (closing_date is None or item.date is None or item.date < closing_date):
            found.append(_finding("promo_before_closing", lang, n))
        if item.type == "charity" and item.publicity and open_investigation and not item.disclosed:
            found.append(_finding("charity_publicity_open_investigation", lang, n))
        if not item.owner.strip() or item.date is None:
            found.append(_finding("promise_owner_date", lang, n))
    return found
