"""The one fallback: a back end that wraps a first choice and a fallback (or none).

Every rejection rule lives here and nowhere else:

* an exception of the model client — the ``openai`` SDK, its HTTP library, langchain —
  becomes a :class:`~assistant.backends.failures.ModelFailure` (:func:`failure_of`):
  timeout, refused connection, 429 or 5xx after the SDK's retries, a bad key, an unknown
  model, a body the SDK could not read (HTML, not JSON, the wrong shape);
* an answer is rejected when it has no choice, is a refusal, is empty after clean-up,
  was cut off by the output limit, is not the JSON object asked for or has the wrong
  fields, or names a protected person.

On a failure the wrapper yields :class:`~assistant.backends.contract.Switched` and the
fallback's answer; without a fallback (``--no-fallback``) it raises the failure (exit 3).
A streamed request passes the text through as it arrives, so a failure can come after
some text was shown (the caller sees ``Switched`` after text: ``interrupted``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from assistant.backends.cleanup import clean_model_text, protected_name_in
from assistant.backends.contract import Backend, Event, Finish, ModelRequest, Switched, parse_json
from assistant.backends.failures import ModelFailure
from assistant.settings import BackendSettings

logger = logging.getLogger(__name__)

# Modules whose exceptions are the model client's, not ours (a frame of one of them in
# the traceback: the client failed). A bug of ours raises from our own frames: re-raised.
CLIENT_MODULES = ("openai", "httpx", "httpx2", "httpcore", "h11", "anyio", "langchain", "langchain_core",
                  "langchain_openai")
# A whole answer that only declines ("I'm sorry, but I can't help with that.").
_REFUSAL = re.compile(
    r"^\W*(?:i['’]?m sorry|i am sorry|sorry|i apologi[sz]e)?[,.!]?\s*(?:but\s+)?"
    r"(?:i\s+(?:can(?:no|['’])?t|am\s+unable\s+to|won['’]?t)\s+(?:help|assist|comply|write\s+(?:that|this)|do\s+that)"
    r"|as\s+an\s+ai\b)"
    r"|^\W*(?:xin\s+l[oỗ]i,?\s+)?t[oô]i\s+kh[oô]ng\s+th[eể]\s+(?:gi[uú]p|h[oỗ]\s+tr[oợ]|th[uự]c\s+hi[eệ]n)",
    re.IGNORECASE,
)
_REFUSAL_MAX_CHARS = 300


class FallbackBackend:
    """``primary`` first; on any failure ``fallback`` (``None``: raise). ``settings``:
    the primary's configuration, named in the failure message (never the key)."""

    def __init__(self, primary: Backend, fallback: Backend | None, settings: BackendSettings | None = None):
        self.primary = primary
        self.fallback = fallback
        self.settings = settings
        self.name = primary.name
        self.model = primary.model

    def execute(self, request: ModelRequest) -> Iterator[Event]:
        parts: list[str] = []
        finish: Finish | None = None
        passthrough = request.stream and request.schema is None
        try:
            for event in self.primary.execute(request):
                if isinstance(event, Finish):
                    finish = event
                elif isinstance(event, str) and event:
                    parts.append(event)
                    if passthrough:
                        yield event
            failure = self.judge("".join(parts), finish, request)
        except Exception as exc:  # noqa: BLE001 - translated here; a bug of ours re-raises
            failure = failure_of(exc, self.settings, request.purpose, self.primary)
            if failure is None:
                raise
        if failure is None:
            if not passthrough:
                yield "".join(parts)
            return
        if self.fallback is None:
            raise failure
        logger.info("falling back to %s: %s", self.fallback.name, failure.message)  # never the key
        yield Switched(failure=failure, backend=self.fallback.name, model=self.fallback.model)
        for event in self.fallback.execute(request):
            if isinstance(event, str):
                yield event

    def judge(self, text: str, finish: Finish | None, request: ModelRequest) -> ModelFailure | None:
        """Why the answer ``text`` cannot be used, or ``None``."""
        where = _where(self.settings, request.purpose, self.primary)
        if finish is not None and finish.reason == "no_choice":
            return ModelFailure("bad_response", **where)
        if request.purpose == "connection":
            return None  # a one-token ping: any Chat Completions answer means the model answered
        if finish is not None and (finish.refusal or finish.reason == "content_filter"):
            return ModelFailure("refused", **where)
        if not clean_model_text(text):
            # no text and no end either: the body was not an answer at all (not SSE, not JSON)
            return ModelFailure("empty" if finish is not None or text else "bad_response", **where)
        if finish is not None and finish.reason == "length" and request.max_tokens is None:
            return ModelFailure("truncated", **where)  # a statement cut off mid-sentence
        said = text
        if request.schema is not None:
            try:
                said = parse_json(text, request.schema).model_dump_json()
            except json.JSONDecodeError:
                return ModelFailure("not_json", **where)
            except ValidationError:
                return ModelFailure("wrong_schema", **where)
        elif len(text) <= _REFUSAL_MAX_CHARS and _REFUSAL.search(text.strip()):
            return ModelFailure("refused", **where)
        if protected_name_in(said, request.protected_names):
            return ModelFailure("protected_name", **where)
        return None

    def __repr__(self) -> str:
        return f"FallbackBackend({self.primary!r} -> {self.fallback!r})"


