"""The speaker's voice: how they refer to themselves and to the audience, and what
happened re-told from their side.

* ``voice(brief, lang)`` -> the pronoun set the templates use (``p.I``, ``p.I_cap``,
  ``p.you``…), from ``speaker.self_reference`` / ``speaker.audience`` (in that language,
  or derived: "em"/"Ngọc"/"mình" are "I" in English, "chúng tôi" is "we"); an old brief
  without them falls back to its free-text voice (``xưng "em"``) and the speaker's role.
* ``first_person(text, ...)`` re-tells a brief item that names the speaker ("trên kênh
  của Bảo Ngọc", "on Maya's channel") in the speaker's own voice ("trên kênh của em",
  "on my channel"). Channel names, addresses and handles are never rewritten.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.brief import IncidentBrief
from guardrails.text import fold_plain

VI_PLURAL = ("chúng tôi", "chúng mình", "chúng em", "tụi mình", "bọn mình", "chúng ta")
_CASUAL = ("minh", "than mat", "gan gui", "casual", "friendly", "than thien")
_FORMAL = ("trang trong", "formal", "chuyen nghiep", "professional")
# 'xưng "em"', "xưng em", "xưng là Ngọc" in an old brief's free-text voice
_XUNG = re.compile(r"x(?:ư|u)ng(?:\s+l(?:à|a))?\s+[\"“'‘]?([^\"”'’,;.]+?)[\"”'’]?(?=[,;.]|\s+(?:g(?:ọ|o)i|v(?:ớ|o)i)|$)",
                   re.IGNORECASE)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _declared_vi(brief: IncidentBrief) -> str | None:
    speaker = brief.speaker
    if speaker.self_reference:
        own = brief.text_in(speaker.self_reference, "vi")
        if own:
            return own
        if brief.language == "en":  # an English "we"/"I" without a Vietnamese form
            return "chúng tôi" if speaker.self_reference.lower() == "we" else None
    m = _XUNG.search(speaker.voice or "")
    return m.group(1).strip() if m else None


def voice(brief: IncidentBrief, lang: str) -> dict[str, Any]:
    """The pronouns of ``brief``'s speaker in ``lang`` (see the module docstring)."""
    role = brief.speaker.role
    note = fold_plain(brief.speaker.voice or "")
    formal = role != "kol" or any(w in note for w in _FORMAL)
    own_vi = _declared_vi(brief)
    if own_vi is None:
        casual = any(w in note for w in _CASUAL)
        own_vi = "chúng tôi" if role != "kol" else ("mình" if casual and not formal else "tôi")
    plural = own_vi.lower() in VI_PLURAL
    if lang == "vi":
        you = brief.text_in(brief.speaker.audience, "vi") if brief.speaker.audience else None
        you = you or ("quý vị" if formal and role != "kol" else "mọi người")
        return {"I": own_vi, "I_cap": _cap(own_vi), "we": plural, "formal": formal,
                "you": you, "You": _cap(you), "name_self": own_vi[:1].isupper()}
    own_en = brief.text_in(brief.speaker.self_reference, "en") if brief.speaker.self_reference else None
    we = own_en.lower() == "we" if own_en and own_en.lower() in ("i", "we") else plural
    you = (brief.text_in(brief.speaker.audience, "en") if brief.speaker.audience else None) or "everyone"
    base = {"we": we, "formal": formal, "you": you, "You": _cap(you), "name_self": False}
    if not we:
        return {**base, "I": "I", "I_cap": "I", "me": "me", "my": "my", "My": "My", "am": "am", "was": "was"}
    return {**base, "I": "we", "I_cap": "We", "me": "us", "my": "our", "My": "Our", "am": "are", "was": "were"}


def _name_forms(name: str, role: str) -> list[str]:
    forms = [name]
    words = name.split()
    if role == "kol" and len(words) > 1:
        forms += [w for w in (words[0], words[-1]) if len(w) >= 3]
    return forms


_EN_AGREE = (("I has", "I have"), ("I is", "I am"), ("we has", "we have"), ("we is", "we are"),
             ("we was", "we were"), ("We has", "We have"), ("We is", "We are"), ("We was", "We were"))
_EN_OBJECT = r"\b(?:to|with|for|about|from|by|at|on|of|asked|told|contacted|messaged|thanked) "


def _replace_name(text: str, form: str, pattern: str, by: str | None, after_prefix: str = "") -> str:
    """Replace ``form`` matched by ``pattern``, except when the next word is capitalised:
    then it is part of another name ("Linh" in "Linh Chi", "Bảo Ngọc Beauty")."""

    def swap(m: re.Match[str]) -> str:
        after = re.match(r"\s+(\w)", text[m.end():])
        if after and after.group(1).isupper():
            return m.group(0)
        return m.group(1) + after_prefix if by is None else by

    return re.sub(pattern, swap, text)


def first_person(text: str, name: str, role: str, lang: str, p: dict[str, Any]) -> str:
    """``text`` with the speaker's name turned into the speaker's own voice."""
    forms = [f for f in _name_forms(name, role) if f in text] if text and name else []
    if not forms:  # most items never name the speaker
        return text
    out = text
    for form in forms:
        word = re.escape(form) + r"(?!\w|[@.]\w)"
        if lang == "en":
            out = _replace_name(out, form, r"(?<![\w@.])" + re.escape(form) + r"['’]s\b", p["my"])
            out = _replace_name(out, form, r"(" + _EN_OBJECT + r")" + word, None, p["me"])
        out = _replace_name(out, form, r"(?<![\w@.])" + word, p["I"])
    if lang == "en":
        for wrong, right in _EN_AGREE:
            out = re.sub(r"\b" + wrong + r"\b", right, out)
    return _cap(out) if text[:1].isupper() else out
