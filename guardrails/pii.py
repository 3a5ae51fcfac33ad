"""Personal-data detectors (no brief needed): phone numbers, e-mail addresses, ID-card
numbers, street addresses and a minor's identity, reported as ``privacy_disclosure``.

``pii_findings(text, lang, allow=())`` -> list[Finding]. ``allow``: strings that are not
personal data in this statement (the brief's official contact e-mail or hotline, official
channels); a match equal to one of them (digits of a phone, folded e-mail) is skipped.
Matching runs on the folded text (NFC, NFD and diacritic-less input alike); spans are
offsets into ``text`` as given. Word lists and messages: ``data/pii.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from guardrails.report import CATEGORY_ROUTES, Finding
from guardrails.text import FoldedText, detect_language, fold, fold_plain, sentences

__all__ = ["pii_findings", "word_runs", "data", "WORD_BEFORE", "contact_patterns"]

_DATA = Path(__file__).resolve().parent / "data" / "pii.yaml"
_CATEGORY = "privacy_disclosure"


@lru_cache(maxsize=1)
def data() -> dict:
    with _DATA.open(encoding="utf-8") as fh:
        d = yaml.safe_load(fh)
    for key in ("vi_surnames", "honorifics", "street_words", "area_words", "not_street", "address_prefix",
                "role_mailboxes"):
        d[key] = frozenset(d[key])
    return d


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    d = data()
    sep = r"[ .-]?"
    return {
        "email": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
        # VN mobile 0[35789]x + 7 digits, landline 02x + 8 digits, with +84/84 forms
        "phone_vn": re.compile(
            rf"(?<![\w+.,/-])(?:\+84{sep}|84{sep}|\(\+?84\){sep}|0)(?:[35789](?:{sep}\d){{8}}|2(?:{sep}\d){{9}})(?![\w]|[.,]\d)"
        ),
        "phone_intl": re.compile(rf"(?<![\w+])\+(?!84)\d{{1,3}}(?:{sep}\(?\d{{1,4}}\)?){{2,5}}(?![\w]|[.,]\d)"),
        "id_keyword": re.compile(
            rf"\b(?:{_alt(d['id_keywords'])})\b(?:\s*(?:so|number|no\.?|la|is|:|#))*\s*(\d[\d .]{{1,16}}(?:\d|\.{{3}}|\u2026|x+)|\d{{2,}}\s*(?:\.{{3}}|\u2026|x+))"
        ),
        "id_bare": re.compile(r"(?<![\w.,/+-])(?:\d{12}|\d{9})(?![\w]|[.,/-]\d)"),
        "house": re.compile(r"(?<![\w/.,:+-])(\d{1,4}(?:[/-]\d{1,4}){0,2}[a-z]?)(?= +\S)"),
        "minor_age": re.compile(
            r"\b(\d{1,2})[- ]?(?:years?|yrs?)[- ]old\b|\baged (\d{1,2})\b|\b(\d{1,2}) tuoi\b"
            r"|\b(?:girl|boy|child|kid|daughter|son|student),? (\d{1,2}),"
        ),
    }


WORD_BEFORE = re.compile(r"((?:[^\W\d_]|[\u0300-\u036f])+)\.? +$")
_NUMBERING = re.compile(r"(?:cap nhat|update|part|phan|bai|post|lan)\s*(?:so|thu|no\.?|number|#)?\s*$|#\s*$")


def contact_patterns() -> tuple[re.Pattern, ...]:
    """E-mail and phone patterns (folded text), for other checks that look for a contact."""
    p = _patterns()
    return p["email"], p["phone_vn"], p["phone_intl"]


_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*|\d+[a-zA-Z]?")


def word_runs(text: str, start: int = 0, end: int | None = None) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words (``"Nguyễn Văn An"``, ``"Le Loi Street"``) in
    ``text[start:end]``: words joined by spaces only, each starting with a capital letter
    (a number may follow an area word: ``"Quận 3"``). Spans are original offsets."""
    end = len(text) if end is None else end
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    prev_end = None
    areas = data()["area_words"]
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        gap_ok = prev_end is not None and text[prev_end:m.start()].strip(" \t") == "" and "\t" not in text[prev_end:m.start()]
        caps = w[0].isupper()
        number_after_area = w[0].isdigit() and cur and gap_ok and fold_plain(text[cur[-1][0]:cur[-1][1]]) in areas
        if (caps or number_after_area) and (gap_ok or not cur):
            if cur and not gap_ok:
                runs.append(cur)
                cur = []
            cur.append((m.start(), m.end()))
        else:
            if cur:
                runs.append(cur)
            cur = [(m.start(), m.end())] if caps else []
        prev_end = m.end()
    if cur:
        runs.append(cur)
    return runs


