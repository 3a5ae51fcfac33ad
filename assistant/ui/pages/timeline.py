"""Timeline: crisis clocks (since discovery, to the first statement, the countdown to the
promised update), the published statements in order, and publishing approved versions."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assistant.ui.clock import format_local, incident_timezone
from assistant.errors import CrisisDeskError
from assistant.ui import context
from assistant.ui.clock import VIETNAM, as_datetime, countdown, format_duration, format_moment, parse_next_update
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@st.fragment(run_every=30)
def _clocks(brief, publications, lang: str) -> None:
    now = _now()
    discovered = as_datetime(brief.incident.discovered_at)
    tz = discovered.tzinfo if discovered else VIETNAM
    cols = st.columns(3)
    if discovered:
        cols[0].metric(t("timeline.since_discovery", lang), format_duration(now - discovered, lang))
        first = publications[0].published_at if publications else None
        cols[1].metric(t("timeline.to_first", lang),
                       format_duration(first - discovered, lang) if first else t("timeline.no_statement", lang))
    else:
        cols[0].caption(t("timeline.no_discovery", lang))
    target = parse_next_update(brief.next_update, tz=tz)
    if target is not None:
        left, overdue = countdown(target, now)
        if overdue:
            cols[2].metric(t("timeline.next_update", lang), format_local(target, tz, lang))
            st.error(t("timeline.next_update_overdue", lang, left=format_duration(left, lang), at=format_moment(target)))
        else:
            cols[2].metric(t("timeline.next_update", lang), format_local(target, tz, lang),
                           t("timeline.next_update_in", lang, left=format_duration(left, lang)))
    elif brief.next_update:
        cols[2].caption(md_escape(t("timeline.next_update_text", lang, text=brief.next_update)))
    else:
        cols[2].caption(t("timeline.no_next_update", lang))


def _publish(db, draft_id: int, number: int, channel: str, sha256: str, lang: str) -> None:
    try:
        from assistant.services import drafts

        drafts.publish(db, draft_id, number, channel=channel, actor=context.author(), sha256=sha256)
        st.session_state["tl_message"] = ("success", t("timeline.published_ok", lang, id=draft_id, version=number))
    except CrisisDeskError as exc:
        st.session_state["tl_message"] = ("error", context.error_text(exc, lang))


def _publish_section(db, record, lang: str) -> None:
    st.subheader(t("timeline.publish_header", lang))
    approved = [d for d in db.list_drafts(record.id) if d.status == "approved" and d.latest_version]
    if not approved:
        st.caption(t("timeline.nothing_approved", lang))
    for d in approved:
        version = db.get_version(d.id, d.latest_version)
        with st.container(border=True):
            st.text(version.text)
            st.button(t("timeline.publish", lang, id=d.id, version=version.number, channel=t(f"channel.{d.channel}", lang)),
                      key=f"tl_publish_{d.id}", on_click=_publish, args=(db, d.id, version.number, d.channel, version.sha256, lang))
    kind, message = st.session_state.pop("tl_message", (None, None))
    if kind:
        getattr(st, kind)(message)


def render() -> None:
    lang = context.lang()
    st.header(t("timeline.header", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    if record.is_drill:
        st.error(t("drills.banner", lang))
    with context.shown_errors():
        publications = db.timeline(record.id)
        tz = incident_timezone(record.brief)
        _clocks(record.brief, publications, lang)
        st.subheader(t("timeline.published", lang))
        if not publications:
            st.caption(t("timeline.none_published", lang))
        for n, p in enumerate(publications, start=1):
            with st.container(border=True):
                st.caption(md_escape(t("timeline.entry", lang, sequence=p.sequence or n, at=format_local(p.published_at, tz, lang),
                                       kind=t(f"kind.{p.kind}", lang), channel=t(f"channel.{p.channel}", lang),
                                       version=p.number, actor=p.actor)))
                st.text(p.text)
        _publish_section(db, record, lang)
        _trust_chart(db, record, lang)


def _trust_chart(db, record, lang: str) -> None:
    """Trust week by week, once comments have been imported on the Review & recovery page."""
    from assistant.recovery import charts
    from assistant.recovery.report import labels
    from assistant.services.recovery import trust_by_week

    L = labels(lang)
    rows = charts.trust_rows(trust_by_week(db, record.id), L)
    if rows:
        st.subheader(L["chart_trust"])
        st.line_chart(rows, x=L["col_week"], y=[L["legend_negative"], L["legend_supportive"]], y_label="%")
