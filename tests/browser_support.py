"""What every real-browser test shares: a real `streamlit run app.py` server on a free
loopback port (offline back end, temporary database) and Debian's Chromium driven by
Playwright. A browser test module imports the `server` fixture and the helpers from here:

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, pytestmark, server, idle, shot  # noqa: F401
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

try:  # Playwright's assertions wait 5 s by default: a busy 2-core machine needs longer for a rerun
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=30_000)
except ImportError:  # pragma: no cover - the browser tests skip without Playwright
    pass
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]



def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    yield from start_server(tmp_path)


def start_server(tmp_path, extra_env: dict[str, str] | None = None, port: int | None = None,
                 extra_args: tuple[str, ...] = ()):
    """Start the app; yields its base URL and stops it afterwards (``extra_env`` adds settings,
    ``extra_args`` Streamlit options)."""
    port = port or _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CRISIS_DESK_"))}
    env.update(CRISIS_DESK_DB=f"sqlite:///{tmp_path / 'browser.db'}", CRISIS_DESK_BACKEND="offline", PYTHONUNBUFFERED="1")
    env.update(extra_env or {})
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *extra_args],
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


def idle(page) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def shot(page, artifacts: Path, name: str, focus=None) -> None:
    """Screenshot of the viewport (Streamlit scrolls an inner container, so a full-page
    shot adds nothing), with ``focus`` scrolled into view."""
    idle(page)
    if focus is not None:
        focus.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"browser-{name}.png"))



pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (`make test` installs Debian's chromium)"),
]
