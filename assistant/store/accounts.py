"""Accounts and roles per incident: who may act, recorded in the audit chain.

Roles on an incident: ``owner`` (everything, invites people), ``drafter`` (writes and
submits), ``pr_lead`` (approves as PR, publishes), ``lawyer`` (review-only: that incident's
drafts and exports, approves as lawyer), ``viewer`` (reads). A role granted with no incident
holds on every incident; an owner of every incident administers accounts.

The password hash is made and checked by ``assistant.auth.passwords``; the store only keeps it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.errors import InputError, NotFoundError, Problem, StoreError
from assistant.store.core import StoreCore, require_choice, require_text
from assistant.store.identity_models import LoginAttempt, Membership, User
from assistant.store.messages import refusal
from assistant.store.models import utc_now
from assistant.store.records import _Record

ROLES: tuple[str, ...] = ("owner", "drafter", "pr_lead", "lawyer", "viewer")
# the account role a review role needs (an approval as lawyer needs a lawyer of that incident)
REVIEW_ROLE_NEEDS = {"lawyer": "lawyer", "pr": "pr_lead"}
PUBLISHERS = ("owner", "pr_lead")


class MembershipRecord(_Record):
    role: str
    incident_id: int | None        # None: every incident


class UserRecord(_Record):
    id: int
    email: str
    name: str
    has_password: bool
    created_at: dt.datetime
    memberships: tuple[MembershipRecord, ...] = ()

    def roles_on(self, incident_id: int | None) -> set[str]:
        return {m.role for m in self.memberships if m.incident_id is None or m.incident_id == incident_id}

    @property
    def is_admin(self) -> bool:
        return any(m.role == "owner" and m.incident_id is None for m in self.memberships)


def normal_email(value: object, field: str = "email") -> str:
    email = require_text(value, field, "user").lower()
    local, _, domain = email.partition("@")
    if not local or not domain or " " in email:
        raise InputError("user", [Problem(field, f"must be an e-mail address such as lan@firm.vn (got {value!r})",
                                          type="value_error", value=value)])
    return email


def same_person(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a.strip().lower() == b.strip().lower()


# ---------------------------------------------------------------------- in a session
def has_accounts(s: Session) -> bool:
    """Team mode's database: once an account exists, every step needs the right role."""
    return bool(s.scalar(select(func.count(User.id))))


def roles_of(s: Session, email: str, incident_id: int | None) -> set[str]:
    q = (select(Membership.role).join(User, Membership.user_id == User.id)
         .where(User.email == email.strip().lower()))
    q = q.where((Membership.incident_id.is_(None)) | (Membership.incident_id == incident_id))
    return set(s.scalars(q))


def make_owner(s: Session, author: str, incident_id: int) -> None:
    """The account that creates an incident owns it (nothing to do without accounts)."""
    u = s.scalars(select(User).where(User.email == author.strip().lower())).first()
    if u is not None:
        s.add(Membership(user_id=u.id, incident_id=incident_id, role="owner", created_by=u.email, created_at=utc_now()))
        StoreCore._audit(s, u.email, "user.grant", "user", u.id, incident_id, email=u.email, role="owner")


def _user(s: Session, email: str) -> User:
    row = s.scalars(select(User).where(User.email == email)).first()
    if row is None:
        raise refusal(NotFoundError, "store.user_not_found", email=email)
    return row


def _record(s: Session, u: User) -> UserRecord:
    ms = s.scalars(select(Membership).where(Membership.user_id == u.id).order_by(Membership.id))
    return UserRecord(id=u.id, email=u.email, name=u.name, has_password=bool(u.password_hash),
                      created_at=u.created_at,
                      memberships=tuple(MembershipRecord(role=m.role, incident_id=m.incident_id) for m in ms))


