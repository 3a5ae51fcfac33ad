"""The one protected-name matcher: every place that must never show a protected person
(drafting, the brief-aware scan, fan comments and replies, exports) asks this module.

``find_names(text, names)`` -> list[NameHit], spans into ``text`` as given (NFC, NFD, any
case, with or without diacritics). A protected person is found in every form:

- the full name ("Phạm Minh Anh", "pham minh anh", "PHẠM  MINH ANH");
- the given name ("Minh Anh", "Anh" of a Vietnamese name; "Lily" of "Lily Vo"), and the
  family name of a Western name after an honorific ("Mr Park");
- with a kinship word or honorific ("bé Minh Anh", "em minh anh", "chị Hồng", "Ms Thư");
- as initials ("P.M.A", "PMA"; two letters only with dots: "D.P.");
- as a handle ("@minhanh.pham", "@lily_vo"), and a handle the brief lists ("@lilyvo.11").

Precise: a given name alone is also a common word ("hồng", "huy động", "park your
questions"), so it counts only when used as a name — after a kinship word or honorific,
capitalised inside a sentence, or at a sentence start spelled with the name's own tone
marks — and never inside a common compound ("minh bạch", "chỉ huy", "tâm trạng"), as a
word the text also writes in lower case (English), or as part of another capitalised name
("Quang Đạt" is not "Đạt"). Word lists live in ``data/brief_checks.yaml`` (``names``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from guardrails.text import VI_MARKS, FoldedText, fold, fold_plain, sentences

__all__ = ["NameHit", "find_names", "protected_name_in", "mentions_protected", "redact_names"]

_TOKEN = re.compile(r"[a-z0-9]+")
_HANDLE = re.compile(r"(?<![\w@])@?([a-z0-9][a-z0-9._]{1,}[a-z0-9])")
_SEP = re.compile(r"[ .\-]*")  # between the words of a name: spaces, dots, hyphens


@dataclass(frozen=True)
class NameHit:
    name: str  # the protected entry of the brief
    start: int  # offsets in the text as given
    end: int
    form: str  # full | given | family | initials | handle


@dataclass(frozen=True)
class _Name:
    entry: str
    tokens: tuple[str, ...]  # folded
    spelled: tuple[str, ...]  # NFC lower case, with tone marks
    given: tuple[tuple[int, int], ...]  # token ranges that are a given name alone
    family: tuple[int, int] | None  # a Western family name (needs an honorific)
    initials: str
    handle: str | None  # an entry that is itself a handle
    vietnamese: bool = False  # family name first: "Phạm Minh Anh"


@lru_cache(maxsize=1)
def _words() -> dict:
    from guardrails.brief_checks import _data  # one YAML for the brief-aware checks

    from guardrails.pii import data as pii_data

    d = _data()["names"]
    return {
        "cues": frozenset(d["kinship"]) | frozenset(d["honorifics"]),
        "spelled_cues": frozenset(unicodedata.normalize("NFC", w) for w in d["kinship_spelled"]),
        "compounds": frozenset(tuple(c.split()) for c in d["compounds"]),
        "en_common": frozenset(d["en_common"]),
        "vi_common": frozenset(unicodedata.normalize("NFC", x) for x in d["vi_common"]),
        "surnames": frozenset(pii_data()["vi_surnames"]),
    }


@lru_cache(maxsize=256)
def _parse(entry: str) -> _Name | None:
    spelled = tuple(w.lower() for w in re.findall(r"[^\W_]+", unicodedata.normalize("NFC", entry)))
    tokens = tuple(fold_plain(w) for w in spelled)
    if not tokens:
        return None
    stripped = entry.strip()
    if stripped.startswith("@") or (len(tokens) > 1 and " " not in stripped):
        return _Name(entry, tokens, spelled, (), None, "", fold_plain(stripped).lstrip("@"))
    n = len(tokens)
    vietnamese = n >= 2 and tokens[0] in _words()["surnames"]
    if n == 1:
        given: tuple[tuple[int, int], ...] = ((0, 1),)
        family = None
    elif vietnamese:
        given = ((n - 1, n),) + (((n - 2, n),) if n >= 3 else ())
        family = None
    else:
        given = ((0, 1),) + (((0, n - 1),) if n >= 3 else ())
        family = (n - 1, n)
    initials = "".join(w[0] for w in spelled) if n >= 2 else ""
    return _Name(entry, tokens, spelled, given, family, initials, None, vietnamese)


@dataclass
class _Tok:
    folded: str
    fa: int  # folded span
    fb: int
    a: int  # original span
    b: int
    word: str  # the original word, NFC


def _tokens(ft: FoldedText) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(ft.folded):
        a, b = ft.span(m.start(), m.end())
        out.append(_Tok(m.group(), m.start(), m.end(), a, b, unicodedata.normalize("NFC", ft.original[a:b])))
    return out


def _joined(ft: FoldedText, toks: list[_Tok], i: int, k: int) -> bool:
    """Tokens i..i+k-1 are written as one name: only spaces, dots or hyphens between."""
    return all(_SEP.fullmatch(ft.folded, toks[j - 1].fb, toks[j].fa) for j in range(i + 1, i + k))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _same_marks(word: str, spelled: str) -> bool:
    """``word`` is written with the name's tone marks (or with none at all)."""
    low = word.lower()
    return low == spelled or fold_plain(low) == low


