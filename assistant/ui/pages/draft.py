"""Draft: generate a statement (streamed), edit it with the guardrail findings highlighted
inline, use safer wording in one click, check the channel limits, save versions."""

from __future__ import annotations

import streamlit as st

from assistant.catalog import CHANNELS, KINDS, LANGUAGES
from assistant.errors import ConflictError, CrisisDeskError
from assistant.ui import context, editor, translations
from assistant.ui.components import checklist, findings_list
from assistant.ui.highlight import apply_suggestion, highlight_html, md_escape, suggestion_mode, valid_findings
from assistant.ui.i18n import t
from assistant.ui.labels import finding_tooltip
from assistant.ui.picker import backend_label, pick_draft

BACKENDS = ("auto", "offline", "openai")
EDITOR_HEIGHT = 420


def _generate(db, record, lang: str) -> None:
    from assistant.services import drafts
    from assistant.services.drafting import stream_draft

    kind, channel, language = st.session_state["dr_kind"], st.session_state["dr_channel"], st.session_state["dr_lang"]
    previous = [p.text for p in db.timeline(record.id)]
    with st.status(t("draft.generating", lang), expanded=True):
        stream = stream_draft(record.brief, kind=kind, channel=channel, lang=language,
                              backend=st.session_state["dr_backend"], previous=previous,
                              settings=context.backend_settings())
        st.write_stream(md_escape(chunk) for chunk in stream)  # shown as typed, never as Markdown
        result = stream.result
    draft, version = drafts.save_draft(db, record.id, result, author=context.author(),
                                       settings=context.backend_settings())
    st.session_state.setdefault("dr_warnings", {})[draft.id] = _warnings_for(result)
    st.session_state["flash"] = t("draft.generated", lang, version=version.number, backend=backend_label(result.backend, lang))
    st.query_params["draft"] = str(draft.id)
    st.session_state["dr_pick"] = draft.id  # the picker selects the new draft (the old one must not come back)
    st.rerun()


def _warnings_for(result) -> dict:
    """What to tell the writer about this draft, ready for both UI languages: why the model
    was not used (a bilingual notice, shown under the fallback banner) and the other warnings
    (channel form, a next update that has passed), in the statement's language already."""
    reason = result.fallback_reason
    return {
        "fallback": {code: reason.text(code) for code in ("vi", "en")} if reason else None,
        "other": [w for w in result.warnings if reason is None or w != reason.en],
    }


def _controls(db, record, lang: str) -> None:
    cols = st.columns([3, 3, 2, 3])
    cols[0].selectbox(t("draft.kind", lang), KINDS, key="dr_kind", format_func=lambda v: t(f"kind.{v}", lang))
    cols[1].selectbox(t("draft.channel", lang), CHANNELS, key="dr_channel", format_func=lambda v: t(f"channel.{v}", lang))
    cols[2].selectbox(t("draft.language", lang), LANGUAGES, key="dr_lang", index=LANGUAGES.index(record.brief.language),
                      format_func=lambda v: t(f"language.{v}", lang))
    cols[3].selectbox(t("draft.backend", lang), BACKENDS, key="dr_backend", format_func=lambda v: t(f"backend.short.{v}", lang),
                      help=t("draft.backend_help", lang),
                      index=BACKENDS.index(st.session_state.get("backend_overrides", {}).get("backend") or "auto"))
    if st.button(t("draft.generate", lang), key="dr_generate", type="primary"):
        from assistant.drafting.offline import MissingTranslations

        try:
            _generate(db, record, lang)
        except MissingTranslations as exc:  # offered below as a form, in the reader's language
            translations.remember(record, exc)
    translations.offer(db, record, lang)


def _use_safer(key: str, finding) -> None:
    st.session_state[key] = apply_suggestion(st.session_state[key], finding)


FIX_LABELS = {"sentence": "draft.use_safer", "phrase": "draft.use_safer_phrase", "remove": "draft.remove_sentence"}


def _findings(report, text: str, key: str, draft, lang: str) -> None:
    st.markdown("**" + t("draft.findings", lang) + "**")

    def fix(n: int, finding) -> None:
        st.button(t(FIX_LABELS[suggestion_mode(finding)], lang), key=f"dr_fix_{n}", icon=":material/auto_fix_high:",
                  on_click=_use_safer, args=(key, finding))

    findings_list(text, report.findings, lang, draft.language, fix=fix, omitted=report.omitted)


def _channel_preview(text: str, draft, lang: str) -> None:
    from assistant.drafting.channels import to_channel_form

    form = to_channel_form(text, draft.channel, draft.language)
    if form.limit and draft.channel != "x":
        st.caption(t("draft.chars_limit", lang, count=form.char_count, limit=form.limit))
        if form.char_count > form.limit:
            st.error(t("draft.over_limit", lang, limit=form.limit))
    else:
        st.caption(t("draft.chars", lang, count=form.char_count))
    if form.duration_seconds:
        st.caption(t("draft.duration", lang, seconds=round(form.duration_seconds)))
    if draft.channel == "x":
        st.markdown("**" + t("draft.thread_preview", lang) + "**")
        for n, post in enumerate(form.posts, start=1):
            box = st.container(border=True)
            box.caption(t("draft.post", lang, n=n, count=len(post), limit=form.limit or 280))
            box.text(post)
            if form.limit and len(post) > form.limit:
                box.error(t("draft.over_limit", lang, limit=form.limit))


