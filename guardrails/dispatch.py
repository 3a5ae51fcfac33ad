"""First-word dispatch: which rule alternatives can start with a given word.

Python's ``re`` tries every alternative of a combined pattern at every word start; with a
few hundred alternatives that dominates the scan. Most alternatives can only begin with a
few known words ("we", "sẽ", "công an" …), so we read the parsed pattern, list those first
words, and at scan time try only the alternatives that fit the word at hand, plus the few
"wild" ones whose first word is open (``\\S+ …``). The result is the same set of match
positions as the combined pattern (tests/test_guardrails_offsets.py checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_LIMIT = 400  # more first words than this: treat the alternative as wild


class _Open(Exception):
    """The first word of this pattern cannot be listed."""


def _expand(items, prefixes: set[str]) -> tuple[set[str], set[str], set[str]]:
    """Walk ``items`` from the given word prefixes. Returns (complete first words,
    prefixes still open at the end of ``items``, prefixes a longer word may continue —
    those met an open class such as ``\\S*`` inside the word)."""
    done: set[str] = set()
    stems: set[str] = set()
    open_ = set(prefixes)
    for op, av in items:
        if not open_:
            break
        try:
            open_ = _step(op, av, open_, done, stems)
        except _Open:
            if "" in open_:
                raise
            stems |= open_  # "refund\\S*": any word starting with "refund"
            open_ = set()
        if len(open_) + len(done) > _LIMIT:
            raise _Open
    return done, open_, stems


def _step(op, av, open_: set[str], done: set[str], stems: set[str]) -> set[str]:
    if op is _C.LITERAL:
        ch = chr(av)
        if ch in _WORD_CHARS:
            return {p + ch for p in open_}
        # punctuation ends the word; at the very start it can never match (scans start
        # at a letter or digit), so that path is dropped
        done |= {p for p in open_ if p}
        return set()
    if op is _C.IN:
        chars = set()
        for o, a in av:
            if o is _C.LITERAL:
                chars.add(chr(a))
            elif o is _C.RANGE and a[1] - a[0] < 12:
                chars |= {chr(c) for c in range(a[0], a[1] + 1)}
            elif o is _C.CATEGORY and a is _C.CATEGORY_DIGIT:
                chars |= set("0123456789")
            else:
                raise _Open
        if chars - _WORD_CHARS:
            done |= {p for p in open_ if p}
        return {p + c for p in open_ for c in chars & _WORD_CHARS}
    if op is _C.SUBPATTERN:
        d, o, st = _expand(av[-1], open_)
        done |= d
        stems |= st
        return o
    if op is _C.BRANCH:
        new_open: set[str] = set()
        for alt in av[1]:
            d, o, st = _expand(alt, open_)
            done |= d
            stems |= st
            new_open |= o
        return new_open
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        lo, hi, sub = av
        if hi > 1 or lo > 1:
            raise _Open
        d, o, st = _expand(sub, open_)
        done |= d
        stems |= st
        return o | (open_ if lo == 0 else set())
    if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
        return open_  # zero-width: ignoring it only lists more words, never fewer
    raise _Open


def first_words(pattern: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(whole first words, first-word stems) ``pattern`` may start with — words are runs
    of [a-z0-9] — or None when they cannot be listed (``\\S+ …`` at the start)."""
    try:
        done, open_, stems = _expand(_P.parse(pattern), {""})
    except _Open:
        return None
    words = done | open_  # a word still open when the pattern ends is whole (the match ends)
    if "" in words or "" in stems:
        return None
    return frozenset(words), frozenset(stems)


def split_alternatives(pattern: str) -> list[str]:
    """Top-level ``|`` alternatives of a (fragment-expanded) pattern."""
    parts, depth, current, i, in_class = [], 0, [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    parts.append("".join(current))
    return parts


@dataclass(frozen=True)
class Dispatch:
    exact: dict[str, re.Pattern[str]]  # first word -> the alternatives that start with it
    exact_rules: dict[str, tuple[int, ...]]  # first word -> rules that may start with it
    rest: re.Pattern[str] | None  # open first word ("\\S+ …") or stem ("refund\\S*"): one search
    rest_rules: tuple[int, ...]  # rules owning such alternatives

    def hits(self, text: str, start: int, end: int) -> list[tuple[int, tuple[int, ...]]]:
        """Sorted ``(position, candidate rule indices)`` in ``text[start:end]`` where some
        alternative matches; only the candidates can match there."""
        found: dict[int, str] = {}
        exact = self.exact
        for m in _WORD.finditer(text, start, end):
            rx = exact.get(m.group())
            if rx is not None and rx.match(text, m.start(), end):
                found[m.start()] = m.group()
        if self.rest is not None:
            pos = start
            while (m := self.rest.search(text, pos, end)) is not None:
                at = m.start()
                if at not in found:
                    found[at] = _WORD.match(text, at).group()
                pos = at + 1
        out = []
        for at in sorted(found):
            rules = self.exact_rules.get(found[at], ())
            out.append((at, tuple(sorted(set(rules) | set(self.rest_rules))) if self.rest_rules else rules))
        return out


_WORD = re.compile(r"(?<![a-z0-9])[a-z0-9]+")
_HEAD = r"(?<![a-z0-9])(?=[a-z0-9])(?:"
_TAIL = r")(?![a-z0-9])"


def build_dispatch(alternatives: list[tuple[int, str]]) -> Dispatch:
    """``alternatives``: (rule index, fragment-expanded top-level alternative) pairs."""
    exact: dict[str, list[str]] = {}
    exact_rules: dict[str, set[int]] = {}
    rest: list[str] = []
    rest_rules: set[int] = set()
    for rule, alt in alternatives:
        listed = first_words(alt)
        if listed is None or listed[1]:
            rest.append(alt)  # few: searched once per sentence
            rest_rules.add(rule)
        if listed is not None:
            for w in listed[0]:
                exact.setdefault(w, []).append(alt)
                exact_rules.setdefault(w, set()).add(rule)

    def combine(parts: list[str]) -> re.Pattern[str]:
        return re.compile(_HEAD + "|".join(f"(?:{p})" for p in dict.fromkeys(parts)) + _TAIL)

    return Dispatch(
        exact={w: combine(v) for w, v in exact.items()},
        exact_rules={w: tuple(sorted(v)) for w, v in exact_rules.items()},
        rest=combine(rest) if rest else None,
        rest_rules=tuple(sorted(rest_rules)),
    )
