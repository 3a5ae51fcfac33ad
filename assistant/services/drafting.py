"""Draft a statement — the public drafting API, scanned through :mod:`scanning`.

    from assistant.services.drafting import draft, stream_draft
    d = draft(brief, kind="holding", channel="x", lang=None, backend="auto")
    d.text, d.posts, d.scan, d.warnings
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.brief import IncidentBrief
from assistant.drafting import pipeline
from assistant.drafting.pipeline import DraftStream
from assistant.drafting.request import DraftRequest, build_request
from assistant.drafting.result import Draft
from assistant.services.scanning import scan_text
from assistant.settings import BackendSettings

__all__ = ["DraftStream", "adraft_many", "draft", "draft_many", "draft_request", "scan_draft", "stream_draft"]


def scan_draft(text: str, request: DraftRequest):
    return scan_text(text, request.brief, request.language, request.kind)


def draft(brief: IncidentBrief, kind: str = "holding", channel: str = "x", lang: str | None = None,
          backend: str = "auto", model: str | None = None, no_fallback: bool = False,
          previous: Sequence[str] = (), settings: BackendSettings | None = None) -> Draft:
    """Draft one statement. ``lang=None``: the brief's language. ``backend``: ``auto``
    (openai when a key or base URL is set), ``offline`` or ``openai``. Raises
    ``InputError`` (bad kind/channel/lang), ``ConfigError`` (bad settings) or, with
    ``no_fallback``, ``BackendError`` when the model fails."""
    request = build_request(brief, kind, channel, lang, previous=tuple(previous))
    return draft_request(request, backend, model, no_fallback, settings)


def draft_request(request: DraftRequest, backend: str = "auto", model: str | None = None,
                  no_fallback: bool = False, settings: BackendSettings | None = None) -> Draft:
    """:func:`draft` for a ready :class:`DraftRequest` (update numbers, statement date…)."""
    return pipeline.draft_one(request, pipeline.draft_backend(backend, model, no_fallback, settings), scan_draft)


def stream_draft(brief: IncidentBrief, kind: str = "holding", channel: str = "x", lang: str | None = None,
                 backend: str = "auto", model: str | None = None, no_fallback: bool = False,
                 previous: Sequence[str] = (), settings: BackendSettings | None = None) -> DraftStream:
    """Like :func:`draft`, streamed: ``for chunk in s: ...``, then ``s.result``."""
    request = build_request(brief, kind, channel, lang, previous=tuple(previous))
    return DraftStream(request, pipeline.draft_backend(backend, model, no_fallback, settings), scan_draft)


def draft_many(requests: Sequence[DraftRequest], max_concurrency: int = 8, backend: str = "auto",
               model: str | None = None, no_fallback: bool = False,
               settings: BackendSettings | None = None) -> list[Draft]:
    """Draft many requests at once, at most ``max_concurrency`` model calls in flight."""
    chosen = pipeline.draft_backend(backend, model, no_fallback, settings)
    return pipeline.draft_many(requests, chosen, scan_draft, max_concurrency)


async def adraft_many(requests: Sequence[DraftRequest], max_concurrency: int = 8, backend: str = "auto",
                      model: str | None = None, no_fallback: bool = False,
                      settings: BackendSettings | None = None) -> list[Draft]:
    """:func:`draft_many` for async callers."""
    chosen = pipeline.draft_backend(backend, model, no_fallback, settings)
    return await pipeline.adraft_many(requests, chosen, scan_draft, max_concurrency)
