"""Checks that need the incident brief: figures and names the brief does not contain
(``unsupported_claim``), the lawyer's do-not-say list (``do_not_say``) and protected names
(``privacy_disclosure``).

``brief_findings(text, brief, lang)`` -> list[Finding]. ``brief`` is read by attribute (an
``assistant.brief.IncidentBrief`` or anything shaped like it, or a mapping via
``model_dump``). Everything in the brief counts as known, except its do-not-say list and
protected names. Personal data (phones, e-mails, addresses) is NOT reported here — that is
``pii_findings`` — but figures and names inside personal data are not reported twice.
Pure: word lists and messages come from ``data/brief_checks.yaml``, read once.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from guardrails.claims import claim_findings
from guardrails.names import find_names, longest_first
from guardrails.numbers import Mention, find_mentions
from guardrails.pii import data as pii_data
from guardrails.pii import WORD_BEFORE, pii_findings, word_runs
from guardrails.report import CATEGORY_ROUTES, Finding
from guardrails.text import FoldedText, detect_language, fold, fold_plain, sentences

__all__ = ["brief_findings", "brief_facts", "BriefFacts", "brief_dict", "content_tokens", "is_known"]

_DATA = Path(__file__).resolve().parent / "data" / "brief_checks.yaml"
_TOKEN = re.compile(r"[a-z0-9]+")
_LOWER_WORD = re.compile(r"(?<![\w\u0300-\u036f])[a-z][a-z]+")


@lru_cache(maxsize=1)
def _data() -> dict:
    with _DATA.open(encoding="utf-8") as fh:
        d = yaml.safe_load(fh)
    both = d["common_caps"].pop("both")
    d["common_caps"] = {k: frozenset(v) | frozenset(both) for k, v in d["common_caps"].items()}
    d["place_words"] = frozenset(d["place_words"])
    d["stopwords"] = {k: frozenset(v) for k, v in d["stopwords"].items()}
    return d


def _stem(word: str) -> str:
    """Crude English stem so "companies"/"company's"/"company", "names"/"name" meet."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") or word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith("es") and word[-3] in "sxz" or word.endswith(("ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if word.endswith("ed"):
        return word[:-1] if word[-3] == "e" or word[:-1].endswith(("as", "us", "is")) else word[:-2]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    return word


@dataclass
class BriefFacts:
    """What the brief makes known, in folded, comparable form."""

    haystack: str = ""  # folded brief text, " | " between fields
    squashed: str = ""  # haystack without separators, for codes (SR-12-1025 ~ sr121025)
    tokens: frozenset = frozenset()
    numbers: dict = field(default_factory=dict)  # value -> text in the brief
    ints: frozenset = frozenset()
    percents: dict = field(default_factory=dict)
    dates: list = field(default_factory=list)  # (d, m, y|None, text)
    times: set = field(default_factory=set)
    years: set = field(default_factory=set)
    do_not_say: list = field(default_factory=list)  # (topic, [content tokens])
    aliases: list = field(default_factory=list)  # (topic, regex on folded text, written as a proper name)
    protected: tuple = ()  # the protected names, as the brief writes them
    allow: tuple = ()  # official contact and channels: not personal data
    data: dict = field(default_factory=dict)  # the brief as plain data


def _strings(value, skip=("do_not_say", "protected_names")):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from _strings(v, skip)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, skip)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


_BRIEF_FIELDS = ("language", "speaker", "incident", "fault", "confirmed_facts", "under_investigation",
                 "affected_parties", "actions_taken", "actions_planned", "next_update",
                 "official_channels", "contact", "do_not_say", "protected_names")


def brief_dict(brief) -> dict:
    """The brief as plain data: a mapping as is, a pydantic model dumped, any other object
    read attribute by attribute (duck typing)."""
    if isinstance(brief, dict):
        return brief
    if hasattr(brief, "model_dump"):
        return brief.model_dump(mode="json")
    return {name: _plain(getattr(brief, name, None)) for name in _BRIEF_FIELDS}


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict) or value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dict__"):
        return {k: _plain(v) for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


def brief_facts(brief) -> BriefFacts:
    """The known facts of ``brief`` (cached on its content)."""
    return _facts_from_json(json.dumps(brief_dict(brief), sort_keys=True, ensure_ascii=False, default=str))


@lru_cache(maxsize=4096)
def content_tokens(item: str) -> tuple[str, ...]:
    """Folded, stemmed words of ``item`` without function words (all words if only those)."""
    stop = _data()["stopwords"]
    words = _TOKEN.findall(fold_plain(item))
    return tuple(_stem(w) for w in words if w not in stop["vi"] and w not in stop["en"]) or tuple(_stem(w) for w in words)


@lru_cache(maxsize=64)
def _facts_from_json(raw: str) -> BriefFacts:
    d = json.loads(raw)
    texts = list(_strings(d))
    hay = " | ".join(fold_plain(t) for t in texts)
    f = BriefFacts(haystack=hay, squashed=re.sub(r"[-_ ./]", "", hay), data=d)
    words = set(_TOKEN.findall(hay))
    f.tokens = frozenset(words | {_stem(w) for w in words})
    codes: set[float] = set()
    for text in texts:
        folded = fold_plain(text)
        for m in find_mentions(folded):
            shown = folded[m.start:m.end]
            if m.kind == "number":
                f.numbers.setdefault(m.value, shown)
            elif m.kind == "percent":
                f.percents.setdefault(m.value, shown)
            elif m.kind == "date":
                f.dates.append((*m.value, shown))
                if m.value[2]:
                    f.years.add(m.value[2])
            elif m.kind == "time":
                f.times.add(m.value)
            elif m.kind == "year":
                f.years.add(m.value)
            elif m.kind == "code":  # "SR-12": 12 is a name part, and a figure the brief has
                codes.update(float(x) for x in re.findall(r"\d+", m.value))
    f.ints = frozenset(codes)
    said = " | ".join(fold_plain(t) for k in _PUBLIC for t in _strings(d.get(k)))
    for item in d.get("do_not_say") or []:
        topic, aliases = (item, []) if isinstance(item, str) else (item["topic"], item.get("aliases") or [])
        f.aliases += [(topic, _alias_rx(a), _is_proper(a)) for a in aliases if fold_plain(a).strip()]
        if _phrase_in(topic, said):
            continue  # the brief itself says the topic: only its aliases are off limits
        f.do_not_say += [(topic, forms) for forms in _item_forms(topic)]
    f.protected = tuple(n for n in d.get("protected_names") or [] if isinstance(n, str) and n.strip())
    f.allow = tuple(x for x in [d.get("contact"), *(d.get("official_channels") or [])] if x)
    return f


_PUBLIC = ("confirmed_facts", "actions_taken", "affected_parties", "actions_planned", "official_channels")


def _alias_rx(alias: str) -> re.Pattern:
    toks = _TOKEN.findall(fold_plain(alias))
    return re.compile(r"(?<![a-z0-9])" + r"[\s.\-_]*".join(toks) + r"(?![a-z0-9])")


def _is_proper(alias: str) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() for w in alias.split())


