"""Model back ends behind one contract (:class:`Backend`: ``execute(request)``).

    backend = backend_for(settings, no_fallback=False)    # the fallback wrapper
    outcome = run(backend, ModelRequest(messages=..., offline=...))

``get_backend(settings)`` is the bare first choice for ``settings.resolved_backend()``
(``auto``: openai when a key or base URL is set); :func:`backend_for` wraps it in the one
:class:`FallbackBackend`, falling back to the offline answer unless ``no_fallback``.
"""

from __future__ import annotations

from assistant.backends.contract import Backend, Event, Finish, ModelRequest, Outcome, Switched, collect, run
from assistant.backends.failures import ModelFailure, Notice
from assistant.backends.fallback import FallbackBackend
from assistant.backends.offline import OfflineBackend
from assistant.errors import ConfigError
from assistant.settings import BackendSettings

__all__ = [
    "Backend", "Event", "FallbackBackend", "Finish", "ModelFailure", "ModelRequest", "Notice", "OfflineBackend",
    "Outcome", "Switched", "backend_for", "collect", "get_backend", "offline_backend", "run",
]


def offline_backend() -> Backend:
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
    from assistant.backends.openai_compat import OpenAIBackend

    return OpenAIBackend(settings)


def backend_for(settings: BackendSettings, no_fallback: bool = False) -> FallbackBackend:
    """The configured back end inside the fallback wrapper: offline on any model failure,
    or (``no_fallback``) the failure raised as a ``BackendError`` (exit 3)."""
    primary = get_backend(settings)
    fallback = None if (no_fallback or primary.name == "offline") else offline_backend()
    return FallbackBackend(primary, fallback, settings if primary.name != "offline" else None)
