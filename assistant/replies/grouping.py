"""Triage every comment and group near-duplicates, so one reply serves a group.

Groups are keyed by language and normalised words (``normalize.group_key``) and listed by
size: the first groups are what fans ask most.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from assistant.replies.models import SEVERITY_ORDER, Comment, CommentGroup, TriagedComment
from assistant.replies.normalize import group_key
from assistant.replies.triage import triage


def triage_comments(comments: Iterable[Comment], default_lang: str = "vi") -> list[TriagedComment]:
    out = []
    for c in comments:
        t = triage(c.text, default_lang=default_lang)
        words = group_key(c.text, t.language)
        key = f"{t.language}|{words}" if words else f"{t.language}|~{t.category}"
        out.append(TriagedComment(comment=c, triage=t, group_key=key))
    return out


def _group_category(categories: list[str]) -> str:
    if "legal_threat" in categories:  # one threat in a group is enough for the lawyer to see it
        return "legal_threat"
    counts = Counter(categories)
    return min(counts, key=lambda c: (-counts[c], SEVERITY_ORDER.index(c)))


def group_comments(triaged: Iterable[TriagedComment]) -> list[CommentGroup]:
    """Groups, biggest first (ties: the order the comments came in)."""
    members: dict[str, list[TriagedComment]] = defaultdict(list)
    for t in triaged:
        members[t.group_key].append(t)
    groups = [
        CommentGroup(
            key=key,
            language=items[0].triage.language,
            category=_group_category([i.triage.category for i in items]),
            comment_ids=tuple(i.comment.id for i in items),
            sample=items[0].comment.text,
        )
        for key, items in members.items()
    ]
    order = {key: n for n, key in enumerate(members)}
    groups.sort(key=lambda g: (-g.size, order[g.key]))
    return groups
