"""The principles checklist (guardrails.md): does a statement acknowledge, apologise, give
specific facts, say what is being done, when the next update comes, where official news is
posted and how to reach the team?

``build_checklist(text, lang, kind, brief=None)`` -> list[ChecklistItem], one per id of
``guardrails.report.CHECKLIST_IDS``, each ``met`` with its ``evidence`` (the first sentence of
the original text that meets it) and ``required`` for this kind (``REQUIRED_ITEMS``).
Cue phrases are data (``data/checklist.yaml``), matched on folded sentences; a brief adds
its own evidence (its facts, actions, channels, contact and next-update time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from guardrails.brief_checks import brief_dict, brief_facts, content_tokens, is_known
from guardrails.numbers import find_mentions
from guardrails.pii import contact_patterns
from guardrails.report import CHECKLIST_IDS, ChecklistItem
from guardrails.text import detect_language, fold_plain, sentences

__all__ = ["build_checklist", "REQUIRED_ITEMS"]

_DATA = Path(__file__).resolve().parent / "data" / "checklist.yaml"

# kind -> the checklist ids a statement of that kind must meet (the others are reported
# too, with required=False). An apology may skip next_update when the matter is closed; a
# closing statement looks back (acknowledge, apologise, what was done, where to follow).
REQUIRED_ITEMS: dict[str, tuple[str, ...]] = {
    "holding": ("acknowledges", "next_update", "official_channel"),
    "apology": ("acknowledges", "apologizes", "specific_facts", "actions", "official_channel", "contact"),
    "update": ("specific_facts", "actions", "next_update", "official_channel"),
    "correction": ("specific_facts", "official_channel"),
    "closing": ("acknowledges", "apologizes", "actions", "official_channel"),
    "sponsor_notice": ("acknowledges", "actions", "contact"),
}

_TOKEN = re.compile(r"[a-z0-9]+")
_FIGURES = {"number", "percent", "date", "day", "time", "code"}
_WHEN = {"date", "day", "time", "month"}


def _phrase_rx(phrases) -> re.Pattern | None:
    parts = [r"(?:\s+\S+){0,4}\s+".join(re.escape(w) for w in p.split(" ... ")) for p in phrases]
    if not parts:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?![a-z0-9])")


@lru_cache(maxsize=1)
def _cues() -> dict:
    with _DATA.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out: dict = {}
    for lang, items in raw.items():
        out[lang] = {}
        for item, spec in items.items():
            out[lang][item] = {key: _phrase_rx(v) for key, v in spec.items()}
        ch = items["official_channel"]
        out[lang]["platform"] = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, ch["before_platform"])) + r")\s+(?:\S+\s+){0,2}(?:"
            + "|".join(map(re.escape, ch["platforms"])) + r")(?![a-z0-9])"
        )
    return out


@dataclass(frozen=True)
class _Sentence:
    text: str  # original
    folded: str
    lang: str

    # Tokens and figures are worked out only for the items that need them, and cached per
    # sentence text: a re-scan after an edit redoes only the sentences that changed.
    @cached_property
    def tokens(self) -> frozenset:
        return _tokens_of(self.folded)

    @cached_property
    def mentions(self) -> tuple:  # figures of the sentence (guardrails.numbers.Mention)
        return _mentions_of(self.folded, self.lang)


@lru_cache(maxsize=4096)
def _tokens_of(folded: str) -> frozenset:
    return frozenset(content_tokens(folded))


@lru_cache(maxsize=4096)
def _mentions_of(folded: str, lang: str) -> tuple:
    return tuple(find_mentions(folded, lang))


def _overlap(tokens: frozenset, phrase: str, share: float = 0.6) -> bool:
    want = set(content_tokens(phrase))
    return bool(want) and len(want & tokens) >= max(1, round(share * len(want)))


def build_checklist(text: str, lang: str, kind: str, brief=None) -> list[ChecklistItem]:
    """One ChecklistItem per principle; see the module docstring."""
    if kind not in REQUIRED_ITEMS:
        raise ValueError(f"unknown statement kind {kind!r}: use one of {', '.join(REQUIRED_ITEMS)}")
    if not isinstance(text, str):
        raise TypeError(f"build_checklist() needs the statement as str, got {type(text).__name__}")
    if lang not in ("vi", "en", None):
        raise ValueError(f"language must be 'vi' or 'en', got {lang!r}")
    lang = lang or detect_language(text)
    cues = _cues()[lang]
    sents = []
    for a, b in sentences(text or ""):
        folded = fold_plain(text[a:b])
        sents.append(_Sentence(text[a:b], folded, lang))
    if hasattr(brief, "in_language"):  # a translated brief: its items in the statement's language
        brief = brief.in_language(lang)
    b = brief_dict(brief) if brief is not None else None
    facts = brief_facts(brief) if brief is not None else None
    required = set(REQUIRED_ITEMS[kind])
    if b and b.get("fault") == "none":
        required.discard("apologizes")  # correcting the record: nothing to apologise for
    items = []
    for item in CHECKLIST_IDS:
        scored = [(_meets(item, s, cues, b, facts, lang), -n, s.text) for n, s in enumerate(sents)]
        best = max(scored, default=(NONE, 0, None))
        evidence = best[2] if best[0] > NONE else None
        items.append(ChecklistItem(id=item, met=evidence is not None, evidence=evidence, required=item in required))
    return items


@lru_cache(maxsize=256)
def _when_of(folded: str) -> tuple:
    return tuple(m for m in find_mentions(folded) if m.kind in _WHEN)


def _same(a, b) -> bool:
    """Same time or date; a date without a year matches the brief's dated one."""
    if a.kind != b.kind:
        return False
    if a.kind == "date":
        return a.value[:2] == b.value[:2] and None in (a.value[2], b.value[2]) or a.value == b.value
    return a.value == b.value


