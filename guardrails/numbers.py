"""Figures in a text, normalised so that different spellings compare equal.

``find_mentions(folded)`` reads a FOLDED text (see :func:`guardrails.text.fold`) and
returns every number, percentage, amount, date, time, year and product/batch code in it,
with its span in the folded string and a normalised value:

- ``"37"``, ``"ba muoi bay"``, ``"thirty-seven"`` -> number 37.0
- ``"2 ty"``, ``"2.000.000.000 dong"``, ``"2 billion"`` -> number 2e9
- ``"50%"``, ``"nam muoi phan tram"``, ``"fifty percent"`` -> percent 50.0
- ``"20/11"``, ``"ngay 20 thang 11"``, ``"20 november"``, ``"nov 20"`` -> date (20, 11, None)
- ``"2026-11-20"``, ``"20/11/2026"`` -> date (20, 11, 2026)
- ``"ngay 20"`` -> day 20; ``"thang 11"`` -> month 11 (a date with a part missing)
- ``"20:00"``, ``"20h"``, ``"8 pm"``, ``"8 gio toi"`` -> time (20, 0)

Structural numbering is not a figure and yields nothing: "cap nhat so 2", "update #2",
thread prefixes "1/3" and list numbers "1." at a line start, "(khoang 2 phut)", timecodes,
"24/7", legal references ("nghi dinh 13/2023/nd-cp"), phone and ID-like digit runs, e-mail
addresses, web addresses and handles. Word lists live in ``data/number_words.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["Mention", "find_mentions", "parse_figure"]

_DATA = Path(__file__).resolve().parent / "data" / "number_words.yaml"


@dataclass(frozen=True)
class Mention:
    kind: str  # number | percent | date | day | month | time | year | code
    value: object  # float | (day, month, year|None) | day | month | (hour, minute) | year | str
    start: int
    end: int


@lru_cache(maxsize=1)
def _words() -> dict:
    with _DATA.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _alt(words) -> str:
    return "|".join(sorted((w for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    w = _words()
    months = _alt(w["months"])
    scale = _alt(w["scale"])
    cur = _alt(w["currency"])
    fig = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
    ampm = r"(?:a\.m\.|p\.m\.|am|pm)"
    part = r"(?:sang|trua|chieu|toi|dem)"
    return {
        # ignored: structural numbering and things other detectors own
        "mask": re.compile(
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail (anchored: no O(n^2) retries inside words)
            r"|(?:https?://|www\.)\S+"
            r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|vn|net|org|io|co|me|info)\b(?:/\S*)?"
            r"|@\w+|#\s?\d+"
            r"|(?m:^[ \t]*\(?\d{1,2}\s?/\s?\d{1,2}\)?(?=\s))"  # thread prefix 1/3
            r"|(?m:^[ \t]*\d{1,2}[.)](?=\s))"  # list numbering
            r"|\b(?:cap nhat|update|thong bao|ban tin|part|phan|post|tweet|bai|statement)"
            r"\s*(?:so|lan|no\.?|number|#)?\s*\d{1,2}\b"
            r"|\(\s*(?:khoang|about|approx\.?|approximately|around|chung|~)?\s*\d+(?:[.,]\d+)?"
            r"(?:\s*-\s*\d+)?\s*(?:phut|giay|min|mins|minutes?|seconds?|secs?)\b[^)\n]*\)"
            r"|[\[(]\s*\d{1,2}:\d{2}(?:\s*-\s*\d{1,2}:\d{2})?\s*[\])]|\b0:\d{2}\b"
            r"|\b24\s?/\s?7\b"
            r"|\b(?:nghi dinh|decree|luat|law|dieu|article|art\.|khoan|thong tu|circular|bo luat)"
            r"\s+(?:so\s+)?\d+(?:/\d+)*(?:/[a-z][a-z0-9-]*)?"
            r"|\b\d+/\d{4}/[a-z][a-z0-9-]*"
            r"|(?<![\w.,])(?:\+|0)\d{1,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])"  # phone-like
            r"|(?<![\w.,])\d{9,}(?![\w])"  # ID-like digit runs
        ),
        "code": re.compile(r"\b[a-z]{1,6}[-_]?\d+(?:[-_./]?\w+)*\b|\b\d+[a-z]+\d[\w-]*\b"),
        "iso": re.compile(
            r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::\d{2})?(?:[+-]\d{2}:?\d{2}|z)?)?\b"
        ),
        "vi_date": re.compile(
            r"\b(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*,?\s*nam\s+(\d{4}))?\b"
        ),
        "dmy": re.compile(
            r"(?<![\w.,/-])(?:(ngay\s+)?)(\d{1,2})(/|-|\.)(\d{1,2})(?:\3(\d{4}|\d{2}))?(?![\w/]|[.,-]\d)"
        ),
        "day_month": re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({months})\.?(?:\s*,?\s*(\d{{4}}))?\b"
        ),
        "month_day": re.compile(
            rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}}))?"
        ),
        "day": re.compile(r"\bngay\s+(\d{1,2})\b(?![/.-]\d|\s+thang)|\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b"),
        "month": re.compile(r"\bthang\s+(\d{1,2})\b(?![/.-]\d)"),
        "time": re.compile(
            rf"\b(\d{{1,2}})(?::|h)(\d{{2}})\b(?:\s*({ampm}|{part})\b)?"
            rf"|\b(\d{{1,2}})\s*(?:gio|h)\b(?:\s*(\d{{1,2}})(?:\s*phut)?\b)?(?:\s*({part})\b)?"
            rf"|\b(\d{{1,2}})\s*({ampm})(?!\w)"
        ),
        "percent": re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:%|phan tram\b|percent\b|per cent\b)"),
        "figure": re.compile(
            rf"(?<![\w.,])(\$\s?)?({fig})(?:\s*({scale})\b)?(?:\s*({cur})\b)?"
        ),
        "word": re.compile(r"[a-z]+"),
        "after_words": re.compile(rf"[ -]*(phan tram\b|percent\b|per cent\b|%)?[ ]*(?:({cur})\b)?"),
    }


def parse_figure(text: str) -> float:
    """``"2.000.000"`` -> 2000000, ``"2,5"`` -> 2.5, ``"1,234.5"`` -> 1234.5."""
    s = text.replace(" ", "")
    seps = re.findall(r"[.,]", s)
    if not seps:
        return float(s)
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", s):
        return float(re.sub(r"[.,]", "", s))
    last = max(s.rfind("."), s.rfind(","))
    whole = re.sub(r"[.,]", "", s[:last])
    return float(f"{whole}.{s[last + 1:]}")


def _unit_follows(s: str, pos: int) -> bool:
    nxt = re.match(r" *([a-z%]+)", s[pos:])
    return bool(nxt) and nxt.group(1) in _words()["range_units"]


def _hour(h: int, m: int, tag: str | None) -> tuple[int, int] | None:
    tag = (tag or "").replace(".", "")
    if tag == "pm" and h < 12:
        h += 12
    elif tag == "am" and h == 12:
        h = 0
    elif tag in ("chieu", "toi") and 1 <= h < 12:
        h += 12
    elif tag == "dem" and 6 <= h < 12:
        h += 12
    if 0 <= h <= 23 and 0 <= m <= 59:
        return (h, m)
    return None


def _date(d: int, m: int, y: str | None) -> tuple[int, int, int | None] | None:
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    year = int(y) if y else None
    if year is not None and year < 100:
        year += 2000
    return (d, m, year)


class _Collector:
    """Mentions found so far, and which characters they took: a byte per character, so
    checking a span is one C-level search instead of a loop over every earlier mention."""

    def __init__(self, folded: str):
        self.s = folded
        self.taken = bytearray(len(folded) + 1)
        self.out: list[Mention] = []

    def free(self, a: int, b: int) -> bool:
        return b <= a or self.taken.find(1, a, b) == -1

    def add(self, kind: str, value, a: int, b: int) -> None:
        if b > a:
            self.taken[a:b] = b"\x01" * (b - a)
        if kind:
            self.out.append(Mention(kind, value, a, b))


def find_mentions(folded: str, lang: str | None = None) -> list[Mention]:
    """Every figure of a folded text, in text order. See the module docstring. ``lang``
    ("vi"/"en"/None for both) chooses which number words count: folded Vietnamese "ten"
    (tên, a name) is not the English ten."""
    p = _patterns()
    months = _words()["months"]
    c = _Collector(folded)
    for m in p["mask"].finditer(folded):
        c.add("", None, m.start(), m.end())
    for m in p["iso"].finditer(folded):
        if c.free(m.start(), m.end()) and (d := _date(int(m[3]), int(m[2]), m[1])):
            c.add("date", d, m.start(1), m.end(3))
            if m[4] and (t := _hour(int(m[4]), int(m[5]), None)):
                c.add("time", t, m.start(4), m.end(5))
            c.add("", None, m.start(), m.end())
    for m in p["code"].finditer(folded):
        if c.free(m.start(), m.end()) and not re.fullmatch(r"\d+(?:h|am|pm|k|m|tr|st|nd|rd|th)(?:\d{2})?", m[0]):
            c.add("code", m[0], m.start(), m.end())
    for m in p["vi_date"].finditer(folded):
        if c.free(m.start(), m.end()) and (d := _date(int(m[1]), int(m[2]), m[3])):
            c.add("date", d, m.start(), m.end())
    for m in p["dmy"].finditer(folded):
        two_part_ok = m[3] == "/" or m[1] or m[5] or (m[3] == "-" and not _unit_follows(folded, m.end()))
        if c.free(m.start(2), m.end()) and two_part_ok and (d := _date(int(m[2]), int(m[4]), m[5])):
            c.add("date", d, m.start(2), m.end())
    for key in ("day_month", "month_day"):
        for m in p[key].finditer(folded):
            day, mon = (m[1], m[2]) if key == "day_month" else (m[2], m[1])
            if lang == "vi" and mon == "may":
                continue  # folded "máy" (machine)
            if c.free(m.start(), m.end()) and (d := _date(int(day), months[mon], m[3])):
                c.add("date", d, m.start(), m.end())
    for key in ("day", "month"):
        for m in p[key].finditer(folded):
            v = int(m[1] or m[2])
            if c.free(m.start(), m.end()) and 1 <= v <= (31 if key == "day" else 12):
                c.add(key, v, m.start(), m.end())
    for m in p["time"].finditer(folded):
        if not c.free(m.start(), m.end()):
            continue
        if m[1]:
            t = _hour(int(m[1]), int(m[2]), m[3])
        elif m[4]:
            t = _hour(int(m[4]), int(m[5] or 0), m[6])
        else:
            t = _hour(int(m[7]), 0, m[8])
        if t:
            c.add("time", t, m.start(), m.end())
    for m in p["percent"].finditer(folded):
        if c.free(m.start(), m.end()):
            c.add("percent", parse_figure(m[1]), m.start(), m.end())
    scale = _words()["scale"]
    for m in p["figure"].finditer(folded):
        if not c.free(m.start(2), m.end(2)):
            continue
        value = parse_figure(m[2])
        if m[3]:
            value *= scale[m[3]]
        start = m.start(1) if m[1] else m.start(2)
        end = m.end()
        while end > start and folded[end - 1] == " ":
            end -= 1
        if re.fullmatch(r"(?:19|20)\d{2}", m[2]) and not (m[1] or m[3] or m[4]):
            c.add("year", int(m[2]), start, end)
        else:
            c.add("number", round(value, 4), start, end)
    for kind, value, a, b in _word_numbers(folded, lang):
        if c.free(a, b):
            c.add(kind, value, a, b)
    return sorted(c.out, key=lambda x: x.start)


# ------------------------------------------------------------------------- number words


def _word_numbers(s: str, lang: str | None):
    """Runs of number words (vi and en) with an optional percent/currency tail."""
    p = _patterns()
    words = _words()
    vi, en = words["vi"], words["en"]
    scale = words["scale"]
    toks = [(m[0], m.start(), m.end()) for m in p["word"].finditer(s)]
    starters = _starters(lang)
    i = 0
    while i < len(toks):
        if toks[i][0] not in starters:  # most words start no number: skip the parsers
            i += 1
            continue
        for parse in {"vi": (_parse_vi,), "en": (_parse_en,)}.get(lang or "", (_parse_vi, _parse_en)):
            got = parse(toks, i, s, vi if parse is _parse_vi else en)
            if got:
                value, j, lone = got
                a, b = toks[i][1], toks[j - 1][2]
                tail = p["after_words"].match(s, b)
                is_percent = bool(tail and tail[1])
                nxt = " ".join(t[0] for t in toks[j:j + 2])
                if lone and parse is _parse_vi and not is_percent and not _counted(nxt, vi):
                    continue
                if lone and parse is _parse_en and toks[i][0] in en["lone_skip"]:
                    continue
                if tail and (tail[1] or tail[2]):
                    b = tail.end()
                    while s[b - 1] == " ":
                        b -= 1
                if j < len(toks) and toks[j][0] in scale and not is_percent and toks[j][0] in ("k", "tr", "m", "bn"):
                    value *= scale[toks[j][0]]
                yield ("percent" if is_percent else "number"), float(value), a, b
                i = j
                break
        else:
            i += 1


@lru_cache(maxsize=None)
def _starters(lang: str | None) -> frozenset[str]:
    """The words a number-word run can start with (what ``_parse_vi``/``_parse_en`` accept first)."""
    words = _words()
    vi, en = words["vi"], words["en"]
    out: set[str] = set()
    if lang in (None, "vi"):
        out |= set(vi["digits"]) | {vi["tens"]}
    if lang in (None, "en"):
        out |= set(en["digits"]) | set(en["tens"]) | set(en["multipliers"]) | {en["hundred"]}
    return frozenset(out)


def _counted(following: str, vi: dict) -> bool:
    return any(following == n or following.startswith(n + " ") for n in vi["counted_nouns"])


def _joined(toks, j: int, s: str) -> bool:
    return j > 0 and re.fullmatch(r"[ -]+", s[toks[j - 1][2]:toks[j][1]]) is not None


def _parse_vi(toks, i, s, vi):
    digits, mult = vi["digits"], vi["multipliers"]
    total, group, pending, j, used, last_mult, after_tens = 0, 0, None, i, 0, 0, False
    while j < len(toks) and (j == i or _joined(toks, j, s)):
        w = toks[j][0]
        if after_tens and w in vi["after_tens"]:
            pending, after_tens = vi["after_tens"][w], False
        elif w in digits and pending is None:
            pending, after_tens = digits[w], False
        elif w == vi["tens"]:
            group += (pending * 10) if pending is not None else 10
            pending, after_tens = None, True
        elif w == vi["hundred"] and used:
            group += (pending if pending is not None else 1) * 100
            pending, after_tens = None, False
        elif w in vi["filler"] and used and j + 1 < len(toks) and toks[j + 1][0] in digits:
            pass
        elif w in mult and used:
            group += pending or 0
            total += (group or 1) * mult[w]
            group, pending, last_mult, after_tens = 0, None, mult[w], False
        elif w == vi["half"] and last_mult and group == 0 and pending is None:
            total += last_mult / 2
        else:
            break
        used += 1
        j += 1
    if not used:
        return None
    value = total + group + (pending or 0)
    lone = used == 1 and toks[i][0] in digits
    if lone and toks[i][0] not in vi["lone_ok"]:
        return None
    return value, j, lone


def _parse_en(toks, i, s, en):
    digits, tens, mult = en["digits"], en["tens"], en["multipliers"]
    total, group, j, used = 0, 0, i, 0
    while j < len(toks) and (j == i or _joined(toks, j, s)):
        w = toks[j][0]
        if w in digits:
            group += digits[w]
        elif w in tens:
            group += tens[w]
        elif w == en["hundred"]:
            group = (group or 1) * 100
        elif w in en["filler"] and used and j + 1 < len(toks) and (toks[j + 1][0] in digits or toks[j + 1][0] in tens):
            pass
        elif w in mult:
            total += (group or 1) * mult[w]
            group = 0
        else:
            break
        used += 1
        j += 1
    if not used or (used == 1 and toks[i][0] in mult):
        return None
    return total + group, j, used == 1
