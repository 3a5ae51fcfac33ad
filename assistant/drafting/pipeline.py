"""The drafting pipeline: prompt → model → channel form → guardrail scan.

    answer = (request | backend.runnable()).with_fallbacks([offline], exception_key=...)
    draft  = to_channel_form(clean(answer)) → guardrails.scan(...) → Draft

Built on langchain-core runnables, so ``invoke``, ``stream`` and ``batch`` (with
``max_concurrency``) come from one chain. The only exception the fallback handles is
:class:`~assistant.backends.failures.ModelFailure` (timeouts, refused connections, 429 and
5xx after retries, non-JSON bodies, empty answers…); its reason becomes a visible warning.
With ``no_fallback`` the failure is raised (a ``BackendError``, exit 3).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.backends import Backend, ModelFailure, get_backend, offline_backend
from assistant.backends.cleanup import clean_model_text
from assistant.brief import IncidentBrief
from assistant.drafting.channels import to_channel_form
from assistant.drafting.request import DraftRequest, build_request
from assistant.drafting.result import Draft
from assistant.drafting.translation_check import lost_in_translation
from assistant.settings import BackendSettings
from assistant.timeline import stale_next_update

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """Statement text and who wrote it; ``failure``: why the first choice was not used."""

    text: str
    backend: str
    model: str | None
    failure: ModelFailure | None = None


@dataclass(frozen=True)
class Plan:
    """One drafting job: the request, the back end to try, and the fallback (or None)."""

    request: DraftRequest
    primary: Backend
    fallback: Backend | None

    def chain(self) -> Runnable[Mapping[str, Any], Answer]:
        return answer_chain(self.primary, self.fallback)


# ------------------------------------------------------------------------ the chain

def _request_of(inputs: Mapping[str, Any]) -> DraftRequest:
    return inputs["request"]


def _answered_by(backend: Backend, text: str) -> Answer:
    return Answer(text=text, backend=backend.name, model=backend.model)


def _rescue(fallback: Backend, inputs: Mapping[str, Any]) -> Answer:
    """The fallback's answer, remembering why the first back end failed."""
    failure = inputs["failure"]
    logger.info("falling back to %s: %s", fallback.name, failure.message)  # never the key
    text = fallback.runnable().invoke(inputs["request"])
    return Answer(text=text, backend=fallback.name, model=fallback.model, failure=failure)


def answer_chain(primary: Backend, fallback: Backend | None) -> Runnable[Mapping[str, Any], Answer]:
    """``{"request": DraftRequest}`` → :class:`Answer`, falling back on ``ModelFailure``."""
    attempt = (
        RunnableLambda(_request_of, name="request")
        | primary.runnable()
        | RunnableLambda(partial(_answered_by, primary), name=f"answered_by_{primary.name}")
    )
    if fallback is None:
        return attempt
    return attempt.with_fallbacks(
        [RunnableLambda(partial(_rescue, fallback), name=f"fallback_{fallback.name}")],
        exceptions_to_handle=(ModelFailure,),
        exception_key="failure",
    )


def finish(request: DraftRequest, answer: Answer) -> Draft:
    """Channel form and guardrail scan: every draft, whoever wrote it, is scanned."""
    from guardrails import scan

    text = clean_model_text(answer.text, request.channel)
    form = to_channel_form(text, request.channel, request.language)
    report = scan(form.text, brief=request.brief, lang=request.language, kind=request.kind)
    warnings = [answer.failure.warning("en")] if answer.failure is not None else []
    warnings += [w for w in form.warnings if w not in warnings]
    if answer.backend != "offline":  # the model translated: did every figure and name survive?
        warnings += lost_in_translation(request, form.text)
    if (stale := stale_next_update(request.brief.next_update, request.language)) is not None:
        warnings.append(stale)  # never promise an update at a time that has passed
    return Draft(
        kind=request.kind,
        channel=request.channel,
        language=request.language,
        backend=answer.backend,
        model=answer.model,
        text=form.text,
        posts=list(form.posts),
        warnings=warnings,
        scan=report,
        duration_seconds=form.duration_seconds,
        char_count=form.char_count,
        fallback_reason=answer.failure.notice() if answer.failure is not None else None,
    )


# ------------------------------------------------------------------------ planning

def plan_for(request: DraftRequest, backend: str = "auto", model: str | None = None,
             no_fallback: bool = False, settings: BackendSettings | None = None) -> Plan:
    """Which back end drafts ``request`` and what it falls back to. An explicit
    ``backend`` ("offline"/"openai") wins; ``"auto"`` defers to ``settings.backend``
    (``CRISIS_DESK_BACKEND``), which may itself be auto."""
    settings = settings or BackendSettings.from_env()
    settings = settings.with_overrides(backend=None if backend == "auto" else backend, model=model)
    primary = get_backend(settings)
    fallback = None if (no_fallback or primary.name == "offline") else offline_backend()
    return Plan(request=request, primary=primary, fallback=fallback)


