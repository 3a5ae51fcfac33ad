"""Drills: start a scenario on a compressed clock, watch the simulated feed and answer
its injects (answers are scanned), end the drill, read the debrief, see each team's trend."""

from __future__ import annotations

import streamlit as st

from assistant.errors import CrisisDeskError
from assistant.ui import context
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t

# The drill modules are imported when the page is shown, not when the app starts.


def _svc():
    from assistant.services import drills

    return drills


def _script(script_id: str):
    from assistant.prepare.drill import get_drill_script

    return get_drill_script(script_id)


KIND_ICONS = {"post": ":material/public:", "comment": ":material/chat:", "journalist": ":material/mic:",
              "fact": ":material/fact_check:"}


def _start(db, lang: str) -> None:
    try:
        drill = _svc().start_drill(db, st.session_state["dl_script"], actor=context.author(),
                                lang=st.session_state.get("dl_lang") or lang,
                                team=(st.session_state.get("dl_team") or "").strip() or None)
    except CrisisDeskError as exc:
        st.session_state["dl_msg"] = ("error", context.error_text(exc, lang))
        return
    st.session_state["dl_msg"] = ("success", t("drills.start.done", lang, id=drill.id, incident=drill.incident_id))
    context.open_incident(drill.incident_id)


def _start_section(db, lang: str) -> None:
    from assistant.prepare.drill import load_drill_scripts

    scripts = load_drill_scripts()
    st.subheader(t("drills.start.header", lang))
    cols = st.columns(3)
    sid = cols[0].selectbox(t("drills.start.script", lang), list(scripts), key="dl_script",
                            format_func=lambda s: scripts[s].title.pick(lang))
    cols[1].selectbox(t("drills.start.language", lang), ["vi", "en"], key="dl_lang", index=["vi", "en"].index(lang),
                      format_func=lambda v: t(f"language.{v}", lang))
    cols[2].text_input(t("drills.start.team", lang), key="dl_team")
    script = scripts[sid]
    st.caption(t("drills.start.info", lang, minutes=script.duration_minutes, speed=f"{script.speed:g}",
                 real=round(script.duration_minutes / script.speed), injects=len(script.injects)))
    st.button(t("drills.start.button", lang), key="dl_start", type="primary", on_click=_start, args=(db, lang))


def _answer(db, drill_id: int, inject_id: str, lang: str) -> None:
    try:
        _, report = _svc().answer_inject(db, drill_id, inject_id, st.session_state.get(f"dl_answer_{inject_id}", ""),
                                      actor=context.author())
    except CrisisDeskError as exc:
        st.session_state["dl_msg"] = ("error", context.error_text(exc, lang))
        return
    if report.findings:
        from guardrails.categories import describe_category

        cats = ", ".join(sorted({describe_category(f.category, lang)[0] for f in report.findings}))
        st.session_state["dl_msg"] = ("warning", t("drills.answer_findings", lang, n=len(report.findings),
                                                   categories=md_escape(cats)))
    else:
        st.session_state["dl_msg"] = ("success", t("drills.answer_clean", lang))


def _feed(db, drill, lang: str) -> None:
    script = _script(drill.script_id)
    items = _svc().feed(db, drill.id)
    scores = _svc().score_drill(db, drill.id)
    st.metric(t("drills.clock", lang), t("drills.clock_value", lang, now=scores.minutes_played,
                                          total=script.duration_minutes))
    st.subheader(t("drills.feed", lang))
    st.caption(t("drills.feed_tools", lang))
    if not items:
        st.caption(t("drills.feed_empty", lang))
    for item in items:
        inject = item.inject
        with st.container(border=True, key=f"dl_item_{inject.id}"):
            st.caption(md_escape(t("drills.item", lang, at=inject.at_minutes, kind=t(f"drills.kind.{inject.kind}", lang),
                                   author=inject.author)) + ("  ·  **" + t("drills.needs_answer", lang) + "**"
                                                             if inject.needs_answer and not item.answer else ""))
            st.markdown(f"{KIND_ICONS[inject.kind]} {md_escape(inject.text.pick(drill.language))}")
            if item.answer:
                st.success(md_escape(t("drills.answered", lang, actor=item.answer.actor, text=item.answer.text)))
            if inject.needs_answer and drill.ended_at is None:
                st.text_area(t("drills.answer", lang), key=f"dl_answer_{inject.id}", height=80)
                st.button(t("drills.answer_send", lang), key=f"dl_send_{inject.id}",
                          on_click=_answer, args=(db, drill.id, inject.id, lang))