def _cue(cues: dict, item: str, s: _Sentence, key: str = "cues") -> bool:
    rx = cues[item].get(key)
    return bool(rx and rx.search(s.folded))


STRONG, WEAK, NONE = 2, 1, 0


def _meets(item: str, s: _Sentence, cues: dict, b: dict | None, facts, lang: str) -> int:
    """How well sentence ``s`` meets ``item``: STRONG when it carries the brief's own value
    (the contact, a named channel, the promised time, a confirmed fact, an action) or a
    contact address, WEAK on a cue word alone, NONE. The evidence quoted is the first
    strongest sentence, so an item never quotes an unrelated sentence that merely has a cue."""
    if item == "apologizes":
        return STRONG if _cue(cues, item, s) and not _cue(cues, item, s, "exclude") else NONE
    if item == "acknowledges":
        return STRONG if b and _overlap(s.tokens, b["incident"]["title"], 0.5) else WEAK if _cue(cues, item, s) else NONE
    if item == "specific_facts":
        if b is not None:
            if any(_overlap(s.tokens, fact) for fact in b.get("confirmed_facts") or []):
                return STRONG
            return WEAK if any(m.kind in _FIGURES and is_known(m, facts) for m in s.mentions) else NONE
        return WEAK if any(m.kind in _FIGURES for m in s.mentions) else NONE
    if item == "actions":
        done = list(b.get("actions_taken") or []) + [a["action"] for a in b.get("actions_planned") or []] if b else []
        if any(_overlap(s.tokens, a) for a in done):
            return STRONG
        return WEAK if _cue(cues, item, s) else NONE
    if item == "next_update":
        if b and b.get("next_update"):
            nxt = fold_plain(b["next_update"])
            wanted = _when_of(nxt)
            if nxt in s.folded or (wanted and all(any(_same(w, m) for m in s.mentions) for w in wanted)):
                return STRONG
        return WEAK if _cue(cues, item, s) and (_cue(cues, item, s, "when") or any(m.kind in _WHEN for m in s.mentions)) else NONE
    if item == "official_channel":
        channels = b.get("official_channels") or [] if b else []
        if any(fold_plain(c) in s.folded for c in channels):
            return STRONG + 1  # the channel as the brief writes it beats a look-alike (an e-mail on its domain)
        if any(_overlap(s.tokens, c, 0.75) for c in channels):
            return STRONG
        return WEAK if _cue(cues, item, s) or cues["platform"].search(s.folded) else NONE
    if item == "contact":
        if b and b.get("contact") and fold_plain(b["contact"]) in s.folded:
            return STRONG
        if any(rx.search(s.folded) for rx in contact_patterns()):
            return STRONG
        return WEAK if _cue(cues, item, s) else NONE
    raise ValueError(f"unknown checklist item {item!r}")
