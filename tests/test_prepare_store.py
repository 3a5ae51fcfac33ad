"""Preparation through the service layer on a real store (SQLite file, and PostgreSQL
when ``CRISIS_DESK_TEST_PG`` is set): plans and their
inheritance, pre-approval bound to the template's hash, the one-step slot confirmation and
its limits, the checklist, drills on a fake clock and their debrief, drills kept apart."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from assistant.errors import InputError, WorkflowError
from assistant.prepare.plan import CrisisPlan, inherit, parse_plan
from assistant.services import drills
from assistant.services import prepare as svc
from assistant.services.drafts import save_version
from tests.test_store_support import store, store_url  # noqa: F401 - SQLite, and PostgreSQL when available

ROOT = Path(__file__).resolve().parent.parent
PLAN_EN = (ROOT / "playbooks" / "plans" / "example.en.yaml").read_text(encoding="utf-8")
SLOTS = {"product": "the FreshBox meal kit"}
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def plan(store):
    return svc.import_plan(store, PLAN_EN, "plan.yaml", actor="Sam Le")


def _preapprove(store, pid="product_harm", lang="en"):
    svc.approve_template(store, pid, lang, "lawyer", "Counsel Hoang")
    return svc.approve_template(store, pid, lang, "pr", "Sam Le")


def _start(store, brief, **kw):
    return svc.create_incident(store, brief, actor="Linh", playbook_id="product_harm", slots=SLOTS, **kw)


# ------------------------------------------------------------------ plans

def test_plan_yaml_round_trip_and_listing(store, plan):
    assert parse_plan(plan.to_yaml()) == plan
    assert [p.speaker.name for p in svc.list_plans(store)] == ["Maya Tran"]
    assert plan.target_minutes("high") == 60 and plan.escalation[0] == "Sam Le"
    svc.save_plan(store, plan.model_copy(update={"do_not_say": ["x"]}), actor="Sam Le")  # replaces, no duplicate
    assert [p.do_not_say for p in svc.list_plans(store)] == [["x"]]


@pytest.mark.parametrize("change, field, words", [
    ("escalation: [Sam Le, Counsel Hoang, Maya Tran]", "(top level)", "not in the team"),
    ("role: lawyer", "team[2].role", "Input should be"),
    ("first_statement_minutes: 60,", "targets.high.first_statement_minutes", "greater than or equal"),
    ("contact: care@mayacooks.com", "contatc", "unknown field"),
])
def test_a_bad_plan_names_the_field_and_line(store, change, field, words):
    bad = {"escalation: [Sam Le, Counsel Hoang, Maya Tran]": "escalation: [Nobody]",
           "role: lawyer": "role: attorney",
           "first_statement_minutes: 60,": "first_statement_minutes: 0,",
           "contact: care@mayacooks.com": "contatc: care@mayacooks.com"}[change]
    with pytest.raises(InputError) as info:
        svc.import_plan(store, PLAN_EN.replace(change, bad, 1), "plan.yaml", actor="Sam Le")
    assert any(p.field == field and words in p.message and p.line for p in info.value.problems), info.value.problems
    assert svc.list_plans(store) == []  # nothing saved


def test_inherit_merges_standing_lists_and_keeps_the_brief(brief_en):
    plan = CrisisPlan.model_validate({"speaker": {"name": "Maya Tran", "voice": "calm"},
                                      "do_not_say": ["The name of the delivery company", "contract fees"],
                                      "protected_names": ["Emily Chen", "Bao"], "contact": "other@x.vn"})
    merged = inherit(brief_en, plan)
    assert [i.topic for i in merged.do_not_say] == ["the name of the delivery company", "contract fees"]  # no duplicate (case folded)
    assert merged.protected_names == ["Emily Chen", "Bao"]
    assert merged.contact == brief_en.contact and merged.speaker.voice == brief_en.speaker.voice
    assert merged.confirmed_facts == brief_en.confirmed_facts


@pytest.mark.parametrize("name", ["Maya Tran", "maya  tran", unicodedata.normalize("NFD", "MAYA TRAN")])
def test_a_new_incident_inherits_the_plan_of_its_speaker(store, plan, brief_en, name):
    brief = brief_en.model_copy(update={"speaker": brief_en.speaker.model_copy(update={"name": name}),
                                        "do_not_say": [], "protected_names": []})
    record = svc.create_incident(store, brief, actor="Linh").incident
    assert [i.topic for i in record.brief.do_not_say] == plan.do_not_say
    assert record.brief.protected_names == plan.protected_names


# ------------------------------------------------------------------ pre-approval and confirmation

def test_one_step_confirmation_of_a_preapproved_template(store, plan, brief_en):
    started = _start(store, brief_en)
    draft, version = started.draft, started.version
    assert draft.status == "in_review" and version.backend == "template"
    view = svc.confirm_view(store, draft.id, version.number)
    assert not view.confirmable and "not pre-approved" in view.blockers[0][0]
    with pytest.raises(WorkflowError, match="not pre-approved"):
        svc.confirm_slots(store, draft.id, version.number, "Counsel Hoang", "lawyer", version.sha256)

    assert _preapprove(store).approved
    view = svc.confirm_view(store, draft.id, version.number)
    assert view.confirmable and view.slots["product"] == "the FreshBox meal kit"
    assert view.slots["contact"] == brief_en.contact and view.slots["next_update"] == brief_en.next_update
    assert all(view.text[s.start:s.end] == s.value for s in view.spans)
    review = svc.confirm_slots(store, draft.id, version.number, "Counsel Hoang", "lawyer", version.sha256)
    assert review.reviewer == "Counsel Hoang" and review.role == "lawyer" and review.sha256 == version.sha256
    assert "slots confirmed" in review.comment
    assert store.get_draft(draft.id).status == "approved"
    store.publish(draft.id, version.number, channel="facebook", actor="Sam Le", sha256=version.sha256)
    assert [p.sha256 for p in store.timeline(started.incident.id)] == [version.sha256]


def test_any_other_change_needs_a_full_review(store, plan, brief_en):
    _preapprove(store)
    started = _start(store, brief_en)
    edited = save_version(store, started.draft.id, started.version.text + " We love you all.", "Linh")
    view = svc.confirm_view(store, started.draft.id, edited.number)
    assert not view.confirmable and "full review" in view.blockers[0][0]
    with pytest.raises(WorkflowError, match="full review"):
        svc.confirm_slots(store, started.draft.id, edited.number, "Counsel Hoang", "lawyer", edited.sha256)
    # the ordinary review still works on the edited text
    store.submit_for_review(started.draft.id, edited.number, actor="Linh")
    store.review(started.draft.id, edited.number, reviewer="Counsel Hoang", role="lawyer", decision="approved",
                 comment="", sha256=edited.sha256)
    assert store.get_draft(started.draft.id).status == "approved"


def test_the_author_cannot_confirm_and_the_hash_must_match(store, plan, brief_en):
    _preapprove(store)
    started = _start(store, brief_en)
    with pytest.raises(WorkflowError, match="wrote this version"):
        svc.confirm_slots(store, started.draft.id, 1, "linh", "lawyer", started.version.sha256)
    with pytest.raises(WorkflowError):
        svc.confirm_slots(store, started.draft.id, 1, "Counsel Hoang", "lawyer", "0" * 64)


def test_preapproval_is_bound_to_the_template_hash(store, tmp_path, monkeypatch, brief_en):
    _preapprove(store)
    started = _start(store, brief_en)
    folder = tmp_path / "books"
    folder.mkdir()
    text = (ROOT / "playbooks" / "product_harm.yaml").read_text(encoding="utf-8")
    (folder / "product_harm.yaml").write_text(text.replace("is deeply concerned", "is very concerned"), "utf-8")
    monkeypatch.setenv("CRISIS_DESK_PLAYBOOKS", str(folder))
    assert not svc.template_status(store, "product_harm", "en").approved  # a changed template: no approval
    assert "changed" in svc.confirm_view(store, started.draft.id, 1).blockers[0][0]


def test_one_person_cannot_preapprove_as_both_roles(store):
    svc.approve_template(store, "charity_money", "vi", "lawyer", "Minh")
    with pytest.raises(WorkflowError, match="another person"):
        svc.approve_template(store, "charity_money", "vi", "pr", "minh")
    status = svc.template_status(store, "charity_money", "vi")
    assert status.missing == ["pr"] and status.approvals["lawyer"].reviewer == "Minh"
    assert not svc.template_status(store, "charity_money", "en").approvals  # per language


def test_missing_slot_is_refused_before_anything_is_stored(store, brief_en):
    with pytest.raises(InputError, match="slot product"):
        svc.create_incident(store, brief_en, actor="Linh", playbook_id="product_harm")
    assert store.list_incidents() == []


def test_the_checklist_is_ticked_and_audited(store, brief_en):
    incident = _start(store, brief_en).incident
    svc.tick(store, incident.id, "pause_promotion", True, actor="Linh")
    svc.tick(store, incident.id, "call_brand", True, actor="Linh")
    svc.tick(store, incident.id, "call_brand", False, actor="Sam")
    playbook, steps = svc.checklist(store, incident.id)
    assert {s.id: done for s, done in steps}["pause_promotion"] and not {s.id: d for s, d in steps}["call_brand"]
    assert [e.action for e in store.audit_log(incident.id)][-3:] == ["checklist.tick", "checklist.tick",
                                                                     "checklist.untick"]
    with pytest.raises(InputError, match="not a step"):
        svc.tick(store, incident.id, "dance", True, actor="Linh")


# ------------------------------------------------------------------ drills

def test_a_drill_plays_its_injects_on_the_fake_clock(store):
    t0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    drill = drills.start_drill(store, "product_harm_drill", actor="Lan", lang="en", team="Team A", now=t0)
    assert [i.inject.id for i in drills.feed(store, drill.id, t0)] == ["first_post"]
    # 2 real minutes at speed 6 = 12 scenario minutes
    assert [i.inject.id for i in drills.feed(store, drill.id, t0 + 2 * MINUTE)] == ["fan_question", "first_post"]
    with pytest.raises(InputError, match="not on the feed yet"):
        drills.answer_inject(store, drill.id, "journalist", "Later.", actor="Lan", now=t0 + 2 * MINUTE)
    record, report = drills.answer_inject(store, drill.id, "fan_question", "Please do not eat it; we will refund "
                                       "every buyer in full.", actor="Lan", now=t0 + 2 * MINUTE)
    assert report.findings and record.inject_id == "fan_question"
    assert drills.feed(store, drill.id, t0 + 2 * MINUTE)[0].answer == record
    drills.end_drill(store, drill.id, actor="Lan", now=t0 + 4 * MINUTE)
    assert len(drills.feed(store, drill.id, t0 + 60 * MINUTE)) == 3  # the clock stops at the end (24 min)
    with pytest.raises(WorkflowError, match="has ended"):
        drills.answer_inject(store, drill.id, "fan_question", "Again.", actor="Lan", now=t0 + 5 * MINUTE)


def test_debrief_scores(store):
    now = dt.datetime.now(dt.timezone.utc)
    start = now - 3 * MINUTE
    drill = drills.start_drill(store, "product_harm_drill", actor="Lan", lang="en", team="Team A", now=start)
    draft = store.list_drafts(drill.incident_id)[0]
    _preapprove(store)
    version = store.get_version(draft.id)
    svc.confirm_slots(store, draft.id, version.number, "Counsel Hoang", "lawyer", version.sha256)
    svc.tick(store, drill.incident_id, "pause_promotion", True, actor="Lan")
    drills.answer_inject(store, drill.id, "fan_question", "We guarantee the kit is 100% safe.", actor="Lan",
                      now=start + 2 * MINUTE)
    drills.answer_inject(store, drill.id, "angry_comment", "We are looking into every report with the brand.",
                      actor="Lan", now=start + 4 * MINUTE)
    extra = store.create_draft(drill.incident_id, "update", "facebook", "en", author="Lan")
    save_version(store, extra.id, "We will refund every buyer in full.", "Lan")
    scores = drills.score_drill(store, drill.id, now=start + 5 * MINUTE)
    assert 0 < scores.first_approved_minutes <= 30 and scores.target_minutes == 60 and scores.target_met
    assert scores.items_done == ["pause_promotion"] and "call_brand" in scores.items_missing
    assert scores.injects_to_answer == ["fan_question", "angry_comment"]  # 30 scenario minutes: journalist not yet
    assert scores.injects_answered == ["fan_question", "angry_comment"]
    assert scores.open_findings >= 2  # the guarantee (answer) and the refund promise (unapproved draft)
    assert any("guarantee" in p for p in scores.promises) and any("refund" in p for p in scores.promises)
    assert not scores.finished


def test_drills_are_kept_apart_and_watermarked(store, brief_en):
    from assistant.export import export
    from assistant.services.exports import document_from_store

    real = svc.create_incident(store, brief_en, actor="Linh", playbook_id="product_harm", slots=SLOTS)
    drill = drills.start_drill(store, "account_hack_drill", actor="Lan", lang="vi")
    assert [i.id for i in store.list_incidents()] == [real.incident.id]
    assert [i.id for i in store.list_incidents(drills=True)] == [drill.incident_id]
    assert store.get_incident(drill.incident_id).is_drill and not real.incident.is_drill
    drill_draft = store.list_drafts(drill.incident_id)[0].id
    for fmt in ("md", "json"):
        assert "DIỄN TẬP / DRILL" in export(document_from_store(store, drill_draft), fmt).decode("utf-8")
        assert "DIỄN TẬP" not in export(document_from_store(store, real.draft.id), fmt).decode("utf-8")
    assert any(e.action == "drill.start" for e in store.audit_log(drill.incident_id))


def test_drill_history_by_team(store):
    t0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    for n, team in enumerate(["Team A", "Team B", "Team A"]):
        drills.start_drill(store, "account_hack_drill", actor="Lan", lang="en", team=team, now=t0 + n * MINUTE)
    history = drills.drill_history(store, now=t0 + 10 * MINUTE)
    assert {team: [s.drill_id for s in runs] for team, runs in history.items()} == {"Team A": [1, 3], "Team B": [2]}


def test_unknown_drill_is_a_clear_error(store):
    from assistant.errors import NotFoundError

    with pytest.raises(NotFoundError, match="drill 42 does not exist"):
        drills.score_drill(store, 42)
    with pytest.raises(InputError, match="unknown drill scenario"):
        drills.start_drill(store, "nope", actor="Lan")
