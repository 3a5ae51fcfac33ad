"""Where finished group replies are kept, so a stopped batch resumes without redoing them.

A cache answers ``get(group_key, statement_sha256)`` and takes ``put(reply)``. The
in-memory one serves the command line without a store; ``storage.StoreReplyCache`` keeps
replies with the incident in the database.
"""

from __future__ import annotations

from typing import Protocol

from assistant.replies.models import GroupReply


class ReplyCache(Protocol):
    def get(self, group_key: str, statement_sha256: str) -> GroupReply | None: ...

    def put(self, reply: GroupReply) -> None: ...


class MemoryReplyCache:
    def __init__(self) -> None:
        self._replies: dict[tuple[str, str], GroupReply] = {}

    def get(self, group_key: str, statement_sha256: str) -> GroupReply | None:
        return self._replies.get((group_key, statement_sha256))

    def put(self, reply: GroupReply) -> None:
        self._replies[(reply.group_key, reply.statement_sha256)] = reply

    def all(self, statement_sha256: str) -> dict[str, GroupReply]:
        return {key: r for (key, sha), r in self._replies.items() if sha == statement_sha256}

    def __len__(self) -> int:
        return len(self._replies)
