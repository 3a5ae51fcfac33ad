"""``verify``: is the database the app wrote, unchanged? Checks every version's text
against its SHA-256, every review and publication against the version it names and against
its audit entry, and the audit log's hash chain (and signatures, with the server key).

Returns the problems found, each naming the audit row, draft and version it concerns; an
empty list means the database is clean. Used by ``crisis-desk verify`` and by the app when
it opens a database.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from assistant.store import chain
from assistant.store.accounts import same_person
from assistant.store.models import AuditLog, Publication, Review, Version
from assistant.store.workflow import text_sha256


@dataclass(frozen=True)
class Tamper:
    """One thing wrong: ``kind`` is a stable code; ``row`` the audit row (its id)."""

    kind: str
    message: str
    row: int | None = None
    draft: int | None = None
    version: int | None = None

    def describe(self) -> str:
        where = [f"audit row {self.row}" if self.row is not None else "",
                 f"draft {self.draft}" if self.draft is not None else "",
                 f"version {self.version}" if self.version is not None else ""]
        return f"{', '.join(w for w in where if w) or 'database'}: {self.message}"


def verify_store(store, key: bytes | None = None) -> list[Tamper]:
    """Every problem in ``store`` (``key``: the audit signing key, default from the environment)."""
    key = chain.server_key() if key is None else key
    with store._reading() as s:
        audit = list(s.scalars(select(AuditLog).order_by(AuditLog.seq.is_(None), AuditLog.seq, AuditLog.id)))
        versions = {v.id: v for v in s.scalars(select(Version))}
        reviews = list(s.scalars(select(Review).order_by(Review.id)))
        publications = list(s.scalars(select(Publication).order_by(Publication.id)))
    problems = _chain(audit, key)
    entries = Counter(_entry_key(a) for a in audit)
    for v in sorted(versions.values(), key=lambda v: (v.draft_id, v.number)):
        if text_sha256(v.text) != v.sha256:
            problems.append(Tamper("version_text", "the stored text does not match its SHA-256 (edited in the database)",
                                   draft=v.draft_id, version=v.number))
        action = "version.conflict" if v.is_conflict_copy else "version.add"
        if not _take(entries, (action, v.draft_id, v.number if not v.is_conflict_copy else None,
                               v.sha256 if not v.is_conflict_copy else None, None, v.author)):
            problems.append(Tamper("version_unaudited", "no audit entry records this version (inserted or the log was cut)",
                                   draft=v.draft_id, version=v.number))
    for r in reviews:
        v = versions.get(r.version_id)
        if v is None:
            continue
        if r.sha256 != v.sha256:
            problems.append(Tamper("review_hash", f"review {r.id} ({r.role}, {r.decision}) is for another text",
                                   draft=v.draft_id, version=v.number))
        if r.decision == "approved" and same_person(r.reviewer, v.author):
            problems.append(Tamper("self_approval", f"review {r.id}: {r.reviewer} approved her own version",
                                   draft=v.draft_id, version=v.number))
        if not _take(entries, (f"review.{r.decision}", v.draft_id, v.number, r.sha256, r.role, r.reviewer)):
            problems.append(Tamper("review_unaudited", f"review {r.id} ({r.reviewer}, {r.role}, {r.decision}) has no "
                                   "audit entry (inserted in the database or the log was cut)",
                                   draft=v.draft_id, version=v.number))
    for p in publications:
        v = versions.get(p.version_id)
        if v is None:
            continue
        if p.sha256 != v.sha256:
            problems.append(Tamper("publication_hash", f"publication {p.id} is for another text",
                                   draft=v.draft_id, version=v.number))
        if not _take(entries, ("draft.publish", v.draft_id, v.number, p.sha256, None, p.actor)):
            problems.append(Tamper("publication_unaudited", f"publication {p.id} has no audit entry",
                                   draft=v.draft_id, version=v.number))
    return problems


def _chain(audit: list[AuditLog], key: bytes | None) -> list[Tamper]:
    problems: list[Tamper] = []
    previous_hash, expected_seq, signing = chain.GENESIS, 1, False
    for a in audit:
        if a.seq is None or a.row_hash is None:
            problems.append(Tamper("audit_unchained", f"row {a.id} ({a.action} by {a.actor}) is not in the hash chain "
                                   "(inserted outside the app)", row=a.id))
            continue
        if a.seq != expected_seq:
            problems.append(Tamper("audit_gap", f"rows {expected_seq}–{a.seq - 1} of the chain are missing (deleted)",
                                   row=a.id))
        if a.prev_hash != previous_hash:
            problems.append(Tamper("audit_link", f"row {a.id} does not follow the row before it in the chain", row=a.id))
        digest = chain.row_hash(a.seq, a.at, a.actor, a.action, a.target_type, a.target_id, a.incident_id,
                                a.detail_json, a.prev_hash or "")
        if digest != a.row_hash:
            problems.append(Tamper("audit_content", f"row {a.id} ({a.action}) was changed after it was written", row=a.id))
        if key is not None:
            signing = signing or a.signature is not None
            if signing and not chain.signature_ok(a.row_hash, a.signature, key):
                problems.append(Tamper("audit_signature", f"row {a.id} ({a.action}) is not signed with the server key "
                                       "(forged, or the key changed)", row=a.id))
        previous_hash, expected_seq = a.row_hash, a.seq + 1
    return problems


def _entry_key(a: AuditLog) -> tuple:
    try:
        detail = json.loads(a.detail_json or "{}")
    except ValueError:
        detail = {}
    number = detail.get("number") if a.action != "version.conflict" else None
    sha = detail.get("sha256") if a.action != "version.conflict" else None
    role = detail.get("role") if a.action.startswith("review.") else None
    return (a.action, a.target_id, number, sha, role, a.actor)


def _take(entries: Counter, key: tuple) -> bool:
    if entries[key] > 0:
        entries[key] -= 1
        return True
    return False
