"""What every page shares: the UI language, the store, the open incident, the user's
name, and showing errors as messages (never a traceback).

The open incident lives in ``st.query_params["incident"]`` so a browser refresh reopens it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st

from assistant.errors import CrisisDeskError
from assistant.ui.highlight import md_escape
from assistant.ui.i18n import DEFAULT_LANGUAGE, UI_LANGUAGES, t

_log = logging.getLogger("crisis_desk.ui")

LANG_KEY = "ui_lang"
AUTHOR_KEY = "ui_author"


def error_text(exc: CrisisDeskError, language: str | None = None) -> str:
    """An error's message in the UI language when it carries translations (the store's
    refusals do), else its message; Markdown-escaped for ``st.error``."""
    translations = getattr(exc, "translations", None) or {}
    return md_escape(translations.get(language or lang()) or exc.message)


def lang() -> str:
    """The UI language: the sidebar choice, else ``?lang=``, else Vietnamese."""
    value = st.session_state.get(LANG_KEY) or st.query_params.get("lang") or DEFAULT_LANGUAGE
    return value if value in UI_LANGUAGES else DEFAULT_LANGUAGE


@st.cache_resource(show_spinner=False)
def _open_store(url: str | None):
    import sys

    from assistant.store import open_store

    db = open_store(url)
    print(f"Crisis Desk: database {db.url}", file=sys.stderr, flush=True)  # once per server
    return db


def store():
    """The store (one per server process and database URL), or ``None`` with an error shown."""
    import os

    try:
        return _open_store(os.environ.get("CRISIS_DESK_DB"))
    except CrisisDeskError as exc:
        st.error(t("app.store_unavailable", lang(), error=error_text(exc)))
    return None


def incident_id() -> int | None:
    """The open incident: ``?incident=`` (so a refresh reopens it), else the one opened
    earlier in this session (put back in the address when a page switch dropped it)."""
    raw = st.query_params.get("incident")
    if raw in (None, "") and st.session_state.get("open_incident") is not None:
        raw = str(st.session_state["open_incident"])
        st.query_params["incident"] = raw
    try:
        number = int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if number is not None:  # opened from the address (a refresh, a shared link): keep it across page switches
        st.session_state["open_incident"] = number
    return number


def open_incident(number: int | None) -> None:
    st.session_state["open_incident"] = number
    if number is None:
        st.query_params.pop("incident", None)
        st.query_params.pop("draft", None)
    else:
        if st.query_params.get("incident") != str(number):
            st.query_params.pop("draft", None)
        st.query_params["incident"] = str(number)


def current_incident(db):
    """The open incident's record, or ``None`` with a hint to open one."""
    number = incident_id()
    if db is None:
        return None
    if number is None:
        st.info(t("app.no_incident", lang()))
        return None
    from assistant.ui import identity

    if not identity.may_see_incident(db, number):  # no role on it: not even its title
        st.error(t("auth.no_access", lang()))
        open_incident(None)
        return None
    try:
        return db.get_incident(number)
    except CrisisDeskError as exc:
        st.error(error_text(exc))
        open_incident(None)
        return None


def author_input(lang: str) -> None:
    """The sidebar name; the browser keeps it, so a refresh does not empty it."""
    from assistant.ui.browser_memory import remembered_name

    kept = remembered_name(st.session_state.get(AUTHOR_KEY) or "")
    if kept and not st.session_state.get(AUTHOR_KEY) and not st.session_state.get("ui_author_restored"):
        st.session_state[AUTHOR_KEY] = kept
    if kept:
        st.session_state["ui_author_restored"] = True  # offered once: clearing the name keeps it cleared
    st.text_input(t("app.your_name", lang), key=AUTHOR_KEY)


def author() -> str:
    """The authenticated identity every action records (see ``identity.current``)."""
    from assistant.ui import identity

    return identity.current() or "anonymous"


@contextlib.contextmanager
def shown_errors() -> Iterator[None]:
    """Turn a product error into an ``st.error`` with its message (who must act); an
    unexpected failure is logged on the server and shown as one line, never a traceback."""
    try:
        yield
    except CrisisDeskError as exc:
        st.error(error_text(exc))
    except Exception as exc:  # noqa: BLE001 - the page must stay usable; the log has the details
        _log.exception("unexpected error in a page")
        st.error(t("app.unexpected", lang(), error=md_escape(f"{type(exc).__name__}: {exc}")))


SETTINGS_KEY = "backend_overrides"


def secrets() -> dict:
    """Streamlit secrets as a plain mapping ({} when there is no secrets file)."""
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml: Streamlit raises its own FileNotFoundError variant
        return {}


SESSION_CHOICES = ("endpoint", "backend", "model", "timeout")  # never a base URL or a key


def backend_settings():
    """The settings of the endpoint chosen on the Settings page (one the operator
    configured: environment / secrets), with the back end, model and time limit chosen
    there. A URL or key can never come from the session."""
    from pydantic import ValidationError

    from assistant.errors import ConfigError
    from assistant.settings import DEFAULT_ENDPOINT, BackendSettings, endpoints

    choices = {k: v for k, v in st.session_state.get(SETTINGS_KEY, {}).items()
               if k in SESSION_CHOICES and v not in (None, "")}
    configured = endpoints(secrets())
    settings = configured.get(choices.pop("endpoint", DEFAULT_ENDPOINT)) or configured[DEFAULT_ENDPOINT]
    if not choices:
        return settings
    try:
        return BackendSettings.model_validate({**dict(settings), **choices})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise ConfigError(f"settings: {problems}") from None


def guarded(render):
    """A page's ``render`` that shows errors as messages (see :func:`shown_errors`)."""
    def page() -> None:
        with shown_errors():
            render()
    page.__name__ = getattr(render, "__module__", "page").rsplit(".", 1)[-1]
    return page
