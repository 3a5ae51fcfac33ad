"""The offline drafter (STUB: final signature; implementation in progress)."""
from __future__ import annotations

from assistant.drafting.request import DraftRequest


def render_offline(request: DraftRequest) -> str:
    b = request.brief
    return "\n\n".join([b.incident.title, b.incident.summary, *b.confirmed_facts])
