"""``test_connection``: does the configured model answer? For the settings page and the
operator. Lists the server's models; when the server has no model list (some proxies),
sends a one-token chat instead. Messages are short English with a stable code the UI
translates; they never contain the key."""

from __future__ import annotations

from assistant.backends.failures import model_failure
from assistant.settings import BackendSettings, ConnectionCheck

_CHECK_TIMEOUT = 15.0


def check_connection(settings: BackendSettings) -> ConnectionCheck:
    name = settings.resolved_backend()
    if name == "offline":
        return ConnectionCheck(True, "Offline drafter: no server or key needed.", "offline")
    if settings.api_key is None and not settings.base_url:
        return ConnectionCheck(False, "Neither OPENAI_API_KEY nor OPENAI_BASE_URL is set.", "not_configured")

    import openai

    client = openai.OpenAI(
        api_key=settings.sdk_key(),
        base_url=settings.base_url,
        timeout=min(settings.timeout, _CHECK_TIMEOUT),
        max_retries=0,
    )
    server = settings.server_label()
    try:
        try:
            ids = [m.id for m in client.models.list()]
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
        reply = client.chat.completions.create(
            model=settings.model, messages=[{"role": "user", "content": "ping"}], max_tokens=1)
        if not reply.choices:
            return ConnectionCheck(False, f"{server} answered without a choice.", "bad_response")
        return ConnectionCheck(True, f"Connected to {server}; model {settings.model} answered.", "ok")
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        failure = model_failure(exc, settings)
        if failure is None:
            return ConnectionCheck(False, settings.redact(f"Unexpected error: {type(exc).__name__}"), "error")
        return ConnectionCheck(False, failure.detail("en")[:1].upper() + failure.detail("en")[1:] + ".", failure.code)
    finally:
        client.close()
