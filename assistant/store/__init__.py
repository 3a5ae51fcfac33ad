"""The store: incidents, versioned briefs and drafts, lawyer/PR review, publications and
an append-only audit log, in SQLite (default) or any SQLAlchemy database.

    from assistant.store import open_store
    store = open_store()            # CRISIS_DESK_DB, else a SQLite file in the user data dir
    incident = store.create_incident(brief, author="Linh")

Every method runs in its own transaction and returns frozen records (``records.py``).
"""

from __future__ import annotations

from assistant.store import db
from assistant.store.records import (
    AuditEntry,
    BriefVersionRecord,
    DraftRecord,
    IncidentRecord,
    PublicationRecord,
    ReviewRecord,
    VersionRecord,
)
from assistant.store.accounts import AccountsMixin
from assistant.store.reviews import ReviewsMixin


class Store(AccountsMixin, ReviewsMixin):
    """One database, safe to share between threads (a session per call).

    incidents   create_incident, list_incidents, get_incident, update_brief, brief_history
    autosave    save_working_copy, load_working_copy, clear_working_copy
    drafts      create_draft, list_drafts, get_draft, add_version, list_versions, get_version
    review      required_roles, submit_for_review, review, list_reviews, publish, timeline
    accounts    add_user, grant, revoke, remove_user, set_password_hash, get_user, list_users
    plumbing    url, session(), record_audit, audit_log, backup, close
    """

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


def open_store(url: str | None = None) -> Store:
    """Open (creating or upgrading the schema as needed) the database at ``url``;
    ``None`` means ``CRISIS_DESK_DB`` or the default SQLite file."""
    return Store(url or db.default_url())


__all__ = [
    "open_store", "Store", "AuditEntry", "BriefVersionRecord", "DraftRecord", "IncidentRecord",
    "PublicationRecord", "ReviewRecord", "VersionRecord",
]
