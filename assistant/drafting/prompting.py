"""Messages for the model back end (STUB: final signature; implementation in progress)."""
from __future__ import annotations

from assistant.drafting.request import DraftRequest


def build_messages(request: DraftRequest) -> list[tuple[str, str]]:
    b = request.brief
    return [("system", "You write honest crisis statements."),
            ("human", f"Write a {request.kind} statement for {request.channel} in {request.language}.\n"
                      + b.model_dump_json())]
