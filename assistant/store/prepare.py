"""Preparation in the store (migration 0004): crisis plans, pre-approvals of playbook
templates, which playbook an incident started from and its ticked checklist, versions
drafted from a pre-approved template (hash + slot values), drills and their answers.

``PrepareStore(store)`` sits beside the main store (same database, same ``Base``, the
same audit log and actor fields); it returns frozen records, never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.errors import NotFoundError
from assistant.store.core import require_choice, require_text
from assistant.store.models import Base, UTCDateTime, utc_now
from assistant.store.records import REVIEW_ROLES


class CrisisPlanRow(Base):
    __tablename__ = "crisis_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_key: Mapped[str] = mapped_column(String(200), unique=True)
    speaker_name: Mapped[str] = mapped_column(String(200))
    plan_json: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class TemplateApproval(Base):
    __tablename__ = "template_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    playbook_id: Mapped[str] = mapped_column(String(100), index=True)
    language: Mapped[str] = mapped_column(String(8))
    template_sha256: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class IncidentPlaybook(Base):
    __tablename__ = "incident_playbooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), unique=True)
    playbook_id: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class ChecklistTick(Base):
    __tablename__ = "checklist_ticks"
    __table_args__ = (UniqueConstraint("incident_id", "item_id", name="uq_checklist_ticks_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class TemplateVersion(Base):
    __tablename__ = "template_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), unique=True)
    playbook_id: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(8))
    template_sha256: Mapped[str] = mapped_column(String(64))
    slots_json: Mapped[str] = mapped_column(Text)


class DrillRow(Base):
    __tablename__ = "drills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), unique=True)
    script_id: Mapped[str] = mapped_column(String(100))
    team: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    speed: Mapped[float] = mapped_column(Float)
    started_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DrillAnswer(Base):
    __tablename__ = "drill_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    drill_id: Mapped[int] = mapped_column(ForeignKey("drills.id", ondelete="CASCADE"), index=True)
    inject_id: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    scan_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


# ---------------------------------------------------------------------------- records

class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanRecord(_Record):
    id: int
    speaker_key: str
    speaker_name: str
    plan_json: str        # the plan as JSON (CrisisPlan.model_validate_json)
    updated_by: str
    updated_at: dt.datetime


class ApprovalRecord(_Record):
    playbook_id: str
    language: str
    template_sha256: str
    role: str
    reviewer: str
    created_at: dt.datetime


class IncidentPlaybookRecord(_Record):
    incident_id: int
    playbook_id: str
    language: str


class TemplateVersionRecord(_Record):
    version_id: int
    playbook_id: str
    language: str
    template_sha256: str
    slots: dict[str, str]


class DrillRecord(_Record):
    id: int
    incident_id: int
    script_id: str
    team: str
    language: str
    speed: float
    started_by: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


class AnswerRecord(_Record):
    id: int
    drill_id: int
    inject_id: str
    text: str
    scan_json: str | None
    actor: str
    at: dt.datetime


def _drill_record(d: DrillRow) -> DrillRecord:
    return DrillRecord(id=d.id, incident_id=d.incident_id, script_id=d.script_id, team=d.team, language=d.language,
                       speed=d.speed, started_by=d.started_by, started_at=d.started_at, ended_at=d.ended_at)


def _plan_record(p: CrisisPlanRow) -> PlanRecord:
    return PlanRecord(id=p.id, speaker_key=p.speaker_key, speaker_name=p.speaker_name, plan_json=p.plan_json,
                      updated_by=p.updated_by, updated_at=p.updated_at)


class PrepareStore:
    """Plans, pre-approvals, playbook incidents, checklists and drills in ``store``'s database."""

    def __init__(self, store):
        self.store = store

    # ------------------------------------------------------------------ plans
    def save_plan(self, speaker_key: str, speaker_name: str, plan_json: str, actor: str) -> PlanRecord:
        """Create or replace the plan of the speaker ``speaker_key`` (audited)."""
        actor = require_text(actor, "actor", "plan")
        now = utc_now()
        with self.store.session() as s:
            row = s.scalars(select(CrisisPlanRow).where(CrisisPlanRow.speaker_key == speaker_key)).first()
            if row is None:
                row = CrisisPlanRow(speaker_key=speaker_key, created_at=now)
                s.add(row)
            row.speaker_name, row.plan_json, row.updated_by, row.updated_at = speaker_name, plan_json, actor, now
            s.flush()
            self.store.record_audit(s, actor, "plan.save", "plan", row.id, None, speaker=speaker_name)
            return _plan_record(row)

    def list_plans(self) -> list[PlanRecord]:
        with self.store._reading() as s:
            return [_plan_record(p) for p in s.scalars(select(CrisisPlanRow).order_by(CrisisPlanRow.speaker_name))]

    def find_plan(self, speaker_key: str) -> PlanRecord | None:
        with self.store._reading() as s:
            row = s.scalars(select(CrisisPlanRow).where(CrisisPlanRow.speaker_key == speaker_key)).first()
            return _plan_record(row) if row else None

    # ------------------------------------------------------------------ pre-approval
    def approve_template(self, playbook_id: str, language: str, template_sha256: str, role: str,
                         reviewer: str) -> ApprovalRecord:
        role = require_choice(role, "role", REVIEW_ROLES, "pre-approval")
        reviewer = require_text(reviewer, "reviewer", "pre-approval")
        with self.store.session() as s:
            row = TemplateApproval(playbook_id=playbook_id, language=language, template_sha256=template_sha256,
                                   role=role, reviewer=reviewer, created_at=utc_now())
            s.add(row)
            s.flush()
            self.store.record_audit(s, reviewer, "template.approve", "playbook", None, None, playbook=playbook_id,
                                    language=language, role=role, template_sha256=template_sha256)
            return ApprovalRecord(playbook_id=playbook_id, language=language, template_sha256=template_sha256,
                                  role=role, reviewer=reviewer, created_at=row.created_at)

    def template_approvals(self, playbook_id: str, language: str, template_sha256: str) -> list[ApprovalRecord]:
        """Approvals of exactly this template text (its hash), oldest first."""
        with self.store._reading() as s:
            rows = s.scalars(select(TemplateApproval).where(
                TemplateApproval.playbook_id == playbook_id, TemplateApproval.language == language,
                TemplateApproval.template_sha256 == template_sha256).order_by(TemplateApproval.id))
            return [ApprovalRecord(playbook_id=r.playbook_id, language=r.language, template_sha256=r.template_sha256,
                                   role=r.role, reviewer=r.reviewer, created_at=r.created_at) for r in rows]

    # ------------------------------------------------------------------ incidents from a playbook
    def link_playbook(self, incident_id: int, playbook_id: str, language: str, actor: str) -> None:
        with self.store.session() as s:
            self.store._incident(s, incident_id)
            s.add(IncidentPlaybook(incident_id=incident_id, playbook_id=playbook_id, language=language,
                                   created_at=utc_now()))
            self.store.record_audit(s, actor, "incident.playbook", "incident", incident_id, incident_id,
                                    playbook=playbook_id, language=language)

    def incident_playbook(self, incident_id: int) -> IncidentPlaybookRecord | None:
        with self.store._reading() as s:
            row = s.scalars(select(IncidentPlaybook).where(IncidentPlaybook.incident_id == incident_id)).first()
            return IncidentPlaybookRecord(incident_id=row.incident_id, playbook_id=row.playbook_id,
                                          language=row.language) if row else None

    def tick(self, incident_id: int, item_id: str, done: bool, actor: str, at: dt.datetime | None = None) -> None:
        actor = require_text(actor, "actor", "checklist")
        at = at or utc_now()
        with self.store.session() as s:
            self.store._incident(s, incident_id)
            row = s.scalars(select(ChecklistTick).where(ChecklistTick.incident_id == incident_id,
                                                        ChecklistTick.item_id == item_id)).first()
            if row is None:
                row = ChecklistTick(incident_id=incident_id, item_id=item_id)
                s.add(row)
            row.done, row.actor, row.at = bool(done), actor, at
            self.store.record_audit(s, actor, "checklist.tick" if done else "checklist.untick", "incident",
                                    incident_id, incident_id, item=item_id)

    def ticks(self, incident_id: int) -> dict[str, bool]:
        with self.store._reading() as s:
            return {t.item_id: t.done for t in s.scalars(select(ChecklistTick)
                                                          .where(ChecklistTick.incident_id == incident_id))}

    def record_template_version(self, version_id: int, playbook_id: str, language: str, template_sha256: str,
                                slots: dict[str, str]) -> None:
        with self.store.session() as s:
            s.add(TemplateVersion(version_id=version_id, playbook_id=playbook_id, language=language,
                                  template_sha256=template_sha256, slots_json=json.dumps(slots, ensure_ascii=False)))

    def template_version(self, version_id: int) -> TemplateVersionRecord | None:
        """The template and slot values a version was drafted from (None: a free text)."""
        with self.store._reading() as s:
            row = s.scalars(select(TemplateVersion).where(TemplateVersion.version_id == version_id)).first()
            if row is None:
                return None
            return TemplateVersionRecord(version_id=row.version_id, playbook_id=row.playbook_id,
                                         language=row.language, template_sha256=row.template_sha256,
                                         slots=json.loads(row.slots_json))

    # ------------------------------------------------------------------ drills
    def create_drill(self, incident_id: int, script_id: str, team: str, language: str, speed: float,
                     started_at: dt.datetime, actor: str) -> DrillRecord:
        team = require_text(team, "team", "drill")
        with self.store.session() as s:
            row = DrillRow(incident_id=incident_id, script_id=script_id, team=team, language=language, speed=speed,
                           started_by=actor, started_at=started_at, ended_at=None)
            s.add(row)
            s.flush()
            self.store.record_audit(s, actor, "drill.start", "drill", row.id, incident_id, script=script_id, team=team)
            return _drill_record(row)

    def _drill_row(self, s, drill_id: int) -> DrillRow:
        row = s.get(DrillRow, drill_id)
        if row is None:
            raise NotFoundError(f"drill {drill_id} does not exist (see the Drills page or `crisis-desk drill start`)")
        return row

    def get_drill(self, drill_id: int) -> DrillRecord:
        with self.store._reading() as s:
            return _drill_record(self._drill_row(s, drill_id))

    def drill_of_incident(self, incident_id: int) -> DrillRecord | None:
        with self.store._reading() as s:
            row = s.scalars(select(DrillRow).where(DrillRow.incident_id == incident_id)).first()
            return _drill_record(row) if row else None

    def list_drills(self) -> list[DrillRecord]:
        with self.store._reading() as s:
            return [_drill_record(d) for d in s.scalars(select(DrillRow).order_by(DrillRow.started_at, DrillRow.id))]

    def end_drill(self, drill_id: int, at: dt.datetime, actor: str) -> DrillRecord:
        with self.store.session() as s:
            row = self._drill_row(s, drill_id)
            if row.ended_at is None:
                row.ended_at = at
                self.store.record_audit(s, actor, "drill.end", "drill", drill_id, row.incident_id)
            return _drill_record(row)

    def add_answer(self, drill_id: int, inject_id: str, text: str, scan_json: str | None, actor: str,
                   at: dt.datetime) -> AnswerRecord:
        actor = require_text(actor, "actor", "drill answer")
        text = require_text(text, "text", "drill answer", max_length=10_000)
        with self.store.session() as s:
            drill = self._drill_row(s, drill_id)
            row = DrillAnswer(drill_id=drill_id, inject_id=inject_id, text=text, scan_json=scan_json, actor=actor, at=at)
            s.add(row)
            s.flush()
            self.store.record_audit(s, actor, "drill.answer", "drill", drill_id, drill.incident_id, inject=inject_id)
            return AnswerRecord(id=row.id, drill_id=drill_id, inject_id=inject_id, text=text, scan_json=scan_json,
                                actor=actor, at=at)

    def answers(self, drill_id: int) -> list[AnswerRecord]:
        with self.store._reading() as s:
            rows = s.scalars(select(DrillAnswer).where(DrillAnswer.drill_id == drill_id).order_by(DrillAnswer.id))
            return [AnswerRecord(id=a.id, drill_id=a.drill_id, inject_id=a.inject_id, text=a.text,
                                 scan_json=a.scan_json, actor=a.actor, at=a.at) for a in rows]