def _digits(s: str) -> str:
    d = re.sub(r"\D", "", s)
    return "0" + d[2:] if d.startswith("84") and len(d) >= 11 else d


def _allowed(allow) -> tuple[set[str], set[str], list[str]]:
    mails, phones, texts = set(), set(), []
    for item in allow or ():
        if not item:
            continue
        f = fold_plain(str(item))
        mails.update(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", f))
        for m in _patterns()["phone_vn"].finditer(f):
            phones.add(_digits(m.group()))
        for m in re.finditer(r"\+?\d[\d .()-]{6,}\d", f):
            phones.add(_digits(m.group()))
        texts.append(f)
    return mails, phones, texts


def _finding(ft: FoldedText, kind: str, a: int, b: int, lang: str, fold_span: bool = True) -> Finding:
    start, end = ft.span(a, b) if fold_span else (a, b)
    msg = data()["messages"][kind]["vi" if lang == "vi" else "en"]
    return Finding(category=_CATEGORY, route=CATEGORY_ROUTES[_CATEGORY], severity="high", start=start,
                   end=end, text=ft.original[start:end], rationale=msg["rationale"], suggestion=msg.get("suggestion"))


def pii_findings(text: str, lang: str, allow=()) -> list[Finding]:
    """Phones, e-mails, ID numbers, street addresses and minors' identities in ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"pii_findings() needs the text as str, got {type(text).__name__}")
    if lang not in ("vi", "en", None):
        raise ValueError(f"language must be 'vi' or 'en', got {lang!r}")
    if not text:
        return []
    lang = lang or detect_language(text)
    ft = fold(text)
    s = ft.folded
    p = _patterns()
    mails, phones, allowed_texts = _allowed(allow)
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(kind: str, a: int, b: int, fold_span: bool = True) -> None:
        out.append(_finding(ft, kind, a, b, lang, fold_span))
        taken.append((a, b) if fold_span else _to_folded(ft, a, b))

    roles = data()["role_mailboxes"]
    for m in p["email"].finditer(s):
        if m.group().lower() not in mails and m.group().split("@", 1)[0].lower() not in roles:
            add("email", m.start(), m.end())
        else:
            taken.append((m.start(), m.end()))
    for m in p["id_keyword"].finditer(s):
        a, b = m.start(1), m.end(1)
        while s[b - 1] in " .":
            if s[b - 3:b] == "...":
                break
            b -= 1
        if free(a, b) and sum(ch.isdigit() for ch in m[1]) >= 2:
            add("id_number", m.start(), b)
    for key in ("phone_vn", "phone_intl"):
        for m in p[key].finditer(s):
            if not free(m.start(), m.end()):
                continue
            if _digits(m.group()) in phones:
                taken.append((m.start(), m.end()))
            else:
                add("phone", m.start(), m.end())
    for m in p["id_bare"].finditer(s):
        if free(m.start(), m.end()):
            add("id_number", m.start(), m.end())
    for a, b in _addresses(ft):
        if any(fold_plain(text[a:b]) in t for t in allowed_texts):
            continue  # the team's own office address, given as the official contact
        if free(*_to_folded(ft, a, b)):
            add("address", a, b, fold_span=False)
    for a, b in _minors(ft):
        if free(*_to_folded(ft, a, b)):
            add("minor", a, b, fold_span=False)
    return sorted(out, key=lambda f: (f.start, f.end))


def _to_folded(ft: FoldedText, a: int, b: int) -> tuple[int, int]:
    """Original span -> folded span (for overlap checks only); a bisection, not a scan."""
    return ft.folded_span(a, b)


def _word_at(text: str, a: int, b: int) -> str:
    return fold_plain(text[a:b])


def _addresses(ft: FoldedText) -> list[tuple[int, int]]:
    """House number + capitalised street name (+ ", Quận 1"), on original offsets."""
    d = data()
    text = ft.original
    out = []
    for m in _patterns()["house"].finditer(ft.folded):
        na, nb = ft.span(m.start(1), m.end(1))
        before = ft.folded[max(0, m.start(1) - 20):m.start(1)].split()
        prefixed = any(" ".join(before[-k:]) in d["address_prefix"] for k in (1, 2) if len(before) >= k)
        if _NUMBERING.search(" ".join(before)):
            continue  # "Cập nhật số 2 Linh Nguyễn…" is numbering, not a house
        rest = nb
        # an optional lower-case street word between number and name: "5 đường Lê Lợi"
        mw = re.match(r" +([^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*)", text[rest:])
        street_word = False
        if mw and _word_at(text, rest + mw.start(1), rest + mw.end(1)) in d["street_words"] and mw.group(1)[0].islower():
            rest += mw.end()
            street_word = True
        runs = word_runs(text, rest, min(len(text), rest + 80))
        if not runs or text[rest:runs[0][0][0]].strip(" ") != "":
            continue
        run = runs[0]
        words = [_word_at(text, a, b) for a, b in run]
        if words[0] in d["not_street"] or all(text[a:b].isupper() and b - a > 1 for a, b in run):
            continue
        end = run[-1][1]
        tail = re.match(r" +([^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*)", text[end:])
        if tail and _word_at(text, end + tail.start(1), end + tail.end(1)) in d["street_words"]:
            street_word = True
            end += tail.end()
        if words[-1] in d["street_words"]:
            street_word = True
        area = False
        for _ in range(2):  # ", Quận 1", ", Thu Duc", ", District 3"
            mc = re.match(r",[ ]*", text[end:])
            nxt = word_runs(text, end + mc.end(), min(len(text), end + mc.end() + 40)) if mc else []
            if not mc or not nxt or nxt[0][0][0] != end + mc.end():
                break
            end, area = nxt[0][-1][1], True
        surname = words[0] in d["vi_surnames"] and len(run) >= 2
        slash = "/" in m.group(1)
        if street_word or prefixed or area or (surname and slash):
            start = na
            if prefixed:  # include "số" / "hẻm" / "Địa chỉ" before the number
                for k in (2, 1):
                    pm = re.search(r"(?:\S+ +){%d}$" % k, text[max(0, na - 24):na])
                    if pm and " ".join(fold_plain(pm.group()).split()) in d["address_prefix"]:
                        start = max(0, na - 24) + pm.start()
                        break
            out.append((start, end))
    return out


def _minors(ft: FoldedText) -> list[tuple[int, int]]:
    """An age under 18 in a sentence that also names someone (a capitalised name run of
    two words or more, or an honorific + name): the age phrase, joined to the name when
    adjacent; a distant name is flagged too."""
    d = data()
    text = ft.original
    out = []
    for m in _patterns()["minor_age"].finditer(ft.folded):
        age = int(next(g for g in m.groups() if g))
        if age > d["minor_age_max"]:
            continue
        a, b = ft.span(m.start(), m.end())
        sent = next(((x, y) for x, y in sentences(text) if x <= a < y), (0, len(text)))
        names = []
        for run in word_runs(text, *sent):
            first = _word_at(text, *run[0])
            prev = WORD_BEFORE.search(text[max(sent[0], run[0][0] - 10):run[0][0]])
            honor = prev is not None and fold_plain(prev.group(1)) in d["honorifics"]
            at_start = run[0][0] == sent[0]
            honor = honor or (first in d["honorifics"] and len(run) >= 2)
            if len(run) >= 2 and (not at_start or first in d["vi_surnames"]) or honor:
                names.append((run[0][0], run[-1][1]))
        if not names:
            continue
        after = [n for n in names if 0 <= n[0] - b <= 2]
        before = [n for n in names if 0 <= a - n[1] <= 2]
        if after or before:
            out.append((before[0][0] if before else a, after[0][1] if after else b))
        else:
            out.append((a, b))
            out.extend(names[:1])
    return out
