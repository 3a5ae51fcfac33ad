"""Settings: which of the operator's endpoints, back end, model and time limit this session
uses; whether a key is set (never the key itself); a connection test of that endpoint. No
address can be typed here: a key only goes to the server the operator configured with it."""

from __future__ import annotations

import streamlit as st

from assistant.errors import CrisisDeskError
from assistant.ui import context
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import t
from assistant.ui.picker import backend_label

BACKENDS = ("auto", "offline", "openai")


def _server(settings, lang: str) -> str:
    return settings.server_label() if settings.base_url else t("settings.default_server", lang)


def _apply(lang: str) -> None:
    s = st.session_state
    s[context.SETTINGS_KEY] = {
        "endpoint": s.get("st_endpoint"), "backend": s["st_backend"],
        "model": (s.get("st_model") or "").strip() or None, "timeout": float(s["st_timeout"]),
    }
    s["st_message"] = ("success", t("settings.applied", lang))


def _test(lang: str) -> None:
    from assistant.backends.connection import check_connection

    try:
        ok, message = check_connection(context.backend_settings())
    except CrisisDeskError as exc:
        ok, message = False, (getattr(exc, "translations", None) or {}).get(lang) or exc.message
    key = "settings.test_ok" if ok else "settings.test_failed"
    st.session_state["st_message"] = ("success" if ok else "error", t(key, lang, message=md_escape(message)))


def render() -> None:
    lang = context.lang()
    st.header(t("settings.header", lang))
    st.caption(t("settings.intro", lang))
    with context.shown_errors():
        from assistant.settings import endpoints

        configured = endpoints(context.secrets())
        settings = context.backend_settings()
        names = list(configured)
        st.selectbox(t("settings.endpoint", lang), names, key="st_endpoint",
                     index=names.index(settings.endpoint) if settings.endpoint in names else 0,
                     format_func=lambda n: f"{n} · {_server(configured[n], lang)}")
        st.caption(t("settings.endpoint_help", lang))
        st.selectbox(t("settings.backend", lang), BACKENDS, key="st_backend", format_func=lambda v: t(f"backend.{v}", lang),
                     index=BACKENDS.index(settings.backend) if settings.backend in BACKENDS else 0)
        st.text_input(t("settings.model", lang), value=settings.model or "", key="st_model")
        st.number_input(t("settings.timeout", lang), min_value=1.0, max_value=600.0, step=5.0,
                        value=float(settings.timeout or 60), key="st_timeout")
        key_set = settings.api_key is not None and bool(settings.api_key.get_secret_value())
        st.text(t("settings.key_set" if key_set else "settings.key_not_set", lang))
        cols = st.columns(2)
        cols[0].button(t("settings.apply", lang), key="st_apply", on_click=_apply, args=(lang,), type="primary")
        cols[1].button(t("settings.test", lang), key="st_test", on_click=_test, args=(lang,))
        kind, message = st.session_state.pop("st_message", (None, None))
        if kind:
            getattr(st, kind)(message)
        backend = settings.resolved_backend()
        if backend == "offline":  # model, server and time limit do not apply
            st.text(t("settings.effective_offline", lang))
        else:
            st.text(t("settings.effective", lang, backend=backend_label(backend, lang), model=settings.model or "-",
                      base_url=_server(settings, lang), timeout=f"{settings.timeout:g}" if settings.timeout else "-"))
        db = context.store()
        if db is not None:
            st.text(t("settings.store", lang, url=db.url))