class AccountsMixin(StoreCore):
    """users: add_user, grant, revoke, remove_user, set_password_hash, get_user, list_users,
    password_hash, has_accounts; sign-in throttling: record_login, failed_logins_since."""

    def add_user(self, email: str, actor: str, name: str = "", role: str | None = None,
                 incident_id: int | None = None) -> UserRecord:
        """A new account (no password yet), with ``role`` on ``incident_id`` if given."""
        email = normal_email(email)
        actor = require_text(actor, "actor", "user")
        with self.session() as s:
            if s.scalars(select(User).where(User.email == email)).first() is not None:
                raise refusal(StoreError, "store.user_exists", email=email)
            u = User(email=email, name=(name or "").strip(), created_by=actor, created_at=utc_now())
            s.add(u)
            s.flush()
            self._audit(s, actor, "user.add", "user", u.id, None, email=email)
            if role is not None:
                self._grant(s, u, role, incident_id, actor)
            return _record(s, u)

    def grant(self, email: str, role: str, incident_id: int | None, actor: str) -> UserRecord:
        email = normal_email(email)
        with self.session() as s:
            u = _user(s, email)
            self._grant(s, u, role, incident_id, require_text(actor, "actor", "user"))
            return _record(s, u)

    def _grant(self, s: Session, u: User, role: str, incident_id: int | None, actor: str) -> None:
        role = require_choice(role, "role", ROLES, "user")
        if incident_id is not None:
            self._incident(s, incident_id)
        exists = s.scalars(select(Membership).where(
            Membership.user_id == u.id, Membership.role == role,
            Membership.incident_id.is_(None) if incident_id is None else Membership.incident_id == incident_id)).first()
        if exists is None:
            s.add(Membership(user_id=u.id, incident_id=incident_id, role=role, created_by=actor, created_at=utc_now()))
            self._audit(s, actor, "user.grant", "user", u.id, incident_id, email=u.email, role=role)

    def revoke(self, email: str, role: str, incident_id: int | None, actor: str) -> UserRecord:
        email = normal_email(email)
        with self.session() as s:
            u = _user(s, email)
            s.execute(delete(Membership).where(
                Membership.user_id == u.id, Membership.role == role,
                Membership.incident_id.is_(None) if incident_id is None else Membership.incident_id == incident_id))
            self._audit(s, require_text(actor, "actor", "user"), "user.revoke", "user", u.id, incident_id,
                        email=email, role=role)
            return _record(s, u)

    def remove_user(self, email: str, actor: str) -> None:
        email = normal_email(email)
        with self.session() as s:
            u = _user(s, email)
            self._audit(s, require_text(actor, "actor", "user"), "user.remove", "user", u.id, None, email=email)
            s.execute(delete(Membership).where(Membership.user_id == u.id))
            s.delete(u)

    def set_password_hash(self, email: str, password_hash: str, actor: str) -> None:
        email = normal_email(email)
        with self.session() as s:
            u = _user(s, email)
            u.password_hash = require_text(password_hash, "password_hash", "user", max_length=None)
            self._audit(s, require_text(actor, "actor", "user"), "user.password", "user", u.id, None, email=email)

    def password_hash(self, email: str) -> str | None:
        with self._reading() as s:
            u = s.scalars(select(User).where(User.email == email.strip().lower())).first()
            return u.password_hash if u else None

    def get_user(self, email: str) -> UserRecord | None:
        with self._reading() as s:
            u = s.scalars(select(User).where(User.email == (email or "").strip().lower())).first()
            return _record(s, u) if u else None

    def list_users(self, incident_id: int | None = None) -> list[UserRecord]:
        """Every account (only those with a role on ``incident_id`` when given), by e-mail."""
        with self._reading() as s:
            users = [_record(s, u) for u in s.scalars(select(User).order_by(User.email))]
        if incident_id is None:
            return users
        return [u for u in users if u.roles_on(incident_id)]

    def has_accounts(self) -> bool:
        with self._reading() as s:
            return has_accounts(s)

    # ------------------------------------------------------------------ sign-in throttling
    def record_login(self, email: str, ok: bool) -> None:
        email = (email or "").strip().lower()[:200] or "?"
        with self.session() as s:
            s.add(LoginAttempt(email=email, at=utc_now(), ok=ok))
            u = s.scalars(select(User).where(User.email == email)).first()
            self._audit(s, email, "login.ok" if ok else "login.failed", "user", u.id if u else None, None)

    def failed_logins_since(self, email: str, since: dt.datetime) -> int:
        """Failures after the last success, no older than ``since``."""
        email = (email or "").strip().lower()
        with self._reading() as s:
            last_ok = s.scalar(select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email,
                                                                      LoginAttempt.ok.is_(True)))
            start = max(since, last_ok) if last_ok else since
            return s.scalar(select(func.count(LoginAttempt.id)).where(
                LoginAttempt.email == email, LoginAttempt.ok.is_(False), LoginAttempt.at > start)) or 0
