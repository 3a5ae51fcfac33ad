"""Channel forms: turn a statement (offline or model-written) into what a channel accepts.

``to_channel_form(text, channel, lang) -> ChannelForm``

* ``x``: a thread of numbered posts "1/3 …", each at most 280 characters *including* the
  number prefix, split at sentence boundaries (Vietnamese and English punctuation, "…",
  line breaks; URLs, e-mail addresses, decimals and abbreviations are not boundaries);
  a sentence longer than a post is split at a clause, then at a word boundary. A text
  that already is a valid numbered thread within the limit is kept as it is, so
  splitting the offline drafter's X text gives back the same posts. Characters are
  Python ``str`` characters (code points); X weighs some emoji and CJK as two.
* ``instagram``: a caption of at most 2,200 characters; a longer text is trimmed at a
  sentence boundary, with a warning.
* ``video_script``: spoken text with a header line giving the estimated duration, at
  SPEECH_RATES words per minute (vi: syllables, which Vietnamese writes as words).
* ``press_release`` / ``email``: kept as written; a warning says when the headline,
  the dateline ("CITY, date — …" near the top), the "About" paragraph, the media contact
  block or the subject line is missing.
* every other channel: ``posts == [text]``.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field

from assistant.catalog import CHANNEL_LIMITS, INSTAGRAM_CAPTION_LIMIT, X_POST_LIMIT


class ChannelForm(BaseModel):
    """A statement in the form its channel takes."""

    model_config = ConfigDict(extra="forbid")

    text: str
    posts: list[str]
    char_count: int
    limit: int | None = None
    duration_seconds: float | None = None
    warnings: list[str] = Field(default_factory=list)


# Spoken words per minute for the duration estimate. Vietnamese counts syllables (each is
# written as a word); a calm, clear statement is read slower than the news.
SPEECH_RATES: dict[str, int] = {"vi": 160, "en": 140}

# ------------------------------------------------------------------ sentences

_ABBREVIATIONS = {
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co",
    "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "approx", "dept", "est", "fig", "u.s", "a.m", "p.m", "corp",
    # Vietnamese
    "tp", "th.s", "ths", "ts", "pgs", "gs", "bs", "ks", "q", "p", "tt", "tx", "đ", "tr", "v.v",
}
# A sentence ends at . ! ? … (or a run of them), optionally followed by closing quotes or
# brackets, then whitespace.
_END = re.compile(r"(?:[.!?]+|…+|\.{3})[\"'”’»)\]]*(?=\s)")


def _is_abbreviation(text: str, end: int) -> bool:
    """True when the full stop at text[end-1] closes an abbreviation such as "TP." or "e.g."."""
    if text[end - 1] != ".":
        return False
    m = re.search(r"([\w.]+)\.$", text[:end])
    if not m:
        return False
    token = m.group(1)
    if token.lower() in _ABBREVIATIONS:
        return True
    # single initials such as "J." in "J. Smith"
    return len(token) == 1 and token.isalpha() and token.isupper()


def split_sentences(line: str) -> list[str]:
    """Sentences of one line of text (no line breaks inside)."""
    out: list[str] = []
    start = 0
    for m in _END.finditer(line):
        end = m.end()
        following = line[end:].lstrip()[:1]
        if following.islower():  # "… và", "e.g. this": the sentence goes on
            continue
        if _is_abbreviation(line, m.start() + 1):
            continue
        piece = line[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    rest = line[start:].strip()
    if rest:
        out.append(rest)
    return out


def _units(text: str) -> list[tuple[str, bool]]:
    """(sentence, starts_a_new_line) for the whole text."""
    units: list[tuple[str, bool]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for i, s in enumerate(split_sentences(line)):
            units.append((s, i == 0))
    return units


_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—-]\s)")


def _greedy(chunks: list[str], budget: int) -> list[str]:
    """Join chunks with spaces into as few pieces of at most ``budget`` characters as possible."""
    parts: list[str] = []
    current = ""
    for chunk in chunks:
        candidate = f"{current} {chunk}" if current else chunk
        if len(candidate) <= budget:
            current = candidate
        else:
            if current:
                parts.append(current)
            current = chunk
    if current:
        parts.append(current)
    return parts


def _word_chunks(clause: str, budget: int) -> list[str]:
    """The words of a clause; a word longer than a post (a long URL) is cut."""
    chunks: list[str] = []
    for word in clause.split():
        while len(word) > budget:
            chunks.append(word[:budget])
            word = word[budget:]
        if word:
            chunks.append(word)
    return chunks


def _split_long(piece: str, budget: int) -> list[str]:
    """Split one over-long sentence at clause boundaries, then at word boundaries."""
    if len(piece) <= budget:
        return [piece]
    chunks: list[str] = []
    for clause in _CLAUSE.split(piece):
        chunks.extend([clause] if len(clause) <= budget else _greedy(_word_chunks(clause, budget), budget))
    return _greedy(chunks, budget)


# ------------------------------------------------------------------ X threads

# "1/3 ", and the variants models write: "(1/3) ", "[1/3] ", "1/3: ", "1/3. "
_PREFIX = re.compile(r"^[(\[]?(\d{1,3})/(\d{1,3})[)\]]?[:.]?\s")


def parse_thread(text: str, complete: bool = True) -> list[str] | None:
    """The posts of a text that already is a numbered thread "1/N …" … "N/N …" (each
    number at the start of a line, in order), with the canonical "n/N " prefix; None when
    the text is not such a thread ("20/11 là ngày…" is not one). ``complete=False`` also
    accepts a thread whose last posts are missing, if at least two are numbered."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    first = _PREFIX.match(lines[0]) if lines else None
    if not first or first.group(1) != "1":
        return None
    total = int(first.group(2))
    posts: list[list[str]] = []
    for line in lines:
        m = _PREFIX.match(line)
        if m and int(m.group(2)) == total and int(m.group(1)) == len(posts) + 1:
            posts.append([f"{m.group(1)}/{total} " + line[m.end():].strip()])
        else:
            posts[-1].append(line.strip())
    if len(posts) != total and (complete or len(posts) < 2):
        return None
    return ["\n".join(p).strip() for p in posts]


