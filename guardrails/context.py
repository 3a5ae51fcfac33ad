"""Context around a rule match: is it negated or hedged, is it someone else's words?

"we will not speculate", "chúng tôi không cáo buộc ai", "we cannot yet promise a date",
"some comments claim that …", or a quotation of what others said are not the writer's own
risky statement, so they carry no finding. All checks work on the folded sentence.
"""

from __future__ import annotations

import re

from guardrails.rulepack import CompiledPack, Rule

# A quotation: double quotes (curly ones are folded to '"'), or single quotes that open
# after a space and close before a space/punctuation (so "it's" is not a quote).
_QUOTED = re.compile(r'"[^"]*"|(?<![a-z0-9])\'[^\']*\'(?![a-z0-9])')
_WORDS = re.compile(r"[a-z0-9]+")
_MIN_QUOTE_WORDS = 3  # 'chuyên gia' in scare quotes is sarcasm, not a quotation


def clause_start(pack: CompiledPack, sentence: str, pos: int) -> int:
    """Start (in ``sentence``) of the clause that holds ``pos``."""
    start = 0
    for m in pack.clause_break.finditer(sentence, 0, pos):
        start = m.end()
    return start


_NEGATION_REACH = 5  # words between the negation and the match: "không cáo buộc ai lừa đảo"


def is_negated(pack: CompiledPack, sentence: str, pos: int) -> bool:
    """A negation or hedge stands shortly before ``pos`` in the same clause (so the "không"
    of "đọc không kỹ nên mới hiểu lầm" does not clear the blame after it)."""
    if pack.clause_break.match(sentence, pos):
        return False  # the match opens a clause of its own ("… không kỹ nên mới hiểu lầm")
    start = clause_start(pack, sentence, pos)
    if pack.negation_scope is not None and pack.negation_scope.search(sentence, start, pos):
        return True  # "we do not claim that the product is risk-free"
    reach = pos
    for _ in range(_NEGATION_REACH):
        reach = sentence.rfind(" ", start, max(reach - 1, start))
        if reach < 0:
            reach = start
            break
    return pack.negation.search(sentence, max(start, reach), pos) is not None


def is_attributed(pack: CompiledPack, sentence: str, pos: int) -> bool:
    """Reported speech: "some comments claim that …" before ``pos`` in the sentence."""
    return pack.attribution.search(sentence, 0, pos) is not None


# a quoted phrase that is named, not used: 'removed the words "clinically proven"'
_MENTION = re.compile(
    r"(?<![a-z0-9])(?:words?|phrases?|terms?|claims?|labels?|wording|slogans?|taglines?|hashtags?"
    r"|expressions?|captions?|headlines?|called (?:it|us|them|him|her)|described as|labelled|labeled"
    r"|branded) *:? *$"
)


def in_quotation(sentence: str, start: int, end: int) -> bool:
    for m in _QUOTED.finditer(sentence):
        if m.start() <= start and end <= m.end():
            if len(_WORDS.findall(m.group())) >= _MIN_QUOTE_WORDS:
                return True
            return _MENTION.search(sentence, max(0, m.start() - 40), m.start()) is not None
        if m.start() > start:
            break
    return False


def cleared_by_context(
    pack: CompiledPack, rule: Rule, rule_index: int, sentence: str, start: int, end: int
) -> bool:
    """True when the match ``sentence[start:end]`` is not the writer's own risky claim."""
    if rule.negatable and is_negated(pack, sentence, start):
        return True
    if is_attributed(pack, sentence, start) or in_quotation(sentence, start, end):
        return True
    unless = pack.unless[rule_index]
    return unless is not None and unless.search(sentence) is not None
