"""Review rules: which roles must approve, hash binding, edit-after-approval, publishing.
Pure rules are table-driven on hand-made scan reports; the store-level rows run the real
guardrails scanner through ``add_version``."""

from __future__ import annotations

import pytest

from assistant.errors import ConflictError, InputError, WorkflowError
from assistant.store import workflow
from assistant.store.workflow import Decision
from guardrails.report import Finding, ScanReport
from assistant.services.drafts import save_version, stored_scan
from tests.test_store_support import incident, store, store_url  # noqa: F401


def _report(*routes: str) -> ScanReport:
    findings = [Finding(category="compensation_promise" if r == "lawyer" else "minimizing", route=r,
                        severity="high", start=0, end=1, text="x", rationale="r") for r in routes]
    return ScanReport(language="en", needs_review=sorted(set(routes)), findings=findings)


@pytest.mark.parametrize("routes,expected", [
    ((), []),
    (("lawyer",), ["lawyer"]),
    (("pr",), ["pr"]),
    (("pr", "lawyer"), ["lawyer", "pr"]),
    (("lawyer", "lawyer", "pr"), ["lawyer", "pr"]),
])
def test_required_roles_follow_the_findings(routes, expected):
    assert workflow.required_roles(_report(*routes)) == expected


def test_a_missing_scan_needs_both_roles():
    assert workflow.required_roles(None) == ["lawyer", "pr"]


A, C = "approved", "changes_requested"


@pytest.mark.parametrize("required,decisions,status", [
    ([], [], "in_review"),
    ([], [("pr", A)], "approved"),
    ([], [("lawyer", A)], "approved"),
    (["lawyer"], [("pr", A)], "in_review"),
    (["lawyer"], [("lawyer", A)], "approved"),
    (["lawyer", "pr"], [("lawyer", A)], "in_review"),
    (["lawyer", "pr"], [("lawyer", A), ("pr", A)], "approved"),
    (["lawyer", "pr"], [("lawyer", A), ("pr", C)], "changes_requested"),
    (["pr"], [("pr", C), ("pr", A)], "approved"),          # the latest decision of a role counts
    (["pr"], [("pr", A), ("pr", C)], "changes_requested"),
    ([], [("lawyer", C), ("pr", A)], "changes_requested"),  # any open request blocks
])
def test_review_status_table(required, decisions, status):
    assert workflow.review_status(required, [Decision(r, d) for r, d in decisions]) == status


# ---------------------------------------------------------------- through the store

def _submitted(store, incident, text="We are checking every report and will update you at 8 pm."):
    draft = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    v = save_version(store, draft.id, text, author="Linh")
    store.submit_for_review(draft.id, v.number, actor="Linh")
    return draft, v


def _approve_all(store, draft, v):
    for role in store.required_roles(draft.id, v.number) or ["pr"]:
        store.review(draft.id, v.number, reviewer=f"{role} reviewer", role=role, decision="approved",
                     comment="", sha256=v.sha256)


@pytest.mark.parametrize("text,roles", [
    ("We will refund every buyer in full and pay all medical costs.", ["lawyer"]),
    ("We are sorry if anyone was offended by a small joke.", ["pr"]),
    ("We will refund every buyer in full. Sorry if anyone was offended.", ["lawyer", "pr"]),
    ("We are sorry that our promotion hurt many of you. We are checking every report.", []),
])
def test_store_routes_versions_by_their_findings(store, incident, text, roles):
    draft, v = _submitted(store, incident, text)
    assert store.required_roles(draft.id, v.number) == roles == workflow.required_roles(stored_scan(v))
    others = [r for r in ("lawyer", "pr") if r not in roles]
    for role in others if roles else []:  # the wrong role's approval is not enough
        store.review(draft.id, 1, reviewer="someone", role=role, decision="approved", comment="", sha256=v.sha256)
        with pytest.raises(WorkflowError) as caught:
            store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256=v.sha256)
        assert caught.value.params["missing"] == [f"store.role.{roles[0]}"]
        assert {"lawyer": "lawyer", "pr": "PR lead"}[roles[0]] in caught.value.message
    _approve_all(store, draft, v)
    assert store.get_draft(draft.id).status == "approved"
    assert store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256=v.sha256).number == 1


