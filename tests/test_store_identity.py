"""Identity in the store (SQLite and PostgreSQL): the author never approves her own
version; with accounts, an approval in a role needs that role on that incident, and
publishing needs an owner or PR lead. Refusals say who must act, in Vietnamese and English."""

from __future__ import annotations

import pytest

from assistant.errors import WorkflowError
from tests.test_store_support import incident, store, store_url  # noqa: F401

TEXT = "We have read the reports. We will refund every buyer in full."


def _submitted(store, incident_id, author):
    d = store.create_draft(incident_id, "holding", "facebook", "en", author=author)
    v = store.add_version(d.id, TEXT, author=author)
    store.submit_for_review(d.id, 1, actor=author)
    return d, v


@pytest.fixture
def team(store, brief_en):
    """An incident owned by an account, with a drafter, a lawyer and a PR lead."""
    store.add_user("owner@brand.vn", actor="cli", role="owner")
    inc = store.create_incident(brief_en, author="owner@brand.vn")
    store.add_user("linh@brand.vn", actor="owner@brand.vn", role="drafter", incident_id=inc.id)
    store.add_user("lan@firm.vn", actor="owner@brand.vn", role="lawyer", incident_id=inc.id)
    store.add_user("minh@brand.vn", actor="owner@brand.vn", role="pr_lead", incident_id=inc.id)
    return inc


@pytest.mark.parametrize("author, reviewer", [("Linh", "Linh"), ("linh@brand.vn", "LINH@brand.vn "),
                                              ("owner@localhost", "owner@localhost")])
def test_the_author_of_a_version_can_never_approve_it(store, incident, author, reviewer):
    d, v = _submitted(store, incident.id, author)
    with pytest.raises(WorkflowError) as caught:
        store.review(d.id, 1, reviewer=reviewer, role="lawyer", decision="approved", comment="", sha256=v.sha256)
    assert "never approve" in caught.value.translations["en"]
    assert "không bao giờ được tự duyệt" in caught.value.translations["vi"]
    assert store.list_reviews(d.id) == []


def test_without_accounts_another_person_may_approve(store, incident):
    d, v = _submitted(store, incident.id, "Linh")
    store.review(d.id, 1, reviewer="An", role="lawyer", decision="approved", comment="", sha256=v.sha256)
    assert [r.reviewer for r in store.list_reviews(d.id)] == ["An"]


def test_the_creator_account_owns_the_incident(store, team):
    assert store.get_user("owner@brand.vn").roles_on(team.id) == {"owner"}
    assert store.get_user("lan@firm.vn").roles_on(team.id) == {"lawyer"}
    assert store.get_user("lan@firm.vn").roles_on(team.id + 1) == set()
    assert [u.email for u in store.list_users(team.id)] == ["lan@firm.vn", "linh@brand.vn", "minh@brand.vn",
                                                            "owner@brand.vn"]


@pytest.mark.parametrize("reviewer, role, allowed", [
    ("lan@firm.vn", "lawyer", True), ("minh@brand.vn", "pr", True),
    ("minh@brand.vn", "lawyer", False), ("lan@firm.vn", "pr", False),
    ("owner@brand.vn", "lawyer", False),   # owning the incident is not being its lawyer
    ("stranger@gmail.com", "lawyer", False),
])
def test_an_approval_in_a_role_needs_that_role_on_the_incident(store, team, reviewer, role, allowed):
    d, v = _submitted(store, team.id, "linh@brand.vn")
    if allowed:
        store.review(d.id, 1, reviewer=reviewer, role=role, decision="approved", comment="", sha256=v.sha256)
        assert store.list_reviews(d.id)[0].reviewer == reviewer
    else:
        with pytest.raises(WorkflowError) as caught:
            store.review(d.id, 1, reviewer=reviewer, role=role, decision="approved", comment="", sha256=v.sha256)
        assert reviewer in caught.value.translations["en"] and "must act" in caught.value.translations["en"]
        assert "phải thực hiện" in caught.value.translations["vi"]
        assert store.list_reviews(d.id) == []


def test_a_lawyer_of_another_incident_cannot_approve(store, team, brief_en):
    other = store.create_incident(brief_en, author="owner@brand.vn")
    d, v = _submitted(store, other.id, "owner@brand.vn")
    with pytest.raises(WorkflowError, match="lan@firm.vn does not hold the role lawyer"):
        store.review(d.id, 1, reviewer="lan@firm.vn", role="lawyer", decision="approved", comment="", sha256=v.sha256)


@pytest.mark.parametrize("actor, allowed", [("minh@brand.vn", True), ("owner@brand.vn", True),
                                            ("linh@brand.vn", False), ("lan@firm.vn", False)])
def test_publishing_needs_an_owner_or_pr_lead(store, team, actor, allowed):
    d, v = _submitted(store, team.id, "linh@brand.vn")
    store.review(d.id, 1, reviewer="lan@firm.vn", role="lawyer", decision="approved", comment="", sha256=v.sha256)
    store.review(d.id, 1, reviewer="minh@brand.vn", role="pr", decision="approved", comment="", sha256=v.sha256)
    if allowed:
        assert store.publish(d.id, 1, channel="facebook", actor=actor, sha256=v.sha256).actor == actor
    else:
        with pytest.raises(WorkflowError, match="owner or PR lead"):
            store.publish(d.id, 1, channel="facebook", actor=actor, sha256=v.sha256)


def test_account_changes_are_audited_and_removal_revokes(store, team):
    store.revoke("lan@firm.vn", "lawyer", team.id, actor="owner@brand.vn")
    assert store.get_user("lan@firm.vn").roles_on(team.id) == set()
    store.remove_user("lan@firm.vn", actor="owner@brand.vn")
    assert store.get_user("lan@firm.vn") is None
    actions = [e.action for e in store.audit_log()]
    assert {"user.add", "user.grant", "user.revoke", "user.remove"} <= set(actions)
