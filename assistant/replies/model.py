"""Fan replies with an OpenAI-compatible model: one structured call per group of comments.

The messages come from ``prompts/replies/{system,user}.<lang>.j2``; the statement, the
brief and the comments enter only as JSON *data* between tags, with ``<`` ``>`` ``&``
escaped, so a comment cannot close its block and pose as an instruction. The answer is a
JSON object validated by :class:`GroupAnswer`; the call goes through the back-end
contract, so the fallback wrapper judges it (not JSON, wrong fields, a timeout…) and
falls back to the offline reply exactly as a draft falls back to the offline draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.backends.contract import ModelRequest
from assistant.brief import IncidentBrief
from assistant.drafting.prompting import data_json
from assistant.drafting.templates import render, tidy
from assistant.replies.models import CATEGORIES, Category, CommentGroup
from guardrails.names import mentions_protected, redact_names

MAX_SHOWN = 5  # distinct comments of a group shown to the model
MAX_COMMENT_CHARS = 500


class GroupAnswer(BaseModel):
    """What the model must return for one group."""

    model_config = ConfigDict(extra="forbid")

    category: Category
    reply: str


def _brief_data(brief: IncidentBrief) -> dict[str, Any]:
    """The brief as the model sees it: items naming a protected person are left out."""
    def keep(items: list[str]) -> list[str]:
        return [i for i in items if not mentions_protected(i, brief.protected_names)]

    return {
        "speaker": brief.speaker.name,
        "incident": brief.incident.title,
        "fault": brief.fault,
        "confirmed_facts": keep(brief.confirmed_facts),
        "under_investigation": keep(brief.under_investigation),
        "actions_taken": keep(brief.actions_taken),
        "actions_planned": keep([p.action for p in brief.actions_planned]),
        "next_update": brief.next_update,
        "official_channels": brief.official_channels,
        "contact": brief.contact,
        "do_not_say": [i.model_dump(mode="json") for i in brief.do_not_say],
    }


def group_messages(brief: IncidentBrief, statement: str, group: CommentGroup, texts: list[str]) -> list[dict[str, str]]:
    """Chat messages for one group: rules in the system message, data in the user message."""
    lang = group.language
    shown: list[str] = []
    for t in texts:
        t = redact_names(t[:MAX_COMMENT_CHARS], brief.protected_names)
        if t not in shown:
            shown.append(t)
        if len(shown) == MAX_SHOWN:
            break
    channel = brief.official_channels[0] if brief.official_channels else (
        "trang chính thức" if lang == "vi" else "our official page")
    system = render(f"replies/system.{lang}.j2", speaker=brief.speaker.name, channel=channel,
                    next_update=brief.next_update, categories=CATEGORIES)
    user = render(f"replies/user.{lang}.j2", statement_json=data_json(statement),
                  brief_json=data_json(_brief_data(brief)), comments_json=data_json(shown),
                  size=group.size, shown=len(shown), guess=group.category)
    return [{"role": "system", "content": tidy(system)}, {"role": "user", "content": tidy(user)}]


def group_request(brief: IncidentBrief, statement: str, group: CommentGroup, texts: list[str],
                  offline: Callable[[], GroupAnswer]) -> ModelRequest:
    """The back-end call for one group: the messages, a :class:`GroupAnswer` asked for
    (``response_format`` json_schema, strict), and the offline reply as its fallback."""
    messages = group_messages(brief, statement, group, texts)
    return ModelRequest(
        messages=tuple((m["role"], m["content"]) for m in messages),
        offline=offline,
        schema=GroupAnswer,
        purpose="reply",
        temperature=0.4,
    )
