"""Each page's main path and error paths, through Streamlit's AppTest (the real script
runner; the store is a temporary SQLite database from the ``tmp_db`` fixture)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.services.drafts import save_version
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t
from tests.openai_stub import Behaviour

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_VI = (ROOT / "examples" / "brief.vi.yaml").read_text(encoding="utf-8")
FAULT_LINE = EXAMPLE_VI.splitlines().index("fault: partial") + 1
RISKY = "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."
TIMEOUT = 60


def page(name: str, incident: int | None = None, lang: str | None = None, draft: int | None = None) -> AppTest:
    at = AppTest.from_string(f"from assistant.ui.pages import {name}\n{name}.render()\n", default_timeout=TIMEOUT)
    if incident is not None:
        at.query_params["incident"] = str(incident)
    if draft is not None:
        at.query_params["draft"] = str(draft)
    if lang:
        at.session_state["ui_lang"] = lang
    return at


def shown(at: AppTest) -> str:
    """Every piece of text the page shows (all element kinds), to look for a string."""
    parts = []
    for kind in ("markdown", "text", "caption", "error", "warning", "success", "info", "header", "subheader",
                 "title", "metric", "code", "html"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "") or ""))
    for kind in ("text_input", "text_area", "selectbox", "button", "number_input", "radio"):
        for el in getattr(at, kind):
            parts.append(f"{el.label} {getattr(el, 'value', '')}")
    return "\n".join(parts)


def no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def store(tmp_db):
    from assistant.store import open_store

    return open_store(tmp_db)


@pytest.fixture
def incident(store, brief_vi):
    return store.create_incident(brief_vi, author="test")


# ------------------------------------------------------------------ the app itself

@pytest.mark.parametrize("lang, header", [("vi", "Sự cố"), ("en", "Incidents")])
def test_app_opens_on_incidents_in_the_chosen_language(tmp_db, lang, header):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["ui_lang"] = lang
    no_exception(at.run())
    assert at.header[0].value == header
    assert at.selectbox(key="ui_lang").value == lang


def test_language_switch_in_the_sidebar(tmp_db):
    at = no_exception(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run())
    assert at.header[0].value == "Sự cố"
    at.selectbox(key="ui_lang").set_value("en").run()
    assert at.header[0].value == "Incidents"
    assert at.query_params["lang"] == "en"
    refreshed = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    refreshed.query_params["lang"] = "en"
    assert no_exception(refreshed.run()).header[0].value == "Incidents"


# ------------------------------------------------------------------ incidents

def test_import_the_example_brief_creates_and_opens_the_incident(tmp_db, store):
    at = no_exception(page("incidents").run())
    at.text_area(key="import_text").set_value(EXAMPLE_VI)
    no_exception(at.button(key="import_button").click().run())
    [rec] = store.list_incidents()
    assert at.query_params["incident"] == str(rec.id)
    assert rec.brief.confirmed_facts[0].startswith("37 khách hàng")
    assert "Lô serum SR-12" in shown(at)


@pytest.mark.parametrize(
    "bad_text, lang, expected",
    [
        (EXAMPLE_VI.replace("fault: partial", "fault: partial\n  oops: [") , "en", "not valid YAML"),
        (EXAMPLE_VI.replace("fault: partial", "fault: maybe"), "en", f"Line {FAULT_LINE} of the file:"),
        (EXAMPLE_VI.replace("fault: partial", "fault: maybe"), "vi", f"Dòng {FAULT_LINE} của file:"),
        (EXAMPLE_VI.replace("  title:", "  titel:"), "en", "Unknown field"),
        ("", "en", "The file is empty"),
    ],
)
def test_bad_import_shows_the_problem_and_keeps_the_text(tmp_db, store, bad_text, lang, expected):
    at = no_exception(page("incidents", lang=lang).run())
    at.text_area(key="import_text").set_value(bad_text)
    no_exception(at.button(key="import_button").click().run())
    errors = "\n".join(e.value for e in at.error)
    assert expected in errors
    assert at.text_area(key="import_text").value == bad_text  # nothing the user typed is lost
    assert store.list_incidents() == []


def test_uploaded_file_with_errors_is_copied_into_the_text_area(tmp_db, store):
    bad = EXAMPLE_VI.replace("fault: partial", "fault: maybe")
    at = no_exception(page("incidents", lang="en").run())
    at.file_uploader(key="import_file").upload("brief.vi.yaml", bad.encode("utf-8"), "application/x-yaml")
    no_exception(at.button(key="import_button").click().run())
    assert "brief.vi.yaml" in "\n".join(e.value for e in at.error)
    assert at.text_area(key="import_text").value == bad


def _next_to(node, key: str):
    """The error drawn in the block right after the widget ``key`` (None if there is none)."""
    children = list((getattr(node, "children", None) or {}).values())
    for n, child in enumerate(children):
        if getattr(child, "key", None) == key:
            after = children[n + 1] if n + 1 < len(children) else None
            errors = [c for c in (getattr(after, "children", None) or {}).values() if getattr(c, "type", "") == "error"]
            return errors[0].value if errors else None
        found = _next_to(child, key)
        if found is not None:
            return found
    return None


def test_blank_form_creates_an_incident_or_names_the_missing_field(tmp_db, store):
    at = no_exception(page("incidents", lang="en").run())
    at.text_input(key="new_speaker_name").set_value("Linh")
    at.text_input(key="new_title").set_value("")
    at.text_area(key="new_summary").set_value("Something happened.")
    submit = [b for b in at.button if b.label == "Create the incident"][0]
    no_exception(submit.click().run())
    # one message, drawn in the slot under the title field (inside the form, so its label is just above)
    [error] = at.error
    assert "Must not be empty" in error.value
    assert _next_to(at.main, "new_title") == error.value
    assert store.list_incidents() == []
    at.text_input(key="new_title").set_value("Bad ad")
    no_exception([b for b in at.button if b.label == "Create the incident"][0].click().run())
    [rec] = store.list_incidents()
    assert rec.title == "Bad ad" and at.query_params["incident"] == str(rec.id)
    # the blank form is blank again: a second click cannot make a duplicate
    assert at.text_input(key="new1_title").value == "" and at.text_area(key="new1_summary").value == ""


def test_user_text_in_messages_is_never_markdown(tmp_db, store):
    title = "**Scandal** <b>x</b> :red[alert] [link](http://x)"
    at = no_exception(page("incidents", lang="en").run())
    at.text_input(key="new_speaker_name").set_value("Linh")
    at.text_input(key="new_title").set_value(title)
    at.text_area(key="new_summary").set_value("Something happened.")
    no_exception([b for b in at.button if b.label == "Create the incident"][0].click().run())
    [message] = [s.value for s in at.success]
    assert md_escape(title) in message and "**Scandal**" not in message
    assert "▶ " + title in [t.value for t in at.text]  # the list shows it as plain text


def test_an_incident_opened_from_the_address_stays_open_after_a_page_switch(tmp_db, incident):
    """A refresh or a shared link (``?incident=1`` in a new session), then a click in the
    sidebar: the navigation drops the query string, the incident must stay open."""
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    assert "No incident is open" not in shown(at)
    at.query_params.clear()
    at = no_exception(at.run())
    assert "No incident is open" not in shown(at)
    assert at.query_params["incident"] in (str(incident.id), [str(incident.id)])


# ------------------------------------------------------------------ brief

def test_brief_form_shows_every_field_from_the_brief(tmp_db, incident):
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    assert at.text_input(key="bf0:speaker.name").value == "Linh Nguyễn"
    assert at.text_area(key="bf0:incident.summary").value.startswith("Một số khách")
    assert at.selectbox(key="bf0:fault").value == "partial"
    assert at.text_input(key="bf0:next_update").value == "20:00 ngày 24/11/2026"
    # seven lists + planned actions, row by row: every item whole in its own multi-line box
    assert at.text_area(key="bf0:confirmed_facts:0:0:item").value == incident.brief.confirmed_facts[0]
    assert at.text_area(key="bf0:actions_planned:0:0:action").value == incident.brief.actions_planned[0].action
    assert at.button(key="bf_save").disabled is False


def test_list_rows_add_remove_and_reorder_in_one_rerun_each_and_save(tmp_db, store, incident):
    facts = list(incident.brief.confirmed_facts)
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    no_exception(at.button(key="bf0:confirmed_facts:0:add").click().run())  # one click, one rerun: a new empty row
    n = len(facts)
    at.text_area(key=f"bf0:confirmed_facts:1:{n}:item").set_value("A new fact\nover two lines.")
    no_exception(at.run())
    no_exception(at.button(key=f"bf0:confirmed_facts:1:{n}:up").click().run())  # the new fact moves up one row
    assert at.text_area(key=f"bf0:confirmed_facts:2:{n - 1}:item").value == "A new fact\nover two lines."
    no_exception(at.button(key="bf0:confirmed_facts:2:0:remove").click().run())  # the first fact goes
    no_exception(at.button(key="bf_save").click().run())
    saved = store.get_incident(incident.id).brief.confirmed_facts
    assert saved == facts[1:-1] + ["A new fact\nover two lines.", facts[-1]]


def test_invalid_field_message_is_next_to_the_field_and_the_text_survives_a_refresh(tmp_db, store, incident):
    at = no_exception(page("brief", incident=incident.id, lang="vi").run())
    at.text_input(key="bf0:incident.title").set_value("")
    at.text_input(key="bf0:incident.discovered_at").set_value("hôm qua 9 giờ")
    no_exception(at.run())
    errors = [e.value for e in at.error]
    assert "Không được để trống." in errors
    assert any("Ngày hoặc giờ không hợp lệ" in e for e in errors)
    assert at.button(key="bf_save").disabled is True
    # autosaved: a new session (a refresh, a closed tab) gets the half-filled form back
    again = no_exception(page("brief", incident=incident.id, lang="vi").run())
    assert again.text_input(key="bf0:incident.discovered_at").value == "hôm qua 9 giờ"
    assert store.get_incident(incident.id).brief == incident.brief  # the saved brief is untouched


def test_saving_a_valid_brief_makes_a_new_version(tmp_db, store, incident):
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    at.text_input(key="bf0:next_update").set_value("2026-11-24T20:00:00+07:00")
    no_exception(at.run())
    no_exception(at.button(key="bf_save").click().run())
    assert "Brief saved as version 2." in [s.value for s in at.success]
    rec = store.get_incident(incident.id)
    assert rec.brief_version == 2 and rec.brief.next_update == "2026-11-24T20:00:00+07:00"


def test_saving_over_someone_elses_brief_keeps_both(tmp_db, store, incident, brief_vi):
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    store.update_brief(incident.id, brief_vi.model_copy(update={"contact": "press@linh.vn"}), author="other")
    at.text_input(key="bf0:contact").set_value("legal@linh.vn")
    no_exception(at.run())
    no_exception(at.button(key="bf_save").click().run())
    assert any("Someone else saved the brief first" in e.value for e in at.error)
    contacts = [v.brief.contact for v in store.brief_history(incident.id)]
    assert "press@linh.vn" in contacts and "legal@linh.vn" in contacts
    assert store.get_incident(incident.id).brief.contact == "press@linh.vn"
    # having read the message, saving again makes the user's brief the current one
    no_exception(at.button(key="bf_save").click().run())
    assert store.get_incident(incident.id).brief.contact == "legal@linh.vn"


def test_uploading_a_bad_brief_file_keeps_the_form(tmp_db, incident):
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    at.text_input(key="bf0:contact").set_value("typed@by.me")
    no_exception(at.run())
    at.file_uploader(key="bf_upload").upload("new.yaml", b"language: vi\nfault: [\n", "application/x-yaml")
    no_exception(at.button(key="bf_upload_apply").click().run())
    assert any("not valid YAML" in e.value for e in at.error)
    assert at.text_input(key="bf0:contact").value == "typed@by.me"


def test_uploading_a_good_brief_file_fills_the_form(tmp_db, incident, brief_en):
    at = no_exception(page("brief", incident=incident.id, lang="en").run())
    at.file_uploader(key="bf_upload").upload("en.yaml", brief_en.to_yaml().encode("utf-8"), "application/x-yaml")
    no_exception(at.button(key="bf_upload_apply").click().run())
    assert at.text_input(key="bf1:speaker.name").value == brief_en.speaker.name
    assert at.download_button(key="bf_download") is not None


# ------------------------------------------------------------------ draft

def generate(incident, kind="holding", channel="x", lang="vi") -> AppTest:
    at = no_exception(page("draft", incident=incident.id, lang=lang).run())
    at.selectbox(key="dr_kind").set_value(kind)
    at.selectbox(key="dr_channel").set_value(channel)
    at.selectbox(key="dr_backend").set_value("offline")
    return no_exception(at.button(key="dr_generate").click().run())


@pytest.mark.parametrize("channel", ["x", "facebook", "instagram"])
def test_generate_offline_saves_version_one_and_opens_the_editor(tmp_db, store, incident, channel):
    at = generate(incident, channel=channel, lang="en")
    [draft] = store.list_drafts(incident.id)
    version = store.get_version(draft.id)
    assert (draft.kind, draft.channel, version.number, version.backend) == ("holding", channel, 1, "offline")
    assert at.query_params["draft"] == str(draft.id)
    assert at.text_area(key=f"dr_text_{draft.id}").value == version.text
    assert any("Drafted and saved as version 1" in s.value for s in at.success)
    assert "Linh" in version.text
    if channel == "x":
        assert any(c.value.startswith("Post 1 ·") for c in at.caption)  # the thread preview, post by post
    assert at.html  # the highlighted statement


@pytest.mark.parametrize(
    "lang, route_label, risky, marked",
    [
        ("vi", "luật sư", RISKY, "hoàn tiền"),
        ("en", "lawyer", RISKY, "hoàn tiền"),
        ("vi", "luật sư", unicodedata.normalize("NFD", RISKY), unicodedata.normalize("NFD", "hoàn tiền")),
        ("vi", "luật sư", "Chung toi cam ket hoan tien 100% cho tat ca khach hang.", "hoan tien"),
    ],
    ids=["vi", "en-ui", "nfd", "no-diacritics"],
)
def test_a_risky_sentence_is_highlighted_and_fixed_in_one_click(tmp_db, store, incident, lang, route_label, risky, marked):
    at = generate(incident, lang=lang)
    [draft] = store.list_drafts(incident.id)
    key = f"dr_text_{draft.id}"
    at.text_area(key=key).set_value(at.text_area(key=key).value + "\n" + risky)
    no_exception(at.run())
    html = "\n".join(h.value for h in at.html)
    assert 'data-route="lawyer"' in html and marked in html
    assert route_label in shown(at)
    from guardrails.categories import describe_category

    _, explanation = describe_category("compensation_promise", lang)
    assert md_escape(explanation) in [c.value for c in at.caption]  # the reason, in the UI language
    fix = [b for b in at.button if b.key and b.key.startswith("dr_fix_")]
    assert fix
    before = at.text_area(key=key).value
    no_exception(fix[-1].click().run())
    assert at.text_area(key=key).value != before
    # the edit is autosaved for this tab only: another tab (a new session) opens the saved version
    store_key = f"draft_text:{draft.id}:{at.session_state['dr_session_tab']}"
    assert store.load_working_copy(incident.id, store_key)["text"] == at.text_area(key=key).value
    again = no_exception(page("draft", incident=incident.id, draft=draft.id, lang=lang).run())
    assert again.text_area(key=key).value == store.get_version(draft.id).text


def test_a_submitted_version_cannot_be_submitted_again_and_says_why(tmp_db, store, incident):
    at = generate(incident, lang="en")
    no_exception(at.button(key="dr_submit").click().run())
    assert "Version 1 submitted for review." in [s.value for s in at.success]
    at = no_exception(at.run())
    assert at.button(key="dr_submit").disabled
    assert any("has been submitted (status: in review)" in c.value for c in at.caption)


def test_edit_and_save_a_new_version_then_conflict_keeps_both(tmp_db, store, incident):
    at = generate(incident, lang="en")
    [draft] = store.list_drafts(incident.id)
    key = f"dr_text_{draft.id}"
    at.text_area(key=key).set_value("Edited statement. We are checking.")
    no_exception(at.run())
    assert at.button(key="dr_submit").disabled  # unsaved text cannot be submitted for review
    no_exception(at.button(key="dr_save").click().run())
    assert "Saved as version 2." in [s.value for s in at.success]
    assert not at.button(key="dr_submit").disabled
    save_version(store, draft.id, "Someone else's text.", author="other", parent=2)  # v3 by someone else
    at.text_area(key=key).set_value("My later edit.")
    no_exception(at.run())
    no_exception(at.button(key="dr_save").click().run())
    assert any("Nothing is lost: your text is kept as version 4 (a conflict copy); the latest is version 3" in e.value
               for e in at.error), [e.value for e in at.error]
    texts = [v.text for v in store.list_versions(draft.id)]
    assert "Someone else's text." in texts and "My later edit." in texts
    at.text_area(key=key).set_value("Merged text.")
    no_exception(at.run())
    no_exception(at.button(key="dr_save").click().run())
    assert store.get_version(draft.id).text == "Merged text."
    assert store.get_version(draft.id).parent == 3


def test_generate_with_the_model_streams_and_saves_its_text(tmp_db, store, incident, openai_stub, monkeypatch):
    answer = ("Linh Nguyễn xin thông báo: chúng tôi đã nhận được phản ánh về lô SR-12-1025 và đang kiểm tra. "
              "Cập nhật tiếp theo lúc 20:00 ngày 24/11/2026 trên Trang Facebook Linh Nguyễn Official.")
    openai_stub.script = [Behaviour(content=answer, chunk_size=7)]
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    at = no_exception(page("draft", incident=incident.id, lang="en").run())
    at.selectbox(key="dr_backend").set_value("openai")
    no_exception(at.button(key="dr_generate").click().run())
    [draft] = store.list_drafts(incident.id)
    version = store.get_version(draft.id)
    assert version.backend == "openai"
    assert "SR-12-1025" in version.text and "đang kiểm tra" in version.text
    assert openai_stub.requests and openai_stub.requests[-1].get("stream") is True
    assert not at.warning or all("offline draft" not in w.value for w in at.warning)


@pytest.mark.parametrize("lang,banner,reason", [
    ("en", "The AI model failed, so the offline draft is shown", "Model unavailable"),
    ("vi", None, "Không dùng được mô hình"),
])
def test_model_failure_shows_the_offline_draft_and_why(tmp_db, store, incident, openai_stub, monkeypatch,
                                                       lang, banner, reason):
    openai_stub.script = [Behaviour(status=500)]
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("CRISIS_DESK_MAX_RETRIES", "0")
    at = no_exception(page("draft", incident=incident.id, lang=lang).run())
    at.selectbox(key="dr_backend").set_value("openai")
    no_exception(at.button(key="dr_generate").click().run())
    [draft] = store.list_drafts(incident.id)
    assert store.get_version(draft.id).backend == "offline"
    banner = banner or t("draft.fallback_banner", lang)
    assert any(banner in w.value and reason in w.value for w in at.warning), [w.value for w in at.warning]


# ------------------------------------------------------------------ review

@pytest.fixture
def version_one(store, incident):
    draft = store.create_draft(incident.id, "holding", "facebook", "vi", author="pr")
    version = save_version(store, draft.id, "Chúng tôi đã nhận được phản ánh. " + RISKY, author="pr")
    store.submit_for_review(draft.id, 1, actor="pr")
    return version


def review_page(incident, version, role="lawyer", decision="approved", lang="en") -> AppTest:
    at = no_exception(page("review", incident=incident.id, draft=version.draft_id, lang=lang).run())
    at.radio(key="rv_role").set_value(role)
    at.radio(key="rv_decision").set_value(decision)
    at.text_area(key="rv_comment").set_value("OK <b>for me</b>")
    return at


def test_review_shows_the_text_hash_roles_and_approves(tmp_db, store, incident, version_one):
    at = review_page(incident, version_one)
    text = shown(at)
    assert version_one.sha256 in text
    assert "hoàn tiền 100%" in text
    required = store.required_roles(version_one.draft_id, 1)
    if required:
        assert "Roles that must approve" in text
    no_exception(at.button(key="rv_submit").click().run())
    assert any("Recorded: Approve (lawyer) for version 1." in s.value for s in at.success)
    [review] = store.list_reviews(version_one.draft_id, 1)
    assert (review.reviewer, review.role, review.sha256) == ("owner@localhost", "lawyer", version_one.sha256)
    assert "OK <b>for me</b>" in shown(at)  # shown as plain text


@pytest.mark.parametrize("lang, expected", [("en", "is no longer the latest"), ("vi", "không còn là bản mới nhất")])
def test_approving_a_text_that_changed_since_it_was_shown_is_refused(tmp_db, store, incident, version_one, lang, expected):
    at = review_page(incident, version_one, lang=lang)
    save_version(store, version_one.draft_id, "A different text, saved while the lawyer was reading.", author="pr", parent=1)
    no_exception(at.button(key="rv_submit").click().run())  # the hash sent is the one of the text shown
    assert any(expected in e.value for e in at.error), [e.value for e in at.error]
    assert store.list_reviews(version_one.draft_id) == []


@pytest.mark.parametrize("lang, expected", [("en", "the author of a version can never approve it"),
                                             ("vi", "người viết không bao giờ được tự duyệt")])
def test_the_author_cannot_approve_her_own_version(tmp_db, store, incident, lang, expected):
    """Solo mode: the local owner wrote this version, so the owner cannot approve it."""
    draft = store.create_draft(incident.id, "holding", "facebook", "vi", author="owner@localhost")
    version = store.add_version(draft.id, "Chúng tôi đã nhận được phản ánh.", author="owner@localhost")
    store.submit_for_review(draft.id, 1, actor="owner@localhost")
    at = review_page(incident, version, lang=lang)
    no_exception(at.button(key="rv_submit").click().run())
    assert any(expected in e.value.replace("\\", "") for e in at.error), [e.value for e in at.error]
    assert store.list_reviews(draft.id) == []


def test_review_shows_the_diff_against_the_previous_version(tmp_db, store, incident, version_one):
    save_version(store, version_one.draft_id, "Chúng tôi đã nhận được phản ánh. Chúng tôi đang kiểm tra.", author="pr", parent=1)
    at = no_exception(page("review", incident=incident.id, draft=version_one.draft_id, lang="en").run())
    html = "\n".join(h.value for h in at.html)
    assert "<del" in html and "<ins" in html
    assert any("v1 → v2" in e.label for e in at.expander)  # the counts name the (folded) diff


# ------------------------------------------------------------------ timeline

def test_timeline_shows_clocks_and_publishes_an_approved_version(tmp_db, store, incident, version_one):
    at = no_exception(page("timeline", incident=incident.id, lang="en").run())
    labels = [m.label for m in at.metric]
    assert "Since discovery" in labels and "Next update" in labels
    assert "Nothing has been published yet." in [c.value for c in at.caption]
    for role in store.required_roles(version_one.draft_id, 1) or ["lawyer"]:
        store.review(version_one.draft_id, 1, reviewer="x", role=role, decision="approved", comment="", sha256=version_one.sha256)
    no_exception(at.run())
    no_exception(at.button(key=f"tl_publish_{version_one.draft_id}").click().run())
    assert any("Published" in s.value for s in at.success)
    [pub] = store.timeline(incident.id)
    assert pub.sha256 == version_one.sha256
    no_exception(at.run())
    assert version_one.text in [t.value for t in at.text]
    first = next(m for m in at.metric if m.label == "To the first statement")
    assert first.value.endswith(" h") or first.value.endswith(" min")  # a duration, e.g. "5 d 3 h"


def test_timeline_with_a_free_text_next_update(tmp_db, store, brief_en):
    rec = store.create_incident(brief_en.model_copy(update={"next_update": "tomorrow *morning*"}), author="t")
    at = no_exception(page("timeline", incident=rec.id, lang="en").run())
    assert any("not a readable time" in c.value and "\\*morning\\*" in c.value for c in at.caption)


# ------------------------------------------------------------------ export

def test_export_offers_every_format(tmp_db, store, incident, version_one):
    at = no_exception(page("export", incident=incident.id, draft=version_one.draft_id, lang="en").run())
    assert {b.key for b in at.download_button} == {"ex_docx", "ex_pdf", "ex_md", "ex_json"}
    assert any("is not approved" in w.value for w in at.warning)  # an unapproved text says so before export


@pytest.mark.parametrize("fmt", ["docx", "pdf", "md", "json"])
def test_the_export_buttons_build_the_chosen_version(tmp_db, store, incident, version_one, fmt, tmp_path):
    """The bytes a download button hands out (built only when pressed) are the version's."""
    import io
    import json

    from assistant.ui.pages.export import _exporter

    save_version(store, version_one.draft_id, "Phiên bản hai, khác hẳn.", author="pr", parent=1)
    data = _exporter(store, version_one.draft_id, 1, fmt)()
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    elif fmt == "pdf":
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        text = " ".join(text.split())
    elif fmt == "json":
        text = json.dumps(json.loads(data), ensure_ascii=False)
    else:
        text = data.decode("utf-8")
    assert "hoàn tiền" in unicodedata.normalize("NFC", text)
    assert "Phiên bản hai" not in text


