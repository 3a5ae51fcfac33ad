"""Draft a statement — the public drafting API, scanned through :mod:`scanning`.

    from assistant.services.drafting import draft, stream_draft
    d = draft(brief, kind="holding", channel="x", lang=None, backend="auto")
    d.text, d.posts, d.scan, d.warnings
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from assistant.brief import IncidentBrief
from assistant.drafting import pipeline
from assistant.drafting.pipeline import DraftStream
from assistant.drafting.request import DraftRequest, build_request
from assistant.drafting.result import Draft
from assistant.services.scanning import scan_with_review
from assistant.settings import BackendSettings

__all__ = ["DraftStream", "adraft_many", "draft", "draft_many", "draft_request", "scan_draft", "stream_draft"]


def scan_draft(text: str, request: DraftRequest, settings: BackendSettings | None = None):
    """The draft's report and the notices of a model review that fell back."""
    return scan_with_review(text, request.brief, request.language, request.kind, settings)


def draft(brief: IncidentBrief, kind: str = "holding", channel: str = "x", lang: str | None = None,
          backend: str = "auto", model: str | None = None, no_fallback: bool = False,
          previous: Sequence[str] = (), settings: BackendSettings | None = None) -> Draft:
    """Draft one statement. ``lang=None``: the brief's language. ``backend``: ``auto``
    (openai when a key or base URL is set), ``offline`` or ``openai``. Raises
    ``InputError`` (bad kind/channel/lang), ``ConfigError`` (bad settings) or, with
    ``no_fallback``, ``BackendError`` when the model fails."""
    request = build_request(brief, kind, channel, lang, previous=tuple(previous))
    return draft_request(request, backend, model, no_fallback, settings)


def _chosen(backend: str, model: str | None, no_fallback: bool, settings: BackendSettings | None):
    """The drafting back end and the scan bound to the same settings (an explicit
    ``backend`` wins; ``auto`` defers to ``settings.backend``)."""
    settings = (settings or BackendSettings.from_env()).with_overrides(
        backend=None if backend == "auto" else backend, model=model)
    return pipeline.draft_backend(settings=settings, no_fallback=no_fallback), partial(scan_draft, settings=settings)


def draft_request(request: DraftRequest, backend: str = "auto", model: str | None = None,
                  no_fallback: bool = False, settings: BackendSettings | None = None) -> Draft:
    """:func:`draft` for a ready :class:`DraftRequest` (update numbers, statement date…)."""
    return pipeline.draft_one(request, *_chosen(backend, model, no_fallback, settings))


def stream_draft(brief: IncidentBrief, kind: str = "holding", channel: str = "x", lang: str | None = None,
                 backend: str = "auto", model: str | None = None, no_fallback: bool = False,
                 previous: Sequence[str] = (), settings: BackendSettings | None = None) -> DraftStream:
    """Like :func:`draft`, streamed: ``for chunk in s: ...``, then ``s.result``."""
    request = build_request(brief, kind, channel, lang, previous=tuple(previous))
    return DraftStream(request, *_chosen(backend, model, no_fallback, settings))


def draft_many(requests: Sequence[DraftRequest], max_concurrency: int = 8, backend: str = "auto",
               model: str | None = None, no_fallback: bool = False,
               settings: BackendSettings | None = None) -> list[Draft]:
    """Draft many requests at once, at most ``max_concurrency`` model calls in flight."""
    return pipeline.draft_many(requests, *_chosen(backend, model, no_fallback, settings), max_concurrency)


async def adraft_many(requests: Sequence[DraftRequest], max_concurrency: int = 8, backend: str = "auto",
                      model: str | None = None, no_fallback: bool = False,
                      settings: BackendSettings | None = None) -> list[Draft]:
    """:func:`draft_many` for async callers."""
    return await pipeline.adraft_many(requests, *_chosen(backend, model, no_fallback, settings), max_concurrency)
