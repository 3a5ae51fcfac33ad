"""Accounts and tamper checks for the UI and the command line: the only place that hashes
a password before the store keeps it, and that runs the database check."""

from __future__ import annotations

import datetime as dt

from assistant.auth import login, passwords
from assistant.store.accounts import UserRecord


def invite(store, email: str, role: str, incident_id: int | None, actor: str, name: str = "",
           password: str | None = None) -> UserRecord:
    """Give ``email`` the ``role`` (on ``incident_id``, or every incident), creating the
    account if needed; with ``password`` the account can sign in locally."""
    if password is not None:
        passwords.check_strength(password)  # refuse a weak password before anything is written
    user = store.get_user(email)
    if user is None:
        user = store.add_user(email, actor=actor, name=name, role=role, incident_id=incident_id)
    else:
        user = store.grant(email, role, incident_id, actor=actor)
    if password is not None:
        set_password(store, user.email, password, actor)
    return store.get_user(user.email)


def set_password(store, email: str, password: str, actor: str) -> None:
    if store.get_user(email) is None:
        from assistant.errors import NotFoundError
        from assistant.store.messages import refusal

        raise refusal(NotFoundError, "store.user_not_found", email=email)
    store.set_password_hash(email, passwords.hash_password(password), actor=actor)


def sign_in(store, email: str, password: str, now: dt.datetime | None = None) -> login.LoginResult:
    return login.sign_in(store, email, password, now or dt.datetime.now(dt.timezone.utc))


def verify(store, key: bytes | None = None):
    from assistant.store.verify import verify_store

    return verify_store(store, key)


def record_export(store, draft_id: int, number: int, fmt: str, sha256: str, actor: str) -> None:
    """An export goes into the audit chain: who took which exact text out, in which format."""
    draft_id = int(draft_id)  # the command line hands over its argument as text
    draft = store.get_draft(draft_id)
    with store.session() as s:
        store.record_audit(s, actor, "draft.export", "draft", draft_id, draft.incident_id, number=number,
                           format=fmt, sha256=sha256)
