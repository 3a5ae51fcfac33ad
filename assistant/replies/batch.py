"""Answer a batch of fan comments: triage, group, one reply per group, scan, store.

    result = await answer_comments_async(comments, brief, statement, scan=scan, backend="auto",
                                         concurrency=8, cache=None, progress=None, stop=None)

(the service :mod:`assistant.services.replies` binds ``scan`` and runs it synchronously).
Groups are answered concurrently (``asyncio`` + a semaphore of ``concurrency``), one call
per group through the back-end contract, on a pool of ``concurrency`` threads. The
fallback wrapper judges each answer; a failed call (already retried by the SDK) gets the
offline reply for that group (``fallback=True``) and the batch carries the same warning a
draft would (``result.warnings``, ``result.notices``). Each finished group is put in
the cache at once, so a stopped or crashed batch resumes where it was: groups already in
the cache under the same approved statement are not sent again (a fallback reply is
retried when a model is available; a human edit is always kept).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from assistant.brief import IncidentBrief
from assistant.replies.cache import MemoryReplyCache, ReplyCache
from assistant.replies.grounding import statement_sha256
from assistant.replies.grouping import group_comments, triage_comments
from assistant.replies.models import Comment, CommentGroup, GroupReply, ReplySummary, TriagedComment
from assistant.replies.normalize import words
from assistant.replies.compose import compose_reply
from assistant.replies.routing import Route, route_group
from assistant.settings import BackendSettings
from guardrails.names import mentions_protected
from guardrails.report import ScanReport

if TYPE_CHECKING:  # pragma: no cover - the back ends load only when a model answers
    from assistant.backends import ModelFailure, Notice

Progress = Callable[[int, int], None]  # (groups done, groups total)
Scan = Callable[[str, IncidentBrief, str], ScanReport]  # (text, brief, language) -> report
MAX_REPLY_CHARS = 800


@dataclass
class BatchResult:
    triaged: list[TriagedComment]
    groups: list[CommentGroup]  # biggest first
    replies: dict[str, GroupReply]  # group key -> reply (missing: not done, batch stopped)
    statement_sha256: str
    backend: str
    model_calls: int = 0
    reused: int = 0
    stopped: bool = False
    notices: list["Notice"] = field(default_factory=list)  # why the model was not used, both languages

    @property
    def warnings(self) -> list[str]:
        """The fallback warnings, in English (stderr, JSON): the same line as a draft's."""
        return [n.en for n in self.notices]

    def note(self, failure: "ModelFailure") -> None:
        notice = failure.notice()
        if notice not in self.notices:
            self.notices.append(notice)

    def summary(self) -> ReplySummary:
        done = [self.replies[g.key] for g in self.groups if g.key in self.replies]
        return ReplySummary(
            comments=len(self.triaged),
            groups=len(self.groups),
            per_category=dict(Counter(t.triage.category for t in self.triaged)),
            per_action=dict(Counter(r.action for r in done)),
            needs_review=sum(1 for r in done if r.needs_review),
            fallbacks=sum(1 for r in done if r.fallback),
            model_calls=self.model_calls,
            reused=self.reused,
        )


def echoes(reply: str, texts: list[str], lang: str, run: int = 5) -> bool:
    """Does ``reply`` repeat a run of ``run`` words (or a whole short comment of 3+ words)?"""
    said = " " + " ".join(words(reply, lang)) + " "
    for t in texts:
        ws = words(t, lang)
        n = min(run, len(ws))
        if n < 3:
            continue
        for i in range(len(ws) - n + 1):
            if " " + " ".join(ws[i:i + n]) + " " in said:
                return True
    return False


class _Composer:
    """Builds and scans the reply of one group (offline, or from a model answer)."""

    def __init__(self, brief: IncidentBrief, statement: str, sha: str, texts_by_group: dict[str, list[str]],
                 scan: Scan):
        self.brief, self.statement, self.sha, self.scan = brief, statement, sha, scan
        self.texts = texts_by_group
        # a group whose comments name or ask about a protected person goes to the lawyer
        self.protected = {key for key, texts in texts_by_group.items()
                          if any(mentions_protected(t, brief.protected_names) for t in texts)}

    def route(self, group: CommentGroup, category: str | None = None) -> Route:
        return route_group(category or group.category, self.texts[group.key], self.brief, group.language, self.scan)

    def _offline_text(self, group: CommentGroup, category: str, route: Route) -> tuple[str, str | None]:
        if route.action not in ("reply", "pr"):
            return "", None
        return compose_reply(self.brief, self.statement, group.language, category, route.asks, route.asks.harm,
                             seed=group.key)

    def offline_answer(self, group: CommentGroup):
        """The offline reply as the back end's offline answer (a :class:`GroupAnswer`)."""
        from assistant.replies.model import GroupAnswer

        return GroupAnswer(category=group.category,
                           reply=self._offline_text(group, group.category, self.route(group))[0])

    def offline(self, group: CommentGroup, *, fallback: bool = False, warnings: tuple[str, ...] = (),
                category: str | None = None) -> GroupReply:
        category = category or group.category
        route = self.route(group, category)
        text, fact = self._offline_text(group, category, route)
        return self._finish(group, category, text, "offline", None, fallback, warnings, fact, route)

    def from_model(self, group: CommentGroup, category: str, reply: str, model: str) -> GroupReply:
        route = self.route(group, category)
        if route.action not in ("reply", "pr"):
            return self._finish(group, category, "", "openai", model, False, (), None, route)
        reply = " ".join(reply.split())
        if not reply:
            return self.offline(group, fallback=True, warnings=("empty_reply",), category=category)
        if echoes(reply, self.texts[group.key], group.language):
            return self.offline(group, fallback=True, warnings=("echo",), category=category)
        warnings = ("too_long",) if len(reply) > MAX_REPLY_CHARS else ()
        return self._finish(group, category, reply, "openai", model, False, warnings, None, route)

    def _finish(self, group, category, text, backend, model, fallback, warnings, fact, route: Route) -> GroupReply:
        findings: tuple = ()
        action = route.action
        if text and mentions_protected(text, self.brief.protected_names):  # a reply never names one
            text, fact, action, warnings = "", None, "lawyer", (*warnings, "protected_name")
            route = route.model_copy(update={"reason": "protected_person"})
        if text:
            findings = tuple(self.scan(text, self.brief, group.language).findings)
        return GroupReply(
            group_key=group.key, category=category, language=group.language, action=action, text=text,
            backend=backend, model=model, fallback=fallback, findings=findings,
            needs_review=bool(findings) or action in ("lawyer", "pr") or "too_long" in warnings,
            warnings=tuple(warnings), fact=fact, statement_sha256=self.sha,
            reason=route.reason, asks=tuple(sorted(route.asks.items)) + route.asks.codes,
        )