def test_required_roles_match_the_scan_stored_with_the_version(store, incident):
    draft, v = _submitted(store, incident)
    assert store.required_roles(draft.id, 1) == workflow.required_roles(stored_scan(v))


def test_full_journey_to_a_numbered_timeline(store, incident):
    draft, v = _submitted(store, incident)
    assert store.get_draft(draft.id).status == "in_review"
    _approve_all(store, draft, v)
    assert store.get_draft(draft.id).status == "approved"
    first = store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256=v.sha256)
    assert store.get_draft(draft.id).status == "published"
    again = store.publish(draft.id, 1, channel="instagram", actor="Linh", sha256=v.sha256)  # cross-post
    update, uv = _submitted(store, incident, "Update 1: the batch test is under way; next update at 8 pm.")
    _approve_all(store, update, uv)
    store.publish(update.id, 1, channel="x", actor="Linh", sha256=uv.sha256)
    line = store.timeline(incident.id)
    assert [(p.sequence, p.draft_id, p.channel) for p in line] == [
        (1, draft.id, "facebook"), (2, draft.id, "instagram"), (3, update.id, "x")]
    assert line[0].text == v.text and line[0].sha256 == v.sha256 == first.sha256 and again.kind == "holding"
    assert line[0].published_at <= line[1].published_at <= line[2].published_at


def test_approve_with_wrong_hash_is_refused(store, incident):
    draft, v = _submitted(store, incident)
    with pytest.raises(WorkflowError) as caught:
        store.review(draft.id, 1, reviewer="Lan", role="lawyer", decision="approved", comment="",
                     sha256="0" * 64)
    assert "version 1 must be reviewed again" in caught.value.message
    assert store.list_reviews(draft.id) == [] and store.get_draft(draft.id).status == "in_review"


def test_publish_unapproved_or_wrong_hash_is_refused(store, incident):
    draft, v = _submitted(store, incident)
    with pytest.raises(WorkflowError) as caught:
        store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256=v.sha256)
    assert "needs approval" in caught.value.message
    _approve_all(store, draft, v)
    with pytest.raises(WorkflowError) as caught:
        store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256="f" * 64)
    assert "text changed after review" in caught.value.message
    assert store.timeline(incident.id) == []


def test_editing_an_approved_text_voids_the_approval(store, incident):
    draft, v1 = _submitted(store, incident)
    _approve_all(store, draft, v1)
    v2 = store.add_version(draft.id, v1.text + " Thank you.", author="Linh", parent=1)
    assert store.get_draft(draft.id).status == "draft" and v2.sha256 != v1.sha256
    for number, sha in ((1, v1.sha256), (2, v2.sha256)):
        with pytest.raises(WorkflowError) as caught:
            store.publish(draft.id, number, channel="facebook", actor="Linh", sha256=sha)
    assert "version 2" in caught.value.message
    with pytest.raises(WorkflowError) as caught:  # the old version cannot be approved any more
        store.review(draft.id, 1, reviewer="Lan", role="lawyer", decision="approved", comment="", sha256=v1.sha256)
    assert "version 2 must be reviewed" in caught.value.message
    store.submit_for_review(draft.id, 2, actor="Linh")
    _approve_all(store, draft, v2)
    assert store.publish(draft.id, 2, channel="facebook", actor="Linh", sha256=v2.sha256).number == 2
    assert [r.number for r in store.list_reviews(draft.id)] == [1] * len(store.list_reviews(draft.id, 1)) + [2] * len(
        store.list_reviews(draft.id, 2))


def test_changes_requested_then_new_version(store, incident):
    draft, v1 = _submitted(store, incident)
    review = store.review(draft.id, 1, reviewer="Lan", role="lawyer", decision="changes_requested",
                          comment="Remove the date.", sha256=v1.sha256)
    assert (review.number, review.role, review.comment, review.sha256) == (1, "lawyer", "Remove the date.", v1.sha256)
    assert store.get_draft(draft.id).status == "changes_requested"
    with pytest.raises(WorkflowError):
        store.submit_for_review(draft.id, 1, actor="Linh")
    with pytest.raises(WorkflowError):
        store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256=v1.sha256)
    v2 = store.add_version(draft.id, "We are checking every report.", author="Linh", parent=1)
    assert store.submit_for_review(draft.id, 2, actor="Linh").status == "in_review"
    assert v2.number == 2


