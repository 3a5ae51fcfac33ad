"""A word-level diff of two versions of a statement, as escaped HTML."""

from __future__ import annotations

import difflib
import re

from assistant.ui.highlight import escape_text

_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_html(old: str, new: str) -> str:
    """Removed words struck through in red, added words underlined in green; every piece
    of text is escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape_text("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append('<del class="cd-del" style="background:#ffe0e0;color:#8b0000">'
                       + escape_text("".join(a[i1:i2])) + "</del>")
        if op in ("insert", "replace"):
            out.append('<ins class="cd-ins" style="background:#dcfce7;color:#14532d">'
                       + escape_text("".join(b[j1:j2])) + "</ins>")
    return '<div class="cd-diff" style="line-height:1.6">' + "".join(out) + "</div>"


def diff_counts(old: str, new: str) -> tuple[int, int]:
    """(words removed, words added)."""
    a, b = (old or "").split(), (new or "").split()
    removed = added = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed += i2 - i1
        if op in ("insert", "replace"):
            added += j2 - j1
    return removed, added
