"""``check_connection``: does the configured model answer? For the settings page and the
operator. Lists the server's models; when the server has no model list (some proxies),
sends a one-token chat through the fallback wrapper (without a fallback). Messages are
short English with a stable code the UI translates; they never contain the key."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.backends.contract import ModelRequest, run
from assistant.backends.failures import ModelFailure
from assistant.backends.fallback import FallbackBackend, failure_of
from assistant.settings import BackendSettings

_CHECK_TIMEOUT = 15.0


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of :func:`check_connection`. Unpacks as ``ok, message = check``;
    ``code`` is a stable id the UI translates (``ok``, ``offline``, ``timeout``,
    ``connection``, ``auth``, ``model_not_found``, ``rate_limited``, ``server_error``,
    ``bad_response``, ``not_configured``)."""

    ok: bool
    message: str
    code: str

    def __iter__(self):
        return iter((self.ok, self.message))


PING = ModelRequest(messages=(("user", "ping"),), offline=lambda: "", purpose="connection", max_tokens=1)


def check_connection(settings: BackendSettings) -> ConnectionCheck:
    name = settings.resolved_backend()
    if name == "offline":
        return ConnectionCheck(True, "Offline drafter: no server or key needed.", "offline")
    if settings.api_key is None and not settings.base_url:
        return ConnectionCheck(False, "Neither OPENAI_API_KEY nor OPENAI_BASE_URL is set.", "not_configured")

    import openai

    from assistant.backends.openai_compat import OpenAIBackend

    settings = settings.model_copy(update={"timeout": min(settings.timeout, _CHECK_TIMEOUT), "max_retries": 0})
    primary = OpenAIBackend(settings)
    server = settings.server_label()
    try:
        try:
            ids = primary.list_models()
        except (openai.NotFoundError, openai.APIResponseValidationError):
            ids = None  # no model list here: try the model itself
        except openai.APIStatusError as exc:
            if exc.status_code not in (405, 501):
                raise
            ids = None
        if ids is not None:
            if settings.model in ids:
                return ConnectionCheck(True, f"Connected to {server}; model {settings.model} is available.", "ok")
            shown = ", ".join(sorted(ids)[:8]) or "none"
            return ConnectionCheck(
                False, f"Connected to {server}, but model {settings.model} is not listed (available: {shown}).",
                "model_not_found")
        run(FallbackBackend(primary, None, settings), PING)
        return ConnectionCheck(True, f"Connected to {server}; model {settings.model} answered.", "ok")
    except ModelFailure as failure:
        return _failed(failure)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        failure = failure_of(exc, settings, "connection")
        if failure is None:
            return ConnectionCheck(False, settings.redact(f"Unexpected error: {type(exc).__name__}"), "error")
        return _failed(failure)


def _failed(failure: ModelFailure) -> ConnectionCheck:
    detail = failure.detail("en")
    return ConnectionCheck(False, detail[:1].upper() + detail[1:] + ".", failure.code)