def _strip_prefixes(text: str) -> str:
    posts = parse_thread(text, complete=False)
    if posts is None:
        return text
    return "\n".join(_PREFIX.sub("", p, count=1) for p in posts)


def _pack(units: list[tuple[str, bool]], budget: int) -> list[str]:
    posts: list[str] = []
    current = ""
    for sentence, new_line in units:
        for piece in _split_long(sentence, budget):
            if not current:
                current = piece
                continue
            candidate = current + ("\n" if new_line else " ") + piece
            if len(candidate) <= budget:
                current = candidate
            else:
                posts.append(current)
                current = piece
            new_line = False
    if current:
        posts.append(current)
    return posts


def split_thread(text: str, limit: int = X_POST_LIMIT) -> list[str]:
    """Numbered posts "n/N …", each at most ``limit`` characters including the prefix."""
    existing = parse_thread(text)
    if existing is not None and all(len(p) <= limit for p in existing):
        return existing
    units = _units(_strip_prefixes(text))
    if not units:
        return []
    width = 1
    while True:
        budget = limit - len(f"{'9' * width}/{'9' * width} ")
        bodies = _pack(units, budget)
        if len(str(len(bodies))) <= width:
            break
        width += 1
    total = len(bodies)
    return [f"{i}/{total} {body}" for i, body in enumerate(bodies, 1)]


# ------------------------------------------------------------------ other channels

# "Kịch bản video — thời lượng ước tính (khoảng 1 phút 20 giây)": the figure sits in
# brackets the guardrails read as a duration, not as a claim.
_VIDEO_HEADER = re.compile(
    r"^\[?(?:Kịch bản video|Video script) — (?:thời lượng ước tính|estimated duration)"
    r" \((?:khoảng|about) [^)\n]*\)\]?[ \t]*(?:\n|$)",
    re.IGNORECASE,
)


def spoken_seconds(text: str, lang: str) -> float:
    """Estimated time to read ``text`` aloud, at SPEECH_RATES[lang] words per minute."""
    words = len(re.findall(r"\w+(?:[-'’.@/]\w+)*", text))
    return round(words * 60.0 / SPEECH_RATES.get(lang, 150), 1)


def duration_label(seconds: float, lang: str) -> str:
    rounded = max(5, int(round(seconds / 5.0)) * 5)
    minutes, secs = divmod(rounded, 60)
    if lang == "vi":
        parts = ([f"{minutes} phút"] if minutes else []) + ([f"{secs} giây"] if secs else [])
        return f"Kịch bản video — thời lượng ước tính (khoảng {' '.join(parts)})"
    parts = ([f"{minutes} min"] if minutes else []) + ([f"{secs} s"] if secs else [])
    return f"Video script — estimated duration (about {' '.join(parts)})"


