"""Drafting: from an incident brief to a statement in channel form.

    from assistant.drafting import DraftRequest, build_request, Draft

The drafting API that also scans (``draft``, ``stream_draft``, ``draft_many``) is the
service :mod:`assistant.services.drafting`. Names are imported on first use, so that
``import assistant.drafting.request`` (or the offline drafter) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from assistant.drafting.pipeline import DraftStream
    from assistant.drafting.request import DraftRequest, build_request
    from assistant.drafting.result import Draft

_EXPORTS = {
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
