"""Preparation, orchestrated: crisis plans, pre-approval of playbook templates, starting
an incident from a playbook (brief inherited from the plan, holding statement drafted from
the template and submitted), the one-step slot confirmation and the checklist. Drills are
in ``services/drills.py``. Pages and commands call these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant.brief import IncidentBrief
from assistant.errors import InputError, Problem, WorkflowError
from assistant.prepare.plan import DEFAULT_TARGETS, CrisisPlan, inherit, parse_plan, speaker_key
from assistant.prepare.playbook import Playbook, get_playbook
from assistant.prepare.prefill import fill_slots
from assistant.prepare.template import FilledSpan, filled_spans, render, template_sha256
from assistant.services.drafts import save_version
from assistant.store.prepare import ApprovalRecord, PrepareStore

HOLDING_CHANNEL = "facebook"
_VI_ROLES = {"lawyer": "luật sư", "pr": "trưởng nhóm PR"}


def _refusal(cls, en: str, vi: str):
    exc = cls(en)
    exc.translations = {"en": en, "vi": vi}  # type: ignore[attr-defined]
    return exc


# ---------------------------------------------------------------------- plans

def save_plan(store, plan: CrisisPlan, actor: str) -> CrisisPlan:
    PrepareStore(store).save_plan(plan.key, plan.speaker.name, plan.model_dump_json(), actor)
    return plan


def import_plan(store, text: str, source: str, actor: str) -> CrisisPlan:
    """Validate a plan's YAML (InputError naming field and line) and save it."""
    return save_plan(store, parse_plan(text, source), actor)


def list_plans(store) -> list[CrisisPlan]:
    return [CrisisPlan.model_validate_json(p.plan_json) for p in PrepareStore(store).list_plans()]


def plan_for(store, speaker_name: str) -> CrisisPlan | None:
    record = PrepareStore(store).find_plan(speaker_key(speaker_name))
    return CrisisPlan.model_validate_json(record.plan_json) if record else None


def target_minutes(store, brief: IncidentBrief, playbook: Playbook) -> int:
    plan = plan_for(store, brief.speaker.name)
    return plan.target_minutes(playbook.severity) if plan else DEFAULT_TARGETS[playbook.severity]


# ---------------------------------------------------------------------- pre-approval

@dataclass(frozen=True)
class TemplateStatus:
    playbook_id: str
    language: str
    sha256: str
    approvals: dict[str, ApprovalRecord]   # role -> latest approval of THIS hash

    @property
    def approved(self) -> bool:
        return {"lawyer", "pr"} <= set(self.approvals)

    @property
    def missing(self) -> list[str]:
        return [r for r in ("lawyer", "pr") if r not in self.approvals]


def template_status(store, playbook_id: str, lang: str) -> TemplateStatus:
    playbook = get_playbook(playbook_id)
    sha = playbook.template_sha256(lang)
    approvals = {a.role: a for a in PrepareStore(store).template_approvals(playbook_id, lang, sha)}
    return TemplateStatus(playbook_id, lang, sha, approvals)


def approve_template(store, playbook_id: str, lang: str, role: str, reviewer: str) -> TemplateStatus:
    """A lawyer or PR lead pre-approves the holding template's current text (its hash).
    One person cannot pre-approve as both roles."""
    status = template_status(store, playbook_id, lang)
    other = status.approvals.get("pr" if role == "lawyer" else "lawyer")
    if other is not None and other.reviewer.strip().casefold() == reviewer.strip().casefold():
        raise _refusal(WorkflowError,
                       f"{reviewer} already pre-approved this template as {other.role}: the other role needs another person",
                       f"{reviewer} đã duyệt trước mẫu này với vai trò {other.role}: vai trò còn lại cần một người khác")
    PrepareStore(store).approve_template(playbook_id, lang, status.sha256, role, reviewer)
    return template_status(store, playbook_id, lang)


# ---------------------------------------------------------------------- incidents

@dataclass(frozen=True)
class StartedIncident:
    incident: object
    draft: object | None = None
    version: object | None = None


def create_incident(store, brief: IncidentBrief, actor: str, playbook_id: str | None = None,
                    slots: dict[str, str] | None = None, is_drill: bool = False) -> StartedIncident:
    """A new incident. Its brief inherits the standing lists of the speaker's plan; with a
    playbook, the holding statement is drafted from the template and submitted for review."""
    playbook = get_playbook(playbook_id) if playbook_id else None
    plan = plan_for(store, brief.speaker.name)
    if plan is not None:
        brief = inherit(brief, plan)
    if playbook is not None:
        values = fill_slots(playbook, brief, slots, lang=brief.language)  # before anything is stored
    incident = store.create_incident(brief, author=actor, is_drill=is_drill)
    if playbook is None:
        return StartedIncident(incident)
    PrepareStore(store).link_playbook(incident.id, playbook.id, brief.language, actor)
    draft, version = draft_holding(store, incident.id, playbook, brief.language, values, actor)
    return StartedIncident(incident, draft, version)


def draft_holding(store, incident_id: int, playbook: Playbook, lang: str, slots: dict[str, str], actor: str,
                  channel: str = HOLDING_CHANNEL):
    """The holding statement rendered from the template, saved as a version that records
    the template's hash and the slot values, and submitted for review."""
    template = playbook.holding_template(lang)
    text = render(template, slots)
    draft = store.create_draft(incident_id, kind="holding", channel=channel, language=lang, author=actor)
    version = save_version(store, draft.id, text, actor, backend="template")
    PrepareStore(store).record_template_version(version.id, playbook.id, lang, template_sha256(template), slots)
    draft = store.submit_for_review(draft.id, version.number, actor)
    return draft, version


