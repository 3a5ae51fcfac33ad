"""Claims against the brief: a sentence that contradicts a confirmed fact, states as
settled what the brief lists as under investigation, or quotes the incident's internal
title when that title asserts a cause. All three are ``unsupported_claim`` findings (route:
lawyer) whose rationale quotes the brief item they conflict with.

``claim_findings(ft, brief_data, lang)`` reads the folded draft and the brief as plain
data (see ``brief_checks.brief_dict``). Sentences are compared with brief items by their
content words (folded, stemmed, filler words dropped — ``data/brief_checks.yaml``,
``claims``), clause by clause:

- contradiction: a clause that shares most of its content words with a confirmed fact or
  an action taken, with the opposite polarity ("không có khách nào bị đau bụng" against
  "12 khách đã báo bị đau bụng"; "we have not paused" against "paused"), or "only some"
  against a fact that says "all";
- open item: a sentence, not hedged ("vẫn đang", "still", "whether"…), that restates an
  open item (a causal statement on a cause item; most of the item's words otherwise), or
  that names a culprit;
- internal title: most of the title's words in one sentence, when the title asserts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from guardrails.text import FoldedText, fold_plain, sentences

__all__ = ["claim_findings", "title_asserts"]

_TOKEN = re.compile(r"[a-z0-9]+")
_FIGURE = re.compile(r"[a-z0-9]*\d[a-z0-9-]*")
_CLAUSE = re.compile(r"[,;:()]| - | nhung | but | so | nen ")


@lru_cache(maxsize=1)
def _cfg() -> dict:
    from guardrails.brief_checks import _data

    return _data()["claims"]


@lru_cache(maxsize=None)
def _rx(key: str) -> re.Pattern:
    """One regex for a list of phrases of ``claims`` (both languages)."""
    c = _cfg()[key]
    words = [*c["vi"], *c["en"]]
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        w = fold_plain(str(w))
        body = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+")
        left = "" if w.startswith("n'") or not w[0].isalnum() else r"(?<![a-z0-9])"
        right = "" if w.endswith("*") or not w[-1].isalnum() else r"(?![a-z0-9])"
        parts.append(left + body + right)
    return re.compile("|".join(parts))


def _content(folded: str) -> frozenset[str]:
    from guardrails.brief_checks import _stem

    filler, same = _filler(), _synonyms()
    stems = (_stem(w) for w in _TOKEN.findall(folded) if w not in filler and not w.isdigit())
    return frozenset(same.get(w, w) for w in stems)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    return {w: group[0] for group in _cfg()["synonyms"] for w in group}


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    c = _cfg()["filler"]
    return frozenset(c["vi"]) | frozenset(c["en"])


@dataclass(frozen=True)
class _Item:
    text: str  # as the brief writes it
    folded: str
    words: frozenset[str]
    negated: bool
    universal: bool
    counted: bool  # states a number ("12 khách", "40 customers")


def _item(text: str) -> _Item:
    f = fold_plain(text)
    return _Item(text, f, _content(f), bool(_rx("negation").search(f)), bool(_rx("universal").search(f)),
                 bool(re.search(r"(?<![\d/.:-])\d+(?:[.,]\d+)*(?![\d/:-])", f)))


@lru_cache(maxsize=64)
def _items(facts: tuple[str, ...], open_items: tuple[str, ...], title: str) -> tuple:
    return tuple(_item(t) for t in facts), tuple(_item(t) for t in open_items), _item(title) if title else None


def claim_findings(ft: FoldedText, d: dict, lang: str, make) -> list:
    """``make(a, b, kind, item)`` builds a finding on the ORIGINAL span ``a:b``."""
    facts = tuple(str(x) for x in [*(d.get("confirmed_facts") or []), *(d.get("actions_taken") or [])])
    open_items = tuple(str(x) for x in d.get("under_investigation") or [])
    title = str((d.get("incident") or {}).get("title") or "")
    planned = tuple(str(x.get("action") if isinstance(x, dict) else x) for x in d.get("actions_planned") or [])
    fact_items, open_parsed, title_item = _items(facts, open_items, title)
    said = fact_items + _items(planned, (), "")[0]
    out = []
    for a, b in sentences(ft.original):
        fa, fb = ft.folded_span(a, b)
        s = ft.folded[fa:fb]
        hit = (_title(s, title_item) and ("internal_title", title_item)) \
            or _contradiction(s, fact_items, said) or (not _restates(s, said) and _open_item(s, open_parsed))
        if hit:
            kind, item = hit
            out.append(make(a, b, kind, item.text))
    return out


def title_asserts(title: str | None) -> bool:
    """The incident title asserts a cause or a wrong ("Kem … gây bỏng da"): internal
    wording a statement must not quote."""
    item = _item(title) if title else None
    return item is not None and len(item.words) >= 3 and bool(_rx("title_assertion").search(item.folded))


def _title(s: str, title: _Item | None) -> bool:
    if title is None or not title_asserts(title.text):
        return False
    return len(title.words & _content(s)) >= 0.8 * len(title.words)


def _contradiction(s: str, facts, said) -> tuple[str, _Item] | None:
    if _rx("reported").search(s):  # someone else's claim, reported as theirs, is not the speaker's
        return None
    for clause in _CLAUSE.split(s):
        words = _content(clause)
        if len(words) < 2:
            continue
        negated = bool(_rx("negation").search(clause))
        partial = bool(_rx("partial").search(clause))
        figures = set(_FIGURE.findall(clause))
        universal = bool(_rx("universal").search(clause)) and not figures
        for fact in facts:
            shared = words & fact.words
            if len(shared) < 2 or len(shared) < 0.6 * len(words):
                continue
            if fact.negated and not negated and len(shared) <= 0.5 * len(fact.words):
                continue  # a positive mention of the fact's noun phrase ("nội dung quảng cáo mình đã đăng")
                #           is not a denial of its negated predicate ("không có dòng ghi chú nội dung quảng cáo")
            if figures and not figures & set(_FIGURE.findall(fact.folded)):
                continue  # about another batch, day or amount: "lô SR-12-1030" is not "lô SR-12-1025"
            if negated != fact.negated and not _restates(clause, said):
                return "contradiction", fact  # "không có khách nào…" against "12 khách…"
            if not fact.negated and ((partial and fact.universal) or (universal and fact.counted and not fact.universal)):
                return "contradiction", fact  # "only some" against "all"; "all" against "40 of them"
    return None


def _restates(s: str, facts) -> bool:
    """The sentence says what the brief says (a fact, an action taken or planned: most of
    its words, same polarity)."""
    words = _content(s)
    negated = bool(_rx("negation").search(s))
    return any(len(words & f.words) >= 0.8 * max(1, len(f.words)) and f.negated == negated for f in facts)


def _open_item(s: str, items) -> tuple[str, _Item] | None:
    if not items or _rx("open").search(s) or s.rstrip().endswith("?"):
        return None
    words = _content(s)
    causal = bool(_rx("settles").search(s))
    for item in items:
        head = _rx("cause_heads").search(item.folded)
        core = item.words - _content(head.group()) if head else item.words
        shared = words & core
        if not words - item.words:
            continue  # the open item itself, listed as open ("Still being checked: …")
        if head:
            if causal and (len(shared) >= 2 or (shared and head.group() in s) or len(shared) >= len(core) > 0):
                return "open_item", item
        elif len(shared) >= 2 and len(shared) >= 0.5 * len(core):
            return "open_item", item
    if _rx("culprit").search(s):
        return "open_item", items[0]
    return None
