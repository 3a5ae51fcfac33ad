"""The draft editor's state: which text is in the editor, the version it builds on, and its
autosave — per draft and per browser tab, so nothing typed is lost and no tab sees or
overwrites another tab's unsaved text.

The text area commits only on blur or Ctrl+Enter; the browser guard
(:mod:`assistant.ui.browser_memory`) reports what is typed before that, and after a
refresh offers back what this tab held. Both land here, before the text area is drawn
(Streamlit allows setting a widget's value only then).
"""

from __future__ import annotations

import uuid

import streamlit as st

from assistant.ui.browser_memory import editor_guard

TAB_KEY = "dr_tab"          # the browser tab's id once the guard has reported it
SESSION_TAB_KEY = "dr_session_tab"  # without a browser (AppTest): one id per session
OPENED_KEY = "dr_opened"    # draft id -> the text the editor opened with (to tell "untouched")
PARENT_KEY = "dr_parent"    # draft id -> the version number the text builds on
AUTOSAVED_KEY = "dr_autosaved"  # draft id -> the text last written to the working copy
RESTORED_KEY = "dr_restored"    # draft id -> True once unsaved text was brought back
SEEN_KEY = "dr_seen_report"


def text_key(draft_id: int) -> str:
    return f"dr_text_{draft_id}"


def tab() -> str:
    return st.session_state.get(TAB_KEY) or st.session_state.setdefault(SESSION_TAB_KEY, uuid.uuid4().hex)


def working_key(draft_id: int, tab_id: str | None = None) -> str:
    return f"draft_text:{draft_id}:{tab_id or tab()}"


def parent(draft_id: int) -> int:
    return st.session_state[PARENT_KEY][draft_id]


def _saved_copy(db, draft, tab_id: str | None = None) -> dict | None:
    saved = db.load_working_copy(draft.incident_id, working_key(draft.id, tab_id))
    return saved if isinstance(saved, dict) and isinstance(saved.get("text"), str) else None


def _put(draft_id: int, text: str, parent_number: int, opened: bool) -> None:
    st.session_state[text_key(draft_id)] = text
    st.session_state.setdefault(PARENT_KEY, {})[draft_id] = parent_number
    st.session_state.setdefault(AUTOSAVED_KEY, {})[draft_id] = text
    if opened:
        st.session_state.setdefault(OPENED_KEY, {})[draft_id] = text


def open_text(db, draft) -> None:
    """First time this draft is shown in this session: this tab's autosaved text, else
    the latest version."""
    latest = db.get_version(draft.id)
    saved = _saved_copy(db, draft)
    if saved is not None:
        _put(draft.id, saved["text"], saved.get("parent") or latest.number, opened=True)
    else:
        _put(draft.id, latest.text, latest.number, opened=True)


def _untouched(draft_id: int) -> bool:
    return st.session_state.get(text_key(draft_id)) == st.session_state.get(OPENED_KEY, {}).get(draft_id)


def _take(db, draft, report: dict) -> None:
    """A report from the browser: autosave what was typed; after a page load, bring back
    what this tab held if the editor has not been touched since."""
    st.session_state[TAB_KEY] = str(report.get("tab") or "") or tab()
    if report.get("restore"):
        kept = report.get("text") if isinstance(report.get("text"), str) else None
        base = report.get("parent") if isinstance(report.get("parent"), int) else None
        if kept is None and (saved := _saved_copy(db, draft)) is not None:
            kept, base = saved["text"], saved.get("parent")
        if kept is not None and kept != st.session_state.get(text_key(draft.id)) and _untouched(draft.id):
            _put(draft.id, kept, base or parent(draft.id), opened=True)
            autosave(db, draft, kept, force=True)
            st.session_state.setdefault(RESTORED_KEY, {})[draft.id] = True
        return
    if isinstance(report.get("text"), str):
        autosave(db, draft, report["text"])


def guard(db, draft) -> None:
    """Mount the browser guard for this draft's editor and apply its latest report."""
    number = parent(draft.id)
    report = editor_guard(text_key(draft.id), draft.id, number, db.get_version(draft.id, number).text,
                          key=f"dr_guard_{draft.id}")
    if not report or report.get("draft") != draft.id:
        return
    seen = st.session_state.setdefault(SEEN_KEY, {})
    if seen.get(draft.id) == report.get("seq"):
        return
    seen[draft.id] = report.get("seq")
    _take(db, draft, report)


def autosave(db, draft, text: str, force: bool = False) -> None:
    """Write the editor's text to this tab's working copy when it changed."""
    written = st.session_state.setdefault(AUTOSAVED_KEY, {})
    if force or written.get(draft.id) != text:
        db.save_working_copy(draft.incident_id, working_key(draft.id), {"text": text, "parent": parent(draft.id)})
        written[draft.id] = text


def saved_as(db, draft, text: str, number: int) -> None:
    """After a save: the editor builds on ``number``; the working copy is that text."""
    st.session_state.setdefault(PARENT_KEY, {})[draft.id] = number
    st.session_state.get(RESTORED_KEY, {}).pop(draft.id, None)
    autosave(db, draft, text, force=True)


def was_restored(draft_id: int) -> bool:
    return bool(st.session_state.get(RESTORED_KEY, {}).get(draft_id))
