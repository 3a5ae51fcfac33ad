"""The records of fan Q&A: comments, their triage, groups of near-duplicates and replies.

Frozen pydantic models, so the UI can hold them safely and tests compare them by value.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from guardrails.report import Finding

Category = Literal["question", "criticism", "rumor", "support", "harassment", "legal_threat", "spam", "other"]
CATEGORIES: tuple[str, ...] = get_args(Category)
Action = Literal["reply", "pr", "hide", "lawyer"]  # "pr": a reply the PR lead approves first

# What happens to a class: no automatic reply for abuse, spam and legal threats.
ACTIONS: dict[str, Action] = {
    "question": "reply", "criticism": "reply", "rumor": "reply", "support": "reply", "other": "reply",
    "harassment": "hide", "spam": "hide", "legal_threat": "lawyer",
}
# When members of one group disagree, the most serious class wins a tie.
SEVERITY_ORDER: tuple[str, ...] = (
    "legal_threat", "harassment", "spam", "rumor", "question", "criticism", "support", "other",
)
MAX_COMMENTS = 10_000


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Comment(_Frozen):
    """One imported comment. ``line`` is where it was in the file/paste (1-based)."""

    id: str
    text: str
    author: str | None = None
    time: str | None = None
    line: int | None = None


class Triage(_Frozen):
    category: Category
    language: Literal["vi", "en"]
    cues: tuple[str, ...] = ()  # the cues that decided (offline), for the reviewer


class TriagedComment(_Frozen):
    comment: Comment
    triage: Triage
    group_key: str


class CommentGroup(_Frozen):
    """Near-duplicate comments that one reply serves."""

    key: str  # stable: language + normalised words (see grouping.group_id)
    language: Literal["vi", "en"]
    category: Category
    comment_ids: tuple[str, ...]
    sample: str  # the first comment's text, shown to people (never sent as an instruction)

    @property
    def size(self) -> int:
        return len(self.comment_ids)

    @property
    def action(self) -> Action:
        return ACTIONS[self.category]


class GroupReply(_Frozen):
    """The reply (or the recommended action) for one group."""

    group_key: str
    category: Category
    language: Literal["vi", "en"]
    action: Action
    text: str = ""  # empty when action is hide/lawyer
    backend: Literal["offline", "openai", "human"] = "offline"
    model: str | None = None
    fallback: bool = False  # the model failed and the offline reply was used
    findings: tuple[Finding, ...] = ()
    needs_review: bool = False
    warnings: tuple[str, ...] = ()
    fact: str | None = None  # the statement sentence / confirmed fact the reply quotes
    statement_sha256: str = ""
    reason: str | None = None  # why it is not an ordinary reply (routing.REASONS), shown to people
    asks: tuple[str, ...] = ()  # what the comments ask (asks.ASKED_ITEMS), and the lot codes named


class ReplySummary(_Frozen):
    comments: int
    groups: int
    per_category: dict[str, int] = Field(default_factory=dict)
    per_action: dict[str, int] = Field(default_factory=dict)
    needs_review: int = 0
    fallbacks: int = 0
    model_calls: int = 0
    reused: int = 0  # groups whose reply was already stored (resume)
