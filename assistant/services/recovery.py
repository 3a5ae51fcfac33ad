"""After the crisis, as the UI and the CLI use it: the post-incident review, action items,
the recovery plan (scanned item by item), weekly fan-comment batches, closing an incident
and the report. Reads and writes the store; the meaning lives in ``assistant.recovery``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from assistant.errors import WorkflowError
from assistant.export.spans import redact
from assistant.recovery import checks, plan as planning
from assistant.recovery.facts import incident_tz, review_facts
from assistant.recovery.models import (
    ActionItem, BatchComment, PlanFinding, PlanUpdate, RecoveryPlan, ReviewSections, StoredActionItem,
)
from assistant.recovery.render import render
from assistant.recovery.report import FORMATS, ReportData
from assistant.recovery.trust import trust_weeks
from assistant.replies.errors import CommentImportError
from assistant.replies.grouping import triage_comments
from assistant.replies.importing import read_comments
from assistant.replies.models import ACTIONS
from assistant.store.messages import refusal
from assistant.store.recovery import RecoveryStore
from assistant.services.scanning import scan_text

# The lists of a speaker's crisis plan a lesson may add a line to.
PLAN_LISTS = ("do_not_say", "protected_names", "official_channels", "escalation")


def _update_crisis_plan(store, update: PlanUpdate, actor: str) -> None:
    """A lesson adds a line to a list of the speaker's crisis plan (saved as a new plan)."""
    from assistant.services import prepare

    plan = prepare.plan_for(store, update.target_id)
    if plan is None:
        raise refusal(WorkflowError, "recovery.no_plan", speaker=update.target_id)
    if update.field not in PLAN_LISTS:
        raise refusal(WorkflowError, "recovery.bad_plan_field", field=update.field, fields=", ".join(PLAN_LISTS))
    lines = list(getattr(plan, update.field))
    if update.value not in lines:
        lines.append(update.value)
    prepare.save_plan(store, type(plan).model_validate({**plan.model_dump(), update.field: lines}), actor)


# target -> apply(store, update, actor): how a lesson changes the preparation. Scenario
# playbooks are files a PR lead edits (``playbooks/``), so no code writes them: an item that
# names one is refused with that said.
PLAN_UPDATERS: dict[str, Callable] = {"plan": _update_crisis_plan}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _closed_guard(store, incident_id: int) -> None:
    closure = RecoveryStore(store).closure(incident_id)
    if closure is not None:
        raise refusal(WorkflowError, "recovery.closed", incident=incident_id, at=f"{closure.closed_at:%Y-%m-%d %H:%M} UTC")


def mask_for(brief) -> Callable[[str], str]:
    names = list(brief.protected_names)
    return lambda text: redact(text, names) if text and names else text


# ---------------------------------------------------------------------- review sections
def load_sections(store, incident_id: int) -> ReviewSections:
    raw = RecoveryStore(store).load_sections(incident_id)
    return ReviewSections.model_validate_json(raw) if raw else ReviewSections()


def save_sections(store, incident_id: int, sections: ReviewSections, actor: str) -> None:
    _closed_guard(store, incident_id)
    RecoveryStore(store).save_sections(incident_id, sections.model_dump_json(), actor)


# ---------------------------------------------------------------------- action items
def list_action_items(store, incident_id: int) -> list[StoredActionItem]:
    return [StoredActionItem.model_validate({**json.loads(raw), "id": item_id})
            for item_id, raw in RecoveryStore(store).list_items(incident_id)]


def add_action_item(store, incident_id: int, item: ActionItem, actor: str) -> int:
    _closed_guard(store, incident_id)
    return RecoveryStore(store).add_item(incident_id, ActionItem.model_validate(item.model_dump()).model_dump_json(), actor)


def update_action_item(store, incident_id: int, item_id: int, item: ActionItem, actor: str) -> ActionItem:
    """Save the item; when it is done and asks to update the preparation, apply that once."""
    _closed_guard(store, incident_id)
    item = ActionItem.model_validate(item.model_dump())
    if item.status == "done" and item.done_on is None:
        item = item.model_copy(update={"done_on": _now().date()})
    if item.status == "done" and item.updates is not None and not item.applied:
        updater = PLAN_UPDATERS.get(item.updates.target)
        if updater is None:
            raise refusal(WorkflowError, "recovery.no_updater", item=item_id, target=item.updates.target)
        updater(store, item.updates, actor)
        item = item.model_copy(update={"applied": True})
    if not RecoveryStore(store).update_item(incident_id, item_id, item.model_dump_json(), actor):
        raise refusal(WorkflowError, "recovery.no_item", incident=incident_id, item=item_id)
    return item


