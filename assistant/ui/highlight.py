"""Guardrail findings shown inline in a statement, as escaped HTML.

Every piece of user text goes through ``html.escape`` (and the characters Markdown or
LaTeX could read are turned into entities), so a statement is never rendered as HTML or
Markdown: only the ``<mark>`` tags built here are markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from guardrails.report import Finding

ROUTE_COLOURS: dict[str, tuple[str, str]] = {
    # route -> (background, border)
    "lawyer": ("#ffd9d9", "#c62828"),
    "pr": ("#fff1c2", "#b26a00"),
}
# One pass, one entity per character: HTML's special characters and the ones Markdown or
# LaTeX could read. (Escaping in two passes would mangle the first pass's entities.)
_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "#": "&#35;", "[": "&#91;", "]": "&#93;",
    "$": "&#36;", "~": "&#126;", "|": "&#124;", "\\": "&#92;",
})
_SENTENCE_END = re.compile(r"[.!?…。]+[\"'”»)]*\s+|\n+")


def escape_text(text: str) -> str:
    """User text -> inert HTML: escaped, Markdown characters as entities, newlines as <br>."""
    escaped = text.replace("\r\n", "\n").translate(_ENTITIES)
    return escaped.replace("\n", "<br>")


def valid_findings(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """Findings whose offsets still point at their text, in reading order (a stale one —
    the text was edited since the scan — is left out)."""
    return sorted(
        (f for f in findings if 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text),
        key=lambda f: (f.start, -(f.end - f.start)),
    )


def _clusters(findings: list[Finding]) -> list[tuple[int, int, list[tuple[int, Finding]]]]:
    """Overlapping findings merged into one span, each keeping its number (1-based)."""
    out: list[tuple[int, int, list[tuple[int, Finding]]]] = []
    for n, f in enumerate(findings, start=1):
        if out and f.start < out[-1][1]:
            start, end, members = out[-1]
            out[-1] = (start, max(end, f.end), members + [(n, f)])
        else:
            out.append((f.start, f.end, [(n, f)]))
    return out


def highlight_html(text: str, findings: Sequence[Finding], label_for=None) -> str:
    """``text`` as a block of escaped HTML with every finding wrapped in a coloured mark
    (red: a lawyer must see it; yellow: PR). Overlapping findings share one mark that
    carries all their numbers; the lawyer's colour wins.

    ``label_for(finding) -> str`` gives the tooltip (the category label and the reason);
    it is escaped too.
    """
    out: list[str] = []
    pos = 0
    for start, end, members in _clusters(valid_findings(text, findings)):
        route = "lawyer" if any(f.route == "lawyer" for _, f in members) else members[0][1].route
        background, border = ROUTE_COLOURS.get(route, ROUTE_COLOURS["lawyer"])
        tip = " | ".join(label_for(f) if label_for else f"{f.category}: {f.rationale}" for _, f in members)
        numbers = ",".join(str(n) for n, _ in members)
        out.append(escape_text(text[pos:start]))
        out.append(
            f'<mark class="cd-finding cd-{html.escape(route)}" data-route="{html.escape(route)}" '
            f'title="{html.escape(tip, quote=True)}" '
            f'style="background:{background};border-bottom:2px solid {border};padding:0 2px">'
            f"{escape_text(text[start:end])}<sup>{numbers}</sup></mark>"
        )
        pos = end
    out.append(escape_text(text[pos:]))
    return '<div class="cd-statement" style="white-space:normal;line-height:1.6">' + "".join(out) + "</div>"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The [start, end) of the sentence around a span (sentence = up to . ! ? … or a newline)."""
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end)
    e = m.end() if m else len(text)
    return s, e


# A suggestion that starts like an instruction ("Remove the name…", "Bỏ số điện thoại…")
# is advice for the writer, not words to put in the statement.
_ADVICE_OPENERS = {
    "bo", "xac", "viet", "hoi", "them", "dung", "chi", "kiem", "xoa", "thay", "tranh", "khong", "neu",
    "remove", "confirm", "write", "rewrite", "check", "add", "use", "only", "give", "avoid", "replace",
    "delete", "drop", "ask", "do", "don't", "say", "name", "keep",
}
_SENTENCE_FINAL = ("." , "!", "?", "…", ".\"", ".”")


def _folded_first_word(text: str) -> str:
    from guardrails.text import fold_plain

    word = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    return fold_plain(word).strip(",.:;\"'“”")


def suggestion_mode(finding: Finding) -> str:
    """How "use safer wording" applies a finding's suggestion:
    ``"sentence"`` — the suggestion is a whole sentence: it replaces the risky sentence;
    ``"phrase"`` — a replacement phrase: it replaces the flagged words;
    ``"remove"`` — no usable wording (none, or advice to the writer): the sentence is removed."""
    suggestion = (finding.suggestion or "").strip()
    if not suggestion or _folded_first_word(suggestion) in _ADVICE_OPENERS:
        return "remove"
    return "sentence" if suggestion.endswith(_SENTENCE_FINAL) else "phrase"


def apply_suggestion(text: str, finding: Finding) -> str:
    """Use the safer wording (see :func:`suggestion_mode`). A stale finding (its offsets no
    longer point at its text) changes nothing."""
    if not (0 <= finding.start < finding.end <= len(text)) or text[finding.start:finding.end] != finding.text:
        return text
    mode = suggestion_mode(finding)
    if mode == "phrase":
        return text[:finding.start] + finding.suggestion.strip() + text[finding.end:]
    s, e = sentence_bounds(text, finding.start, finding.end)
    tail = text[s:e][len(text[s:e].rstrip()):]  # keep the space or newline that ended the sentence
    if mode == "sentence":
        return text[:s] + finding.suggestion.strip() + tail + text[e:]
    return (text[:s] + text[e:]).strip() if s == 0 else text[:s] + text[e:]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_escape(text: object) -> str:
    """User text placed inside a Streamlit message that renders Markdown (st.error,
    st.success, captions): every Markdown character backslash-escaped, so it shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
