"""The OpenAI-compatible back end: ``langchain_openai.ChatOpenAI`` on the Chat Completions
API (never the Responses API, which local servers do not speak), driving the official
``openai`` SDK with our time limit and retry count.

    RunnableLambda(build_messages) | ChatOpenAI | StrOutputParser()

wrapped in a :class:`~assistant.backends.base.ModelBoundary` so that every failure is a
:class:`~assistant.backends.failures.ModelFailure`.
"""

from __future__ import annotations

from functools import partial

from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import SecretStr

from assistant.backends.base import ModelBoundary
from assistant.backends.failures import model_failure
from assistant.drafting.prompting import build_messages
from assistant.settings import BackendSettings


class OpenAIBackend:
    name = "openai"

    def __init__(self, settings: BackendSettings):
        self.settings = settings
        self.model: str | None = settings.model
        self._runnable: Runnable | None = None

    def chat_model(self):
        """The configured ``ChatOpenAI`` (Chat Completions, our timeout and retries)."""
        from langchain_openai import ChatOpenAI

        s = self.settings
        return ChatOpenAI(
            model=s.model,
            base_url=s.base_url,
            api_key=SecretStr(s.sdk_key()),  # a placeholder for keyless local servers
            timeout=s.timeout,
            max_retries=s.max_retries,
            use_responses_api=False,
            stream_usage=False,
        )

    def runnable(self) -> Runnable:
        if self._runnable is None:
            chain = RunnableLambda(build_messages, name="build_messages") | self.chat_model() | StrOutputParser()
            where = {"server": self.settings.server_label(), "model": self.settings.model}
            self._runnable = ModelBoundary(chain, partial(model_failure, settings=self.settings), where)
        return self._runnable

    def __repr__(self) -> str:  # never the key
        return f"OpenAIBackend(model={self.settings.model!r}, server={self.settings.server_label()!r})"
