"""Starting an incident from a playbook: the brief pre-filled from the speaker's plan, and
the holding statement's slots filled from the brief."""

from __future__ import annotations

from assistant.brief import IncidentBrief, validate_brief
from assistant.errors import InputError, Problem
from assistant.prepare.plan import CrisisPlan, inherit
from assistant.prepare.playbook import Playbook


def new_brief(plan: CrisisPlan | None, playbook: Playbook, lang: str, title: str, summary: str,
              next_update: str | None = None, speaker_name: str | None = None) -> IncidentBrief:
    """A first brief for a new incident of ``plan``'s speaker (or of ``speaker_name`` when
    there is no plan) in ``playbook``'s scenario (the facts are still to be confirmed: the
    brief page completes them). BriefError names each missing field."""
    data = {
        "language": lang,
        "speaker": plan.speaker.model_dump(exclude_none=True) if plan else {"name": speaker_name or ""},
        "incident": {"title": title, "scenario": playbook.scenario, "summary": summary},
        "fault": "unknown",
        "next_update": next_update or None,
    }
    brief = validate_brief(data, source="form")
    return inherit(brief, plan) if plan else brief


def _from_brief(source: str | None, brief: IncidentBrief) -> str | None:
    if source == "speaker":
        return brief.speaker.name
    if source == "title":
        return brief.incident.title
    if source == "next_update":
        return brief.next_update
    if source == "channel":
        return brief.official_channels[0] if brief.official_channels else None
    if source == "contact":
        return brief.contact
    return None


def slots_from_brief(playbook: Playbook, brief: IncidentBrief) -> dict[str, str]:
    """The slot values the brief provides (slots it cannot fill are left out)."""
    values = {name: _from_brief(slot.from_brief, brief) for name, slot in playbook.slots.items()}
    return {name: value for name, value in values.items() if value}


def fill_slots(playbook: Playbook, brief: IncidentBrief, given: dict[str, str] | None = None,
               lang: str = "en") -> dict[str, str]:
    """Every slot's value: ``given`` first, then the brief; InputError naming each slot
    still empty and where it could come from."""
    values = {**slots_from_brief(playbook, brief), **{k: v for k, v in (given or {}).items() if v and v.strip()}}
    unknown = sorted(set(given or {}) - set(playbook.slots))
    problems = [Problem(f"slot {name}", f"not a slot of playbook {playbook.id!r} (slots: {', '.join(playbook.slots)})",
                        type="extra_forbidden") for name in unknown]
    for name, slot in playbook.slots.items():
        if not values.get(name):
            where = f"the brief's {slot.from_brief}" if slot.from_brief else "no brief field"
            problems.append(Problem(f"slot {name}", f"is empty ({slot.pick(lang)}; filled from {where}): "
                                                     f"give it with --slot {name}=VALUE or in the form", type="empty"))
    if problems:
        raise InputError(f"playbook {playbook.id}", problems)
    return {name: values[name].strip() for name in playbook.slots}
