"""Plans & playbooks: start an incident from a playbook (brief from the speaker's plan,
holding statement from the pre-approved template), tick the first-hour checklist, confirm
the filled slots in one step; crisis plans as YAML; playbooks and their pre-approval."""

from __future__ import annotations

import streamlit as st

from assistant.errors import CrisisDeskError, InputError
from assistant.ui import context
from assistant.ui.highlight import escape_text, md_escape
from assistant.ui.i18n import t

# The preparation modules are imported when the page is shown (`_svc()`), not when the app
# starts: the first page must open fast.


def _svc():
    from assistant.services import prepare

    return prepare


SLOT_MARK = "background:#d7ecff;border-bottom:2px solid #1565c0;padding:0 2px"
PLAN_TEXT = "pl_plan_text"


def _problems(exc: CrisisDeskError, lang: str) -> str:
    if isinstance(exc, InputError) and exc.problems:
        return "\n".join(f"- {md_escape(p.describe())}" for p in exc.problems)
    return context.error_text(exc, lang)


def _flash(key: str) -> None:
    """The message a button callback left in ``st.session_state[key]``: (kind, text), in a
    container that is always there (elements after it keep their place)."""
    slot = st.container()
    kind, message = st.session_state.pop(key, (None, None))
    if kind:
        getattr(slot, kind)(message)


def _slots_html(view) -> str:
    out, at = [], 0
    for span in view.spans:
        out.append(escape_text(view.text[at:span.start]))
        out.append(f'<mark data-slot="{span.slot}" style="{SLOT_MARK}" title="{span.slot}">'
                   f"{escape_text(view.text[span.start:span.end])}</mark>")
        at = span.end
    out.append(escape_text(view.text[at:]))
    return "<div style='line-height:1.7'>" + "".join(out) + "</div>"


# ---------------------------------------------------------------------- start from a playbook

def _start(db, lang: str, plan, playbook, statement_lang: str, form: dict) -> None:
    from assistant.prepare.prefill import new_brief

    try:
        brief = new_brief(plan, playbook, statement_lang, form["title"], form["summary"], form["next_update"],
                          speaker_name=form["speaker"])
        started = _svc().create_incident(db, brief, actor=context.author(), playbook_id=playbook.id,
                                      slots={k: v for k, v in form["slots"].items() if v.strip()})
    except CrisisDeskError as exc:
        st.error(t("plans.start.failed", lang) + "\n\n" + _problems(exc, lang))
        return
    st.session_state["flash"] = t("plans.start.created", lang, id=started.incident.id, draft=started.draft.id)
    context.open_incident(started.incident.id)
    st.rerun()


def _start_tab(db, lang: str, playbooks: dict) -> None:
    plans = {p.key: p for p in _svc().list_plans(db)}
    cols = st.columns(3)
    key = cols[0].selectbox(t("plans.start.plan", lang), [""] + list(plans), key="pl_plan", index=1 if plans else 0,
                            format_func=lambda k: plans[k].speaker.name if k else t("plans.start.no_plan", lang))
    pid = cols[1].selectbox(t("plans.start.playbook", lang), list(playbooks), key="pl_playbook",
                            format_func=lambda p: playbooks[p].title.pick(lang))
    statement_lang = cols[2].selectbox(t("plans.start.language", lang), ["vi", "en"], key="pl_lang",
                                       index=["vi", "en"].index(lang), format_func=lambda v: t(f"language.{v}", lang))
    plan, playbook = plans.get(key), playbooks[pid]
    if plan:
        st.caption(t("plans.start.inherits", lang, dns=len(plan.do_not_say), names=len(plan.protected_names)))
    with st.form("pl_start_form"):
        form = {"speaker": None if plan else st.text_input(t("plans.start.speaker", lang), key="pl_speaker"),
                "title": st.text_input(t("plans.start.title", lang), key="pl_title"),
                "summary": st.text_area(t("plans.start.summary", lang), key="pl_summary", height=80),
                "next_update": st.text_input(t("plans.start.next_update", lang), key="pl_next")}
        st.caption(t("plans.start.slots", lang))
        form["slots"] = {name: st.text_input(slot.pick(lang), key=f"pl_slot_{pid}_{name}",
                                             placeholder=slot.example.pick(statement_lang) if not slot.from_brief
                                             else f"← {slot.from_brief}")
                         for name, slot in playbook.slots.items()}
        submitted = st.form_submit_button(t("plans.start.button", lang), type="primary")
    if submitted:
        _start(db, lang, plan, playbook, statement_lang, form)


def _tick(db, incident_id: int, item: str, key: str) -> None:
    with context.shown_errors():
        _svc().tick(db, incident_id, item, bool(st.session_state.get(key)), actor=context.author())