def _alias_said(ft: FoldedText, a: int, b: int, proper: bool) -> bool:
    """An alias the brief writes as a proper name ("Giao Hàng Nhanh") is that name only
    when capitalised — unless the whole text is written in lower case."""
    if not proper or ft.original == ft.original.lower():
        return True
    x, y = ft.span(a, b)
    return all(w[:1].isupper() or w[:1].isdigit() for w in ft.original[x:y].split())


def _phrase_in(topic: str, said: str) -> bool:
    words = _TOKEN.findall(fold_plain(topic))
    return bool(words) and re.search(r"(?<![a-z0-9])" + " ".join(words) + r"(?![a-z0-9])", said) is not None


def _item_forms(item: str) -> list[tuple[str, ...]]:
    """The item's content words, plus their translation when the glossary covers them."""
    forms = [content_tokens(item)]
    words = _TOKEN.findall(fold_plain(item))
    for src, dst in ((0, 1), (1, 0)):
        out = _translate(words, src, dst)
        if out and content_tokens(out) not in forms:
            forms.append(content_tokens(out))
    return forms


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict, dict]:
    pairs = [(vi.split(), en.split()) for vi, en in _data()["glossary"]]
    vi_en: dict = {}
    en_vi: dict = {}
    for vi, en in pairs:
        vi_en.setdefault(tuple(vi), en)
        en_vi.setdefault(tuple(en), vi)
    return vi_en, en_vi


def _translate(words: list[str], src: int, dst: int) -> str | None:
    table = _glossary()[0 if src == 0 else 1]
    stop = _data()["stopwords"]["vi" if src == 0 else "en"]
    out, i, hit = [], 0, False
    while i < len(words):
        for k in (4, 3, 2, 1):
            key = tuple(_stem(w) if src == 1 else w for w in words[i:i + k])
            if len(key) == k and key in table:
                out.extend(table[key])
                i, hit = i + k, True
                break
        else:
            if words[i] not in stop:
                return None
            i += 1
    return " ".join(out) if hit else None


