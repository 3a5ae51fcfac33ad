"""Text geometry shared by the renderers: where each finding sits in the statement, the
statement cut into segments at every finding boundary and line break, and the small text
hygiene every output format needs (XML-safe characters, NFC per segment, redaction).

Offsets are Python ``str`` indices into the text exactly as given (guardrails.md). Every
transformation here is done per segment and is length-preserving or segment-local, so a
finding's span is never lost when a renderer normalises the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from guardrails.names import redact_names
from guardrails.report import Finding


_BREAK = re.compile(r"\r\n|\n|\r|\u2028|\u2029")
# characters XML 1.0 (hence .docx) cannot hold; replaced one-for-one so offsets survive
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class LocatedFinding:
    """A finding numbered for display (1-based) with its span in the text, if found."""

    number: int
    finding: Finding
    start: int | None
    end: int | None

    @property
    def located(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    findings: tuple[int, ...]  # numbers of the findings covering this segment
    is_break: bool = False


def locate_findings(text: str, findings: list[Finding]) -> list[LocatedFinding]:
    """Number the findings in text order and check each span.

    A finding whose offsets do not match its quoted text (e.g. the text was edited after
    the scan) is searched for by its quoted text; if absent it stays unlocated and is still
    reported (a renderer must never drop a finding)."""
    placed: list[tuple[int, int, Finding, int | None, int | None]] = []
    for order, f in enumerate(findings):
        start: int | None = f.start
        end: int | None = f.end
        if not (0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text):
            pos = text.find(f.text) if f.text else -1
            start, end = (pos, pos + len(f.text)) if pos >= 0 else (None, None)
        key = start if start is not None else len(text) + 1
        placed.append((key, order, f, start, end))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [LocatedFinding(i + 1, f, s, e) for i, (_, _, f, s, e) in enumerate(placed)]


def segment_text(text: str, located: list[LocatedFinding]) -> list[Segment]:
    """Cut ``text`` at every finding boundary and line break. Line breaks are their own
    segments (``is_break``); the concatenation of all segments is ``text``."""
    cuts = {0, len(text)}
    breaks: dict[int, int] = {}
    for m in _BREAK.finditer(text):
        breaks[m.start()] = m.end()
        cuts.update((m.start(), m.end()))
    for lf in located:
        if lf.located:
            cuts.update((lf.start, lf.end))
    points = sorted(cuts)
    segments: list[Segment] = []
    for a, b in zip(points, points[1:]):
        covering = tuple(lf.number for lf in located if lf.located and lf.start <= a and b <= lf.end)
        segments.append(Segment(a, b, text[a:b], covering, is_break=a in breaks and breaks[a] == b))
    return segments


def split_lines(segments: list[Segment]) -> list[list[Segment]]:
    """Group segments into lines (the break segments themselves are dropped)."""
    lines: list[list[Segment]] = [[]]
    for seg in segments:
        if seg.is_break:
            lines.append([])
        else:
            lines[-1].append(seg)
    return lines


def xml_safe(text: str) -> str:
    """Replace characters XML cannot hold with U+FFFD, one for one (offsets survive)."""
    return _XML_INVALID.sub("\ufffd", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def redact(text: str, names: list[str], mask: str = "[…]") -> str:
    """Replace every mention of a protected person (every form ``guardrails.names``
    knows: full or given name, initials, handle; any case, diacritics, NFC or NFD) by
    ``mask``. The result is NFC."""
    return nfc(redact_names(nfc(text), names, mask))
