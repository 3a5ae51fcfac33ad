"""The offline reply to what a comment asks, composed from the approved statement and the
brief (``prompts/replies/answer.<lang>.j2``). Only confirmed facts are stated as fact; an
open item is said to be open, with the date by which it will be answered; a lot that was
asked about is answered, and only that one; the update time and the contact come once; the
statement's voice (how it refers to itself) is kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter

from assistant.brief import IncidentBrief
from assistant.drafting.templates import render, sentence, tidy
from assistant.replies.asks import Asks, codes_in, mentions
from assistant.timeline import parse_next_update
from guardrails.text import detect_language, sentences

_SELF = re.compile(r"^(Chúng tôi|Chúng mình|Mình|Tôi|Em|We|I)\b")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _statement_sentences(statement: str, lang: str) -> list[str]:
    overall = detect_language(statement, default=lang) if statement.strip() else lang
    return [statement[a:b].strip() for a, b in sentences(statement)
            if detect_language(statement[a:b], default=overall) == lang]


def voice(brief: IncidentBrief, statement: str, lang: str) -> str:
    """How the statement refers to its speaker ("mình", "tôi", "chúng tôi", "I", "we")."""
    found = Counter(m.group(1) for s in _statement_sentences(statement, lang) if (m := _SELF.match(s)))
    if found:
        word = found.most_common(1)[0][0]
        return word if word == "I" else word.lower()
    if lang == "en":
        return "I" if brief.speaker.role == "kol" else "we"
    return "mình" if brief.speaker.role == "kol" else "chúng tôi"


def _date(value: dt.date | dt.datetime, lang: str) -> str:
    return f"{value:%d/%m/%Y}" if lang == "vi" else f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _results_due(brief: IncidentBrief) -> dt.date | dt.datetime | None:
    """When the open items will be answered: the first planned action about results/tests."""
    dated = [p for p in brief.actions_planned if p.due is not None]
    for p in dated:
        if mentions(p.action, "next_update", brief.language) or mentions(p.action, "safety", brief.language):
            return p.due
    return None


def _next_update(brief: IncidentBrief, lang: str) -> str | None:
    if not brief.next_update:
        return None
    when = parse_next_update(brief.next_update)
    if lang == "vi":
        return "lúc " + brief.next_update.strip() if when is None or brief.language == "vi" else f"lúc {when:%H:%M} ngày {when:%d/%m/%Y}"
    if when is None:
        return brief.next_update.strip() if brief.language == "en" else None
    return f"at {when:%H:%M} on {_date(when, 'en')}"


class _Knowledge:
    def __init__(self, brief: IncidentBrief, statement: str, lang: str):
        self.brief, self.lang = brief, lang
        self.sentences = _statement_sentences(statement, lang) if lang == brief.language or statement.strip() else []
        confirmed = " ".join(brief.confirmed_facts + brief.actions_taken)
        self.affected = codes_in(confirmed)
        self.checking = tuple(c for c in codes_in(" ".join(brief.under_investigation)) if c not in self.affected)

    def facts(self) -> list[str]:
        b = self.brief
        return b.confirmed_facts + b.under_investigation + b.actions_taken if self.lang == b.language else []

    def quote(self, name: str, asked_codes: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> str | None:
        """The first statement sentence about ``name`` that names no lot but those asked."""
        for s in self.sentences:
            if s in exclude or not mentions(s, name, self.lang):
                continue
            named = set(codes_in(s))
            if asked_codes and not named <= set(asked_codes):
                continue
            if not asked_codes and named - set(self.affected):
                continue
            return sentence(s)
        return None

    def with_code(self, code: str) -> str | None:
        for s in self.sentences:
            if code in codes_in(s) and set(codes_in(s)) <= {code}:
                return sentence(s)
        if self.lang == self.brief.language:
            for fact in self.brief.confirmed_facts + self.brief.under_investigation:
                if code in codes_in(fact) and set(codes_in(fact)) <= {code}:
                    return sentence(fact)
        return None


def _lot_lines(k: _Knowledge, asks: Asks, lang: str, we: str) -> tuple[list[str], bool]:
    """(sentences, unknown lot asked?)"""
    if "lot" not in asks.items:
        return [], False
    lines, unknown = [], False
    for code in asks.codes or ():
        quoted = k.with_code(code)
        if code in k.affected:
            lines.append(quoted or (f"Lô {code} là lô bị ảnh hưởng." if lang == "vi" else f"Lot {code} is the affected lot."))
        elif code in k.checking:
            when = f" {'trước ngày' if lang == 'vi' else 'by'} {_date(due, lang)}" if (due := _results_due(k.brief)) else ""
            lines.append(quoted if quoted and lang == "vi" else
                         (f"Việc lô {code} có bị ảnh hưởng hay không vẫn đang được kiểm tra; kết quả sẽ có{when}." if lang == "vi"
                          else f"Whether lot {code} is affected is still being checked; the results are due{when}."))
        else:
            unknown = True
            lines.append(f"Hiện {we} chưa có thông tin xác nhận nào về lô {code}." if lang == "vi"
                         else f"{we.capitalize() if we != 'I' else 'I'} have no confirmed information about lot {code}.")
    if not asks.codes and k.affected:
        quoted = next((k.with_code(c) for c in k.affected if k.with_code(c)), None)
        lines.append(quoted if quoted and lang == "vi" else
                     (f"Lô bị ảnh hưởng là {', '.join(k.affected)}." if lang == "vi" else f"The affected lot is {', '.join(k.affected)}."))
    return lines, unknown


def compose_reply(brief: IncidentBrief, statement: str, lang: str, category: str, asks: Asks, harm: bool,
                  seed: str = "") -> tuple[str, str | None]:
    """The reply text (never empty) for a group that is answered; ``seed`` (the group key)
    picks one of the phrasings, the same on every run, so 500 similar comments do not all
    get the same sentence. Returns (text, the first statement sentence or brief item quoted)."""
    k = _Knowledge(brief, statement, lang)
    we = voice(brief, statement, lang)
    We = we if we == "I" else we[0].upper() + we[1:]
    asked_codes = asks.codes if "lot" in asks.items else ()
    lot_lines, unknown_lot = _lot_lines(k, asks, lang, we)
    other_lot_asked = bool(asked_codes) and not set(asked_codes) <= set(k.affected)
    refund_line = safety_line = advice_line = None
    if "refund" in asks.items:
        if lang == "vi" and not other_lot_asked:
            refund_line = k.quote("refund", asked_codes, exclude=tuple(lot_lines))
        if refund_line is None and any(mentions(f, "refund", brief.language) for f in brief.confirmed_facts + brief.actions_taken
                                       + [p.action for p in brief.actions_planned]):
            refund_line = ("Về hoàn tiền, điều kiện đã được nêu trong thông báo chính thức." if lang == "vi"
                           else f"For refunds, the conditions are set out in {'my' if we == 'I' else 'our'} official statement.")
        elif refund_line is None:
            refund_line = (f"Hiện {we} chưa có thông tin được xác nhận về việc hoàn tiền." if lang == "vi"
                           else "There is no confirmed information about refunds yet.")
    due = _results_due(brief)
    if "safety" in asks.items or ("next_update" in asks.items and due is not None):
        if lang == "vi":
            safety_line = k.quote("safety", asked_codes, exclude=tuple(lot_lines))
        if safety_line is None and brief.under_investigation:
            when = f" {'trước ngày' if lang == 'vi' else 'by'} {_date(due, lang)}" if due else ""
            safety_line = (f"{brief.under_investigation[0].rstrip('.')} vẫn đang được kiểm tra; kết quả sẽ có{when}."
                           if lang == "vi" and brief.language == "vi"
                           else f"The cause is still being checked, and the results will be published{when}.")
    if harm and lang == "vi":  # the statement's own advice to someone with a reaction, with its contact
        advice_line = next((sentence(s) for s in k.sentences if mentions(s, "harm", lang) and mentions(s, "advice", lang)), None)
    parts = " ".join(x for x in [*lot_lines, refund_line, safety_line, advice_line] if x)
    tokens = re.findall(r"[\w.+-]+@[\w.-]+|\+?\d[\d .]{5,}\d", brief.contact or "")
    # an English reply to a Vietnamese brief names the phone numbers and e-mails, not the Vietnamese words around them
    contact = (brief.contact or "") if lang == brief.language or not tokens else " or ".join(tokens)
    said_contact = bool(contact) and any(tok in parts for tok in tokens or [contact])
    contact_line = None
    if contact and not said_contact:
        contact_line = "harm" if harm else ("lot" if unknown_lot else ("ask" if asks.items & {"send_info", "refund"} else None))
    update = _next_update(brief, lang)
    asked_anything = bool(asks.items)
    update_line = update if update and ("next_update" in asks.items or (not asked_anything and not harm)) else None
    channel = brief.official_channels[0] if brief.official_channels else None
    variant = int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16) % 6
    text = render(f"replies/answer.{lang}.j2", we=we, We=We, variant=variant, opener="harm" if harm else category, lot_lines=lot_lines,
                  refund_line=refund_line, safety_line=safety_line, advice_line=advice_line, contact=contact,
                  contact_line=contact_line, update_line=update_line, channel=channel,
                  channel_line=category == "rumor" and not update_line, thanks_line=False)
    quoted = [x for x in (*lot_lines, refund_line, safety_line, advice_line)
              if x and (x in k.sentences or x.rstrip(".") in k.sentences or any(x == sentence(f) for f in k.facts()))]
    return tidy(" ".join(text.split())), (quoted[0] if quoted else None)
