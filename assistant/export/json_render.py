"""JSON export: the whole document as data (brief, text, scan, reviews, hash, version).

Protected names are withheld (brief.md: never in any output): the brief's list becomes
placeholders and the brief's free text is redacted; the statement text is exported as is.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.export.document import DRILL_MARK, ExportDocument
from assistant.export.spans import redact

FORMAT_ID = "crisis-desk-export/1"


def _redact_tree(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, names)
    if isinstance(value, list):
        return [_redact_tree(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _redact_tree(v, names) for k, v in value.items()}
    return value


def to_json(doc: ExportDocument) -> str:
    data = doc.model_dump(mode="json")
    names = doc.brief.protected_names
    if names:
        brief = {k: v for k, v in data["brief"].items() if k != "protected_names"}
        data["brief"] = _redact_tree(brief, names) | {
            "protected_names": [f"[redacted {i + 1}]" for i in range(len(names))]
        }
    ordered = {"format": FORMAT_ID, "sha256": data.pop("sha256"), "version": data.pop("version")}
    if doc.drill:
        ordered["watermark"] = DRILL_MARK
    return json.dumps(ordered | data, ensure_ascii=False, indent=2) + "\n"
