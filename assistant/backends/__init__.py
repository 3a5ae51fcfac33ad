"""Model back ends behind one contract (:class:`Backend`: ``runnable()``).

``get_backend(settings)`` returns the offline drafter or the OpenAI-compatible model for
``settings.resolved_backend()`` (``auto``: openai when a key or base URL is set).
"""

from __future__ import annotations

import functools

from assistant.backends.base import Backend, ModelBoundary
from assistant.backends.failures import ModelFailure, Notice
from assistant.errors import ConfigError
from assistant.settings import BackendSettings

__all__ = ["Backend", "ModelBoundary", "ModelFailure", "Notice", "get_backend", "offline_backend"]


def offline_backend() -> Backend:
    from assistant.backends.offline import OfflineBackend

    return OfflineBackend()


def get_backend(settings: BackendSettings) -> Backend:
    """The back end ``settings`` asks for. ``openai`` with neither a key nor a base URL is
    a :class:`ConfigError` (the operator must configure it or choose ``offline``)."""
    name = settings.resolved_backend()
    if name == "offline":
        return offline_backend()
    if settings.api_key is None and not settings.base_url:
        raise ConfigError(
            "backend openai: neither OPENAI_API_KEY nor OPENAI_BASE_URL is set — set one "
            "(OPENAI_BASE_URL alone for a local server such as Ollama), or use --backend offline"
        )
    return _openai_backend(settings)


@functools.lru_cache(maxsize=8)
def _openai_backend(settings: BackendSettings) -> Backend:
    """One client per configuration (building ChatOpenAI and its HTTP pool costs
    milliseconds; a pooled connection is reused across drafts)."""
    from assistant.backends.openai_compat import OpenAIBackend

    return OpenAIBackend(settings)
