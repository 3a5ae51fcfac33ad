"""Preparation, orchestrated: crisis plans, pre-approval of playbook templates, starting
an incident from a playbook (brief inherited from the plan, holding statement drafted from
the template and submitted), the one-step slot confirmation, checklists, and drills
(start, simulated feed, answers scanned by the guardrails, debrief, history).

Pages and commands call these functions; the clock is a parameter (``now``) so drills
run on a fake clock in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant.brief import IncidentBrief
from assistant.errors import InputError, Problem, WorkflowError
from assistant.prepare import debrief
from assistant.prepare.drill import DrillClock, Inject, get_drill_script
from assistant.prepare.plan import DEFAULT_TARGETS, CrisisPlan, inherit, parse_plan, speaker_key
from assistant.prepare.playbook import Playbook, get_playbook
from assistant.prepare.prefill import fill_slots
from assistant.prepare.template import FilledSpan, filled_spans, render, template_sha256
from assistant.store.models import utc_now
from assistant.store.prepare import AnswerRecord, ApprovalRecord, DrillRecord, PrepareStore
from guardrails.report import ScanReport

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
    version = store.add_version(draft.id, text, author=actor, backend="template")
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


# ---------------------------------------------------------------------- drills

def start_drill(store, script_id: str, actor: str, lang: str = "vi", team: str | None = None,
                now: dt.datetime | None = None) -> DrillRecord:
    """A drill: an incident marked as a drill, started from the script's playbook, and the
    compressed clock starting ``now``."""
    script = get_drill_script(script_id)
    if lang not in ("vi", "en"):
        raise InputError("drill", [Problem("lang", f"must be vi or en (got {lang!r})")])
    brief = script.incident_brief(lang)
    started = create_incident(store, brief, actor, playbook_id=script.playbook, slots=script.slots.get(lang),
                              is_drill=True)
    return PrepareStore(store).create_drill(started.incident.id, script.id, team or brief.speaker.name, lang,
                                            script.speed, now or utc_now(), actor)


def _clock(drill: DrillRecord) -> DrillClock:
    return DrillClock(drill.started_at, drill.speed)


def _until(drill: DrillRecord, now: dt.datetime | None) -> dt.datetime:
    now = now or utc_now()
    return min(now, drill.ended_at) if drill.ended_at else now


@dataclass(frozen=True)
class FeedItem:
    inject: Inject
    answer: AnswerRecord | None


def feed(store, drill_id: int, now: dt.datetime | None = None) -> list[FeedItem]:
    """The injects shown so far on the simulated feed (newest first) with the latest answer."""
    prep = PrepareStore(store)
    drill = prep.get_drill(drill_id)
    latest = {a.inject_id: a for a in prep.answers(drill_id)}
    due = _clock(drill).due(get_drill_script(drill.script_id), _until(drill, now))
    return [FeedItem(i, latest.get(i.id)) for i in reversed(due)]


def answer_inject(store, drill_id: int, inject_id: str, text: str, actor: str,
                  now: dt.datetime | None = None) -> tuple[AnswerRecord, ScanReport]:
    """The team's answer to an inject, scanned against the drill's brief, then stored."""
    from guardrails import scan

    prep = PrepareStore(store)
    drill = prep.get_drill(drill_id)
    if drill.ended_at is not None:
        raise _refusal(WorkflowError, f"drill {drill_id} has ended: start a new one",
                       f"buổi diễn tập {drill_id} đã kết thúc: hãy bắt đầu buổi mới")
    if inject_id not in {i.inject.id for i in feed(store, drill_id, now)}:
        raise InputError("drill answer", [Problem("inject", f"{inject_id!r} is not on the feed yet")])
    if not isinstance(text, str) or not text.strip():
        raise InputError("drill answer", [Problem("text", "must be a non-empty text", type="empty")])
    brief = store.get_incident(drill.incident_id).brief
    report = scan(text, brief=brief, lang=drill.language)
    record = prep.add_answer(drill_id, inject_id, text, report.model_dump_json(), actor, now or utc_now())
    return record, report


def end_drill(store, drill_id: int, actor: str, now: dt.datetime | None = None) -> DrillRecord:
    return PrepareStore(store).end_drill(drill_id, now or utc_now(), actor)


def _first_approved_at(store, incident_id: int, until: dt.datetime) -> dt.datetime | None:
    times = [e.at for e in store.audit_log(incident_id)
             if e.action == "review.approved" and e.detail.get("status") == "approved" and e.at <= until]
    return min(times) if times else None


def score_drill(store, drill_id: int, now: dt.datetime | None = None) -> debrief.DebriefScores:
    prep = PrepareStore(store)
    drill = prep.get_drill(drill_id)
    script = get_drill_script(drill.script_id)
    playbook = get_playbook(script.playbook)
    incident = store.get_incident(drill.incident_id)
    until, clock = _until(drill, now), _clock(drill)
    first = _first_approved_at(store, drill.incident_id, until)
    reports: list[ScanReport | None] = []
    for d in store.list_drafts(drill.incident_id):
        if d.latest_version and d.status not in ("approved", "published"):
            reports.append(store.get_version(d.id, d.latest_version).scan)
    latest = {a.inject_id: a for a in prep.answers(drill_id)}
    answer_reports = [ScanReport.model_validate_json(a.scan_json) if a.scan_json else None for a in latest.values()]
    ticks = prep.ticks(drill.incident_id)
    to_answer = [i.id for i in clock.due(script, until) if i.needs_answer]
    return debrief.DebriefScores(
        drill_id=drill.id, script_id=script.id, team=drill.team, finished=drill.ended_at is not None,
        minutes_played=round(min(clock.minutes(until), script.duration_minutes), 1),
        first_approved_minutes=round(clock.scenario_minutes_between(drill.started_at, first), 1) if first else None,
        target_minutes=target_minutes(store, incident.brief, playbook),
        required_items=playbook.required_steps(),
        items_done=[i for i in playbook.required_steps() if ticks.get(i)],
        open_findings=debrief.open_findings(reports + answer_reports),
        injects_to_answer=to_answer, injects_answered=[i for i in to_answer if i in latest],
        promises=debrief.promises(reports + answer_reports),
    )


def drill_history(store, now: dt.datetime | None = None) -> dict[str, list[debrief.DebriefScores]]:
    """Every drill's figures by team, oldest first: the team's trend."""
    out: dict[str, list[debrief.DebriefScores]] = {}
    for d in PrepareStore(store).list_drills():
        out.setdefault(d.team, []).append(score_drill(store, d.id, now))
    return out


def drill_of_incident(store, incident_id: int) -> DrillRecord | None:
    return PrepareStore(store).drill_of_incident(incident_id)
