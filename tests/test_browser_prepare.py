"""Preparation in a real browser: from "new incident" on the Plans page to a holding
statement drafted from the pre-approved template, its filled slots highlighted and ready
for one-step confirmation — with a small, fixed number of actions (the seconds it took are
printed, never asserted). Then: tick the checklist, confirm as the lawyer, and start a drill
whose simulated feed shows its first inject. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, idle, pytestmark, shot, start_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
JOURNEY_ACTIONS = 7  # open the page, pick the playbook, fill title, summary, next update, product, press Create


@pytest.fixture
def prepared_server(tmp_path):
    """A server whose database already holds Linh's crisis plan and the product-harm
    holding template pre-approved by a lawyer and a PR lead (done in advance)."""
    from assistant.services import prepare as svc
    from assistant.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'browser.db'}")
    svc.import_plan(store, (ROOT / "playbooks" / "plans" / "example.vi.yaml").read_text(encoding="utf-8"),
                    "plan.yaml", actor="Hà")
    svc.approve_template(store, "product_harm", "vi", "lawyer", "Luật sư Minh")
    svc.approve_template(store, "product_harm", "vi", "pr", "Hà")
    store.close()
    yield from start_server(tmp_path)


def test_new_incident_from_a_playbook_to_a_statement_ready_for_confirmation(prepared_server, artifacts_dir):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        try:
            actions = 0
            started = time.monotonic()
            page.goto(f"{prepared_server}/plans")
            actions += 1
            expect(page.get_by_role("heading", name="Kế hoạch khủng hoảng & kịch bản")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("kế thừa 2 mục không được nói và 1 tên được bảo vệ")).to_be_visible()  # Linh's plan
            page.locator(".st-key-pl_playbook input[role='combobox']").click()
            page.get_by_role("option", name="Sản phẩm gây hại cho người dùng").click()
            actions += 1
            idle(page)
            for key, value in [("pl_title", "Phản ánh ngộ độc sau khi dùng FreshBox"),
                               ("pl_summary", "Một số người mua bộ FreshBox báo bị đau bụng sau khi ăn."),
                               ("pl_next", "20:00 hôm nay"),
                               ("pl_slot_product_harm_product", "bộ sản phẩm FreshBox")]:
                page.locator(f".st-key-{key} input, .st-key-{key} textarea").first.fill(value)
                actions += 1
            shot(page, artifacts_dir, "prepare-1-form")
            page.get_by_role("button", name="Tạo sự cố và soạn thông báo giữ chỗ").click()
            actions += 1
            product = page.locator('mark[data-slot="product"]')
            expect(product).to_have_text("bộ sản phẩm FreshBox", timeout=30_000)  # a loaded machine is slow
            expect(page.locator(".st-key-pl_confirm button")).to_be_visible()
            seconds = time.monotonic() - started
            print(f"\nnew incident -> holding statement ready for confirmation: {actions} actions, {seconds:.1f} s")
            assert actions == JOURNEY_ACTIONS
            for slot in ("speaker", "contact", "next_update", "channel"):  # filled from the plan and the form
                expect(page.locator(f'mark[data-slot="{slot}"]')).to_have_count(1)
            expect(page.get_by_text("Đã tạo sự cố #1")).to_be_visible()
            shot(page, artifacts_dir, "prepare-2-ready-for-confirmation", focus=product)

            # the checklist is tickable; the lawyer confirms the filled slots in one step
            page.locator(".st-key-pl_tick_1_pause_promotion label").click()
            expect(page.locator(".st-key-pl_tick_1_pause_promotion input")).to_be_checked()
            idle(page)
            reviewer = page.locator(".st-key-pl_reviewer input")
            reviewer.fill("Luật sư Minh")
            reviewer.press("Enter")
            idle(page)
            page.locator(".st-key-pl_confirm button").click()
            expect(page.get_by_text("Đã xác nhận (Luật sư). Trạng thái: Đã duyệt.")).to_be_visible(timeout=30_000)
            shot(page, artifacts_dir, "prepare-3-confirmed")

            # a drill: the simulated feed shows the first inject, the drill banner is everywhere
            page.get_by_role("link", name="Diễn tập").click()
            page.locator(".st-key-dl_start button").click()
            expect(page.get_by_text("DIỄN TẬP / DRILL — sự cố này là buổi diễn tập").first).to_be_visible(timeout=30_000)
            shot(page, artifacts_dir, "prepare-4-drill-feed")
            expect(page.locator(".st-key-dl_item_fake_giveaway")).to_be_visible()
        finally:
            browser.close()
