"""Triage every comment and group near-duplicates, so one reply serves a group.

Two passes: comments whose normalised words are the same share a key
(``normalize.group_key``: case, diacritics, emoji, punctuation, repeated letters, teencode,
word order and fillers ignored); then groups of the same language whose word sets almost
match one of a bigger group's keys — Jaccard >= 0.75, or one more word than the other
("hoàn tiền ko" / "được hoàn tiền không ạ") — join that group. Groups are listed by size: what fans ask most first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from assistant.replies.models import ACTIONS, SEVERITY_ORDER, Comment, CommentGroup, TriagedComment
from assistant.replies.normalize import group_key
from assistant.replies.triage import triage

JACCARD = 0.75
ANCHOR = 0.6  # a key joins a group only this close to the group's first key (no long chains)
MAX_CANDIDATES = 50  # latest keys per indexed word: bounds the work for 10,000 distinct comments


def triage_comments(comments: Iterable[Comment], default_lang: str = "vi") -> list[TriagedComment]:
    out = []
    for c in comments:
        t = triage(c.text, default_lang=default_lang)
        words = group_key(c.text, t.language)
        key = f"{t.language}|{words}" if words else f"{t.language}|~{t.category}"
        out.append(TriagedComment(comment=c, triage=t, group_key=key))
    return merge_near_duplicates(out)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _numbers(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if any(c.isdigit() for c in w))


def _close(a: frozenset[str], b: frozenset[str]) -> bool:
    """One word more, or at most one word changed out of four; numbers must agree
    ("lô 1025" and "lô 1026" are different questions)."""
    if len(a) < 2 or len(b) < 2 or _numbers(a) != _numbers(b):
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if small < big and len(big) - len(small) == 1:
        return True
    return len(a ^ b) <= 2 and _jaccard(a, b) >= JACCARD


def _compatible(a: str, b: str) -> bool:
    """One reply can serve both: the same class, or two classes that both get a reply."""
    return a == b or (ACTIONS[a] == "reply" and ACTIONS[b] == "reply")


def merge_near_duplicates(triaged: list[TriagedComment]) -> list[TriagedComment]:
    """Give comments whose keys almost match the key of the bigger group."""
    members: dict[str, list[TriagedComment]] = defaultdict(list)
    for t in triaged:
        members[t.group_key].append(t)
    first = {key: n for n, key in enumerate(members)}
    order = sorted(members, key=lambda k: (-len(members[k]), first[k]))
    document_frequency: Counter[str] = Counter(w for k in members for w in set(k.split("|", 1)[1].split()))
    reps: list[tuple[str, frozenset[str], str, frozenset[str]]] = []  # group, words, category, numbers per key
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    target: dict[str, str] = {}
    first_words: dict[str, frozenset[str]] = {}  # group key -> the words of its first (biggest) key
    for key in order:
        lang, _, rest = key.partition("|")
        words = frozenset(rest.split()) if not rest.startswith("~") else frozenset()
        category = members[key][0].triage.category
        numbers = _numbers(words)
        found = None
        if len(words) >= 2:
            rare = sorted(words, key=lambda w: (document_frequency[w], w))[: len(words) // 4 + 1]
            seen: set[int] = set()
            for w in rare:
                for i in index[(lang, w)][-MAX_CANDIDATES:]:
                    if i in seen:
                        continue
                    seen.add(i)
                    group, other_words, other_category, other_numbers = reps[i]
                    if other_numbers != numbers or abs(len(other_words) - len(words)) > 2:
                        continue  # cheap rejections first
                    # close to one of the group's keys, and not drifting from its first key
                    if (_compatible(category, other_category) and _close(words, other_words)
                            and _jaccard(words, first_words[group]) >= ANCHOR
                            and _numbers(words) == _numbers(first_words[group])):
                        found = group
                        break
                if found:
                    break
        target[key] = found or key
        first_words.setdefault(target[key], words)
        # every distinct key stays a doorway into its group (single linkage, one word apart)
        reps.append((target[key], words, category, numbers))
        for w in words:
            index[(lang, w)].append(len(reps) - 1)
    return [t if target[t.group_key] == t.group_key else t.model_copy(update={"group_key": target[t.group_key]})
            for t in triaged]


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
