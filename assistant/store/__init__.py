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
from assistant.store.reviews import ReviewsMixin


class Store(ReviewsMixin):
    """One database: see the package docstring and ``shared`` API notes for the methods."""

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
