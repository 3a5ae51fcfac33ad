"""The post-incident review, trust tracking, recovery plan, closing and the report through
the service layer, on a real store (SQLite, and PostgreSQL when CRISIS_DESK_TEST_PG is set)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from assistant.errors import CrisisDeskError, WorkflowError
from assistant.recovery.models import ActionItem, PlanItem, PlanUpdate, ReviewSections
from assistant.services import recovery as service
from tests.test_store_support import store, store_url  # noqa: F401

HOLDING = "Tôi đã đọc các phản ánh. 37 khách hàng đã báo kích ứng qua hotline tính đến 20/11."
RISKY = "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."
CLOSING = "Cảm ơn mọi người đã theo dõi. Lô hàng bị ảnh hưởng là lô SR-12-1025. Mọi câu hỏi xin gửi về hotro@linhnguyen.vn."
COMMENTS_WEEK1 = "hoàn tiền kiểu gì vậy shop?\nCố lên chị ơi\nđồ lừa đảo\nlô SR-12-1025 có được hoàn tiền không?\n"
COMMENTS_WEEK2 = "Cố lên chị\nủng hộ chị\nkhi nào có kết quả kiểm nghiệm?\n"


def _publish(store, incident_id, kind, *texts):
    draft = store.create_draft(incident_id, kind, "facebook", "vi", author="Linh")
    for text in texts:
        from assistant.services.drafts import save_version

        version = save_version(store, draft.id, text, "Linh")
    store.submit_for_review(draft.id, version.number, actor="Linh")
    for role in ("lawyer", "pr"):
        store.review(draft.id, version.number, reviewer=f"{role}-reviewer", role=role, decision="approved",
                     comment="", sha256=version.sha256)
    store.publish(draft.id, version.number, channel="facebook", actor="Linh", sha256=version.sha256)
    return draft


@pytest.fixture
def incident(store, brief_vi):
    return store.create_incident(brief_vi, author="Linh")


def _ready_to_close(store, incident):
    _publish(store, incident.id, "holding", RISKY + " " + HOLDING, HOLDING)
    _publish(store, incident.id, "closing", CLOSING)
    service.save_sections(store, incident.id, ReviewSections(went_well="Trả lời trong 2 giờ.", lessons="Kiểm tra giấy tờ."),
                          "Mai")


def test_the_review_knows_the_timeline_findings_caught_and_comments(store, incident):
    _publish(store, incident.id, "holding", RISKY + " " + HOLDING, HOLDING)
    assert service.import_comment_batch(store, incident.id, COMMENTS_WEEK1, "week1.txt", "Mai",
                                        imported_at=dt.datetime(2026, 11, 24, 5, tzinfo=dt.timezone.utc)) == 4
    assert service.import_comment_batch(store, incident.id, COMMENTS_WEEK2, "week2.txt", "Mai",
                                        imported_at=dt.datetime(2026, 12, 1, 5, tzinfo=dt.timezone.utc)) == 3
    data = service.report_data(store, incident.id)
    assert [e.kind for e in data.facts.timeline] == ["holding"]
    assert data.facts.to_first_statement is not None and data.facts.to_lawyer_approval is not None
    caught = {c.category: c for c in data.facts.findings}
    assert caught["compensation_promise"].caught >= 1 and caught["compensation_promise"].published == 0
    assert sum(v.total for v in data.facts.volume) == 7
    assert [w.week.isoformat() for w in data.trust] == ["2026-11-23", "2026-11-30"]
    assert data.trust[1].supportive == 2
    actions = [a.action for a in store.audit_log(incident.id)]
    assert actions.count("comments.import") == 2


def test_a_bad_comment_file_names_the_problem_and_keeps_nothing(store, incident):
    with pytest.raises(CrisisDeskError) as err:
        service.import_comment_batch(store, incident.id, "  \n \n", "empty.txt", "Mai")
    assert "empty.txt" in err.value.message and err.value.exit_code == 2
    assert service.report_data(store, incident.id).facts.volume == []


def test_closing_needs_a_published_closing_statement_and_a_review_then_archives_everything(store, incident):
    with pytest.raises(WorkflowError) as err:
        service.close_incident(store, incident.id, "Mai")
    assert "closing statement" in err.value.message and "thông báo khép lại" in err.value.translations["vi"]
    _publish(store, incident.id, "closing", CLOSING)
    with pytest.raises(WorkflowError) as err:
        service.close_incident(store, incident.id, "Mai")
    assert "review" in err.value.message
    service.save_sections(store, incident.id, ReviewSections(lessons="Kiểm tra giấy tờ trước khi nhận quảng cáo."), "Mai")
    closed_at = service.close_incident(store, incident.id, "Mai")
    closure = service.closure(store, incident.id)
    assert closure.closed_at == closed_at and closure.closed_by == "Mai"
    archive = json.loads(service.archive_bytes(store, incident.id))
    assert archive["review"]["sections"]["lessons"].startswith("Kiểm tra")
    assert [p["kind"] for p in archive["publications"]] == ["closing"]
    assert {"incident", "brief_history", "drafts", "audit_log", "recovery_plan", "trust"} <= set(archive)
    import hashlib

    assert hashlib.sha256(service.archive_bytes(store, incident.id)).hexdigest() == closure.archive_sha256
    assert "incident.close" in [a.action for a in store.audit_log(incident.id)]


@pytest.mark.parametrize("change", [
    lambda s, i: service.save_sections(s, i, ReviewSections(lessons="later"), "Mai"),
    lambda s, i: service.add_action_item(s, i, ActionItem(text="later"), "Mai"),
    lambda s, i: service.import_comment_batch(s, i, "hello", "late.txt", "Mai"),
    lambda s, i: service.save_plan(s, i, service.draft_plan(s, i, dt.date(2026, 12, 1)), "Mai"),
    lambda s, i: service.close_incident(s, i, "Mai"),
])
def test_a_closed_incident_is_archived_and_refuses_changes(store, incident, change):
    _ready_to_close(store, incident)
    service.close_incident(store, incident.id, "Mai")
    with pytest.raises(WorkflowError) as err:
        change(store, incident.id)
    assert "closed" in err.value.message and "khép lại" in err.value.translations["vi"]


def test_closing_is_refused_while_the_plan_has_lawyer_findings(store, incident):
    _ready_to_close(store, incident)
    plan = service.draft_plan(store, incident.id, dt.date(2026, 12, 1))
    bad = plan.model_copy(update={"items": plan.items + [PlanItem(date=dt.date(2026, 12, 9), type="charity",
                                                                   title="Quyên góp để chuộc lỗi", owner="Mai")]})
    findings = service.save_plan(store, incident.id, bad, "Mai")
    assert [f.rule for f in findings] == ["compensation_framing"]
    with pytest.raises(WorkflowError) as err:
        service.close_incident(store, incident.id, "Mai")
    assert "1 finding" in err.value.message
    service.save_plan(store, incident.id, plan, "Mai")
    service.close_incident(store, incident.id, "Mai")


def test_content_items_are_scanned_like_statements(store, incident):
    plan = service.draft_plan(store, incident.id, dt.date(2026, 12, 1))
    risky = PlanItem(date=dt.date(2026, 12, 9), type="content", title="Video", owner="Mai",
                     text="Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng.", publicity=True)
    findings = service.check_recovery_plan(store, incident.id, plan.model_copy(update={"items": plan.items + [risky]}))
    assert any(f.rule == "scan:compensation_promise" and f.route == "lawyer" for f in findings)
    assert service.check_recovery_plan(store, incident.id, plan) == []


def test_action_items_track_status_and_a_lesson_updates_the_preparation(store, incident, monkeypatch):
    item_id = service.add_action_item(store, incident.id, ActionItem(
        text="Thêm 'tên nhà máy' vào danh sách không được nói", owner="Luật sư", due=dt.date(2026, 12, 10),
        updates=PlanUpdate(target="plan", target_id="linh", field="do_not_say", value="tên nhà máy")), "Mai")
    done = ActionItem(**{**service.list_action_items(store, incident.id)[0].model_dump(exclude={"id"}), "status": "done"})
    with pytest.raises(WorkflowError) as err:  # no plan for that speaker: said, not silently skipped
        service.update_action_item(store, incident.id, item_id, done, "Mai")
    assert "plan" in err.value.message
    applied = []
    monkeypatch.setitem(service.PLAN_UPDATERS, "plan", lambda store, update, actor: applied.append((update.value, actor)))  # the hook itself
    saved = service.update_action_item(store, incident.id, item_id, done, "Mai")
    assert applied == [("tên nhà máy", "Mai")] and saved.applied and saved.done_on is not None
    service.update_action_item(store, incident.id, item_id, saved, "Mai")  # applied once, not twice
    assert len(applied) == 1
    [stored] = service.list_action_items(store, incident.id)
    assert stored.status == "done" and stored.applied
    with pytest.raises(WorkflowError):
        service.update_action_item(store, incident.id, 999, done, "Mai")


def _docx_text(data: bytes) -> tuple[str, int]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts), len(doc.inline_shapes)


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), sum(len(p.images) for p in reader.pages)


def test_the_report_in_every_format_has_every_section_and_charts_as_images(store, incident):
    _ready_to_close(store, incident)
    service.import_comment_batch(store, incident.id, COMMENTS_WEEK1, "week1.txt", "Mai")
    service.add_action_item(store, incident.id, ActionItem(text="Hỏi ý kiến Trần Thị B", owner="Mai",
                                                           due=dt.date(2026, 12, 10)), "Mai")
    service.save_plan(store, incident.id, service.draft_plan(store, incident.id, dt.date(2026, 12, 1)), "Mai")
    sections = ["Tóm tắt", "Dòng thời gian", "Số liệu", "Biểu đồ", "Bài học", "Việc cần làm", "Kế hoạch phục hồi"]
    md = service.report_bytes(store, incident.id, "md").decode("utf-8")
    docx_text, pictures = _docx_text(service.report_bytes(store, incident.id, "docx"))
    pdf_text, images = _pdf_text(service.report_bytes(store, incident.id, "pdf"))
    for text in (md, docx_text, pdf_text):
        for heading in sections:
            assert heading in text, heading
        assert "Kiểm tra giấy tờ." in text and "Trần Thị B" not in text  # protected name masked
    assert pictures >= 3 and images >= 3  # comments per day, promised vs actual, trust by week
    assert [a.detail["format"] for a in store.audit_log(incident.id) if a.action == "report.export"] == ["md", "docx", "pdf"]


def test_the_report_of_an_incident_with_nothing_published_says_so(store, brief_en):
    incident = store.create_incident(brief_en, author="Maya")
    md = service.report_bytes(store, incident.id, "md").decode("utf-8")
    assert "Nothing has been published yet for this incident." in md and "# Post-incident report" in md
    pdf_text, images = _pdf_text(service.report_bytes(store, incident.id, "pdf"))
    assert "Nothing has been published yet" in pdf_text and images == 0
    docx_text, _ = _docx_text(service.report_bytes(store, incident.id, "docx"))
    assert "Lessons" in docx_text and "Bài học" not in docx_text


def test_a_done_lesson_adds_the_line_to_the_speakers_crisis_plan(store, incident):
    from assistant.prepare.plan import CrisisPlan
    from assistant.services import prepare

    prepare.save_plan(store, CrisisPlan(speaker=incident.brief.speaker), "Mai")
    update = PlanUpdate(target="plan", target_id=incident.brief.speaker.name, field="do_not_say", value="tên nhà máy")
    item_id = service.add_action_item(store, incident.id, ActionItem(text="Thêm vào danh sách", owner="Mai", updates=update), "Mai")
    [item] = service.list_action_items(store, incident.id)
    service.update_action_item(store, incident.id, item_id, ActionItem(**{**item.model_dump(exclude={"id"}), "status": "done"}), "Mai")
    assert "tên nhà máy" in prepare.plan_for(store, incident.brief.speaker.name).do_not_say
    # a new incident of the same speaker inherits it
    new = prepare.create_incident(store, incident.brief, "Mai")
    assert "tên nhà máy" in [getattr(i, "topic", i) for i in new.incident.brief.do_not_say]


@pytest.mark.parametrize("update, message", [
    (PlanUpdate(target="plan", target_id="Nobody", field="do_not_say", value="x"), "no crisis plan"),
    (PlanUpdate(target="playbook", target_id="product_harm", field="first_hour_checklist", value="x"), "playbook"),
])
def test_a_lesson_that_cannot_be_applied_says_why(store, incident, update, message):
    item_id = service.add_action_item(store, incident.id, ActionItem(text="x", updates=update), "Mai")
    [item] = service.list_action_items(store, incident.id)
    with pytest.raises(WorkflowError) as err:
        service.update_action_item(store, incident.id, item_id, ActionItem(**{**item.model_dump(exclude={"id"}), "status": "done"}), "Mai")
    assert message in err.value.message
