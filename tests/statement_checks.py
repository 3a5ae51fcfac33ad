"""Checks a reader makes on a finished statement, written once for the drafter's table test
(and the README figures): does it speak in the speaker's voice, does it talk about the
speaker in the third person, does it mix languages?

Each function takes the statement text and plain values (name, self-reference, language),
so it works on any drafter's output, old or new, and returns what it found (empty = fine).
"""

from __future__ import annotations

import re
import unicodedata

# How a speaker refers to themselves in Vietnamese; the longer forms first.
VI_SELF = ("chúng tôi", "chúng mình", "chúng em", "tụi mình", "bọn mình", "tôi", "mình", "em")
_VI_THIRD = re.compile(r"(?<!\w)(?:cô ấy|anh ấy|chị ấy|em ấy|ông ấy|bà ấy)(?!\w)", re.IGNORECASE)
_EN_THIRD = re.compile(r"\b(?:she|her|hers|he|his|him)\b", re.IGNORECASE)
_EN_WORDS = {"the", "and", "will", "update", "statement", "of", "to", "is", "are", "our", "we",
             "has", "have", "with", "for", "next", "please", "what", "been", "that", "this"}
# Signature lines ("— Linh", "Trân trọng,\nLinh"), self-introductions ("mình là Linh").
_INTRO = (r"(?:là|I'm|I am|we are|this is)\s+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _mask(text: str, keep: list[str]) -> str:
    for phrase in sorted({k for k in keep if k}, key=len, reverse=True):
        text = re.sub(re.escape(_nfc(phrase)), " ", text, flags=re.IGNORECASE)
    return text


def _body(text: str, name: str) -> str:
    """The statement without its signature lines and the speaker's self-introduction."""
    name = _nfc(name)
    lines = []
    for line in _nfc(text).splitlines():
        bare = line.strip().lstrip("—–-").strip()
        if bare == name or bare.startswith(name + " (") or re.fullmatch(r"\d+/\d+\s+—\s*" + re.escape(name) + r".*", line.strip()):
            continue
        line = re.sub(_INTRO + re.escape(name), " ", line)
        lines.append(re.sub(re.escape(name) + r" đây\b", " ", line))
    return "\n".join(lines)


def name_parts(name: str, role: str) -> list[str]:
    """The forms a reader would take as the speaker's name: the full name, and for a
    person each given/family name of three letters or more."""
    parts = [_nfc(name)]
    if role == "kol":
        parts += [w for w in _nfc(name).split() if len(w) >= 3]
    return parts


def third_person(text: str, *, name: str, role: str, self_ref: str, lang: str,
                 keep: list[str] = ()) -> list[str]:
    """Where the statement talks about its own speaker in the third person: the speaker's
    name (outside the signature, the self-introduction and the phrases in ``keep`` — page
    names, handles, addresses) or a third-person pronoun."""
    body = _mask(_body(text, name), list(keep))
    found: list[str] = []
    taken: set[int] = set()
    for part in name_parts(name, role):
        if part == self_ref:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(part) + r"(?!\w)", body):
            if taken.isdisjoint(range(m.start(), m.end())):
                taken.update(range(m.start(), m.end()))
                found.append(body[max(0, m.start() - 30):m.end() + 20].replace("\n", " "))
    found += [m.group(0) for m in (_VI_THIRD if lang == "vi" else _EN_THIRD).finditer(body)]
    return found


def voice(text: str, *, name: str, self_ref: str, lang: str, keep: list[str] = ()) -> list[str]:
    """Problems with the speaker's voice: the declared self-reference is never used, or
    another one is."""
    body = _mask(_body(text, name), list(keep))
    problems: list[str] = []
    if lang == "vi":
        own = self_ref.lower()
        rest = body.lower()
        if not re.search(r"(?<!\w)" + re.escape(own) + r"(?!\w)", rest):
            problems.append(f"never says {self_ref!r}")
        rest = re.sub(r"(?<!\w)" + re.escape(own) + r"(?!\w)", " ", rest)
        for other in VI_SELF:
            if other == own:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(other) + r"(?!\w)", rest):
                problems.append(f"says {other!r}: …{rest[max(0, m.start() - 25):m.end() + 15]}…")
            rest = re.sub(r"(?<!\w)" + re.escape(other) + r"(?!\w)", " ", rest)
        return problems
    we = self_ref.lower() == "we"
    own = r"\b(?:we|our|us)\b" if we else r"\b(?:I|my|me)\b"
    other = r"\b(?:I|my|me)\b" if we else r"\b(?:we|our|us|We|Our|Us)\b"
    if not re.search(own, body, 0 if not we else re.IGNORECASE):
        problems.append(f"never says {self_ref!r}")
    for m in re.finditer(other, body):
        problems.append(f"says {m.group(0)!r}: …{body[max(0, m.start() - 25):m.end() + 15]}…")
    return problems


def mixed_language(text: str, *, lang: str, keep: list[str] = ()) -> list[str]:
    """Words of the other language: Vietnamese letters in an English statement, English
    function words in a Vietnamese one (names, handles, addresses in ``keep`` excepted)."""
    body = _mask(_nfc(text), list(keep))
    if lang == "en":
        return sorted({w for w in re.findall(r"\w+", body)
                       if "đ" in w.lower() or unicodedata.normalize("NFD", w) != w})
    return sorted({w for w in re.findall(r"\w+", body) if w.lower() in _EN_WORDS})


# Phrases that show a template's joints rather than a person writing.
_SEAMS = re.compile(r"về câu hỏi này\s*:|regarding this question\s*:|:\s*:|\.\s*\.(?!\.)|\(\s*\)|“\s*”|\{\{|\}\}|None\b",
                    re.IGNORECASE)


def seams(text: str) -> list[str]:
    """Template seams and doubled sentences: "về câu hỏi này: …", empty brackets, ": :",
    a leftover placeholder, or the same sentence (of five words or more) said twice."""
    found = [m.group(0) for m in _SEAMS.finditer(text)]
    seen: set[str] = set()
    for sentence in re.split(r"(?<=[.!?…])\s+|\n+", _nfc(text)):
        key = re.sub(r"^\d+/\d+\s+|\W+", " ", sentence.lower()).strip()
        if len(key.split()) >= 5:
            if key in seen:
                found.append(f"said twice: {sentence}")
            seen.add(key)
    return found