def find_names(text: str, names) -> list[NameHit]:
    """Every mention of a protected person of ``names`` in ``text``, in text order, no two
    overlapping (the longest form wins)."""
    parsed = [p for p in (_parse(n) for n in names or () if isinstance(n, str) and n.strip()) if p]
    if not text or not parsed:
        return []
    ft = fold(text)
    toks = _tokens(ft)
    starts = {a for a, _ in sentences(text)}
    marked = any(c in VI_MARKS for c in unicodedata.normalize("NFC", text))
    lower_words = {t.folded for t in toks if t.word.islower()}
    hits: list[NameHit] = []
    for name in parsed:
        if name.handle:
            hits += _handle_literal(ft, name)
            continue
        hits += _handles(ft, name)
        hits += _initials(text, name)
        for i in range(len(toks)):
            hits += _at(ft, toks, i, name, starts, marked, lower_words)
    return longest_first(hits)


def _at(ft, toks, i, name: _Name, starts, marked, lower_words) -> list[NameHit]:
    n = len(name.tokens)
    seq = tuple(t.folded for t in toks[i:i + n])
    if seq == name.tokens and _joined(ft, toks, i, n):
        return [NameHit(name.entry, toks[i].a, toks[i + n - 1].b, "full")]
    out = []
    forms = [(r, "given") for r in name.given] + ([(name.family, "family")] if name.family else [])
    for (lo, hi), form in forms:
        k = hi - lo
        part = name.tokens[lo:hi]
        if tuple(t.folded for t in toks[i:i + k]) != part or not _joined(ft, toks, i, k):
            continue
        if _used_as_name(ft, toks, i, k, name, name.spelled[lo:hi], form, starts, marked, lower_words):
            out.append(NameHit(name.entry, toks[i].a, toks[i + k - 1].b, form))
    return out


def _used_as_name(ft, toks, i, k, name: _Name, spelled, form, starts, marked, lower_words) -> bool:
    w = _words()
    words = toks[i:i + k]
    if any(not _same_marks(t.word, s) for t, s in zip(words, spelled)):
        return False  # "Hủy" is not "Huy", "chỉ" is not "chị"
    before = toks[i - 1] if i > 0 and re.fullmatch(r"\.? ?", ft.folded[toks[i - 1].fb:words[0].fa]) else None
    after = toks[i + k] if i + k < len(toks) and re.fullmatch(r" ?", ft.folded[words[-1].fb:toks[i + k].fa]) else None
    kin = before is not None and before.word.lower() in w["spelled_cues"] and fold_plain(before.word) != before.word.lower()
    if before and not kin and (before.folded, words[0].folded) in w["compounds"]:
        return False  # "chi huy" is a commander; "chị Huy" (marked) is a person
    if after and (words[-1].folded, after.folded) in w["compounds"]:
        return False
    cue = before is not None and before.folded in w["cues"] and _cue_spelled(before.word, w)
    if cue:
        return True
    if form == "family":
        return False  # "Park" alone: a word, or a place; "Mr Park" is the person
    if not all(_capitalised(t.word) for t in words):
        return False
    if words[0].word.isupper() and len(words[0].word) > 1:
        return False  # an all-caps heading word
    if _other_name_next_to(toks, i, k, starts, name.tokens):
        return False
    at_start = words[0].a in starts
    western = not name.vietnamese and all(fold_plain(s) == s for s in spelled)
    if western and (words[0].folded in w["en_common"] or words[0].folded in lower_words):
        return False  # "Will", "Grace"; a word the text also writes in lower case
    if at_start:
        # a sentence opens with a capital anyway: two name words together, a Western given
        # name, or the name's own tone marks in a text written with them
        return k > 1 or western or (marked and any(c in VI_MARKS for c in "".join(spelled))
                                    and words[0].word.lower() not in w["vi_common"])
    return True


