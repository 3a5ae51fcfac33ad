"""Scenario playbooks: YAML files under ``playbooks/`` (one per scenario, both languages),
validated with ``extra="forbid"`` so a PR lead can add one without Python.

Each holds a first-hour checklist, the questions the brief must answer, the risks to
avoid (guardrail category ids from ``guardrails/rules/categories.yaml``), the stakeholders
to contact and a holding statement with ``{slot}`` placeholders in Vietnamese and English.
``CRISIS_DESK_PLAYBOOKS`` points to another folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from assistant.catalog import Language, Scenario
from assistant.prepare.template import placeholders, template_sha256
from assistant.prepare.yamlio import load_folder, pick

ENV_VAR = "CRISIS_DESK_PLAYBOOKS"
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Severity = Literal["high", "medium", "low"]
SlotSource = Literal["speaker", "title", "next_update", "channel", "contact"]


def playbooks_dir() -> Path:
    import playbooks

    return Path(os.environ.get(ENV_VAR) or playbooks.PLAYBOOKS_DIR)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    vi: Line
    en: Line

    def pick(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class ChecklistStep(Bilingual):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    required: bool = True


class Risk(Bilingual):
    category: str

    @field_validator("category")
    @classmethod
    def _known(cls, value: str) -> str:
        from guardrails.categories import describe_category

        try:
            describe_category(value, "en")
        except KeyError:
            raise ValueError(f"{value!r} is not a guardrail category of guardrails/rules/categories.yaml") from None
        return value


class Slot(Bilingual):
    """A placeholder: its label (``vi``/``en``), where the brief fills it from, and the
    example values the table test renders."""

    from_brief: SlotSource | None = None
    example: Bilingual


class Playbook(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    scenario: Scenario
    severity: Severity = "high"
    title: Bilingual
    summary: Bilingual
    checklist: list[ChecklistStep] = Field(min_length=1)
    questions: list[Bilingual] = Field(min_length=1)
    risks: list[Risk] = Field(min_length=1)
    stakeholders: list[Bilingual] = Field(min_length=1)
    slots: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Slot]
    holding: Bilingual

    @model_validator(mode="after")
    def _consistent(self) -> Playbook:
        ids = [c.id for c in self.checklist]
        if len(ids) != len(set(ids)):
            raise ValueError(f"checklist ids must be unique (got {ids})")
        for lang in ("vi", "en"):
            used = set(placeholders(self.holding.pick(lang)))
            if used != set(self.slots):
                raise ValueError(f"holding.{lang} uses the slots {sorted(used)} but slots declares {sorted(self.slots)}")
        return self

    def holding_template(self, lang: str) -> str:
        return self.holding.pick(lang)

    def template_sha256(self, lang: str) -> str:
        return template_sha256(self.holding_template(lang))

    def example_slots(self, lang: Language) -> dict[str, str]:
        return {name: slot.example.pick(lang) for name, slot in self.slots.items()}

    def required_steps(self) -> list[str]:
        return [c.id for c in self.checklist if c.required]


@lru_cache(maxsize=4)
def _load_all(folder: str) -> dict[str, Playbook]:
    return load_folder(folder, Playbook)


def load_playbooks() -> dict[str, Playbook]:
    """Every playbook by id (file name order). InputError names a file that is invalid."""
    return dict(_load_all(str(playbooks_dir())))


def get_playbook(playbook_id: str) -> Playbook:
    return pick(load_playbooks(), playbook_id, "playbook", "playbook")
