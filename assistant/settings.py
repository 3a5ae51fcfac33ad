"""Back-end settings: which model to call, where, with which key and time limit.

Read from the environment first, then from the Streamlit secrets mapping the UI passes in
(``BackendSettings.from_env(st.secrets)``). The API key is a pydantic ``SecretStr``: it is
never printed, logged, shown in a repr or written to JSON — only handed to the SDK.

| variable                    | meaning                                              | default       |
|-----------------------------|------------------------------------------------------|---------------|
| ``CRISIS_DESK_BACKEND``     | ``auto`` / ``offline`` / ``openai``                  | ``auto``      |
| ``OPENAI_API_KEY``          | key for the OpenAI-compatible server                 | none          |
| ``OPENAI_BASE_URL``         | server URL (OpenAI, Azure, Ollama, vLLM, llama.cpp)  | OpenAI        |
| ``CRISIS_DESK_MODEL``       | model name                                           | ``gpt-4o-mini`` |
| ``CRISIS_DESK_TIMEOUT``     | time limit per call, seconds                         | ``60``        |
| ``CRISIS_DESK_MAX_RETRIES`` | SDK retries on 429 / 5xx / connection errors         | ``2``         |
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, SecretStr, field_serializer

from assistant.errors import ConfigError

BackendName = Literal["auto", "offline", "openai"]
BACKENDS: tuple[str, ...] = ("auto", "offline", "openai")
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
# Handed to the SDK when a base URL (a local server) is set without a key; never shown.
PLACEHOLDER_KEY = "not-needed"

ENV_BACKEND = "CRISIS_DESK_BACKEND"
ENV_KEY = "OPENAI_API_KEY"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_MODEL = "CRISIS_DESK_MODEL"
ENV_TIMEOUT = "CRISIS_DESK_TIMEOUT"
ENV_MAX_RETRIES = "CRISIS_DESK_MAX_RETRIES"


class BackendSettings(BaseModel):
    """How to reach the model. ``backend="auto"`` resolves with :meth:`resolved_backend`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: BackendName = "auto"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES

    @field_serializer("base_url")
    def _safe_base_url(self, value: str | None) -> str | None:
        return redact_url(value) if value else value  # a URL may carry credentials

    def __repr_args__(self):
        for name, value in super().__repr_args__():
            yield name, (redact_url(value) if name == "base_url" and value else value)

    @classmethod
    def from_env(cls, secrets: Mapping[str, Any] | None = None,
                 environ: Mapping[str, str] | None = None) -> "BackendSettings":
        """Settings from the environment, then ``secrets`` (e.g. ``st.secrets``).
        A bad value is a :class:`ConfigError` naming the variable."""
        env = os.environ if environ is None else environ

        def read(name: str) -> str | None:
            for source in (env, secrets or {}):
                try:
                    value = source.get(name)
                except Exception:  # a secrets object that cannot be read counts as unset
                    value = None
                if value is not None and str(value).strip():
                    return str(value).strip()
            return None

        backend = (read(ENV_BACKEND) or "auto").lower()
        if backend not in BACKENDS:
            raise ConfigError(f"{ENV_BACKEND}={backend}: must be one of {', '.join(BACKENDS)}")
        base_url = read(ENV_BASE_URL)
        if base_url is not None:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError(f"{ENV_BASE_URL}={redact_url(base_url)}: must be an http(s) URL, "
                                  "e.g. http://localhost:11434/v1")
        key = read(ENV_KEY)
        return cls(
            backend=backend,
            model=read(ENV_MODEL) or DEFAULT_MODEL,
            base_url=base_url,
            api_key=SecretStr(key) if key else None,
            timeout=_seconds(read(ENV_TIMEOUT)),
            max_retries=_retries(read(ENV_MAX_RETRIES)),
        )

    def with_overrides(self, backend: str | None = None, model: str | None = None) -> "BackendSettings":
        """A copy with the caller's ``--backend`` / ``--model`` applied."""
        changes: dict[str, Any] = {}
        if backend is not None:
            if backend not in BACKENDS:
                raise ConfigError(f"backend={backend}: must be one of {', '.join(BACKENDS)}")
            changes["backend"] = backend
        if model:
            changes["model"] = model
        return self.model_copy(update=changes) if changes else self

    def resolved_backend(self) -> Literal["offline", "openai"]:
        """``auto`` picks ``openai`` when a key or a base URL is set, else ``offline``."""
        if self.backend != "auto":
            return self.backend  # type: ignore[return-value]
        return "openai" if (self.api_key is not None or self.base_url) else "offline"

    def sdk_key(self) -> str:
        """The key for the SDK only: the placeholder when a local server needs none."""
        return self.api_key.get_secret_value() if self.api_key is not None else PLACEHOLDER_KEY

    def server_label(self) -> str:
        """Where requests go, safe to show (no credentials, no query string)."""
        return redact_url(self.base_url) if self.base_url else "the OpenAI API"

    def redact(self, text: str) -> str:
        """``text`` with the key (if any) replaced — for any message built from a server reply."""
        if self.api_key is not None:
            secret = self.api_key.get_secret_value()
            if secret:
                text = text.replace(secret, "***")
        return text


def redact_url(url: str) -> str:
    """A URL without user:password@ and without its query (Azure keys can sit there)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unparsable URL)"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _seconds(raw: str | None) -> float:
    if raw is None:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{ENV_TIMEOUT}={raw}: must be a number of seconds, e.g. 60") from None
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{ENV_TIMEOUT}={raw}: must be a number of seconds greater than 0")
    return value


def _retries(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_MAX_RETRIES
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{ENV_MAX_RETRIES}={raw}: must be a whole number of retries, e.g. 2") from None
    if not 0 <= value <= 10:
        raise ConfigError(f"{ENV_MAX_RETRIES}={raw}: must be between 0 and 10")
    return value

