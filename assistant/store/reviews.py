"""Review and publication: submit, approve or request changes, publish, timeline."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.catalog import CHANNELS
from assistant.errors import WorkflowError
from assistant.store import workflow
from assistant.store.accounts import PUBLISHERS, REVIEW_ROLE_NEEDS, has_accounts, roles_of, same_person
from assistant.store.core import require_choice, require_text
from assistant.store.drafts import DraftsMixin
from assistant.store.messages import refusal
from assistant.store.models import Draft, Publication, Review, Version, utc_now
from assistant.store.workflow import text_sha256
from assistant.store.records import DECISIONS, REVIEW_ROLES, DraftRecord, PublicationRecord, ReviewRecord


def _review_record(r: Review, v: Version) -> ReviewRecord:
    return ReviewRecord(id=r.id, draft_id=v.draft_id, number=v.number, reviewer=r.reviewer, role=r.role,
                        decision=r.decision, comment=r.comment, sha256=r.sha256, created_at=r.created_at)


def _roles(v: Version) -> list[str]:
    return workflow.required_roles(v.scan_json)


class ReviewsMixin(DraftsMixin):
    @staticmethod
    def _decisions(s: Session, v: Version) -> list[workflow.Decision]:
        rows = s.scalars(select(Review).where(Review.version_id == v.id, Review.sha256 == v.sha256)
                         .order_by(Review.id))
        return [workflow.Decision(r.role, r.decision) for r in rows]

    def _current_version(self, s: Session, draft: Draft, number: int, sha256: str | None, step: str) -> Version:
        """The version ``number`` if it is the latest and its text is the one the caller
        holds; WorkflowError saying who must act otherwise."""
        v = self._version(s, draft.id, number)
        latest = self._latest_number(s, draft.id)
        if v.is_conflict_copy:
            raise refusal(WorkflowError, "store.conflict_copy_not_reviewable", draft=draft.id, number=number,
                          latest=latest, _step=f"store.step.{step}")
        if number != latest:
            raise refusal(WorkflowError, "store.not_latest", draft=draft.id, number=number, latest=latest,
                          _step=f"store.step.{step}")
        if text_sha256(v.text) != v.sha256:  # the exact text acted on, re-hashed: never trust the column
            raise refusal(WorkflowError, "store.text_tampered", draft=draft.id, number=number, _step=f"store.step.{step}")
        if sha256 is not None and sha256 != v.sha256:
            raise refusal(WorkflowError, "store.hash_mismatch", draft=draft.id, number=number)
        return v

    @staticmethod
    def _check_reviewer(s: Session, draft: Draft, v: Version, reviewer: str, role: str, decision: str) -> None:
        """The author never approves her own version; with accounts, the reviewer holds the role."""
        if decision == "approved" and same_person(reviewer, v.author):
            raise refusal(WorkflowError, "store.author_cannot_approve", draft=draft.id, number=v.number,
                          author=v.author, _role=f"store.role.{role}")
        if has_accounts(s) and REVIEW_ROLE_NEEDS[role] not in roles_of(s, reviewer, draft.incident_id):
            raise refusal(WorkflowError, "store.role_required", draft=draft.id, number=v.number, actor=reviewer,
                          incident=draft.incident_id, _role=f"store.role.{role}", _step="store.step.approved")

    # ------------------------------------------------------------------ rules
    def required_roles(self, draft_id: int, number: int) -> list[str]:
        """Roles whose approval the version's findings ask for (``[]``: any one role)."""
        with self._reading() as s:
            self._draft(s, draft_id)
            return _roles(self._version(s, draft_id, number))

    # ------------------------------------------------------------------ steps
    def submit_for_review(self, draft_id: int, number: int, actor: str) -> DraftRecord:
        actor = require_text(actor, "actor", "review")
        with self.session() as s:
            draft = self._draft(s, draft_id, lock=True)
            v = self._current_version(s, draft, number, None, "submitted")
            if draft.status in ("approved", "published", "changes_requested"):
                raise refusal(WorkflowError, "store.already_decided", draft=draft_id, number=number,
                              _status=f"store.status.{draft.status}")
            if draft.status == "draft":
                draft.status = "in_review"
                draft.updated_at = utc_now()
                self._audit(s, actor, "draft.submit", "draft", draft_id, draft.incident_id, number=number,
                            sha256=v.sha256, required_roles=_roles(v))
            return self._draft_record(s, draft)

    def review(self, draft_id: int, number: int, reviewer: str, role: str, decision: str,
               comment: str, sha256: str) -> ReviewRecord:
        """Record a reviewer's decision on the exact text (number + SHA-256) they read."""
        reviewer = require_text(reviewer, "reviewer", "review")
        role = require_choice(role, "role", REVIEW_ROLES, "review")
        decision = require_choice(decision, "decision", DECISIONS, "review")
        comment = comment.strip() if isinstance(comment, str) else ""
        if decision == "changes_requested":
            comment = require_text(comment, "comment", "review", max_length=None)  # say what must change
        with self.session() as s:
            draft = self._draft(s, draft_id, lock=True)
            v = self._current_version(s, draft, number, sha256, "approved")
            if draft.status == "draft":
                raise refusal(WorkflowError, "store.not_submitted", draft=draft_id, number=number)
            if draft.status == "published":
                raise refusal(WorkflowError, "store.already_published", draft=draft_id, number=number)
            self._check_reviewer(s, draft, v, reviewer, role, decision)
            row = Review(version_id=v.id, reviewer=reviewer, role=role, decision=decision, comment=comment,
                         sha256=v.sha256, created_at=utc_now())
            s.add(row)
            s.flush()
            draft.status = workflow.review_status(_roles(v), self._decisions(s, v))
            draft.updated_at = row.created_at
            self._audit(s, reviewer, f"review.{decision}", "draft", draft_id, draft.incident_id, number=number,
                        role=role, sha256=v.sha256, comment=comment, status=draft.status)
            return _review_record(row, v)

    def list_reviews(self, draft_id: int, number: int | None = None) -> list[ReviewRecord]:
        """Reviews of the draft (of one version when ``number`` is given), oldest first."""
        with self._reading() as s:
            self._draft(s, draft_id)
            q = (select(Review, Version).join(Version, Review.version_id == Version.id)
                 .where(Version.draft_id == draft_id).order_by(Review.id))
            if number is not None:
                q = q.where(Version.number == number)
            return [_review_record(r, v) for r, v in s.execute(q)]

    def publish(self, draft_id: int, number: int, channel: str, actor: str, sha256: str) -> PublicationRecord:
        """Record that the approved version was published on ``channel``."""
        channel = require_choice(channel, "channel", CHANNELS, "publish")
        actor = require_text(actor, "actor", "publish")
        with self.session() as s:
            draft = self._draft(s, draft_id, lock=True)
            v = self._current_version(s, draft, number, sha256, "published")
            if has_accounts(s) and not roles_of(s, actor, draft.incident_id) & set(PUBLISHERS):
                raise refusal(WorkflowError, "store.role_required", draft=draft_id, number=number, actor=actor,
                              incident=draft.incident_id, _role="store.role.publisher", _step="store.step.published")
            required = _roles(v)
            decisions = self._decisions(s, v)
            if not workflow.is_approved(required, decisions):
                status = workflow.review_status(required, decisions)
                if status == "changes_requested":
                    raise refusal(WorkflowError, "store.changes_requested", draft=draft_id, number=number)
                missing = workflow.missing_approvals(required, workflow.latest_by_role(decisions))
                raise refusal(WorkflowError, "store.needs_approval", draft=draft_id, number=number,
                              missing=[f"store.role.{'any' if m == 'lawyer or pr' else m}" for m in missing])
            now = utc_now()
            row = Publication(version_id=v.id, channel=channel, actor=actor, sha256=v.sha256, published_at=now)
            s.add(row)
            s.flush()
            draft.status = "published"
            draft.updated_at = now
            self._audit(s, actor, "draft.publish", "draft", draft_id, draft.incident_id, number=number,
                        channel=channel, sha256=v.sha256)
            return PublicationRecord(id=row.id, incident_id=draft.incident_id, draft_id=draft_id, number=number,
                                     kind=draft.kind, channel=channel, language=draft.language, sha256=v.sha256,
                                     published_at=now, text=v.text, actor=actor)

    def timeline(self, incident_id: int) -> list[PublicationRecord]:
        """The incident's publications in time order, numbered 1, 2, 3… (``sequence``)."""
        with self._reading() as s:
            self._incident(s, incident_id)
            q = (select(Publication, Version, Draft).join(Version, Publication.version_id == Version.id)
                 .join(Draft, Version.draft_id == Draft.id).where(Draft.incident_id == incident_id)
                 .order_by(Publication.published_at, Publication.id))
            return [PublicationRecord(id=p.id, incident_id=incident_id, draft_id=d.id, number=v.number, kind=d.kind,
                                      channel=p.channel, language=d.language, sha256=p.sha256,
                                      published_at=p.published_at, text=v.text, actor=p.actor, sequence=i)
                    for i, (p, v, d) in enumerate(s.execute(q), start=1)]
