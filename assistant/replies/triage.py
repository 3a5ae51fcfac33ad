"""Offline triage: which class a fan comment belongs to, from cue lists in ``cues.yaml``.

Cues are matched as whole words on the folded, teencode-expanded text (see
``normalize.matchable``), so diacritics, NFC/NFD and chat spelling do not matter. The
decision order puts what must never get an automatic reply first: a legal threat goes to
the lawyer even when it also insults.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.replies.models import CATEGORIES, Triage
from assistant.replies.normalize import comment_language, matchable
from guardrails.text import fold_plain

CUES_PATH = Path(__file__).with_name("cues.yaml")
_URL = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|biz|xyz|ly|me|vn|io)\b/?", re.I)
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)\d{2,3}[\dx .-]{5,}", re.I)  # an advertised number


class _Cues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    classes: dict[str, dict[str, list[str]]]


@lru_cache(maxsize=1)
def _compiled() -> dict[str, dict[str, tuple[re.Pattern[str] | None, list[tuple[str, re.Pattern[str]]]]]]:
    data = _Cues.model_validate(yaml.load(CUES_PATH.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))  # noqa: S506
    unknown = set(data.classes) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"{CUES_PATH.name}: unknown classes {sorted(unknown)}")
    out: dict[str, dict[str, tuple]] = {}
    for category, by_lang in data.classes.items():
        out[category] = {}
        for lang, cues in by_lang.items():
            pats, bodies = [], []
            for cue in cues:
                star = cue.endswith("*")
                body = " ".join(re.split(r"[^a-z0-9]+", fold_plain(cue.rstrip("*")))).strip()
                rx = re.escape(body) + (r"[a-z0-9]*" if star else "")
                bodies.append(rx)
                pats.append((cue, re.compile(r"(?<![a-z0-9])" + rx + r"(?![a-z0-9])")))
            # one combined pattern first: most comments match no cue of most classes
            any_cue = re.compile(r"(?<![a-z0-9])(?:" + "|".join(bodies) + r")(?![a-z0-9])") if bodies else None
            out[category][lang] = (any_cue, pats)
    return out


def _hits(category: str, text_by_lang: dict[str, str]) -> list[str]:
    found = []
    for lang, text in text_by_lang.items():
        any_cue, pats = _compiled().get(category, {}).get(lang, (None, ()))
        if any_cue is None or not any_cue.search(text):
            continue
        found.extend(cue for cue, rx in pats if rx.search(text))
    return found


@lru_cache(maxsize=65536)
def triage(text: str, default_lang: str = "vi") -> Triage:
    """Classify one comment offline (deterministic, no network; repeated texts are
    remembered — fans paste the same comment many times)."""
    lang = comment_language(text, default=default_lang)
    # Vietnamese comments mix in English ("unfollow", "sale", "link bio"): read both lists.
    views = {lang: matchable(text, lang)}
    if lang == "vi":
        views["en"] = matchable(text, "en")
    hits = {c: _hits(c, views) for c in CATEGORIES}
    if _URL.search(text):
        hits["spam"].append("(link)")
    if _PHONE.search(text):
        hits["spam"].append("(phone)")
    for category in ("legal_threat", "harassment", "spam", "rumor"):
        if hits[category]:
            return Triage(category=category, language=lang, cues=tuple(hits[category]))
    asks = "?" in text or "？" in text
    if not asks:
        # a lone question word mid-sentence ("this is how you handle it") is not a question:
        # without "?", a one-word cue counts only when the comment opens with it
        opening = {v.split(" ", 1)[0] for v in views.values() if v}
        hits["question"] = [c for c in hits["question"] if " " in c.strip() or c.rstrip("*") in opening]
    q = len(hits["question"]) + (1 if asks else 0)
    crit, sup = len(hits["criticism"]), len(hits["support"])
    if q and q > crit and q >= sup:
        return Triage(category="question", language=lang, cues=tuple(hits["question"]) or ("?",))
    if crit and crit >= sup:
        return Triage(category="criticism", language=lang, cues=tuple(hits["criticism"]))
    if sup:
        return Triage(category="support", language=lang, cues=tuple(hits["support"]))
    if _only_hearts(text):
        return Triage(category="support", language=lang, cues=("(hearts)",))
    return Triage(category="other", language=lang)


_HEARTS = set("❤♥💕💖💗💓💞💘💝🥰😍🤗🙏💪👍🫶")


def _only_hearts(text: str) -> bool:
    symbols = [c for c in text if not c.isspace() and c not in "\ufe0f\u200d"]
    return bool(symbols) and all(c in _HEARTS for c in symbols)
