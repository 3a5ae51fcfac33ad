"""Offline triage: which class a fan comment belongs to, from weighted cue lists in ``cues.yaml``.

Cues are matched as whole words on the folded, teencode-expanded text (see
``normalize.matchable``), so diacritics, NFC/NFD and chat spelling do not matter. Before
matching, ``mask`` phrases are blanked ("tiếp tục" is not "tức", "ride or die" is no
death wish). Each class sums its cue weights (``classes``: 1, ``weak``: 0.5); a cue of
a ``negatable`` class right after a negator ("không ủng hộ nữa", "not how you handle")
counts for the class it flips to instead.

Decision: what must never get an automatic reply comes first — the first of legal_threat,
harassment, spam, rumor whose score reaches 1 wins (a legal threat goes to the lawyer even
when it also insults). Otherwise question, criticism and support (and any weak evidence of
the classes above) compete on score; ties go to the more serious class.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.replies.models import CATEGORIES, SEVERITY_ORDER, Triage
from assistant.replies.normalize import comment_language, matchable, spelled
from guardrails.text import VI_MARKS, fold_plain

CUES_PATH = Path(__file__).with_name("cues.yaml")
_URL = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|biz|xyz|ly|me|vn|io|shop|site|store|link|top|club)\b/?", re.I)
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)\d{2,3}[\dx .-]{5,}|\+\d{1,3}[ .-]?\d{3}[ .-]?\d{3,4}", re.I)
_GAP = r"(?: [a-z0-9]+){0,4}"  # "co ... khong": up to four words between
_PRIORITY = ("legal_threat", "harassment", "spam", "rumor")
_WEIGHTS = {"classes": 1.0, "weak": 0.5}


class _Cues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    classes: dict[str, dict[str, list[str]]]
    weak: dict[str, dict[str, list[str]]] = {}
    mask: dict[str, list[str]] = {}
    negators: dict[str, list[str]] = {}
    negatable: dict[str, str] = {}


def _body(cue: str, lang: str) -> str:
    """The regex of one cue: read like the comments are (folded, teencode expanded)."""
    cue = cue.strip()
    end = cue.endswith("$")  # "khong $": the last word of the comment
    cue = cue.rstrip("$").strip()
    star = cue.endswith("*")
    parts = [matchable(p, lang) for p in cue.rstrip("*").split("...")]
    if not all(parts):
        return ""
    return (_GAP + " ").join(re.escape(p) for p in parts) + (r"[a-z0-9]*" if star else "") + ("$" if end else "")


_TONED = frozenset(VI_MARKS - {"đ", "Đ"})
_W = r"[^\W_]"  # a letter or digit of any script


def _is_spelled(cue: str) -> bool:
    """A cue written with Vietnamese tone marks (or "=" first) is matched on the spelled
    view: "thằng này" matches "thằng này" and plain "thang nay", not "tháng này"; with
    "=" first only the marked spelling ("=đồn" is not "đơn"/"don")."""
    return cue.startswith("=") or any(c in _TONED for c in unicodedata.normalize("NFC", cue))


def _spelled_body(cue: str, lang: str) -> str:
    cue = unicodedata.normalize("NFC", cue.strip().lower())
    strict = cue.startswith("=")
    cue = cue.lstrip("=").strip()
    end = cue.endswith("$")
    cue = cue.rstrip("$").strip()
    star = cue.endswith("*")
    parts = []
    for part in cue.rstrip("*").split("..."):
        ws = []
        for word in re.findall(r"[^\W_]+", part):
            if any(c in _TONED for c in word):
                plain = fold_plain(word)
                ws.append(re.escape(word) if strict else f"(?:{re.escape(word)}|{re.escape(plain)})")
            elif (m := matchable(word, lang)):
                ws.append(re.escape(m))
        if not ws:
            return ""
        parts.append(" ".join(ws))
    return (rf"(?: {_W}+){{0,4}} ").join(parts) + (rf"{_W}*" if star else "") + ("$" if end else "")


def _trie(words: set[str]) -> str:
    """One regex for many literal cues, as a character trie: Python's ``re`` tries the
    alternatives of a flat ``a|b|c`` one by one at every position, a trie only once."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _alternation(cues: list[str], lang: str) -> str | None:
    literal, patterns = set(), set()
    for c in cues:
        if _is_spelled(c):
            continue
        if any(mark in c for mark in ("...", "*", "$")):
            if b := _body(c, lang):
                patterns.add(b)
        elif m := matchable(c, lang):
            literal.add(m)
    bodies = sorted(patterns, key=len, reverse=True) + ([_trie(literal)] if literal else [])
    return "|".join(bodies) if bodies else None


