"""What one draft is asked for: the brief, the kind of statement, the channel, the language.

``DraftRequest`` is what every back end receives (offline drafter and model alike).
``build_request(...)`` is the friendly constructor: bad values become an
:class:`~assistant.errors.InputError` naming the field, never a pydantic traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.brief import IncidentBrief
from assistant.catalog import Channel, Kind, Language
from assistant.errors import InputError, Problem
from guardrails.text import fold_plain

# "Update 2", "UPDATE #3", "Cập nhật số 2", "Cap nhat so 2" (any case, NFC or NFD).
_UPDATE_NUMBER = re.compile(r"\b(?:update|cap nhat)\s*(?:so|no\.?|#)?\s*(\d{1,3})\b", re.IGNORECASE)


def next_update_number(previous: list[str] | tuple[str, ...]) -> int:
    """The number of the next update: highest "Update N"/"Cập nhật số N" found + 1,
    else one more than the number of previous statements."""
    found = [int(m.group(1)) for text in previous for m in _UPDATE_NUMBER.finditer(fold_plain(text))]
    return max(found) + 1 if found else len(previous) + 1


class DraftRequest(BaseModel):
    """One statement to draft. ``language`` defaults to ``brief.language``;
    ``update_number`` defaults to the number after the previous statements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    brief: IncidentBrief
    kind: Kind
    channel: Channel
    language: Language
    previous: list[str] = Field(default_factory=list)
    update_number: int | None = Field(default=None, ge=1)
    statement_date: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _resolve_language(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("language") is None:
            brief = data.get("brief")
            lang = getattr(brief, "language", None)
            if lang is None and isinstance(brief, dict):
                lang = brief.get("language")
            data = {**data, "language": lang}
        return data

    @model_validator(mode="after")
    def _resolve_update_number(self) -> "DraftRequest":
        if self.update_number is None:
            object.__setattr__(self, "update_number", next_update_number(self.previous))
        return self


def build_request(
    brief: IncidentBrief,
    kind: str,
    channel: str,
    lang: str | None = None,
    previous: list[str] | tuple[str, ...] = (),
    update_number: int | None = None,
    statement_date: dt.date | None = None,
    source: str = "draft request",
) -> DraftRequest:
    """Build a :class:`DraftRequest`; invalid kind/channel/language raise ``InputError``."""
    try:
        return DraftRequest(
            brief=brief,
            kind=kind,
            channel=channel,
            language=lang,
            previous=list(previous),
            update_number=update_number,
            statement_date=statement_date,
        )
    except ValidationError as exc:
        problems = [
            Problem(
                field=".".join(str(p) for p in err["loc"]) or "(request)",
                message=err["msg"].replace("Input should be", "must be one of:"),
                type=err["type"],
                value=err.get("input") if not isinstance(err.get("input"), (dict, IncidentBrief)) else None,
            )
            for err in exc.errors(include_url=False)
        ]
        raise InputError(source, problems) from None
