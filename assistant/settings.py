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

Those make the ``default`` endpoint. The operator may name more endpoints (the UI chooses
among them and can never type an address): ``CRISIS_DESK_ENDPOINT_<NAME>_BASE_URL``,
``…_MODEL`` and ``…_API_KEY`` in the environment, or a ``[endpoints.<name>]`` table with
``base_url``, ``model`` and ``api_key`` in ``.streamlit/secrets.toml``. A key is only ever
sent to the base URL configured beside it.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
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
DEFAULT_ENDPOINT = "default"
ENDPOINT_ENV = re.compile(r"^CRISIS_DESK_ENDPOINT_([A-Z0-9][A-Z0-9_]*?)_(BASE_URL|MODEL|API_KEY)$")

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
    endpoint: str = DEFAULT_ENDPOINT  # the operator's name for this server (see endpoints())
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


def endpoints(secrets: Mapping[str, Any] | None = None,
              environ: Mapping[str, str] | None = None) -> dict[str, BackendSettings]:
    """Every endpoint the operator configured, by name: ``default`` (the ``OPENAI_*``
    variables) first, then the named ones. Each carries its own key; none can be changed
    into another address from the UI."""
    env = os.environ if environ is None else environ
    base = BackendSettings.from_env(secrets, environ=env)
    found: dict[str, dict[str, str]] = {}
    for var, value in env.items():
        match = ENDPOINT_ENV.match(var)
        if match and str(value).strip():
            found.setdefault(match.group(1).lower(), {})[match.group(2).lower()] = str(value).strip()
    try:
        table = (secrets or {}).get("endpoints") or {}
        named = {str(k).lower(): dict(v) for k, v in dict(table).items()}
    except Exception:  # noqa: BLE001 - an unreadable or malformed table counts as none
        named = {}
    for name, values in named.items():
        for field in ("base_url", "model", "api_key"):
            if values.get(field) and field not in found.get(name, {}):
                found.setdefault(name, {})[field] = str(values[field]).strip()
    out = {DEFAULT_ENDPOINT: base}
    for name in sorted(found):
        values = found[name]
        url = values.get("base_url")
        if not url:
            raise ConfigError(f"endpoint {name}: base_url is missing (CRISIS_DESK_ENDPOINT_{name.upper()}_BASE_URL "
                              f"or [endpoints.{name}] base_url)")
        _check_url(url, f"endpoint {name} base_url")
        key = values.get("api_key")
        out[name] = base.model_copy(update={
            "endpoint": name, "base_url": url, "model": values.get("model") or base.model,
            "api_key": SecretStr(key) if key else None,
            "backend": "openai" if base.backend == "auto" else base.backend})
    return out


def _check_url(url: str, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{what}={redact_url(url)}: must be an http(s) URL, e.g. http://localhost:11434/v1")


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

