"""The Jinja environment for everything in ``prompts/``.

``StrictUndefined`` everywhere: a missing variable is an error, never a blank in a
statement. Brief text only ever enters as *variables* (never concatenated into template
source), so a brief cannot inject template code. ``autoescape=False``: statements are
plain text, not HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import jinja2

from assistant.errors import ConfigError

PROMPTS_DIR = Path(os.environ.get("CRISIS_DESK_PROMPTS", Path(__file__).resolve().parents[2] / "prompts"))

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def format_date(value: dt.date | dt.datetime | str | None, lang: str) -> str:
    """A brief's date as people write it: 27/11/2026 (vi), 27 November 2026 (en).
    A date-time keeps its clock time as written in the brief (no time-zone conversion)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        day = format_date(value.date(), lang)
        clock = f"{value.hour:02d}:{value.minute:02d}"
        return f"{clock} ngày {day}" if lang == "vi" else f"{day}, {clock}"
    if lang == "vi":
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def sentence(text: str) -> str:
    """Text as a complete sentence: trimmed, ending with . ! ? … (or a closing quote/bracket)."""
    text = text.strip()
    if not text:
        return text
    if text[-1] in ".!?…" or (text[-1] in "\"'”’)»" and len(text) > 1 and text[-2] in ".!?…"):
        return text
    return text + "."


def clause(text: str) -> str:
    """Text to embed in a sentence: trimmed, without a final full stop."""
    text = text.strip()
    while text.endswith(".") and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text


def lower_first(text: str) -> str:
    """Lower-case the first letter when the first word looks like an ordinary word
    (not an acronym, code or name with inner capitals)."""
    if not text:
        return text
    first = re.match(r"\S+", text)
    word = first.group(0) if first else text
    if len(word) > 1 and word[1:].islower() and word[0].isupper():
        return text[0].lower() + text[1:]
    return text


def join_list(items: list[str], lang: str) -> str:
    """a, b và c / a, b and c"""
    items = [clause(i) for i in items if i and i.strip()]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    last = " và " if lang == "vi" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WHEN_VI = ("ngày", "thứ", "chủ nhật", "tối", "sáng", "chiều", "trưa", "đêm")


def when(text: str | None, lang: str) -> str:
    """A free-text time ("20:00 ngày 24/11/2026", "8 pm on 21 November 2026", "Friday
    28 November") with the preposition it needs after "the next update will come", or ""
    when the text does not start like a time (the template then quotes it after a colon).
    The brief's words are kept exactly; only a preposition is added in front."""
    if not text:
        return ""
    value = clause(text)
    low = value.lower()
    if lang == "vi":
        if low.startswith(("lúc ", "vào ")):
            return value
        if value[:1].isdigit() or low.startswith(_WHEN_VI):
            return f"vào {value}"
        return ""
    if low.startswith(("at ", "on ", "by ", "in ", "before ")):
        return value
    if value[:1].isdigit():
        return f"on {value}" if re.match(r"\d{1,2}(st|nd|rd|th)?\s+[A-Za-z]{3}", value) else f"at {value}"
    if low.startswith(_WEEKDAYS_EN) or low.startswith(tuple(m.lower() for m in MONTHS_EN)):
        return f"on {value}"
    return ""


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=4)
def environment(root: str | None = None) -> jinja2.Environment:
    """The shared environment (cached): StrictUndefined, no autoescape, tidy whitespace."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root or str(PROMPTS_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_nfc,
    )
    env.filters.update(
        date=format_date,
        sentence=sentence,
        clause=clause,
        lower_first=lower_first,
        join_list=join_list,
        when=when,
    )
    return env


def render(name: str, /, **variables: Any) -> str:
    """Render ``prompts/<name>`` with ``variables``. A missing template or variable is a
    :class:`ConfigError` naming the template (the installation, not the user, must act)."""
    try:
        template = environment().get_template(name)
        return template.render(**variables)
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(f"prompts/{name}: template not found ({exc.name}) in {PROMPTS_DIR}") from None
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"prompts/{name}: {exc.message} (a template variable is missing)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"prompts/{exc.filename or name}, line {exc.lineno}: template syntax error: {exc.message}") from None


def tidy(text: str) -> str:
    """Collapse the blank lines templates leave behind: at most one empty line between
    paragraphs, no trailing spaces, NFC."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
