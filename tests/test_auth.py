"""Solo/team mode, passwords, sign-in throttling, session expiry, role permissions and the
OIDC configuration and identity mapping — table-driven, against a real store."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.auth import login, oidc
from assistant.auth.mode import check_address, current_mode, is_loopback
from assistant.auth.passwords import hash_password, verify_password
from assistant.auth.permissions import ACTIONS, PAGE_ACTIONS, can
from assistant.errors import ConfigError, InputError
from assistant.services.identity import invite, sign_in
from tests.test_store_support import store, store_url  # noqa: F401

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
PASSWORD = "a long pass phrase 42"


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("", False), (None, False), ("192.168.1.10", False), ("crisis.example.vn", False),
])
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


@pytest.mark.parametrize("mode, address, refused", [
    ("solo", "127.0.0.1", False), ("solo", "0.0.0.0", True), ("solo", None, True), ("solo", "10.0.0.3", True),
    ("team", "0.0.0.0", False), ("team", "127.0.0.1", False),
])
def test_solo_mode_refuses_to_serve_beyond_this_machine(mode, address, refused):
    if refused:
        with pytest.raises(ConfigError, match="CRISIS_DESK_MODE=team"):
            check_address(mode, address)
    else:
        check_address(mode, address)


@pytest.mark.parametrize("value, mode", [(None, "solo"), ("", "solo"), ("team", "team"), (" TEAM ", "team")])
def test_mode_from_the_environment(value, mode):
    assert current_mode({} if value is None else {"CRISIS_DESK_MODE": value}) == mode


def test_an_unknown_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="solo or team"):
        current_mode({"CRISIS_DESK_MODE": "public"})


def test_passwords_are_argon2_hashes():
    h = hash_password(PASSWORD)
    assert h.startswith("$argon2id$") and PASSWORD not in h
    assert verify_password(h, PASSWORD)
    assert not verify_password(h, PASSWORD + "x")
    assert not verify_password(None, PASSWORD)
    assert not verify_password("not a hash", PASSWORD)


@pytest.mark.parametrize("password", ["short", "", "x" * 2000])
def test_weak_or_absurd_passwords_are_refused(password):
    with pytest.raises(InputError, match="password"):
        hash_password(password)


@pytest.mark.parametrize("roles, action, allowed", [
    ({"lawyer"}, "review", True), ({"lawyer"}, "export", True), ({"lawyer"}, "approve_lawyer", True),
    ({"lawyer"}, "see_brief", False), ({"lawyer"}, "see_timeline", False), ({"lawyer"}, "replies", False),
    ({"lawyer"}, "write_draft", False), ({"lawyer"}, "approve_pr", False), ({"lawyer"}, "publish", False),
    ({"drafter"}, "write_draft", True), ({"drafter"}, "approve_lawyer", False), ({"drafter"}, "publish", False),
    ({"pr_lead"}, "approve_pr", True), ({"pr_lead"}, "publish", True), ({"owner"}, "approve_lawyer", False),
    ({"owner"}, "manage_members", True), ({"viewer"}, "see_brief", True), ({"viewer"}, "edit_brief", False),
    (set(), "see_incident", False),
])
def test_what_each_role_may_do(roles, action, allowed):
    assert can(roles, action) is allowed


def test_every_page_action_exists():
    assert set(PAGE_ACTIONS.values()) <= set(ACTIONS)


# ---------------------------------------------------------------------- sign-in
def test_sign_in_with_a_local_account(store):
    invite(store, "Lan@Firm.vn", "lawyer", None, actor="cli", password=PASSWORD)
    result = sign_in(store, "lan@firm.vn", PASSWORD, T0)
    assert result.ok and result.session.email == "lan@firm.vn"
    assert [e.action for e in store.audit_log()][-1] == "login.ok"
    assert sign_in(store, "lan@firm.vn", "wrong password!", T0).code == "bad_credentials"
    assert sign_in(store, "nobody@firm.vn", PASSWORD, T0).code == "bad_credentials"  # no hint the address is unknown


def test_repeated_failures_lock_the_address_for_the_window(store):
    invite(store, "lan@firm.vn", "lawyer", None, actor="cli", password=PASSWORD)
    for _ in range(login.MAX_FAILURES):
        assert sign_in(store, "lan@firm.vn", "guess guess guess", T0).code == "bad_credentials"
    assert sign_in(store, "lan@firm.vn", PASSWORD, T0).code == "locked"  # even the right password
    later = dt.datetime.now(dt.timezone.utc) + login.WINDOW + dt.timedelta(minutes=1)
    assert sign_in(store, "lan@firm.vn", PASSWORD, later).ok


@pytest.mark.parametrize("idle_minutes, after, valid", [
    (60, dt.timedelta(minutes=59), True), (60, dt.timedelta(minutes=61), False), (5, dt.timedelta(minutes=6), False),
])
def test_sessions_expire_when_idle(idle_minutes, after, valid):
    session = login.SignIn("lan@firm.vn", "password", T0, T0)
    result = login.still_valid(session, T0 + after, dt.timedelta(minutes=idle_minutes))
    assert (result is not None) is valid


def test_sessions_end_after_twelve_hours_even_when_active():
    session = login.SignIn("lan@firm.vn", "password", T0, T0)
    now = T0
    while now - T0 < login.ABSOLUTE_LIMIT - dt.timedelta(minutes=30):
        now += dt.timedelta(minutes=30)
        session = login.still_valid(session, now, dt.timedelta(minutes=60))
        assert session is not None
    assert login.still_valid(session, T0 + login.ABSOLUTE_LIMIT + dt.timedelta(minutes=1), dt.timedelta(hours=2)) is None


@pytest.mark.parametrize("raw, ok", [("30", True), ("0", False), ("soon", False), ("", True)])
def test_the_idle_limit_comes_from_the_environment(raw, ok):
    if ok:
        assert login.idle_limit({"CRISIS_DESK_SESSION_MINUTES": raw}) >= dt.timedelta(minutes=1)
    else:
        with pytest.raises(ConfigError, match="CRISIS_DESK_SESSION_MINUTES"):
            login.idle_limit({"CRISIS_DESK_SESSION_MINUTES": raw})


# ---------------------------------------------------------------------- OIDC
GOOD_AUTH = {"redirect_uri": "https://crisis.example.vn/oauth2callback", "cookie_secret": "s" * 40,
             "client_id": "crisis-desk", "client_secret": "x",
             "server_metadata_url": "https://idp.example.vn/.well-known/openid-configuration"}


@pytest.mark.parametrize("secrets, problem", [
    ({}, "no [auth] table"),
    ({"auth": {**GOOD_AUTH, "client_id": ""}}, "client_id is missing"),
    ({"auth": {**GOOD_AUTH, "server_metadata_url": "https://idp.example.vn/"}}, "openid-configuration"),
    ({"auth": {**GOOD_AUTH, "cookie_secret": "short"}}, "cookie_secret"),
    ({"auth": GOOD_AUTH}, None),
])
def test_oidc_configuration(secrets, problem):
    problems = oidc.config_problems(secrets)
    if problem is None:
        assert problems == [] and oidc.configured(secrets)
    else:
        assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("claims, email", [
    ({"email": "Lan@Firm.VN", "email_verified": True}, "lan@firm.vn"),
    ({"email": "lan@firm.vn"}, "lan@firm.vn"),
    ({"email": "lan@firm.vn", "email_verified": False}, None),
    ({"sub": "123"}, None),
    ({"email": "not-an-address"}, None),
])
def test_oidc_claims_to_an_email(claims, email):
    assert oidc.email_from_claims(claims) == email


def test_an_oidc_identity_maps_to_an_account_only_if_invited(store):
    invite(store, "lan@firm.vn", "lawyer", None, actor="cli")
    assert oidc.account_for(store, {"email": "LAN@firm.vn", "email_verified": True}).email == "lan@firm.vn"
    assert oidc.account_for(store, {"email": "stranger@gmail.com", "email_verified": True}) is None
