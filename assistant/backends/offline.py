"""The offline back end: the deterministic drafter built from the Jinja templates.
No network, no key, never fails — the fallback for every model failure."""

from __future__ import annotations

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.drafting.offline import render_offline


class OfflineBackend:
    name = "offline"
    model: str | None = None

    def runnable(self) -> Runnable:
        return RunnableLambda(render_offline, name="offline_drafter")

    def __repr__(self) -> str:
        return "OfflineBackend()"
