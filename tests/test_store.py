"""The store on a real database: incidents, versioned briefs, working copies, drafts,
immutable versions, edit conflicts and the append-only audit log."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from assistant.errors import ConflictError, InputError, NotFoundError, StoreError
from assistant.services.drafts import save_version, stored_scan
from tests.test_store_support import incident, store, store_url  # noqa: F401 - fixtures


# ---------------------------------------------------------------- incidents and briefs

def test_incident_round_trip_and_newest_first(store, brief_en, brief_vi):
    first = store.create_incident(brief_en, author="Linh")
    second = store.create_incident(brief_vi, author="Minh")
    assert first.brief == brief_en and second.brief == brief_vi
    assert first.brief_version == 1 and first.title == brief_en.incident.title
    assert [i.id for i in store.list_incidents()] == [second.id, first.id]
    assert store.get_incident(second.id).brief.speaker.name == brief_vi.speaker.name


def test_update_brief_versions_the_brief(store, incident, brief_en):
    changed = brief_en.model_copy(update={"confirmed_facts": [*brief_en.confirmed_facts, "A third fact."]})
    updated = store.update_brief(incident.id, changed, author="An", expected_version=1)
    assert updated.brief_version == 2 and updated.brief.confirmed_facts[-1] == "A third fact."
    history = store.brief_history(incident.id)
    assert [(h.number, h.author, h.is_conflict_copy) for h in history] == [(1, "Linh (PR)", False), (2, "An", False)]
    assert history[0].brief == brief_en


def test_stale_brief_update_is_a_conflict_and_keeps_the_brief(store, incident, brief_en):
    mine = brief_en.model_copy(update={"next_update": "9 am tomorrow"})
    theirs = brief_en.model_copy(update={"next_update": "noon tomorrow"})
    store.update_brief(incident.id, theirs, author="Minh", expected_version=1)
    with pytest.raises(ConflictError) as caught:
        store.update_brief(incident.id, mine, author="Linh", expected_version=1)
    kept = caught.value.kept_version
    assert "conflict copy" in caught.value.message and "Minh" in caught.value.message
    history = {h.number: h for h in store.brief_history(incident.id)}
    assert history[kept].is_conflict_copy and history[kept].brief.next_update == "9 am tomorrow"
    current = store.get_incident(incident.id)
    assert current.brief.next_update == "noon tomorrow" and current.brief_version == 2
    listed = {i.id: i for i in store.list_incidents()}[incident.id]
    assert listed == current


@pytest.mark.parametrize("call", [
    lambda s: s.get_incident(999),
    lambda s: s.brief_history(999),
    lambda s: s.create_draft(999, "holding", "x", "en", "Linh"),
    lambda s: s.get_draft(999),
    lambda s: s.list_versions(999),
    lambda s: s.save_working_copy(999, "brief_form", {}),
])
def test_unknown_ids_say_so(store, call):
    with pytest.raises(NotFoundError) as caught:
        call(store)
    assert "999" in caught.value.message and "does not exist" in caught.value.message


# ---------------------------------------------------------------- working copies

@pytest.mark.parametrize("data", [
    {"speaker": {"name": "Mai"}, "confirmed_facts": ["Xin lỗi", ""]},
    "Bản nháp chưa lưu — tôi xin lỗi",
    unicodedata.normalize("NFD", "Chúng tôi xin lỗi các bạn"),
    "",
])
def test_working_copy_keeps_unfinished_state_exactly(store, incident, data):
    assert store.load_working_copy(incident.id, "editor") is None
    store.save_working_copy(incident.id, "editor", data)
    assert store.load_working_copy(incident.id, "editor") == data
    store.save_working_copy(incident.id, "editor", {"step": 2})
    assert store.load_working_copy(incident.id, "editor") == {"step": 2}
    store.clear_working_copy(incident.id, "editor")
    assert store.load_working_copy(incident.id, "editor") is None


def test_working_copy_rejects_what_it_cannot_keep(store, incident):
    with pytest.raises(InputError) as caught:
        store.save_working_copy(incident.id, "editor", {"when": object()})
    assert "data" in caught.value.message


# ---------------------------------------------------------------- drafts and versions

@pytest.mark.parametrize("field,args", [
    ("kind", ("tweet", "x", "en")),
    ("channel", ("holding", "tiktok", "en")),
    ("language", ("holding", "x", "fr")),
])
def test_create_draft_rejects_unknown_choices(store, incident, field, args):
    with pytest.raises(InputError) as caught:
        store.create_draft(incident.id, *args, author="Linh")
    assert field in caught.value.message and "must be one of" in caught.value.message


@pytest.mark.parametrize("text", [
    "We are sorry that our promotion made people ill.",
    "Chúng tôi thành thật xin lỗi các bạn.",
    unicodedata.normalize("NFD", "Chúng tôi thành thật xin lỗi các bạn."),
    "Chung toi thanh that xin loi cac ban.",
    "emoji 🙏 and\nnew lines\r\n  kept  ",
])
def test_versions_are_stored_exactly_with_their_hash(store, incident, text):
    draft = store.create_draft(incident.id, "apology", "facebook", "vi", author="Linh")
    assert draft.status == "draft" and draft.latest_version is None
    v = save_version(store, draft.id, text, author="Linh", backend="offline")
    assert v.number == 1 and v.text == text and v.backend == "offline"
    assert v.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert stored_scan(v) is not None and stored_scan(v).language == "vi"
    again = store.get_version(draft.id)
    assert again == v
    assert store.get_draft(draft.id).latest_version == 1


def test_versions_are_numbered_and_immutable(store, incident):
    draft = store.create_draft(incident.id, "holding", "x", "en", author="Linh")
    v1 = store.add_version(draft.id, "First text.", author="Linh", backend="openai", model="gpt-x")
    v2 = store.add_version(draft.id, "Second text.", author="An", parent=1)
    assert [v.number for v in store.list_versions(draft.id)] == [1, 2]
    assert store.get_version(draft.id, 1) == v1 and store.get_version(draft.id) == v2
    assert v1.model == "gpt-x" and v2.parent == 1
    with pytest.raises(NotFoundError):
        store.get_version(draft.id, 3)


@pytest.mark.parametrize("text", ["", "   \n", None])
def test_empty_text_is_refused_with_field_name(store, incident, text):
    draft = store.create_draft(incident.id, "holding", "x", "en", author="Linh")
    with pytest.raises(InputError) as caught:
        store.add_version(draft.id, text, author="Linh")
    assert "text" in caught.value.message


def test_two_editors_from_the_same_parent_keep_both_texts(store, incident):
    draft = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    store.add_version(draft.id, "Base text.", author="Linh")
    store.add_version(draft.id, "Linh's edit.", author="Linh", parent=1)
    with pytest.raises(ConflictError) as caught:
        store.add_version(draft.id, "An's edit.", author="An", parent=1)
    kept = caught.value.kept_version
    assert kept == 3 and "conflict copy" in caught.value.message
    copy = store.get_version(draft.id, kept)
    assert copy.text == "An's edit." and copy.is_conflict_copy and copy.parent == 1
    # the conflict copy never becomes "the latest"; the first save stays current
    assert store.get_version(draft.id).text == "Linh's edit."
    assert store.get_draft(draft.id).latest_version == 2
    # resolving: save again from the latest version
    merged = store.add_version(draft.id, "Merged text.", author="An", parent=2)
    assert merged.number == 4 and not merged.is_conflict_copy
    assert {v.text for v in store.list_versions(draft.id)} >= {"Linh's edit.", "An's edit.", "Merged text."}


# ---------------------------------------------------------------- audit log

def test_every_action_is_audited(store, brief_en):
    inc = store.create_incident(brief_en, author="Linh")
    store.update_brief(inc.id, brief_en, author="Minh", expected_version=1)
    draft = store.create_draft(inc.id, "holding", "facebook", "en", author="Linh")
    v = store.add_version(draft.id, "We are checking the reports.", author="Linh")
    with pytest.raises(ConflictError):
        store.add_version(draft.id, "late edit", author="An", parent=0)
    store.submit_for_review(draft.id, 1, actor="Linh")
    for role in store.required_roles(draft.id, 1) or ["lawyer"]:
        store.review(draft.id, 1, reviewer=f"{role}-1", role=role, decision="approved", comment="ok", sha256=v.sha256)
    store.publish(draft.id, 1, channel="facebook", actor="Linh", sha256=v.sha256)
    entries = store.audit_log(inc.id)
    actions = [e.action for e in entries]
    assert actions[:5] == ["incident.create", "brief.update", "draft.create", "version.add", "version.conflict"]
    assert actions[5] == "draft.submit" and actions[-1] == "draft.publish" and "review.approved" in actions
    assert all(e.incident_id == inc.id and e.actor for e in entries)
    assert entries[-1].target == f"draft:{draft.id}" and entries[-1].detail["sha256"] == v.sha256
    assert [e.id for e in entries] == sorted(e.id for e in entries)


def test_audit_log_cannot_be_changed_through_the_store_session(store, incident):
    from sqlalchemy import delete, select, update

    from assistant.store.models import AuditLog

    with pytest.raises(StoreError):
        with store.session() as s:
            s.scalars(select(AuditLog)).first().actor = "someone else"
    with pytest.raises(StoreError):
        with store.session() as s:
            s.delete(s.scalars(select(AuditLog)).first())
    for statement in (update(AuditLog).values(actor="x"), delete(AuditLog)):
        with pytest.raises(StoreError) as caught:
            with store.session() as s:
                s.execute(statement)
        assert "append-only" in caught.value.message
    assert [e.actor for e in store.audit_log(incident.id)] == ["Linh (PR)"]


@pytest.mark.parametrize("call,field", [
    (lambda s, i: s.create_incident(s.get_incident(i.id).brief, author="x" * 201), "author"),
    (lambda s, i: s.save_working_copy(i.id, "k" * 201, {}), "key"),
    (lambda s, i: s.create_draft(i.id, "holding", "x", "en", author=""), "author"),
    (lambda s, i: s.create_incident({"language": "en"}, author="Linh"), "IncidentBrief"),
])
def test_bad_names_are_input_errors_not_database_errors(store, incident, call, field):
    with pytest.raises(InputError) as caught:
        call(store, incident)
    assert field in caught.value.message


def test_other_modules_write_in_a_store_transaction_with_audit(store, incident):
    from sqlalchemy import select

    from assistant.store.models import WorkingCopy

    with store.session() as s:
        s.add(WorkingCopy(incident_id=incident.id, key="fan_replies.batch", data_json='{"n": 3}',
                          updated_at=incident.created_at))
        store.record_audit(s, "Linh", "reply.approve", "reply", 7, incident.id, count=3)
    with pytest.raises(RuntimeError):  # an error inside rolls back both the row and its audit entry
        with store.session() as s:
            store.record_audit(s, "Linh", "reply.approve", "reply", 8, incident.id)
            raise RuntimeError("boom")
    assert store.load_working_copy(incident.id, " fan_replies.batch ") == {"n": 3}
    entries = [e for e in store.audit_log(incident.id) if e.action == "reply.approve"]
    assert [(e.target, e.detail) for e in entries] == [("reply:7", {"count": 3})]
    with store.session() as s:
        assert s.scalars(select(WorkingCopy.key)).all() == ["fan_replies.batch"]