def _debrief(db, drill, lang: str) -> None:
    s = _svc().score_drill(db, drill.id)
    st.subheader(t("drills.debrief", lang))
    cols = st.columns(5)
    first = t("drills.score.first_value", lang, minutes=s.first_approved_minutes) \
        if s.first_approved_minutes is not None else t("drills.score.first_none", lang)
    cols[0].metric(t("drills.score.first", lang), first, t("drills.score.target", lang, target=s.target_minutes),
                   delta_color="off")
    cols[1].metric(t("drills.score.checklist", lang), f"{len(s.items_done)}/{len(s.required_items)}")
    cols[2].metric(t("drills.score.open", lang), s.open_findings)
    cols[3].metric(t("drills.score.answered", lang), f"{len(s.injects_answered)}/{len(s.injects_to_answer)}")
    cols[4].metric(t("drills.score.promises", lang), len(s.promises))
    if s.items_missing:
        from assistant.prepare.playbook import get_playbook

        steps = {step.id: step.pick(lang) for step in get_playbook(_script(s.script_id).playbook).checklist}
        st.caption(md_escape(t("drills.score.missing", lang, items="; ".join(steps[i] for i in s.items_missing))))
    for promise in s.promises:
        st.caption(f"· “{md_escape(promise)}”")


def _trend(history: list) -> str:
    timed = [s.first_approved_minutes for s in history if s.first_approved_minutes is not None]
    if len(timed) < 2 or timed[-1] == timed[-2]:
        return "drills.trend.same"
    return "drills.trend.better" if timed[-1] < timed[-2] else "drills.trend.worse"


def _history(db, lang: str) -> None:
    st.subheader(t("drills.history", lang))
    history = _svc().drill_history(db)
    if not history:
        st.caption(t("drills.history_none", lang))
    for team, runs in history.items():
        st.markdown(f"**{md_escape(team)}** — " + t("drills.history.trend", lang, team=md_escape(team),
                                                      trend=t(_trend(runs), lang)))
        st.dataframe([{t("drills.history.col.drill", lang): f"#{s.drill_id} {s.script_id}",
                       t("drills.history.col.first", lang): s.first_approved_minutes,
                       t("drills.history.col.checklist", lang): f"{len(s.items_done)}/{len(s.required_items)}",
                       t("drills.history.col.answered", lang): f"{len(s.injects_answered)}/{len(s.injects_to_answer)}",
                       t("drills.history.col.open", lang): s.open_findings} for s in runs],
                     hide_index=True, key=f"dl_history_{team}")
    timed = {team: [s.first_approved_minutes for s in runs] for team, runs in history.items()
             if sum(s.first_approved_minutes is not None for s in runs) >= 2}
    if timed:  # the trend: minutes to the first approved statement, drill after drill
        st.line_chart({team: values + [None] * (max(map(len, timed.values())) - len(values))
                       for team, values in timed.items()}, x_label=t("drills.history.col.drill", lang),
                      y_label=t("drills.history.col.first", lang))


def render() -> None:
    lang = context.lang()
    st.header(t("drills.header", lang))
    db = context.store()
    if db is None:
        return
    with context.shown_errors():
        _start_section(db, lang)
        slot = st.container()  # always there: the feed below keeps its place when a message comes and goes
        kind, message = st.session_state.pop("dl_msg", (None, None))
        if kind:
            getattr(slot, kind)(message)
        drill = _svc().drill_of_incident(db, context.incident_id()) if context.incident_id() is not None else None
        if drill is None:
            st.info(t("drills.none_open", lang))
        else:
            st.error(t("drills.banner", lang))
            _feed(db, drill, lang)
            if drill.ended_at is None:
                if st.button(t("drills.end", lang), key="dl_end"):
                    _svc().end_drill(db, drill.id, actor=context.author())
                    st.rerun()
            else:
                st.caption(t("drills.ended", lang))
            _debrief(db, drill, lang)
        _history(db, lang)
