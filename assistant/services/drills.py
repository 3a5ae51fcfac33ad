"""Drills, orchestrated: a drill is an incident marked as a drill and started from the
script's playbook; its injects appear on a compressed clock (``now`` is a parameter, so
tests run on a fake clock), the team's answers are scanned then stored, and the debrief
scores what the team did. The history groups each team's drills.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.errors import InputError, Problem, WorkflowError
from assistant.prepare import debrief
from assistant.prepare.drill import DrillClock, Inject, get_drill_script
from assistant.prepare.playbook import get_playbook
from assistant.services.prepare import _refusal, create_incident, target_minutes
from assistant.store.models import utc_now
from assistant.store.prepare import AnswerRecord, DrillRecord, PrepareStore
from assistant.services.drafts import stored_scan
from guardrails.report import ScanReport


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
    from assistant.services.scanning import scan_text

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
    report = scan_text(text, brief, drill.language)
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
            reports.append(stored_scan(store.get_version(d.id, d.latest_version)))
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
