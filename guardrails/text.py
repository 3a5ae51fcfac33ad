"""Text helpers shared by every guardrail detector: diacritic folding with an offset map back
to the original text, sentence segmentation and vi/en language detection.

All functions are pure and fast (no I/O, no model). Rules are written over the *folded*
text, so NFC, NFD and diacritic-less Vietnamese match the same pattern; ``FoldedText.span``
turns a match on the folded text back into offsets of the text exactly as the user gave it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["FoldedText", "fold", "fold_plain", "sentences", "detect_language", "VI_MARKS"]

VI_MARKS = frozenset(
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "ĂÂĐÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
)

# Typographic variants folded to ASCII so one pattern covers them all.
_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """The folded form of one original character ('' for a combining mark)."""
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch.isspace():
        return " "
    if ch < "\x80":
        return ch.lower()
    out = []
    for part in unicodedata.normalize("NFD", ch):
        if unicodedata.combining(part):
            continue
        for low in unicodedata.normalize("NFD", part.lower()):
            if unicodedata.combining(low):
                continue
            out.append("d" if low == "đ" else low)
    return "".join(out)




@dataclass(frozen=True)
class FoldedText:
    """``folded``: lower-cased, diacritics removed, đ→d, whitespace runs → one space.
    ``starts[i]``/``ends[i]``: the original span that produced ``folded[i]`` (``ends``
    reaches over the combining marks that followed it in NFD input)."""

    original: str
    folded: str
    starts: tuple[int, ...] | None  # None: identity map (fast path)
    ends: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``folded[start:end]`` to ``(orig_start, orig_end)`` in the original text."""
        if end <= start:
            pos = self._pos(start)
            return pos, pos
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    def _pos(self, i: int) -> int:
        if self.starts is None:
            return i
        if i >= len(self.starts):
            return len(self.original)
        return self.starts[i]

    def original_offset(self, i: int) -> int:
        """Original offset of the folded position ``i`` (a boundary)."""
        return self._pos(i)

    def folded_offset(self, orig: int) -> int:
        """Folded position of the original offset ``orig`` (the first folded character
        produced at or after it). O(log n)."""
        if self.starts is None:
            return orig
        return bisect_left(self.starts, orig)

    def folded_span(self, orig_start: int, orig_end: int) -> tuple[int, int]:
        """Inverse of :meth:`span`: an original span -> the folded span it produced."""
        return self.folded_offset(orig_start), self.folded_offset(orig_end)


