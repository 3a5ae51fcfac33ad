"""The post-incident review's figures, computed from what the store already knows.

``review_facts(...)`` takes plain records (the brief and its history, the publications, the
drafts with their versions and reviews, the comment batches) and ``now``; it never reads a
clock or a database itself, so every figure is reproducible in a test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.brief import IncidentBrief
from assistant.recovery.models import BatchComment
from assistant.timeline import VIETNAM, as_datetime, parse_next_update
from guardrails.text import fold_plain

PromiseStatus = Literal["on_time", "late", "missed", "pending", "unreadable"]
ActionStatus = Literal["done", "overdue", "open"]
_STOP = frozenset("va voi cho cua cac nhung mot de se da la the and of to for with a an on in at by".split())


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimelineEntry(_Frozen):
    sequence: int
    at: dt.datetime
    kind: str
    channel: str
    language: str
    draft_id: int
    number: int
    since_discovery: dt.timedelta | None = None


class PromiseCheck(_Frozen):
    """The next update promised when statement ``made_in`` went out, and whether it came."""

    made_in: int
    promised: str
    promised_at: dt.datetime | None
    delivered_in: int | None = None
    delivered_at: dt.datetime | None = None
    status: PromiseStatus


class PlannedActionCheck(_Frozen):
    action: str
    due: dt.datetime | None
    status: ActionStatus
    done_as: str | None = None  # the matching entry of actions_taken


class FindingsCaught(_Frozen):
    category: str
    caught: int     # flagged in an earlier version and gone from the published one
    published: int  # still in a published version (signed off by a reviewer)


class DayVolume(_Frozen):
    day: dt.date
    total: int
    answered: int
    escalated: int
    hidden: int


class ReviewFacts(_Frozen):
    tz_label: str
    discovered_at: dt.datetime | None
    timeline: list[TimelineEntry] = Field(default_factory=list)
    first_statement_at: dt.datetime | None = None
    to_first_statement: dt.timedelta | None = None
    first_lawyer_approval_at: dt.datetime | None = None
    to_lawyer_approval: dt.timedelta | None = None
    promises: list[PromiseCheck] = Field(default_factory=list)
    actions: list[PlannedActionCheck] = Field(default_factory=list)
    findings: list[FindingsCaught] = Field(default_factory=list)
    volume: list[DayVolume] = Field(default_factory=list)

    @property
    def nothing_published(self) -> bool:
        return not self.timeline

    @property
    def promises_kept(self) -> tuple[int, int]:
        """(on time, promises that could be judged)."""
        judged = [p for p in self.promises if p.status in ("on_time", "late", "missed")]
        return sum(p.status == "on_time" for p in judged), len(judged)


def incident_tz(brief: IncidentBrief) -> dt.tzinfo:
    for value in (brief.incident.discovered_at, brief.incident.occurred_at):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.tzinfo
    return VIETNAM


def tz_label(tz: dt.tzinfo) -> str:
    offset = dt.datetime.now(tz).utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold_plain(text)) if len(w) > 1 and w not in _STOP}


def match_done(planned: str, taken: Iterable[str]) -> str | None:
    """The entry of ``taken`` that reports ``planned`` as done: it shares at least 60 % of
    the planned action's content words (case, diacritics and word order do not matter)."""
    want = _content_words(planned)
    if not want:
        return None
    best, best_share = None, 0.0
    for entry in taken:
        share = len(want & _content_words(entry)) / len(want)
        if share > best_share:
            best, best_share = entry, share
    return best if best_share >= 0.6 else None


def _brief_at(history: Sequence, moment: dt.datetime):
    """The brief version in force at ``moment`` (the latest saved before it)."""
    current = None
    for version in history:
        if getattr(version, "is_conflict_copy", False):
            continue
        if version.created_at <= moment:
            current = version
    return current.brief if current is not None else (history[0].brief if history else None)


def _promises(timeline: list[TimelineEntry], history: Sequence, tz: dt.tzinfo, now: dt.datetime) -> list[PromiseCheck]:
    checks: list[PromiseCheck] = []
    previous = None
    for i, entry in enumerate(timeline):
        if entry.kind == "closing":
            continue
        brief = _brief_at(history, entry.at)
        promised = (brief.next_update or "").strip() if brief is not None else ""
        if not promised or promised == previous:
            continue  # no promise, or the same promise repeated by a later statement
        previous = promised
        due = parse_next_update(promised, tz=tz)
        following = timeline[i + 1] if i + 1 < len(timeline) else None
        if due is None:
            status: PromiseStatus = "unreadable"
        elif following is not None:
            status = "on_time" if following.at <= due else "late"
        else:
            status = "pending" if now < due else "missed"
        checks.append(PromiseCheck(made_in=entry.sequence, promised=promised, promised_at=due,
                                   delivered_in=following.sequence if following else None,
                                   delivered_at=following.at if following else None, status=status))
    return checks