# ------------------------------------------------------------------ settings

FAKE_KEY = "sk-test-RECOGNISABLE-0123456789abcdef"


@pytest.mark.parametrize("source", ["env", "secrets"])
def test_settings_never_show_the_key(tmp_db, monkeypatch, source):
    at = page("settings", lang="en")
    if source == "env":
        monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    else:
        at.secrets["OPENAI_API_KEY"] = FAKE_KEY
    no_exception(at.run())
    assert "API key: set" in shown(at)
    assert "RECOGNISABLE" not in shown(at)
    assert "RECOGNISABLE" not in str(at.session_state.to_dict())


def test_settings_never_show_credentials_in_the_server_address(tmp_db, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://admin:SECRETPASS@127.0.0.1:9/v1?token=SECRETTOKEN")
    at = no_exception(page("settings", lang="en").run())
    text = shown(at) + " ".join(str(w.placeholder) for w in at.text_input)
    assert "127.0.0.1" in text
    assert "SECRETPASS" not in text and "SECRETTOKEN" not in text


def test_settings_without_a_key_and_the_connection_test(tmp_db, openai_stub, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    at = no_exception(page("settings", lang="en").run())
    assert "API key: not set" in shown(at)
    no_exception(at.button(key="st_test").click().run())
    assert any("gpt-4o-mini is not listed" in e.value.replace("\\", "") for e in at.error)
    at.text_input(key="st_model").set_value("stub-model")  # the session's choice is what gets tested
    no_exception(at.button(key="st_apply").click().run())
    no_exception(at.button(key="st_test").click().run())
    assert any(s.value.startswith("Connected") for s in at.success), shown(at)


def test_settings_with_a_bad_timeout_is_a_message(tmp_db, monkeypatch):
    monkeypatch.setenv("CRISIS_DESK_TIMEOUT", "soon")
    at = no_exception(page("settings", lang="en").run())
    assert any("CRISIS_DESK_TIMEOUT" in e.value.replace("\\", "") for e in at.error)


def test_settings_connection_failure_is_a_message(tmp_db, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.setenv("CRISIS_DESK_TIMEOUT", "2")
    at = no_exception(page("settings", lang="vi").run())
    no_exception(at.button(key="st_test").click().run())
    assert any(e.value.startswith("Không kết nối được") for e in at.error)


def test_an_unknown_incident_in_the_address_is_a_message(tmp_db, store):
    at = no_exception(page("draft", incident=999, lang="en").run())
    assert at.error and "999" in at.error[0].value
    assert "incident" not in at.query_params


@pytest.mark.parametrize("name", ["brief", "draft", "review", "timeline", "export"])
def test_pages_without_an_open_incident_say_so(tmp_db, name):
    at = no_exception(page(name, lang="en").run())
    assert "No incident is open. Pick or create one on the Incidents page." in [i.value for i in at.info]
