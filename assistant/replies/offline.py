"""Offline replies: deterministic, grounded, varied — built from ``prompts/replies/offline.<lang>.j2``.

Each class has several phrasings per language; a group gets the one its key hashes to,
so 500 similar comments do not all receive the same sentence, and a rerun gives the same
reply. The reply quotes only a sentence of the approved statement or a fact of the brief
(``grounding.best_fact``); the comment's own text never enters the template.
"""

from __future__ import annotations

import hashlib
import re

from assistant.brief import IncidentBrief
from assistant.drafting.templates import render, sentence, tidy
from assistant.replies.grounding import Fact

_SEPARATOR = re.compile(r"\n[ \t]*---[ \t]*\n")


def phrasings(category: str, lang: str, brief: IncidentBrief, fact: Fact | None) -> list[str]:
    """Every phrasing of ``category`` in ``lang`` for this brief and fact."""
    text = render(
        f"replies/offline.{lang}.j2",
        category=category,
        fact=sentence(fact.text) if fact else None,
        fact_source=fact.source if fact else None,
        channel=brief.official_channels[0] if brief.official_channels else None,
        next_update=brief.next_update,
        contact=brief.contact,
        role=brief.speaker.role,
        speaker=brief.speaker.name,
    )
    return [tidy(" ".join(p.split())) for p in _SEPARATOR.split(text) if p.strip()]


def pick(options: list[str], seed: str) -> str:
    """The phrasing for ``seed`` (a group key): stable across runs and machines."""
    index = int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16) % len(options)
    return options[index]


def offline_reply(category: str, lang: str, brief: IncidentBrief, fact: Fact | None, seed: str) -> str:
    return pick(phrasings(category, lang, brief, fact), seed)
