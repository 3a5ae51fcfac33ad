"""Incidents: list, open, create from a blank form or by importing a YAML brief."""

from __future__ import annotations

import streamlit as st

from assistant.ui.clock import format_local, incident_timezone
from assistant.brief import MAX_BRIEF_BYTES
from assistant.ui.uploads import file_uploader
from assistant.brief import parse_brief, validate_brief
from assistant.catalog import FAULTS, LANGUAGES
from assistant.errors import BriefError, CrisisDeskError
from assistant.ui import context, identity
from assistant.ui.brief_form import blank_form, data_from_form, describe_problem
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t

IMPORT_TEXT = "import_text"
IMPORT_PROBLEMS = "import_problems"


def _import_brief(db, lang: str) -> None:
    """Button callback: parse the uploaded file or the pasted text; on failure keep the
    text in the text area (an uploaded file's text is copied there) and list the problems."""
    upload = st.session_state.get("import_file")
    if upload is not None:
        source = upload.name
        try:
            text = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.session_state[IMPORT_PROBLEMS] = (source, [t("problem.encoding", lang)])
            return
    else:
        source, text = "brief.yaml", st.session_state.get(IMPORT_TEXT, "")
    try:
        brief = parse_brief(text, source=source, fmt="json" if source.lower().endswith(".json") else "yaml")
        from assistant.services.prepare import create_incident  # lazy: the first page opens fast

        record = create_incident(db, brief, actor=context.author()).incident  # inherits the speaker's plan
    except BriefError as exc:
        st.session_state[IMPORT_TEXT] = text
        st.session_state[IMPORT_PROBLEMS] = (source, [describe_problem(p, lang) for p in exc.problems] or [context.error_text(exc, lang)])
        return
    except CrisisDeskError as exc:
        st.session_state[IMPORT_PROBLEMS] = (source, [context.error_text(exc, lang)])
        return
    st.session_state.pop(IMPORT_PROBLEMS, None)
    st.session_state[IMPORT_TEXT] = ""
    st.session_state["flash"] = t("incidents.created", lang, id=record.id, title=md_escape(record.title))
    context.open_incident(record.id)


def _incident_list(db, lang: str) -> None:
    drills = st.toggle(t("drills.show", lang), key="incidents_show_drills")
    listed = db.list_incidents() + (db.list_incidents(drills=True) if drills else [])
    incidents = identity.visible_incidents(db, listed)  # only those the person has a role on
    if not incidents:
        st.info(t("incidents.none", lang))
        return
    current = context.incident_id()
    widths = [0.6, 5, 3, 2, 1.4]
    for col, key in zip(st.columns(widths), ("incidents.col.id", "incidents.col.title", "incidents.col.speaker",
                                             "incidents.col.updated")):
        col.caption(t(key, lang))
    for rec in incidents:
        cols = st.columns(widths)
        cols[0].text(f"#{rec.id}")
        cols[1].text(("▶ " if rec.id == current else "") + (f"[{t('drills.mark', lang)}] " if rec.is_drill else "")
                     + rec.title)
        cols[2].text(rec.brief.speaker.name)
        cols[3].text(format_local(rec.updated_at, incident_timezone(rec.brief), lang))
        if cols[4].button(t("incidents.open", lang), key=f"open_incident_{rec.id}"):
            context.open_incident(rec.id)
            st.rerun()


def _create_blank(db, lang: str) -> None:
    st.caption(t("incidents.blank_hint", lang))
    slots = {}  # an empty slot under each field: its error goes there, next to the field
    gen = st.session_state.get("new_gen", 0)  # a new generation after each creation: the form starts blank

    def key(name: str) -> str:
        return f"new{gen}_{name}" if gen else f"new_{name}"

    with st.form(f"new_incident_{gen}"):
        form = blank_form(lang)
        form["language"] = st.selectbox(t("brief.field.language", lang), LANGUAGES, key=key("language"),
                                        index=LANGUAGES.index(lang), format_func=lambda v: t(f"language.{v}", lang))
        slots["language"] = st.container()
        form["speaker.name"] = st.text_input(t("brief.field.speaker.name", lang), key=key("speaker_name"))
        slots["speaker.name"] = st.container()
        form["incident.title"] = st.text_input(t("brief.field.incident.title", lang), key=key("title"))
        slots["incident.title"] = st.container()
        form["incident.summary"] = st.text_area(t("brief.field.incident.summary", lang), key=key("summary"))
        slots["incident.summary"] = st.container()
        form["fault"] = st.selectbox(t("brief.field.fault", lang), FAULTS, index=FAULTS.index("unknown"), key=key("fault"),
                                     format_func=lambda v: t(f"fault.{v}", lang))
        slots["fault"] = st.container()
        submitted = st.form_submit_button(t("incidents.create_button", lang))
    if submitted:
        try:
            from assistant.services.prepare import create_incident  # lazy: the first page opens fast

            brief = validate_brief(data_from_form(form), source="form")
            record = create_incident(db, brief, actor=context.author()).incident  # inherits the speaker's plan
        except BriefError as exc:
            for p in exc.problems:
                if p.field in slots:
                    slots[p.field].error(describe_problem(p, lang))
                else:
                    st.error(f"{md_escape(p.field)}: {describe_problem(p, lang)}")
            return
        st.session_state["flash"] = t("incidents.created", lang, id=record.id, title=md_escape(record.title))
        st.session_state["new_gen"] = gen + 1  # the blank form resets (no duplicate by a second click)
        context.open_incident(record.id)
        st.rerun()


_LABELLED = {"language", "speaker.name", "incident.title", "incident.summary", "fault"}


def _create_import(db, lang: str) -> None:
    file_uploader(t("incidents.upload", lang), ["yaml", "yml", "json"], "import_file", lang, limit_mb=MAX_BRIEF_BYTES / 1e6)
    st.text_area(t("incidents.paste", lang), key=IMPORT_TEXT, height=240)
    st.button(t("incidents.import_button", lang), key="import_button", on_click=_import_brief, args=(db, lang))
    failed = st.session_state.get(IMPORT_PROBLEMS)
    if failed:
        source, messages = failed
        st.error(t("incidents.import_failed", lang, source=source) + "\n\n" + "\n".join(f"- {m}" for m in messages))


def render() -> None:
    lang = context.lang()
    st.header(t("incidents.header", lang))
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    db = context.store()
    if db is None:
        return
    with context.shown_errors():
        _incident_list(db, lang)
    if not identity.is_admin(db):  # in team mode only an owner of every incident opens new ones
        return
    st.subheader(t("incidents.create_header", lang))
    blank, imported = st.tabs([t("incidents.create_blank", lang), t("incidents.create_import", lang)])
    with blank, context.shown_errors():
        _create_blank(db, lang)
    with imported, context.shown_errors():
        _create_import(db, lang)