def _confirm(db, view, lang: str) -> None:
    reviewer = (st.session_state.get("pl_reviewer") or "").strip() or context.author()
    role = st.session_state.get("pl_role") or "lawyer"
    try:
        _svc().confirm_slots(db, view.draft_id, view.number, reviewer, role, view.sha256)
        status = db.get_draft(view.draft_id).status
        st.session_state["pl_msg"] = ("success", t("plans.confirm.done", lang, role=t(f"plans.role.{role}", lang),
                                                   status=t(f"status.{status}", lang)))
    except CrisisDeskError as exc:
        st.session_state["pl_msg"] = ("error", context.error_text(exc, lang))


def _current(db, lang: str) -> None:
    record = db.get_incident(context.incident_id()) if context.incident_id() is not None else None
    if record is None:
        return
    st.subheader(t("plans.current.header", lang, title=md_escape(record.title)))
    found = _svc().checklist(db, record.id)
    if found is None:
        st.caption(t("plans.current.none", lang))
        return
    playbook, steps = found
    st.caption(t("plans.current.target", lang, minutes=_svc().target_minutes(db, record.brief, playbook),
                 severity=t(f"plans.severity.{playbook.severity}", lang), playbook=playbook.title.pick(lang)))
    required = [s for s, _ in steps if s.required]
    done = sum(1 for s, ok in steps if s.required and ok)
    left, right = st.columns(2)
    with left:
        st.markdown("**" + t("plans.checklist.header", lang, done=done, total=len(required)) + "**")
        for step, ok in steps:
            key = f"pl_tick_{record.id}_{step.id}"
            label = step.pick(lang) + (f" ({t('plans.checklist.required', lang)})" if step.required else "")
            st.checkbox(label, value=ok, key=key, on_change=_tick, args=(db, record.id, step.id, key))
        with st.expander(t("plans.questions.header", lang)):
            st.markdown("\n".join(f"- {md_escape(q.pick(lang))}" for q in playbook.questions))
    with right:
        for d in _svc().holding_drafts(db, record.id)[:1]:
            view = _svc().confirm_view(db, d.id, d.latest_version)
            st.markdown("**" + t("plans.confirm.header", lang, draft=d.id, version=view.number) + "**")
            st.caption(t("plans.confirm.status", lang, status=t(f"status.{d.status}", lang)))
            if view.blockers:
                st.html(f"<div>{escape_text(view.text)}</div>")
                st.warning(t("plans.confirm.blocked", lang) + "\n\n" + "\n".join(
                    f"- {md_escape(vi if lang == 'vi' else en)}" for en, vi in view.blockers))
            else:
                st.info(t("plans.confirm.hint", lang))
                st.html(_slots_html(view))
                st.text_input(t("plans.confirm.reviewer", lang), key="pl_reviewer")
                st.radio(t("plans.confirm.role", lang), ["lawyer", "pr"], key="pl_role", horizontal=True,
                         format_func=lambda r: t(f"plans.role.{r}", lang))
                st.button(t("plans.confirm.button", lang), key="pl_confirm", type="primary",
                          on_click=_confirm, args=(db, view, lang))
    _flash("pl_msg")


# ---------------------------------------------------------------------- plans

def _save_plan(db, lang: str) -> None:
    upload = st.session_state.get("pl_plan_file")
    source, text = (upload.name, upload.getvalue().decode("utf-8-sig", errors="replace")) if upload is not None \
        else ("plan.yaml", st.session_state.get(PLAN_TEXT, ""))
    try:
        plan = _svc().import_plan(db, text, source, actor=context.author())
    except CrisisDeskError as exc:
        st.session_state[PLAN_TEXT] = text
        st.session_state["pl_plan_msg"] = ("error", t("plans.plans.failed", lang, source=md_escape(source))
                                           + "\n\n" + _problems(exc, lang))
        return
    st.session_state["pl_plan_msg"] = ("success", t("plans.plans.saved", lang, speaker=md_escape(plan.speaker.name)))


def _plans_tab(db, lang: str) -> None:
    from assistant.prepare.plan import speaker_key
    from playbooks import PLAYBOOKS_DIR

    plans = _svc().list_plans(db)
    if not plans:
        st.info(t("plans.plans.none", lang))
    for plan in plans:
        with st.expander(plan.speaker.name):
            targets = ", ".join(f"{t(f'plans.severity.{s}', lang)} {v.first_statement_minutes}"
                                for s, v in plan.targets.items())
            st.caption(md_escape(t("plans.plans.summary", lang, channels=len(plan.official_channels),
                                   dns=len(plan.do_not_say), names=len(plan.protected_names), team=len(plan.team),
                                   escalation=" → ".join(plan.escalation) or "—", targets=targets)))
            st.code(plan.to_yaml(), language="yaml")
            st.download_button(t("plans.plans.download", lang), plan.to_yaml(), key=f"pl_dl_{speaker_key(plan.speaker.name)}",
                               file_name=f"plan-{speaker_key(plan.speaker.name).replace(' ', '-')}.yaml",
                               mime="application/x-yaml", on_click="ignore")
    example = (PLAYBOOKS_DIR / "plans" / f"example.{lang}.yaml").read_text(encoding="utf-8")
    st.download_button(t("plans.plans.example", lang), example, file_name=f"plan.example.{lang}.yaml",
                       mime="application/x-yaml", key="pl_example", on_click="ignore")
    st.file_uploader(t("plans.plans.upload", lang), type=["yaml", "yml"], key="pl_plan_file")
    st.text_area(t("plans.plans.paste", lang), key=PLAN_TEXT, height=200)
    st.button(t("plans.plans.import", lang), key="pl_plan_save", on_click=_save_plan, args=(db, lang))
    _flash("pl_plan_msg")


