"""Post-processing of a model's answer before it becomes a statement.

Models like to wrap text in code fences, add Markdown headings or bold, and number the
posts of a thread themselves. Statements are plain text and the channel form numbers the
posts, so those marks are removed here — the words themselves are always kept. Idempotent:
plain text (the offline drafter's) passes through unchanged.
"""

from __future__ import annotations

import re
import unicodedata

from guardrails.names import protected_name_in  # noqa: F401 - the one protected-name matcher


_FENCE = re.compile(r"^[ \t]*(```|~~~)[\w+-]*[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
# "1/3 ", "(2/5) ", "3/3: " at the start of a paragraph: the channel form numbers posts.
_POST_NUMBER = re.compile(r"(^|\n\n)[ \t]*\(?\d{1,2}[ \t]*/[ \t]*\d{1,2}\)?[ \t]*[.:\-–—]?[ \t]+")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def clean_model_text(text: str, channel: str | None = None) -> str:
    """``text`` without code fences, heading marks, bold marks, rules and (for an ``x``
    thread) the model's own post numbers; NFC; at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _FENCE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text).strip()
    if channel == "x":
        text = _POST_NUMBER.sub(lambda m: m.group(1), text).strip()
    return text

