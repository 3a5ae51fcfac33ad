"""Advertising-deal records in the store (migration 0005) on SQLite and PostgreSQL: the
record, its documents and posts with who and when, the audit trail, the readiness rule,
and the evidence an incident on the product sees (matched by product, any diacritics)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

from assistant.ads.evidence import deals_for_brief
from assistant.ads.schema import DocumentCheck, UseRecord, load_deal
from assistant.errors import NotFoundError, WorkflowError
from assistant.services import ads
from tests.test_store_support import store, store_url  # noqa: F401 - fixtures (SQLite, PostgreSQL)

EXAMPLE = "examples/deal_supplement.vi.yaml"


@pytest.fixture
def bare(store):  # noqa: F811
    """A record with nothing checked yet and one post that says what it is."""
    deal = load_deal(EXAMPLE).model_copy(update={"documents": [], "use": None})
    return ads.create_deal(store, deal, "Thu Hà")


def test_the_migration_creates_the_tables(store):  # noqa: F811
    tables = set(inspect(store.engine).get_table_names())
    assert {"ad_deals", "ad_deal_documents", "ad_deal_posts"} <= tables


def test_a_record_keeps_who_checked_what_and_when(store):  # noqa: F811
    deal = ads.create_deal(store, load_deal(EXAMPLE), "Thu Hà")
    again = ads.get_deal(store, deal.id)
    assert [d.kind for d in again.documents] == ["business_registration", "product_declaration", "test_results"]
    assert again.documents[2].checked_by == "Luật sư Trần Minh" and again.documents[2].checked_on == dt.date(2026, 11, 22)
    assert again.product_used is True and again.used_since == dt.date(2026, 9, 1)
    actions = [e.action for e in store.audit_log() if e.target_type.startswith("ad_deal")]
    assert actions[:1] == ["deal.create"] and actions.count("deal.document") == 3 and "deal.post.save" in actions


def test_a_post_is_ready_only_when_every_required_item_is_met(store, bare):  # noqa: F811
    post = bare.posts[0]
    with pytest.raises(WorkflowError) as refused:
        ads.mark_ready(store, bare.id, post.id, "Thu Hà", "en")
    for missing in ("Advertiser verified", "Product documents checked", "Test results seen", "KOL used the product"):
        assert missing in refused.value.message
    assert "Nhãn hàng" not in refused.value.message and "đã xác minh nhãn hàng" in refused.value.translations["vi"].lower()
    for kind in ("business_registration", "product_declaration", "test_results"):
        ads.add_document(store, bare.id, DocumentCheck(kind=kind, reference=f"{kind}-1", checked_by="Minh",
                                                       checked_on=dt.date(2026, 11, 30)), "Thu Hà")
    ads.record_use(store, bare.id, UseRecord(used=True, since=dt.date(2026, 10, 1)), "Thu Hà")
    ready = ads.mark_ready(store, bare.id, post.id, "Luật sư Minh")
    assert ready.status == "ready" and ready.ready_by == "Luật sư Minh"
    edited, _ = ads.save_post(store, bare.id, post.text + " Link ở bio.", "facebook", "Thu Hà", post_id=post.id)
    assert edited.status == "draft" and edited.ready_by is None  # an edit needs a new check


def test_a_use_on_record_changes_the_scan_of_first_hand_claims(store, bare):  # noqa: F811
    text = "[Quảng cáo] Mình uống viên Omega-3 mỗi sáng. Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh."
    _, report = ads.save_post(store, bare.id, text, "facebook", "Thu Hà")
    assert "ad_unverified_use" in {f.category for f in report.findings}
    ads.record_use(store, bare.id, UseRecord(used=True, since=dt.date(2026, 10, 1)), "Thu Hà")
    assert "ad_unverified_use" not in {f.category for f in ads.scan_post(text, ads.get_deal(store, bare.id)).findings}


def test_not_found_names_the_id(store, bare):  # noqa: F811
    with pytest.raises(NotFoundError, match="advertising deal 999"):
        ads.get_deal(store, 999)
    with pytest.raises(NotFoundError, match=f"post 77 does not exist in advertising deal {bare.id}"):
        ads.mark_ready(store, bare.id, 77, "x")


@pytest.mark.parametrize("title,matched", [
    ("Khách phản ánh bị dị ứng sau khi uống Viên uống Omega-3 An Khang", True),
    ("khach phan anh di ung sau khi uong vien uong omega-3 an khang", True),
    ("KHÁCH PHẢN ÁNH DỊ ỨNG: VIÊN UỐNG OMEGA-3 AN KHANG", True),
    ("Khách phản ánh dị ứng sau khi uống Viên uống Omega-3 An Khang Plus", True),
    ("Khách phản ánh dị ứng sau khi uống Viên uống Omega-30 An Khanh", False),
    ("Bài đăng xúc phạm người hâm mộ", False),
])
def test_an_incident_on_the_product_sees_the_record(store, brief_vi, title, matched):  # noqa: F811
    deal = ads.create_deal(store, load_deal(EXAMPLE), "Thu Hà")
    brief = brief_vi.model_copy(update={"incident": brief_vi.incident.model_copy(update={"title": title})})
    assert (deals_for_brief(brief, ads.list_deals(store)) == [ads.get_deal(store, deal.id)]) is matched
    incident = store.create_incident(brief, author="test")
    found = ads.evidence_for_incident(store, incident.id, "vi")
    assert bool(found) is matched
    if matched:
        assert any("Luật sư Trần Minh kiểm tra ngày 2026-11-22" in line for line in found[0][1])