def _plan(brief: IncidentBrief, kind: str, channel: str, lang: str | None, backend: str,
          model: str | None, no_fallback: bool, previous: Sequence[str],
          settings: BackendSettings | None) -> Plan:
    request = build_request(brief, kind, channel, lang, previous=tuple(previous))
    return plan_for(request, backend, model, no_fallback, settings)


# ------------------------------------------------------------------------ public API

def draft(brief: IncidentBrief, kind: str = "holding", channel: str = "x", lang: str | None = None,
          backend: str = "auto", model: str | None = None, no_fallback: bool = False,
          previous: Sequence[str] = (), settings: BackendSettings | None = None) -> Draft:
    """Draft one statement. ``lang=None``: the brief's language. ``backend``: ``auto``
    (openai when a key or base URL is set), ``offline`` or ``openai``. Raises
    ``InputError`` (bad kind/channel/lang), ``ConfigError`` (bad settings) or, with
    ``no_fallback``, ``BackendError`` when the model fails."""
    plan = _plan(brief, kind, channel, lang, backend, model, no_fallback, previous, settings)
    return finish(plan.request, plan.chain().invoke({"request": plan.request}))


def draft_request(request: DraftRequest, backend: str = "auto", model: str | None = None,
                  no_fallback: bool = False, settings: BackendSettings | None = None) -> Draft:
    """:func:`draft` for a ready :class:`DraftRequest` (update numbers, statement date…)."""
    plan = plan_for(request, backend, model, no_fallback, settings)
    return finish(plan.request, plan.chain().invoke({"request": plan.request}))


def draft_many(requests: Sequence[DraftRequest], max_concurrency: int = 8, backend: str = "auto",
               model: str | None = None, no_fallback: bool = False,
               settings: BackendSettings | None = None) -> list[Draft]:
    """Draft many requests at once, at most ``max_concurrency`` model calls in flight.
    Results are in the order of ``requests``; each falls back on its own."""
    if not requests:
        return []
    plan = plan_for(requests[0], backend, model, no_fallback, settings)
    answers = plan.chain().batch([{"request": r} for r in requests],
                                 config={"max_concurrency": max(1, int(max_concurrency))})
    return [finish(r, a) for r, a in zip(requests, answers)]


async def adraft_many(requests: Sequence[DraftRequest], max_concurrency: int = 8, backend: str = "auto",
                      model: str | None = None, no_fallback: bool = False,
                      settings: BackendSettings | None = None) -> list[Draft]:
    """:func:`draft_many` for async callers (``abatch``)."""
    if not requests:
        return []
    plan = plan_for(requests[0], backend, model, no_fallback, settings)
    answers = await plan.chain().abatch([{"request": r} for r in requests],
                                        config={"max_concurrency": max(1, int(max_concurrency))})
    return [finish(r, a) for r, a in zip(requests, answers)]


class DraftStream:
    """Iterate to receive the statement text as it arrives (offline: one chunk); then
    ``result`` is the finished :class:`Draft`. A model failure before the first chunk
    yields the offline draft instead; a failure during the stream stops the chunks,
    sets ``interrupted`` and the result is the offline draft — show ``result.text``
    (and ``result.fallback_reason``) once the stream ends."""

    def __init__(self, plan: Plan):
        self._plan = plan
        self._result: Draft | None = None
        self._chunks: Iterator[str] | None = None
        self.interrupted = False

    @property
    def request(self) -> DraftRequest:
        return self._plan.request

    def __iter__(self) -> Iterator[str]:
        if self._chunks is None:
            self._chunks = self._run()
            return self._chunks
        return iter(())  # a stream is consumed once; ``result`` stays available

    def _run(self) -> Iterator[str]:
        plan = self._plan
        shown: list[str] = []
        try:
            for chunk in plan.primary.runnable().stream(plan.request):
                shown.append(chunk)
                yield chunk
            answer = _answered_by(plan.primary, "".join(shown))
        except ModelFailure as failure:
            if plan.fallback is None:
                raise
            answer = _rescue(plan.fallback, {"request": plan.request, "failure": failure})
            if shown:
                self.interrupted = True
            else:
                yield answer.text
        self._result = finish(plan.request, answer)

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
            for _ in self._run():
                pass
        assert self._result is not None
        return self._result


def stream_draft(brief: IncidentBrief, kind: str = "holding", channel: str = "x", lang: str | None = None,
                 backend: str = "auto", model: str | None = None, no_fallback: bool = False,
                 previous: Sequence[str] = (), settings: BackendSettings | None = None) -> DraftStream:
    """Like :func:`draft`, streamed: ``for chunk in s: ...``, then ``s.result``."""
    return DraftStream(_plan(brief, kind, channel, lang, backend, model, no_fallback, previous, settings))
