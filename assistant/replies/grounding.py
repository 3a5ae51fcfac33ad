"""What a reply may say: the approved statement's sentences and the brief's facts.

``knowledge(brief, statement)`` lists the sentences a reply may quote (statement sentences
and confirmed facts, stated as fact; actions taken and planned; items under investigation,
only as "still being checked"), for the model's prompt. Items naming a protected person or
touching a do-not-say topic are never quotable. The offline reply is composed in
``compose.py`` from what a comment asks.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.brief import IncidentBrief
from guardrails.names import mentions_protected
from guardrails.text import detect_language, fold_plain, sentences

Source = Literal["statement", "confirmed_fact", "action_taken", "action_planned", "under_investigation"]

class Fact(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    source: Source
    language: Literal["vi", "en"]


def statement_sha256(statement: str) -> str:
    """The approved statement's identity (NFC, trimmed): replies are stored under it."""
    return hashlib.sha256(unicodedata.normalize("NFC", statement.strip()).encode("utf-8")).hexdigest()


def _quotable(text: str, brief: IncidentBrief) -> bool:
    if mentions_protected(text, brief.protected_names):
        return False
    folded = fold_plain(text)
    banned = [p for item in brief.do_not_say for p in item.phrases]
    return not any(fold_plain(b) in folded for b in banned if b.strip())


def knowledge(brief: IncidentBrief, statement: str = "") -> list[Fact]:
    """Everything a reply may draw on, statement sentences first."""
    out: list[Fact] = []
    seen: set[str] = set()

    def add(text: str, source: Source, lang: str) -> None:
        key = fold_plain(text).strip(" .")
        if text.strip() and key not in seen and _quotable(text, brief):
            seen.add(key)
            out.append(Fact(text=text.strip(), source=source, language=lang))

    if statement.strip():
        # per sentence: a statement posted in both languages answers both audiences
        overall = detect_language(statement, default=brief.language)
        for start, end in sentences(statement):
            sentence = statement[start:end]
            add(sentence, "statement", detect_language(sentence, default=overall))
    for fact in brief.confirmed_facts:
        add(fact, "confirmed_fact", brief.language)
    for action in brief.actions_taken:
        add(action, "action_taken", brief.language)
    for planned in brief.actions_planned:
        add(planned.action, "action_planned", brief.language)
    for item in brief.under_investigation:
        add(item, "under_investigation", brief.language)
    return out
