"""The drafting pipeline: request → back end (with the one fallback) → clean-up → channel
form → the caller's scan → :class:`Draft`.

    backend = draft_backend("auto", settings=settings)       # FallbackBackend
    outcome = run(backend, model_request(request))
    draft   = finish(request, outcome, scan)

The back end is the fallback wrapper of :mod:`assistant.backends`: every model failure
has already become the offline answer plus a :class:`ModelFailure` (``outcome.failure``),
or — with ``no_fallback`` — a raised ``BackendError`` (exit 3). ``scan`` is supplied by
the service layer (:mod:`assistant.services.drafting`), the only place that scans.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from assistant.backends import Backend, ModelRequest, Notice, Outcome, Switched, backend_for, collect, run
from assistant.backends.cleanup import clean_model_text
from assistant.drafting.channels import to_channel_form
from assistant.drafting.offline import render_offline
from assistant.drafting.prompting import build_messages
from assistant.drafting.request import DraftRequest
from assistant.drafting.result import Draft
from assistant.drafting.translation_check import lost_in_translation
from assistant.settings import BackendSettings
from assistant.timeline import stale_next_update
from guardrails.report import ScanReport

# (text in channel form, request) -> the guardrails report of that text, and the notices
# of a scan stage that fell back (the model review)
Scan = Callable[[str, DraftRequest], tuple[ScanReport, list[Notice]]]


def model_request(request: DraftRequest, stream: bool = False) -> ModelRequest:
    """The back-end call for one draft: the prompts, and the offline drafter's answer."""
    return ModelRequest(
        messages=partial(build_messages, request),
        offline=partial(render_offline, request),
        stream=stream,
        purpose="draft",
        protected_names=tuple(request.brief.protected_names),
    )


def draft_backend(backend: str = "auto", model: str | None = None, no_fallback: bool = False,
                  settings: BackendSettings | None = None) -> Backend:
    """The back end that drafts. An explicit ``backend`` ("offline"/"openai") wins;
    ``"auto"`` defers to ``settings.backend`` (``CRISIS_DESK_BACKEND``), itself maybe auto."""
    settings = settings or BackendSettings.from_env()
    settings = settings.with_overrides(backend=None if backend == "auto" else backend, model=model)
    return backend_for(settings, no_fallback=no_fallback)


def finish(request: DraftRequest, outcome: Outcome, scan: Scan) -> Draft:
    """Channel form, then the scan: every draft, whoever wrote it, is scanned."""
    text = clean_model_text(outcome.text, request.channel)
    form = to_channel_form(text, request.channel, request.language)
    failure = outcome.failure
    warnings = [failure.warning("en")] if failure is not None else []
    warnings += [w for w in form.warnings if w not in warnings]
    if outcome.backend != "offline":  # the model translated: did every figure and name survive?
        warnings += lost_in_translation(request, form.text)
    if (stale := stale_next_update(request.brief.next_update, request.language)) is not None:
        warnings.append(stale)  # never promise an update at a time that has passed
    report, notices = scan(form.text, request)
    warnings += [n.en for n in notices if n.en not in warnings]
    return Draft(
        kind=request.kind,
        channel=request.channel,
        language=request.language,
        backend=outcome.backend,
        model=outcome.model,
        text=form.text,
        posts=list(form.posts),
        warnings=warnings,
        scan=report,
        duration_seconds=form.duration_seconds,
        char_count=form.char_count,
        fallback_reason=failure.notice() if failure is not None else None,
    )


def draft_one(request: DraftRequest, backend: Backend, scan: Scan) -> Draft:
    return finish(request, run(backend, model_request(request)), scan)


def draft_many(requests: Sequence[DraftRequest], backend: Backend, scan: Scan,
               max_concurrency: int = 8) -> list[Draft]:
    """Many drafts, at most ``max_concurrency`` back-end calls at once; results in the
    order of ``requests``; each falls back on its own."""
    if not requests:
        return []
    with ThreadPoolExecutor(max_workers=max(1, int(max_concurrency))) as pool:
        return list(pool.map(lambda r: draft_one(r, backend, scan), requests))


async def adraft_many(requests: Sequence[DraftRequest], backend: Backend, scan: Scan,
                      max_concurrency: int = 8) -> list[Draft]:
    """:func:`draft_many` for async callers."""
    if not requests:
        return []
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=max(1, int(max_concurrency))) as pool:
        return list(await asyncio.gather(*(loop.run_in_executor(pool, draft_one, r, backend, scan)
                                           for r in requests)))


class DraftStream:
    """Iterate to receive the statement text as it arrives (offline: one chunk); then
    ``result`` is the finished :class:`Draft`. A model failure before the first chunk
    yields the offline draft instead; a failure during the stream stops the chunks,
    sets ``interrupted`` and the result is the offline draft — show ``result.text``
    (and ``result.fallback_reason``) once the stream ends."""

    def __init__(self, request: DraftRequest, backend: Backend, scan: Scan):
        self.request = request
        self._backend = backend
        self._scan = scan
        self._result: Draft | None = None
        self._chunks: Iterator[str] | None = None
        self.interrupted = False

    def __iter__(self) -> Iterator[str]:
        if self._chunks is None:
            self._chunks = self._run()
            return self._chunks
        return iter(())  # a stream is consumed once; ``result`` stays available

    def _run(self) -> Iterator[str]:
        events = []
        shown = False
        for event in self._backend.execute(model_request(self.request, stream=True)):
            events.append(event)
            if isinstance(event, Switched):
                self.interrupted = shown
            elif isinstance(event, str) and event and not self.interrupted:
                shown = True
                yield event
        self._result = finish(self.request, collect(events, self._backend), self._scan)

    @property
    def result(self) -> Draft:
        """The finished draft. Drains the rest of the stream if the caller stopped early
        (or never iterated); drafts again if the stream was closed half-way."""
        if self._result is None:
            if self._chunks is None:
                self._chunks = self._run()
            for _ in self._chunks:
                pass
        if self._result is None:  # the generator was closed before the end
            self.interrupted = False
            for _ in self._run():
                pass
        assert self._result is not None
        return self._result
