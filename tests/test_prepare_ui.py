"""The Plans & playbooks and Drills pages through AppTest (real script runner, temporary
SQLite store), in both languages; the incident list and the timeline keep drills apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.services import drills
from assistant.services import prepare as svc
from assistant.ui.i18n import t
from tests.test_ui_pages import no_exception, page, shown

ROOT = Path(__file__).resolve().parent.parent
PLAN_VI = (ROOT / "playbooks" / "plans" / "example.vi.yaml").read_text(encoding="utf-8")


@pytest.fixture
def store(tmp_db):
    from assistant.store import open_store

    return open_store(tmp_db)


def _fill_start(at, title="Phản ánh ngộ độc FreshBox", product="bộ sản phẩm FreshBox"):
    at.selectbox(key="pl_playbook").set_value("product_harm").run()
    at.selectbox(key="pl_plan").set_value("linh").run()
    at.text_input(key="pl_title").input(title)
    at.text_area(key="pl_summary").input("Một số người mua báo bị đau bụng sau khi ăn.")
    at.text_input(key="pl_next").input("20:00 hôm nay")
    at.text_input(key="pl_slot_product_harm_product").input(product)
    return at


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plans_page_shows_its_three_parts(store, lang):
    at = no_exception(page("plans", lang=lang).run())
    assert at.header[0].value == t("plans.header", lang)
    assert [tab.label for tab in at.tabs] == [t(f"plans.tab.{k}", lang) for k in ("start", "plans", "playbooks")]
    assert t("plans.plans.none", lang) in shown(at)
    assert len(at.selectbox(key="pl_playbook").options) >= 9


def test_start_from_a_playbook_then_confirm_in_one_step(store):
    svc.import_plan(store, PLAN_VI, "plan.yaml", actor="Hà")
    svc.approve_template(store, "product_harm", "vi", "lawyer", "Luật sư Minh")
    svc.approve_template(store, "product_harm", "vi", "pr", "Hà")
    at = _fill_start(page("plans", lang="vi").run())
    assert t("plans.start.inherits", "vi", dns=2, names=1) in shown(at)
    at.button(key="FormSubmitter:pl_start_form-" + t("plans.start.button", "vi")).click().run()
    no_exception(at)
    assert at.query_params["incident"] == "1"
    assert t("plans.start.created", "vi", id=1, draft=1) in shown(at)
    incident = store.get_incident(1)
    assert [i.topic for i in incident.brief.do_not_say] == ["tên đơn vị vận chuyển", "số tiền hợp đồng"]
    assert incident.brief.protected_names == ["Bé Na"] and incident.brief.contact == "hotro@linh.vn"
    html = "".join(h.proto.body for h in at.get("html"))
    assert 'data-slot="product"' in html and "bộ sản phẩm FreshBox" in html and 'data-slot="contact"' in html
    # the checklist is tickable and stored
    at.checkbox(key="pl_tick_1_pause_promotion").check().run()
    assert svc.checklist(store, 1)[1][0][1] is True
    # one step: the lawyer confirms the filled slots
    at.text_input(key="pl_reviewer").input("Luật sư Minh")
    at.radio(key="pl_role").set_value("lawyer")
    at.button(key="pl_confirm").click().run()
    no_exception(at)
    assert store.get_draft(1).status == "approved"
    assert store.list_reviews(1)[0].reviewer == "Luật sư Minh"


def test_start_without_the_required_fields_lists_the_problems(store):
    at = page("plans", lang="en").run()
    at.selectbox(key="pl_playbook").set_value("product_harm").run()
    at.button(key="FormSubmitter:pl_start_form-" + t("plans.start.button", "en")).click().run()
    no_exception(at)
    text = shown(at).replace("\\", "")  # Markdown escapes
    assert t("plans.start.failed", "en") in text and "speaker.name" in text and "incident.title" in text
    assert store.list_incidents() == []


def test_not_preapproved_template_says_a_full_review_is_needed(store):
    svc.import_plan(store, PLAN_VI, "plan.yaml", actor="Hà")
    at = _fill_start(page("plans", lang="en").run())
    at.button(key="FormSubmitter:pl_start_form-" + t("plans.start.button", "en")).click().run()
    no_exception(at)
    assert "not pre-approved" in shown(at).replace("\\", "")
    assert all(b.key != "pl_confirm" for b in at.button)


def test_plan_import_keeps_the_text_on_error_and_saves_when_valid(store):
    at = page("plans", lang="vi").run()
    at.text_area(key="pl_plan_text").input(PLAN_VI.replace("role: lawyer", "role: attorney")).run()
    at.button(key="pl_plan_save").click().run()
    no_exception(at)
    assert "team[2].role" in shown(at).replace("\\", "") and "attorney" in at.text_area(key="pl_plan_text").value
    at.text_area(key="pl_plan_text").input(PLAN_VI).run()
    at.button(key="pl_plan_save").click().run()
    assert t("plans.plans.saved", "vi", speaker="Linh") in shown(at)
    assert [p.speaker.name for p in svc.list_plans(store)] == ["Linh"]


def test_preapprove_from_the_playbooks_tab(store):
    at = page("plans", lang="en").run()
    at.selectbox(key="pl_pb_view").set_value("charity_money").run()
    at.text_input(key="pl_pb_reviewer").input("Minh")
    at.radio(key="pl_pb_role").set_value("lawyer")
    at.button(key="pl_pb_approve_vi").click().run()
    no_exception(at)
    assert t("plans.playbook.approve_done", "en") in shown(at)
    assert svc.template_status(store, "charity_money", "vi").missing == ["pr"]
    at.button(key="pl_pb_approve_vi").click().run()  # same person, same role again: fine; as PR: refused
    at.radio(key="pl_pb_role").set_value("pr")
    at.button(key="pl_pb_approve_vi").click().run()
    assert "another person" in shown(at)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_drills_page_start_feed_answer_end_debrief(store, lang):
    at = no_exception(page("drills", lang=lang).run())
    assert t("drills.none_open", lang) in shown(at) and t("drills.history_none", lang) in shown(at)
    at.selectbox(key="dl_script").set_value("product_harm_drill")
    at.text_input(key="dl_team").input("Đội A")
    at.button(key="dl_start").click().run()
    no_exception(at)
    assert t("drills.banner", lang) in shown(at) and at.query_params["incident"] == "1"
    assert store.get_incident(1).is_drill
    assert "@an_uong_hanoi" in shown(at).replace("\\", "")  # the first inject is on the feed at minute 0


def test_drills_page_answers_and_debrief_on_a_drill_already_running(store):
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=20)
    drill = drills.start_drill(store, "product_harm_drill", actor="Lan", lang="en", team="Team A", now=start)
    at = page("drills", incident=drill.incident_id, lang="en").run()
    no_exception(at)
    at.text_area(key="dl_answer_journalist").input("We will refund every buyer in full.")
    at.button(key="dl_send_journalist").click().run()
    no_exception(at)
    assert "Promise to pay" in shown(at)
    assert [m.value for m in at.metric][:1] == ["90 / 90 min"]
    at.button(key="dl_end").click().run()
    no_exception(at)
    assert t("drills.ended", "en") in shown(at)
    assert drills.score_drill(store, drill.id).injects_answered == ["journalist"]
    assert "Team A" in shown(at)


def test_incident_list_hides_drills_unless_asked_and_timeline_marks_them(store, brief_vi):
    real = store.create_incident(brief_vi, author="Linh")
    drill = drills.start_drill(store, "account_hack_drill", actor="Lan", lang="vi")
    at = no_exception(page("incidents", lang="vi").run())
    assert [b.key for b in at.button if b.key and b.key.startswith("open_incident_")] == [f"open_incident_{real.id}"]
    at.toggle(key="incidents_show_drills").set_value(True).run()
    assert f"open_incident_{drill.incident_id}" in [b.key for b in at.button]
    assert "[DIỄN TẬP / DRILL]" in shown(at)
    timeline = no_exception(page("timeline", incident=drill.incident_id, lang="en").run())
    assert t("drills.banner", "en") in shown(timeline)
    assert t("drills.banner", "en") not in shown(no_exception(page("timeline", incident=real.id, lang="en").run()))


def test_an_incident_imported_on_the_incidents_page_inherits_the_plan(store):
    from tests.test_ui_pages import EXAMPLE_VI

    svc.import_plan(store, PLAN_VI.replace("  name: Linh\n", "  name: Linh Nguyễn\n"), "plan.yaml", actor="Hà")
    at = page("incidents", lang="vi").run()
    at.text_area(key="import_text").input(EXAMPLE_VI).run()
    at.button(key="import_button").click().run()
    no_exception(at)
    brief = store.get_incident(1).brief
    assert "tên đơn vị vận chuyển" in [i.topic for i in brief.do_not_say] and "Bé Na" in brief.protected_names


def test_drill_history_shows_the_team_trend(store):
    svc.approve_template(store, "account_hack", "en", "lawyer", "Counsel Hoang")
    svc.approve_template(store, "account_hack", "en", "pr", "Sam Le")
    now = dt.datetime.now(dt.timezone.utc)
    for minutes_ago in (30, 10):  # the second drill's approval comes sooner after its start
        drill = drills.start_drill(store, "account_hack_drill", actor="Lan", lang="en", team="Team A",
                                   now=now - dt.timedelta(minutes=minutes_ago))
        draft = store.list_drafts(drill.incident_id)[0]
        version = store.get_version(draft.id)
        svc.confirm_slots(store, draft.id, version.number, "Counsel Hoang", "lawyer", version.sha256)
    at = no_exception(page("drills", lang="en").run())
    assert t("drills.history.trend", "en", team="Team A", trend=t("drills.trend.better", "en")) in shown(at)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_the_sidebar_marks_an_open_drill_on_every_page(store):
    from streamlit.testing.v1 import AppTest

    drill = drills.start_drill(store, "account_hack_drill", actor="Lan", lang="vi")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["incident"] = str(drill.incident_id)
    no_exception(at.run())
    assert any("[DIỄN TẬP / DRILL]" in c.value.replace("\\", "") for c in at.sidebar.caption)
