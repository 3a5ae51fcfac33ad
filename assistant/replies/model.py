"""Fan replies with an OpenAI-compatible model: one structured call per group of comments.

The messages come from ``prompts/replies/{system,user}.<lang>.j2``; the statement, the
brief and the comments enter only as JSON *data* between tags, with ``<`` ``>`` ``&``
escaped, so a comment cannot close its block and pose as an instruction. The answer is a
JSON object validated by :class:`GroupAnswer` (``response_format`` json_schema, strict);
anything else is a :class:`BadAnswer` and the batch falls back to the offline reply.
Client exceptions become :class:`~assistant.backends.failures.ModelFailure` (the SDK has
already retried 429/5xx/timeouts ``max_retries`` times).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.brief import IncidentBrief
from assistant.drafting.prompting import data_json
from assistant.drafting.templates import render, tidy
from assistant.replies.models import CATEGORIES, Category, CommentGroup
from assistant.settings import BackendSettings
from guardrails.names import mentions_protected, redact_names

MAX_SHOWN = 5  # distinct comments of a group shown to the model
MAX_COMMENT_CHARS = 500


class GroupAnswer(BaseModel):
    """What the model must return for one group."""

    model_config = ConfigDict(extra="forbid")

    category: Category
    reply: str


class BadAnswer(Exception):
    """The model answered, but not with the JSON object asked for (code: ``bad_json``)."""


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


# Servers without JSON-schema support (older llama.cpp, some proxies) refuse it with a 400:
# the batch then asks for plain JSON mode, which every OpenAI-compatible server knows.
JSON_MODE = {"type": "json_object"}
RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "fan_reply", "strict": True, "schema": {
        "type": "object",
        "properties": {"category": {"type": "string", "enum": list(CATEGORIES)}, "reply": {"type": "string"}},
        "required": ["category", "reply"],
        "additionalProperties": False,
    }},
}


def parse_answer(content: str | None) -> GroupAnswer:
    text = (content or "").strip()
    if text.startswith("```"):  # some local servers wrap JSON in a fence
        text = text.strip("`").removeprefix("json").strip()
    try:
        return GroupAnswer.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError, TypeError):
        raise BadAnswer("bad_json") from None


class ModelReplier:
    """An async client for one batch (``async with``): ``await answer(messages)``."""

    def __init__(self, settings: BackendSettings):
        self.settings = settings
        self.calls = 0
        self.response_format: dict = RESPONSE_FORMAT
        self._client = None

    async def __aenter__(self) -> "ModelReplier":
        from openai import AsyncOpenAI

        s = self.settings
        self._client = AsyncOpenAI(api_key=s.sdk_key(), base_url=s.base_url, timeout=s.timeout, max_retries=s.max_retries)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._client is not None:
            await self._client.close()

    async def answer(self, messages: list[dict[str, str]]) -> GroupAnswer:
        """One model call. Raises ``ModelFailure`` (transport/server) or :class:`BadAnswer`."""
        from assistant.backends.failures import model_failure

        self.calls += 1
        response_format = self.response_format
        try:
            response = await self._client.chat.completions.create(
                model=self.settings.model, messages=messages, response_format=response_format, temperature=0.4)
        except Exception as exc:  # translated at the boundary; a bug of ours re-raises
            failure = model_failure(exc, self.settings)
            if failure is None:
                raise
            if failure.code == "rejected" and response_format is RESPONSE_FORMAT:
                self.response_format = JSON_MODE  # for this call and the rest of the batch
                return await self.answer(messages)
            raise failure from None
        choices = getattr(response, "choices", None) or []
        if not choices:
            raise BadAnswer("bad_json")
        return parse_answer(choices[0].message.content)
