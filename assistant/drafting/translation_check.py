"""Did a translation keep the facts? When the model writes a statement in the language the
brief is not written in, every number, date, time, code and proper name of the brief items
it was given must still be in the statement.

``lost_in_translation(request, text) -> list[str]``: one warning (in the statement's
language) per figure or name that did not survive; ``[]`` when the statement is in the
brief's own language. Figures are compared by value (``guardrails.numbers``: "30/11" and
"30 November" are the same date, "1.250.000.000" and "1,250,000,000" the same number);
names on folded text (no case, no diacritics: "Quảng Bình" survives as "Quang Binh").
"""

from __future__ import annotations

import re

from assistant.drafting.context import build_context
from assistant.drafting.request import DraftRequest
from guardrails.numbers import find_mentions
from guardrails.text import fold_plain

_MESSAGE = {
    "vi": "Bản dịch có thể đã làm mất “{what}” (mục {field} của hồ sơ): hãy kiểm tra trước khi đăng.",
    "en": "The translation may have lost “{what}” (brief item {field}): check it before publishing.",
}
# A capitalised word inside a sentence, or a word with a capital or digit inside it
# ("SunVeil", "SR-12"): a name or a code the translation must keep.
_NAME = re.compile(r"(?<=[^\s.!?:]\s)(?:[A-ZÀ-ÝĐ][\w-]*)(?:\s+[A-ZÀ-ÝĐ][\w-]*)*|\b\w*[a-z]\w*[A-Z]\w*\b")


def _items(context: dict) -> list[tuple[str, str]]:
    out = [(f"confirmed_facts[{i}]", t) for i, t in enumerate(context["facts"])]
    out += [(f"actions_taken[{i}]", t) for i, t in enumerate(context["done"])]
    out += [(f"under_investigation[{i}]", t) for i, t in enumerate(context["checking"])]
    out += [(f"actions_planned[{i}]", p["action"]) for i, p in enumerate(context["planned"])]
    out += [("next_update", context["next_update"])] if context["next_update"] else []
    return out


def _same(a, b) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "date":
        return a.value[:2] == b.value[:2] and (None in (a.value[2], b.value[2]) or a.value[2] == b.value[2])
    return a.value == b.value


def lost_in_translation(request: DraftRequest, text: str) -> list[str]:
    """Warnings for the figures and names of the brief items missing from ``text``."""
    brief = request.brief
    if request.language == brief.language or not text:
        return []
    context = build_context(request)
    untranslated = {t for _, t in context["missing"]}
    folded = fold_plain(text)
    found = find_mentions(folded, request.language)
    lost: list[str] = []
    seen: set[str] = set()
    for field, item in _items(context):
        if item not in untranslated:
            continue  # the brief's own translation was used as it is
        item_folded = fold_plain(item)
        for m in find_mentions(item_folded, brief.language):
            if m.kind and not any(_same(m, f) for f in found):
                seen.add(item_folded[m.start:m.end])
                lost.append(_MESSAGE[request.language].format(what=item[m.start:m.end], field=field))
        for name in _NAME.findall(item):
            if fold_plain(name) not in folded and fold_plain(name) not in seen:
                lost.append(_MESSAGE[request.language].format(what=name, field=field))
    return list(dict.fromkeys(lost))
