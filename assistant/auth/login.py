"""Signing in with a local account: throttled attempts and sessions that expire.

Five failed attempts for one address within 15 minutes lock it for the rest of that
window (the failures are kept in the database, so restarting the server does not reset
them). A session ends after ``CRISIS_DESK_SESSION_MINUTES`` without activity (default
60) and in any case 12 hours after sign-in.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace

from assistant.auth.passwords import verify_password
from assistant.errors import ConfigError

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)
SESSION_ENV = "CRISIS_DESK_SESSION_MINUTES"
DEFAULT_IDLE_MINUTES = 60


@dataclass(frozen=True)
class SignIn:
    """A signed-in person: ``email`` is the identity every action records."""

    email: str
    method: str           # "password" or "oidc"
    started: dt.datetime
    last_seen: dt.datetime


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    code: str             # ok, bad_credentials, locked, no_account
    session: SignIn | None = None


def idle_limit(environ=None) -> dt.timedelta:
    raw = (os.environ if environ is None else environ).get(SESSION_ENV, "").strip()
    if not raw:
        return dt.timedelta(minutes=DEFAULT_IDLE_MINUTES)
    try:
        minutes = int(raw)
    except ValueError:
        raise ConfigError(f"{SESSION_ENV}={raw}: must be a whole number of minutes, e.g. 60") from None
    if not 1 <= minutes <= 24 * 60:
        raise ConfigError(f"{SESSION_ENV}={raw}: must be between 1 and 1440 minutes")
    return dt.timedelta(minutes=minutes)


def sign_in(store, email: str, password: str, now: dt.datetime) -> LoginResult:
    """Check a local account's password (every attempt is recorded and audited)."""
    email = (email or "").strip().lower()
    if store.failed_logins_since(email, now - WINDOW) >= MAX_FAILURES:
        return LoginResult(False, "locked")
    ok = verify_password(store.password_hash(email), password or "")
    store.record_login(email, ok)
    if not ok:
        return LoginResult(False, "bad_credentials")  # the same answer for an unknown address
    return LoginResult(True, "ok", SignIn(email, "password", now, now))


def still_valid(session: SignIn | None, now: dt.datetime, idle: dt.timedelta) -> SignIn | None:
    """The session with its activity time moved on, or None when it has expired."""
    if session is None or now - session.last_seen > idle or now - session.started > ABSOLUTE_LIMIT:
        return None
    return replace(session, last_seen=now)
