"""Where a group of comments goes, and why — the triage rules of fan Q&A in one place:

1. a protected person named, or someone's identity asked about  -> lawyer, no reply;
2. a do-not-say topic                                           -> lawyer, no reply;
3. a legal threat                                               -> lawyer, no reply;
4. harm described (a reaction, a treatment) is never hidden     -> a reply with the support
   contact, for the PR lead to approve ("pr");
5. spam and harassment                                          -> hidden, with the reason;
6. everything else                                              -> a reply.

Protected names and the do-not-say list are read by the guardrails' brief-aware checks, so a
comment is judged by the same matcher as a statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict

from assistant.brief import IncidentBrief
from assistant.replies.asks import Asks, group_asks
from assistant.replies.models import Action
from guardrails.report import ScanReport
from guardrails.names import mentions_protected

Scan = Callable[[str, IncidentBrief, str], ScanReport]  # the service layer's scan (text, brief, language)

REASONS: tuple[str, ...] = ("protected_person", "person", "do_not_say", "legal_threat", "harm", "spam", "harassment")


class Route(BaseModel):
    model_config = ConfigDict(frozen=True)

    action: Action
    reason: str | None = None  # one of REASONS (None: an ordinary reply)
    asks: Asks = Asks()


def _brief_hits(texts: Iterable[str], brief: IncidentBrief, lang: str, scan: Scan) -> tuple[bool, bool]:
    """(a protected person is named — by the one matcher, ``guardrails.names`` —, a
    do-not-say topic is touched — by the brief-aware checks)."""
    texts = list(texts)
    protected = any(mentions_protected(t, brief.protected_names) for t in texts)
    dnsay = any(f.category == "do_not_say" for t in texts for f in scan(t, brief, lang).findings)
    return protected, dnsay


def route_group(category: str, texts: list[str], brief: IncidentBrief, lang: str, scan: Scan) -> Route:
    asks = group_asks(texts, default_lang=lang)
    protected, dnsay = _brief_hits(texts, brief, lang, scan)
    if protected:
        return Route(action="lawyer", reason="protected_person", asks=asks)
    if asks.person:
        return Route(action="lawyer", reason="person", asks=asks)
    if dnsay:
        return Route(action="lawyer", reason="do_not_say", asks=asks)
    if category == "legal_threat":
        return Route(action="lawyer", reason="legal_threat", asks=asks)
    if asks.harm:
        return Route(action="pr", reason="harm", asks=asks)
    if category in ("spam", "harassment"):
        return Route(action="hide", reason=category, asks=asks)
    return Route(action="reply", asks=asks)
