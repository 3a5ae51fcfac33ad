"""From a :class:`DraftRequest` to the variables the templates see.

Everything the offline drafter and the model prompt may say about the incident comes
from here, so the safety rules live in one place:

* a brief item that mentions a protected name or a do-not-say phrase is dropped whole
  (we emit nothing about it — not even that something was left out);
* dates are formatted from the brief only (27/11/2026 in vi, 27 November 2026 in en);
* the voice (tôi / mình / chúng tôi, I / we) follows the speaker's role.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from assistant.brief import IncidentBrief
from assistant.drafting.request import DraftRequest, fold_for_matching
from assistant.drafting.templates import format_date, join_list, lower_first
from guardrails.claims import title_asserts
from guardrails.names import mentions_protected

# Words in an action that mean a campaign or promotion has been paused.
_PAUSE_WORDS = ("dừng", "ngừng", "tạm ngưng", "gỡ", "rút", "pause", "paused", "suspend", "suspended",
                "halt", "halted", "stop", "stopped", "withdrew", "withdrawn", "pulled", "removed")
_COMMON_CAPITALS = {"The", "A", "An", "Our", "My", "All", "Những", "Các", "Khách", "Người"}
_CASUAL_VOICE = ("minh", "than mat", "gan gui", "casual", "friendly", "than thien")
_FORMAL_VOICE = ("trang trong", "formal", "chuyen nghiep", "professional")


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in fold_for_matching(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


@dataclass(frozen=True)
class Restricted:
    """What a brief item must not mention: a protected person (in any form, see
    ``guardrails.names``) or a do-not-say phrase (its topic or an alias)."""

    names: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


def restricted_patterns(brief: IncidentBrief) -> Restricted:
    phrases = [p for item in brief.do_not_say for p in item.phrases]
    return Restricted(tuple(brief.protected_names),
                      tuple(_pattern(p) for p in phrases if fold_for_matching(p).strip()))


def is_restricted(text: str | None, patterns: Restricted) -> bool:
    """True when ``text`` mentions a protected person or a do-not-say phrase, whatever the
    case, diacritics (with or without) or Unicode form."""
    if not text:
        return False
    if mentions_protected(text, patterns.names):
        return True
    folded = fold_for_matching(text)
    return any(p.search(folded) for p in patterns.patterns)


def _nfc(text: str | None) -> str | None:
    """NFC, and one line: a brief item typed over several lines becomes one sentence."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip() if text else text


def _keep(items: list[str], patterns: Restricted) -> list[str]:
    return [_nfc(i) for i in items if not is_restricted(i, patterns)]


def _seen_in(text: str, previous_folded: list[str]) -> bool:
    core = fold_for_matching(text).strip().rstrip(".").strip()
    return any(core in prev for prev in previous_folded)


def _voice(brief: IncidentBrief, lang: str) -> dict[str, Any]:
    role = brief.speaker.role
    voice = fold_for_matching(brief.speaker.voice or "")
    casual = any(w in voice for w in _CASUAL_VOICE)
    formal = role != "kol" or any(w in voice for w in _FORMAL_VOICE)
    if lang == "vi":
        if role == "kol":
            me = "mình" if casual and not formal else "tôi"
        else:
            me = "chúng tôi"
        return {"I": me, "I_cap": me[0].upper() + me[1:], "we": role != "kol", "formal": formal}
    if role == "kol":
        return {"I": "I", "I_cap": "I", "me": "me", "my": "my", "My": "My", "am": "am", "was": "was",
                "we": False, "formal": formal}
    return {"I": "we", "I_cap": "We", "me": "us", "my": "our", "My": "Our", "am": "are", "was": "were",
            "we": True, "formal": formal}


def _due_phrase(due, lang: str) -> str:
    if not due:
        return ""
    text = format_date(due, lang)
    if lang == "vi" and not isinstance(due, dt.datetime):
        return f"ngày {text}"
    return text


def build_context(request: DraftRequest) -> dict[str, Any]:
    """All template variables for ``request`` (offline bodies, channel wrappers, prompts)."""
    brief = request.brief
    lang = request.language
    patterns = restricted_patterns(brief)

    # the title is internal: one that asserts a cause is never quoted (guardrails.claims)
    title = None if is_restricted(brief.incident.title, patterns) or title_asserts(brief.incident.title) \
        else _nfc(brief.incident.title)
    summary = None if is_restricted(brief.incident.summary, patterns) else _nfc(brief.incident.summary)

    planned = [
        {"action": _nfc(p.action), "due": format_date(p.due, lang) if p.due else "",
         # "ngày 27/11/2026" / "09:30 ngày 27/11/2026"; "27 November 2026"
         "due_phrase": _due_phrase(p.due, lang)}
        for p in brief.actions_planned
        if not is_restricted(p.action, patterns)
    ]
    facts = _keep(brief.confirmed_facts, patterns)
    done = _keep(brief.actions_taken, patterns)
    previous_folded = [fold_for_matching(t) for t in request.previous]
    new_facts = [f for f in facts if not _seen_in(f, previous_folded)] if request.previous else []
    new_done = [a for a in done if not _seen_in(a, previous_folded)] if request.previous else []

    def safe(value: str | None) -> str | None:
        return None if is_restricted(value, patterns) else _nfc(value)

    affected = _keep(brief.affected_parties, patterns)
    # Words that are names in this brief keep their capital when a list is embedded.
    proper = {w for text in (brief.speaker.name, brief.incident.title, *brief.official_channels)
              for w in re.findall(r"\w+", text) if w[:1].isupper()} - _COMMON_CAPITALS

    def embedded(item: str) -> str:  # "Nguyên nhân…" -> "nguyên nhân…", but "Linh…" stays
        first = re.match(r"\w+", item)
        return item if first and first.group(0) in proper else lower_first(item)

    affected_text = join_list([embedded(a) for a in affected], lang)
    checking = _keep(brief.under_investigation, patterns)

    actions_text = " ".join(done).lower()
    paused = any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", actions_text) for w in _PAUSE_WORDS)

    return {
        "lang": lang,
        "kind": request.kind,
        "channel": request.channel,
        "fault": brief.fault,
        "scenario": brief.incident.scenario,
        "role": brief.speaker.role,
        "speaker_name": _nfc(brief.speaker.name),
        "handle": safe(brief.speaker.handle),
        "voice_note": safe(brief.speaker.voice),
        "p": _voice(brief, lang),
        "title": title,
        "summary": summary,
        "facts": facts,
        "checking": checking,
        "checking_inline": [embedded(i) for i in checking],
        "affected": affected,
        "affected_text": affected_text,
        "done": done,
        "planned": planned,
        "next_update": safe(brief.next_update),
        "channels": _keep(brief.official_channels, patterns),
        "contact": safe(brief.contact),
        "paused": paused,
        "update_number": request.update_number,
        "has_previous": bool(request.previous),
        "new_facts": new_facts,
        "new_done": new_done,
        # what an update repeats from earlier statements ("still stands")
        "old_facts": [f for f in facts if f not in new_facts],
        "old_done": [a for a in done if a not in new_done],
        "statement_date": format_date(request.statement_date, lang) if request.statement_date else "",
    }
