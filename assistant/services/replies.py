"""Answer fans: the fan-reply batch with every reply scanned through :mod:`scanning`, and
a person's edit of a reply, scanned again.

    result = answer_comments(comments, brief, statement, backend="auto", concurrency=8,
                             cache=None, progress=None, stop=None, no_fallback=False)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import get_args

from assistant.brief import IncidentBrief
from assistant.replies.batch import BatchResult, answer_comments_async
from assistant.replies.models import Action, Comment, GroupReply
from assistant.services.scanning import offline_scan


def scan_reply(text: str, brief: IncidentBrief, lang: str):
    """Fan replies get the offline stages (short, grounded texts; a model review per reply
    would double the model calls of a batch)."""
    return offline_scan(text, brief, lang)


def answer_comments(comments: Iterable[Comment], brief: IncidentBrief, statement: str, **options) -> BatchResult:
    """Triage, group and answer ``comments`` (see :mod:`assistant.replies.batch`). Inside a
    running event loop (a notebook) the batch runs on a worker thread."""
    comments = list(comments)
    batch = lambda: answer_comments_async(comments, brief, statement, scan=scan_reply, **options)  # noqa: E731
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(batch())
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(batch())).result()


def revise_reply(reply: GroupReply, text: str, brief: IncidentBrief, action: str | None = None) -> GroupReply:
    """A person's edit of a group's reply: kept as written, scanned again, marked ``human``."""
    action = action or reply.action
    if action not in get_args(Action):
        raise ValueError(f"unknown action {action!r}")
    text = text.strip() if action in ("reply", "pr") else ""
    findings = tuple(scan_reply(text, brief, reply.language).findings) if text else ()
    return reply.model_copy(update={
        "text": text, "action": action, "backend": "human", "model": None, "fallback": False,
        "findings": findings, "needs_review": bool(findings) or action in ("lawyer", "pr"), "warnings": (),
    })