# ---------------------------------------------------------------------- playbooks

def _approve(db, playbook_id: str, statement_lang: str, lang: str) -> None:
    reviewer = (st.session_state.get("pl_pb_reviewer") or "").strip() or context.author()
    try:
        _svc().approve_template(db, playbook_id, statement_lang, st.session_state.get("pl_pb_role") or "lawyer", reviewer)
        st.session_state["pl_pb_msg"] = ("success", t("plans.playbook.approve_done", lang))
    except CrisisDeskError as exc:
        st.session_state["pl_pb_msg"] = ("error", context.error_text(exc, lang))


def _playbooks_tab(db, lang: str, playbooks: dict) -> None:
    from guardrails.categories import describe_category

    pid = st.selectbox(t("plans.playbook.pick", lang), list(playbooks), key="pl_pb_view",
                       format_func=lambda p: f"{playbooks[p].title.pick(lang)} ({p})")
    pb = playbooks[pid]
    st.caption(md_escape(pb.summary.pick(lang)) + " · " +
               t("plans.playbook.severity", lang, severity=t(f"plans.severity.{pb.severity}", lang)))
    cols = st.columns(2)
    cols[0].markdown("**" + t("plans.checklist.header", lang, done=0, total=len(pb.required_steps())) + "**\n\n" +
                     "\n".join(f"- {md_escape(s.pick(lang))}" for s in pb.checklist))
    cols[0].markdown("**" + t("plans.questions.header", lang) + "**\n\n" +
                     "\n".join(f"- {md_escape(q.pick(lang))}" for q in pb.questions))
    cols[1].markdown("**" + t("plans.playbook.risks", lang) + "**\n\n" + "\n".join(
        f"- **{md_escape(describe_category(r.category, lang)[0])}**: {md_escape(r.pick(lang))}" for r in pb.risks))
    cols[1].markdown("**" + t("plans.playbook.stakeholders", lang) + "**\n\n" +
                     "\n".join(f"- {md_escape(s.pick(lang))}" for s in pb.stakeholders))
    st.text_input(t("plans.confirm.reviewer", lang), key="pl_pb_reviewer")
    st.radio(t("plans.confirm.role", lang), ["lawyer", "pr"], key="pl_pb_role", horizontal=True,
             format_func=lambda r: t(f"plans.role.{r}", lang))
    for statement_lang in ("vi", "en"):
        with st.container(border=True):
            st.markdown("**" + t("plans.playbook.holding", lang, language=t(f"language.{statement_lang}", lang)) + "**")
            st.text(pb.holding_template(statement_lang))
            status = _svc().template_status(db, pid, statement_lang)
            if status.approved:
                st.success(md_escape(t("plans.playbook.approved", lang, who=", ".join(
                    f"{t(f'plans.role.{a.role}', lang)} {a.reviewer}" for a in status.approvals.values()))))
            else:
                st.warning(t("plans.playbook.not_approved", lang, sha=status.sha256[:12],
                             missing=", ".join(t(f"plans.role.{m}", lang) for m in status.missing)))
            st.button(t("plans.playbook.approve", lang, language=statement_lang), key=f"pl_pb_approve_{statement_lang}",
                      on_click=_approve, args=(db, pid, statement_lang, lang))
    _flash("pl_pb_msg")


def render() -> None:
    lang = context.lang()
    st.header(t("plans.header", lang))
    flash = st.container()  # always there, so the tabs below keep their place when a message comes and goes
    if "flash" in st.session_state:
        flash.success(st.session_state.pop("flash"))
    db = context.store()
    if db is None:
        return
    with context.shown_errors():
        from assistant.prepare.playbook import load_playbooks

        playbooks = load_playbooks()
        start, plans, books = st.tabs([t("plans.tab.start", lang), t("plans.tab.plans", lang),
                                       t("plans.tab.playbooks", lang)])
        with start, context.shown_errors():
            _start_tab(db, lang, playbooks)
            _current(db, lang)
        with plans, context.shown_errors():
            _plans_tab(db, lang)
        with books, context.shown_errors():
            _playbooks_tab(db, lang, playbooks)