def _where(settings: BackendSettings | None, purpose: str, primary: Backend | None = None) -> dict[str, Any]:
    if settings is None:
        return {"server": "?", "model": getattr(primary, "model", None) or "?", "purpose": purpose}
    return {"server": settings.server_label(), "model": settings.model, "purpose": purpose}


def failure_of(exc: BaseException, settings: BackendSettings | None, purpose: str = "draft",
               primary: Backend | None = None) -> ModelFailure | None:
    """The :class:`ModelFailure` for an exception raised while the model answered, or
    ``None`` when ``exc`` is not the client's (a bug of ours must surface, not fall back)."""
    import openai

    where = _where(settings, purpose, primary)
    retries = settings.max_retries if settings is not None else 0
    timeouts, transport = _http_error_types()
    if isinstance(exc, ModelFailure):
        exc.params["purpose"] = purpose
        return exc
    if isinstance(exc, (openai.APITimeoutError, *timeouts)):
        timeout = f"{settings.timeout:g}" if settings is not None else "?"
        return ModelFailure("timeout", timeout=timeout, **where)
    if isinstance(exc, (openai.APIConnectionError, *transport)):
        return ModelFailure("connection", **where)
    if isinstance(exc, openai.APIResponseValidationError):
        return ModelFailure("bad_response", **where)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return ModelFailure("rate_limited", status=status, retries=retries, **where)
        if status in (401, 403):
            return ModelFailure("auth", status=status, **where)
        if status == 404:
            return ModelFailure("model_not_found", status=status, **where)
        if status >= 500:
            return ModelFailure("server_error", status=status, retries=retries, **where)
        return ModelFailure("rejected", status=status, detail=_server_message(exc, settings), **where)
    if isinstance(exc, openai.APIError):
        return ModelFailure("error", detail=_server_message(exc, settings), **where)
    if _raised_by_client(exc):
        if isinstance(exc, (ValueError, TypeError, KeyError, AttributeError, IndexError)):
            return ModelFailure("bad_response", **where)  # a body the client could not read
        return ModelFailure("error", detail=type(exc).__name__, **where)
    return None


def _raised_by_client(exc: BaseException) -> bool:
    """Does the traceback of ``exc`` (or of what caused it) pass through the client?"""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None:
            module = str(tb.tb_frame.f_globals.get("__name__", ""))
            if module.split(".", 1)[0] in CLIENT_MODULES:
                return True
            tb = tb.tb_next
        exc = exc.__cause__ or exc.__context__
    return False


def _server_message(exc: Any, settings: BackendSettings | None) -> str:
    """The server's own error text, short and with the key redacted."""
    body = getattr(exc, "body", None)
    text = None
    if isinstance(body, dict):
        err = body.get("error", body)
        text = err.get("message") if isinstance(err, dict) else str(err)
    text = " ".join(str(text or getattr(exc, "message", None) or exc).split())
    return (settings.redact(text) if settings is not None else text)[:200]


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
