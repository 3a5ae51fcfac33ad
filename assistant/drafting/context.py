"""From a :class:`DraftRequest` to the variables the templates see.

Everything the offline drafter and the model prompt may say about the incident comes
from here, so the safety rules live in one place:

* a brief item that mentions a protected name or a do-not-say phrase is dropped whole
  (we emit nothing about it — not even that something was left out);
* dates are formatted from the brief only (27/11/2026 in vi, 27 November 2026 in en);
* the voice follows the speaker's declared self-reference and audience
  (:mod:`assistant.drafting.voice`), and items that name the speaker are re-told in it;
* every item is taken in the statement's language (its translation when the brief is in
  the other one); ``missing`` lists the items that have none (``field``, ``text``) — the
  offline drafter refuses to write then, the model translates them;
* the internal title and summary are given to the model as background only; the offline
  templates never use them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from assistant.brief import IncidentBrief
from assistant.drafting.request import DraftRequest
from guardrails.text import fold_plain
from assistant.drafting.templates import format_date, join_list, lower_first
from assistant.drafting.voice import first_person, voice
from guardrails.claims import title_asserts
from guardrails.names import mentions_protected

# Words in an action that mean a campaign or promotion has been paused.
_PAUSE_WORDS = ("dừng", "ngừng", "tạm ngưng", "gỡ", "rút", "pause", "paused", "suspend", "suspended",
                "halt", "halted", "stop", "stopped", "withdrew", "withdrawn", "pulled", "removed")
_COMMON_CAPITALS = {"The", "A", "An", "Our", "My", "All", "Những", "Các", "Khách", "Người"}
# A text made only of addresses, handles, numbers reads the same in every language.
_NEUTRAL = re.compile(r"(?:[\w.+-]+@[\w.-]+|@[\w.]+|(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?|[\d\s+().-]+)")


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in fold_plain(phrase).split()]
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
                      tuple(_pattern(p) for p in phrases if fold_plain(p).strip()))


def is_restricted(text: str | None, patterns: Restricted) -> bool:
    """True when ``text`` mentions a protected person or a do-not-say phrase, whatever the
    case, diacritics (with or without) or Unicode form."""
    if not text:
        return False
    if mentions_protected(text, patterns.names):
        return True
    folded = _folded(text)
    return any(p.search(folded) for p in patterns.patterns)


_folded = functools.lru_cache(maxsize=8192)(fold_plain)  # the same items, draft after draft


def _nfc(text: str | None) -> str | None:
    """NFC, and one line: a brief item typed over several lines becomes one sentence."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip() if text else text


def _seen_in(text: str, previous_folded: list[str]) -> bool:
    core = fold_plain(text).strip().rstrip(".").strip()
    return any(core in prev for prev in previous_folded)


def is_neutral(text: str) -> bool:
    """True for a text that needs no translation: an address, a handle, a URL, a number."""
    return all(_NEUTRAL.fullmatch(word) for word in text.split())


