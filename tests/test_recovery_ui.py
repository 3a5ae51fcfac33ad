"""The Review & recovery page through Streamlit's AppTest (real script runner, temporary
SQLite store): figures, comment batches, review sections, action items, the plan, closing."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.recovery.models import ReviewSections
from assistant.services import recovery as service
from tests.test_recovery_service import CLOSING, HOLDING, _publish
from tests.test_ui_pages import incident, no_exception, page, shown, store  # noqa: F401


@pytest.mark.parametrize("lang, header, nothing", [
    ("vi", "Đánh giá sau sự cố & phục hồi hình ảnh", "Sự cố này chưa có thông báo nào được đăng."),
    ("en", "Post-incident review & recovery", "Nothing has been published yet for this incident."),
])
def test_page_opens_in_both_languages_and_says_nothing_was_published(incident, lang, header, nothing):
    at = no_exception(page("recovery", incident=incident.id, lang=lang).run())
    assert at.header[0].value == header
    assert nothing in shown(at)


def test_page_without_an_incident_asks_to_open_one(tmp_db):
    at = no_exception(page("recovery").run())
    assert at.info  # "open an incident first"


def test_import_a_week_of_comments_then_see_trust(store, incident):
    at = no_exception(page("recovery", incident=incident.id).run())
    at.text_area(key="rc_batch_text").input("Cố lên chị ơi\nhoàn tiền kiểu gì vậy shop?\nđồ lừa đảo")
    at.button(key="FormSubmitter:rc_batch-Nhập bình luận").click().run()
    no_exception(at)
    assert "Đã nhập 3 bình luận." in shown(at)
    assert sum(v.total for v in service.report_data(store, incident.id).facts.volume) == 3


def test_empty_comment_import_is_an_inline_error(store, incident):
    at = no_exception(page("recovery", incident=incident.id).run())
    at.button(key="FormSubmitter:rc_batch-Nhập bình luận").click().run()
    assert "Chưa có bình luận nào để nhập" in shown(no_exception(at))


def test_write_the_review_and_add_an_action_item(store, incident):
    at = no_exception(page("recovery", incident=incident.id, lang="en").run())
    at.text_area(key="rc_lessons").input("Check documents before any sponsored post.")
    at.button(key="FormSubmitter:rc_sections-Save the review").click().run()
    assert "The review is saved." in shown(no_exception(at))
    assert service.load_sections(store, incident.id).lessons.startswith("Check documents")
    at.text_input(key="rc_new_text").input("Update the sponsor checklist")
    at.text_input(key="rc_new_owner").input("Mai")
    at.button(key="FormSubmitter:rc_new_item-Add").click().run()
    no_exception(at)
    [item] = service.list_action_items(store, incident.id)
    assert (item.text, item.owner, item.status) == ("Update the sponsor checklist", "Mai", "open")
    at.selectbox(key=f"rc_item_{item.id}").set_value("done").run()
    no_exception(at)
    assert service.list_action_items(store, incident.id)[0].status == "done"


def test_draft_the_recovery_plan_and_see_it_is_clean(store, incident):
    at = no_exception(page("recovery", incident=incident.id).run())
    at.button(key="rc_draft_plan").click().run()
    no_exception(at)
    assert "Đã lưu kế hoạch phục hồi." in shown(at)
    assert "Kế hoạch không có gì cần xem lại." in shown(at)
    assert service.load_plan(store, incident.id).items[0].type == "closing_statement"


def test_closing_is_refused_with_what_is_missing_then_works(store, incident):
    at = no_exception(page("recovery", incident=incident.id).run())
    at.button(key="rc_close").click().run()
    assert "hãy đăng thông báo khép lại trước" in shown(no_exception(at))
    _publish(store, incident.id, "holding", HOLDING)
    _publish(store, incident.id, "closing", CLOSING)
    service.save_sections(store, incident.id, ReviewSections(lessons="Nhanh hơn."), "Mai")
    at = no_exception(page("recovery", incident=incident.id).run())
    at.button(key="rc_close").click().run()
    no_exception(at)
    assert "Sự cố đã khép lại lúc" in shown(at)
    assert service.closure(store, incident.id) is not None
    assert not [b for b in at.button if b.key == "rc_close"]


def test_published_statements_show_figures_and_charts(store, incident):
    _publish(store, incident.id, "holding", HOLDING)
    service.import_comment_batch(store, incident.id, "Cố lên chị\nshop lừa đảo", "w.txt", "Mai",
                                 imported_at=dt.datetime(2026, 11, 24, 5, tzinfo=dt.timezone.utc))
    at = no_exception(page("recovery", incident=incident.id, lang="en").run())
    assert [m.label for m in at.metric][:3] == ["Discovery to first statement", "Discovery to first lawyer approval",
                                                "Promised updates on time"]
    assert len(at.get("vega_lite_chart")) >= 2  # comments per day, trust by week


def test_the_timeline_page_shows_trust_by_week_once_comments_are_imported(store, incident):
    at = no_exception(page("timeline", incident=incident.id, lang="en").run())
    assert "Shares of negative and supportive comments by week" not in shown(at)
    service.import_comment_batch(store, incident.id, "Cố lên chị\nshop lừa đảo", "w.txt", "Mai")
    at = no_exception(page("timeline", incident=incident.id, lang="en").run())
    assert "Shares of negative and supportive comments by week" in shown(at)
    assert at.get("vega_lite_chart")
