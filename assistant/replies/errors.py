"""Errors of fan Q&A, saying who must act (see ``assistant.errors``)."""

from __future__ import annotations

from assistant.errors import InputError, Problem


class CommentImportError(InputError):
    """A comment file or paste cannot be read: the user must fix or re-export it."""


class TextColumnUnclear(CommentImportError):
    """The CSV has no column we recognise as the comment text, or several: ask the user.

    ``candidates`` are the column names to choose from (most text-like first); the CLI
    prints them and asks for ``--text-column NAME``, the UI shows a choice.
    """

    def __init__(self, source: str, candidates: list[str], reason: str):
        self.candidates = list(candidates)
        self.reason = reason
        listed = ", ".join(repr(c) for c in candidates)
        message = (f"{source}: {reason}; which column holds the comment text? "
                   f"Candidates: {listed}. Choose one (command line: --text-column NAME).")
        super().__init__(source, [Problem("(columns)", reason, line=1, type="text_column_unclear")], message=message)
