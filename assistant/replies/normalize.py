"""Reading fan comments the same way whatever their spelling: diacritics or not, NFC or
NFD, teencode ("ko", "dc", "j"), repeated letters ("quáaaa"), emoji and punctuation.

``words(text, lang)`` gives the folded, teencode-expanded words a cue is matched on;
``group_key(text, lang)`` the key near-duplicates share; ``comment_language(text)`` vi/en.
Word lists live in ``lexicon.yaml`` (data, not code).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from guardrails.text import VI_MARKS, detect_language, fold_plain

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


class _Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    teencode: dict[str, dict[str, str]]
    language_words: dict[str, list[str]]
    fillers: dict[str, list[str]]
    not_teencode_when_toned: dict[str, list[str]] = {}


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    # BaseLoader: every scalar is text ("no", "on", "y" stay words, not booleans)
    data = yaml.load(LEXICON_PATH.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    return _Lexicon.model_validate(data)


_MASK = re.compile(r"(?<=[a-z])[*#@$](?=[a-z])")  # "b*tch" -> "btch"
_NON_WORD = re.compile(r"[^a-z0-9]+")
_REPEAT3 = re.compile(r"([a-z])\1{2,}")  # "nhaaaa" -> "nha"
_REPEAT2 = re.compile(r"([a-z])\1+")


def _raw_words(text: str) -> list[str]:
    folded = _MASK.sub("", fold_plain(text))
    folded = _REPEAT3.sub(r"\1", folded)
    return [w for w in _NON_WORD.split(folded) if w]


def comment_language(text: str, default: str = "vi") -> str:
    """``"vi"`` or ``"en"`` for one comment: Vietnamese letters decide; otherwise function
    words and teencode of each language are counted; a tie (emoji only…) -> ``default``."""
    import unicodedata

    low = unicodedata.normalize("NFC", text.lower())
    if any(c in VI_MARKS for c in low):
        return "vi"
    lex = lexicon()
    vi_words = set(lex.language_words["vi"]) | set(lex.teencode["vi"])
    en_words = set(lex.language_words["en"])
    ws = _raw_words(text)
    vi = sum(1 for w in ws if w in vi_words)
    en = sum(1 for w in ws if w in en_words)
    if vi == en:
        return detect_language(text, default=default) if ws else default
    return "vi" if vi > en else "en"


_TONED = frozenset(VI_MARKS - {"đ", "Đ"})
_WORD = re.compile(r"[^\W_]+")


def _tagged_words(text: str, lang: str) -> list[tuple[str, bool, bool]]:
    """(folded word, written with tone marks, literal) for each word. A literal word is
    one of ``not_teencode_when_toned`` as written: "hóng" (to await gossip) is a word of
    its own, not the teencode "hong" (= không) — but "hông" is teencode."""
    if text.isascii():
        return [(w, False, False) for w in _raw_words(text)]
    import unicodedata

    keep = lexicon().not_teencode_when_toned.get(lang, ())
    out = []
    for chunk in unicodedata.normalize("NFC", text.lower()).split():
        toned = any(c in _TONED for c in chunk)
        literal = toned and any(w in keep for w in _WORD.findall(chunk))
        out.extend((w, toned, literal) for w in _raw_words(chunk))
    return out


def words(text: str, lang: str, drop_toned: bool = False) -> list[str]:
    """Folded words with the teencode of ``lang`` expanded ("ko dc" -> khong duoc); words
    written with tone marks are left out with ``drop_toned`` (the English reading of a
    Vietnamese comment: "rát da" is no "rat")."""
    table = lexicon().teencode.get(lang, {})
    out: list[str] = []
    for w, toned, literal in _tagged_words(text, lang):
        if drop_toned and toned:
            continue
        out.extend(table.get(w, w).split() if not literal else (w,))
    return out


def matchable(text: str, lang: str, drop_toned: bool = False) -> str:
    """The string cues are matched on: expanded words joined by single spaces."""
    return " ".join(words(text, lang, drop_toned))


def group_key(text: str, lang: str) -> str:
    """Near-duplicates share this key: fillers dropped, doubled letters squeezed, word order
    and repetition ignored. Empty for a comment of emoji or punctuation only."""
    fillers = set(lexicon().fillers.get(lang, ()))
    kept = {_REPEAT2.sub(r"\1", w) for w in words(text, lang) if w not in fillers}
    return " ".join(sorted(kept))
