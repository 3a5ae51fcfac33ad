"""Fan Q&A page: import comments, see the groups fans ask most, draft one grounded reply per
group with a progress bar, review and edit, download the CSV. The logic is in
``assistant.replies``; comments are shown as plain text (never Markdown or HTML)."""

from __future__ import annotations

import dataclasses
import hashlib

import streamlit as st

from assistant.ui.uploads import file_uploader
from assistant.errors import CrisisDeskError
from assistant.ui import context
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t
from assistant.ui.labels import category_label
from assistant.ui.picker import backend_label

SHOWN_GROUPS = 30


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _default_statement(db, incident_id: int, lang: str) -> tuple[str, str | None]:
    """The statement to start from and where it comes from (a note for the user): the one
    saved on this page, else the last published statement, else the latest approved version."""
    from assistant.replies.storage import load_statement

    saved = load_statement(db, incident_id)
    if saved is not None:
        return saved, None
    published = db.timeline(incident_id)
    if published:
        p = published[-1]
        return p.text, t("replies.statement_from_published", lang, id=p.draft_id, version=p.number)
    approved = [d for d in db.list_drafts(incident_id) if d.status == "approved" and d.latest_version]
    if approved:
        d = approved[-1]
        return db.get_version(d.id, d.latest_version).text, t("replies.statement_from_approved", lang, id=d.id,
                                                              version=d.latest_version)
    return "", None


def _save_statement(db, incident_id: int) -> None:
    from assistant.replies.storage import save_statement

    save_statement(db, incident_id, st.session_state.get("rp_statement", ""))
    st.session_state.pop("rp_statement_note", None)  # the text is the user's now


def _import(db, incident_id: int, data: str | bytes, source: str, text_column: str | None, lang: str) -> None:
    from assistant.replies.errors import TextColumnUnclear
    from assistant.replies.importing import read_comments
    from assistant.replies.storage import save_comments

    st.session_state.pop("rp_ask", None)
    try:
        result = read_comments(data, source, text_column=text_column)
    except TextColumnUnclear as exc:
        st.session_state["rp_ask"] = {"data": data, "source": source, "candidates": exc.candidates, "reason": exc.reason}
        return
    except CrisisDeskError as exc:
        st.session_state["rp_message"] = ("error", md_escape(exc.message))
        return
    save_comments(db, incident_id, list(result.comments), source)
    problems = [p.describe() for p in result.problems]
    shown_source = t("replies.source_paste", lang) if source == "paste" else md_escape(source)
    st.session_state["rp_message"] = ("success", t("replies.imported", lang, count=len(result.comments), source=shown_source))
    st.session_state["rp_problems"] = problems


def _import_section(db, incident_id: int, lang: str) -> None:
    st.subheader(t("replies.import_header", lang))
    paste, upload = st.tabs([t("replies.paste_tab", lang), t("replies.upload_tab", lang)])
    with paste:
        st.text_area(t("replies.paste_label", lang), key="rp_paste", height=150)
        if st.button(t("replies.import_button", lang), key="rp_import_paste"):
            _import(db, incident_id, st.session_state.get("rp_paste", ""), "paste", None, lang)
    with upload:
        file = file_uploader(t("replies.upload_label", lang), ["csv", "tsv", "txt"], "rp_upload", lang)
        if file is not None and st.button(t("replies.import_button", lang), key="rp_import_file"):
            _import(db, incident_id, file.getvalue(), file.name, None, lang)
    ask = st.session_state.get("rp_ask")
    if ask:
        st.warning(t("replies.choose_column", lang, reason=md_escape(ask["reason"])))
        column = st.selectbox(t("replies.col.sample", lang), ask["candidates"], key="rp_column")
        if st.button(t("replies.use_column", lang), key="rp_use_column"):
            _import(db, incident_id, ask["data"], ask["source"], column, lang)
            st.rerun()
    kind, message = st.session_state.pop("rp_message", (None, None))
    if kind:
        getattr(st, kind)(message)
    problems = st.session_state.get("rp_problems") or []
    if problems:
        with st.expander(t("replies.problems", lang, count=len(problems))):
            st.text("\n".join(problems))


