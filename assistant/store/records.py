"""Frozen records the store returns: plain values the UI can keep across threads and
reruns, never live ORM objects."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

from assistant.brief import IncidentBrief

Status = Literal["draft", "in_review", "approved", "changes_requested", "published"]
ReviewRole = Literal["lawyer", "pr"]
Decision = Literal["approved", "changes_requested"]

STATUSES: tuple[str, ...] = ("draft", "in_review", "approved", "changes_requested", "published")
REVIEW_ROLES: tuple[str, ...] = ("lawyer", "pr")
DECISIONS: tuple[str, ...] = ("approved", "changes_requested")


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class IncidentRecord(_Record):
    id: int
    title: str
    brief: IncidentBrief           # the current (latest non-conflict) brief
    brief_version: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    is_drill: bool = False         # a drill incident: kept out of real lists, exports watermarked


class BriefVersionRecord(_Record):
    incident_id: int
    number: int
    brief: IncidentBrief
    author: str
    created_at: dt.datetime
    is_conflict_copy: bool = False
    parent: int | None = None


class DraftRecord(_Record):
    id: int
    incident_id: int
    kind: str
    channel: str
    language: str
    status: Status
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    latest_version: int | None     # newest version that is not a conflict copy


class VersionRecord(_Record):
    id: int
    draft_id: int
    number: int
    text: str
    sha256: str
    author: str
    backend: str
    model: str | None
    # the guardrails report the service layer stored with the text, as JSON (None: not
    # scanned or the scanner failed — both roles must review); read it with
    # ``assistant.services.drafts.stored_scan``
    scan_json: str | None
    created_at: dt.datetime
    is_conflict_copy: bool = False
    parent: int | None = None


class ReviewRecord(_Record):
    id: int
    draft_id: int
    number: int                    # the version number reviewed
    reviewer: str
    role: ReviewRole
    decision: Decision
    comment: str
    sha256: str
    created_at: dt.datetime

    @property
    def version(self) -> int:
        return self.number


class PublicationRecord(_Record):
    id: int
    incident_id: int
    draft_id: int
    number: int                    # the version number published
    kind: str
    channel: str
    language: str
    sha256: str
    published_at: dt.datetime
    text: str
    actor: str
    sequence: int = 0              # 1, 2, 3… in the incident's timeline (0 outside it)

    @property
    def version(self) -> int:
        return self.number


class AuditEntry(_Record):
    id: int
    at: dt.datetime
    actor: str
    action: str
    target_type: str
    target_id: int | None
    incident_id: int | None
    detail: dict[str, Any]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def target(self) -> str:
        return self.target_type if self.target_id is None else f"{self.target_type}:{self.target_id}"
