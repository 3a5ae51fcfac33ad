"""Review: the lawyer's / PR's view of one exact version — findings, checklist, the brief,
the diff — and a decision bound to the text's SHA-256."""

from __future__ import annotations

import streamlit as st

from assistant.ui.clock import format_local, incident_timezone
from assistant.errors import CrisisDeskError
from assistant.auth.permissions import can, review_action
from assistant.ui import context, identity
from assistant.ui.ad_evidence import ad_evidence
from assistant.ui.brief_form import brief_summary
from assistant.ui.components import checklist, findings_list
from assistant.ui.diff import diff_counts, diff_html
from assistant.ui.highlight import highlight_html, md_escape
from assistant.ui.i18n import t
from assistant.ui.labels import finding_tooltip
from assistant.ui.picker import author_label, pick_draft, pick_version, previous_version

ROLES = ("lawyer", "pr")
DECISIONS = ("approved", "changes_requested")


def _record_decision(db, draft_id: int, number: int, sha256: str, lang: str) -> None:
    """Button callback. The hash is the one of the text the reviewer was shown when the
    page was drawn, so an approval can never land on a text nobody read."""
    s = st.session_state
    reviewer = context.author()  # the authenticated identity, never a typed name
    try:
        from assistant.services import drafts

        drafts.review(db, draft_id, number, reviewer=reviewer, role=s["rv_role"], decision=s["rv_decision"],
                      comment=s.get("rv_comment") or "", sha256=sha256)
    except CrisisDeskError as exc:
        s["rv_message"] = ("error", context.error_text(exc, lang))
        return
    s["rv_message"] = ("success", t("review.recorded", lang, decision=t(f"review.decision.{s['rv_decision']}", lang),
                                     role=t(f"route.{s['rv_role']}", lang), version=number))
    s["rv_comment"] = ""


def _roles(db, draft, version, lang: str) -> None:
    required = db.required_roles(draft.id, version.number)
    approved = {r.role for r in db.list_reviews(draft.id, version.number)
                if r.decision == "approved" and r.sha256 == version.sha256}
    names = lambda roles: ", ".join(t(f"route.{r}", lang) for r in roles)  # noqa: E731
    st.text(t("review.status", lang, status=t(f"status.{draft.status}", lang)))
    st.caption(t("review.hash", lang, sha=version.sha256))
    if not required:
        st.info(t("review.none_required", lang))
        return
    st.text(t("review.required", lang, roles=names(required)))
    missing = [r for r in required if r not in approved]
    if missing:
        st.warning(t("review.still_required", lang, roles=names(missing)))
    else:
        st.success(t("review.all_approved", lang))


def _submit(db, draft_id: int, number: int, lang: str) -> None:
    try:
        from assistant.services import drafts

        drafts.submit(db, draft_id, number, actor=context.author())
        st.session_state["rv_message"] = ("success", t("draft.submitted", lang, version=number))
    except CrisisDeskError as exc:
        st.session_state["rv_message"] = ("error", context.error_text(exc, lang))


def _decision_form(db, draft, version, lang: str) -> None:
    if draft.status in ("draft", "changes_requested") and version.number == draft.latest_version:
        st.info(t("review.not_submitted", lang))
        st.button(t("draft.submit", lang), key="rv_submit_for_review", on_click=_submit,
                  args=(db, draft.id, version.number, lang))
    st.subheader(t("review.decide_header", lang))
    st.caption(t("auth.signed_in_as", lang, email=md_escape(context.author())))
    held = identity.roles(db, draft.incident_id)
    roles = [r for r in ROLES if can(held, review_action(r))]
    if not roles:
        st.info(t("auth.no_review_role", lang))
    else:
        _decision_widgets(db, draft, version, roles, lang)
    kind, message = st.session_state.pop("rv_message", (None, None))
    if kind:
        getattr(st, kind)(message)


def _decision_widgets(db, draft, version, roles: list[str], lang: str) -> None:
    cols = st.columns(2)
    cols[0].radio(t("review.role", lang), roles, key="rv_role", format_func=lambda r: _capital(t(f"route.{r}", lang)), horizontal=True)
    cols[1].radio(t("review.decision", lang), DECISIONS, key="rv_decision", horizontal=True,
                  format_func=lambda d: t(f"review.decision.{d}", lang))
    st.text_area(t("review.comment", lang), key="rv_comment")
    st.button(t("review.submit", lang), key="rv_submit", type="primary", on_click=_record_decision,
              args=(db, draft.id, version.number, version.sha256, lang))


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _history(db, draft, version, lang: str) -> None:
    st.subheader(t("review.history", lang))
    reviews = db.list_reviews(draft.id, version.number)
    zone = incident_timezone(db.get_incident(draft.incident_id).brief)  # times in the incident's time zone
    if not reviews:
        st.caption(t("review.no_reviews", lang))
    for r in reviews:
        st.text(f"{format_local(r.created_at, zone, lang)} · {author_label(r.reviewer, lang)} · {_capital(t(f'route.{r.role}', lang))} · "
                f"{t(f'review.decision.{r.decision}', lang)} · {t('review.short_hash', lang, sha=r.sha256[:12])}" + (f"\n{r.comment}" if r.comment else ""))


def render() -> None:
    lang = context.lang()
    st.header(t("review.header", lang))
    db = context.store()
    record = context.current_incident(db)
    if record is None:
        return
    with context.shown_errors():
        ad_evidence(db, record.id, lang)  # what was verified about the product, if the incident is about an ad
        draft = pick_draft(db, record.id, lang, key="rv_pick")
        version = pick_version(db, draft, lang, key="rv_version") if draft else None
        if version is None:
            return
        _roles(db, draft, version, lang)
        text_col, brief_col = st.columns([3, 2])
        with text_col:
            st.subheader(t("review.text", lang))
            from assistant.services.drafts import stored_scan

            report = stored_scan(version)  # the report saved with this exact text
            findings = report.findings if report else []
            st.html(highlight_html(version.text, findings, label_for=lambda f: finding_tooltip(f, lang, draft.language)))
            st.caption(t("draft.legend", lang))
            st.markdown("**" + t("draft.findings", lang) + "**")
            findings_list(version.text, findings, lang, draft.language)
            before = previous_version(db, draft.id, version.number)
            if before is None:
                st.caption(t("review.first_version", lang))
            else:
                removed, added = diff_counts(before.text, version.text)
                with st.expander(t("review.diff", lang) + " · " + t("review.diff_counts", lang, old=before.number,
                                 new=version.number, removed=removed, added=added)):
                    st.html(diff_html(before.text, version.text))
        with brief_col:
            if report:
                checklist(report, lang)
            with st.expander(t("brief.summary", lang), expanded=True):
                for label, value in brief_summary(record.brief, lang):
                    st.caption(md_escape(label))
                    st.text(value)
        _decision_form(db, draft, version, lang)
        _history(db, draft, version, lang)