class _FoldTable(dict):
    """``str.translate`` table: code point -> folded string, filled on first sight."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()
# Original characters that fold to nothing (combining marks) or that a whitespace run drops.
_DROPPED = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+|(?<=\s)\s+")
_SPACE_RUN = re.compile(r" {2,}")


@lru_cache(maxsize=64)
def fold(text: str) -> FoldedText:
    """Fold ``text`` for matching; see :class:`FoldedText`. Linear, mostly in C: the
    offset map is built from the few places where folding drops characters. Cached: the
    scanner and the detectors it calls fold the same draft once (FoldedText is immutable)."""
    raw = text.translate(_TABLE)
    dropped = list(_DROPPED.finditer(text))
    if len(raw) == len(text) and not dropped:
        return FoldedText(text, raw, None, None)
    folded = _SPACE_RUN.sub(" ", raw)
    starts: list[int] = []
    ends: list[int] = []
    prev = 0
    for m in dropped:
        a, b = m.span()
        starts.extend(range(prev, a))
        ends.extend(range(prev + 1, a + 1))
        if ends and ends[-1] == a and not text[a].isspace():
            ends[-1] = b  # combining marks belong to the letter before them
        prev = b
    starts.extend(range(prev, len(text)))
    ends.extend(range(prev + 1, len(text) + 1))
    if len(starts) != len(folded):  # a character folded to 0 or 2+ letters: exact path
        return _fold_slow(text)
    return FoldedText(text, folded, tuple(starts), tuple(ends))


def _fold_slow(text: str) -> FoldedText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, c in enumerate(text):
        piece = _TABLE[ord(c)]
        if not piece:  # a combining mark: belongs to the previous character
            if ends and ends[-1] == i:
                ends[-1] = i + 1
            continue
        if piece == " " and out and out[-1] == " ":
            continue  # whitespace run: the first space stands for it
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
    return FoldedText(text, "".join(out), tuple(starts), tuple(ends))


def fold_plain(text: str) -> str:
    """Just the folded string (for comparing phrases, e.g. a brief's do-not-say list)."""
    return fold(text).folded


# ----------------------------------------------------------------------------- sentences

_ABBREV = frozenset(
    "mr mrs ms dr st vs etc e.g i.e co ltd inc jr sr tp q p ths ts pgs gs".split()
)
# A sentence ends after . ! ? … (and closing quotes/brackets) followed by space, or at an
# emoji followed by space, or at a line break.
_END = re.compile(
    r"(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*|[\U0001F300-\U0001FAFF\u2600-\u27BF]+[\uFE0F]?)(?=\s)"
    r"|\n"
)
_BULLET = re.compile(r"[ \t]*(?:[-*\u2022\u25CF\u25AA\u2013\u2014+>]|\d{1,2}[.)]|[a-zA-Z][.)](?=\s))[ \t]+")


_NUMBERED = re.compile(r"\s*(?:\d{1,2}|[a-zA-Z])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``: leading/trailing whitespace and bullet
    markers excluded, never empty. Covers ``. ! ? …``, emoji, line breaks, bullet lines."""
    return list(_sentences_cached(text))


@lru_cache(maxsize=64)
def _sentences_cached(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group() != "\n" and m.group()[0] == "." and len(m.group()) == 1:
            tail = text[max(start, m.start() - 12) : m.start()].split()
            if tail and tail[-1].lower().strip("(\"'") in _ABBREV:
                continue
            if m.start() - start <= 4 and _NUMBERED.fullmatch(text, start, m.start()):
                continue  # "1. " / "a. " opening a numbered line
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return tuple(spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    if start < end and (start == 0 or text[start - 1] == "\n"):
        m = _BULLET.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ------------------------------------------------------------------------------ language

_VI_WORDS = frozenset(
    """toi chung minh ban cac nhung khong da se duoc cho nguoi mot voi nay ve trong co la va
    cua khi thi ma nen vi de em anh chi cong ty shop xin loi rat cam on tat ca moi ai gi
    dang chua roi nhe nha oi day bi viec su hang san pham khach tien chu ho tu thong tin
    nhan lai them ngay hom nao nhu tren duoi sau truoc con cung thoi vay lam nua van ra vao
    len xuong di den hay hoac neu tuy nhieu hon nhat cau bai dong biet noi ong tung dieu
    tri benh thuoc gia dinh chau vien tinh thanh phong truong hoc sinh nam thang gio moi tat
    khach dich vu quan chuc nang kiem tra ket qua xu ly""".split()
)
_EN_WORDS = frozenset(
    # no words that are also diacritic-less Vietnamese (be = bé, may = mấy, the = thế …)
    """and to of we i you is are was were will not for this that with our my your it have has
    had on in at by from they he she his her their as but or all any would should been about
    what when who which there here us them does did sorry please thank update customers fans
    just only really very so if because than then also more people everyone how why after
    before over into out up again being get got made make said says its it's i'm we're don't
    won't can't issue number these those without within each every now like one two our ours
    yours yourself themselves could might must shall while where until since than both other
    some such own same too very million billion thousand monthly yearly per fee fees paid pay""".split()
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# NFD Vietnamese: breve, circumflex, horn and the five tone marks
_VI_COMBINING = "\u0306\u0302\u031b\u0300\u0301\u0309\u0303\u0323"
_VI_MARK_RE = re.compile("[" + "".join(sorted(VI_MARKS)) + _VI_COMBINING + "]")


def detect_language(text: str, default: str | None = None, folded: str | None = None) -> str:
    """``"vi"`` or ``"en"``. Words with Vietnamese letters weigh heavily, except capitalised
    ones (a Vietnamese name in an English sentence: "Ms. Nguyễn Thị Hoa said …"); then
    function words are counted (diacritic-less Vietnamese, English). Ties go to
    ``default`` (None: "en", since a text without Vietnamese letters or words reads as
    English). ``folded``: ``fold(text).folded`` if the caller already has it."""
    vi = 0.0
    if not text.isascii():
        for token in _TOKEN.findall(unicodedata.normalize("NFC", text)):
            if _VI_MARK_RE.search(token):
                vi += 0.5 if token[0].isupper() and not token.isupper() else 2
    words = _WORD.findall(fold_plain(text) if folded is None else folded)
    vi += sum(1 for w in words if w in _VI_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    if vi == en:
        return default or "en"
    return "vi" if vi > en else "en"


_TOKEN = re.compile(r"\w+")
