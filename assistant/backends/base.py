"""The back-end contract: one method.

A back end is anything with a ``name``, a ``model`` (``None`` offline) and
``runnable()`` returning a langchain-core ``Runnable`` that turns a
:class:`~assistant.drafting.request.DraftRequest` into statement text. ``invoke``,
``stream``, ``batch`` and ``with_fallbacks`` then come from langchain-core for free, so
the offline drafter, the OpenAI-compatible model and a test's fake model are used the
same way — fallback and tests need no special cases.

A back end that can fail wraps its chain in :class:`ModelBoundary`: every failure leaves
it as a :class:`~assistant.backends.failures.ModelFailure`, the one exception type the
pipeline's fallback handles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult
from langchain_core.runnables import Runnable, RunnableConfig

from assistant.backends.cleanup import clean_model_text, protected_name_in
from assistant.backends.failures import ModelFailure

if TYPE_CHECKING:  # pragma: no cover
    from assistant.drafting.request import DraftRequest


@runtime_checkable
class Backend(Protocol):
    """``name``: ``"offline"`` or ``"openai"``; ``model``: the model name or ``None``."""

    name: str
    model: str | None

    def runnable(self) -> Runnable["DraftRequest", str]:
        """The chain: DraftRequest in, statement text out (streams where it can)."""
        ...


class _FinishReasons(BaseCallbackHandler):
    """Collects the ``finish_reason`` of each model answer (``length``: cut off)."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def on_llm_end(self, response: LLMResult, **kwargs: Any) -> None:
        for generations in response.generations:
            for generation in generations:
                reason = (generation.generation_info or {}).get("finish_reason")
                if reason:
                    self.reasons.append(str(reason))


# exception -> ModelFailure, or None when the exception is not a model failure (a bug: re-raised)
Translate = Callable[[BaseException], "ModelFailure | None"]


class ModelBoundary(Runnable["DraftRequest", str]):
    """Wraps a model chain: translates client exceptions into :class:`ModelFailure` and
    rejects answers that cannot become a statement (empty after clean-up, cut off by the
    output-token limit, or naming a protected person). Streams the inner chain's chunks
    as they arrive."""

    def __init__(self, inner: Runnable["DraftRequest", str], translate: Translate,
                 where: dict[str, str]):
        self.inner = inner
        self.translate = translate
        self.where = where  # server label and model name, for the failure message

    @property
    def InputType(self) -> Any:  # noqa: N802 - langchain-core's name
        return self.inner.InputType

    @property
    def OutputType(self) -> type[str]:  # noqa: N802
        return str

    def _failure(self, exc: BaseException) -> ModelFailure | None:
        return self.translate(exc)

    def _check(self, text: str, request: "DraftRequest", finish: _FinishReasons) -> None:
        if not clean_model_text(text, request.channel):
            raise ModelFailure("empty", **self.where)
        if "length" in finish.reasons:  # a statement cut off mid-sentence is not usable
            raise ModelFailure("truncated", **self.where)
        if protected_name_in(text, request.brief.protected_names):
            raise ModelFailure("protected_name", **self.where)

    def invoke(self, input: "DraftRequest", config: RunnableConfig | None = None, **kwargs: Any) -> str:
        finish = _FinishReasons()
        try:
            text = self.inner.with_config(callbacks=[finish]).invoke(input, config, **kwargs)
        except Exception as exc:
            failure = self._failure(exc)
            if failure is None:
                raise
            raise failure from exc
        self._check(text or "", input, finish)
        return text

    def stream(self, input: "DraftRequest", config: RunnableConfig | None = None,
               **kwargs: Any) -> Iterator[str]:
        parts: list[str] = []
        finish = _FinishReasons()
        try:
            for chunk in self.inner.with_config(callbacks=[finish]).stream(input, config, **kwargs):
                if chunk:
                    parts.append(chunk)
                    yield chunk
        except Exception as exc:
            failure = self._failure(exc)
            if failure is None:
                raise
            raise failure from exc
        self._check("".join(parts), input, finish)

    def __repr__(self) -> str:
        return f"ModelBoundary(server={self.where.get('server')!r}, model={self.where.get('model')!r})"
