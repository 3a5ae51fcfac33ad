"""What a fan comment asks (a refund, where to send information, the next update, whether
it is safe, a lot, batch or order number, a person), whether it describes harm, and which
lot codes it names — read offline from cue lists kept as data (``asks.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.replies.normalize import comment_language, matchable
from assistant.replies.triage import compile_cues

ASKS_PATH = Path(__file__).with_name("asks.yaml")
ASKED_ITEMS: tuple[str, ...] = ("refund", "send_info", "next_update", "safety", "lot")
# a lot, batch or order code: letters then digits ("KD-0911", "kd0911", "KD 0911", "SR-12-1025")
CODE = re.compile(r"(?<![\w])([A-Za-z]{1,4})[\s-]?(\d{2,5}(?:-\d{2,5})?)(?![\w])")


class _ByLang(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vi: list[str]
    en: list[str]


class _Person(BaseModel):
    model_config = ConfigDict(extra="forbid")
    identity: _ByLang
    nouns: _ByLang


class _AsksFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    asks: dict[str, _ByLang]
    harm: _ByLang
    harm_self: _ByLang
    advice: _ByLang
    person: _Person


class Asks(BaseModel):
    """What one comment (or a group of near-duplicates) asks and says."""

    model_config = ConfigDict(frozen=True)

    items: frozenset[str] = frozenset()  # of ASKED_ITEMS
    codes: tuple[str, ...] = ()          # lot/batch/order codes named, normalised ("KD-0911")
    harm: bool = False                   # describes a physical reaction or treatment
    person: bool = False                 # asks who someone is, where they are, how to reach them

    def __or__(self, other: "Asks") -> "Asks":
        return Asks(items=self.items | other.items, codes=tuple(dict.fromkeys(self.codes + other.codes)),
                    harm=self.harm or other.harm, person=self.person or other.person)


@lru_cache(maxsize=1)
def _patterns() -> dict[tuple[str, str], re.Pattern[str]]:
    data = _AsksFile.model_validate(yaml.safe_load(ASKS_PATH.read_text(encoding="utf-8")))
    unknown = set(data.asks) - set(ASKED_ITEMS)
    if unknown:
        raise ValueError(f"{ASKS_PATH.name}: unknown asks {sorted(unknown)} (known: {', '.join(ASKED_ITEMS)})")
    lists = {**{name: by for name, by in data.asks.items()}, "harm": data.harm, "harm_self": data.harm_self, "advice": data.advice,
             "identity": data.person.identity, "nouns": data.person.nouns}
    out = {}
    for name, by in lists.items():
        for lang in ("vi", "en"):
            if (rx := compile_cues(getattr(by, lang), lang)) is not None:
                out[(name, lang)] = rx
    return out


def normal_code(letters: str, digits: str) -> str:
    return f"{letters.upper()}-{digits}"


def codes_in(text: str) -> tuple[str, ...]:
    """The lot/batch/order codes of ``text``, normalised and in order ("kd 0911" -> "KD-0911")."""
    return tuple(dict.fromkeys(normal_code(a, b) for a, b in CODE.findall(text) if not b.isdigit() or len(b) >= 3))


def _hit(name: str, views: dict[str, str]) -> bool:
    pats = _patterns()
    return any((rx := pats.get((name, lang))) is not None and rx.search(view) for lang, view in views.items())


@lru_cache(maxsize=65536)
def read_asks(text: str, default_lang: str = "vi") -> Asks:
    lang = comment_language(text, default=default_lang)
    views = {lang: matchable(text, lang)}
    if lang == "vi":
        views["en"] = matchable(text, "en")  # Vietnamese comments mix in English words
    codes = codes_in(text)
    items = {name for name in ASKED_ITEMS if name != "lot" and _hit(name, views)}
    if codes or _hit("lot", views):
        items.add("lot")
    person = _hit("identity", views) and _hit("nouns", views)
    harm = _hit("harm", views) and _hit("harm_self", views)
    return Asks(items=frozenset(items), codes=codes, harm=harm, person=person)


def group_asks(texts: Iterable[str], default_lang: str = "vi") -> Asks:
    out = Asks()
    for t in texts:
        out = out | read_asks(t, default_lang)
    return out


def mentions(text: str, name: str, lang: str) -> bool:
    """Whether ``text`` (a statement sentence, a brief item) speaks of ``name`` (an ask of
    ``asks.yaml``, or "harm"), by the same cues that read the comments."""
    views = {lang: matchable(text, lang)}
    return _hit(name, views)
