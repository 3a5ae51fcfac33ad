"""Fan Q&A: answer hundreds of fan comments consistently with the approved statement.

    from assistant.replies import read_comments_file, to_csv_bytes
    from assistant.services.replies import answer_comments   # the batch, scanned
    imported = read_comments_file("comments.csv")            # or read_comments(text, "paste")
    result = answer_comments(imported.comments, brief, statement, backend="auto", concurrency=8)
    result.groups, result.replies, result.summary()
    csv_bytes = to_csv_bytes(result, lang="vi")

Layers: ``importing`` (paste/txt/csv) -> ``triage`` + ``grouping`` (offline cues, near-
duplicates) -> ``batch`` (one reply per group: ``offline`` templates or ``model``
structured output, scanned by the guardrails) -> ``export`` (CSV) and ``storage`` (the
``fan_replies`` table, resume). Heavy modules load on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "read_comments", "read_comments_file", "ImportResult", "triage_comments", "group_comments",
    "answer_comments_async", "prepare", "BatchResult", "to_csv_bytes",
    "write_csv", "StoreReplyCache", "MemoryReplyCache", "Comment", "CommentGroup", "GroupReply",
    "CommentImportError", "TextColumnUnclear",
]

_HOME = {
    "read_comments": "importing", "read_comments_file": "importing", "ImportResult": "importing",
    "triage_comments": "grouping", "group_comments": "grouping",
    "answer_comments_async": "batch", "prepare": "batch",
    "BatchResult": "batch", "to_csv_bytes": "export", "write_csv": "export", "StoreReplyCache": "storage",
    "MemoryReplyCache": "cache", "Comment": "models", "CommentGroup": "models", "GroupReply": "models",
    "CommentImportError": "errors", "TextColumnUnclear": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        import importlib

        return getattr(importlib.import_module(f"assistant.replies.{_HOME[name]}"), name)
    raise AttributeError(f"module 'assistant.replies' has no attribute {name!r}")
