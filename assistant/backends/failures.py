"""Why a model call failed — the boundary where SDK exceptions become our own.

Every way an OpenAI-compatible call can go wrong becomes one :class:`ModelFailure` — in
one place, :func:`assistant.backends.fallback.failure_of` and the answer checks of
:class:`~assistant.backends.fallback.FallbackBackend`. It is a
:class:`~assistant.errors.BackendError` (exit 3): with ``no_fallback`` it reaches the
user as is; otherwise the offline answer is used and :meth:`ModelFailure.warning` shown. The wording lives in ``messages.yaml`` (English and
Vietnamese). No message ever contains the API key.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.errors import BackendError

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
    # what is used instead of the model, per purpose of the call ("the offline draft is shown")
    instead: dict[str, _Bilingual]


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
        """``Model unavailable (timeout after 60 s) — the offline draft is shown``: the one
        line every interface shows (stderr, ``warnings`` in JSON, the UI banner)."""
        frames = messages().frames
        instead = frames.instead.get(str(self.params.get("purpose") or "draft"), frames.instead["draft"])
        frame = getattr(frames.warning, _lang(lang))
        return frame.format(detail=self.detail(lang), instead=getattr(instead, _lang(lang)))

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