def _prepared(comments, brief, statement: str, cache):
    """Triage and grouping, computed once per set of comments and statement; the stored
    replies are read fresh on every run (one query)."""
    from assistant.replies.batch import prepare, stored_replies

    fingerprint = _key(statement + "\x00" + brief.model_dump_json() + "\x00".join(c.id + "\x01" + c.text for c in comments))
    held = st.session_state.get("rp_prepared")
    if not held or held[0] != fingerprint:
        held = (fingerprint, prepare(comments, brief, statement))
        st.session_state["rp_prepared"] = held
    base = held[1]
    stored = stored_replies(cache, base.statement_sha256, [g.key for g in base.groups])
    return dataclasses.replace(base, replies={g.key: stored[g.key] for g in base.groups if g.key in stored})


def _groups_table(result, lang: str) -> None:
    st.subheader(t("replies.groups_header", lang))
    s = result.summary()
    st.caption(t("replies.summary", lang, comments=s.comments, groups=s.groups, done=len(result.replies), review=s.needs_review))
    rows = []
    for g in result.groups:
        reply = result.replies.get(g.key)
        status = ("pending" if reply is None else "review" if reply.needs_review
                  else "done" if reply.action in ("reply", "pr") else "no_reply")
        rows.append({
            t("replies.col.size", lang): g.size,
            t("replies.col.class", lang): t(f"replies.class.{reply.category if reply else g.category}", lang),
            t("replies.col.language", lang): t(f"language.{g.language}", lang),
            t("replies.col.action", lang): t(f"replies.action.{reply.action if reply else g.action}", lang),
            t("replies.col.status", lang): t(f"replies.status.{status}", lang),
            t("replies.col.sample", lang): g.sample,  # a dataframe shows text as text
        })
    st.dataframe(rows, hide_index=True)


def _run_section(db, record, comments, statement: str, lang: str) -> bool:
    """The run button; ``True`` when a batch ran (the page then redraws the groups table)."""
    from assistant.services.replies import answer_comments
    from assistant.replies.storage import StoreReplyCache

    st.subheader(t("replies.run_header", lang))
    settings = context.backend_settings()
    st.caption(t("replies.backend_note", lang, backend=backend_label(settings.resolved_backend(), lang)))
    concurrency = st.columns([1, 3])[0].number_input(t("replies.concurrency", lang), min_value=1, max_value=16, value=4,
                                                     key="rp_concurrency")
    if not st.button(t("replies.run_button", lang), key="rp_run", type="primary"):
        return False
    # Any click reruns the page, which stops this run; finished groups are already stored.
    stop = st.empty()
    stop.button(t("replies.stop", lang), key="rp_stop")
    bar = st.progress(0.0, text=t("replies.progress", lang, done=0, total="…"))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=t("replies.progress", lang, done=done, total=total))

    with context.shown_errors():
        result = answer_comments(comments, record.brief, statement, settings=settings, concurrency=int(concurrency),
                                 cache=StoreReplyCache(db, record.id, actor=context.author()), progress=progress)
        s = result.summary()
        stop.empty()
        st.success(t("replies.run_done", lang, done=len(result.replies), groups=s.groups, review=s.needs_review,
                     calls=s.model_calls, reused=s.reused, fallbacks=s.fallbacks))
        for notice in result.notices:  # the same warning as a draft's: why the model was not used
            st.warning(md_escape(notice.text(lang)))
    return True


def _save_reply(db, record, reply, widget: str, lang: str) -> None:
    from assistant.services.replies import revise_reply
    from assistant.replies.storage import StoreReplyCache

    try:
        edited = revise_reply(reply, st.session_state.get(widget, ""), record.brief)
        StoreReplyCache(db, record.id, actor=context.author()).put(edited)
        st.session_state["rp_saved"] = reply.group_key
    except CrisisDeskError as exc:
        st.session_state["rp_message"] = ("error", md_escape(exc.message))


def _exported(db, incident_id: int, data: bytes, replies: int) -> None:
    from assistant.replies.storage import StoreReplyCache

    StoreReplyCache(db, incident_id, actor=context.author()).record_export(data, replies)


def _warning_text(code: str, lang: str) -> str:
    name, _, detail = code.partition(": ")
    key = f"replies.warn.{name}"
    from assistant.ui.i18n import has

    return t(key, lang, detail=detail) if has(key) else code


