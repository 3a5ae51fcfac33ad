"""Why a model call failed — the boundary where SDK exceptions become our own.

Every way an OpenAI-compatible call can go wrong (timeout, refused connection, 429 or 5xx
after the SDK's retries, an answer that is not JSON, an empty answer, an answer naming a
protected person) becomes one :class:`ModelFailure`. It is a
:class:`~assistant.errors.BackendError` (exit 3): with ``no_fallback`` it reaches the
user as is; otherwise the pipeline falls back to the offline drafter and shows
:meth:`ModelFailure.warning`. The wording lives in ``messages.yaml`` (English and
Vietnamese). No message ever contains the API key.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.errors import BackendError

if TYPE_CHECKING:  # pragma: no cover
    from assistant.settings import BackendSettings

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")


class _Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: str
    vi: str


class _FailureText(BaseModel):
    model_config = ConfigDict(extra="forbid")
    detail: _Bilingual
    hint: _Bilingual


class _Frames(BaseModel):
    model_config = ConfigDict(extra="forbid")
    warning: _Bilingual
    error: _Bilingual


class FailureMessages(BaseModel):
    model_config = ConfigDict(extra="forbid")
    frames: _Frames
    failures: dict[str, _FailureText]


@functools.lru_cache(maxsize=1)
def messages() -> FailureMessages:
    """The failure texts of ``messages.yaml``, validated (a typo fails loudly)."""
    return FailureMessages.model_validate(yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8")))


class Notice(BaseModel):
    """A user-facing notice in both languages (the UI picks one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    en: str
    vi: str

    def text(self, lang: str = "en") -> str:
        return self.vi if lang == "vi" else self.en


class ModelFailure(BackendError):
    """The model back end could not produce a usable draft. ``code`` is stable
    (a key of ``messages.yaml``); ``message`` is the English text for the operator."""

    def __init__(self, code: str, *, server: str, model: str, **params: Any):
        if code not in messages().failures:
            params.setdefault("detail", code)
            code = "error"
        self.code = code
        self.params = {"server": server, "model": model, **params}
        super().__init__(self.error("en"))

    def _fill(self, template: str) -> str:
        return template.format_map(_Defaulting(self.params))

    def detail(self, lang: str = "en") -> str:
        return self._fill(getattr(messages().failures[self.code].detail, _lang(lang)))

    def hint(self, lang: str = "en") -> str:
        return self._fill(getattr(messages().failures[self.code].hint, _lang(lang)))

    def warning(self, lang: str = "en") -> str:
        """``Model unavailable (timeout after 60 s) — the offline draft is shown``"""
        frame = getattr(messages().frames.warning, _lang(lang))
        return frame.format(detail=self.detail(lang))

    def error(self, lang: str = "en") -> str:
        frame = getattr(messages().frames.error, _lang(lang))
        return frame.format(detail=self.detail(lang), hint=self.hint(lang),
                            server=self.params["server"], model=self.params["model"])

    def notice(self) -> Notice:
        return Notice(code=f"model_{self.code}", en=self.warning("en"), vi=self.warning("vi"))

    def __reduce__(self):  # picklable (batch workers, Streamlit caching)
        return (_rebuild, (self.code, dict(self.params)))


def _rebuild(code: str, params: dict[str, Any]) -> ModelFailure:
    return ModelFailure(code, **params)


def _lang(lang: str) -> str:
    return "vi" if lang == "vi" else "en"


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _seconds(value: float) -> str:
    return f"{value:g}"


def _server_message(exc: Any, settings: "BackendSettings") -> str:
    """The server's own error text, short and with the key redacted."""
    body = getattr(exc, "body", None)
    text = None
    if isinstance(body, dict):
        err = body.get("error", body)
        text = err.get("message") if isinstance(err, dict) else str(err)
    text = text or getattr(exc, "message", None) or str(exc)
    text = settings.redact(" ".join(str(text).split()))
    return text[:200]


def _http_error_types() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """Timeout and transport exception types of the HTTP libraries already loaded
    (openai 3 runs on ``httpx2``; older SDKs on ``httpx``). A stream that breaks in the
    middle raises these unwrapped. Never imports: importing ``httpx`` from a worker
    thread races with the SDK, which peeks at ``sys.modules["httpx"]``."""
    timeouts: list[type] = []
    transport: list[type] = []
    for name in ("httpx2", "httpx"):
        module = sys.modules.get(name)
        timeout_type = getattr(module, "TimeoutException", None)
        transport_type = getattr(module, "TransportError", None)
        if isinstance(timeout_type, type) and isinstance(transport_type, type):
            timeouts.append(timeout_type)
            transport.append(transport_type)
    return tuple(timeouts), tuple(transport)


def model_failure(exc: BaseException, settings: "BackendSettings") -> ModelFailure | None:
    """The :class:`ModelFailure` for an exception raised by the model client, or ``None``
    when ``exc`` is not a model failure (a bug of ours must surface, not fall back)."""
    import openai

    timeouts, transport = _http_error_types()
    where = {"server": settings.server_label(), "model": settings.model}
    if isinstance(exc, ModelFailure):
        return exc
    if isinstance(exc, (openai.APITimeoutError, *timeouts)):
        return ModelFailure("timeout", timeout=_seconds(settings.timeout), **where)
    if isinstance(exc, (openai.APIConnectionError, *transport)):
        return ModelFailure("connection", **where)
    if isinstance(exc, openai.APIResponseValidationError):
        return ModelFailure("bad_response", **where)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return ModelFailure("rate_limited", status=status, retries=settings.max_retries, **where)
        if status in (401, 403):
            return ModelFailure("auth", status=status, **where)
        if status == 404:
            return ModelFailure("model_not_found", status=status, **where)
        if status >= 500:
            return ModelFailure("server_error", status=status, retries=settings.max_retries, **where)
        return ModelFailure("rejected", status=status, detail=_server_message(exc, settings), **where)
    if isinstance(exc, openai.APIError):
        return ModelFailure("error", detail=_server_message(exc, settings), **where)
    if isinstance(exc, json.JSONDecodeError):
        return ModelFailure("bad_response", **where)
    if isinstance(exc, ValueError) and str(exc) == "No generation chunks were returned":
        # langchain-core's word for a stream with no events: the body was not SSE.
        return ModelFailure("bad_response", **where)
    return None
