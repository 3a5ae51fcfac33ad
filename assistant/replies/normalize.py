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


_REPEAT3_ANY = re.compile(r"([^\W\d_])\1{2,}")


@lru_cache(maxsize=65536)
def _tagged_words(text: str) -> tuple[tuple[str, bool, str], ...]:
    """(folded word, written with tone marks, as spelled) for each word. "As spelled"
    keeps the marks (lower case, NFC), so "tháng này" and "thằng này" differ."""
    if text.isascii():
        return tuple((w, False, w) for w in _raw_words(text))
    import unicodedata

    low = unicodedata.normalize("NFC", text.lower())
    chunks = low.split()
    folded_chunks = _REPEAT3.sub(r"\1", _MASK.sub("", fold_plain(low))).split()
    if len(folded_chunks) != len(chunks):  # folding never merges words; be safe anyway
        folded_chunks = [_REPEAT3.sub(r"\1", _MASK.sub("", fold_plain(c))) for c in chunks]
    out = []
    for chunk, fchunk in zip(chunks, folded_chunks):
        folded = [w for w in _NON_WORD.split(fchunk) if w]
        if chunk.isascii() or not any(c in _TONED for c in chunk):
            out.extend((w, False, w) for w in folded)
            continue
        spelled = [_REPEAT3_ANY.sub(r"\1", w) for w in _WORD.findall(_MASK.sub("", chunk))]
        if len(spelled) != len(folded):
            spelled = folded
        for w, sp in zip(folded, spelled):
            if sp != w and fold_plain(sp) != w:  # "quáaaa": keep the folded reading
                sp = w
            out.append((w, sp != w and any(c in _TONED for c in sp), sp))
    return tuple(out)


def words(text: str, lang: str, drop_toned: bool = False) -> list[str]:
    """Folded words with the teencode of ``lang`` expanded ("ko dc" -> khong duoc); words
    written with tone marks are left out with ``drop_toned`` (the English reading of a
    Vietnamese comment: "rát da" is no "rat"). A word of ``not_teencode_when_toned`` as
    written is no teencode: "hóng" (to await gossip) is not "hong" (= không), "hông" is."""
    lex = lexicon()
    table = lex.teencode.get(lang, {})
    keep = lex.not_teencode_when_toned.get(lang, ())
    out: list[str] = []
    for w, toned, sp in _tagged_words(text):
        if drop_toned and toned:
            continue
        out.extend(table.get(w, w).split() if not (toned and sp in keep) else (w,))
    return out


def spelled(text: str, lang: str) -> str:
    """Like ``matchable`` but words written with tone marks keep them ("thằng này", not
    "thang nay"); plain words are folded and teencode-expanded as usual. Cues written with
    marks are matched on this, so they tell "tháng" (month) from "thằng" (guy)."""
    lex = lexicon()
    table = lex.teencode.get(lang, {})
    keep = lex.not_teencode_when_toned.get(lang, ())
    out: list[str] = []
    for w, toned, sp in _tagged_words(text):
        if toned and sp in keep:
            out.append(sp)
        elif toned and w not in table:
            out.append(sp)
        else:
            out.extend(table.get(w, w).split())
    return " ".join(out)


def matchable(text: str, lang: str, drop_toned: bool = False) -> str:
    """The string cues are matched on: expanded words joined by single spaces."""
    return " ".join(words(text, lang, drop_toned))


def group_key(text: str, lang: str) -> str:
    """Near-duplicates share this key: fillers dropped, doubled letters squeezed, word order
    and repetition ignored. Empty for a comment of emoji or punctuation only."""
    fillers = set(lexicon().fillers.get(lang, ()))
    kept = {_REPEAT2.sub(r"\1", w) for w in words(text, lang) if w not in fillers}
    return " ".join(sorted(kept))