# ---------------------------------------------------------------------- comment batches
def import_comment_batch(store, incident_id: int, data: str | bytes, source: str, actor: str, *,
                         text_column: str | None = None, imported_at: dt.datetime | None = None) -> int:
    """Read, triage and keep one week's comments (errors name the file and line, exit 2)."""
    _closed_guard(store, incident_id)
    incident = store.get_incident(incident_id)
    result = read_comments(data, source, text_column=text_column)
    triaged = triage_comments(result.comments, default_lang=incident.brief.language)
    comments = [BatchComment(id=t.comment.id, text=t.comment.text, time=t.comment.time, category=t.triage.category,
                             action=ACTIONS[t.triage.category], language=t.triage.language, group_key=t.group_key)
                for t in triaged]
    payload = json.dumps([c.model_dump() for c in comments], ensure_ascii=False)
    RecoveryStore(store).add_batch(incident_id, source, payload, actor, imported_at=imported_at)
    return len(comments)


def _batches(store, incident_id: int) -> list[tuple[dt.datetime, list[BatchComment]]]:
    return [(at, [BatchComment.model_validate(c) for c in json.loads(raw)])
            for _id, _source, at, raw in RecoveryStore(store).list_batches(incident_id)]


def trust_by_week(store, incident_id: int):
    """The incident's trust tracking (``trust.TrustWeek`` rows), protected names masked."""
    brief = store.get_incident(incident_id).brief
    return trust_weeks(_batches(store, incident_id), incident_tz(brief), mask_for(brief))


# ---------------------------------------------------------------------- recovery plan
def load_plan(store, incident_id: int) -> RecoveryPlan | None:
    raw = RecoveryStore(store).load_plan(incident_id)
    return RecoveryPlan.model_validate_json(raw) if raw else None


def draft_plan(store, incident_id: int, start: dt.date, lang: str | None = None) -> RecoveryPlan:
    """A new calendar from the scenario template, the brief and the open action items (not saved)."""
    brief = store.get_incident(incident_id).brief
    return planning.draft_plan(brief, start, lang, list_action_items(store, incident_id))


def check_recovery_plan(store, incident_id: int, plan: RecoveryPlan, lang: str | None = None) -> list[PlanFinding]:
    """The plan's rule findings and, for every item, the statement scanner's findings."""
    brief = store.get_incident(incident_id).brief
    found = checks.check_plan(plan, brief, lang)
    for n, item in enumerate(plan.items):
        if not checks.is_public(item):
            continue  # an internal milestone, not words anyone will read
        words = "\n".join(part for part in (item.title, item.text, item.partner) if part.strip())
        report = scan_text(words, brief, plan.language)
        for f in report.findings:
            found.append(PlanFinding(item=n, rule=f"scan:{f.category}", route=f.route, reason=f.rationale, span=f.text))
    return sorted(found, key=lambda f: (f.item is None, f.item or 0))


def save_plan(store, incident_id: int, plan: RecoveryPlan, actor: str) -> list[PlanFinding]:
    """Keep the plan (findings never block saving a plan; they block closing) and return its findings."""
    _closed_guard(store, incident_id)
    plan = RecoveryPlan.model_validate(plan.model_dump())
    RecoveryStore(store).save_plan(incident_id, plan.model_dump_json(), actor)
    return check_recovery_plan(store, incident_id, plan)