# ---------------------------------------------------------------------------- findings


def _finding(ft: FoldedText, category: str, severity: str, a: int, b: int, kind: str, lang: str,
             original: bool = False, **fmt) -> Finding:
    start, end = (a, b) if original else ft.span(a, b)
    msg = (_data()["messages"].get(kind) or _data()["messages_claims"][kind])[lang]
    suggestion = msg["closest"].format(**fmt) if fmt.get("value") and "closest" in msg else msg.get("suggestion")
    return Finding(category=category, route=CATEGORY_ROUTES[category], severity=severity, start=start, end=end,
                   text=ft.original[start:end], rationale=msg["rationale"].format(**fmt), suggestion=suggestion)


def brief_findings(text: str, brief, lang: str, pii: list[Finding] | None = None) -> list[Finding]:
    """unsupported_claim, do_not_say and protected-name findings of ``text`` against ``brief``.
    ``pii``: the personal-data findings of the same text when the caller has them already
    (figures and names inside them are not reported twice)."""
    if not isinstance(text, str):
        raise TypeError(f"brief_findings() needs the draft as str, got {type(text).__name__}")
    if brief is None or not text:
        return []
    lang = _language(text, lang)
    facts = brief_facts(brief)
    ft = fold(text)
    out = _protected(ft, facts, lang) + _do_not_say(ft, facts, lang)
    if pii is None:
        pii = pii_findings(text, lang, allow=facts.allow)
    blocked = [(f.start, f.end) for f in out] + [(f.start, f.end) for f in pii]
    names = [f for f in _names(ft, facts, lang) if _free(blocked, f)]
    blocked += [(f.start, f.end) for f in names]
    figures = [f for f in _figures(ft, facts, lang) if _free(blocked, f)]
    claims = claim_findings(ft, facts.data, lang, lambda a, b, kind, item: _finding(
        ft, "unsupported_claim", "high", a, b, kind, lang, original=True, item=item))
    return sorted(out + names + figures + claims, key=lambda f: (f.start, f.end))


