"""Small pieces of UI used by more than one page."""

from __future__ import annotations

import streamlit as st

from assistant.ui.highlight import md_escape, valid_findings
from assistant.ui.i18n import t
from assistant.ui.labels import category_label, checklist_label

ROUTE_BADGE = {"lawyer": "red", "pr": "orange"}


def checklist(report, lang: str) -> None:
    """The principles checklist: met / missing; a missing item says what to add."""
    st.markdown("**" + t("draft.checklist", lang) + "**")
    missing = [i for i in report.checklist if not i.met and i.required]
    st.caption(t("check.summary_missing", lang, count=len(missing)) if missing else t("check.summary_ok", lang))
    for item in report.checklist:
        label, explanation = checklist_label(item.id, lang)
        optional = "" if item.required else " " + t("check.optional", lang)
        if item.met:
            st.markdown(f":green[✓ {md_escape(t('check.met', lang))}] · {md_escape(label + optional)}")
        else:
            colour = "red" if item.required else "orange"
            st.markdown(f":{colour}[✗ {md_escape(t('check.missing', lang))}] · {md_escape(label + optional)}")
            if explanation:
                st.caption(md_escape(t("check.how_to", lang, hint=explanation)))


def finding_header(n: int, finding, lang: str) -> str:
    """"1 :red-badge[Luật sư] **Cam kết chi trả**" — our own labels only (escaped)."""
    label, _ = category_label(finding.category, lang)
    colour = ROUTE_BADGE.get(finding.route, "red")
    route = t(f"route.{finding.route}", lang)
    return f"**{n}.** :{colour}-badge[{md_escape(route[:1].upper() + route[1:])}] **{md_escape(label)}**"


def findings_list(text: str, findings, lang: str, statement_lang: str, fix=None, omitted: dict | None = None) -> None:
    """Each finding in reading order (the numbers match the superscripts in the
    highlighted text): who must see it, the category, the flagged words (plain text), why,
    the suggestion; ``fix(n, finding)`` draws a button under it (the Draft page's one-click
    safer wording)."""
    shown = valid_findings(text, findings)
    if not shown:
        st.success(t("draft.no_findings", lang))
    for n, f in enumerate(shown, start=1):
        box = st.container(border=True)
        box.markdown(finding_header(n, f, lang))
        box.text(f"“{f.text}”")
        _, explanation = category_label(f.category, lang)
        if statement_lang == lang or not explanation:  # the rule's rationale is in the statement's language
            box.caption(md_escape(f.rationale))
        if explanation:  # in the UI language
            box.caption(md_escape(explanation))
        if f.suggestion:  # the wording the button puts in (or the advice when it only removes)
            box.markdown(":green[" + md_escape(t("draft.suggestion", lang, suggestion=f.suggestion)) + "]")
        if fix is not None:
            with box:
                fix(n, f)
    for category, count in (omitted or {}).items():  # past the scanner's per-category cap
        st.caption(t("draft.omitted", lang, count=count, label=category_label(category, lang)[0]))
