"""OpenID Connect sign-in in a real browser: Streamlit's own `st.login` against a loopback
OIDC provider (oidc-provider-mock). The provider vouches for an address; only an address
with an account here gets in, with that account's roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, _free_port, idle, pytestmark, shot, start_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
pytest.importorskip("authlib")


@pytest.fixture
def oidc_server(tmp_path):
    from assistant.brief import load_brief
    from assistant.services.identity import invite
    from assistant.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'browser.db'}")
    invite(store, "owner@brand.vn", "owner", None, actor="cli")
    incident = store.create_incident(load_brief(ROOT / "examples" / "brief.vi.yaml"), author="owner@brand.vn")
    invite(store, "lan@firm.vn", "lawyer", incident.id, actor="owner@brand.vn")  # no password: SSO only
    store.close()
    with oidc_provider_mock.run_server_in_thread() as provider:
        app_port = _free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
            'cookie_secret = "a-random-cookie-secret-of-at-least-32-chars"\n'
            'client_id = "crisis-desk"\n'
            'client_secret = "test-client-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        for base in start_server(tmp_path, {"CRISIS_DESK_MODE": "team"}, port=app_port,
                                 extra_args=("--secrets.files", str(secrets))):
            yield base, incident


@pytest.mark.parametrize("email, admitted", [("lan@firm.vn", True), ("stranger@gmail.com", False)])
def test_sign_in_with_the_identity_provider(oidc_server, artifacts_dir, email, admitted):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    base, incident = oidc_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(f"{base}/?incident={incident.id}")
            page.get_by_role("button", name="Đăng nhập qua nhà cung cấp định danh (SSO)").click()
            page.locator("input[name=sub]").fill(email)  # the provider's own sign-in form
            page.get_by_role("button", name="Authorize").click()
            if admitted:
                expect(page.get_by_text(f"Đăng nhập: {email}")).to_be_visible()
                nav = page.locator("[data-testid='stSidebarNav']").inner_text()
                assert "Duyệt" in nav and "Hồ sơ sự cố" not in nav  # the lawyer's roles, from our accounts
                shot(page, artifacts_dir, "oidc-lawyer-signed-in")
            else:
                expect(page.get_by_text("chưa có tài khoản ở đây", exact=False)).to_be_visible()
                idle(page)
                assert incident.title not in page.locator("body").inner_text()
                shot(page, artifacts_dir, "oidc-stranger-refused")
        finally:
            browser.close()
