"""What a reply may say: the approved statement's sentences and the brief's facts.

``knowledge(brief, statement)`` lists the sentences a reply may quote (statement sentences
and confirmed facts, stated as fact; actions taken and planned; items under investigation,
only as "still being checked"). ``best_fact(words, lang, facts)`` picks the one a group of
comments asks about, by folded word overlap. Items naming a protected person or touching a
do-not-say topic are never quotable.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.brief import IncidentBrief
from assistant.replies.normalize import lexicon, words
from guardrails.names import mentions_protected
from guardrails.text import detect_language, fold_plain, sentences

Source = Literal["statement", "confirmed_fact", "action_taken", "action_planned", "under_investigation"]

# Words too common to show that a comment and a fact talk about the same thing.
_COMMON = {
    "vi": set("""khong co duoc la va cua cho nguoi mot voi nay ve trong da se thi ma nen de em anh chi
              toi minh ban chung cac nhung khi nao gi sao dau bao gio roi a oi nhe nha vay the do bi
              hay lam rat qua con cung tu den tai sau truoc hon nua ai ha thuoc""".split()),
    "en": set("""the and to of we i you is are was were will not for this that with our my your it be
              have has had on in at by from they he she an as but or all any no can would should been
              about what when who which there here us me them do does did how where why is am a""".split()),
}


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


def content_words(text: str, lang: str) -> set[str]:
    drop = _COMMON.get(lang, set()) | set(lexicon().fillers.get(lang, ()))
    return {w for w in words(text, lang) if w not in drop and (len(w) > 1 or w.isdigit())}


def best_fact(texts: list[str], lang: str, facts: list[Fact]) -> Fact | None:
    """The fact (in ``lang``) sharing most content words with the comments: at least two
    words, or one word with a digit ("SR-12", "1025"). ``None`` when nothing matches."""
    asked: set[str] = set()
    for t in texts:
        asked |= content_words(t, lang)
    if not asked:
        return None
    best, best_score = None, 0.0
    for fact in facts:
        if fact.language != lang:
            continue
        shared = asked & content_words(fact.text, lang)
        score = sum(2.0 if any(c.isdigit() for c in w) else 1.0 for w in shared)
        if fact.source == "statement":
            score += 0.25 if shared else 0.0  # the approved wording first, on a tie
        if score > best_score:
            best, best_score = fact, score
    return best if best_score >= 2.0 else None
