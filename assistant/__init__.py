"""Crisis Desk: honest, lawyer-checked crisis statements in Vietnamese and English.

``from assistant import draft`` is the one-call drafting engine (see ``cli.md``). Heavy
modules are imported on first use so that ``import assistant`` stays fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["draft"]


def draft(*args: Any, **kwargs: Any):
    """Draft a statement: ``draft(brief, kind="holding", channel="x", lang=None, backend="offline")``."""
    from assistant.services.drafting import draft as _draft

    return _draft(*args, **kwargs)
