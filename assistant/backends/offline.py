"""The offline back end: answers with the request's own offline answer (the deterministic
drafter, the offline fan reply, "no model review"). No network, no key, never fails —
the fallback for every model failure."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.backends.contract import Event, ModelRequest


class OfflineBackend:
    name = "offline"
    model: str | None = None

    def execute(self, request: ModelRequest) -> Iterator[Event]:
        yield request.offline_text()

    def __repr__(self) -> str:
        return "OfflineBackend()"
