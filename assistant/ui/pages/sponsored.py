"""Sponsored posts: the advertising-deal record (advertiser, product, documents checked,
use of the product), the post editor with its findings, the checklist before a post may be
marked ready, and the record's Word/PDF export. Logic lives in ``assistant.services.ads``."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assistant.ads.evidence import evidence_lines
from assistant.ads.labels import ad_labels
from assistant.ads.schema import DOCUMENT_KINDS, POST_CHANNELS, DocumentCheck, UseRecord, validate_deal, validate_part
from assistant.errors import CrisisDeskError
from assistant.services import ads
from assistant.ui import context
from assistant.ui.components import findings_list
from assistant.ui.highlight import highlight_html, md_escape
from assistant.ui.i18n import t
from assistant.ui.labels import finding_tooltip
from guardrails.ads import PRODUCT_CLASSES, product_class_label

NEW = 0
USE_CHOICES = ("yes", "no", "unknown")


def _flash(kind: str, message: str) -> None:
    st.session_state["sp_message"] = (kind, message)


def _show_message() -> None:
    kind, message = st.session_state.pop("sp_message", (None, None))
    if kind and message:
        getattr(st, kind)(message)


def _select_next_run(**values) -> None:
    """Widget values for the next run (a widget's state cannot change once it is drawn)."""
    st.session_state.setdefault("sp_pending", {}).update(values)


def _apply_pending() -> None:
    for key, value in st.session_state.pop("sp_pending", {}).items():
        if value is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value


def _act(action, success: str) -> bool:
    """Run one write; the outcome is shown on the next run. The writer must have a name."""
    if context.author() == "web":
        _flash("error", t("sponsored.needs_name", context.lang()))
        return False
    try:
        action()
    except CrisisDeskError as exc:
        _flash("error", context.error_text(exc))
        return False
    _flash("success", success)
    return True


def _new_deal_form(db, lang: str) -> None:
    st.subheader(t("sponsored.new_header", lang))
    with st.form("sp_new"):
        advertiser = st.text_input(t("sponsored.advertiser", lang), key="sp_advertiser")
        product = st.text_input(t("sponsored.product", lang), key="sp_product")
        product_class = st.selectbox(t("sponsored.product_class", lang), PRODUCT_CLASSES, key="sp_class",
                                     format_func=lambda c: product_class_label(c, lang))
        claims = st.text_area(t("sponsored.agreed_claims", lang), key="sp_claims")
        submitted = st.form_submit_button(t("sponsored.create", lang), type="primary", key="sp_create")
    if submitted:
        data = {"advertiser": advertiser, "product": product, "product_class": product_class,
                "agreed_claims": [c for c in claims.splitlines() if c.strip()]}
        created = []
        if _act(lambda: created.append(ads.create_deal(db, validate_deal(data, "form"), context.author())), ""):
            _select_next_run(sp_deal=created[0].id)
            _flash("success", t("sponsored.created", lang, id=created[0].id))
            st.rerun()


def _use_form(db, deal, lang: str) -> None:
    st.markdown("**" + t("sponsored.use_header", lang) + "**")
    current = "yes" if deal.product_used else "no" if deal.product_used is False else "unknown"
    with st.form(f"sp_use_{deal.id}"):
        choice = st.radio(t("sponsored.use_header", lang), USE_CHOICES, index=USE_CHOICES.index(current),
                          format_func=lambda c: t(f"sponsored.use.{c}", lang), horizontal=True,
                          label_visibility="collapsed", key=f"sp_use_choice_{deal.id}")
        since = st.date_input(t("sponsored.used_since", lang), value=deal.used_since or dt.date.today(),
                              key=f"sp_since_{deal.id}")
        note = st.text_input(t("sponsored.use_note", lang), value=deal.use_note, key=f"sp_note_{deal.id}")
        if st.form_submit_button(t("sponsored.save_use", lang), key=f"sp_use_save_{deal.id}"):
            use = None if choice == "unknown" else {"used": choice == "yes", "note": note or None,
                                                     "since": since if choice == "yes" else None}
            _act(lambda: ads.record_use(db, deal.id, use and validate_part(UseRecord, use), context.author()),
                 t("app.saved", lang))
            st.rerun()


def _document_form(db, deal, lang: str) -> None:
    L = ad_labels(lang)
    st.markdown("**" + t("sponsored.documents_header", lang) + "**")
    with st.form(f"sp_doc_{deal.id}", clear_on_submit=True):
        kind = st.selectbox(t("sponsored.document_kind", lang), DOCUMENT_KINDS, format_func=L.documents.get,
                            key=f"sp_doc_kind_{deal.id}")
        reference = st.text_input(t("sponsored.reference", lang), key=f"sp_doc_ref_{deal.id}")
        checked_by = st.text_input(t("sponsored.checked_by", lang), key=f"sp_doc_by_{deal.id}")
        checked_on = st.date_input(t("sponsored.checked_on", lang), value=dt.date.today(), key=f"sp_doc_on_{deal.id}")
        if st.form_submit_button(t("sponsored.add_document", lang), key=f"sp_doc_save_{deal.id}"):
            check = {"kind": kind, "reference": reference, "checked_by": checked_by, "checked_on": checked_on}
            _act(lambda: ads.add_document(db, deal.id, validate_part(DocumentCheck, check), context.author()),
                 t("app.saved", lang))
            st.rerun()


def _checklist(db, deal, post, lang: str) -> None:
    L = ad_labels(lang)
    st.markdown("**" + t("sponsored.checklist", lang) + "**")
    for item in ads.post_readiness(db, deal.id, post.id, lang):
        label = L.checklist[item.id][0] + ("" if item.required else " " + t("sponsored.not_required", lang))
        mark, colour = ("✓", "green") if item.met else ("✗", "red" if item.required else "orange")
        st.markdown(f":{colour}[{mark}] {md_escape(label)}")
        if item.evidence:
            st.caption(md_escape(item.evidence))
        elif not item.met:
            st.caption(md_escape(L.checklist[item.id][1]))
    st.button(t("sponsored.mark_ready", lang), key=f"sp_ready_{post.id}", type="primary",
              on_click=lambda: _act(lambda: ads.mark_ready(db, deal.id, post.id, context.author(), lang),
                                    t("sponsored.ready_ok", lang, id=post.id)))


def _post_editor(db, deal, lang: str) -> None:
    st.subheader(t("sponsored.posts_header", lang))
    posts = {p.id: p for p in deal.posts}
    choice = st.selectbox(t("sponsored.post_pick", lang), [NEW, *posts], key=f"sp_post_{deal.id}",
                          format_func=lambda i: t("sponsored.post_new", lang) if i == NEW else t(
                              "sponsored.post_option", lang, id=i, channel=posts[i].channel,
                              status=t(f"sponsored.status.{posts[i].status}", lang)))
    post = posts.get(choice)
    channel = st.selectbox(t("sponsored.channel", lang), POST_CHANNELS, key=f"sp_channel_{deal.id}_{choice}",
                           index=POST_CHANNELS.index(post.channel) if post else 0)
    text = st.text_area(t("sponsored.text", lang), value=post.text if post else "", height=200,
                        key=f"sp_text_{deal.id}_{choice}")
    if st.button(t("sponsored.check_save", lang), key=f"sp_save_{deal.id}_{choice}"):
        if not text.strip():
            _flash("error", t("sponsored.empty_text", lang))
        else:
            saved = []
            if _act(lambda: saved.append(ads.save_post(db, deal.id, text, channel, context.author(), post.id if post
                                                       else None)[0]), ""):
                _flash("success", t("sponsored.saved", lang, id=saved[0].id))
                _select_next_run(**{f"sp_post_{deal.id}": saved[0].id, f"sp_text_{deal.id}_{NEW}": None})
        st.rerun()
    if post is None:
        return
    report = ads.scan_post(post.text, deal)
    left, right = st.columns([3, 2])
    with left:
        st.html(highlight_html(post.text, report.findings, label_for=lambda f: finding_tooltip(f, lang)))
        findings_list(post.text, report.findings, lang, report.language)
    with right:
        _checklist(db, deal, post, lang)


def _export(db, deal, lang: str) -> None:
    st.subheader(t("sponsored.export_header", lang))
    left, right = st.columns(2)
    left.download_button(t("sponsored.download_docx", lang), key=f"sp_docx_{deal.id}",
                         data=ads.export_deal_record(db, deal.id, "docx", lang), file_name=f"deal-{deal.id}.docx",
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    right.download_button(t("sponsored.download_pdf", lang), key=f"sp_pdf_{deal.id}",
                          data=ads.export_deal_record(db, deal.id, "pdf", lang), file_name=f"deal-{deal.id}.pdf",
                          mime="application/pdf")


def render() -> None:
    lang = context.lang()
    st.header(t("sponsored.header", lang))
    st.caption(t("sponsored.intro", lang))
    db = context.store()
    if db is None:
        return
    _apply_pending()
    with context.shown_errors():
        deals = {d.id: d for d in ads.list_deals(db)}
        if st.session_state.get("sp_deal") not in (NEW, *deals):
            st.session_state["sp_deal"] = max(deals, default=NEW)  # the latest record first
        chosen = st.selectbox(t("sponsored.pick", lang), [NEW, *deals], key="sp_deal",
                              format_func=lambda i: t("sponsored.new", lang) if i == NEW else t(
                                  "sponsored.deal_option", lang, id=i, product=deals[i].product,
                                  advertiser=deals[i].advertiser))
        _show_message()  # from a button callback (runs before the page)
        if chosen == NEW:
            _new_deal_form(db, lang)
            _show_message()
            return
        deal = deals[chosen]
        with st.expander(t("sponsored.record_header", lang), expanded=True):
            st.text("\n".join(evidence_lines(deal, lang)))
            use_col, doc_col = st.columns(2)
            with use_col:
                _use_form(db, deal, lang)
            with doc_col:
                _document_form(db, deal, lang)
        _post_editor(db, deal, lang)
        _show_message()
        _export(db, deal, lang)
