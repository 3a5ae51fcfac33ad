"""Team mode in the app (AppTest, the real script runner): a visitor without an account
sees only the sign-in form; an account sees the incidents it has a role on; the owner
invites a lawyer on the admin page; the review page approves as the signed-in person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.auth.login import MAX_FAILURES, SignIn
from assistant.services.identity import invite
from assistant.ui.identity import SIGNIN_KEY
from tests.test_store_support import store_url  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long pass phrase 42"
TEXT = "Chúng tôi đã nhận được phản ánh. Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."


@pytest.fixture
def team(store_url, monkeypatch, brief_vi, brief_en):
    """On SQLite and on PostgreSQL (when CRISIS_DESK_TEST_PG names a server)."""
    from assistant.store import open_store

    monkeypatch.setenv("CRISIS_DESK_MODE", "team")
    monkeypatch.setenv("CRISIS_DESK_DB", store_url)
    store = open_store(store_url)
    invite(store, "owner@brand.vn", "owner", None, actor="cli", password=PASSWORD)
    mine = store.create_incident(brief_vi, author="owner@brand.vn")
    other = store.create_incident(brief_en, author="owner@brand.vn")
    invite(store, "linh@brand.vn", "drafter", mine.id, actor="owner@brand.vn", password=PASSWORD)
    return store, mine, other


def app(lang="en", who: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["ui_lang"] = lang
    if who:
        now = dt.datetime.now(dt.timezone.utc)
        at.session_state[SIGNIN_KEY] = SignIn(who, "password", now, now)
    return at


def _everything(at: AppTest) -> str:
    parts = [str(getattr(e, "value", "")) for kind in ("markdown", "text", "caption", "error", "info", "header")
             for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


def test_a_visitor_sees_the_sign_in_form_and_no_incident_data(team):
    _, mine, other = team
    at = app().run()
    assert not at.exception
    assert at.header[0].value == "Sign in"
    assert mine.title not in _everything(at) and other.title not in _everything(at)
    at.text_input(key="auth_email").set_value("stranger@gmail.com")
    at.text_input(key="auth_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert "Wrong e-mail or password" in _everything(at)
    assert mine.title not in _everything(at)


def test_sign_in_shows_only_the_incidents_of_ones_roles(team):
    _, mine, other = team
    at = app().run()
    at.text_input(key="auth_email").set_value("linh@brand.vn")
    at.text_input(key="auth_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    text = _everything(at)
    assert "Signed in: linh@brand.vn" in text
    assert mine.title in text and other.title not in text
    assert at.session_state["auth_password"] == ""  # the password is not kept


def test_repeated_failures_lock_the_sign_in(team):
    at = app().run()
    for _ in range(MAX_FAILURES + 1):
        at.text_input(key="auth_email").set_value("linh@brand.vn")
        at.text_input(key="auth_password").set_value("guess guess guess")
        at.button[0].click().run()
    at.text_input(key="auth_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert "Too many failed sign-ins" in _everything(at)


def _page(name: str, incident: int, who: str, draft: int | None = None) -> AppTest:
    at = AppTest.from_string(f"from assistant.ui.pages import {name}\n{name}.render()\n", default_timeout=60)
    at.session_state["ui_lang"] = "en"
    at.query_params["incident"] = str(incident)
    if draft is not None:
        at.query_params["draft"] = str(draft)
    now = dt.datetime.now(dt.timezone.utc)
    at.session_state[SIGNIN_KEY] = SignIn(who, "password", now, now)
    return at


def test_the_owner_invites_a_lawyer_who_then_approves(team):
    store, mine, _ = team
    at = _page("admin", mine.id, "owner@brand.vn").run()
    at.text_input(key="ad_email").set_value("lan@firm.vn")
    at.selectbox(key="ad_role").set_value("lawyer")
    at.text_input(key="ad_password").set_value(PASSWORD)
    at.button(key="ad_invite").click().run()
    assert not at.exception
    assert any("lan@firm.vn now holds the role lawyer" in s.value.replace("\\", "") for s in at.success)
    assert store.get_user("lan@firm.vn").roles_on(mine.id) == {"lawyer"}

    d = store.create_draft(mine.id, "holding", "facebook", "vi", author="linh@brand.vn")
    store.add_version(d.id, TEXT, author="linh@brand.vn")
    store.submit_for_review(d.id, 1, actor="linh@brand.vn")
    drafter = _page("review", mine.id, "linh@brand.vn", draft=d.id).run()
    assert "You hold neither the lawyer nor the PR lead role" in _everything(drafter)  # no approve form for her
    lawyer = _page("review", mine.id, "lan@firm.vn", draft=d.id).run()
    assert lawyer.radio(key="rv_role").options == ["Lawyer"]
    lawyer.button(key="rv_submit").click().run()
    assert not lawyer.exception
    [review] = store.list_reviews(d.id)
    assert (review.reviewer, review.role) == ("lan@firm.vn", "lawyer")


def test_a_lawyer_cannot_open_another_incident(team):
    store, mine, other = team
    invite(store, "lan@firm.vn", "lawyer", mine.id, actor="owner@brand.vn")
    at = _page("review", other.id, "lan@firm.vn").run()
    assert "None of your roles on this incident opens this page" in _everything(at)
    assert other.title not in _everything(at)


def test_an_expired_session_asks_to_sign_in_again(team, monkeypatch):
    monkeypatch.setenv("CRISIS_DESK_SESSION_MINUTES", "5")
    at = app()
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=6)
    at.session_state[SIGNIN_KEY] = SignIn("linh@brand.vn", "password", old, old)
    at.run()
    assert at.header[0].value == "Sign in" and "Your session expired" in _everything(at)


@pytest.mark.parametrize("mode, address, refused", [("solo", "0.0.0.0", True), ("solo", "127.0.0.1", False),
                                                    ("team", "0.0.0.0", False)])
def test_solo_mode_refuses_to_serve_a_public_address(tmp_db, monkeypatch, mode, address, refused):
    import streamlit

    monkeypatch.setenv("CRISIS_DESK_MODE", mode)
    real = streamlit.get_option
    monkeypatch.setattr(streamlit, "get_option", lambda name: address if name == "server.address" else real(name))
    at = app().run()
    assert not at.exception
    said = "solo mode listens only on this machine" in _everything(at)
    assert said is refused
    if refused:
        assert not at.header  # nothing else is served