class _Localizer:
    """Brief items in the statement's language; remembers the ones without a translation."""

    def __init__(self, brief: IncidentBrief, lang: str, patterns: list[re.Pattern[str]]):
        self.brief, self.lang, self.patterns = brief, lang, patterns
        self.missing: list[tuple[str, str]] = []

    def one(self, text: str | None, field: str, name: bool = False) -> str | None:
        """``name=True``: a name or an address (contact, organisation), used as it is when
        it has no translation."""
        if not text or is_restricted(text, self.patterns):
            return None
        local = self.brief.text_in(text, self.lang)
        if local is None:
            if not (name or is_neutral(text)):
                self.missing.append((field, _nfc(text)))
            local = text
        return None if is_restricted(local, self.patterns) else _nfc(local)

    def many(self, items: list[str], field: str) -> list[str]:
        out = [self.one(item, f"{field}[{i}]") for i, item in enumerate(items)]
        return [o for o in out if o]


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
    local = _Localizer(brief, lang, patterns)
    p = voice(brief, lang)
    name, role = _nfc(brief.speaker.name), brief.speaker.role

    def told(items: list[str]) -> list[str]:  # re-told in the speaker's voice
        return [first_person(i, name, role, lang, p) for i in items]

    # the title is internal: one that asserts a cause is never quoted (guardrails.claims)
    title = None if is_restricted(brief.incident.title, patterns) or title_asserts(brief.incident.title) \
        else _nfc(brief.incident.title)
    summary = None if is_restricted(brief.incident.summary, patterns) else _nfc(brief.incident.summary)
    account = local.one(brief.incident.account, "incident.account")

    planned = []
    for i, item in enumerate(brief.actions_planned):
        action = local.one(item.action, f"actions_planned[{i}].action")
        if action:
            planned.append({"action": first_person(action, name, role, lang, p),
                            "due": format_date(item.due, lang) if item.due else "",
                            # "ngày 27/11/2026" / "09:30 ngày 27/11/2026"; "27 November 2026"
                            "due_phrase": _due_phrase(item.due, lang)})
    facts = told(local.many(brief.confirmed_facts, "confirmed_facts"))
    done = told(local.many(brief.actions_taken, "actions_taken"))
    previous_folded = [fold_plain(t) for t in request.previous]
    new_facts = [f for f in facts if not _seen_in(f, previous_folded)] if request.previous else []
    new_done = [a for a in done if not _seen_in(a, previous_folded)] if request.previous else []

    def safe(value: str | None) -> str | None:
        return None if is_restricted(value, patterns) else _nfc(value)

    affected = told(local.many(brief.affected_parties, "affected_parties"))
    channels = local.many(brief.official_channels, "official_channels")
    # Words that are names in this brief keep their capital when a list is embedded.
    proper = {w for text in (brief.speaker.name, brief.incident.title, *channels, *brief.official_channels)
              for w in re.findall(r"\w+", text) if w[:1].isupper()} - _COMMON_CAPITALS

    def embedded(item: str) -> str:  # "Nguyên nhân…" -> "nguyên nhân…", but "Linh…" stays
        first = re.match(r"\w+", item)
        return item if first and first.group(0) in proper else lower_first(item)

    affected_text = join_list([embedded(a) for a in affected], lang)
    checking = told(local.many(brief.under_investigation, "under_investigation"))

    actions_text = " ".join(done).lower()
    paused = any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", actions_text) for w in _PAUSE_WORDS)

    pr = brief.pr_contact
    pr_contact = None
    if pr is not None and not is_restricted(pr.name, patterns):
        pr_contact = {"name": _nfc(pr.name), "email": safe(pr.email), "phone": safe(pr.phone),
                      "organisation": local.one(pr.organisation, "pr_contact.organisation", name=True),
                      "city": local.one(pr.city, "pr_contact.city")}
    about = local.one(brief.speaker.about, "speaker.about")
    next_update = local.one(brief.next_update, "next_update")
    contact = local.one(brief.contact, "contact", name=True)

    return {
        "lang": lang,
        "brief_language": brief.language,
        "kind": request.kind,
        "channel": request.channel,
        "fault": brief.fault,
        "scenario": brief.incident.scenario,
        "role": role,
        "speaker_name": name,
        "handle": safe(brief.speaker.handle),
        "voice_note": safe(brief.speaker.voice),
        "p": p,
        "title": title,  # internal: for the model's background only
        "summary": summary,  # internal: for the model's background only
        "account": first_person(account, name, role, lang, p) if account else None,
        "about": about,
        "pr_contact": pr_contact,
        "facts": facts,
        "checking": checking,
        "checking_inline": [embedded(i) for i in checking],
        "affected": affected,
        "affected_text": affected_text,
        "done": done,
        "planned": planned,
        "next_update": next_update,
        "channels": channels,
        "contact": contact,
        "paused": paused,
        "update_number": request.update_number,
        "has_previous": bool(request.previous),
        "new_facts": new_facts,
        "new_done": new_done,
        # what an update repeats from earlier statements ("still stands")
        "old_facts": [f for f in facts if f not in new_facts],
        "old_done": [a for a in done if a not in new_done],
        "statement_date": format_date(request.statement_date, lang) if request.statement_date else "",
        # a press release's dateline: the statement date, else the day it is drafted
        "dateline_date": format_date(request.statement_date or dt.date.today(), lang),
        "missing": local.missing,
    }