# ---------------------------------------------------------------------- the review as a whole
def report_data(store, incident_id: int, now: dt.datetime | None = None) -> ReportData:
    now = now or _now()
    incident = store.get_incident(incident_id)
    brief = incident.brief
    drafts = store.list_drafts(incident_id)
    publications = store.timeline(incident_id)
    published_numbers = {(p.draft_id, p.number) for p in publications}
    reviews, published = [], []
    for d in drafts:
        reviews += store.list_reviews(d.id)
        numbers = sorted(n for draft_id, n in published_numbers if draft_id == d.id)
        if numbers:
            versions = store.list_versions(d.id)
            published += [(versions, n) for n in numbers]
    batches = _batches(store, incident_id)
    facts = review_facts(brief=brief, history=store.brief_history(incident_id), publications=publications,
                         reviews=reviews, published_drafts=published, batches=batches, now=now)
    plan = load_plan(store, incident_id)
    closure = RecoveryStore(store).closure(incident_id)
    mask = mask_for(brief)
    return ReportData(
        incident_id=incident_id, brief=brief, facts=facts, sections=load_sections(store, incident_id),
        items=list_action_items(store, incident_id), plan=plan,
        plan_findings=check_recovery_plan(store, incident_id, plan, brief.language) if plan else [],
        trust=trust_weeks(batches, incident_tz(brief), mask), generated_at=now.astimezone(incident_tz(brief)),
        closed=(closure.closed_at, closure.closed_by) if closure else None, mask=mask,
        drill=bool(getattr(incident, "is_drill", False)),
    )


def report_bytes(store, incident_id: int, fmt: str, now: dt.datetime | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    data = report_data(store, incident_id, now)
    out = render(data, fmt)
    with store.session() as s:
        store.record_audit(s, "crisis-desk", "report.export", "incident", incident_id, incident_id, format=fmt,
                           sha256=hashlib.sha256(out).hexdigest())
    return out


# ---------------------------------------------------------------------- closing
def _archive(store, incident_id: int, data: ReportData) -> dict:
    drafts = []
    for d in store.list_drafts(incident_id):
        drafts.append({**d.model_dump(mode="json"), "versions": [v.model_dump(mode="json") for v in store.list_versions(d.id)],
                       "reviews": [r.model_dump(mode="json") for r in store.list_reviews(d.id)]})
    return {
        "incident": store.get_incident(incident_id).model_dump(mode="json"),
        "brief_history": [b.model_dump(mode="json") for b in store.brief_history(incident_id)],
        "drafts": drafts,
        "publications": [p.model_dump(mode="json") for p in store.timeline(incident_id)],
        "review": {"sections": data.sections.model_dump(mode="json"), "facts": data.facts.model_dump(mode="json"),
                   "action_items": [i.model_dump(mode="json") for i in data.items]},
        "recovery_plan": data.plan.model_dump(mode="json") if data.plan else None,
        "trust": [w.model_dump(mode="json") for w in data.trust],
        "audit_log": [a.model_dump(mode="json") for a in store.audit_log(incident_id)],
    }


def close_incident(store, incident_id: int, actor: str, now: dt.datetime | None = None) -> dt.datetime:
    """Close the incident with its published closing statement, its review and the archive,
    together, in one step. Refused (saying what is missing) until all three are ready."""
    _closed_guard(store, incident_id)
    closing = [p for p in store.timeline(incident_id) if p.kind == "closing"]
    if not closing:
        raise refusal(WorkflowError, "recovery.no_closing_statement", incident=incident_id)
    data = report_data(store, incident_id, now)
    if data.sections.is_empty():
        raise refusal(WorkflowError, "recovery.no_review", incident=incident_id)
    lawyer = [f for f in data.plan_findings if f.route == "lawyer"]
    if lawyer:
        raise refusal(WorkflowError, "recovery.plan_has_lawyer_findings", incident=incident_id, count=len(lawyer))
    last = closing[-1]
    archive = json.dumps(_archive(store, incident_id, data), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(archive.encode("utf-8")).hexdigest()
    return RecoveryStore(store).close(incident_id, actor, last.draft_id, last.number, last.sha256, archive, digest)


def closure(store, incident_id: int):
    """The closure row (closed_at, closed_by, closing statement, archive) or None."""
    return RecoveryStore(store).closure(incident_id)


def archive_bytes(store, incident_id: int) -> bytes | None:
    row = RecoveryStore(store).closure(incident_id)
    return row.archive_json.encode("utf-8") if row else None


__all__ = [
    "load_sections", "save_sections", "list_action_items", "add_action_item", "update_action_item",
    "import_comment_batch", "trust_by_week", "load_plan", "draft_plan", "check_recovery_plan", "save_plan", "report_data",
    "report_bytes", "close_incident", "closure", "archive_bytes", "PLAN_UPDATERS", "ActionItem", "PlanUpdate",
    "ReviewSections", "RecoveryPlan", "CommentImportError",
]
