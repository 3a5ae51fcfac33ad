"""What an export contains: one statement text, its scan, the brief it is grounded in,
its version and hash, and the reviews of that version.

The service :mod:`assistant.services.exports` builds one from a text and a brief (ad hoc)
or from a saved version (with the scan stored with it); ``sha256`` is always computed from
the text itself, so a sign-off block can never show a hash of some other text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from assistant.brief import IncidentBrief
from assistant.catalog import CHANNELS, KINDS, LANGUAGES, Channel, Kind
from assistant.errors import InputError, Problem
from guardrails.report import ScanReport


DRILL_MARK = "DIỄN TẬP / DRILL"  # on every export of a drill incident


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8 (the hash reviews are bound to)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReviewEntry(BaseModel):
    """One reviewer's decision on one version (from the store's ReviewRecord)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    role: Literal["lawyer", "pr"]
    decision: Literal["approved", "changes_requested"]
    comment: str = ""
    sha256: str
    date: dt.datetime


class ExportDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    brief: IncidentBrief
    text: str
    scan: ScanReport
    language: Literal["vi", "en"]
    kind: Kind | None = None
    channel: Channel | None = None
    version: int | None = None  # None: ad hoc export, not saved in the store
    draft_id: int | None = None
    author: str | None = None
    backend: str | None = None
    model: str | None = None
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    reviews: list[ReviewEntry] = Field(default_factory=list)
    # roles whose sign-off the workflow requires; None: the scan's needs_review
    required_roles: list[Literal["lawyer", "pr"]] | None = None
    drill: bool = False  # a drill incident: every format carries DRILL_MARK

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def requires(self, role: str) -> bool:
        roles = self.scan.needs_review if self.required_roles is None else self.required_roles
        return role in roles

    def signoff(self, role: str) -> ReviewEntry | None:
        """The latest review by ``role`` of THIS text (its hash), or None."""
        matching = [r for r in self.reviews if r.role == role and r.sha256 == self.sha256]
        return max(matching, key=lambda r: r.date) if matching else None


def check_text_export(text: str, kind: str | None = None, channel: str | None = None,
                      lang: str | None = None) -> None:
    """An ad hoc export's input: an unknown kind, channel or language, or an empty text,
    is an InputError naming the field (never a traceback)."""
    problems = [
        Problem(name, f"must be one of: {', '.join(allowed)} (got {value!r})", value=value)
        for name, value, allowed in (("kind", kind, KINDS), ("channel", channel, CHANNELS), ("lang", lang, LANGUAGES))
        if value is not None and value not in allowed
    ]
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem("text", "the text is empty: nothing to export", type="empty", value=text))
    if problems:
        raise InputError("export", problems)
