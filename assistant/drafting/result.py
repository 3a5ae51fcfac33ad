"""The result of one draft: the statement in its channel form, who wrote it, what the
guardrails found. ``Draft.model_dump(mode="json")`` is the object ``crisis-desk draft
--format json`` prints (cli.md), plus ``duration_seconds``, ``char_count`` and
``fallback_reason``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.backends.failures import Notice
from guardrails.report import ScanReport


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    channel: str
    language: Literal["vi", "en"]
    backend: Literal["offline", "openai"]
    model: str | None = None
    text: str
    posts: list[str]
    warnings: list[str] = []
    scan: ScanReport
    duration_seconds: float | None = None  # spoken length (video_script)
    char_count: int = 0
    # Why the model was not used, in both languages (None when it was, or when offline
    # was chosen): the UI shows it as a banner in the reader's language.
    fallback_reason: Notice | None = None

    @property
    def needs_review(self) -> list[str]:
        return list(self.scan.needs_review)

    def thread_text(self) -> str:
        """The statement as the command line prints it: an X thread's posts separated by
        blank lines; other channels: the text."""
        return "\n\n".join(self.posts) if self.channel == "x" else self.text
