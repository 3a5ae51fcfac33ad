"""The last two stages of the method in a real browser (a real `streamlit run app.py`
server, Debian's Chromium): an incident whose holding and closing statements are published
-> Review & recovery: import a week of fan comments, write the lessons, draft the recovery
plan, close the incident (statement + review + archive together) and download the PDF report.
"""

from __future__ import annotations

import io

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, idle, pytestmark, shot, start_server  # noqa: F401
from tests.test_recovery_service import CLOSING, HOLDING, _publish


@pytest.fixture
def server(tmp_path, brief_vi):
    from assistant.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'browser.db'}")  # the database the server will open
    incident = store.create_incident(brief_vi, author="Linh")
    _publish(store, incident.id, "holding", HOLDING)
    _publish(store, incident.id, "closing", CLOSING)
    store.close()
    yield from start_server(tmp_path)


def test_review_and_recovery_journey(server, artifacts_dir, tmp_path):
    from playwright.sync_api import expect, sync_playwright
    from pypdf import PdfReader

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(30_000)
        try:
            page.goto(f"{server}/recovery?incident=1")
            expect(page.get_by_role("heading", name="Đánh giá sau sự cố & phục hồi hình ảnh")).to_be_visible()
            expect(page.get_by_text("Từ phát hiện đến thông báo đầu tiên").first).to_be_visible()
            shot(page, artifacts_dir, "recovery-1-figures")

            page.get_by_role("tab", name="Lòng tin").click()
            page.locator(".st-key-rc_batch_text textarea").fill("Cố lên chị ơi\nhoàn tiền kiểu gì vậy shop?\nđồ lừa đảo")
            page.get_by_role("button", name="Nhập bình luận").click()
            expect(page.get_by_text("Đã nhập 3 bình luận.")).to_be_visible()
            shot(page, artifacts_dir, "recovery-2-trust")

            page.get_by_role("tab", name="Đánh giá").click()
            page.locator(".st-key-rc_lessons textarea").fill("Kiểm tra giấy tờ sản phẩm trước khi nhận quảng cáo.")
            page.get_by_role("button", name="Lưu bản đánh giá").click()
            expect(page.get_by_text("Đã lưu bản đánh giá.")).to_be_visible()

            page.get_by_role("tab", name="Kế hoạch phục hồi").click()
            page.locator(".st-key-rc_draft_plan button").click()
            expect(page.get_by_text("Kế hoạch không có gì cần xem lại.")).to_be_visible()
            shot(page, artifacts_dir, "recovery-3-plan")

            page.get_by_role("tab", name="Khép lại & báo cáo").click()
            page.locator(".st-key-rc_close button").click()
            expect(page.get_by_text("Sự cố đã khép lại lúc").first).to_be_visible()
            page.get_by_role("tab", name="Khép lại & báo cáo").click()
            with page.expect_download() as download_info:
                page.locator(".st-key-rc_report_pdf button").click()
            path = tmp_path / "report.pdf"
            download_info.value.save_as(path)
            shot(page, artifacts_dir, "recovery-4-closed")
        finally:
            browser.close()
    text = "\n".join(pg.extract_text() for pg in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Báo cáo sau sự cố" in text and "Kiểm tra giấy tờ sản phẩm" in text and "Đã khép lại" in text
