"""Messages for the model back end: ``build_messages(request) -> [("system", …), ("user", …)]``.

The system message (``prompts/system.<lang>.j2``) carries the crisis-communication
principles. The user message (``prompts/user.<lang>.j2`` with ``prompts/kind/<lang>/<kind>.j2``
and ``prompts/channel/<lang>/<channel>.j2``) carries the task, the channel's form rules and
the brief as JSON *data* between ``<incident_brief>`` tags. ``<`` and ``>`` inside the data
are JSON-escaped (``\\u003c``), so no brief text can close the tag and pose as an
instruction. Items that mention a protected name or a do-not-say phrase are left out
before the model sees them, exactly as in the offline drafter.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.catalog import INSTAGRAM_CAPTION_LIMIT, X_POST_LIMIT
from assistant.drafting.channels import SPEECH_RATES
from assistant.drafting.context import build_context
from assistant.drafting.request import DraftRequest
from assistant.drafting.templates import format_date, render, tidy

_ROLE_LABELS = {
    "en": {"kol": "an influencer (KOL)", "management": "an influencer's management company", "brand": "a brand"},
    "vi": {"kol": "một KOL (người có ảnh hưởng)", "management": "công ty quản lý của một KOL", "brand": "một nhãn hàng"},
}


def data_json(value: Any) -> str:
    """JSON for a data block: readable Unicode, but ``<``, ``>`` and ``&`` escaped so the
    text can never close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _voice_label(context: dict[str, Any]) -> str:
    """Who speaks and how: the speaker's declared self-reference and audience."""
    name, role, lang, p = context["speaker_name"], context["role"], context["lang"], context["p"]
    note = context["voice_note"]
    if lang == "vi":
        who = {"kol": f"KOL {name}", "management": f"công ty quản lý {name}", "brand": f"nhãn hàng {name}"}[role]
        return f'{who}, xưng "{p["I"]}", gọi người đọc là "{p["you"]}"' + (f" (giọng văn: {note})" if note else "")
    pronoun = 'first person plural, "we"' if p["we"] else 'first person singular, "I"'
    who = {"kol": f"the influencer {name}", "management": f"the management company {name}", "brand": f"the brand {name}"}[role]
    return f'{who}, {pronoun}, addressing "{p["you"]}"' + (f" (voice: {note})" if note else "")


def brief_data(request: DraftRequest) -> dict[str, Any]:
    """The brief as the model sees it: restricted items removed, dates as people write them."""
    c = build_context(request)
    incident = request.brief.incident
    data: dict[str, Any] = {
        "speaker": {"name": c["speaker_name"], "role": c["role"], "handle": c["handle"], "voice": c["voice_note"]},
        "incident": {
            "title": c["title"],
            "scenario": c["scenario"],
            "summary": c["summary"],
            "account": c["account"],
            "occurred_at": format_date(incident.occurred_at, c["lang"]) or None,
            "discovered_at": format_date(incident.discovered_at, c["lang"]) or None,
        },
        "fault": c["fault"],
        "confirmed_facts": c["facts"],
        "under_investigation": c["checking"],
        "affected_parties": c["affected"],
        "actions_taken": c["done"],
        "actions_planned": [{"action": p["action"], "due": p["due"] or None} for p in c["planned"]],
        "next_update": c["next_update"],
        "official_channels": c["channels"],
        "contact": c["contact"],
        "pr_contact": c["pr_contact"],
        "about": c["about"],
        "do_not_say": [i.model_dump(mode="json") for i in request.brief.do_not_say],
        "statement_date": c["statement_date"] or None,
    }
    return data


def build_messages(request: DraftRequest) -> list[tuple[str, str]]:
    """``[("system", principles), ("user", task + brief as data)]`` for a chat model."""
    c = build_context(request)
    lang = request.language
    c.update(
        speaker_role_label=_ROLE_LABELS[lang][c["role"]],
        voice_label=_voice_label(c),
        limits={"x": X_POST_LIMIT, "instagram": f"{INSTAGRAM_CAPTION_LIMIT:,}".replace(",", "." if lang == "vi" else ",")},
        rate=SPEECH_RATES[lang],
    )
    c["kind_instructions"] = tidy(render(f"kind/{lang}/{request.kind}.j2", **c))
    c["channel_instructions"] = tidy(render(f"channel/{lang}/{request.channel}.j2", **c))
    c["brief_json"] = data_json(brief_data(request))
    c["previous_json"] = data_json(list(request.previous)) if request.previous else ""
    system = tidy(render(f"system.{lang}.j2", **c))
    human = tidy(render(f"user.{lang}.j2", **c))
    return [("system", system), ("user", human)]
