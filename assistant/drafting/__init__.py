"""Drafting: from an incident brief to a scanned statement.

    from assistant.drafting import draft, stream_draft, draft_many, DraftRequest, Draft
    d = draft(brief, kind="holding", channel="x", lang=None, backend="auto")

Names are imported on first use, so that ``import assistant.drafting.request`` (or the
offline drafter) does not pull in langchain-core.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from assistant.drafting.pipeline import (
        DraftStream, adraft_many, draft, draft_many, draft_request, stream_draft,
    )
    from assistant.drafting.request import DraftRequest, build_request
    from assistant.drafting.result import Draft

_EXPORTS = {
    "draft": "assistant.drafting.pipeline",
    "draft_request": "assistant.drafting.pipeline",
    "stream_draft": "assistant.drafting.pipeline",
    "draft_many": "assistant.drafting.pipeline",
    "adraft_many": "assistant.drafting.pipeline",
    "DraftStream": "assistant.drafting.pipeline",
    "DraftRequest": "assistant.drafting.request",
    "build_request": "assistant.drafting.request",
    "Draft": "assistant.drafting.result",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.drafting' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