def _spelled_alternation(cues: list[str], lang: str) -> str | None:
    bodies = sorted({b for c in cues if _is_spelled(c) and (b := _spelled_body(c, lang))}, key=len, reverse=True)
    return "|".join(bodies) if bodies else None


def _weighted(bodies: dict[float, str], word: str) -> re.Pattern[str]:
    """One pattern for a class on one view: a named group per weight ("w10" = 1.0, "w5" =
    0.5), so the comment is scanned once per class, not once per weight."""
    groups = "|".join(f"(?P<w{int(weight * 10)}>{body})" for weight, body in sorted(bodies.items(), reverse=True))
    return re.compile(rf"(?<!{word})(?:{groups})(?!{word})")


class _Compiled(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    cues: dict[tuple[str, str], re.Pattern[str]]  # (class, view) -> pattern with weight groups
    mask: dict[str, re.Pattern[str]]
    negator: dict[str, re.Pattern[str]]
    negatable: dict[str, str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = _Cues.model_validate(yaml.load(CUES_PATH.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))  # noqa: S506
    unknown = (set(data.classes) | set(data.weak) | set(data.negatable) | set(data.negatable.values())) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"{CUES_PATH.name}: unknown classes {sorted(unknown)}")
    cues = {}
    for section, weight in _WEIGHTS.items():
        for category, by_lang in getattr(data, section).items():
            for lang, lst in by_lang.items():
                if lang != "vi" and (marked := [c for c in lst if _is_spelled(c)]):
                    raise ValueError(f"{CUES_PATH.name}: {section}.{category}.{lang}: tone marks only in vi: {marked}")
    bodies: dict[tuple[str, str], dict[float, str]] = {}
    for section, weight in _WEIGHTS.items():
        for category, by_lang in getattr(data, section).items():
            for lang, lst in by_lang.items():
                if (body := _alternation(lst, lang)) is not None:
                    bodies.setdefault((category, lang), {})[weight] = body
                if (body := _spelled_alternation(lst, lang)) is not None:  # matched on normalize.spelled
                    bodies.setdefault((category, lang + "~"), {})[weight] = body
    cues = {key: _weighted(b, _W if key[1].endswith("~") else "[a-z0-9]") for key, b in bodies.items()}
    mask = {lang: re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")
            for lang, lst in data.mask.items() if (body := _alternation(lst, lang)) is not None}
    negator = {lang: re.compile(r"(?:^| )(?:" + "|".join(b for n in lst if (b := _body(n, lang))) + r")(?: [a-z0-9]+)? $")
               for lang, lst in data.negators.items() if lst}
    return _Compiled(cues=cues, mask=mask, negator=negator, negatable=data.negatable)


def _scores(views: dict[str, str], asks: bool) -> tuple[dict[str, float], dict[str, list[str]]]:
    comp = _compiled()
    score = dict.fromkeys(CATEGORIES, 0.0)
    hits: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    seen: set[tuple[str, str]] = set()
    for (category, view), rx in comp.cues.items():
        text = views.get(view)
        if not text:
            continue
        lang = view.rstrip("~")
        for m in rx.finditer(text):
            if (category == "question" and not asks and " " not in m.group(0)
                    and 0 < m.start() and m.end() < len(text)):
                # a lone question word mid-sentence ("this is how you handle it") is not a
                # question: without "?", a one-word cue counts only when it opens or ends the
                # comment ("… đổi hàng chưa")
                continue
            weight = w = int(m.lastgroup[1:]) / 10  # type: ignore[index]
            if category == "question" and not asks and lang == "en" and text.count(" ", 0, m.start()) > 1:
                w = weight / 2  # "…is the real problem": English asks with "?" or up front ("hey, can you…")
            target = category
            neg = comp.negator.get(lang)
            if category in comp.negatable and neg is not None:
                before = text[: m.start()]
                if neg.search(fold_plain(before) if view != lang else before):
                    target = comp.negatable[category]
            # the same words read twice (the Vietnamese and the English reading) count once
            key = (target, m.group(0) if view == lang else fold_plain(m.group(0)))
            if key in seen:
                continue
            seen.add(key)
            score[target] += w
            hits[target].append(m.group(0) if target == category else f"not {m.group(0)}")
    return score, hits


def _views(text: str, lang: str) -> dict[str, str]:
    # Vietnamese comments mix in English ("unfollow", "sale", "link bio"): read both lists.
    langs = (lang, "en") if lang == "vi" else (lang,)
    out = {}
    for lg in langs:
        # the English reading of a Vietnamese comment skips words written with tone marks
        # ("rát da" is no "rat", "mê" no "me")
        view = matchable(text, lg, drop_toned=lg != lang)
        rx = _compiled().mask.get(lg)
        out[lg] = " ".join(rx.sub(" ", view).split()) if rx is not None else view
    if lang == "vi" and not text.isascii():
        out["vi~"] = spelled(text, "vi")
    return out


@lru_cache(maxsize=65536)
def triage(text: str, default_lang: str = "vi") -> Triage:
    """Classify one comment offline (deterministic, no network; repeated texts are
    remembered — fans paste the same comment many times)."""
    lang = comment_language(text, default=default_lang)
    views = _views(text, lang)
    asks = "?" in text or "？" in text
    score, hits = _scores(views, asks)
    if _URL.search(text):
        score["spam"] += 1
        hits["spam"].append("(link)")
    if _PHONE.search(text):
        score["spam"] += 1
        hits["spam"].append("(phone)")
    for category in _PRIORITY:
        if score[category] >= 1:
            return Triage(category=category, language=lang, cues=tuple(hits[category]))
    if asks:
        score["question"] += 1
    # a question needs more question than complaint: "Where's the accountability?" is not one
    if score["question"] >= 1 and score["question"] > max(score["criticism"], score["other"]) and score["question"] >= score["support"]:
        return Triage(category="question", language=lang, cues=tuple(hits["question"]) or ("?",))
    best = max(SEVERITY_ORDER, key=lambda c: (score[c] if c != "question" else 0.0, -SEVERITY_ORDER.index(c)))
    if score[best] > 0:
        return Triage(category=best, language=lang, cues=tuple(hits[best]))
    if _only_hearts(text):
        return Triage(category="support", language=lang, cues=("(hearts)",))
    return Triage(category="other", language=lang)


_HEARTS = set("❤♥💕💖💗💓💞💘💝🥰😍🤗🙏💪👍🫶")


def _only_hearts(text: str) -> bool:
    symbols = [c for c in text if not c.isspace() and c not in "\ufe0f\u200d"]
    return bool(symbols) and all(c in _HEARTS for c in symbols)


def compile_cues(cues: list[str], lang: str) -> re.Pattern[str] | None:
    """One pattern for a list of cues written as in cues.yaml (folded, whole words,
    " ... " gaps, trailing "*"), matched on ``normalize.matchable(text, lang)``."""
    body = _alternation(cues, lang)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])") if body else None
