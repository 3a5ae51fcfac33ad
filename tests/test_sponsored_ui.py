"""The Sponsored posts page through Streamlit's AppTest: create a record, record use and a
document, write a post and see its findings and checklist, mark it ready only when the
checklist passes, export the record; and the evidence on an incident's brief/review pages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.ads.schema import load_deal
from assistant.services import ads
from assistant.ui.i18n import t
from tests.test_ui_pages import no_exception, shown

TIMEOUT = 60
EXAMPLE = "examples/deal_supplement.vi.yaml"
UNDISCLOSED = "Mình uống viên Omega-3 An Khang mỗi sáng, mua ở giỏ hàng nha #omega3 #healthy"


def page(name: str, lang: str = "vi", author: str | None = "Thu Hà", incident: int | None = None) -> AppTest:
    at = AppTest.from_string(f"from assistant.ui.pages import {name}\n{name}.render()\n", default_timeout=TIMEOUT)
    at.session_state["ui_lang"] = lang
    if author:
        at.session_state["ui_author"] = author
    if incident is not None:
        at.query_params["incident"] = str(incident)
    return at


@pytest.fixture
def store(tmp_db):
    from assistant.store import open_store

    return open_store(tmp_db)


@pytest.fixture
def deal(store):
    return ads.create_deal(store, load_deal(EXAMPLE), "Thu Hà")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_new_record_is_created_from_the_form(store, lang):
    at = no_exception(page("sponsored", lang).run())
    assert t("sponsored.new_header", lang) in shown(at)
    at.text_input(key="sp_advertiser").input("Công ty Mộc Nhiên")
    at.text_input(key="sp_product").input("Kem nghệ Mộc Nhiên")
    at.selectbox(key="sp_class").select("cosmetic")
    at.text_area(key="sp_claims").input("Dưỡng ẩm\nGiúp da trông mềm hơn")
    at.button(key="sp_create").click()
    no_exception(at.run())
    [created] = ads.list_deals(store)
    assert created.product == "Kem nghệ Mộc Nhiên" and created.agreed_claims == ("Dưỡng ẩm", "Giúp da trông mềm hơn")
    assert created.created_by == "owner@localhost"  # the signed-in identity (solo: the local owner)
    assert t("sponsored.created", lang, id=created.id) in shown(at)


def test_a_record_names_the_identity_not_a_typed_name(store):
    at = no_exception(page("sponsored", author="someone typed this").run())
    at.text_input(key="sp_advertiser").input("X")
    at.text_input(key="sp_product").input("Y")
    at.button(key="sp_create").click()
    no_exception(at.run())
    assert [d.created_by for d in ads.list_deals(store)] == ["owner@localhost"]


def test_an_invalid_form_names_the_field(store):
    at = no_exception(page("sponsored").run())
    at.text_input(key="sp_product").input("Y")
    at.button(key="sp_create").click()
    no_exception(at.run())
    assert "advertiser" in shown(at) and ads.list_deals(store) == []


def test_a_post_shows_its_findings_and_cannot_be_marked_ready(store, deal):
    at = no_exception(page("sponsored").run())
    assert "GCN ĐKDN 0312345678" in shown(at)  # the record: who checked what, when
    at.text_area(key=f"sp_text_{deal.id}_0").input(UNDISCLOSED)
    at.button(key=f"sp_save_{deal.id}_0").click()
    no_exception(at.run())
    saved = ads.get_deal(store, deal.id).posts[-1]
    assert saved.text == UNDISCLOSED
    text = shown(at)
    assert "Không ghi rõ là quảng cáo" in text and "Thiếu khuyến cáo bắt buộc" in text
    at.button(key=f"sp_ready_{saved.id}").click()
    no_exception(at.run())
    assert ads.get_deal(store, deal.id).posts[-1].status == "draft"
    assert "chưa được đánh dấu sẵn sàng" in shown(at)


def test_a_clean_post_is_marked_ready(store, deal):
    post = deal.posts[0]
    at = no_exception(page("sponsored", "en").run())
    at.selectbox(key=f"sp_post_{deal.id}").select(post.id)
    no_exception(at.run())
    at.button(key=f"sp_ready_{post.id}").click()
    no_exception(at.run())
    ready = ads.get_deal(store, deal.id).posts[0]
    assert ready.status == "ready" and ready.ready_by == "owner@localhost"
    assert t("sponsored.ready_ok", "en", id=post.id) in shown(at)


def test_use_and_documents_are_recorded_with_who_and_when(store):
    deal = ads.create_deal(store, load_deal(EXAMPLE).model_copy(update={"documents": [], "use": None}), "Thu Hà")
    at = no_exception(page("sponsored").run())
    at.radio(key=f"sp_use_choice_{deal.id}").set_value("yes")
    at.button(key=f"sp_use_save_{deal.id}").click()
    no_exception(at.run())
    assert ads.get_deal(store, deal.id).product_used is True
    at.text_input(key=f"sp_doc_ref_{deal.id}").input("GCN 0312345678")
    at.text_input(key=f"sp_doc_by_{deal.id}").input("Luật sư Minh")
    at.button(key=f"sp_doc_save_{deal.id}").click()
    no_exception(at.run())
    [doc] = ads.get_deal(store, deal.id).documents
    assert (doc.kind, doc.reference, doc.checked_by, doc.recorded_by) == (
        "business_registration", "GCN 0312345678", "Luật sư Minh", "owner@localhost")


def test_an_empty_document_check_names_the_fields(store, deal):
    at = no_exception(page("sponsored").run())
    at.button(key=f"sp_doc_save_{deal.id}").click()
    no_exception(at.run())
    assert "reference" in shown(at) and r"checked\_by" in shown(at)  # md-escaped
    assert len(ads.get_deal(store, deal.id).documents) == 3


def test_the_record_exports_as_word_and_pdf(store, deal):
    at = no_exception(page("sponsored").run())
    labels = [b.label for b in at.get("download_button")]
    assert t("sponsored.download_docx", "vi") in labels and t("sponsored.download_pdf", "vi") in labels


@pytest.mark.parametrize("name", ["brief", "review"])
def test_an_incident_on_the_product_shows_the_evidence(store, deal, brief_vi, name):
    harm = brief_vi.model_copy(update={"incident": brief_vi.incident.model_copy(update={
        "title": "Khách hàng phản ánh dị ứng sau khi dùng Viên uống Omega-3 An Khang"})})
    incident = store.create_incident(harm, author="test")
    at = no_exception(page(name, incident=incident.id).run())
    text = shown(at)
    assert t("sponsored.evidence_intro", "vi") in text
    assert "Luật sư Trần Minh kiểm tra ngày 2026-11-22" in text