def _review_section(db, record, result, lang: str) -> None:
    st.subheader(t("replies.review_header", lang))
    only_review = st.checkbox(t("replies.only_review", lang), key="rp_only_review")
    texts = {c.comment.id: c.comment.text for c in result.triaged}
    groups = [(n, g) for n, g in enumerate(result.groups, start=1)
              if not only_review or (g.key in result.replies and result.replies[g.key].needs_review)]
    for rank, g in groups[:SHOWN_GROUPS]:
        reply = result.replies.get(g.key)
        category = reply.category if reply else g.category
        action = reply.action if reply else g.action
        with st.container(border=True, key=f"rp_group_{rank}"):
            title = "replies.group_title" if g.size > 1 else "replies.group_title_one"
            st.markdown("**" + md_escape(t(title, lang, rank=rank, size=g.size,
                                              category=t(f"replies.class.{category}", lang),
                                              action=t(f"replies.action.{action}", lang))) + "**")
            st.caption(t("replies.comment_sample", lang))
            st.text(g.sample)
            if g.size > 1:
                with st.expander(t("replies.all_comments", lang, count=g.size)):
                    st.text("\n".join(texts.get(i, "") for i in g.comment_ids))
            if reply is None:
                st.caption(t("replies.pending", lang))
                continue
            if reply.reason:  # why this group is not an ordinary reply: said, never silent
                (st.warning if action in ("lawyer", "pr") else st.info)(t(f"replies.reason.{reply.reason}", lang))
            if action not in ("reply", "pr"):
                continue
            if reply.fallback and reply.warnings:
                st.caption(md_escape(t("replies.fallback", lang, reason=_warning_text(reply.warnings[0], lang))))
            widget = f"rp_reply_{_key(g.key + reply.statement_sha256)}"
            st.text_area(t("replies.reply_label", lang), value=reply.text, key=widget, height=110)
            if reply.findings:
                listed = "; ".join(f"{category_label(f.category, lang)[0]}: {f.text}" for f in reply.findings)
                st.warning(md_escape(t("replies.findings", lang, findings=listed)))
            st.button(t("replies.save_reply", lang), key=f"save_{widget}", on_click=_save_reply, args=(db, record, reply, widget, lang))
            if st.session_state.get("rp_saved") == g.key:
                st.success(t("replies.saved", lang))
    if len(groups) > SHOWN_GROUPS:
        st.caption(t("replies.more_groups", lang, count=len(groups) - SHOWN_GROUPS))


def render() -> None:
    lang = context.lang()
    st.header(t("replies.header", lang))
    st.caption(t("replies.intro", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    with context.shown_errors():
        from assistant.replies.export import to_csv_bytes
        from assistant.replies.storage import StoreReplyCache, load_comments

        if "rp_statement" not in st.session_state or st.session_state.get("rp_incident") != record.id:
            st.session_state["rp_statement"], st.session_state["rp_statement_note"] = _default_statement(db, record.id, lang)
            st.session_state["rp_incident"] = record.id
            st.session_state.pop("rp_prepared", None)
        st.text_area(t("replies.statement", lang), key="rp_statement", height=160,
                     on_change=_save_statement, args=(db, record.id))
        if st.session_state.get("rp_statement_note"):
            st.caption(st.session_state["rp_statement_note"])
        _import_section(db, record.id, lang)
        loaded = load_comments(db, record.id)
        statement = st.session_state.get("rp_statement", "")
        if not loaded or not loaded[1]:
            return
        if not statement.strip():
            st.info(t("replies.statement_missing", lang))
            return
        comments = loaded[1]
        cache = StoreReplyCache(db, record.id, actor=context.author())
        result = _prepared(comments, record.brief, statement, cache)
        table = st.empty()
        with table.container():
            _groups_table(result, lang)
        if _run_section(db, record, comments, statement, lang):
            result = _prepared(comments, record.brief, statement, cache)
            with table.container():  # the table drawn before the run is stale now
                _groups_table(result, lang)
        _review_section(db, record, result, lang)
        data = to_csv_bytes(result, lang=lang)
        st.download_button(t("replies.download", lang), data=data,
                           file_name="crisis-desk-replies.csv", mime="text/csv", key="rp_download",
                           icon=":material/download:", type="primary", on_click=_exported,
                           args=(db, record.id, data, len(result.replies)))
