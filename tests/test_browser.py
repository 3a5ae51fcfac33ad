"""The main journey in a real browser: a real `streamlit run app.py` server (offline back
end, temporary database) driven by Debian's Chromium through Playwright.

Import the example brief -> generate a holding statement -> type a risky sentence and see
it highlighted -> save and submit -> approve as lawyer -> download the Word file and open
it with python-docx. A screenshot of every step goes to tests/artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
RISKY = "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (`make test` installs Debian's chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CRISIS_DESK_"))}
    env.update(CRISIS_DESK_DB=f"sqlite:///{tmp_path / 'browser.db'}", CRISIS_DESK_BACKEND="offline", PYTHONUNBUFFERED="1")
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text(errors="replace"))
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _idle(page) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def _shot(page, artifacts: Path, name: str, focus=None) -> None:
    """Screenshot of the viewport (Streamlit scrolls an inner container, so a full-page
    shot adds nothing), with ``focus`` scrolled into view."""
    _idle(page)
    if focus is not None:
        focus.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"browser-{name}.png"))


def test_main_journey(server, artifacts_dir, tmp_path):
    from docx import Document
    from playwright.sync_api import expect, sync_playwright

    example = (ROOT / "examples" / "brief.vi.yaml").read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(30_000)
        try:
            # 1. incidents: import the example brief
            page.goto(server)
            expect(page.get_by_role("heading", name="Sự cố").first).to_be_visible()
            page.get_by_role("tab", name="Nhập từ file YAML").click()
            box = page.locator(".st-key-import_text textarea")
            box.fill(example)
            box.press("Control+Enter")
            _idle(page)
            page.locator(".st-key-import_button button").click()
            expect(page.get_by_text("Đã tạo sự cố #1")).to_be_visible()
            assert "incident=1" in page.url
            _shot(page, artifacts_dir, "1-incident-created")

            # 2. draft: generate a holding statement (offline, instant)
            page.get_by_role("link", name="Soạn thông báo").click()
            page.locator(".st-key-dr_generate button").click()
            editor = page.locator(".st-key-dr_text_1 textarea")
            expect(editor).to_be_visible()
            assert "Linh" in editor.input_value()
            _shot(page, artifacts_dir, "2-generated")

            # 3. type a risky sentence: it is highlighted for the lawyer
            editor.click()
            editor.press("Control+End")
            editor.type("\n" + RISKY)
            editor.press("Control+Enter")
            mark = page.locator('mark[data-route="lawyer"]').filter(has_text="hoàn tiền")
            expect(mark.first).to_be_visible()
            _shot(page, artifacts_dir, "3-risky-highlighted", focus=mark.first)

            # 4. save the edited text as version 2 and submit it for review
            page.locator(".st-key-dr_save button").click()
            expect(page.get_by_text("Đã lưu phiên bản 2.")).to_be_visible()
            page.locator(".st-key-dr_submit button").click()
            expect(page.get_by_text("Đã gửi duyệt phiên bản 2.")).to_be_visible()
            _shot(page, artifacts_dir, "4-saved-submitted")

            # 5. review: approve as lawyer (bound to the text's hash)
            page.get_by_role("link", name="Duyệt").click()
            expect(page.locator(".st-key-rv_submit button")).to_be_visible()
            _shot(page, artifacts_dir, "5a-review")
            name = page.locator(".st-key-rv_reviewer input")
            name.fill("Luật sư An")
            name.press("Enter")
            _idle(page)
            page.locator(".st-key-rv_comment textarea").fill("Đã xem, đồng ý.")
            page.locator(".st-key-rv_comment textarea").press("Control+Enter")
            _idle(page)
            page.locator(".st-key-rv_submit button").click()
            expect(page.get_by_text("Đã ghi: Phê duyệt (luật sư) cho phiên bản 2.")).to_be_visible()
            _shot(page, artifacts_dir, "5-approved", focus=page.get_by_text("Đã ghi: Phê duyệt"))

            # 6. export: download the Word file and open it
            page.get_by_role("link", name="Xuất file").click()
            with page.expect_download() as download_info:
                page.locator(".st-key-ex_docx button").click()
            path = tmp_path / "statement.docx"
            download_info.value.save_as(path)
            _shot(page, artifacts_dir, "6-export")

            # 7. the timeline and the brief form (screenshots for the report)
            page.get_by_role("link", name="Dòng thời gian").click()
            expect(page.get_by_text("Từ khi phát hiện")).to_be_visible()
            _shot(page, artifacts_dir, "7-timeline")
            page.get_by_role("link", name="Hồ sơ sự cố").click()
            expect(page.get_by_text("Dữ kiện đã xác nhận (được nói như sự thật)")).to_be_visible()
            _shot(page, artifacts_dir, "8-brief", focus=page.get_by_text("Dữ kiện đã xác nhận (được nói như sự thật)"))
            title = page.locator("input[aria-label='Tiêu đề sự cố *']")
            title.fill("")
            title.press("Enter")
            expect(page.get_by_text("Không được để trống.")).to_be_visible()
            _shot(page, artifacts_dir, "9-brief-invalid", focus=title)

            # 8. settings: only whether a key is set, never the key
            page.get_by_role("link", name="Cài đặt").click()
            expect(page.get_by_text("Khoá API: chưa có")).to_be_visible()
            _shot(page, artifacts_dir, "10-settings")
        finally:
            browser.close()
    text = "\n".join(par.text for par in Document(str(path)).paragraphs)
    assert RISKY in text
    assert "Linh" in text
