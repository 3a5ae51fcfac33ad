"""The brief form's data: IncidentBrief <-> form values <-> the mapping ``validate_brief``
checks, and validation problems mapped to the form field they belong to.

Form values are plain JSON (strings, lists of strings, lists of {action, due}) so the
half-filled form can be autosaved with ``store.save_working_copy`` as it is.  Nothing a
user typed is ever dropped here: only rows that are entirely empty are left out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from assistant.brief import IncidentBrief
from assistant.errors import Problem
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import has, t

LIST_FIELDS: tuple[str, ...] = (
    "confirmed_facts", "under_investigation", "affected_parties", "actions_taken",
    "official_channels", "do_not_say", "protected_names",
)
SCALAR_FIELDS: tuple[str, ...] = (
    "language", "speaker.name", "speaker.role", "speaker.handle", "speaker.voice",
    "speaker.self_reference", "speaker.audience", "speaker.about",
    "incident.title", "incident.scenario", "incident.summary", "incident.account", "incident.occurred_at",
    "incident.discovered_at", "fault", "next_update", "contact",
)
# Kept as they are through the form (edited in the YAML file or on the draft page).
KEPT_FIELDS: tuple[str, ...] = ("pr_contact", "translations")
FORM_FIELDS: tuple[str, ...] = SCALAR_FIELDS + LIST_FIELDS + ("actions_planned",)
# fields whose value is a vocabulary id, and the strings family that labels it
VOCABULARY: dict[str, str] = {"language": "language", "speaker.role": "role", "incident.scenario": "scenario", "fault": "fault"}
ALIAS_MARK = " = "  # "topic = alias; alias" in a do-not-say cell
_INDEX = re.compile(r"\[(\d+)\]")
_FORMAT_HINT = re.compile(r"\s*\([^()]*(?:YYYY|\d{2}/\d{2}/\d{4})[^()]*\)")  # "(YYYY-MM-DD …)": for the form, not the summary


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value))


def blank_form(language: str = "vi") -> dict[str, Any]:
    form: dict[str, Any] = {name: "" for name in SCALAR_FIELDS}
    form.update({"language": language, "speaker.role": "kol", "incident.scenario": "other", "fault": "unknown"})
    form.update({name: [] for name in LIST_FIELDS})
    form["actions_planned"] = []
    return form


def form_from_brief(brief: IncidentBrief) -> dict[str, Any]:
    data = brief.model_dump(mode="json")
    form = blank_form(brief.language)
    for name in SCALAR_FIELDS:
        head, _, tail = name.partition(".")
        value = data[head][tail] if tail else data[head]
        form[name] = _text(value)
    for name in LIST_FIELDS:
        form[name] = [_text(v) for v in data[name]]
    form["do_not_say"] = [_text(i.topic) + "".join(f"{ALIAS_MARK}{_text(a)}" if k == 0 else f"; {_text(a)}"
                          for k, a in enumerate(i.aliases)) for i in brief.do_not_say]
    form["actions_planned"] = [{"action": _text(a["action"]), "due": _text(a.get("due"))} for a in data["actions_planned"]]
    form.update({name: data[name] for name in KEPT_FIELDS if data.get(name)})
    return form


def normalise_form(form: dict[str, Any]) -> dict[str, Any]:
    """Fill missing fields and coerce the values widgets return (None, NaN, numbers)."""
    out = blank_form()
    for name in SCALAR_FIELDS:
        if name in form:
            out[name] = _text(form[name])
    for name in LIST_FIELDS:
        out[name] = [_clean_cell(v) for v in (form.get(name) or [])]
    out["actions_planned"] = [
        {"action": _clean_cell(row.get("action")), "due": _clean_cell(row.get("due"))}
        for row in (form.get("actions_planned") or []) if isinstance(row, dict)
    ]
    out.update({name: form[name] for name in KEPT_FIELDS if form.get(name)})
    return out


def _clean_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN from a data editor
        return ""
    return _text(value)


def data_from_form(form: dict[str, Any]) -> dict[str, Any]:
    """The mapping ``validate_brief`` checks: empty optional fields and empty rows left out."""
    form = normalise_form(form)
    data: dict[str, Any] = {"speaker": {}, "incident": {}}
    for name in SCALAR_FIELDS:
        value = form[name].strip()
        head, _, tail = name.partition(".")
        target = data[head] if tail else data
        key = tail or head
        if value:
            target[key] = value
        elif name in ("speaker.name", "incident.title", "incident.summary"):
            target[key] = ""  # present but empty: "must not be empty" next to the field
    for name in LIST_FIELDS:
        data[name] = [v for v in form[name] if v.strip()]
    data["do_not_say"] = [_do_not_say_item(v) for v in data["do_not_say"]]
    planned = []
    for row in form["actions_planned"]:
        action, due = row["action"].strip(), row["due"].strip()
        if not action and not due:
            continue
        item: dict[str, Any] = {"action": action}
        if due:
            item["due"] = due
        planned.append(item)
    data["actions_planned"] = planned
    data.update({name: form[name] for name in KEPT_FIELDS if form.get(name)})
    return data


def _do_not_say_item(cell: str) -> str | dict[str, Any]:
    """``"the courier company = GHN; Giao Hàng Nhanh"``: a topic and its aliases (the
    form's one-line spelling of a do-not-say item); a cell without `` = `` is a topic."""
    topic, mark, aliases = cell.partition(ALIAS_MARK)
    if not mark:
        return cell
    return {"topic": topic.strip(), "aliases": [a.strip() for a in aliases.split(";") if a.strip()]}


def field_of(problem: Problem) -> str:
    """The form field a problem belongs to: ``confirmed_facts[2]`` -> ``confirmed_facts``."""
    path = _INDEX.split(problem.field, maxsplit=1)[0].rstrip(".")
    if path in FORM_FIELDS:
        return path
    for name in FORM_FIELDS:
        if path.startswith(name + "."):
            return name
    head = path.split(".")[0]
    return head if head in FORM_FIELDS else "(form)"


def row_of(problem: Problem) -> int | None:
    m = _INDEX.search(problem.field)
    return int(m.group(1)) if m else None


def describe_problem(problem: Problem, lang: str) -> str:
    """The problem's message in ``lang``, by its stable type (English detail kept), ready
    for a Markdown message (``st.error``): the detail may quote the user's file, so it is
    escaped."""
    detail = md_escape(problem.message)
    key = f"problem.{problem.type}" + ("_file" if problem.type == "empty" and problem.field == "(file)" else "")
    text = t(key, lang, detail=detail) if has(key) else t("problem.other", lang, detail=detail)
    row = row_of(problem)
    if row is not None:
        text = t("brief.row", lang, row=row + 1) + " " + text
    if problem.line:
        text = t("brief.line", lang, line=problem.line) + " " + text
    return text


def problems_by_field(problems: list[Problem], lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(field_of(p), []).append(describe_problem(p, lang))
    return out


def _readable_moment(value: str) -> str:
    """An ISO date-time as "2026-11-20 09:30 (UTC+07:00)"; anything else unchanged."""
    import datetime as dt

    from assistant.ui.clock import format_moment

    if "T" not in value:
        return value
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return format_moment(moment) if moment.tzinfo else f"{moment:%Y-%m-%d %H:%M}"


def brief_summary(brief: IncidentBrief, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of a brief for reviewers: every non-empty field, lists one
    item per line. Plain text, to be shown with ``st.text``."""
    form = form_from_brief(brief)
    lines: list[tuple[str, str]] = []
    for name in SCALAR_FIELDS:
        if form[name]:
            value = t(f"{VOCABULARY[name]}.{form[name]}", lang) if name in VOCABULARY else _readable_moment(form[name])
            lines.append((_FORMAT_HINT.sub("", t(f"brief.field.{name}", lang)).rstrip(" *"), value))
    for name in LIST_FIELDS:
        if form[name]:
            lines.append((t(f"brief.field.{name}", lang), "\n".join(f"• {v}" for v in form[name])))
    if form["actions_planned"]:
        lines.append((t("brief.field.actions_planned", lang),
                      "\n".join(f"• {a['action']}" + (f" ({a['due']})" if a["due"] else "") for a in form["actions_planned"])))
    return lines