def prepare(comments: Iterable[Comment], brief: IncidentBrief, statement: str, backend: str = "offline",
            cache: ReplyCache | None = None) -> BatchResult:
    """Triage and group without answering; with ``cache``, the replies already stored
    (what the UI shows after a refresh, and what the export writes)."""
    triaged = triage_comments(comments, default_lang=brief.language)
    groups = group_comments(triaged)
    sha = statement_sha256(statement)
    result = BatchResult(triaged=triaged, groups=groups, replies={}, statement_sha256=sha, backend=backend)
    if cache is not None:
        stored = stored_replies(cache, sha, [g.key for g in groups])
        result.replies.update({g.key: stored[g.key] for g in groups if g.key in stored})
    return result


def stored_replies(cache: ReplyCache, sha: str, keys: list[str]) -> dict[str, GroupReply]:
    """The cached replies for ``keys``: one query when the cache can list them (``all``)."""
    if hasattr(cache, "all"):
        return cache.all(sha)
    return {k: r for k in keys if (r := cache.get(k, sha)) is not None}


def _texts(result: BatchResult) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for t in result.triaged:
        texts.setdefault(t.group_key, []).append(t.comment.text)
    return texts


def _stopped(stop) -> bool:
    if stop is None:
        return False
    if isinstance(stop, threading.Event) or hasattr(stop, "is_set"):
        return stop.is_set()
    return bool(stop())


async def answer_comments_async(
    comments: Iterable[Comment], brief: IncidentBrief, statement: str, *, scan: Scan, backend: str | None = None,
    model: str | None = None, settings: BackendSettings | None = None, concurrency: int = 4,
    cache: ReplyCache | None = None, progress: Progress | None = None, stop=None, no_fallback: bool = False,
) -> BatchResult:
    """See the module docstring. ``stop``: a ``threading.Event`` (or a callable) checked
    before each group starts; the groups not started stay unanswered (``stopped=True``).
    With ``no_fallback`` the first model failure is raised (``BackendError``, exit 3);
    the groups finished before it are in the cache."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    settings = (settings or BackendSettings.from_env()).with_overrides(backend=backend, model=model)
    resolved = settings.resolved_backend()
    cache = cache if cache is not None else MemoryReplyCache()
    result = prepare(comments, brief, statement, backend=resolved)
    groups, sha = result.groups, result.statement_sha256
    texts = _texts(result)
    composer = _Composer(brief, statement, sha, texts, scan)

    todo: list[CommentGroup] = []
    stored = stored_replies(cache, sha, [g.key for g in groups])
    for g in groups:
        old = stored.get(g.key)
        if old is not None and not (old.fallback and resolved == "openai"):
            result.replies[g.key] = old
            result.reused += 1
        else:
            todo.append(g)
    total, done = len(groups), len(result.replies)
    if progress:
        progress(done, total)

    def finished(reply: GroupReply) -> None:
        nonlocal done
        cache.put(reply)
        result.replies[reply.group_key] = reply
        done += 1
        if progress:
            progress(done, total)

    # Offline work (and groups a model must not answer) needs no network: do it first.
    to_model: list[CommentGroup] = []
    for g in todo:
        if resolved == "offline" or composer.route(g).action == "lawyer":  # never sent to a model
            if _stopped(stop):
                result.stopped = True
                return result
            finished(composer.offline(g))
        else:
            to_model.append(g)
    if not to_model:
        return result

    from assistant.backends import backend_for, run
    from assistant.replies.model import group_request

    chosen = backend_for(settings, no_fallback=no_fallback)
    semaphore = asyncio.Semaphore(concurrency)
    loop = asyncio.get_running_loop()

    with ThreadPoolExecutor(max_workers=concurrency) as pool:

        async def one(g: CommentGroup) -> None:
            request = group_request(brief, statement, g, texts[g.key], partial(composer.offline_answer, g))
            async with semaphore:  # held only for the call: composing and scanning happen after
                if _stopped(stop):
                    result.stopped = True
                    return
                result.model_calls += 1
                outcome = await loop.run_in_executor(pool, run, chosen, request)
            if outcome.failure is not None:
                result.note(outcome.failure)
                finished(composer.offline(g, fallback=True, warnings=(f"model_failed: {outcome.failure.detail('en')}",)))
            else:
                finished(composer.from_model(g, outcome.value.category, outcome.value.reply, settings.model))

        tasks = [asyncio.create_task(one(g)) for g in to_model]
        try:
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
    return result
