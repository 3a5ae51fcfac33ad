"""Team mode in a real browser (Chromium, a real `streamlit run app.py` in team mode):
a visitor without an account sees no incident data; the owner invites an outside lawyer on
the admin page; the drafter cannot approve her own version; the lawyer signs in, sees only
review and export, and approves. Screenshots go to tests/artifacts/browser-team-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, idle, pytestmark, shot, start_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long pass phrase 42"
TEXT = "Chúng tôi đã nhận được phản ánh về lô SR-12. Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."


@pytest.fixture
def team_server(tmp_path):
    from assistant.brief import load_brief
    from assistant.services.identity import invite
    from assistant.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'browser.db'}")
    invite(store, "owner@brand.vn", "owner", None, actor="cli", password=PASSWORD)
    incident = store.create_incident(load_brief(ROOT / "examples" / "brief.vi.yaml"), author="owner@brand.vn")
    for role in ("drafter", "lawyer"):  # she even holds the lawyer role: still never for her own text
        invite(store, "linh@brand.vn", role, incident.id, actor="owner@brand.vn", password=PASSWORD)
    draft = store.create_draft(incident.id, "holding", "facebook", "vi", author="linh@brand.vn")
    store.add_version(draft.id, TEXT, author="linh@brand.vn")
    store.submit_for_review(draft.id, 1, actor="linh@brand.vn")
    store.close()
    for base in start_server(tmp_path, {"CRISIS_DESK_MODE": "team"}):
        yield base, incident, store


def _sign_in(page, base: str, email: str, incident_id: int) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/?incident={incident_id}")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.locator(".st-key-auth_email input").fill(email)
    page.locator(".st-key-auth_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text(f"Đăng nhập: {email}")).to_be_visible()


def test_team_journey(team_server, artifacts_dir):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded shared machine: the first script run can take seconds

    base, incident, store = team_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # 1. a visitor without an account: the sign-in form, no incident data
            visitor = browser.new_page(viewport={"width": 1400, "height": 1000})
            visitor.set_default_timeout(30_000)
            visitor.goto(f"{base}/review?incident={incident.id}")
            expect(visitor.get_by_role("heading", name="Đăng nhập")).to_be_visible()
            idle(visitor)
            body = visitor.locator("body").inner_text()
            assert incident.title not in body and "hoàn tiền" not in body and "Duyệt" not in body
            shot(visitor, artifacts_dir, "team-1-visitor")

            # 2. the owner invites an outside lawyer to this incident
            owner = browser.new_page(viewport={"width": 1400, "height": 1000})
            owner.set_default_timeout(30_000)
            _sign_in(owner, base, "owner@brand.vn", incident.id)
            owner.get_by_role("link", name="Người dùng và vai trò").click()
            owner.locator(".st-key-ad_email input").fill("lan@firm.vn")
            owner.locator(".st-key-ad_email input").press("Enter")
            idle(owner)
            owner.locator(".st-key-ad_password input").fill(PASSWORD)
            owner.locator(".st-key-ad_password input").press("Enter")
            idle(owner)
            owner.locator(".st-key-ad_invite button").click()
            expect(owner.get_by_text("Đã cấp cho lan@firm.vn vai trò luật sư (chỉ duyệt).")).to_be_visible()
            shot(owner, artifacts_dir, "team-2-owner-invites")

            # 3. the drafter cannot approve her own version
            drafter = browser.new_page(viewport={"width": 1400, "height": 1000})
            drafter.set_default_timeout(30_000)
            _sign_in(drafter, base, "linh@brand.vn", incident.id)
            drafter.get_by_role("link", name="Duyệt").click()
            drafter.locator(".st-key-rv_submit button").click()
            refusal = drafter.get_by_text("người viết không bao giờ được tự duyệt", exact=False)
            expect(refusal).to_be_visible()
            shot(drafter, artifacts_dir, "team-3-drafter-refused", focus=refusal)

            # 4. the lawyer signs in: review and export only; she approves
            lawyer = browser.new_page(viewport={"width": 1400, "height": 1000})
            lawyer.set_default_timeout(30_000)
            _sign_in(lawyer, base, "lan@firm.vn", incident.id)
            nav = lawyer.locator("[data-testid='stSidebarNav']").inner_text()
            assert "Duyệt" in nav and "Xuất file" in nav
            for hidden in ("Hồ sơ sự cố", "Soạn thông báo", "Dòng thời gian", "Trả lời người hâm mộ", "Cài đặt"):
                assert hidden not in nav
            lawyer.get_by_role("link", name="Duyệt").click()
            expect(lawyer.get_by_text("Bạn duyệt với danh tính: lan@firm.vn")).to_be_visible()
            lawyer.locator(".st-key-rv_submit button").click()
            expect(lawyer.get_by_text("Đã ghi: Phê duyệt (luật sư) cho phiên bản 1.")).to_be_visible()
            shot(lawyer, artifacts_dir, "team-4-lawyer-approves")
        finally:
            browser.close()
    from assistant.store import open_store

    reviews = open_store(store.url.replace("***", "")).list_reviews(1)
    assert [(r.reviewer, r.role, r.decision) for r in reviews] == [("lan@firm.vn", "lawyer", "approved")]
