"""The back-end contract: one method, ``execute(request) -> Iterator[Event]``.

A back end turns a :class:`ModelRequest` (chat messages, plus how to answer offline) into
an answer: text, a stream of text, or — when the request names a pydantic ``schema`` —
a JSON object validated against it. What it yields:

* ``str`` — a piece of the answer's text (one piece when the request does not stream);
* :class:`Finish` — the model's own report on how the answer ended (``length``: cut off,
  a refusal); optional;
* :class:`Switched` — only from the fallback wrapper: the first choice failed, the text
  that follows comes from ``backend``.

The offline back end answers with ``request.offline()`` (the deterministic drafter, the
offline fan reply, "no model review"); the OpenAI-compatible back end sends
``request.chat()`` to the server. Neither judges the answer: the fallback wrapper
(:mod:`assistant.backends.fallback`) owns every rejection rule. :func:`run` collects the
events into an :class:`Outcome`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, Union, runtime_checkable

from pydantic import BaseModel

if TYPE_CHECKING:  # pragma: no cover
    from assistant.backends.failures import ModelFailure

Role = Literal["system", "user", "assistant"]
Message = tuple[Role, str]
# What the answer is for: picks the fallback's wording ("the offline draft is shown"…).
Purpose = Literal["draft", "reply", "review", "connection"]


@dataclass(frozen=True)
class ModelRequest:
    """One call. ``messages``: the chat (or a function building it, so an offline-only
    run never renders the prompts). ``offline``: the answer without a model — text, or an
    instance of ``schema``. ``schema``: ask for a JSON object and validate it.
    ``protected_names``: an answer naming one is rejected. ``max_tokens``: a deliberate
    output limit (an answer cut off by it is then not a failure)."""

    messages: Sequence[Message] | Callable[[], Sequence[Message]]
    offline: Callable[[], "str | BaseModel"]
    schema: type[BaseModel] | None = None
    stream: bool = False
    purpose: Purpose = "draft"
    protected_names: tuple[str, ...] = ()
    max_tokens: int | None = None
    temperature: float | None = None

    def chat(self) -> list[Message]:
        messages = self.messages() if callable(self.messages) else self.messages
        return [(role, content) for role, content in messages]

    def offline_text(self) -> str:
        answer = self.offline()
        return answer.model_dump_json() if isinstance(answer, BaseModel) else answer


@dataclass(frozen=True)
class Finish:
    """How the model's answer ended: ``reason`` is Chat Completions' ``finish_reason``;
    ``refusal`` the model's refusal message, if it gave one."""

    reason: str | None = None
    refusal: str | None = None


@dataclass(frozen=True)
class Switched:
    """The first choice failed with ``failure``; the following text is ``backend``'s."""

    failure: "ModelFailure"
    backend: str
    model: str | None


Event = Union[str, Finish, Switched]


@runtime_checkable
class Backend(Protocol):
    """``name``: ``"offline"`` or ``"openai"``; ``model``: the model name or ``None``."""

    name: str
    model: str | None

    def execute(self, request: ModelRequest) -> Iterator[Event]:
        """Answer ``request`` (see the module docstring)."""
        ...


@dataclass
class Outcome:
    """A finished answer: its text, who wrote it, why the first choice was not used
    (``failure``), whether text of the failed choice had already been yielded
    (``interrupted``), and for a schema request the validated ``value``."""

    text: str
    backend: str
    model: str | None
    failure: "ModelFailure | None" = None
    interrupted: bool = False
    value: BaseModel | None = None
    chunks: list[str] = field(default_factory=list, repr=False)


def collect(events: Iterable[Event], backend: Backend, schema: type[BaseModel] | None = None) -> Outcome:
    """Consume ``events`` into an :class:`Outcome` (``backend``: who answers first)."""
    outcome = Outcome(text="", backend=backend.name, model=backend.model)
    for event in events:
        if isinstance(event, Switched):
            outcome.failure, outcome.backend, outcome.model = event.failure, event.backend, event.model
            outcome.interrupted = bool(outcome.chunks)
            outcome.chunks = []
        elif isinstance(event, str):
            outcome.chunks.append(event)
    outcome.text = "".join(outcome.chunks)
    if schema is not None:
        outcome.value = parse_json(outcome.text, schema)
    return outcome


def run(backend: Backend, request: ModelRequest) -> Outcome:
    """The whole answer of ``backend`` to ``request``."""
    return collect(backend.execute(request), backend, request.schema)


def json_text(text: str) -> str:
    """The JSON inside ``text`` (some local servers wrap it in a code fence)."""
    text = text.strip()
    if text.startswith("```"):
        text = text.strip("`").strip()
        text = text.removeprefix("json").strip()
    return text


def parse_json(text: str, schema: type[BaseModel]) -> BaseModel:
    """``text`` validated against ``schema``: ``json.JSONDecodeError`` when it is not
    JSON, ``pydantic.ValidationError`` when it has the wrong shape."""
    return schema.model_validate(json.loads(json_text(text)))