@dataclass(frozen=True)
class ConfirmView:
    """What a reviewer sees for a version drafted from a template: the filled slots and,
    when one-step confirmation is not possible, why (a full review is needed)."""

    draft_id: int
    number: int
    text: str
    sha256: str
    playbook_id: str | None = None
    template_sha256: str | None = None
    slots: dict[str, str] = field(default_factory=dict)
    spans: list[FilledSpan] = field(default_factory=list)
    blockers: list[tuple[str, str]] = field(default_factory=list)   # (en, vi) reasons

    @property
    def confirmable(self) -> bool:
        return not self.blockers


def confirm_view(store, draft_id: int, number: int | None = None) -> ConfirmView:
    version = store.get_version(draft_id, number)
    base = dict(draft_id=draft_id, number=version.number, text=version.text, sha256=version.sha256)
    origin = PrepareStore(store).template_version(version.id)
    if origin is None:
        return ConfirmView(**base, blockers=[("this version was not drafted from a pre-approved template "
                                              "(or was edited): it needs a full review on the Review page",
                                              "phiên bản này không soạn từ mẫu đã duyệt trước (hoặc đã bị sửa): "
                                              "cần duyệt đầy đủ ở trang Duyệt")])
    playbook = get_playbook(origin.playbook_id)
    template = playbook.holding_template(origin.language)
    blockers = []
    if template_sha256(template) != origin.template_sha256:
        blockers.append(("the playbook's holding template changed after this version was drafted: full review",
                         "mẫu thông báo của kịch bản đã thay đổi sau khi soạn phiên bản này: cần duyệt đầy đủ"))
    elif render(template, origin.slots) != version.text:
        blockers.append(("the text is not the template filled with the recorded slots: full review",
                         "văn bản không đúng là mẫu điền các ô đã ghi: cần duyệt đầy đủ"))
    status = template_status(store, origin.playbook_id, origin.language)
    if status.sha256 == origin.template_sha256 and not status.approved:
        blockers.append((f"the template is not pre-approved yet (missing: {', '.join(status.missing)})",
                         f"mẫu chưa được duyệt trước (còn thiếu: {', '.join(_VI_ROLES[m] for m in status.missing)})"))
    spans = filled_spans(template, origin.slots) if not blockers else []
    return ConfirmView(**base, playbook_id=origin.playbook_id, template_sha256=origin.template_sha256,
                       slots=origin.slots, spans=spans, blockers=blockers)


def confirm_slots(store, draft_id: int, number: int, reviewer: str, role: str, sha256: str):
    """The one-step confirmation: the reviewer confirms the filled slots of a version whose
    text is exactly the pre-approved template rendered with them. Recorded as the store's
    ordinary approval (same reviewer field, bound to the text's hash)."""
    view = confirm_view(store, draft_id, number)
    if view.blockers:
        en, vi = view.blockers[0]
        raise _refusal(WorkflowError, f"draft {draft_id} version {number}: {en}",
                       f"bản nháp {draft_id} phiên bản {number}: {vi}")
    version = store.get_version(draft_id, number)
    if reviewer.strip().casefold() == version.author.strip().casefold():
        raise _refusal(WorkflowError, f"{reviewer} wrote this version and cannot confirm it: another reviewer must",
                       f"{reviewer} đã soạn phiên bản này nên không thể tự xác nhận: cần người duyệt khác")
    slots = "; ".join(f"{k}={v}" for k, v in view.slots.items())
    comment = f"pre-approved template {view.playbook_id} ({view.template_sha256[:12]}); slots confirmed: {slots}"
    return store.review(draft_id, number, reviewer=reviewer, role=role, decision="approved", comment=comment,
                        sha256=sha256)


def holding_drafts(store, incident_id: int) -> list:
    """The incident's drafts whose latest version came from a template, newest first."""
    prep = PrepareStore(store)
    out = []
    for d in reversed(store.list_drafts(incident_id)):
        if d.latest_version and prep.template_version(store.get_version(d.id, d.latest_version).id):
            out.append(d)
    return out


# ---------------------------------------------------------------------- checklist

def checklist(store, incident_id: int):
    """``(playbook, [(step, done)])`` of an incident started from a playbook, else None."""
    prep = PrepareStore(store)
    link = prep.incident_playbook(incident_id)
    if link is None:
        return None
    playbook = get_playbook(link.playbook_id)
    ticks = prep.ticks(incident_id)
    return playbook, [(step, ticks.get(step.id, False)) for step in playbook.checklist]


def tick(store, incident_id: int, item_id: str, done: bool, actor: str, now: dt.datetime | None = None) -> None:
    found = checklist(store, incident_id)
    if found is None:
        raise InputError("checklist", [Problem("incident", f"incident {incident_id} was not started from a playbook")])
    if item_id not in {s.id for s in found[0].checklist}:
        raise InputError("checklist", [Problem("item", f"{item_id!r} is not a step of playbook {found[0].id!r}")])
    PrepareStore(store).tick(incident_id, item_id, done, actor, at=now)
