"""The replies CSV: one row per comment, to paste into the platform's moderation tools.

UTF-8 with a BOM (Excel then opens Vietnamese correctly); cells that a spreadsheet would
run as a formula (starting with ``= + - @``, tab or carriage return) get a leading ``'``.
Headers come from ``export_columns.yaml`` in English or Vietnamese; class and action keep
their ids (``question``, ``reply``/``pr``/``hide``/``lawyer``, ``pending`` when a stopped batch
had not reached the group).
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.replies.batch import BatchResult
from assistant.replies.models import GroupReply

COLUMNS = ("comment_id", "author", "text", "class", "language", "group", "group_size", "reply",
           "findings", "needs_review", "action", "reason", "asks", "backend", "line")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=1)
def _labels() -> dict:
    return yaml.load(Path(__file__).with_name("export_columns.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_rows(result: BatchResult, replies: dict[str, GroupReply] | None = None, lang: str = "en") -> list[list[str]]:
    """Header + one row per comment, in import order. ``replies`` overrides (edited) replies."""
    labels = _labels()
    lang = lang if lang in ("vi", "en") else "en"
    replies = {**result.replies, **(replies or {})}
    rank = {g.key: n for n, g in enumerate(result.groups, start=1)}
    size = {g.key: g.size for g in result.groups}
    category = {g.key: g.category for g in result.groups}
    rows = [[labels["columns"][c][lang] for c in COLUMNS]]
    for t in result.triaged:
        reply = replies.get(t.group_key)
        findings = "; ".join(f"{f.category}: {f.text}" for f in reply.findings) if reply else ""
        review = reply.needs_review if reply else True
        values = {
            "comment_id": t.comment.id, "author": t.comment.author, "text": t.comment.text,
            "class": reply.category if reply else category[t.group_key], "language": t.triage.language,
            "group": rank[t.group_key], "group_size": size[t.group_key],
            "reply": reply.text if reply else "", "findings": findings,
            "needs_review": labels["yes" if review else "no"][lang],
            "action": reply.action if reply else "pending",
            "reason": reply.reason or "" if reply else "",
            "asks": ";".join(reply.asks) if reply else "",
            "backend": (reply.backend + (" (fallback)" if reply.fallback else "")) if reply else "",
            "line": t.comment.line,
        }
        rows.append([safe_cell(values[c]) for c in COLUMNS])
    return rows


def to_csv_bytes(result: BatchResult, replies: dict[str, GroupReply] | None = None, lang: str = "en") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(export_rows(result, replies, lang))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(result: BatchResult, path: str | Path, replies: dict[str, GroupReply] | None = None,
              lang: str = "en") -> Path:
    p = Path(path)
    p.write_bytes(to_csv_bytes(result, replies, lang))
    return p
