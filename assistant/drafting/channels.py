"""Channel forms (STUB: final signatures; implementation in progress)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.catalog import CHANNEL_LIMITS


class ChannelForm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    posts: list[str]
    char_count: int
    limit: int | None = None
    duration_seconds: float | None = None
    warnings: list[str] = Field(default_factory=list)


def to_channel_form(text: str, channel: str, lang: str) -> ChannelForm:
    text = text.strip()
    return ChannelForm(text=text, posts=[text], char_count=len(text), limit=CHANNEL_LIMITS.get(channel))