def _trim(text: str, limit: int) -> str:
    """The longest beginning of ``text`` made of whole sentences that fits in ``limit``."""
    lines: list[str] = []
    for line in text.splitlines():
        kept: list[str] = []
        for sentence in split_sentences(line):
            if len("\n".join([*lines, " ".join([*kept, sentence])])) > limit:
                lines.append(" ".join(kept))
                return "\n".join(lines).strip()
            kept.append(sentence)
        lines.append(" ".join(kept))
    return "\n".join(lines).strip()


_MESSAGES = {
    "ig_trimmed": {
        "vi": "Chú thích Instagram dài {n} ký tự, vượt giới hạn {limit}: đã cắt ở ranh giới câu còn {m} ký tự — hãy kiểm tra phần bị cắt.",
        "en": "The Instagram caption was {n} characters, over the {limit} limit: trimmed at a sentence boundary to {m} — check what was cut.",
    },
    "no_headline": {
        "vi": "Thông cáo báo chí thiếu dòng tiêu đề ở đầu.",
        "en": "The press release has no headline on its first line.",
    },
    "no_media_contact": {
        "vi": "Thông cáo báo chí thiếu mục “Liên hệ báo chí”.",
        "en": "The press release has no “Media contact” block.",
    },
    "no_dateline": {
        "vi": "Thông cáo báo chí thiếu dòng địa danh, ngày (“HÀ NỘI, ngày 01/12/2026 — …”).",
        "en": "The press release has no dateline (“HANOI, 1 December 2026 — …”).",
    },
    "no_about": {
        "vi": "Thông cáo báo chí thiếu đoạn “Về …” giới thiệu người phát ngôn.",
        "en": "The press release has no “About …” paragraph.",
    },
    "no_subject": {
        "vi": "Email thiếu dòng “Tiêu đề:” ở đầu.",
        "en": "The email has no “Subject:” line at the top.",
    },
    "empty": {
        "vi": "Văn bản trống.",
        "en": "The text is empty.",
    },
}


# "HÀ NỘI, ngày 01/12/2026 — ", "HANOI, 1 December 2026 — ", "1 December 2026 — " at a line start
_DATELINE = re.compile(r"(?m)^(?:[^\W\d_][^\n,]{0,40}, )?(?:ngày )?\d{1,2}(?:/\d{1,2}/\d{4}| \w+ \d{4}) [—–-] ")
_ABOUT = re.compile(r"(?im)^(?:về|about)\s+\S")


def _msg(key: str, lang: str, **values: object) -> str:
    return _MESSAGES[key]["vi" if lang == "vi" else "en"].format(**values)


def to_channel_form(text: str, channel: str, lang: str) -> ChannelForm:
    """``text`` in the form of ``channel`` (see the module docstring)."""
    text = unicodedata.normalize("NFC", text or "").strip()
    limit = CHANNEL_LIMITS.get(channel)
    warnings: list[str] = []
    duration: float | None = None
    if not text:
        warnings.append(_msg("empty", lang))
        return ChannelForm(text="", posts=[], char_count=0, limit=limit, warnings=warnings)

    if channel == "x":
        posts = split_thread(text, X_POST_LIMIT)
        text = "\n\n".join(posts)
    elif channel == "instagram":
        if len(text) > INSTAGRAM_CAPTION_LIMIT:
            trimmed = _trim(text, INSTAGRAM_CAPTION_LIMIT)
            warnings.append(_msg("ig_trimmed", lang, n=len(text), limit=INSTAGRAM_CAPTION_LIMIT, m=len(trimmed)))
            text = trimmed
        posts = [text]
    elif channel == "video_script":
        spoken = _VIDEO_HEADER.sub("", text, count=1).strip()
        duration = spoken_seconds(spoken, lang)
        text = f"{duration_label(duration, lang)}\n\n{spoken}"
        posts = [text]
    else:
        if channel == "press_release":
            first = text.splitlines()[0].strip()
            if len(first) > 200 or first.endswith((".", ",")):
                warnings.append(_msg("no_headline", lang))
            if not _DATELINE.search("\n".join(text.splitlines()[:6])):
                warnings.append(_msg("no_dateline", lang))
            if not _ABOUT.search(text):
                warnings.append(_msg("no_about", lang))
            if not re.search(r"li[eê]n h[eệ] b[aá]o ch[ií]|media contact|press contact", text, re.IGNORECASE):
                warnings.append(_msg("no_media_contact", lang))
        elif channel == "email":
            if not re.match(r"(?:ti[eê]u đ[eề]|subject)\s*:", text, re.IGNORECASE):
                warnings.append(_msg("no_subject", lang))
        posts = [text]
    return ChannelForm(text=text, posts=posts, char_count=len(text), limit=limit,
                       duration_seconds=duration, warnings=warnings)
