"""The OpenAI-compatible back end: the official ``openai`` SDK on the Chat Completions API
(never the Responses API, which local servers do not speak), with our time limit and
retry count (the SDK retries 429, 5xx and connection errors ``max_retries`` times).

It only talks to the server: it yields the answer's text and how it ended. It judges
nothing and translates no exception — the fallback wrapper does both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from assistant.backends.contract import Event, Finish, ModelRequest
from assistant.settings import BackendSettings

# Servers without JSON-schema support (older llama.cpp, some proxies) refuse it with a
# 400: the back end then asks for plain JSON mode, which every compatible server knows.
JSON_MODE = {"type": "json_object"}


def json_schema_format(schema: type) -> dict[str, Any]:
    """``response_format`` asking for an object of the pydantic ``schema`` (strict)."""
    return {"type": "json_schema", "json_schema": {
        "name": schema.__name__, "strict": True, "schema": _strict(schema.model_json_schema())}}


def _strict(node: Any) -> Any:
    """A JSON schema the strict mode accepts: every object closed, every property required."""
    if isinstance(node, dict):
        node = {k: _strict(v) for k, v in node.items() if k not in ("title", "default")}
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        return node
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


@functools.lru_cache(maxsize=8)
def _client(settings: BackendSettings):
    """One SDK client per configuration: its pooled connections are reused across calls
    (building one costs milliseconds)."""
    import openai

    return openai.OpenAI(api_key=settings.sdk_key(), base_url=settings.base_url, timeout=settings.timeout,
                         max_retries=settings.max_retries)


class OpenAIBackend:
    name = "openai"

    def __init__(self, settings: BackendSettings):
        self.settings = settings
        self.model: str | None = settings.model
        self._json_mode_only = False  # the server refused json_schema in this run: ask for JSON mode

    @property
    def client(self):
        return _client(self.settings)

    def list_models(self) -> list[str]:
        """The ids the server lists (for the connection test)."""
        return [m.id for m in self.client.models.list()]

    def execute(self, request: ModelRequest) -> Iterator[Event]:
        import openai

        params: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [{"role": role, "content": content} for role, content in request.chat()],
        }
        if request.max_tokens is not None:
            params["max_tokens"] = request.max_tokens
        if request.temperature is not None:
            params["temperature"] = request.temperature
        if request.schema is not None:
            params["response_format"] = JSON_MODE if self._json_mode_only else json_schema_format(request.schema)
            try:
                response = self.client.chat.completions.create(**params)
            except openai.BadRequestError:
                if self._json_mode_only:
                    raise
                self._json_mode_only = True  # for this call and the rest of the run
                params["response_format"] = JSON_MODE
                response = self.client.chat.completions.create(**params)
            yield from _whole(response)
        elif request.stream:
            for chunk in self.client.chat.completions.create(stream=True, **params):
                for choice in chunk.choices or ():
                    if choice.delta is not None and choice.delta.content:
                        yield choice.delta.content
                    if choice.finish_reason:
                        yield Finish(reason=choice.finish_reason,
                                     refusal=getattr(choice.delta, "refusal", None))
        else:
            yield from _whole(self.client.chat.completions.create(**params))

    def __repr__(self) -> str:  # never the key
        return f"OpenAIBackend(model={self.settings.model!r}, server={self.settings.server_label()!r})"


def _whole(response: Any) -> Iterator[Event]:
    """The text and end of a non-streamed answer; nothing when it has no choice."""
    choices = getattr(response, "choices", None) or []
    if not choices:
        yield Finish(reason="no_choice")
        return
    message = choices[0].message
    if message is not None and message.content:
        yield message.content
    yield Finish(reason=choices[0].finish_reason, refusal=getattr(message, "refusal", None))
