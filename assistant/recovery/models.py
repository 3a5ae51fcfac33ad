"""The records of the post-incident review and the recovery plan (pydantic, ``extra="forbid"``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ItemStatus = Literal["open", "done", "dropped"]
PlanItemType = Literal["community", "charity", "content", "milestone", "closing_statement", "promotional"]
PLAN_ITEM_TYPES: tuple[str, ...] = ("community", "charity", "content", "milestone", "closing_statement", "promotional")
SECTION_KEYS: tuple[str, ...] = ("went_well", "to_improve", "lessons")
TEXT_LIMIT = 5_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReviewSections(_Strict):
    """The review's editable sections (free text, one lesson/point per line)."""

    went_well: str = Field(default="", max_length=TEXT_LIMIT)
    to_improve: str = Field(default="", max_length=TEXT_LIMIT)
    lessons: str = Field(default="", max_length=TEXT_LIMIT)

    def is_empty(self) -> bool:
        return not any(getattr(self, k).strip() for k in SECTION_KEYS)


class PlanUpdate(_Strict):
    """What a lesson changes in the preparation: a line added to a list of the speaker's
    crisis plan or of a scenario playbook (applied when the action item is done)."""

    target: Literal["plan", "playbook"]
    target_id: str = Field(min_length=1, max_length=200)
    field: str = Field(min_length=1, max_length=100)
    value: str = Field(min_length=1, max_length=1_000)


class ActionItem(_Strict):
    text: str = Field(min_length=1, max_length=1_000)
    owner: str = Field(default="", max_length=200)
    due: dt.date | None = None
    status: ItemStatus = "open"
    done_on: dt.date | None = None
    updates: PlanUpdate | None = None
    applied: bool = False  # the plan/playbook update has been made

    @field_validator("text", "owner")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class StoredActionItem(ActionItem):
    id: int


class PlanItem(_Strict):
    """One dated entry of the recovery calendar."""

    date: dt.date | None = None
    type: PlanItemType
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(default="", max_length=TEXT_LIMIT)  # the content or the announcement, as published
    partner: str = Field(default="", max_length=300)       # partner organisation (community/charity)
    owner: str = Field(default="", max_length=200)
    publicity: bool = False   # announced publicly (a post about it)
    disclosed: bool = False   # the announcement says the investigation is still open


class RecoveryPlan(_Strict):
    language: Literal["vi", "en"]
    scenario: str
    start: dt.date
    items: list[PlanItem] = Field(default_factory=list, max_length=200)


class PlanFinding(_Strict):
    """A problem in the recovery plan: ``item`` is the index of the plan item (None: the whole plan)."""

    item: int | None
    rule: str
    route: Literal["lawyer", "pr"]
    reason: str
    span: str = ""


class BatchComment(_Strict):
    """One comment of a weekly batch, with its triage (stored with the batch)."""

    id: str
    text: str
    time: str | None = None
    category: str
    action: Literal["reply", "hide", "lawyer"]
    language: Literal["vi", "en"]
    group_key: str = ""