def _save(db, draft, text: str, lang: str) -> None:
    from assistant.services import drafts

    try:
        version = drafts.save_version(db, draft.id, text, author=context.author(), parent=editor.parent(draft.id),
                                      settings=context.backend_settings())
    except ConflictError as exc:
        latest = db.get_version(draft.id)
        editor.saved_as(db, draft, text, latest.number)  # both texts are kept; the next save builds on the latest
        st.error(t("draft.conflict", lang, kept=getattr(exc, "kept_version", "?"), latest=latest.number))
        with st.expander(t("draft.latest_text", lang)):
            st.text(latest.text)
        return
    editor.saved_as(db, draft, text, version.number)
    st.success(t("draft.saved", lang, version=version.number))


def _save_and_submit(db, draft, text: str, lang: str) -> None:
    from assistant.services import drafts

    left, right = st.columns(2)
    if left.button(t("draft.save", lang), key="dr_save", type="primary"):
        latest = db.get_version(draft.id)
        if text == latest.text and editor.parent(draft.id) == latest.number:
            st.info(t("draft.unchanged", lang))
        else:
            _save(db, draft, text, lang)
    number = editor.parent(draft.id)
    unsaved = text != db.get_version(draft.id, number).text
    submitted = not unsaved and number == draft.latest_version and draft.status in ("in_review", "approved", "published")
    if unsaved:  # only a saved version can be reviewed: approval is bound to its exact text
        st.caption(t("draft.unsaved", lang))
    elif submitted:  # already with the reviewers: a change must be saved as a new version first
        st.caption(t("draft.already_submitted", lang, version=number, status=t(f"status.{draft.status}", lang)))
    if right.button(t("draft.submit", lang), key="dr_submit", disabled=unsaved or submitted):
        drafts.submit(db, draft.id, number, actor=context.author())
        st.success(t("draft.submitted", lang, version=number))


def _editor(db, record, draft, lang: str) -> None:
    from assistant.services.scanning import scan_with_review  # loaded on first use: a fast first page
    from guardrails import MAX_SCAN_CHARS

    key = editor.text_key(draft.id)
    if key not in st.session_state:
        editor.open_text(db, draft)
    editor.guard(db, draft)
    box = st.container()  # one slot whatever it holds: a changing count of notes must not move the editor
    if editor.was_restored(draft.id):
        box.info(t("draft.restored", lang))
    notes = st.session_state.get("dr_warnings", {}).get(draft.id) or {}
    if notes.get("fallback"):
        box.warning(t("draft.fallback_banner", lang) + "\n\n- " + md_escape(notes["fallback"][lang]))
    for warning in notes.get("other", []):
        box.warning(md_escape(warning))
    st.caption(t("draft.based_on", lang, version=editor.parent(draft.id)))
    editor_col, preview_col = st.columns(2)
    text = editor_col.text_area(t("draft.editor", lang), key=key, height=EDITOR_HEIGHT)
    editor.autosave(db, draft, text)
    if len(text) > MAX_SCAN_CHARS:  # the statement length limit: refused with the limit, the text kept
        editor_col.error(t("draft.too_long", lang, count=len(text), limit=MAX_SCAN_CHARS))
        return
    # cached by hash (and the model review by sentence): a rerun does not rescan
    report, notices = scan_with_review(text, record.brief, draft.language, draft.kind, context.backend_settings())
    for notice in notices:  # the model review fell back: the offline checks are shown
        st.warning(md_escape(notice.text(lang)))
    roles = ", ".join(t(f"route.{r}", lang) for r in report.needs_review)
    count = len(valid_findings(text, report.findings))
    with preview_col:
        (st.warning if roles else st.info)(t("draft.needs_review", lang, roles=roles, count=count) if roles
                                           else t("draft.no_review_needed", lang, count=count))
        with st.container(height=EDITOR_HEIGHT - 40):  # beside the editor, so its buttons stay in view
            st.html(highlight_html(text, report.findings, label_for=lambda f: finding_tooltip(f, lang, draft.language)))
        st.caption(t("draft.legend", lang))
        _channel_preview(text, draft, lang)
    with editor_col:
        _save_and_submit(db, draft, text, lang)
    findings_col, checklist_col = st.columns([3, 2])
    with findings_col:
        _findings(report, text, key, draft, lang)
    with checklist_col:
        checklist(report, lang)


def render() -> None:
    lang = context.lang()
    st.header(t("draft.header", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    flash = st.container()  # always there, so the editor below keeps its place (typed text is not reset)
    if "flash" in st.session_state:
        flash.success(st.session_state.pop("flash"))
    with context.shown_errors():
        _controls(db, record, lang)
        draft = pick_draft(db, record.id, lang, key="dr_pick")
        if draft is not None:
            _editor(db, record, draft, lang)