@lru_cache(maxsize=2)
def _withholding_rx(lang: str) -> re.Pattern:
    w = _data()["withholding"]
    neg = "|".join(re.escape(x) for x in sorted(w["negations"][lang], key=len, reverse=True))
    verb = "|".join(re.escape(x) for x in sorted(w["verbs"][lang], key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9'])(?:{neg})(?: [a-z']+){{0,1}} (?:{verb})(?: [a-z']+){{0,5}} ?$")


def _withheld(folded: str, pos: int, end: int) -> bool:
    """A negation + a verb of telling just before ``pos`` (or opening the match, which
    ends its first word at ``end``) in the same clause."""
    clause = re.split(r"[,;:.!?\n]", folded[max(0, pos - 80):end])[-1]
    return any(_withholding_rx(x).search(clause) for x in ("vi", "en"))


def _language(text: str, lang: str | None) -> str:
    if lang is None:
        return detect_language(text)
    if lang not in ("vi", "en"):
        raise ValueError(f"language must be 'vi' or 'en', got {lang!r}")
    return lang


def _free(spans, f: Finding) -> bool:
    return all(f.end <= a or f.start >= b for a, b in spans)


def _protected(ft: FoldedText, facts: BriefFacts, lang: str) -> list[Finding]:
    return [
        _finding(ft, "privacy_disclosure", "high", h.start, h.end, "protected", lang, original=True)
        for h in find_names(ft.original, facts.protected)
    ]


def _do_not_say(ft: FoldedText, facts: BriefFacts, lang: str) -> list[Finding]:
    """All content words of an item (or most of a long one, always its first) within a
    short window, in any order, through plural/verb endings and diacritics."""
    toks = [(_stem(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(ft.folded)]
    out = []
    for item, content in facts.do_not_say:
        n = len(content)
        if not n:
            continue
        need = n if n <= 3 else max(3, math.ceil(0.6 * n))
        window = n + 4 if n > 1 else 1
        i = 0
        while i < len(toks):
            if toks[i][0] not in content:
                i += 1
                continue
            matched: set[str] = set()
            last = i
            for j in range(i, min(len(toks), i + window)):
                if toks[j][0] in content and toks[j][0] not in matched:
                    matched.add(toks[j][0])
                    last = j
                    if len(matched) == n:
                        break
            if len(matched) >= need and content[0] in matched and not _withheld(ft.folded, toks[i][1], toks[i][2]):
                out.append(_finding(ft, "do_not_say", "high", toks[i][1], toks[last][2], "do_not_say", lang, item=item))
                i = last + 1
            else:
                i += 1
    for topic, rx, proper in facts.aliases:
        out += [_finding(ft, "do_not_say", "high", m.start(), m.end(), "do_not_say", lang, item=topic)
                for m in rx.finditer(ft.folded)
                if _alias_said(ft, m.start(), m.end(), proper) and not _withheld(ft.folded, m.start(), m.end())]
    taken = [(f.start, f.end) for f in out]
    out += [f for f in _by_head(ft, facts, lang) if _free(taken, f)]
    return longest_first(out)


def _by_head(ft: FoldedText, facts: BriefFacts, lang: str) -> list[Finding]:
    """A topic about an amount said with a money figure, or about a name said with a
    proper name the brief does not contain, in a sentence with the topic's other words."""
    heads = _data()["topic_heads"]
    money = re.compile(_data()["money"])
    out = []
    topics = {topic: forms for topic, forms in facts.do_not_say}
    if not topics:
        return out
    for a, b in sentences(ft.original):
        fa, fb = ft.folded_span(a, b)
        s = ft.folded[fa:fb]
        if _withheld(s, len(s), len(s)) or _withheld_anywhere(s):
            continue
        words = {_stem(w) for w in _TOKEN.findall(s)}
        for topic, content in topics.items():
            folded = " ".join(_TOKEN.findall(fold_plain(topic)))
            kind = next((k for k, hs in heads.items() for h in hs if folded == h or folded.startswith(h + " ")), None)
            if kind is None:
                continue
            head = next(h for h in heads[kind] if folded == h or folded.startswith(h + " "))
            rest = [w for w in content_tokens(folded[len(head):]) if w] if folded != head else []
            if not rest or sum(w in words for w in rest) < max(1, math.ceil(0.6 * len(rest))):
                continue
            m = money.search(s) if kind == "amount" else None
            proper = _unknown_proper(ft.original[a:b], facts) if kind == "name" else None
            if m or proper:
                out.append(_finding(ft, "do_not_say", "high", fa, fb, "do_not_say", lang, item=topic))
                break
    return out


def _withheld_anywhere(clause: str) -> bool:
    return any(_withholding_rx(x).search(part + " ") is not None or re.search(
        _withholding_rx(x).pattern.rstrip("$").removesuffix(" ?"), part) is not None
        for x in ("vi", "en") for part in re.split(r"[,;:.!?]", clause))


def _unknown_proper(sentence: str, facts: BriefFacts) -> str | None:
    """A run of two or more capitalised words, not at the sentence start, that the brief
    does not contain ("Saigon Star International School")."""
    for m in re.finditer(r"(?<!^)(?<![\w])((?:[A-ZĐÀ-Ỹ][\w'’-]+)(?:\s+[A-ZĐÀ-Ỹ][\w'’-]+)+)", sentence):
        if m.start() == 0:
            continue
        phrase = " ".join(_TOKEN.findall(fold_plain(m.group(1))))
        if phrase and phrase not in facts.haystack:
            return m.group(1)
    return None


def is_known(m: Mention, f: BriefFacts) -> bool:
    if m.kind == "number":
        return m.value in f.numbers or m.value in f.ints
    if m.kind == "percent":
        return m.value in f.percents
    if m.kind == "date":
        d, mo, y = m.value
        return any(d == bd and mo == bm and (y is None or by is None or y == by) for bd, bm, by, _ in f.dates)
    if m.kind == "day":
        return any(m.value == bd for bd, _, _, _ in f.dates)
    if m.kind == "month":
        return any(m.value == bm for _, bm, _, _ in f.dates)
    if m.kind == "time":
        h, mi = m.value
        return (h, mi) in f.times or ((h + 12) % 24, mi) in f.times
    if m.kind == "year":
        return m.value in f.years or float(m.value) in f.ints
    if m.kind == "code":
        return re.sub(r"[-_ ./]", "", m.value) in f.squashed
    return True


def _closest(m: Mention, f: BriefFacts) -> str | None:
    if m.kind in ("number", "percent") and m.value:
        pool = f.numbers if m.kind == "number" else f.percents
        near = [(abs(v - m.value) / max(abs(v), abs(m.value)), shown) for v, shown in pool.items() if v]
        near = [x for x in near if x[0] <= 0.5]
        return min(near)[1] if near else None
    if m.kind == "date":
        d, mo, y = m.value
        near = [(abs((bm * 31 + bd) - (mo * 31 + d)), shown) for bd, bm, by, shown in f.dates if y is None or by in (None, y)]
        near = [x for x in near if x[0] <= 10]
        return min(near)[1] if near else None
    return None


# Numbering that only a line break identifies (folding turns line breaks into spaces): a
# thread prefix "2/5 " or a list number "2. " at a line start, "(2/5)" or "2/5" at a line end.
_LINE_NUMBERING = re.compile(
    r"(?m)^[ \t]*(?:\(?(\d{1,2})/(\d{1,2})\)?|\d{1,2}[.)])(?=[ \t])"
    r"|\(?(\d{1,2})/(\d{1,2})\)?[ \t]*$"
)


def _numbering_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LINE_NUMBERING.finditer(text):
        n, total = (m[1], m[2]) if m[1] else (m[3], m[4])
        if n is None or int(n) <= int(total):
            spans.append((m.start(), m.end()))
    return spans


# A press release's dateline, "HÀ NỘI, ngày 01/12/2026 — …" / "HANOI, 1 December 2026 — …":
# the date of issue is structure, not a claim about the incident.
_DATELINE = re.compile(r"(?m)^(?:[^\W\d_]+(?:[ .]+[^\W\d_]+)*\.?, )?(?:ngày )?(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}) — ")


def _figures(ft: FoldedText, facts: BriefFacts, lang: str) -> list[Finding]:
    numbering = _numbering_spans(ft.original) + [m.span() for m in _DATELINE.finditer(ft.original)]
    out = []
    for m in find_mentions(ft.folded, lang):
        a, b = ft.span(m.start, m.end)
        if any(x <= a and b <= y for x, y in numbering):
            continue
        if not is_known(m, facts):
            out.append(_finding(ft, "unsupported_claim", "medium", m.start, m.end, "figure", lang,
                                value=_closest(m, facts)))
    return out


def _names(ft: FoldedText, facts: BriefFacts, lang: str) -> list[Finding]:
    """Capitalised multi-word names (people, places) the brief does not contain."""
    d, p = _data(), pii_data()
    text = ft.original
    starts = {a for a, _ in sentences(text)}
    common = d["common_caps"][lang]
    if lang == "en":  # a word the draft also writes in lower case is not a name ("Next Steps")
        common = common | {fold_plain(w) for w in _LOWER_WORD.findall(text)}
    out = []
    for run in word_runs(text):
        words = [fold_plain(text[a:b]) for a, b in run]
        if all(text[a:b].isupper() for a, b in run) and any(b - a > 1 for a, b in run):
            continue  # an all-caps heading
        honor = None
        if words[0] in p["honorifics"] and len(run) >= 2:
            honor, run, words = run[0], run[1:], words[1:]
        else:
            prev = WORD_BEFORE.search(text[max(0, run[0][0] - 10):run[0][0]])
            if prev and prev.group(1)[0].islower() and fold_plain(prev.group(1)) in p["honorifics"]:
                honor = (run[0][0] - len(prev.group(0)), run[0][0])
        for part, pw in _split(run, words, common):
            at_start = part[0][0] in starts and honor is None
            strong = pw[0] in p["vi_surnames"] or pw[0] in d["place_words"]
            if len(part) < 2 and not (honor and part[0] == run[0]):
                continue
            if at_start and lang == "vi" and not strong:
                continue
            if _name_known(pw, facts, lang) or (at_start and len(pw) > 2 and _name_known(pw[1:], facts, lang)):
                continue  # at a sentence start the first word may be a verb: "Follow Maya Tran"
            a = honor[0] if honor and part[0] == run[0] else part[0][0]
            out.append(_finding(ft, "unsupported_claim", "medium", a, part[-1][1], "name", lang, original=True))
    return out


def _split(run, words, common):
    part, pw = [], []
    for span, w in zip(run, words):
        if w in common:
            if part:
                yield part, pw
            part, pw = [], []
        else:
            part.append(span)
            pw.append(w)
    if part:
        yield part, pw


def _name_known(words: list[str], facts: BriefFacts, lang: str) -> bool:
    phrase = " ".join(words)
    if re.search(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])", facts.haystack):
        return True
    if lang == "en":
        return all(w in facts.tokens or _stem(w) in facts.tokens for w in words)
    return False
