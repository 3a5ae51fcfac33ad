"""Drill scripts: a scenario played on a compressed clock. Timed injects — simulated
posts, fan comments, journalist questions, new facts — appear on a simulated feed while
the team answers with the real tools.

A script is YAML under ``playbooks/drills/`` (both languages). The clock is injected:
``DrillClock(started_at, speed).minutes(now)`` is the scenario time, so tests never sleep.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from assistant.brief import IncidentBrief
from assistant.prepare.playbook import Bilingual, get_playbook
from assistant.prepare.yamlio import load_folder, pick

ENV_VAR = "CRISIS_DESK_DRILLS"
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
InjectKind = Literal["post", "comment", "journalist", "fact"]
INJECT_KINDS: tuple[str, ...] = InjectKind.__args__  # type: ignore[attr-defined]


def drills_dir() -> Path:
    import playbooks

    return Path(os.environ.get(ENV_VAR) or playbooks.DRILLS_DIR)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Inject(_Strict):
    id: Ident
    at_minutes: int = Field(ge=0)
    kind: InjectKind
    author: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    needs_answer: bool = False
    text: Bilingual


class DrillScript(_Strict):
    id: Ident
    playbook: Ident
    title: Bilingual
    speed: float = Field(default=6.0, gt=0, le=120, description="scenario minutes per real minute")
    duration_minutes: int = Field(ge=1, le=7 * 24 * 60)
    brief: dict[Literal["vi", "en"], dict[str, Any]]
    slots: dict[Literal["vi", "en"], dict[str, str]] = Field(default_factory=dict,
                                                              description="holding slots the brief cannot fill")
    injects: list[Inject] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> DrillScript:
        get_playbook(self.playbook)  # InputError names an unknown playbook
        ids = [i.id for i in self.injects]
        if len(ids) != len(set(ids)):
            raise ValueError(f"inject ids must be unique (got {ids})")
        late = [i.id for i in self.injects if i.at_minutes > self.duration_minutes]
        if late:
            raise ValueError(f"injects {late} come after duration_minutes ({self.duration_minutes})")
        if set(self.brief) != {"vi", "en"}:
            raise ValueError("brief needs both 'vi' and 'en'")
        for lang, data in self.brief.items():
            IncidentBrief.model_validate(data)
            if data.get("language") != lang:
                raise ValueError(f"brief.{lang}.language must be {lang!r}")
        return self

    def incident_brief(self, lang: str) -> IncidentBrief:
        return IncidentBrief.model_validate(self.brief[lang])

    def ordered_injects(self) -> list[Inject]:
        return sorted(self.injects, key=lambda i: (i.at_minutes, i.id))


@dataclass(frozen=True)
class DrillClock:
    """Scenario time on a compressed clock: ``speed`` scenario minutes per real minute."""

    started_at: dt.datetime
    speed: float

    def minutes(self, now: dt.datetime) -> float:
        return max(0.0, (now - self.started_at).total_seconds() / 60 * self.speed)

    def scenario_minutes_between(self, start: dt.datetime, end: dt.datetime) -> float:
        return max(0.0, (end - start).total_seconds() / 60 * self.speed)

    def due(self, script: DrillScript, now: dt.datetime) -> list[Inject]:
        """The injects whose time has come, in order."""
        elapsed = self.minutes(now)
        return [i for i in script.ordered_injects() if i.at_minutes <= elapsed]


@lru_cache(maxsize=4)
def _load_all(folder: str) -> dict[str, DrillScript]:
    return load_folder(folder, DrillScript)


def load_drill_scripts() -> dict[str, DrillScript]:
    return dict(_load_all(str(drills_dir())))


def get_drill_script(script_id: str) -> DrillScript:
    return pick(load_drill_scripts(), script_id, "drill scenario", "drill")