def _cue_spelled(word: str, w) -> bool:
    """A kinship word written with tone marks must be that word ("chị"), not another
    ("chỉ", "cỏ"); written without marks it is read as the kinship word."""
    low = word.lower()
    return fold_plain(low) == low or low in w["spelled_cues"]


def _other_name_next_to(toks, i, k, starts, own) -> bool:
    """A capitalised word right before or after (not a sentence opener): the run is
    another person's or a place's name ("Quang Đạt", "Daniel Wellington")."""
    w = _words()
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + k] if i + k < len(toks) else None
    if prev and _capitalised(prev.word) and prev.a not in starts and prev.folded not in w["cues"] \
            and prev.folded not in own and prev.b == toks[i].a - 1:
        return True
    return bool(nxt and _capitalised(nxt.word) and nxt.a == toks[i + k - 1].b + 1 and nxt.folded not in w["cues"]
                and nxt.folded not in own)


def _initials(text: str, name: _Name) -> list[NameHit]:
    if len(name.initials) < 2:
        return []
    letters = ["[" + re.escape(unicodedata.normalize("NFC", c.upper())) + re.escape(fold_plain(c).upper()) + "]"
               for c in name.initials]
    dotted = r"\.\s?".join(letters) + r"\.?"
    pattern = dotted if len(letters) == 2 else rf"(?:{dotted}|{''.join(letters)})"
    rx = re.compile(rf"(?<![\w.]){pattern}(?![\w])")
    out = []
    for m in rx.finditer(unicodedata.normalize("NFC", text)):
        if len(letters) == 2 and "." not in m.group():  # "DP" alone is any acronym
            continue
        out.append(NameHit(name.entry, m.start(), m.end(), "initials"))
    return out if len(unicodedata.normalize("NFC", text)) == len(text) else _remap(text, out)


def _remap(text: str, hits: list[NameHit]) -> list[NameHit]:
    """Spans found on the NFC form of an NFD text, mapped back through the folded text."""
    nfc = unicodedata.normalize("NFC", text)
    f_nfc, f_raw = fold(nfc), fold(text)
    out = []
    for h in hits:
        fa, fb = f_nfc.folded_span(h.start, h.end)
        a, b = f_raw.span(fa, fb)
        out.append(NameHit(h.name, a, b, h.form))
    return out


def _handle_literal(ft: FoldedText, name: _Name) -> list[NameHit]:
    body = re.escape(name.handle)
    rx = re.compile(rf"(?<![\w@.])@?{body}(?![\w])")
    return [NameHit(name.entry, *ft.span(m.start(), m.end()), "handle") for m in rx.finditer(ft.folded)]


def _handles(ft: FoldedText, name: _Name) -> list[NameHit]:
    """``@minhanh.pham``, ``@lily_vo``, ``@danielpark99``: a handle spelled from the name."""
    out = []
    for m in _HANDLE.finditer(ft.folded):
        if not m.group().startswith("@"):
            continue
        letters = re.sub(r"[^a-z]", "", m.group(1))
        if _spells(letters, name):
            out.append(NameHit(name.entry, *ft.span(m.start(), m.end()), "handle"))
    return out


def _spells(letters: str, name: _Name) -> bool:
    """``letters`` is two or more of the name's words run together, or its given name."""
    given = {"".join(name.tokens[lo:hi]) for lo, hi in name.given if len("".join(name.tokens[lo:hi])) >= 4}
    if letters in given:
        return True
    words = set(name.tokens)

    @lru_cache(maxsize=None)
    def parts(s: str) -> int:
        if not s:
            return 0
        best = -1
        for w in words:
            if s.startswith(w):
                rest = parts(s[len(w):])
                if rest >= 0:
                    best = max(best, rest + 1)
        return best

    return parts(letters) >= 2


def longest_first(found: list) -> list:
    """Spans (anything with ``start``/``end``) in text order, no two overlapping: where
    two overlap, the one that starts first (then the longer) is kept."""
    out: list = []
    for h in sorted(found, key=lambda h: (h.start, -(h.end - h.start))):
        if not out or h.start >= out[-1].end:
            out.append(h)
    return out


def protected_name_in(text: str, names) -> str | None:
    """The first protected entry ``text`` mentions, in any form, else ``None``."""
    hits = find_names(text or "", names)
    return hits[0].name if hits else None


def mentions_protected(text: str | None, names) -> bool:
    return bool(text) and bool(find_names(text, names))


def redact_names(text: str, names, mask: str = "[…]") -> str:
    """``text`` with every mention of a protected person replaced by ``mask``."""
    for h in reversed(find_names(text, names)):
        text = text[:h.start] + mask + text[h.end:]
    return text
