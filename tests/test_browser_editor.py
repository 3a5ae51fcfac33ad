"""The draft editor never loses text, in a real browser (Chromium through Playwright):

- text typed without leaving the editor (no blur, no Ctrl+Enter) survives a refresh, with a
  note saying it was restored; leaving the page with unsaved text asks first;
- the sidebar name survives a refresh;
- after Generate the picker selects the new draft, and what is typed stays in it;
- a second tab opens the saved version, not the first tab's unsaved text, and two tabs
  saving never overwrite each other (the second save is kept as a conflict copy).
"""

from __future__ import annotations

import re

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, idle, pytestmark, server, shot  # noqa: F401


def _editor(page, draft_id: int):
    return page.locator(f".st-key-dr_text_{draft_id}[data-stale='false'] textarea")


def _type_at_end(box, text: str) -> None:
    box.click()
    box.press("Control+End")
    box.press_sequentially(text, delay=15)


def test_the_editor_never_loses_text(server, artifacts_dir, tmp_path, brief_en):
    from playwright.sync_api import expect, sync_playwright

    from assistant.store import open_store

    expect.set_options(timeout=30_000)  # a loaded machine: wait for the page, never for a fixed time
    db = open_store(f"sqlite:///{tmp_path / 'browser.db'}")
    incident = db.create_incident(brief_en, author="test")
    url = f"{server}/draft?incident={incident.id}&lang=en"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(30_000)
        dialogs: list[str] = []

        def accept(dialog) -> None:
            dialogs.append(dialog.type)
            dialog.accept()

        page.on("dialog", accept)
        try:
            page.goto(url)
            page.locator(".st-key-dr_generate button").click()
            idle(page)
            first = _editor(page, 1)
            expect(first).to_be_visible()
            saved_v1 = first.input_value()

            # 1. type without leaving the editor, then refresh: the text comes back, with a note
            _type_at_end(first, " Typed but never committed.")
            page.wait_for_timeout(1500)  # the guard's debounce
            page.reload()
            assert dialogs == ["beforeunload"]  # leaving with unsaved text asked first
            idle(page)
            first = _editor(page, 1)
            expect(first).to_have_value(saved_v1 + " Typed but never committed.")
            expect(page.get_by_text("Unsaved text of this tab was restored")).to_be_visible()
            shot(page, artifacts_dir, "editor-1-restored", focus=first)

            # 2. a second refresh restores the same text (who is acting is the signed-in identity
            #    now — solo: the local owner — so there is no typed name to keep)
            page.reload()
            idle(page)
            expect(_editor(page, 1)).to_have_value(saved_v1 + " Typed but never committed.")

            # 3. generate a second draft: the picker selects it and typing stays in it
            page.locator(".st-key-dr_save button").click()
            expect(page.get_by_text("Saved as version 2.")).to_be_visible()
            page.locator(".st-key-dr_generate button").click()
            idle(page)
            second = _editor(page, 2)
            expect(second).to_be_visible()
            expect(page.get_by_role("combobox", name="Drafts of this incident")).to_have_value(re.compile(r"^#2 "))
            _type_at_end(second, " Second draft words.")
            second.press("Tab")  # blur: the text area commits, the page reruns
            idle(page)
            page.locator(".st-key-dr_text_2 textarea").click()  # back into the editor after the rerun
            idle(page)
            second = _editor(page, 2)
            expect(second).to_be_visible()
            assert second.input_value().endswith(" Second draft words.")
            expect(page.get_by_role("combobox", name="Drafts of this incident")).to_have_value(re.compile(r"^#2 "))
            expect(_editor(page, 1)).to_have_count(0)
            shot(page, artifacts_dir, "editor-2-second-draft", focus=second)
            page.locator(".st-key-dr_save button").click()
            expect(page.get_by_text("Saved as version 2.")).to_be_visible()

            # 4. two tabs: the second opens the saved version, not the first tab's unsaved text
            _type_at_end(second, " Tab one edit.")
            second.press("Tab")
            idle(page)
            other = context.new_page()
            other.set_default_timeout(30_000)
            other.on("dialog", accept)
            other.goto(f"{server}/draft?incident={incident.id}&lang=en&draft=2")
            idle(other)
            other_editor = _editor(other, 2)
            expect(other_editor).to_be_visible()
            assert not other_editor.input_value().endswith(" Tab one edit.")
            assert other_editor.input_value().endswith(" Second draft words.")
            _type_at_end(other_editor, " Tab two edit.")
            other_editor.press("Tab")
            idle(other)
            other.locator(".st-key-dr_save button").click()
            expect(other.get_by_text("Saved as version 3.")).to_be_visible()
            page.locator(".st-key-dr_save button").click()  # tab one saves on top of version 2
            expect(page.get_by_text("Nothing is lost: your text is kept as version 4")).to_be_visible()
            shot(page, artifacts_dir, "editor-3-two-tabs")
        finally:
            browser.close()
    texts = [v.text for v in db.list_versions(2)]
    assert any(t.endswith(" Tab one edit.") for t in texts) and any(t.endswith(" Tab two edit.") for t in texts)