def _actions(brief: IncidentBrief, tz: dt.tzinfo, now: dt.datetime) -> list[PlannedActionCheck]:
    rows = []
    for planned in brief.actions_planned:
        due = as_datetime(planned.due, tz)
        if isinstance(planned.due, dt.date) and not isinstance(planned.due, dt.datetime):
            due = due + dt.timedelta(days=1) - dt.timedelta(seconds=1)  # a due date lasts the whole day
        done_as = match_done(planned.action, brief.actions_taken)
        status: ActionStatus = "done" if done_as else ("overdue" if due is not None and due < now else "open")
        rows.append(PlannedActionCheck(action=planned.action, due=due, status=status, done_as=done_as))
    return sorted(rows, key=lambda r: (r.due is None, r.due or now))


def _stored_report(version):
    """The scan stored with a version (``scan_json``), or one handed in (``scan``)."""
    raw = getattr(version, "scan_json", None)
    if raw:
        from guardrails.report import ScanReport

        return ScanReport.model_validate_json(raw)
    return getattr(version, "scan", None)


def _finding_keys(scan) -> Counter:
    if scan is None:
        return Counter()
    return Counter((f.category, fold_plain(f.text)) for f in scan.findings)


def findings_caught(published_drafts: Iterable[tuple[list, int]]) -> list[FindingsCaught]:
    """``published_drafts``: (versions oldest first, number of the published version).

    A finding is *caught* when an earlier version of a published draft carried it and the
    published version no longer does; *published* when the published version still has it."""
    caught: Counter = Counter()
    published: Counter = Counter()
    for versions, number in published_drafts:
        final = next((v for v in versions if v.number == number), None)
        if final is None:
            continue
        final_keys = _finding_keys(_stored_report(final))
        earlier: set = set()
        for v in versions:
            if v.number < number:
                earlier |= set(_finding_keys(_stored_report(v)))
        for category, span in earlier - set(final_keys):
            caught[category] += 1
        for (category, _span), count in final_keys.items():
            published[category] += count
    return [FindingsCaught(category=c, caught=caught[c], published=published[c])
            for c in sorted(set(caught) | set(published))]


_DATE_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d-%m-%Y")


def comment_day(comment: BatchComment, imported_at: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The comment's own date when the export has one (ISO, dd/mm/yyyy, epoch seconds),
    else the day its batch was imported — both in the incident's time zone."""
    raw = (comment.time or "").strip()
    if raw:
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(tz).date()
        except ValueError:
            pass
        if raw.isdigit() and len(raw) in (10, 13):
            seconds = int(raw) / (1000 if len(raw) == 13 else 1)
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).astimezone(tz).date()
        head = raw.split()[0]
        for form in _DATE_FORMS:
            try:
                return dt.datetime.strptime(head, form).date()
            except ValueError:
                continue
    return imported_at.astimezone(tz).date()


def comment_volume(batches: Iterable[tuple[dt.datetime, list[BatchComment]]], tz: dt.tzinfo) -> list[DayVolume]:
    counts: dict[dt.date, Counter] = defaultdict(Counter)
    for imported_at, comments in batches:
        for c in comments:
            day = counts[comment_day(c, imported_at, tz)]
            day["total"] += 1
            day[{"reply": "answered", "lawyer": "escalated", "hide": "hidden"}[c.action]] += 1
    return [DayVolume(day=d, total=c["total"], answered=c["answered"], escalated=c["escalated"], hidden=c["hidden"])
            for d, c in sorted(counts.items())]


def review_facts(*, brief: IncidentBrief, history: Sequence, publications: Sequence, reviews: Iterable,
                 published_drafts: Iterable[tuple[list, int]],
                 batches: Iterable[tuple[dt.datetime, list[BatchComment]]], now: dt.datetime) -> ReviewFacts:
    """Everything the review states as a figure. ``reviews``: every review of the incident."""
    tz = incident_tz(brief)
    discovered = as_datetime(brief.incident.discovered_at, tz)
    timeline = [TimelineEntry(sequence=p.sequence or i, at=p.published_at.astimezone(tz), kind=p.kind, channel=p.channel,
                              language=p.language, draft_id=p.draft_id, number=p.number,
                              since_discovery=(p.published_at - discovered) if discovered else None)
                for i, p in enumerate(publications, start=1)]
    approvals = sorted(r.created_at for r in reviews if r.role == "lawyer" and r.decision == "approved")
    first = timeline[0].at if timeline else None
    lawyer = approvals[0].astimezone(tz) if approvals else None
    return ReviewFacts(
        tz_label=tz_label(tz), discovered_at=discovered, timeline=timeline,
        first_statement_at=first, to_first_statement=(first - discovered) if first and discovered else None,
        first_lawyer_approval_at=lawyer, to_lawyer_approval=(lawyer - discovered) if lawyer and discovered else None,
        promises=_promises(timeline, history, tz, now), actions=_actions(brief, tz, now),
        findings=findings_caught(published_drafts), volume=comment_volume(batches, tz),
    )
