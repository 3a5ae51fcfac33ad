"""Answer a batch of fan comments: triage, group, one reply per group, scan, store.

    result = answer_comments(comments, brief, statement, backend="auto", concurrency=8,
                             cache=None, progress=None, stop=None)

Groups are answered concurrently (``asyncio`` + a semaphore of ``concurrency``), one model
call per group. A failed call has been retried by the SDK; it then falls back to the
offline reply for that group (``fallback=True``, a warning). Each finished group is put in
the cache at once, so a stopped or crashed batch resumes where it was: groups already in
the cache under the same approved statement are not sent again (a fallback reply is
retried when a model is available; a human edit is always kept).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.brief import IncidentBrief
from assistant.replies.cache import MemoryReplyCache, ReplyCache
from assistant.replies.grounding import Fact, best_fact, knowledge, statement_sha256
from assistant.replies.grouping import group_comments, triage_comments
from assistant.replies.models import ACTIONS, Comment, CommentGroup, GroupReply, ReplySummary, TriagedComment
from assistant.replies.normalize import words
from assistant.replies.offline import offline_reply
from assistant.settings import BackendSettings
from guardrails import scan
from guardrails.names import mentions_protected

Progress = Callable[[int, int], None]  # (groups done, groups total)
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


def choose_fact(group: CommentGroup, texts: list[str], facts: list[Fact]) -> Fact | None:
    fact = best_fact(texts, group.language, facts)
    if fact is None and group.category == "criticism":  # say what has been done
        fact = next((f for f in facts if f.source == "action_taken" and f.language == group.language), None)
    return fact


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

    def __init__(self, brief: IncidentBrief, statement: str, sha: str, texts_by_group: dict[str, list[str]]):
        self.brief, self.statement, self.sha = brief, statement, sha
        self.facts = knowledge(brief, statement)
        self.texts = texts_by_group
        # a group whose comments name or ask about a protected person goes to the lawyer
        self.protected = {key for key, texts in texts_by_group.items()
                          if any(mentions_protected(t, brief.protected_names) for t in texts)}

    def offline(self, group: CommentGroup, *, fallback: bool = False, warnings: tuple[str, ...] = (),
                category: str | None = None) -> GroupReply:
        category = category or group.category
        action = ACTIONS[category]
        text, fact = "", None
        if action == "reply":
            g = group if category == group.category else group.model_copy(update={"category": category})
            fact = choose_fact(g, self.texts[group.key], self.facts)
            text = offline_reply(category, group.language, self.brief, fact, group.key)
        return self._finish(group, category, text, "offline", None, fallback, warnings, fact)

    def from_model(self, group: CommentGroup, category: str, reply: str, model: str) -> GroupReply:
        action = ACTIONS[category]
        if action != "reply":
            return self._finish(group, category, "", "openai", model, False, (), None)
        reply = " ".join(reply.split())
        if not reply:
            return self.offline(group, fallback=True, warnings=("empty_reply",), category=category)
        if echoes(reply, self.texts[group.key], group.language):
            return self.offline(group, fallback=True, warnings=("echo",), category=category)
        warnings = ("too_long",) if len(reply) > MAX_REPLY_CHARS else ()
        return self._finish(group, category, reply, "openai", model, False, warnings, None)

    def _finish(self, group, category, text, backend, model, fallback, warnings, fact) -> GroupReply:
        findings: tuple = ()
        action = ACTIONS[category]
        if group.key in self.protected or mentions_protected(text, self.brief.protected_names):
            text, fact, action, warnings = "", None, "lawyer", (*warnings, "protected_name")
        if text:
            report = scan(text, brief=self.brief, lang=group.language)
            findings = tuple(report.findings)
        return GroupReply(
            group_key=group.key, category=category, language=group.language, action=action, text=text,
            backend=backend, model=model, fallback=fallback, findings=findings,
            needs_review=bool(findings) or action == "lawyer" or "too_long" in warnings,
            warnings=tuple(warnings), fact=fact.text if fact else None, statement_sha256=self.sha,
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
    comments: Iterable[Comment], brief: IncidentBrief, statement: str, *, backend: str | None = None,
    model: str | None = None, settings: BackendSettings | None = None, concurrency: int = 4,
    cache: ReplyCache | None = None, progress: Progress | None = None, stop=None, no_fallback: bool = False,
) -> BatchResult:
    """See the module docstring. ``stop``: a ``threading.Event`` (or a callable) checked
    before each group starts; the groups not started stay unanswered (``stopped=True``)."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    settings = (settings or BackendSettings.from_env()).with_overrides(backend=backend, model=model)
    resolved = settings.resolved_backend()
    cache = cache if cache is not None else MemoryReplyCache()
    result = prepare(comments, brief, statement, backend=resolved)
    groups, sha = result.groups, result.statement_sha256
    texts = _texts(result)
    composer = _Composer(brief, statement, sha, texts)

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
        if resolved == "offline" or g.category == "legal_threat" or g.key in composer.protected:
            if _stopped(stop):
                result.stopped = True
                return result
            finished(composer.offline(g))
        else:
            to_model.append(g)
    if not to_model:
        return result

    from assistant.replies.model import BadAnswer, ModelReplier, group_messages

    semaphore = asyncio.Semaphore(concurrency)
    async with ModelReplier(settings) as replier:

        async def one(g: CommentGroup) -> None:
            from assistant.backends.failures import ModelFailure

            messages = group_messages(brief, statement, g, texts[g.key])
            answer = failure = None
            async with semaphore:  # held only for the call: composing and scanning happen after
                if _stopped(stop):
                    result.stopped = True
                    return
                try:
                    answer = await replier.answer(messages)
                except BadAnswer:
                    if no_fallback:
                        raise ModelFailure("bad_response", server=settings.server_label(), model=settings.model) from None
                    failure = "bad_json"
                except ModelFailure as exc:
                    if no_fallback:
                        raise
                    failure = f"model_failed: {exc.detail('en')}"
            if failure is not None:
                finished(composer.offline(g, fallback=True, warnings=(failure,)))
            else:
                finished(composer.from_model(g, answer.category, answer.reply, settings.model))

        tasks = [asyncio.create_task(one(g)) for g in to_model]
        try:
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
            result.model_calls = replier.calls
    return result


def answer_comments(comments: Iterable[Comment], brief: IncidentBrief, statement: str, **options) -> BatchResult:
    """Synchronous :func:`answer_comments_async` (the CLI and the Streamlit page call this).
    Inside a running event loop (a notebook) the batch runs on a worker thread."""
    comments = list(comments)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(answer_comments_async(comments, brief, statement, **options))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, answer_comments_async(comments, brief, statement, **options)).result()


def revise_reply(reply: GroupReply, text: str, brief: IncidentBrief, action: str | None = None) -> GroupReply:
    """A person's edit of a group's reply: kept as written, scanned again, marked ``human``."""
    from assistant.replies.models import ACTIONS as _ACTIONS

    action = action or reply.action
    if action not in set(_ACTIONS.values()):
        raise ValueError(f"unknown action {action!r}")
    text = text.strip() if action == "reply" else ""
    findings = tuple(scan(text, brief=brief, lang=reply.language).findings) if text else ()
    return reply.model_copy(update={
        "text": text, "action": action, "backend": "human", "model": None, "fallback": False,
        "findings": findings, "needs_review": bool(findings) or action == "lawyer", "warnings": (),
    })
