"""What the browser keeps for us (Streamlit components v2: plain JavaScript files run in
the app page, no build step, nothing downloaded).

- :func:`editor_guard` watches the draft editor: it reports typed text before the text
  area commits it (debounced, on blur and on a timer), keeps a copy in the tab's
  ``sessionStorage`` to offer back after a refresh, names the browser tab, and asks before
  the page is left with text that is not saved as a version.
- :func:`remembered_name` keeps the sidebar name in ``localStorage`` across refreshes.

Under ``AppTest`` (no browser) both return nothing and the pages work as before.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent


@lru_cache(maxsize=None)
def _component(name: str):
    return st.components.v2.component(f"crisis_desk.{name}", js=(HERE / f"{name}.js").read_text(encoding="utf-8"))


def editor_guard(text_key: str, draft_id: int, parent: int, saved_text: str, key: str) -> dict | None:
    """The latest report from the browser: ``{"tab", "draft", "text", "parent", "seq", "restore"}``
    (``restore`` is the first report after a page load, with the text this tab held or
    ``None``), or ``None`` when no browser has reported."""
    result = _component("editor_guard")(
        key=key, data={"text_key": text_key, "draft": draft_id, "parent": parent, "saved_text": saved_text},
        default={"report": None}, on_report_change=lambda: None, height=0)
    report = getattr(result, "report", None)
    return report if isinstance(report, dict) else None


def remembered_name(current: str, key: str = "name_memory") -> str | None:
    """The name this browser kept from an earlier visit (offered once per page load)."""
    result = _component("name_memory")(key=key, data={"name": current}, default={"name": None},
                                       on_name_change=lambda: None, height=0)
    name = getattr(result, "name", None)
    return name.strip() if isinstance(name, str) and name.strip() else None
