"""Review & recovery: the post-incident review (figures, charts, lessons, action items),
trust tracking from weekly comment batches, the recovery plan, closing and the report."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from assistant.recovery import charts
from assistant.recovery.models import PLAN_ITEM_TYPES, ActionItem, PlanItem, PlanUpdate, RecoveryPlan, ReviewSections
from assistant.recovery.report import labels
from assistant.services import recovery as service
from assistant.timeline import format_duration
from assistant.ui import context
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t

MIME = {"md": "text/markdown", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf"}


def _flash(kind: str, message: str) -> None:
    st.session_state["rc_message"] = (kind, message)


def _run(action, ok, lang: str) -> None:
    """Run ``action``; show ``ok`` (a message, or a function of the result) or the error
    in the UI language on the next run."""
    from assistant.errors import CrisisDeskError

    try:
        result = action()
        _flash("success", ok(result) if callable(ok) else ok)
    except CrisisDeskError as exc:
        _flash("error", context.error_text(exc, lang))
    except ValidationError as exc:
        _flash("error", md_escape("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))))


def _figures(data, lang: str) -> None:
    f, L = data.facts, labels(lang)
    if f.nothing_published:
        st.info(L["nothing_published"])
    kept, judged = f.promises_kept
    cols = st.columns(3)
    cols[0].metric(L["to_first"], format_duration(f.to_first_statement, lang) if f.to_first_statement else "—")
    cols[1].metric(L["to_lawyer"], format_duration(f.to_lawyer_approval, lang) if f.to_lawyer_approval else "—")
    cols[2].metric(L["promises_kept"], f"{kept}/{judged}" if judged else "—")
    st.caption(t("recovery.tz_note", lang, tz=f.tz_label))
    if f.timeline:
        st.table([{L["col_seq"]: e.sequence, L["col_at"]: f"{e.at:%Y-%m-%d %H:%M}", L["col_kind"]: t(f"kind.{e.kind}", lang),
                       L["col_channel"]: t(f"channel.{e.channel}", lang)} for e in f.timeline], hide_index=True)
    if f.promises:
        st.table([{L["col_promise"].replace("{n}", str(p.made_in)): p.promised,
                       L["col_delivered"]: f"#{p.delivered_in} {p.delivered_at:%Y-%m-%d %H:%M}" if p.delivered_at else "—",
                       L["col_status"]: L[f"promise_{p.status}"]} for p in f.promises], hide_index=True)
    st.markdown(f"**{L['planned_actions']}**")
    st.table([{L["col_action"]: a.action, L["col_due"]: f"{a.due:%Y-%m-%d}" if a.due else "—",
                   L["col_status"]: L[f"action_{a.status}"]} for a in f.actions] or [{L["col_action"]: L["no_items"]}],
                 hide_index=True)
    st.markdown(f"**{L['findings_caught']}**")
    from guardrails import describe_category

    st.table([{L["col_category"]: describe_category(c.category, lang)[0], L["col_caught"]: c.caught,
                   L["col_published"]: c.published} for c in f.findings] or [{L["col_category"]: L["no_findings"]}],
                 hide_index=True)


def _charts(data, lang: str) -> None:
    L = labels(lang)
    volume = charts.volume_rows(data.facts, L)
    if volume:
        st.markdown(f"**{L['chart_volume']}**")
        st.bar_chart(volume, x=L["col_day"], y=[L["col_answered"], L["col_escalated"], L["col_hidden"]])
    promises = charts.promise_rows(data.facts, L)
    if promises:
        st.markdown(f"**{L['chart_promises']}**")
        st.scatter_chart(promises, x="#", y=[L["legend_promised"], L["legend_actual"]], y_label=f"{L['col_since']} (h)")
    trust = charts.trust_rows(data.trust, L)
    if trust:
        st.markdown(f"**{L['chart_trust']}**")
        st.line_chart(trust, x=L["col_week"], y=[L["legend_negative"], L["legend_supportive"]], y_label="%")


def _trust(db, record, data, lang: str, closed: bool) -> None:
    L = labels(lang)
    st.subheader(L["trust"])
    if data.trust:
        st.table([{L["col_week"]: w.week.isoformat(), L["col_total"]: w.total,
                       L["col_negative"]: f"{100 * w.negative_share:.0f}%", L["col_supportive"]: f"{100 * w.supportive_share:.0f}%",
                       L["col_questions"]: "; ".join(f"{q.text} (×{q.count})" for q in w.questions)} for w in data.trust],
                     hide_index=True)
    else:
        st.caption(L["no_comments"])
    if closed:
        return
    with st.form("rc_batch", clear_on_submit=True):
        st.caption(t("recovery.batch_intro", lang))
        pasted = st.text_area(t("recovery.batch_paste", lang), key="rc_batch_text")
        upload = st.file_uploader(t("recovery.batch_file", lang), type=["csv", "txt"], key="rc_batch_file")
        week = st.date_input(t("recovery.batch_week", lang), value=dt.date.today(), key="rc_batch_week")
        submitted = st.form_submit_button(t("recovery.batch_import", lang))
    if submitted:
        data_in, source = (upload.getvalue(), upload.name) if upload is not None else (pasted, "paste")
        if upload is None and not (pasted or "").strip():
            st.error(t("recovery.batch_empty", lang))
            return
        at = dt.datetime.combine(week, dt.time(12), tzinfo=dt.timezone.utc)
        _run(lambda: service.import_comment_batch(db, record.id, data_in, source, context.author(), imported_at=at),
             lambda count: t("recovery.batch_done", lang, count=count), lang)
        st.rerun()


def _sections(db, record, lang: str, closed: bool) -> None:
    L = labels(lang)
    st.subheader(L["lessons"])
    current = service.load_sections(db, record.id)
    with st.form("rc_sections"):
        values = {key: st.text_area(L[label], value=getattr(current, key), key=f"rc_{key}", disabled=closed, height=110)
                  for key, label in (("went_well", "went_well"), ("to_improve", "to_improve"), ("lessons", "lessons_learned"))}
        saved = st.form_submit_button(t("recovery.save_sections", lang), disabled=closed)
    if saved:
        _run(lambda: service.save_sections(db, record.id, ReviewSections(**values), context.author()),
             t("recovery.sections_saved", lang), lang)
        st.rerun()


def _items(db, record, lang: str, closed: bool) -> None:
    L = labels(lang)
    st.subheader(L["action_items"])
    items = service.list_action_items(db, record.id)
    if not items:
        st.caption(L["no_items"])
    statuses = ["open", "done", "dropped"]
    for item in items:
        with st.container(border=True):
            cols = st.columns([5, 2, 2, 2])
            cols[0].markdown(md_escape(item.text))
            cols[1].caption(md_escape(item.owner or "—"))
            cols[2].caption(item.due.isoformat() if item.due else "—")
            choice = cols[3].selectbox(L["col_item_status"], statuses, index=statuses.index(item.status),
                                       format_func=lambda s: L[f"item_{s}"], key=f"rc_item_{item.id}", disabled=closed,
                                       label_visibility="collapsed")
            if item.updates is not None:
                st.caption(md_escape(t("recovery.item_updates", lang, target=t(f"recovery.target.{item.updates.target}", lang),
                                       id=item.updates.target_id, field=item.updates.field, value=item.updates.value,
                                       done=t("recovery.applied" if item.applied else "recovery.not_applied", lang))))
            if choice != item.status:
                changed = ActionItem(**{**item.model_dump(exclude={"id"}), "status": choice})
                _run(lambda: service.update_action_item(db, record.id, item.id, changed, context.author()),
                     t("recovery.item_saved", lang), lang)
                st.rerun()
    if closed:
        return
    with st.form("rc_new_item", clear_on_submit=True):
        st.markdown(f"**{t('recovery.new_item', lang)}**")
        text = st.text_input(L["col_action"], key="rc_new_text")
        cols = st.columns(2)
        owner = cols[0].text_input(L["col_owner"], key="rc_new_owner")
        due = cols[1].date_input(L["col_due"], value=None, key="rc_new_due")
        with st.expander(t("recovery.feeds_preparation", lang)):
            target = st.selectbox(t("recovery.target", lang), ["", "plan", "playbook"], key="rc_new_target",
                                  format_func=lambda v: t(f"recovery.target.{v or 'none'}", lang))
            target_id = st.text_input(t("recovery.target_id", lang), key="rc_new_target_id")
            field = st.text_input(t("recovery.target_field", lang), key="rc_new_field")
            value = st.text_input(t("recovery.target_value", lang), key="rc_new_value")
        added = st.form_submit_button(t("recovery.add_item", lang))
    if added:
        def add() -> None:
            updates = PlanUpdate(target=target, target_id=target_id, field=field, value=value) if target else None
            service.add_action_item(db, record.id, ActionItem(text=text, owner=owner, due=due, updates=updates), context.author())
        _run(add, t("recovery.item_added", lang), lang)
        st.rerun()


def _plan(db, record, lang: str, closed: bool) -> None:
    L = labels(lang)
    st.subheader(L["recovery_plan"])
    plan = service.load_plan(db, record.id)
    if plan is None:
        st.caption(L["no_plan"])
        if closed:
            return
        start = st.date_input(t("recovery.plan_start", lang), value=dt.date.today(), key="rc_plan_start")
        if st.button(t("recovery.draft_plan", lang), key="rc_draft_plan"):
            _run(lambda: service.save_plan(db, record.id, service.draft_plan(db, record.id, start), context.author()),
                 t("recovery.plan_saved", lang), lang)
            st.rerun()
        return
    columns = {"date": st.column_config.DateColumn(L["col_date"]),
               "type": st.column_config.SelectboxColumn(L["col_type"], options=list(PLAN_ITEM_TYPES), required=True,
                                                     format_func=lambda v: L.get(f"type_{v}", v)),
               "title": st.column_config.TextColumn(L["col_title"], required=True),
               "text": st.column_config.TextColumn(t("recovery.col_text", lang)),
               "partner": st.column_config.TextColumn(L["col_partner"]),
               "owner": st.column_config.TextColumn(L["col_owner"]),
               "publicity": st.column_config.CheckboxColumn(t("recovery.col_publicity", lang)),
               "disclosed": st.column_config.CheckboxColumn(t("recovery.col_disclosed", lang))}
    rows = st.data_editor([i.model_dump() for i in plan.items], column_config=columns, num_rows="dynamic",
                          hide_index=True, key="rc_plan_editor", disabled=closed, column_order=list(columns))
    findings = service.check_recovery_plan(db, record.id, plan, lang)
    for f in findings:
        title = plan.items[f.item].title if f.item is not None and f.item < len(plan.items) else "—"
        (st.error if f.route == "lawyer" else st.warning)(md_escape(f"{title}: [{L['route_' + f.route]}] {f.reason}"))
    if not findings:
        st.success(t("recovery.plan_clean", lang))
    if not closed and st.button(t("recovery.save_plan", lang), key="rc_save_plan"):
        def save() -> None:
            items = [PlanItem(**{k: (v if v is not None else ("" if k in ("text", "partner", "owner") else v))
                                 for k, v in row.items() if k in PlanItem.model_fields}) for row in rows
                     if row.get("title")]
            service.save_plan(db, record.id, RecoveryPlan(language=plan.language, scenario=plan.scenario,
                                                          start=plan.start, items=items), context.author())
        _run(save, t("recovery.plan_saved", lang), lang)
        st.rerun()


def _close_and_report(db, record, lang: str) -> None:
    st.subheader(t("recovery.close_header", lang))
    closure = service.closure(db, record.id)
    if closure is None:
        st.caption(t("recovery.close_intro", lang))
        if st.button(t("recovery.close", lang), key="rc_close", type="primary"):
            _run(lambda: service.close_incident(db, record.id, context.author()), t("recovery.closed_ok", lang), lang)
            st.rerun()
    else:
        st.download_button(t("recovery.archive", lang), data=service.archive_bytes(db, record.id) or b"",
                           file_name=f"crisis-desk-{record.id}-archive.json", mime="application/json", key="rc_archive")
    cols = st.columns(3)
    for col, fmt in zip(cols, ("md", "docx", "pdf")):
        col.download_button(t(f"recovery.report_{fmt}", lang), data=lambda fmt=fmt: service.report_bytes(db, record.id, fmt),
                            file_name=f"crisis-desk-{record.id}-report.{fmt}", mime=MIME[fmt], key=f"rc_report_{fmt}",
                            on_click="ignore")


def render() -> None:
    lang = context.lang()
    st.header(t("recovery.header", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    with context.shown_errors():
        data = service.report_data(db, record.id)
        closed = data.closed is not None
        if closed:
            st.success(t("recovery.is_closed", lang, at=f"{data.closed[0]:%Y-%m-%d %H:%M} UTC", by=data.closed[1]))
        kind, message = st.session_state.pop("rc_message", (None, None))
        if kind and message:
            getattr(st, kind)(message)
        review, trust, plan, close = st.tabs([t("recovery.tab_review", lang), t("recovery.tab_trust", lang),
                                              t("recovery.tab_plan", lang), t("recovery.tab_close", lang)])
        with review:
            _figures(data, lang)
            _charts(data, lang)
            _sections(db, record, lang, closed)
            _items(db, record, lang, closed)
        with trust:
            _trust(db, record, data, lang, closed)
        with plan:
            _plan(db, record, lang, closed)
        with close:
            _close_and_report(db, record, lang)
