"""Errors that say who must act.

``CrisisDeskError`` is the base: its message is what the command line prints and what the
web UI shows, so it must name the file, the field and the problem.  ``exit_code`` follows
``cli.md``: 2 for bad input (the user must fix something), 3 when the model failed and no
fallback was allowed (the operator must fix the configuration or retry).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class CrisisDeskError(Exception):
    """Base class of every error the product shows to a person."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input: where (field path, line) and what."""

    field: str
    message: str
    line: int | None = None
    type: str = "invalid"  # a stable code (pydantic's error type) the UI can translate
    # the raw value, so a form can show it back; never dropped
    value: object = field(default=None, compare=False)

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.field}: {self.message}"


class InputError(CrisisDeskError):
    """The user's input is invalid: a file, a field, a value. The user must fix it."""

    exit_code = 2

    def __init__(self, source: str, problems: list[Problem] | None = None, message: str | None = None):
        self.source = source
        self.problems = list(problems or [])
        if message is None:
            lines = [f"{source}: invalid input"]
            lines += [f"  - {p.describe()}" for p in self.problems]
            message = "\n".join(lines)
        super().__init__(message)


class BriefError(InputError):
    """An incident brief could not be read or validated."""


class BackendError(CrisisDeskError):
    """The model back end failed (timeout, refused connection, 5xx, empty answer).

    The operator must act: check ``OPENAI_BASE_URL`` / the key / the model name, or retry.
    """

    exit_code = 3


class ConfigError(CrisisDeskError):
    """The configuration (environment, settings) is invalid. The operator must fix it."""

    exit_code = 2


class StoreError(CrisisDeskError):
    """The store refused an operation (unknown id, workflow rule, conflict)."""

    exit_code = 2


class NotFoundError(StoreError):
    """An incident, draft or version id does not exist."""


class WorkflowError(StoreError):
    """A review/publish step is not allowed in the current state (e.g. hash mismatch)."""


class ConflictError(StoreError):
    """Someone else saved the same draft first; both texts are kept."""
