"""Holding-statement templates with named slots: ``{speaker}``, ``{next_update}``…

A template is pre-approved by its SHA-256 (:func:`template_sha256`). An incident fills the
slots (:func:`render`); :func:`filled_spans` says where each filled value sits in the text
so a reviewer sees only those highlighted. A slot value is one line of plain text (no
braces), so the rendered text determines the template and the values unambiguously.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.errors import InputError, Problem

SLOT = re.compile(r"\{([a-z][a-z0-9_]*)\}")
SLOT_VALUE_LIMIT = 300


def template_sha256(template: str) -> str:
    return hashlib.sha256(template.encode("utf-8")).hexdigest()


def placeholders(template: str) -> list[str]:
    """The slot names of ``template`` in order of first appearance."""
    seen: list[str] = []
    for name in SLOT.findall(template):
        if name not in seen:
            seen.append(name)
    return seen


def check_slots(template: str, slots: dict[str, str], source: str = "slots") -> dict[str, str]:
    """The slot values, stripped; InputError naming each missing, empty or malformed one."""
    problems, clean = [], {}
    for name in placeholders(template):
        value = slots.get(name)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            problems.append(Problem(name, "must be filled in", type="empty"))
        elif len(value) > SLOT_VALUE_LIMIT:
            problems.append(Problem(name, f"must be at most {SLOT_VALUE_LIMIT} characters (got {len(value)})",
                                    type="string_too_long", value=value))
        elif "\n" in value or "{" in value or "}" in value:
            problems.append(Problem(name, "must be one line without { or }", type="invalid", value=value))
        else:
            clean[name] = value
    unknown = sorted(set(slots) - set(placeholders(template)))
    problems += [Problem(name, "is not a slot of this template", type="extra_forbidden") for name in unknown]
    if problems:
        raise InputError(source, problems)
    return clean


def render(template: str, slots: dict[str, str]) -> str:
    values = check_slots(template, slots)
    return SLOT.sub(lambda m: values[m.group(1)], template)


@dataclass(frozen=True)
class FilledSpan:
    slot: str
    start: int
    end: int
    value: str


def filled_spans(template: str, slots: dict[str, str]) -> list[FilledSpan]:
    """Where each filled value sits in ``render(template, slots)``, in text order."""
    values = check_slots(template, slots)
    spans, shift = [], 0
    for m in SLOT.finditer(template):
        value = values[m.group(1)]
        start = m.start() + shift
        spans.append(FilledSpan(m.group(1), start, start + len(value), value))
        shift += len(value) - (m.end() - m.start())
    return spans