@pytest.mark.parametrize("kwargs,field", [
    ({"role": "ceo"}, "role"),
    ({"decision": "maybe"}, "decision"),
    ({"reviewer": " "}, "reviewer"),
    ({"decision": "changes_requested", "comment": ""}, "comment"),
])
def test_review_input_errors_name_the_field(store, incident, kwargs, field):
    draft, v = _submitted(store, incident)
    args = {"reviewer": "Lan", "role": "lawyer", "decision": "approved", "comment": "", "sha256": v.sha256} | kwargs
    with pytest.raises(InputError) as caught:
        store.review(draft.id, 1, **args)
    assert field in caught.value.message


def test_review_needs_submission_first(store, incident):
    draft = store.create_draft(incident.id, "holding", "x", "en", author="Linh")
    v = store.add_version(draft.id, "We are checking.", author="Linh")
    with pytest.raises(WorkflowError) as caught:
        store.review(draft.id, 1, reviewer="Lan", role="pr", decision="approved", comment="", sha256=v.sha256)
    assert "submit" in caught.value.message


def test_conflict_copies_cannot_be_reviewed(store, incident):
    draft, v1 = _submitted(store, incident)
    store.add_version(draft.id, "Edit A.", author="Linh", parent=1)
    with pytest.raises(ConflictError) as conflict:
        store.add_version(draft.id, "Edit B.", author="An", parent=1)
    kept = conflict.value.kept_version
    copy = store.get_version(draft.id, kept)
    with pytest.raises(WorkflowError) as caught:
        store.submit_for_review(draft.id, kept, actor="An")
    assert "conflict copy" in caught.value.message and copy.is_conflict_copy


def test_versions_are_scanned_against_the_current_brief(store, incident, brief_en):
    """``protected_names`` of the brief is a lawyer matter (guardrails.md); the service
    scans each version with the incident's brief as it is when the version is saved."""
    name = brief_en.protected_names[0]
    draft = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    text = f"We have spoken with {name} and we are checking every report."
    flagged = save_version(store, draft.id, text, author="Linh")
    assert ("privacy_disclosure", name) in {(f.category, f.text) for f in stored_scan(flagged).findings}
    assert store.required_roles(draft.id, 1) == ["lawyer"]
    store.update_brief(incident.id, brief_en.model_copy(update={"protected_names": []}), author="Lan (lawyer)")
    clean = save_version(store, draft.id, text, author="Linh", parent=1)
    assert ("privacy_disclosure", name) not in {(f.category, f.text) for f in stored_scan(clean).findings}
    assert clean.sha256 == flagged.sha256 and clean.number == 2  # same text, new version, own scan


def test_the_store_keeps_the_scan_it_is_given_and_never_scans(store, incident, brief_en):
    draft = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    unscanned = store.add_version(draft.id, "We will refund every buyer in full.", author="Linh")
    assert unscanned.scan_json is None and store.required_roles(draft.id, 1) == ["lawyer", "pr"]
    entry = [e for e in store.audit_log(incident.id) if e.action == "version.add"][-1]
    assert entry.detail["scan_error"].startswith("not scanned")
    given = '{"language": "en", "needs_review": ["pr"], "findings": []}'
    kept = store.add_version(draft.id, "Any text.", author="Linh", parent=1, scan_json=given, brief_version=1)
    assert kept.scan_json == given and store.required_roles(draft.id, 2) == ["pr"]


def test_a_scan_against_an_old_brief_is_refused_and_the_service_scans_again(store, incident, brief_en):
    from assistant.store.drafts import StaleScanError

    draft = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    store.update_brief(incident.id, brief_en.model_copy(update={"protected_names": []}), author="Lan")
    with pytest.raises(StaleScanError):
        store.add_version(draft.id, "Text.", author="Linh", scan_json="{}", brief_version=1)
    assert store.list_versions(draft.id) == []
    name = brief_en.protected_names[0]
    v = save_version(store, draft.id, f"We spoke with {name}.", author="Linh")
    assert "privacy_disclosure" not in {f.category for f in stored_scan(v).findings}  # the new brief
