"""Brief: every field of the incident brief, lists row by row, validation next to each
field, autosave of the unfinished form, YAML download and upload."""

from __future__ import annotations

import streamlit as st

from assistant.ui.clock import format_local, incident_timezone
from assistant.brief import MAX_BRIEF_BYTES
from assistant.ui.uploads import file_uploader
from assistant.brief import parse_brief, validate_brief
from assistant.catalog import FAULTS, LANGUAGES, ROLES, SCENARIOS
from assistant.errors import BriefError, ConflictError, CrisisDeskError
from assistant.ui import context
from assistant.ui.ad_evidence import ad_evidence
from assistant.ui.brief_form import KEPT_FIELDS, LIST_FIELDS, VOCABULARY, data_from_form, describe_problem, form_from_brief, normalise_form, problems_by_field
from assistant.ui.list_rows import list_rows
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t

WORKING_COPY = "brief_form"
CHOICES = {"language": LANGUAGES, "speaker.role": ROLES, "incident.scenario": SCENARIOS, "fault": FAULTS}
LONG_TEXT = {"incident.summary", "incident.account", "speaker.about"}
SECTIONS = [
    ("brief.section.speaker", ["language", "speaker.name", "speaker.role", "speaker.handle", "speaker.voice",
                                "speaker.self_reference", "speaker.audience", "speaker.about"]),
    ("brief.section.incident", ["incident.title", "incident.scenario", "incident.summary", "incident.account",
                                "incident.occurred_at",
                                "incident.discovered_at", "fault"]),
    ("brief.section.facts", ["confirmed_facts", "under_investigation", "affected_parties"]),
    ("brief.section.actions", ["actions_taken", "actions_planned", "next_update", "official_channels", "contact"]),
    ("brief.section.legal", ["do_not_say", "protected_names"]),
]


def _load(db, record, fresh: bool = False) -> None:
    """Put the incident's form in the session: the autosaved unfinished form if any."""
    saved = None if fresh else db.load_working_copy(record.id, WORKING_COPY)
    if isinstance(saved, dict) and isinstance(saved.get("form"), dict):
        base, version = normalise_form(saved["form"]), saved.get("version", record.brief_version)
    else:
        base, version = form_from_brief(record.brief), record.brief_version
    st.session_state.update(bf_incident=record.id, bf_base=base, bf_version=version, bf_saved=base,
                            bf_gen=st.session_state.get("bf_gen", -1) + 1)


def _load_file(lang: str) -> None:
    upload = st.session_state.get("bf_upload")
    if upload is None:
        return
    try:
        brief = parse_brief(upload.getvalue().decode("utf-8-sig"), source=upload.name)
    except UnicodeDecodeError:
        st.session_state["bf_upload_problems"] = [t("problem.encoding", lang)]
        return
    except BriefError as exc:
        st.session_state["bf_upload_problems"] = [describe_problem(p, lang) for p in exc.problems] or [context.error_text(exc, lang)]
        return
    st.session_state.pop("bf_upload_problems", None)
    st.session_state.update(bf_base=form_from_brief(brief), bf_gen=st.session_state.get("bf_gen", 0) + 1,
                            flash=t("brief.upload_loaded", lang))


def _field(name: str, base: dict, gen: int, lang: str):
    key, label = f"bf{gen}:{name}", t(f"brief.field.{name}", lang)
    if name in CHOICES:
        options = list(CHOICES[name])
        return st.selectbox(label, options, index=options.index(base[name]) if base[name] in options else 0, key=key,
                            format_func=lambda v: t(f"{VOCABULARY[name]}.{v}", lang))
    if name in LONG_TEXT:
        return st.text_area(label, value=base[name], key=key)
    if name == "actions_planned":
        return list_rows(key, label, base[name], lang, parts=("action", "due"),
                         part_labels={"action": t("brief.col.action", lang), "due": t("brief.col.due", lang)})
    if name in LIST_FIELDS:
        return list_rows(key, label, base[name], lang)
    return st.text_input(label, value=base[name], key=key)


def _form(lang: str) -> tuple[dict, dict]:
    base, gen = st.session_state["bf_base"], st.session_state.get("bf_gen", 0)
    form, slots = {}, {}
    for section, names in SECTIONS:
        st.subheader(t(section, lang))
        for name in names:
            form[name] = _field(name, base, gen, lang)
            slots[name] = st.container()
    form.update({name: base[name] for name in KEPT_FIELDS if base.get(name)})  # pr_contact, translations
    return normalise_form(form), slots


def _save(db, record, brief, lang: str) -> None:
    try:
        saved = db.update_brief(record.id, brief, author=context.author(), expected_version=st.session_state["bf_version"])
    except ConflictError as exc:
        # both briefs are kept; the next save (after reading the history) replaces the current one
        st.session_state["bf_version"] = db.get_incident(record.id).brief_version
        st.error(t("brief.conflict", lang, message=context.error_text(exc, lang)))
        return
    st.session_state["bf_version"] = saved.brief_version
    db.save_working_copy(record.id, WORKING_COPY, {"form": form_from_brief(saved.brief), "version": saved.brief_version})
    st.success(t("brief.saved", lang, version=saved.brief_version))


def render() -> None:
    lang = context.lang()
    st.header(t("brief.header", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    st.caption(t("brief.intro", lang))
    ad_evidence(db, record.id, lang)
    if st.session_state.get("bf_incident") != record.id:
        _load(db, record)
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    with context.shown_errors():
        form, slots = _form(lang)
        if form != st.session_state.get("bf_saved"):  # autosave the unfinished form
            db.save_working_copy(record.id, WORKING_COPY, {"form": form, "version": st.session_state["bf_version"]})
            st.session_state["bf_saved"] = form
        try:
            brief, problems = validate_brief(data_from_form(form), source="form"), []
        except BriefError as exc:
            brief, problems = None, exc.problems
        for name, messages in problems_by_field(problems, lang).items():
            target = slots.get(name) or st
            for message in messages:
                target.error(message if name in slots else f"{md_escape(name)}: {message}")
        st.divider()
        if brief is None:
            st.warning(t("brief.invalid", lang, count=len(problems)))
        left, middle, right = st.columns(3)
        if left.button(t("brief.save", lang), key="bf_save", disabled=brief is None, type="primary"):
            if brief == record.brief:
                st.info(t("brief.unchanged", lang))
            else:
                _save(db, record, brief, lang)
        middle.download_button(t("brief.download", lang), data=(brief or record.brief).to_yaml().encode("utf-8"),
                               file_name=f"brief-{record.id}.yaml", mime="application/x-yaml", key="bf_download")
        if right.button(t("brief.reset", lang), key="bf_reset"):
            _load(db, record, fresh=True)
            st.rerun()
        file_uploader(t("brief.upload", lang), ["yaml", "yml", "json"], "bf_upload", lang, limit_mb=MAX_BRIEF_BYTES / 1e6)
        st.button(t("brief.upload_apply", lang), key="bf_upload_apply", on_click=_load_file, args=(lang,))
        for message in st.session_state.get("bf_upload_problems", []):
            st.error(message)
        with st.expander(t("brief.history", lang)):
            for version in db.brief_history(record.id):
                st.text(f"v{version.number} · {version.author} · {format_local(version.created_at, incident_timezone(record.brief), lang)}"
                        + (" · " + t("brief.conflict_copy", lang) if version.is_conflict_copy else ""))
