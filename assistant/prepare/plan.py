"""A speaker's crisis plan, written before anything happens: who speaks and how, where
official information goes, what is never said and who is never named, the team and who
escalates to whom, and how fast each severity must be answered.

Every new incident of that speaker inherits the standing do-not-say list and protected
names (:func:`inherit`). Plans import and export as YAML (:func:`parse_plan`,
:meth:`CrisisPlan.to_yaml`).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from assistant.brief import IncidentBrief, Speaker
from assistant.prepare.yamlio import dump_yaml, parse_yaml

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Severity = Literal["high", "medium", "low"]
TeamRole = Literal["spokesperson", "pr_lead", "lawyer", "manager", "social_media", "brand_contact", "other"]
TEAM_ROLES: tuple[str, ...] = TeamRole.__args__  # type: ignore[attr-defined]
DEFAULT_TARGETS = {"high": 60, "medium": 180, "low": 720}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TeamMember(_Strict):
    name: Line
    role: TeamRole
    contact: Line


class ResponseTarget(_Strict):
    first_statement_minutes: int = Field(ge=1, le=7 * 24 * 60)
    update_every_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)


def speaker_key(name: str) -> str:
    """The plan's key: the speaker's name folded (case, spaces, NFC/NFD alike)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class CrisisPlan(_Strict):
    speaker: Speaker
    official_channels: list[Line] = Field(default_factory=list)
    contact: Line | None = None
    do_not_say: list[Line] = Field(default_factory=list)
    protected_names: list[Line] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list)
    escalation: list[Line] = Field(default_factory=list, description="team member names, first called first")
    targets: dict[Severity, ResponseTarget] = Field(
        default_factory=lambda: {s: ResponseTarget(first_statement_minutes=m) for s, m in DEFAULT_TARGETS.items()})

    @model_validator(mode="after")
    def _escalation_is_the_team(self) -> CrisisPlan:
        names = {m.name for m in self.team}
        unknown = [n for n in self.escalation if n not in names]
        if unknown:
            raise ValueError(f"escalation names {unknown} who are not in the team ({sorted(names) or 'empty'})")
        return self

    @property
    def key(self) -> str:
        return speaker_key(self.speaker.name)

    def target_minutes(self, severity: str) -> int:
        target = self.targets.get(severity)  # type: ignore[call-overload]
        return target.first_statement_minutes if target else DEFAULT_TARGETS.get(severity, 60)

    def to_yaml(self) -> str:
        return dump_yaml(self)


def parse_plan(text: str, source: str = "plan.yaml") -> CrisisPlan:
    return parse_yaml(text, CrisisPlan, source)


def _fold(item: object) -> str:
    return speaker_key(item if isinstance(item, str) else str(getattr(item, "phrase", None) or item))


def _union(first: list, second: list[str]) -> list:
    """``first`` (as the brief serialises it: a do-not-say item is its topic, or a dict with
    its aliases) with the lines of ``second`` it does not have yet."""
    seen = {_fold(x["topic"] if isinstance(x, dict) else str(x)) for x in first}
    return list(first) + [x for x in second if _fold(x) not in seen]


def inherit(brief: IncidentBrief, plan: CrisisPlan) -> IncidentBrief:
    """The brief with the plan's standing lists added (nothing the brief says is dropped):
    do-not-say and protected names are merged; channels, contact, handle and voice are
    filled where the brief left them empty."""
    speaker = brief.speaker.model_copy(update={
        "handle": brief.speaker.handle or plan.speaker.handle,
        "voice": brief.speaker.voice or plan.speaker.voice,
    })
    data = brief.model_dump()
    data.update(
        speaker=speaker.model_dump(),
        do_not_say=_union(data["do_not_say"], plan.do_not_say),
        protected_names=_union(brief.protected_names, plan.protected_names),
        official_channels=brief.official_channels or list(plan.official_channels),
        contact=brief.contact or plan.contact,
    )
    return IncidentBrief.model_validate(data)
